"""Progress reports per tertial: the service, who has not reported, the pages and the API."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from omrade.areas.periods import parse_period
from omrade.common.audit import audit_entries_for
from omrade.common.models import AuditEntry
from omrade.portfolio.models import MeasureStatus, ProgressReport
from omrade.portfolio.selectors_plans import progress_missing, progress_overview
from omrade.portfolio.services import measures as measure_services
from omrade.portfolio.services import progress as services
from omrade.tenancy.models import Role
from omrade.tenancy.services import person_create
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(portfolio):
    """Snuplassen and the meeting places are running; reading is only planned."""
    for measure in (portfolio.snuplassen, portfolio.meeting_places):
        measure_services.measure_set_status(measure=measure, status=MeasureStatus.PLANNED)
        measure_services.measure_set_status(measure=measure, status=MeasureStatus.RUNNING)
    measure_services.measure_set_status(measure=portfolio.reading, status=MeasureStatus.PLANNED)
    return portfolio


@pytest.fixture
def contact(running, tenants):
    """Snuplassen's contact person has a user account (a viewer by role)."""
    user = user_with_role(Role.VIEWER, tenants.home, "nav-kontakt")
    person = person_create(by=None, municipality=tenants.home, name="Nina NAV")
    person.user = user
    person.save()
    measure_services.measure_update(measure=running.snuplassen, contact_person=person)
    return user


def report(measure, period="2024T2", rag="green", text="Som planlagt.", by=None):
    return services.progress_report_save(measure=measure, period=period, rag=rag, text=text, by=by)


# --- the service -------------------------------------------------------------------------------


def test_a_report_is_saved_once_per_tertial_and_audited(running, tenants):
    coordinator = tenants.users[Role.COORDINATOR]
    first = report(
        running.meeting_places, period="2024t2", rag="amber", text=" Forsinket. ", by=coordinator
    )
    assert (first.period, first.rag, first.text, first.reported_by) == (
        "2024T2",
        "amber",
        "Forsinket.",
        coordinator,
    )
    again = report(running.meeting_places, rag="green", text="Tatt igjen.")
    assert again.pk == first.pk
    assert ProgressReport.objects.count() == 1
    assert [(e.action, e.changes) for e in audit_entries_for(first).order_by("id")] == [
        ("progress.reported", {"rag": [None, "amber"], "text": [None, "Forsinket."]}),
        ("progress.updated", {"rag": ["amber", "green"], "text": ["Forsinket.", "Tatt igjen."]}),
    ]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"period": "2024"}, "period", "«2024» er ikke et tertial. Skriv for eksempel 2024T2."),
        ({"period": "2024K2"}, "period", "«2024K2» er ikke et tertial. Skriv for eksempel 2024T2."),
        (
            {"period": "2024T4"},
            "period",
            "Perioden «2024T4» har tertial 4, men et år har tertial 1–3.",
        ),
        ({"period": "vår"}, "period", None),
        ({"period": "2999T1"}, "period", None),  # has not begun
        ({"rag": "blue"}, "rag", "Velg grønn, gul eller rød."),
        ({"text": "   "}, "text", "Skriv en kort status."),
        ({"text": "x" * 2001}, "text", "Statusen kan ha høyst 2000 tegn; denne har 2001."),
    ],
)
def test_bad_input_is_refused_naming_the_field(running, kwargs, field, message):
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        report(running.meeting_places, **kwargs)
    assert list(refused.value.message_dict) == [field]
    if message:
        assert refused.value.message_dict[field] == [message]
    assert not ProgressReport.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_only_running_measures_report(running):
    with pytest.raises(ValidationError) as refused:
        report(running.reading)
    assert refused.value.message_dict == {
        "measure": [
            "Bare tiltak som pågår, rapporterer status. «Leseferdigheter» har status «Planlagt»."
        ]
    }
    assert not ProgressReport.objects.exists()


def test_the_current_tertial():
    assert services.tertial_on(date(2024, 4, 30)).code == "2024T1"
    assert services.tertial_on(date(2024, 5, 1)).code == "2024T2"
    assert services.tertial_on(date(2024, 12, 31)).code == "2024T3"


