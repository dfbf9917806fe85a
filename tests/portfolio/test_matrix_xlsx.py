"""The matrix as XLSX: the export's layout, the round trip, and an import that checks every
cell (naming sheet, row and column) and saves all or nothing."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from omrade.portfolio import matrix_xlsx
from omrade.portfolio.models import AgreedScore, Scale, Score
from omrade.portfolio.selectors_criteria import matrix_for
from omrade.portfolio.services import criteria as services
from omrade.tenancy.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(portfolio, tenants):
    """A set with a mark and a 0–3 criterion; the manager has scored some cells."""
    criteria_set = services.criteria_set_create(
        programme=portfolio.setup.programme, name="Kriterier"
    )
    general = services.criterion_group_create(criteria_set=criteria_set, name="Generelt")
    housing = services.criterion_group_create(
        criteria_set=criteria_set, name="Bo- og nærmiljø", sub_programme=portfolio.setup.housing
    )
    mark = services.criterion_create(group=general, text="Eierskap", weight=2)
    scale = services.criterion_create(group=housing, text="Møteplasser", scale=Scale.ZERO_TO_THREE)
    manager = tenants.users[Role.PROGRAMME_MANAGER]
    for criterion, measure, value in [
        (mark, portfolio.reading, 1),
        (mark, portfolio.snuplassen, 0),
        (scale, portfolio.reading, 3),
        (scale, portfolio.meeting_places, 2),
    ]:
        services.score_set(criterion=criterion, measure=measure, scorer=manager, value=value)
    return criteria_set, mark, scale, manager


def export(criteria_set, user, values="effective") -> bytes:
    return matrix_xlsx.matrix_workbook(
        matrix_for(criteria_set=criteria_set, user=user), values=values
    )


def own_scores(user):
    return set(Score.objects.filter(scorer=user).values_list("criterion_id", "measure_id", "value"))


def test_the_export_layout(scored, portfolio):
    criteria_set, mark, scale, manager = scored
    workbook = load_workbook(io.BytesIO(export(criteria_set, manager)))
    assert workbook.sheetnames == ["Matrise", "Rangering"]
    sheet = workbook["Matrise"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Prioriteringsmatrise: Kriterier"
    measures = [
        portfolio.reading,
        portfolio.meeting_places,
        portfolio.snuplassen,
    ]  # by sub-programme
    assert rows[2] == [None, None, None, None, "Tiltak-ID →", *(m.pk for m in measures)]
    assert rows[3] == [
        "Kriterium-ID",
        "Gruppe",
        "Kriterium",
        "Skala",
        "Vekt",
        *(m.title for m in measures),
    ]
    assert rows[4][:2] == [None, "Generelt"]
    assert rows[5] == [mark.pk, "Generelt", "Eierskap", "x", 2, "x", None, 0]
    assert rows[6][:2] == [None, "Bo- og nærmiljø"]
    assert rows[7] == [scale.pk, "Bo- og nærmiljø", "Møteplasser", "0–3", 1, 3, 2, None]
    ranking = [list(row) for row in workbook["Rangering"].iter_rows(values_only=True)]
    assert ranking[1][:5] == [1, portfolio.reading.pk, "Leseferdigheter", "Bo og nærmiljø", 3]


def test_round_trip_own_scores(scored, tenants):
    criteria_set, _mark, _scale, manager = scored
    before = own_scores(manager)
    data = export(criteria_set, manager, values="own")
    Score.objects.all().delete()
    report = matrix_xlsx.matrix_import(
        criteria_set=criteria_set,
        data=data,
        by=manager,
        allowed_measure_ids=set(criteria_set.programme.measures.values_list("pk", flat=True)),
    )
    assert own_scores(manager) == before
    assert (report.saved.created, report.cells, report.skipped) == (4, 6, ())
    again = matrix_xlsx.matrix_import(
        criteria_set=criteria_set,
        data=data,
        by=manager,
        allowed_measure_ids=report_ids(criteria_set),
    )
    assert again.saved.total == 0  # nothing changed the second time
    assert own_scores(manager) == before


def report_ids(criteria_set):
    return set(criteria_set.programme.measures.values_list("pk", flat=True))


def test_round_trip_agreed_scores(scored, portfolio, tenants):
    criteria_set, mark, scale, manager = scored
    services.score_agree(criterion=mark, measure=portfolio.meeting_places, value=1, by=manager)
    services.score_agree(criterion=scale, measure=portfolio.snuplassen, value=0, by=manager)
    before = set(AgreedScore.objects.values_list("criterion_id", "measure_id", "value"))
    data = export(criteria_set, manager, values="agreed")
    AgreedScore.objects.all().delete()
    matrix_xlsx.matrix_import(
        criteria_set=criteria_set,
        data=data,
        by=manager,
        allowed_measure_ids=report_ids(criteria_set),
        agreed=True,
    )
    assert set(AgreedScore.objects.values_list("criterion_id", "measure_id", "value")) == before


def edited(data: bytes, changes: dict[str, object]) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Matrise"]
    for cell, value in changes.items():
        sheet[cell] = value
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def failing(criteria_set, user, data) -> list[str]:
    before = own_scores(user)
    with pytest.raises(matrix_xlsx.MatrixImportError) as refused:
        matrix_xlsx.matrix_import(
            criteria_set=criteria_set,
            data=data,
            by=user,
            allowed_measure_ids=report_ids(criteria_set),
        )
    assert own_scores(user) == before  # nothing was saved
    return refused.value.messages


def test_every_bad_cell_is_named_and_nothing_is_saved(scored, portfolio):
    criteria_set, _mark, _scale, manager = scored
    data = export(criteria_set, manager, values="own")
    # Row 6 is the mark, row 8 the 0–3 criterion; F, G, H the three measures.
    bad = edited(
        data,
        {
            "F6": 0,  # a valid change that must not be saved either
            "G6": 2,
            "H6": "ja",
            "F8": 4,
            "G8": "tre",
            "H8": 1.5,
        },
    )
    assert failing(criteria_set, manager, bad) == [
        "Ark «Matrise», rad 6, kolonne G: 2 er utenfor skalaen 0–1 (x)",
        "Ark «Matrise», rad 6, kolonne H: «ja» er ikke x, 1 eller 0",
        "Ark «Matrise», rad 8, kolonne F: 4 er utenfor skalaen 0–3",
        "Ark «Matrise», rad 8, kolonne G: «tre» er ikke et tall",
        "Ark «Matrise», rad 8, kolonne H: 1.5 er ikke et helt tall",
    ]


def test_unknown_and_duplicate_ids(scored, portfolio, tenants):
    criteria_set, mark, _scale, manager = scored
    data = export(criteria_set, manager, values="own")
    other_set = services.criteria_set_create(programme=criteria_set.programme, name="Annet")
    other = services.criterion_create(
        group=services.criterion_group_create(criteria_set=other_set, name="G"), text="Fremmed"
    )
    bad = edited(
        data,
        {
            "G3": portfolio.reading.pk,  # the same measure twice
            "H3": 999_999,
            "A8": other.pk,  # a criterion of another set
            "A9": mark.pk,  # the same criterion twice
            "F9": 1,
            "A10": "abc",
            "F10": 1,
            "F11": 1,  # a value without an id
        },
    )
    assert failing(criteria_set, manager, bad) == [
        f"Ark «Matrise», rad 3, kolonne G: tiltak {portfolio.reading.pk} står også i kolonne F",
        "Ark «Matrise», rad 3, kolonne H: tiltak 999999 finnes ikke i programmet",
        f"Ark «Matrise», rad 8, kolonne A: kriterium {other.pk} finnes ikke i kriteriesettet",
        f"Ark «Matrise», rad 9, kolonne A: kriterium {mark.pk} står også på rad 6",
        "Ark «Matrise», rad 10, kolonne A: «abc» er ikke en kriterium-ID",
        "Ark «Matrise», rad 11, kolonne A: mangler kriterium-ID",
    ]


def test_wrong_file_type_empty_file_and_missing_sheet(scored):
    criteria_set, _mark, _scale, manager = scored
    assert failing(criteria_set, manager, b"") == ["Filen er tom."]
    assert failing(criteria_set, manager, b"kriterium;tiltak\n1;2\n") == [
        "Filen er ikke en XLSX-fil (Excel-arbeidsbok). Lagre som .xlsx og prøv igjen."
    ]
    not_a_workbook = io.BytesIO()
    with zipfile.ZipFile(not_a_workbook, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    assert failing(criteria_set, manager, not_a_workbook.getvalue()) == [
        "Filen er ikke en gyldig XLSX-fil."
    ]
    workbook = Workbook()
    workbook.active.title = "Ark1"
    output = io.BytesIO()
    workbook.save(output)
    assert failing(criteria_set, manager, output.getvalue()) == [
        "Filen har ikke arket «Matrise» (arkene heter «Ark1»)."
    ]
    workbook.active.title = "Matrise"
    output = io.BytesIO()
    workbook.save(output)
    assert failing(criteria_set, manager, output.getvalue()) == ["Arket «Matrise» er tomt."]
    workbook.active["A1"] = "noe annet"
    output = io.BytesIO()
    workbook.save(output)
    assert failing(criteria_set, manager, output.getvalue())[0].startswith(
        "Ark «Matrise»: fant ikke overskriftsraden med «Kriterium-ID»"
    )


def test_the_import_page_skips_columns_the_user_may_not_score(client, scored, portfolio, tenants):
    criteria_set, mark, scale, manager = scored
    coordinator = tenants.users[Role.COORDINATOR]  # coordinates housing, not employment
    data = edited(export(criteria_set, manager, values="own"), {"F6": 0})
    client.force_login(coordinator)
    url = reverse(
        "portfolio:matrix_import", args=["3107", criteria_set.programme_id, criteria_set.pk]
    )
    response = client.post(
        url, {"import-file": SimpleUploadedFile("matrise.xlsx", data)}, follow=True
    )
    html = response.content.decode()
    assert "Hoppet over tiltak du ikke kan vurdere: NAV Snuplassen" in html
    assert own_scores(coordinator) == {
        (mark.pk, portfolio.reading.pk, 0),
        (scale.pk, portfolio.reading.pk, 3),
        (scale.pk, portfolio.meeting_places.pk, 2),
    }
    response = client.post(url, {"import-file": SimpleUploadedFile("x.csv", b"a;b")})
    assert response.status_code == 400
    assert "x.csv er ikke en XLSX-fil" in response.content.decode()


def test_the_export_view(client, scored, tenants):
    criteria_set, _mark, _scale, _manager = scored
    client.force_login(tenants.users[Role.VIEWER])
    url = reverse(
        "portfolio:matrix_export", args=["3107", criteria_set.programme_id, criteria_set.pk]
    )
    response = client.get(url + "?values=agreed")
    assert response.status_code == 200
    assert response["Content-Type"] == matrix_xlsx.CONTENT_TYPE
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["Matrise", "Rangering"]
    assert client.get(url + "?values=other").status_code == 404
