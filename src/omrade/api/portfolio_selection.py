"""API routes for selection under a budget, saved scenarios and resource conflicts.

The caller needs a role in the programme's municipality; another municipality's programme
or scenario answers 404. Computing a selection saves nothing, so every reader may do it.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema

from omrade.api.auth import SIGNED_IN, visible_or_404
from omrade.common.params import Id, Money, Year
from omrade.portfolio import conflicts as conflict_selectors
from omrade.portfolio import selectors_selection as selectors
from omrade.portfolio.models import ConflictKind, CriteriaSet, Scenario
from omrade.portfolio.selectors_selection import Reason, SelectionOutcome, SelectionRow
from omrade.programmes.models import Programme

router = Router(tags=["portfolio"])


class SelectionIn(Schema):
    """Every field is optional here so that missing ones are named in a 400 after the
    programme is found (another municipality's programme stays a 404)."""

    year: Year | None = None
    budget: Money | None = None  # kroner; omitted: the year's YearBudget
    force_in: list[Id] = []
    force_out: list[Id] = []
    staff_limit: Money | None = None  # percent of a position
    criteria_set: Id | None = None  # omitted: the programme's first criteria set


class SelectionRowOut(Schema):
    measure_id: int
    title: str
    sub_programme: str | None
    cost: float | None
    score: float | None
    staff: float
    selected: bool
    reason: Reason


class SelectionOut(Schema):
    selected: list[int]
    total_cost: float
    total_score: float
    total_staff: float
    budget: float
    budget_left: float
    staff_limit: float | None
    staff_left: float | None
    year: int
    criteria_set: int
    measures: list[SelectionRowOut]


class ScenarioOut(Schema):
    id: int
    name: str
    year: int
    budget: float
    staff_limit: float | None
    criteria_set: int
    selected: list[int]
    forced_in: list[int]
    forced_out: list[int]
    total_cost: float
    total_score: float
    budget_left: float
    created_at: datetime


class ScenarioDetailOut(ScenarioOut):
    stale: bool  # recomputing on today's figures would give another result
    measures: list[SelectionRowOut]


class ConflictOut(Schema):
    key: str
    kind: ConflictKind
    year: int
    subject: str
    text: str
    asked: float
    available: float | None
    excess: float
    unit: str
    measures: list[int]
    resolved: bool
    decision: str | None
    note: str


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _row(row: SelectionRow) -> dict[str, Any]:
    return {
        "measure_id": row.measure.pk,
        "title": row.measure.title,
        "sub_programme": row.measure.sub_programme.name if row.measure.sub_programme else None,
        "cost": _float(row.cost),
        "score": row.score,
        "staff": float(row.staff),
        "selected": row.selected,
        "reason": row.reason.value,
    }


def _outcome(outcome: SelectionOutcome) -> dict[str, Any]:
    result = outcome.result
    return {
        "selected": list(result.selected),
        "total_cost": float(result.total_cost),
        "total_score": result.total_score,
        "total_staff": float(result.total_staff),
        "budget": float(outcome.budget),
        "budget_left": float(result.budget_left),
        "staff_limit": _float(outcome.staff_limit),
        "staff_left": _float(result.staff_left),
        "year": outcome.year,
        "criteria_set": outcome.criteria_set.pk,
        "measures": [_row(row) for row in outcome.rows],
    }


def _scenario(scenario: Scenario) -> dict[str, Any]:
    return {
        "id": scenario.pk,
        "name": scenario.name,
        "year": scenario.year,
        "budget": float(scenario.budget),
        "staff_limit": _float(scenario.staff_limit),
        "criteria_set": scenario.criteria_set_id,
        "selected": sorted(measure.pk for measure in scenario.selected.all()),
        "forced_in": sorted(scenario.forced_in.values_list("pk", flat=True)),
        "forced_out": sorted(scenario.forced_out.values_list("pk", flat=True)),
        "total_cost": float(scenario.total_cost),
        "total_score": scenario.total_score,
        "budget_left": float(scenario.budget - scenario.total_cost),
        "created_at": scenario.created_at,
    }


@router.get("/programmes/{programme_id}/scenarios", response=list[ScenarioOut], auth=SIGNED_IN)
def list_scenarios(request: HttpRequest, programme_id: Id) -> list[dict[str, Any]]:
    programme = visible_or_404(request, Programme.objects.all(), programme_id)
    return [_scenario(scenario) for scenario in selectors.scenarios_of(programme)]


@router.get("/scenarios/{scenario_id}", response=ScenarioDetailOut, auth=SIGNED_IN)
def get_scenario(request: HttpRequest, scenario_id: Id) -> dict[str, Any]:
    scenarios = Scenario.objects.select_related("criteria_set")
    scenario = visible_or_404(
        request, scenarios, scenario_id, municipality="programme__municipality"
    )
    view = selectors.scenario_view(scenario)
    return _scenario(scenario) | {
        "stale": view.stale,
        "measures": [_row(row) for row in view.rows],
    }


@router.post("/programmes/{programme_id}/selection", response=SelectionOut, auth=SIGNED_IN)
def compute_selection(
    request: HttpRequest, programme_id: Id, payload: SelectionIn
) -> dict[str, Any]:
    """The best selection for a year and budget (exact 0/1 knapsack). Saves nothing."""
    programme = visible_or_404(request, Programme.objects.all(), programme_id)
    if payload.year is None:
        raise ValidationError({"year": "required"})
    if payload.criteria_set is None:
        criteria_set = selectors.criteria_sets_of(programme).first()
        if criteria_set is None:
            raise ValidationError({"criteria_set": "the programme has no criteria set"})
    else:
        criteria_set = CriteriaSet.objects.filter(
            pk=payload.criteria_set, programme=programme
        ).first()
        if criteria_set is None:
            raise ValidationError({"criteria_set": f"no criteria set {payload.criteria_set} here"})
    budget = payload.budget
    if budget is None:
        frame = selectors.year_budget_of(programme, payload.year)
        if frame is None:
            raise ValidationError({"budget": f"required (no year budget for {payload.year})"})
        budget = frame.amount
    outcome = selectors.selection_compute(
        programme=programme,
        criteria_set=criteria_set,
        year=payload.year,
        budget=budget,
        staff_limit=payload.staff_limit,
        forced_in=payload.force_in,
        forced_out=payload.force_out,
    )
    return _outcome(outcome)


class ConflictQuery(Schema):
    year: Year | None = None


@router.get("/programmes/{programme_id}/conflicts", response=list[ConflictOut], auth=SIGNED_IN)
def list_conflicts(
    request: HttpRequest, programme_id: Id, filters: Query[ConflictQuery]
) -> list[dict[str, Any]]:
    programme = visible_or_404(request, Programme.objects.all(), programme_id)
    return [
        {
            "key": conflict.key,
            "kind": conflict.kind.value,
            "year": conflict.year,
            "subject": conflict.subject,
            "text": conflict.text,
            "asked": float(conflict.asked),
            "available": _float(conflict.available),
            "excess": float(conflict.excess),
            "unit": conflict.figure_unit,
            "measures": [measure.pk for measure in conflict.measures],
            "resolved": conflict.is_resolved,
            "decision": conflict.resolution.decision.reference if conflict.resolution else None,
            "note": conflict.resolution.note if conflict.resolution else "",
        }
        for conflict in conflict_selectors.conflicts_of(programme, year=filters.year)
    ]
