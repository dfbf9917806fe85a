"""Writes for scenarios (a saved selection under a budget): save, recompute and delete.

Saving runs the selection (`selectors_selection.selection_compute`) and stores its inputs and
its result: the selected measures and the totals. Recomputing runs it again with the stored
inputs on today's costs, staff and scores. Every write is audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from omrade.common.audit import audit_record, changes_between
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.portfolio.models import CriteriaSet, Measure, Scenario
from omrade.portfolio.permissions import can_manage_scenarios
from omrade.portfolio.selectors_selection import SelectionOutcome, selection_compute
from omrade.programmes.models import Programme
from omrade.tenancy.selectors import AnyUser


def _ids(measures: Iterable[Measure | int]) -> list[int]:
    return [item.pk if isinstance(item, Measure) else int(item) for item in measures]


def _state(scenario: Scenario) -> dict[str, object]:
    return {
        "selected": sorted(scenario.selected.values_list("pk", flat=True)),
        "total_cost": scenario.total_cost,
        "total_score": scenario.total_score,
    }


def _store(scenario: Scenario, outcome: SelectionOutcome) -> None:
    scenario.total_cost = outcome.result.total_cost
    scenario.total_score = outcome.result.total_score
    save_validated(scenario)
    scenario.forced_in.set(sorted(outcome.forced_in))
    scenario.forced_out.set(sorted(outcome.forced_out))
    scenario.selected.set(list(outcome.result.selected))


@transaction.atomic
def scenario_save(
    *,
    programme: Programme,
    criteria_set: CriteriaSet,
    name: str,
    year: int,
    budget: Decimal,
    staff_limit: Decimal | None = None,
    forced_in: Iterable[Measure | int] = (),
    forced_out: Iterable[Measure | int] = (),
    by: AnyUser | None,
) -> Scenario:
    """Run the selection and store it as a named scenario. Audited."""
    require(can_manage_scenarios, by, programme.municipality)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Gi scenarioet et navn.")})
    if Scenario.objects.filter(programme=programme, name=name).exists():
        raise ValidationError(
            {"name": _("Programmet har alt et scenario som heter «%(name)s».") % {"name": name}}
        )
    outcome = selection_compute(
        programme=programme,
        criteria_set=criteria_set,
        year=year,
        budget=budget,
        staff_limit=staff_limit,
        forced_in=_ids(forced_in),
        forced_out=_ids(forced_out),
    )
    scenario = Scenario(
        programme=programme,
        criteria_set=criteria_set,
        name=name,
        year=year,
        budget=budget,
        staff_limit=staff_limit,
        created_by_id=by.pk if by is not None and by.is_authenticated else None,
    )
    _store(scenario, outcome)
    audit_record(
        municipality=programme.municipality,
        actor=by,
        action="scenario.saved",
        obj=scenario,
        summary=_("Scenarioet «%(name)s» for %(year)s er lagret.")
        % {"name": scenario.name, "year": year},
        changes=changes_between(
            {},
            {
                "year": year,
                "budget": budget,
                "staff_limit": staff_limit,
                "criteria_set": criteria_set.pk,
                "forced_in": sorted(outcome.forced_in),
                "forced_out": sorted(outcome.forced_out),
                **_state(scenario),
            },
        ),
    )
    return scenario


@transaction.atomic
def scenario_recompute(*, scenario: Scenario, by: AnyUser | None) -> Scenario:
    """Run the scenario's selection again on today's figures. Audited when the result changed."""
    require(can_manage_scenarios, by, scenario.programme.municipality)
    Scenario.objects.select_for_update().filter(pk=scenario.pk).first()
    scenario.refresh_from_db()
    before = _state(scenario)
    outcome = selection_compute(
        programme=scenario.programme,
        criteria_set=scenario.criteria_set,
        year=scenario.year,
        budget=scenario.budget,
        staff_limit=scenario.staff_limit,
        forced_in=scenario.forced_in.values_list("pk", flat=True),
        forced_out=scenario.forced_out.values_list("pk", flat=True),
    )
    _store(scenario, outcome)
    changes = changes_between(before, _state(scenario))
    if changes:
        audit_record(
            municipality=scenario.programme.municipality,
            actor=by,
            action="scenario.recomputed",
            obj=scenario,
            summary=_("Scenarioet «%(name)s» er beregnet på nytt.") % {"name": scenario.name},
            changes=changes,
        )
    return scenario


@transaction.atomic
def scenario_delete(*, scenario: Scenario, by: AnyUser | None) -> None:
    """Remove a scenario. Audited (with what it held)."""
    require(can_manage_scenarios, by, scenario.programme.municipality)
    audit_record(
        municipality=scenario.programme.municipality,
        actor=by,
        action="scenario.deleted",
        obj=scenario,
        summary=_("Scenarioet «%(name)s» er slettet.") % {"name": scenario.name},
        changes=changes_between(_state(scenario), {}),
    )
    scenario.delete()
