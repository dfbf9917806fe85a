"""Measures: services (create, update, status table, costs, staff, milestones, delete),
permissions, and the list, detail and edit pages."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from omrade.common.models import AuditEntry
from omrade.portfolio.models import Measure, MeasureCost, MeasureStatus, StaffAllocation
from omrade.portfolio.permissions import can_edit_measure, can_propose_measure
from omrade.portfolio.services import measures as services
from omrade.portfolio.workflow import MEASURE_TRANSITIONS, measure_next_statuses
from omrade.tenancy.models import Role
from tests.factories import AreaFactory, MunicipalUnitFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def measure_url(measure: Measure, name: str = "portfolio:measure_detail") -> str:
    return reverse(name, args=["3107", measure.programme_id, measure.pk])


def list_url(portfolio) -> str:
    return reverse("portfolio:measure_list", args=["3107", portfolio.setup.programme.pk])


# --- services ---------------------------------------------------------------------------------


def test_create_sets_relations_and_writes_the_audit_log(portfolio, tenants):
    programme = portfolio.setup.programme
    area = AreaFactory(level__municipality=tenants.home)
    partner = OrganisationFactory(municipality=tenants.home, name="Fontenehuset")
    measure = services.measure_create(
        programme=programme,
        title="  Snuplassen for unge  ",
        sub_programme=portfolio.setup.employment,
        goals=[portfolio.setup.employment_goal],
        areas=[area],
        partners=[partner],
        age_from=18,
        age_to=30,
        by=tenants.users[Role.PROGRAMME_MANAGER],
    )
    assert measure.title == "Snuplassen for unge"
    assert measure.municipality == tenants.home
    assert list(measure.goals.all()) == [portfolio.setup.employment_goal]
    assert list(measure.areas.all()) == [area]
    assert list(measure.partners.all()) == [partner]
    entry = AuditEntry.objects.get(object_type="portfolio.measure", object_id=str(measure.pk))
    assert entry.action == "measure.created"
    assert entry.actor == tenants.users[Role.PROGRAMME_MANAGER]


def test_create_refuses_a_duplicate_title_and_writes_nothing(portfolio):
    before = Measure.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.measure_create(programme=portfolio.setup.programme, title="NAV Snuplassen")
    assert "title" in refused.value.message_dict
    assert Measure.objects.count() == before


def test_create_refuses_another_municipalitys_area_unit_and_goal(portfolio, tenants):
    programme = portfolio.setup.programme
    foreign_area = AreaFactory(level__municipality=tenants.other)
    foreign_unit = MunicipalUnitFactory(municipality=tenants.other)
    with pytest.raises(ValidationError) as refused:
        services.measure_create(programme=programme, title="A", areas=[foreign_area])
    assert "areas" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.measure_create(programme=programme, title="B", responsible_unit=foreign_unit)
    assert "responsible_unit" in refused.value.message_dict
    assert not Measure.objects.filter(title__in=["A", "B"]).exists()


def test_ages_and_dates_must_be_in_order(portfolio):
    programme = portfolio.setup.programme
    with pytest.raises(ValidationError):
        services.measure_create(programme=programme, title="Ages", age_from=30, age_to=18)
    with pytest.raises(ValidationError):
        services.measure_create(
            programme=programme,
            title="Dates",
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2024, 1, 1),
        )
    assert not Measure.objects.filter(title__in=["Ages", "Dates"]).exists()


def test_update_audits_what_changed(portfolio, tenants):
    measure = portfolio.reading
    services.measure_update(measure=measure, progress=40, by=tenants.users[Role.COORDINATOR])
    entry = AuditEntry.objects.filter(action="measure.updated").get()
    assert entry.changes == {"progress": [0, 40]}


@pytest.mark.parametrize(
    ("start", "target"),
    [(start, target) for start in MeasureStatus for target in MeasureStatus if start != target],
)
def test_every_status_change_follows_the_table(portfolio, start, target):
    measure = portfolio.reading
    Measure.objects.filter(pk=measure.pk).update(status=start, stop_reason="før")
    allowed = target in MEASURE_TRANSITIONS[start]
    if allowed:
        services.measure_set_status(measure=measure, status=target, stop_reason="Ingen midler")
        measure.refresh_from_db()
        assert measure.status == target
    else:
        with pytest.raises(ValidationError):
            services.measure_set_status(measure=measure, status=target, stop_reason="x")
        measure.refresh_from_db()
        assert measure.status == start
        assert not AuditEntry.objects.filter(action="measure.status").exists()


def test_stopping_needs_a_reason_and_completing_sets_progress(portfolio):
    measure = portfolio.reading
    with pytest.raises(ValidationError) as refused:
        services.measure_set_status(measure=measure, status=MeasureStatus.STOPPED)
    assert "stop_reason" in refused.value.message_dict
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.IDEA
    services.measure_set_status(measure=measure, status=MeasureStatus.PLANNED)
    services.measure_set_status(measure=measure, status=MeasureStatus.RUNNING)
    services.measure_set_status(measure=measure, status=MeasureStatus.COMPLETED)
    assert measure.progress == 100
    assert measure_next_statuses(MeasureStatus.COMPLETED) == []


def test_costs_are_one_per_year_and_never_negative(portfolio):
    measure = portfolio.reading
    services.measure_cost_set(by=None, measure=measure, year=2024, amount=Decimal("175000.50"))
    assert MeasureCost.objects.get(measure=measure, year=2024).amount == Decimal("175000.50")
    with pytest.raises(ValidationError):
        services.measure_cost_set(by=None, measure=measure, year=2025, amount=Decimal(-1))
    with pytest.raises(ValidationError):
        services.measure_cost_set(by=None, measure=measure, year=2200, amount=Decimal(1))
    assert list(measure.costs.values_list("year", flat=True)) == [2024]


def test_staff_takes_the_persons_unit_and_refuses_other_municipalities(portfolio, tenants):
    unit = MunicipalUnitFactory(municipality=tenants.home, name="NAV Fredrikstad")
    person = PersonFactory(municipality=tenants.home, unit=unit)
    allocation = services.staff_allocation_add(
        by=None, measure=portfolio.snuplassen, year=2024, share=Decimal(50), person=person
    )
    assert allocation.unit == unit
    with pytest.raises(ValidationError):
        services.staff_allocation_add(
            by=None,
            measure=portfolio.snuplassen,
            year=2024,
            share=Decimal(50),
            person=PersonFactory(municipality=tenants.other),
        )
    with pytest.raises(ValidationError):
        services.staff_allocation_add(
            by=None, measure=portfolio.snuplassen, year=2024, share=Decimal(10)
        )
    assert StaffAllocation.objects.count() == 1


def test_delete_is_refused_while_an_action_plan_holds_the_measure(portfolio):
    from omrade.portfolio.models import ActionPlan, ActionPlanItem

    plan = ActionPlan.objects.create(
        programme=portfolio.setup.programme, sub_programme=portfolio.setup.housing, year=2024
    )
    ActionPlanItem.objects.create(plan=plan, measure=portfolio.reading)
    with pytest.raises(ValidationError):
        services.measure_delete(by=None, measure=portfolio.reading)
    assert Measure.objects.filter(pk=portfolio.reading.pk).exists()
    services.measure_delete(by=None, measure=portfolio.meeting_places)
    assert not Measure.objects.filter(pk=portfolio.meeting_places.pk).exists()


def test_goals_that_measures_serve_cannot_be_removed(portfolio):
    from omrade.programmes.services.programme import goal_delete

    goal = portfolio.setup.housing_goal
    services.measure_update(measure=portfolio.reading, goals=[goal])
    with pytest.raises(ValidationError) as refused:
        goal_delete(by=None, goal=goal)
    assert "1 tiltak" in " ".join(refused.value.messages)


# --- permissions ------------------------------------------------------------------------------


def test_coordinators_edit_their_own_sub_programmes_measures_only(portfolio, tenants):
    coordinator = tenants.users[Role.COORDINATOR]
    assert can_edit_measure(coordinator, portfolio.reading)  # housing: theirs
    assert not can_edit_measure(coordinator, portfolio.snuplassen)  # employment
    assert can_propose_measure(coordinator, portfolio.setup.programme)
    for role in (Role.VIEWER, Role.BOARD_MEMBER, Role.ANALYST, Role.GRANT_OFFICER):
        assert not can_edit_measure(tenants.users[role], portfolio.reading)
        assert not can_propose_measure(tenants.users[role], portfolio.setup.programme)
    assert can_edit_measure(tenants.users[Role.PROGRAMME_MANAGER], portfolio.snuplassen)
    assert not can_edit_measure(tenants.other_admin, portfolio.snuplassen)


# --- pages ------------------------------------------------------------------------------------


def test_list_shows_measures_with_costs_and_filters(client, portfolio, tenants):
    client.force_login(tenants.users[Role.VIEWER])
    response = client.get(list_url(portfolio), {"year": 2024})
    assert response.status_code == 200
    page = response.content.decode()
    assert "NAV Snuplassen" in page
    assert "Leseferdigheter" in page
    assert "800\xa0000" in page or "800 000" in page  # the sum of the three 2024 costs
    assert "Nytt tiltak" not in page  # viewers do not propose
    filtered = client.get(list_url(portfolio), {"sub_programme": portfolio.setup.employment.pk})
    assert "NAV Snuplassen" in filtered.content.decode()
    assert "Leseferdigheter" not in filtered.content.decode()


def test_the_list_shows_the_latest_year_with_costs_and_steps_between_years(
    client, portfolio, tenants
):
    """The fixture's costs are for 2024: the list shows 2024 by default, not this year."""
    client.force_login(tenants.users[Role.VIEWER])
    response = client.get(list_url(portfolio))
    assert response.status_code == 200
    assert response.context["year"] == 2024
    page = response.content.decode()
    assert "Viser 2024 (siste periode med data)" in page
    assert "Kostnad 2024 (kr)" in page
    assert 'rel="prev" href="?year=2023"' in page
    assert 'rel="next" href="?year=2025"' in page
    assert '<option value="2033">2033 – ingen data</option>' in page  # the programme's years
    earlier = client.get(list_url(portfolio), {"year": 2023, "status": "running"})
    assert earlier.context["year"] == 2023
    assert 'rel="next" href="?year=2024&amp;status=running"' in earlier.content.decode()
    refused = client.get(list_url(portfolio), {"year": "1999"})
    assert refused.status_code == 400
    assert refused.context["year"] == 2024
    assert "year: «1999» er ikke en periode denne siden har" in refused.content.decode()