# --- who has not reported ----------------------------------------------------------------------


def test_who_has_not_reported(running, contact, tenants):
    report(running.meeting_places, rag="red", text="Lokalet er stengt.")
    period = parse_period("2024T2")
    rows = progress_overview(programme=running.setup.programme, period=period)
    assert [(row.measure.title, row.report.rag if row.report else None) for row in rows] == [
        ("Nærmiljøarenaer", "red"),
        ("NAV Snuplassen", None),
    ]
    missing = progress_missing(programme=running.setup.programme, period=period)
    assert [(row.measure.title, str(row.contact_person), row.coordinator) for row in missing] == [
        ("NAV Snuplassen", "Nina NAV", None)
    ]
    # Another tertial: nobody has reported.
    assert (
        len(progress_missing(programme=running.setup.programme, period=parse_period("2024T3"))) == 2
    )


def test_measures_not_under_way_in_the_tertial_are_not_missing(running):
    measure_services.measure_update(measure=running.snuplassen, starts_on=date(2024, 9, 1))
    measure_services.measure_update(measure=running.meeting_places, ends_on=date(2024, 3, 31))
    assert progress_missing(programme=running.setup.programme, period=parse_period("2024T2")) == []
    assert [
        row.measure.title
        for row in progress_missing(
            programme=running.setup.programme, period=parse_period("2024T3")
        )
    ] == ["NAV Snuplassen"]


# --- pages -------------------------------------------------------------------------------------


def overview_url(running, query=""):
    return reverse("portfolio:progress_overview", args=["3107", running.setup.programme.pk]) + query


def report_url(running, measure):
    return reverse(
        "portfolio:progress_report", args=["3107", running.setup.programme.pk, measure.pk]
    )


