"""Every portfolio service with an actor checks its rule itself: called directly (not through
a page or the API) by a user the rule refuses, it raises PermissionDenied and writes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from omrade.common.models import AuditEntry
from omrade.portfolio.models import ActionPlan, CriteriaSet, Measure, PlanState
from omrade.portfolio.services import action_plans, benefits, criteria, measures, scenarios
from omrade.tenancy.models import Role
from omrade.tenancy.services import unit_create

pytestmark = pytest.mark.django_db


def refused(call, **kwargs) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        call(**kwargs)
    assert AuditEntry.objects.count() == before


def test_measure_services_refuse_a_viewer(portfolio, tenants):
    viewer = tenants.users[Role.VIEWER]
    measure = portfolio.meeting_places
    refused(measures.measure_create, programme=portfolio.setup.programme, title="Nytt", by=viewer)
    refused(measures.measure_update, measure=measure, title="Endret", by=viewer)
    refused(measures.measure_set_status, measure=measure, status="planned", by=viewer)
    refused(benefits.benefit_add, measure=measure, description="Gevinst", by=viewer)
    assert not Measure.objects.filter(title__in=["Nytt", "Endret"]).exists()
    measure.refresh_from_db()
    assert measure.status == "idea"


def test_a_coordinator_proposes_and_moves_measures_only_in_their_own_sub_programme(
    portfolio, tenants
):
    coordinator = tenants.users[Role.COORDINATOR]
    setup = portfolio.setup
    refused(
        measures.measure_create,
        programme=setup.programme,
        title="Utenfor",
        sub_programme=setup.employment,
        by=coordinator,
    )
    refused(measures.measure_create, programme=setup.programme, title="Uten", by=coordinator)
    refused(
        measures.measure_update,
        measure=portfolio.meeting_places,
        sub_programme=setup.employment,
        by=coordinator,
    )
    own = measures.measure_create(
        programme=setup.programme, title="Egen", sub_programme=setup.housing, by=coordinator
    )
    assert own.sub_programme == setup.housing


def test_plan_criteria_and_scenario_services_refuse_a_viewer(portfolio, tenants):
    viewer = tenants.users[Role.VIEWER]
    setup = portfolio.setup
    refused(
        action_plans.action_plan_create,
        programme=setup.programme,
        sub_programme=setup.housing,
        year=2024,
        by=viewer,
    )
    assert not ActionPlan.objects.exists()
    plan = action_plans.action_plan_create(
        programme=setup.programme, sub_programme=setup.housing, year=2024, by=None
    )
    refused(action_plans.action_plan_update, plan=plan, summary="Nei", by=viewer)
    refused(action_plans.action_plan_add_measure, plan=plan, measure=portfolio.reading, by=viewer)
    refused(action_plans.action_plan_submit, plan=plan, by=viewer)
    plan.refresh_from_db()
    assert (plan.state, plan.summary) == (PlanState.DRAFT, "")
    refused(criteria.criteria_set_create, programme=setup.programme, name="Sett", by=viewer)
    assert not CriteriaSet.objects.exists()
    criteria_set = criteria.criteria_set_create(programme=setup.programme, name="Sett", by=None)
    refused(criteria.criteria_set_remove, criteria_set=criteria_set, by=viewer)
    refused(
        scenarios.scenario_save,
        programme=setup.programme,
        criteria_set=criteria_set,
        name="Scenario",
        year=2024,
        budget=Decimal(500_000),
        by=viewer,
    )


def test_a_measures_costs_staff_and_milestones_refuse_a_viewer(portfolio, tenants):
    viewer = tenants.users[Role.VIEWER]
    measure = portfolio.meeting_places
    cost = measure.costs.get()
    milestone = measures.milestone_add(
        by=None, measure=measure, title="Oppstart", due_on=date(2024, 6, 1)
    )
    unit = unit_create(by=None, municipality=measure.municipality, name="NAV")
    allocation = measures.staff_allocation_add(
        by=None, measure=measure, year=2024, share=Decimal(20), unit=unit
    )
    refusals = [
        lambda: measures.measure_cost_set(by=viewer, measure=measure, year=2025, amount=Decimal(1)),
        lambda: measures.measure_cost_remove(by=viewer, cost=cost),
        lambda: measures.staff_allocation_add(
            by=viewer, measure=measure, year=2025, share=Decimal(10), unit=unit
        ),
        lambda: measures.staff_allocation_remove(by=viewer, allocation=allocation),
        lambda: measures.milestone_add(
            by=viewer, measure=measure, title="Ny", due_on=date(2024, 9, 1)
        ),
        lambda: measures.milestone_set_done(
            by=viewer, milestone=milestone, done_on=date(2024, 6, 2)
        ),
        lambda: measures.milestone_remove(by=viewer, milestone=milestone),
        lambda: measures.measure_delete(by=viewer, measure=measure),
        lambda: measures.year_budget_set(
            by=viewer, programme=measure.programme, year=2024, amount=Decimal(1)
        ),
    ]
    for call in refusals:
        with pytest.raises(PermissionDenied):
            call()
    assert [c.year for c in measure.costs.all()] == [2024]
    assert [a.year for a in measure.staff.all()] == [2024]
    milestone.refresh_from_db()
    assert (milestone.done_on, measure.milestones.count()) == (None, 1)
    assert Measure.objects.filter(pk=measure.pk).exists()
    assert not measure.programme.year_budgets.exists()
    # The coordinator of the measure's sub-programme does what the viewer may not.
    coordinator = tenants.users[Role.COORDINATOR]
    measures.milestone_set_done(by=coordinator, milestone=milestone, done_on=date(2024, 6, 2))
    measures.milestone_remove(by=coordinator, milestone=milestone)
    assert not measure.milestones.exists()
