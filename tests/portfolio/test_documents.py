"""The yearly action programme: the selector, the page, and the DOCX and PDF exports in the
municipality's language."""

from __future__ import annotations

import io
from decimal import Decimal

import docx
import pytest
from django.urls import reverse
from django.utils.translation import override

from omrade.portfolio import documents
from omrade.portfolio.selectors_plans import action_programme_for
from omrade.portfolio.services import action_plans as services
from omrade.portfolio.services import measures as measure_services
from omrade.programmes.services import programme as programme_services
from omrade.tenancy.models import Role
from tests.factories import AreaFactory, MunicipalUnitFactory

pytestmark = pytest.mark.django_db


def advance(plan, *actions):
    for action in actions:
        services.action_plan_transition(plan=plan, action=action, by=None)


APPROVE = ("submit", "recommend", "approve")


@pytest.fixture
def year_2024(portfolio, tenants):
    """Housing: v1 in force, revised into an approved v2 with the reading effort too.
    Employment: approved. A third sub-programme has only a draft."""
    setup = portfolio.setup
    unit = MunicipalUnitFactory(municipality=tenants.home, name="Kulturetaten")
    area = AreaFactory(level__municipality=tenants.home, name="Sellebak")
    measure_services.measure_update(
        measure=portfolio.meeting_places,
        responsible_unit=unit,
        areas=[area],
        goals=[setup.housing_goal],
        synthetic=True,
    )
    measure_services.measure_update(measure=portfolio.snuplassen, goals=[setup.employment_goal])
    housing = services.action_plan_create(
        programme=setup.programme, sub_programme=setup.housing, year=2024, by=None
    )
    services.action_plan_add_measure(plan=housing, measure=portfolio.meeting_places)
    advance(housing, *APPROVE, "put_in_force")
    revision = services.action_plan_revise(plan=housing, by=None)
    services.action_plan_add_measure(plan=revision, measure=portfolio.reading)
    services.action_plan_update(plan=revision, summary="Lesing kommer til.", by=None)
    advance(revision, *APPROVE)
    employment = services.action_plan_create(
        programme=setup.programme, sub_programme=setup.employment, year=2024, by=None
    )
    services.action_plan_add_measure(
        plan=employment, measure=portfolio.snuplassen, cost=Decimal("380000")
    )
    advance(employment, *APPROVE)
    youth = programme_services.sub_programme_create(
        by=None, programme=setup.programme, name="Oppvekst og utdanning"
    )
    services.action_plan_create(programme=setup.programme, sub_programme=youth, year=2024, by=None)
    return portfolio


def test_the_programme_takes_the_in_force_plan_else_the_approved(year_2024):
    programme = action_programme_for(programme=year_2024.setup.programme, year=2024)
    assert [
        (part.sub_programme.name, part.plan.version, part.plan.state) for part in programme.parts
    ] == [
        ("Bo og nærmiljø", 1, "in_force"),
        ("Sysselsetting", 1, "approved"),
    ]
    housing, employment = programme.parts
    [meeting_places] = housing.measures
    assert (
        meeting_places.title,
        meeting_places.responsible_unit,
        meeting_places.areas,
        meeting_places.goals,
        meeting_places.cost,
        meeting_places.synthetic,
    ) == (
        "Nærmiljøarenaer",
        "Kulturetaten",
        ["Sellebak"],
        ["Bedre nærmiljø"],
        Decimal("250000.00"),
        True,
    )
    assert employment.total == Decimal("380000.00")
    assert programme.total == Decimal("630000.00")
    assert [sub.name for sub in programme.missing] == ["Oppvekst og utdanning"]
    assert programme.synthetic is True
    assert programme.goals == ["Bedre nærmiljø", "Flere i arbeid"]