def test_the_overview_shows_rag_as_text_and_who_is_missing(client, running, contact, tenants):
    report(running.meeting_places, rag="amber", text="Venter på <nøkler>.")
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.get(overview_url(running, "?period=2024T2"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2. tertial 2024" in html
    assert '<span aria-hidden="true">▲ </span>Gul' in html
    assert "Venter på &lt;nøkler&gt;." in html
    missing = html.split('id="missing-heading"')[1].split("</section>")[0]
    assert "NAV Snuplassen" in missing
    assert "Nina NAV" in missing
    assert "Nærmiljøarenaer" not in missing


def test_the_overview_defaults_to_the_latest_tertial_with_reports_and_steps_between_tertials(
    client, running, tenants
):
    client.force_login(tenants.users[Role.VIEWER])
    current = services.tertial_on(date.today())
    # Nothing reported yet: the tertial running now, said to have no data.
    response = client.get(overview_url(running))
    assert response.context["period"] == current
    assert "(ingen data ennå)" in response.content.decode()

    report(running.meeting_places, period="2024T1")
    report(running.snuplassen, period="2024T2")
    response = client.get(overview_url(running))
    assert response.status_code == 200
    assert response.context["period"] == parse_period("2024T2")
    html = response.content.decode()
    assert "Viser 2. tertial 2024 (siste periode med data)" in html
    assert 'rel="prev" href="?period=2024T1"' in html
    assert 'rel="next" href="?period=2024T3"' in html
    # The select offers every tertial from the programme's start to now, newest first.
    choice = response.context["choice"]
    assert [option.code for option, _data in choice.select_options][-1] == "2023T1"
    assert choice.select_options[0][0] == current
    assert '<option value="2024T2" selected>2. tertial 2024</option>' in html

    response = client.get(overview_url(running, "?period=2024T1"))
    assert response.context["period"] == parse_period("2024T1")
    assert "siste periode med data" not in response.content.decode()


@pytest.mark.parametrize("value", ["2024K2", "2024", "tull", "2019T1", "2100T1"])
def test_the_overview_refuses_a_period_it_does_not_offer(client, running, tenants, value):
    client.force_login(tenants.users[Role.VIEWER])
    report(running.snuplassen, period="2024T2")
    response = client.get(overview_url(running, f"?period={value}"))
    assert response.status_code == 400
    assert response.context["period"] == parse_period("2024T2")
    html = response.content.decode()
    assert f"period: «{value}» er ikke en periode denne siden har" in html
    assert 'aria-invalid="true"' in html


def test_the_contact_person_reports_through_the_page(client, running, contact):
    client.force_login(contact)
    url = report_url(running, running.snuplassen)
    assert 'name="progress-text"' in client.get(url).content.decode()
    response = client.post(
        url, {"progress-period": "2024T2", "progress-rag": "green", "progress-text": "Åtte i jobb."}
    )
    assert response.status_code == 302
    saved = ProgressReport.objects.get()
    assert (saved.measure, saved.period, saved.rag, saved.text, saved.reported_by) == (
        running.snuplassen,
        "2024T2",
        "green",
        "Åtte i jobb.",
        contact,
    )


def test_a_bad_report_shows_the_error_and_saves_nothing(client, running, tenants):
    client.force_login(tenants.users[Role.COORDINATOR])
    response = client.post(
        report_url(running, running.meeting_places),
        {"progress-period": "2024", "progress-rag": "green", "progress-text": "Ok"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["period"]  # a tertial is chosen, not typed
    assert not ProgressReport.objects.exists()


def test_the_report_form_offers_the_tertials_that_have_begun(client, running, contact):
    client.force_login(contact)
    page = client.get(report_url(running, running.snuplassen))
    field = page.context["form"]["period"]
    codes = [code for code, _label in field.field.choices]
    today = date.today()
    assert codes[0] == services.tertial_on(today).code  # newest first
    assert codes[-1] == "2023T1"  # the programme's first
    assert field.value() == services.tertial_last_finished(today).code
    asked = client.get(report_url(running, running.snuplassen) + "?period=2024T2")
    assert asked.context["form"]["period"].value() == "2024T2"
    assert '<option value="2024T2" selected>2. tertial 2024</option>' in asked.content.decode()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.BOARD_MEMBER, Role.ANALYST])
def test_others_read_but_cannot_report(client, running, tenants, role):
    client.force_login(tenants.users[role])
    url = report_url(running, running.meeting_places)
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="progress-text"' not in page.content.decode()
    response = client.post(
        url, {"progress-period": "2024T2", "progress-rag": "green", "progress-text": "Ok"}
    )
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_another_coordinator_cannot_report_for_the_housing_measure(client, running, tenants):
    """The coordinator user coordinates housing, not employment: Snuplassen is not theirs."""
    client.force_login(tenants.users[Role.COORDINATOR])
    response = client.post(
        report_url(running, running.snuplassen),
        {"progress-period": "2024T2", "progress-rag": "green", "progress-text": "Ok"},
    )
    assert response.status_code == 403


# --- API ---------------------------------------------------------------------------------------


def test_the_api_lists_reports_and_the_missing(client, running, contact, tenants):
    report(running.meeting_places, rag="red", text="Stengt.")
    client.force_login(tenants.users[Role.VIEWER])
    url = f"/api/programmes/{running.setup.programme.pk}/progress?period=2024T2"
    body = client.get(url).json()
    assert body["period"] == "2024T2"
    # Without ?period= the latest tertial with reports, as on the page.
    latest = client.get(url.split("?")[0]).json()
    assert (latest["period"], latest["missing"]) == ("2024T2", [running.snuplassen.pk])
    assert body["missing"] == [running.snuplassen.pk]
    assert [
        (m["measure"], m["reported"], m["rag"], m["contact_person"]) for m in body["measures"]
    ] == [
        ("Nærmiljøarenaer", True, "red", None),
        ("NAV Snuplassen", False, None, "Nina NAV"),
    ]
    bad = client.get(f"/api/programmes/{running.setup.programme.pk}/progress?period=2024")
    assert bad.status_code == 400
    assert "ikke et tertial" in bad.json()["detail"]
    client.force_login(tenants.other_admin)
    assert client.get(url).status_code == 404
