"""API routes for measures (tiltak) and their benefits.

Measures are internal: the caller needs a role in the programme's municipality; another
municipality's programme or measure answers 404. Writes follow the pages' permissions.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema

from omrade.api.auth import SIGNED_IN, visible_or_404
from omrade.common.params import Count, Day, Id, Money, Year
from omrade.portfolio import selectors
from omrade.portfolio.models import BenefitKind, Measure, MeasureKind, MeasureStatus
from omrade.portfolio.permissions import (
    can_edit_measure,
    can_propose_measure,
    can_propose_measure_in,
)
from omrade.portfolio.services import measures as services
from omrade.programmes.models import Programme

router = Router(tags=["portfolio"])


class CostOut(Schema):
    year: int
    amount: Decimal
    note: str


class StaffOut(Schema):
    year: int
    person: str | None
    unit: str | None
    share: Decimal


class MilestoneOut(Schema):
    title: str
    due_on: date
    done_on: date | None


class BenefitOut(Schema):
    id: int
    kind: BenefitKind
    description: str
    goal_id: int | None
    indicator: str
    unit: str
    baseline_value: float | None
    baseline_on: date | None
    target_value: float | None
    target_on: date | None
    latest_value: float | None
    latest_on: date | None
    owner: str | None
    status: Literal["on_track", "at_risk", "off_track", "no_data"]


class MeasureOut(Schema):
    id: int
    programme_id: int
    kind: MeasureKind
    title: str
    description: str
    sub_programme: str | None
    sub_programme_id: int | None
    status: MeasureStatus
    stop_reason: str
    progress: int
    responsible_unit: str | None
    contact_person: str | None
    partners: list[str]
    target_group: str
    age_from: int | None
    age_to: int | None
    starts_on: date | None
    ends_on: date | None
    goal_ids: list[int]
    areas: list[str]
    costs: list[CostOut]
    project_code: str  # the accounts' project number (prosjektnummer)
    responsibility_code: str  # ansvar
    service_code: str  # tjeneste
    ordinary_operations: bool
    synthetic: bool


class MeasureDetailOut(MeasureOut):
    risks: list[str]
    staff: list[StaffOut]
    milestones: list[MilestoneOut]
    benefits: list[BenefitOut]


class MeasureIn(Schema):
    title: str
    kind: MeasureKind = MeasureKind.PROJECT
    description: str = ""
    sub_programme_id: Id | None = None
    goal_ids: list[Id] = []
    target_group: str = ""
    age_from: Count | None = None
    age_to: Count | None = None
    starts_on: Day | None = None
    ends_on: Day | None = None
    costs: dict[Year, Money] = {}
    project_code: str = Field("", max_length=40)
    responsibility_code: str = Field("", max_length=40)
    service_code: str = Field("", max_length=40)
    ordinary_operations: bool = False


class StatusIn(Schema):
    status: MeasureStatus
    stop_reason: str = ""


def _measure(request: HttpRequest, measure_id: Id) -> Measure:
    measures = Measure.objects.select_related("programme__municipality", "sub_programme")
    return visible_or_404(request, measures, measure_id)


def _summary(measure: Measure) -> dict[str, Any]:
    return {
        "id": measure.pk,
        "programme_id": measure.programme_id,
        "kind": measure.kind,
        "title": measure.title,
        "description": measure.description,
        "sub_programme": measure.sub_programme.name if measure.sub_programme else None,
        "sub_programme_id": measure.sub_programme_id,
        "status": measure.status,
        "stop_reason": measure.stop_reason,
        "progress": measure.progress,
        "responsible_unit": str(measure.responsible_unit) if measure.responsible_unit else None,
        "contact_person": str(measure.contact_person) if measure.contact_person else None,
        "partners": [str(partner) for partner in measure.partners.all()],
        "target_group": measure.target_group,
        "age_from": measure.age_from,
        "age_to": measure.age_to,
        "starts_on": measure.starts_on,
        "ends_on": measure.ends_on,
        "goal_ids": [goal.pk for goal in measure.goals.all()],
        "areas": [area.code for area in measure.areas.all()],
        "costs": [
            {"year": cost.year, "amount": cost.amount, "note": cost.note}
            for cost in measure.costs.all()
        ],
        "project_code": measure.project_code,
        "responsibility_code": measure.responsibility_code,
        "service_code": measure.service_code,
        "ordinary_operations": measure.ordinary_operations,
        "synthetic": measure.synthetic,
    }


def _detail(measure: Measure) -> dict[str, Any]:
    return {
        **_summary(measure),
        "risks": measure.risk_list,
        "staff": [
            {
                "year": allocation.year,
                "person": str(allocation.person) if allocation.person else None,
                "unit": str(allocation.unit) if allocation.unit else None,
                "share": allocation.share,
            }
            for allocation in selectors.staff_of(measure)
        ],
        "milestones": [
            {"title": m.title, "due_on": m.due_on, "done_on": m.done_on}
            for m in measure.milestones.all()
        ],
        "benefits": [
            {
                "id": status.benefit.pk,
                "kind": status.benefit.kind,
                "description": status.benefit.description,
                "goal_id": status.benefit.goal_id,
                "indicator": status.benefit.indicator,
                "unit": status.benefit.unit,
                "baseline_value": status.benefit.baseline_value,
                "baseline_on": status.benefit.baseline_on,
                "target_value": status.benefit.target_value,
                "target_on": status.benefit.target_on,
                "latest_value": status.latest.value if status.latest else None,
                "latest_on": status.latest.measured_on if status.latest else None,
                "owner": str(status.benefit.owner) if status.benefit.owner else None,
                "status": status.status,
            }
            for status in selectors.benefits_of(measure)
        ],
    }


@router.get("/programmes/{programme_id}/measures", response=list[MeasureOut], auth=SIGNED_IN)
def list_measures(
    request: HttpRequest, programme_id: Id, year: Year | None = None, status: str = ""
) -> list[dict[str, Any]]:
    programme = visible_or_404(request, Programme.objects.all(), programme_id)
    measures = selectors.measures_of(programme, year=year, status=status)
    return [_summary(measure) for measure in measures.prefetch_related("goals", "partners")]


@router.post(
    "/programmes/{programme_id}/measures", response={201: MeasureDetailOut}, auth=SIGNED_IN
)
def create_measure(
    request: HttpRequest, programme_id: Id, payload: MeasureIn
) -> tuple[int, dict[str, Any]]:
    programme = visible_or_404(request, Programme.objects.all(), programme_id)
    if not can_propose_measure(request.user, programme):
        raise PermissionDenied("You may not propose measures in this programme")
    sub_programme = None
    if payload.sub_programme_id is not None:
        sub_programme = programme.sub_programmes.filter(pk=payload.sub_programme_id).first()
        if sub_programme is None:
            raise ValidationError({"sub_programme_id": "not a sub-programme of this programme"})
    if not can_propose_measure_in(request.user, programme, sub_programme):
        raise PermissionDenied("Coordinators propose measures in their own sub-programme only")
    goals = list(programme.goals.filter(pk__in=payload.goal_ids))
    if len(goals) != len(set(payload.goal_ids)):
        raise ValidationError({"goal_ids": "not all are goals of this programme"})
    fields = payload.dict(exclude={"sub_programme_id", "goal_ids", "costs"})
    measure = services.measure_create(
        programme=programme,
        sub_programme=sub_programme,
        goals=goals,
        costs=payload.costs,
        by=request.user,
        **fields,
    )
    return 201, _detail(measure)


@router.get("/measures/{measure_id}", response=MeasureDetailOut, auth=SIGNED_IN)
def get_measure(request: HttpRequest, measure_id: Id) -> dict[str, Any]:
    return _detail(_measure(request, measure_id))


@router.post("/measures/{measure_id}/status", response=MeasureDetailOut, auth=SIGNED_IN)
def set_measure_status(request: HttpRequest, measure_id: Id, payload: StatusIn) -> dict[str, Any]:
    measure = _measure(request, measure_id)
    if not can_edit_measure(request.user, measure):
        raise PermissionDenied("You may not change this measure")
    services.measure_set_status(
        measure=measure, status=payload.status, stop_reason=payload.stop_reason, by=request.user
    )
    return _detail(measure)