def test_the_new_version_takes_over_once_in_force(year_2024):
    from omrade.portfolio.models import ActionPlan

    revision = ActionPlan.objects.get(sub_programme=year_2024.setup.housing, version=2)
    advance(revision, "put_in_force")
    programme = action_programme_for(programme=year_2024.setup.programme, year=2024)
    housing = programme.parts[0]
    assert (housing.plan.version, [m.title for m in housing.measures], housing.total) == (
        2,
        ["Nærmiljøarenaer", "Leseferdigheter"],
        Decimal("400000.00"),
    )


def test_a_year_without_approved_plans_lists_every_sub_programme_as_missing(year_2024):
    programme = action_programme_for(programme=year_2024.setup.programme, year=2025)
    assert programme.parts == []
    assert programme.total == 0
    assert programme.synthetic is False
    assert [sub.name for sub in programme.missing] == [
        "Bo og nærmiljø",
        "Sysselsetting",
        "Oppvekst og utdanning",
    ]


# --- DOCX --------------------------------------------------------------------------------------


def open_docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def export(portfolio, file_format):
    return documents.action_programme_export(
        programme=portfolio.setup.programme, year=2024, file_format=file_format
    )


def test_the_docx_has_the_headings_tables_totals_and_the_synthetic_note(year_2024):
    exported = export(year_2024, "docx")
    assert exported.file_name == "handlingsprogram-2024-omradesatsing.docx"
    assert exported.content_type.endswith("wordprocessingml.document")
    document = open_docx(exported.content)
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings == [
        ("Title", "Handlingsprogram 2024"),
        ("Heading 1", "Delprogram: Bo og nærmiljø"),
        ("Heading 1", "Delprogram: Sysselsetting"),
        ("Heading 1", "Samlet kostnad"),
        ("Heading 1", "Delprogrammer uten godkjent handlingsplan"),
    ]
    texts = [p.text for p in document.paragraphs]
    assert texts[1] == "Områdesatsing, Fredrikstad"
    assert texts[2].startswith(
        "Tallene er oppdiktet (syntetiske): kostnadene for tiltak merket med *"
    )
    assert "Handlingsplan, versjon 1: Gjeldende" in texts[4]
    assert "Oppvekst og utdanning" in texts
    housing, employment = document.tables
    rows = [[cell.text for cell in row.cells] for row in housing.rows]
    assert rows[0] == ["Tiltak", "Ansvarlig enhet", "Områder", "Mål", "Kostnad"]
    assert rows[1] == [
        "Nærmiljøarenaer *",
        "Kulturetaten",
        "Sellebak",
        "Bedre nærmiljø",
        "250\xa0000 kr",
    ]
    assert rows[2][0] == "Sum"
    assert rows[2][4] == "250\xa0000 kr"
    assert [[cell.text for cell in row.cells] for row in employment.rows][1] == [
        "NAV Snuplassen",
        "–",
        "–",
        "Flere i arbeid",
        "380\xa0000 kr",
    ]
    assert texts[texts.index("Samlet kostnad") + 1] == "630\xa0000 kr"
    assert document.core_properties.language == "nb"


def test_without_synthetic_measures_there_is_no_note(year_2024):
    measure_services.measure_update(measure=year_2024.meeting_places, synthetic=False)
    texts = [p.text for p in open_docx(export(year_2024, "docx").content).paragraphs]
    assert not any("syntetisk" in text for text in texts)
    assert "Nærmiljøarenaer" in [
        c.text for c in open_docx(export(year_2024, "docx").content).tables[0].columns[0].cells
    ]


def test_a_danish_municipality_gets_danish_words_whatever_the_readers_language(year_2024, tenants):
    tenants.home.default_language = "da"
    tenants.home.save()
    with override("nb"):  # the reader's language does not matter
        document = open_docx(export(year_2024, "docx").content)
    texts = [p.text for p in document.paragraphs]
    # Strings the Danish catalogue already has: «Handlingsplan» → «Handleplan», «Versjon» →
    # «Version», the synthetic mark.
    assert any(text.startswith("Handleplan, version 1:") for text in texts)
    assert texts[2].startswith("Tallene er opdigtede (syntetiske)")
    assert document.core_properties.language == "da"