def test_a_coordinator_proposes_in_their_own_sub_programme_only(client, portfolio, tenants):
    client.force_login(tenants.users[Role.COORDINATOR])
    refused = client.post(
        list_url(portfolio),
        {
            "kind": "project",
            "title": "Feil delprogram",
            "sub_programme": portfolio.setup.employment.pk,
            "progress": 0,
        },
    )
    assert refused.status_code == 400
    assert not Measure.objects.filter(title="Feil delprogram").exists()
    created = client.post(
        list_url(portfolio),
        {
            "kind": "activity",
            "title": "Leksehjelp",
            "sub_programme": portfolio.setup.housing.pk,
            "progress": 0,
        },
    )
    measure = Measure.objects.get(title="Leksehjelp")
    assert created.status_code == 302
    assert created.url == measure.get_absolute_url()
    assert measure.kind == "activity"


def test_viewers_cannot_post_to_the_list_or_the_measure(client, portfolio, tenants):
    client.force_login(tenants.users[Role.VIEWER])
    assert client.post(list_url(portfolio), {"title": "X"}).status_code == 403
    response = client.post(measure_url(portfolio.reading), {"action": "cost-year"})
    assert response.status_code == 403
    assert not Measure.objects.filter(title="X").exists()


def test_detail_page_actions_save_costs_staff_milestones_and_status(client, portfolio, tenants):
    client.force_login(tenants.users[Role.COORDINATOR])
    measure = portfolio.reading
    url = measure_url(measure)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"action": "cost", "cost-year": 2025, "cost-amount": "120000", "cost-note": ""}
    )
    assert response.status_code == 302
    assert measure.costs.get(year=2025).amount == Decimal(120000)
    bad = client.post(url, {"action": "cost", "cost-year": 2025, "cost-amount": "-5"})
    assert bad.status_code == 400
    assert measure.costs.get(year=2025).amount == Decimal(120000)
    client.post(
        url,
        {"action": "milestone", "milestone-title": "Oppstart", "milestone-due_on": "2024-03-01"},
    )
    milestone = measure.milestones.get()
    client.post(url, {"action": "milestone_done", "object": milestone.pk})
    milestone.refresh_from_db()
    assert milestone.done_on == datetime.date.today()
    client.post(url, {"action": "status", "status-status": "planned"})
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.PLANNED
    stopped = client.post(
        url, {"action": "status", "status-status": "stopped", "status-stop_reason": ""}
    )
    assert stopped.status_code == 400
    assert "Skriv hvorfor tiltaket ble stanset." in stopped.content.decode()
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.PLANNED


def test_another_municipalitys_measure_answers_404(client, portfolio, tenants):
    client.force_login(tenants.other_admin)
    url = reverse(
        "portfolio:measure_detail",
        args=["4601", portfolio.setup.programme.pk, portfolio.reading.pk],
    )
    assert client.get(url).status_code == 404


def test_text_is_escaped(client, portfolio, tenants):
    services.measure_update(measure=portfolio.reading, description="<script>alert(1)</script>")
    client.force_login(tenants.users[Role.VIEWER])
    page = client.get(measure_url(portfolio.reading)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_edit_page_changes_the_measure(client, portfolio, tenants):
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    measure = portfolio.snuplassen
    response = client.post(
        measure_url(measure, "portfolio:measure_edit"),
        {
            "kind": "project",
            "title": "NAV Snuplassen",
            "sub_programme": portfolio.setup.employment.pk,
            "target_group": "Unge 18–30 år",
            "age_from": 18,
            "age_to": 30,
            "progress": 25,
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.target_group, measure.age_from, measure.age_to, measure.progress) == (
        "Unge 18–30 år",
        18,
        30,
        25,
    )
