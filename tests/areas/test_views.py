"""Pages, exports and API of the areas app, with small-number protection end to end."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from omrade.areas import services
from omrade.areas.models import Baseline, IndexDefinition
from omrade.tenancy.models import Role
from tests.areas.conftest import AreaTree, import_statistics


def _page(client, user, path):
    if user is not None:
        client.force_login(user)
    return client.get(path)


def test_map_page_shows_the_table_and_hides_small_numbers(client, tree: AreaTree) -> None:
    response = client.get("/m/3107/areas/?level=bydel&show=poverty&period=2022")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fattigdom" in html
    assert "Nord" in html
    assert "area-features" in html  # the GeoJSON for the map
    rows = {row.area.code: row for row in response.context["map"].rows}
    assert rows["04"].value is None
    assert rows["04"].status == "suppressed"
    assert "3,0" not in html.split("<tbody>")[1].split("</tbody>")[0].replace("13,0", "")


def test_analyst_sees_the_raw_value_marked_on_the_map(client, tree: AreaTree, tenants) -> None:
    response = _page(
        client, tenants.users[Role.ANALYST], "/m/3107/areas/?level=bydel&show=poverty&period=2022"
    )
    rows = {row.area.code: row for row in response.context["map"].rows}
    assert rows["04"].value == 3.0
    assert rows["04"].unprotected
    assert "ubeskyttet" in response.content.decode()


def test_index_is_the_default_view_with_ranks(client, tree: AreaTree) -> None:
    response = client.get("/m/3107/areas/?level=bydel")
    thematic = response.context["map"]
    assert thematic.indicator is None
    assert thematic.period_code == "2023"
    assert {row.area.code: row.rank for row in thematic.rows} == {
        "03": 1,
        "01": 2,
        "04": 3,
        "02": 4,
    }


def test_csv_export_marks_suppressed_values_like_ssb(client, tree: AreaTree) -> None:
    response = client.get("/m/3107/areas/export.csv?level=bydel&show=poverty&period=2022")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["area_code", "area_name", "level", "period", "measure", "value"]
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["04"][5] == ":"
    assert by_code["04"][6] == "suppressed"
    assert by_code["01"][5] == "15.0"


def test_xlsx_and_geojson_exports_honour_protection(client, tree: AreaTree) -> None:
    response = client.get("/m/3107/areas/export.xlsx?level=bydel&show=poverty&period=2022")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row[5] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}
    assert values["04"] == ":"
    assert values["01"] == 15.0
    response = client.get("/m/3107/areas/export.geojson?level=bydel&show=poverty&period=2022")
    collection = json.loads(response.content)
    properties = {f["properties"]["code"]: f["properties"] for f in collection["features"]}
    assert properties["04"]["value"] is None
    assert properties["04"]["status"] == "suppressed"
    assert client.get("/m/3107/areas/export.pdf").status_code == 404


def test_area_profile_shows_indicators_trend_and_rank(client, tree: AreaTree) -> None:
    response = client.get(f"/m/3107/areas/{tree.areas['01'].pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html
    assert "Fattigdom" in html
    assert "2 av 4" in html


def test_compare_takes_at_most_four_areas(client, tree: AreaTree) -> None:
    ids = [tree.areas[code].pk for code in ("01", "02", "03", "04")] + [tree.top.pk]
    response = client.get("/m/3107/areas/compare/?" + "&".join(f"area={i}" for i in ids))
    assert len(response.context["areas"]) == 4
    assert response.context["too_many"]
    poverty = next(row for row in response.context["comparison"] if row.indicator.code == "poverty")
    assert [value.value for value in poverty.values] == [20.0, 5.0, 20.0, 10.0]


def test_gap_page(client, tree: AreaTree) -> None:
    response = client.get("/m/3107/areas/gap/?level=bydel&indicator=poverty")
    assert response.status_code == 200
    assert [p.gap for p in response.context["series"].points] == [12.5, 12.5]


def test_analyst_saves_an_index_definition_and_a_viewer_cannot(
    client, tree: AreaTree, tenants
) -> None:
    data = {
        "name": "Levekår",
        "level": tree.level.pk,
        "method": "decile",
        "weights": "poverty=2\nemployment",
        "is_default": "on",
    }
    client.force_login(tenants.users[Role.VIEWER])
    assert client.post("/m/3107/index/", data).status_code == 403
    client.force_login(tenants.users[Role.ANALYST])
    assert client.post("/m/3107/index/", data).status_code == 302
    definition = IndexDefinition.objects.get()
    assert definition.weights == {"poverty": 2.0, "employment": 1.0}
    assert definition.is_default
    bad = client.post("/m/3107/index/", data | {"name": "X", "weights": "poverty=abc"})
    assert bad.status_code == 400
    assert "abc" in bad.content.decode()
    assert IndexDefinition.objects.count() == 1


def test_analyst_creates_a_baseline_of_the_initiative_areas(
    client, tree: AreaTree, tenants
) -> None:
    client.force_login(tenants.users[Role.ANALYST])
    response = client.post(
        "/m/3107/baselines/",
        {
            "name": "0-punkt",
            "period": "2023",
            "level": tree.level.pk,
            "initiative_areas_only": "on",
        },
    )
    baseline = Baseline.objects.get()
    assert response.status_code == 302
    assert sorted(set(baseline.values.values_list("area__code", flat=True))) == ["01", "03"]
    page = client.get(f"/m/3107/baselines/{baseline.pk}/")
    assert page.status_code == 200
    assert "Nord" in page.content.decode()


def test_marking_an_initiative_area(client, tree: AreaTree, tenants) -> None:
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.post(
        f"/m/3107/areas/{tree.areas['02'].pk}/initiative/", {"has_initiative": "1"}
    )
    assert response.status_code == 302
    tree.areas["02"].refresh_from_db()
    assert tree.areas["02"].has_initiative


def test_api_index_and_values(client, tree: AreaTree, tenants) -> None:
    rows = client.get(
        "/api/index?municipality=3107&level=bydel&period=2023&indicators=poverty,employment"
    ).json()
    assert [(row["area_code"], row["rank"]) for row in rows] == [
        ("03", 1),
        ("01", 2),
        ("04", 3),
        ("02", 4),
    ]
    values = client.get(
        "/api/indicators/poverty/values?municipality=3107&level=bydel&period=2022"
    ).json()
    by_code = {value["area_code"]: value for value in values}
    assert by_code["04"] == {
        "area_code": "04",
        "period": "2022",
        "value": None,
        "status": "suppressed",
        "unprotected": False,
        "synthetic": False,
    }
    client.force_login(tenants.users[Role.ANALYST])
    values = client.get(
        "/api/indicators/poverty/values?municipality=3107&level=bydel&period=2022"
    ).json()
    assert {v["area_code"]: v["value"] for v in values}["04"] == 3.0
    assert client.get("/api/index?municipality=3107&level=nope&period=2023").status_code == 404
    assert client.get("/api/index?municipality=3107&level=bydel&period=20x").status_code == 422


def test_api_areas_and_indicators(client, tree: AreaTree) -> None:
    areas = client.get("/api/areas?municipality=3107&level=bydel").json()
    assert [(a["code"], a["parent_code"], a["has_initiative"]) for a in areas] == [
        ("01", "3107", True),
        ("02", "3107", False),
        ("03", "3107", True),
        ("04", "3107", False),
    ]
    detail = client.get(f"/api/areas/{tree.areas['01'].pk}").json()
    assert detail["boundary"]["type"] in {"Polygon", "MultiPolygon"}
    codes = {i["code"] for i in client.get("/api/indicators").json()}
    assert {"poverty", "employment"} <= codes


@pytest.mark.parametrize("language", ["da", "en"])
def test_indicator_names_follow_the_language(client, tree: AreaTree, language: str) -> None:
    client.cookies["django_language"] = language
    html = client.get("/m/3107/indicators/").content.decode()
    assert ("Poverty" in html) == (language == "en")


def _upload(client, tree: AreaTree, content: bytes, name: str = "tall.csv", **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "file": SimpleUploadedFile(name, content, content_type="text/csv"),
        "level": tree.level.pk,
        "indicator": tree.poverty.pk,
        "area": "sone",
        "period": "år",
        "value": "verdi",
    } | fields
    return client.post("/m/3107/statistics/import/", data)


def test_analyst_uploads_statistics(client, tree: AreaTree, tenants) -> None:
    from omrade.areas.models import Observation

    client.force_login(tenants.users[Role.ANALYST])
    response = _upload(
        client, tree, "sone;år;verdi\n01;2025;7,5\n02;2025;-\n".encode(), dash_is_suppressed="on"
    )
    assert response.status_code == 302
    saved = dict(Observation.objects.filter(period_code="2025").values_list("area__code", "status"))
    assert saved == {"01": "ok", "02": "suppressed"}


def test_a_bad_upload_names_the_row_and_saves_nothing(client, tree: AreaTree, tenants) -> None:
    from omrade.areas.models import Observation

    client.force_login(tenants.users[Role.ANALYST])
    before = Observation.objects.count()
    response = _upload(client, tree, "sone;år;verdi\n01;2025;7,5\n02;2025;12abc\n".encode())
    assert response.status_code == 400
    html = response.content.decode()
    assert "tall.csv" in html
    assert "12abc" in html
    response = _upload(client, tree, "sone;år;verdi\n01;2025;1\n99;2025;2\n".encode())
    assert "99" in response.content.decode()
    assert Observation.objects.count() == before


def test_a_viewer_cannot_upload_statistics(client, tree: AreaTree, tenants) -> None:
    client.force_login(tenants.users[Role.VIEWER])
    assert _upload(client, tree, b"sone;\xc3\xa5r;verdi\n01;2025;1\n").status_code == 403


def test_api_gap_follows_the_published_values(client, tree: AreaTree, tenants) -> None:
    url = "/api/gap?municipality=3107&level=bydel&indicator=poverty"
    gap = client.get(url).json()
    assert gap["indicator"] == "poverty"
    assert gap["trend"] == "stable"  # 12.5 points both years
    assert [
        (p["period"], p["initiative_mean"], p["others_mean"], p["gap"]) for p in gap["points"]
    ] == [("2022", 17.5, 5.0, 12.5), ("2023", 20.0, 7.5, 12.5)]
    # No value for the whole municipality: the mean of the published areas stands in.
    assert gap["points"][1]["municipality_value"] == 13.75
    west = next(area for area in gap["areas"] if area["area_code"] == "04")
    assert west["has_initiative"] is False
    assert west["values"]["2022"]["value"] is None  # 3 of 100: suppressed
    assert west["values"]["2022"]["status"] == "suppressed"
    client.force_login(tenants.users[Role.ANALYST])
    raw = client.get(url).json()
    assert raw["points"][0]["others_mean"] == 4.0  # (5 + 3) / 2 with the raw value
    assert next(a for a in raw["areas"] if a["area_code"] == "04")["values"]["2022"] == {
        "area_code": "04",
        "period": "2022",
        "value": 3.0,
        "status": "ok",
        "unprotected": True,
        "synthetic": False,
    }
    assert client.get(url.replace("poverty", "nope")).status_code == 404
    assert client.get(url.replace("bydel", "nope")).status_code == 404


def test_api_baselines_are_for_the_municipality_and_protected(
    client, tree: AreaTree, tenants
) -> None:
    baseline = services.baseline_create(
        municipality=tenants.home,
        name="0-punkt 2022",
        period_code="2022",
        areas=[tree.areas["01"], tree.areas["04"]],
        indicators=[tree.poverty],
    )
    assert client.get("/api/municipalities/3107/baselines").status_code == 401
    client.force_login(tenants.other_admin)
    assert client.get("/api/municipalities/3107/baselines").status_code == 403
    assert client.get(f"/api/baselines/{baseline.pk}").status_code == 404
    client.force_login(tenants.users[Role.VIEWER])
    listed = client.get("/api/municipalities/3107/baselines").json()
    assert [(b["id"], b["name"], b["period"]) for b in listed] == [
        (baseline.pk, "0-punkt 2022", "2022")
    ]
    detail = client.get(f"/api/baselines/{baseline.pk}").json()
    assert detail["indicators"] == ["poverty"]
    values = {value["area_code"]: value for value in detail["values"]}
    assert values["01"]["value"] == 15.0
    assert (values["04"]["value"], values["04"]["status"]) == (None, "suppressed")
    client.force_login(tenants.users[Role.ANALYST])
    detail = client.get(f"/api/baselines/{baseline.pk}").json()
    values = {value["area_code"]: value for value in detail["values"]}
    assert (values["04"]["value"], values["04"]["unprotected"]) == (3.0, True)


def test_map_page_without_any_value_shows_no_classes(client, tenants) -> None:
    """Areas without statistics (or with every value suppressed) gave a 500 in the legend."""
    level = services.level_ensure(municipality=tenants.home, code="bydel", name="Bydel", depth=1)
    services.area_save(by=None, level=level, code="01", name="Nord", boundary=None)
    response = client.get("/m/3107/areas/")
    assert response.status_code == 200
    assert response.context["map"].legend == []
    assert "ingen verdi eller skjult" in response.content.decode()


def test_map_page_with_every_value_suppressed_answers(client, tree: AreaTree) -> None:
    import_statistics(
        tree.level, "area;year;indicator;numerator;denominator;value\n01;2024;poverty;2;100;2,0\n"
    )
    response = client.get("/m/3107/areas/?level=bydel&show=poverty&period=2024")
    assert response.status_code == 200
    assert response.context["map"].period_code == "2024"
    assert [row.value for row in response.context["map"].rows] == [None, None, None, None]
    assert response.context["map"].legend == []


def test_internal_tabs_only_for_the_municipality_s_own_roles(
    client, tree: AreaTree, tenants
) -> None:
    """A user of another municipality on the public map would follow them to a 403."""
    client.force_login(tenants.other_admin)
    assert "/m/3107/baselines/" not in client.get("/m/3107/areas/").content.decode()
    client.force_login(tenants.users[Role.VIEWER])
    assert "/m/3107/baselines/" in client.get("/m/3107/areas/").content.decode()
