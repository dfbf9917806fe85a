"""API routes for a programme's meetings, decisions, follow-up actions and barriers.

What a caller gets follows the pages: public items only for those who may not see a body's
internal items (`can_see_internal_items`); another municipality's programme answers 404.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from omrade.api.auth import SIGNED_IN, visible_or_404
from omrade.common.params import Id
from omrade.programmes import selectors_meetings as selectors
from omrade.programmes.models import (
    ActionStatus,
    BarrierLevel,
    BarrierStatus,
    BodyKind,
    Programme,
)

router = Router(tags=["programmes"])


class AgendaItemOut(Schema):
    number: int
    title: str
    description: str
    is_public: bool


class MeetingOut(Schema):
    id: int
    body: str
    body_kind: BodyKind
    starts_at: datetime
    place: str
    is_public: bool
    agenda: list[AgendaItemOut]
    minutes: str


class DecisionOut(Schema):
    id: int
    reference: str
    meeting_id: int
    body: str
    agenda_item: str | None
    text: str
    is_public: bool


class ActionOut(Schema):
    id: int
    meeting_id: int
    decision: str | None
    text: str
    owner: str | None
    owner_unit: str | None
    due_date: date | None
    status: ActionStatus
    overdue: bool
    done_at: datetime | None


class BarrierOut(Schema):
    id: int
    title: str
    description: str
    sub_programme: str | None
    level: BarrierLevel
    status: BarrierStatus
    registered_at: datetime
    resolution: str
    resolved_at: datetime | None


@router.get("/programmes/{programme_id}/meetings", response=list[MeetingOut], auth=SIGNED_IN)
def list_meetings(request: HttpRequest, programme_id: Id) -> list[dict[str, Any]]:
    programme = visible_or_404(request, Programme.objects.all(), programme_id)
    internal = selectors.internal_body_ids(request.user, programme)
    return [
        {
            "id": meeting.pk,
            "body": meeting.body.name,
            "body_kind": meeting.body.kind,
            "starts_at": meeting.starts_at,
            "place": meeting.place,
            "is_public": meeting.is_public,
            "agenda": [
                {
                    "number": item.number,
                    "title": item.title,
                    "description": item.description,
                    "is_public": item.is_public,
                }
                for item in selectors.agenda_of(meeting, internal=meeting.body_id in internal)
            ],
            "minutes": meeting.minutes,
        }
        for meeting in selectors.meetings_of(programme, request.user, internal=internal)
    ]


@router.get("/programmes/{programme_id}/decisions", response=list[DecisionOut], auth=SIGNED_IN)
def list_decisions(request: HttpRequest, programme_id: Id) -> list[dict[str, Any]]:
    programme = visible_or_404(request, Programme.objects.all(), programme_id)
    return [
        {
            "id": decision.pk,
            "reference": decision.reference,
            "meeting_id": decision.meeting_id,
            "body": decision.meeting.body.name,
            "agenda_item": str(decision.agenda_item) if decision.agenda_item else None,
            "text": decision.text,
            "is_public": decision.is_public,
        }
        for decision in selectors.decisions_of(programme, request.user)
    ]


@router.get("/programmes/{programme_id}/actions", response=list[ActionOut], auth=SIGNED_IN)
def list_actions(request: HttpRequest, programme_id: Id) -> list[dict[str, Any]]:
    programme = visible_or_404(request, Programme.objects.all(), programme_id)
    return [
        {
            "id": action.pk,
            "meeting_id": action.meeting_id,
            "decision": action.decision.reference if action.decision else None,
            "text": action.text,
            "owner": action.owner.name if action.owner else None,
            "owner_unit": action.owner_unit.name if action.owner_unit else None,
            "due_date": action.due_date,
            "status": action.status,
            "overdue": action.is_overdue,
            "done_at": action.done_at,
        }
        for action in selectors.actions_of(programme, request.user)
    ]


@router.get("/programmes/{programme_id}/barriers", response=list[BarrierOut], auth=SIGNED_IN)
def list_barriers(request: HttpRequest, programme_id: Id) -> list[dict[str, Any]]:
    programme = visible_or_404(request, Programme.objects.all(), programme_id)
    return [
        {
            "id": barrier.pk,
            "title": barrier.title,
            "description": barrier.description,
            "sub_programme": barrier.sub_programme.name if barrier.sub_programme else None,
            "level": barrier.level,
            "status": barrier.status,
            "registered_at": barrier.registered_at,
            "resolution": barrier.resolution,
            "resolved_at": barrier.resolved_at,
        }
        for barrier in selectors.barriers_of(programme)
    ]