def test_an_english_municipality_gets_english_words(year_2024, tenants):
    tenants.home.default_language = "en"
    tenants.home.save()
    texts = [p.text for p in open_docx(export(year_2024, "docx").content).paragraphs]
    assert any(text.startswith("Action plan, version 1:") for text in texts)


def test_user_text_is_not_interpreted(year_2024):
    measure_services.measure_update(measure=year_2024.snuplassen, title="NAV <Snuplassen> & co")
    html = documents.action_programme_html(
        action_programme_for(programme=year_2024.setup.programme, year=2024)
    )
    assert "NAV &lt;Snuplassen&gt; &amp; co" in html
    assert "<Snuplassen>" not in html


# --- PDF ---------------------------------------------------------------------------------------


def test_the_pdf_is_rendered_from_the_print_template(year_2024):
    with override("nb"):
        programme = action_programme_for(programme=year_2024.setup.programme, year=2024)
        html = documents.action_programme_html(programme)
        rendered = documents.action_programme_pdf_document(programme)
    assert '<html lang="nb">' in html
    assert "<h1>Handlingsprogram 2024</h1>" in html
    assert "<h2>Delprogram: Bo og nærmiljø</h2>" in html
    assert "Tallene er oppdiktet (syntetiske)" in html
    assert "http" not in html  # nothing to fetch
    assert len(rendered.pages) == 1
    assert rendered.metadata.title == "Handlingsprogram 2024 – Områdesatsing"
    exported = export(year_2024, "pdf")
    assert exported.content.startswith(b"%PDF-")
    assert exported.content.rstrip().endswith(b"%%EOF")
    assert exported.file_name == "handlingsprogram-2024-omradesatsing.pdf"


def test_the_pdf_fetches_nothing():
    fetcher = documents._no_fetching()
    for url in (
        "http://example.invalid/logo.png",
        "https://example.invalid/x.css",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)


# --- the page and the download -----------------------------------------------------------------


def programme_url(portfolio, year=2024):
    return reverse("portfolio:action_programme", args=["3107", portfolio.setup.programme.pk, year])


def test_the_page_shows_the_parts_the_missing_and_the_downloads(client, year_2024, tenants):
    client.force_login(tenants.users[Role.VIEWER])
    response = client.get(programme_url(year_2024))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Delprogram: Bo og nærmiljø" in html
    assert "Delprogram: Sysselsetting" in html
    assert "Oppvekst og utdanning" in html  # no approved plan yet
    assert "(syntetisk)" in html
    assert (
        reverse(
            "portfolio:action_programme_export",
            args=["3107", year_2024.setup.programme.pk, 2024, "pdf"],
        )
        in html
    )
    assert client.get(programme_url(year_2024, 2050)).status_code == 404


@pytest.mark.parametrize(("file_format", "start"), [("docx", b"PK"), ("pdf", b"%PDF")])
def test_the_download(client, year_2024, tenants, file_format, start):
    client.force_login(tenants.users[Role.BOARD_MEMBER])
    path = reverse(
        "portfolio:action_programme_export",
        args=["3107", year_2024.setup.programme.pk, 2024, file_format],
    )
    response = client.get(path)
    assert response.status_code == 200
    assert response.content.startswith(start)
    assert response["Content-Disposition"] == (
        f'attachment; filename="handlingsprogram-2024-omradesatsing.{file_format}"'
    )


def test_an_unknown_format_is_not_found(client, year_2024, tenants):
    client.force_login(tenants.users[Role.VIEWER])
    path = reverse(
        "portfolio:action_programme_export",
        args=["3107", year_2024.setup.programme.pk, 2024, "odt"],
    )
    assert client.get(path).status_code == 404
