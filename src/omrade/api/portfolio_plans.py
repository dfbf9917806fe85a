"""API routes for annual action plans and progress reports.

The caller needs a role in the programme's municipality; another municipality's programme
or plan answers 404. Transitions follow the pages: 403 when the caller never takes the step
(or not from this state), 400 with the message when the table or the service refuses.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, QueryDict
from ninja import Router, Schema

from omrade.api.auth import SIGNED_IN, visible_or_404
from omrade.common.params import Id
from omrade.portfolio import selectors_plans as selectors
from omrade.portfolio.models import ActionPlan, PlanState, Rag
from omrade.portfolio.permissions import can_act_as
from omrade.portfolio.services import action_plans as services
from omrade.portfolio.services import progress as progress_services
from omrade.portfolio.workflow import PlanAction, plan_actions_for, plan_actors_of
from omrade.programmes.models import Programme

router = Router(tags=["portfolio"])
TWO_PLACES = Decimal("0.01")


class ActionPlanSummaryOut(Schema):
    id: int
    sub_programme_id: int
    sub_programme: str
    year: int
    version: int
    state: PlanState
    item_count: int
    total_cost: Decimal
    approved_at: datetime | None


class ActionPlanItemOut(Schema):
    id: int
    measure_id: int
    measure: str
    cost: Decimal
    note: str
    goal_ids: list[int]


class HistoryOut(Schema):
    at: datetime
    actor: str | None
    action: str
    summary: str
    state_from: str | None
    state_to: str | None
    comment: str


class ActionPlanOut(Schema):
    id: int
    programme_id: int
    sub_programme_id: int
    sub_programme: str
    year: int
    version: int
    previous_id: int | None
    state: PlanState
    summary: str
    return_comment: str
    approved_at: datetime | None
    total_cost: Decimal
    items: list[ActionPlanItemOut]
    allowed_actions: list[PlanAction]  # what the caller may do now
    history: list[HistoryOut]


class TransitionIn(Schema):
    action: str = ""
    comment: str = ""


class ProgressReportOut(Schema):
    measure_id: int
    measure: str
    sub_programme: str | None
    contact_person: str | None
    coordinator: str | None
    reported: bool
    rag: Rag | None
    text: str | None
    reported_at: datetime | None


class ProgressOut(Schema):
    period: str
    measures: list[ProgressReportOut]
    missing: list[int]  # the measures that have not reported


def _plan(request: HttpRequest, plan_id: Id) -> ActionPlan:
    plans = ActionPlan.objects.select_related("sub_programme")
    return visible_or_404(request, plans, plan_id, municipality="programme__municipality")


def _plan_out(request: HttpRequest, plan: ActionPlan) -> dict[str, Any]:
    items = selectors.plan_items(plan)
    return {
        "id": plan.pk,
        "programme_id": plan.programme_id,
        "sub_programme_id": plan.sub_programme_id,
        "sub_programme": plan.sub_programme.name,
        "year": plan.year,
        "version": plan.version,
        "previous_id": plan.previous_id,
        "state": plan.state,
        "summary": plan.summary,
        "return_comment": plan.return_comment,
        "approved_at": plan.approved_at,
        "total_cost": selectors.items_total(items),
        "items": [
            {
                "id": item.pk,
                "measure_id": item.measure_id,
                "measure": item.measure.title,
                "cost": item.cost,
                "note": item.note,
                "goal_ids": [goal.pk for goal in item.measure.goals.all()],
            }
            for item in items
        ],
        "allowed_actions": [action.value for action in plan_actions_for(request.user, plan)],
        "history": [asdict(entry) for entry in selectors.plan_history(plan)],
    }


@router.get(
    "/programmes/{programme_id}/action-plans",
    response=list[ActionPlanSummaryOut],
    auth=SIGNED_IN,
)
def list_action_plans(request: HttpRequest, programme_id: Id) -> list[dict[str, Any]]:
    programme = visible_or_404(request, Programme.objects.all(), programme_id)
    return [
        {
            "id": plan.pk,
            "sub_programme_id": plan.sub_programme_id,
            "sub_programme": plan.sub_programme.name,
            "year": plan.year,
            "version": plan.version,
            "state": plan.state,
            "item_count": plan.item_count,  # type: ignore[attr-defined]
            # SQLite returns sums without their scale: kroner with øre, as stored.
            "total_cost": Decimal(plan.total).quantize(TWO_PLACES),  # type: ignore[attr-defined]
            "approved_at": plan.approved_at,
        }
        for plan in selectors.plans_of(programme)
    ]


@router.get("/action-plans/{plan_id}", response=ActionPlanOut, auth=SIGNED_IN)
def get_action_plan(request: HttpRequest, plan_id: Id) -> dict[str, Any]:
    return _plan_out(request, _plan(request, plan_id))


@router.post(
    "/action-plans/{plan_id}/transitions",
    response={200: ActionPlanOut},
    auth=SIGNED_IN,
)
def transition_action_plan(
    request: HttpRequest, plan_id: Id, payload: TransitionIn
) -> dict[str, Any]:
    plan = _plan(request, plan_id)
    actors = plan_actors_of(payload.action)
    if not actors:
        raise ValidationError({"action": f"unknown action «{payload.action}»"})
    if not any(
        can_act_as(request.user, actor, plan.programme, plan.sub_programme) for actor in actors
    ):
        raise PermissionDenied("You may not take this step")
    services.action_plan_transition(
        plan=plan, action=payload.action, by=request.user, comment=payload.comment
    )
    return _plan_out(request, plan)


@router.get("/programmes/{programme_id}/progress", response=ProgressOut, auth=SIGNED_IN)
def programme_progress(request: HttpRequest, programme_id: Id, period: str = "") -> dict[str, Any]:
    programme = visible_or_404(request, Programme.objects.all(), programme_id)
    if period:
        tertial = progress_services.tertial_of(period)
    else:  # the latest tertial with reports, as the progress page shows
        tertial = selectors.progress_period_choice(programme, QueryDict()).chosen
    rows = selectors.progress_overview(programme=programme, period=tertial)
    return {
        "period": tertial.code,
        "measures": [
            {
                "measure_id": row.measure.pk,
                "measure": row.measure.title,
                "sub_programme": row.measure.sub_programme.name
                if row.measure.sub_programme
                else None,
                "contact_person": row.contact_person.name if row.contact_person else None,
                "coordinator": row.coordinator.name if row.coordinator else None,
                "reported": row.report is not None,
                "rag": row.report.rag if row.report else None,
                "text": row.report.text if row.report else None,
                "reported_at": row.report.reported_at if row.report else None,
            }
            for row in rows
        ],
        "missing": [row.measure.pk for row in rows if row.report is None],
    }
