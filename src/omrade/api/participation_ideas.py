"""API routes for ideas and the input register.

- `GET /api/municipalities/{code}/ideas`: the public ideas with status and feedback
  (anyone; never an e-mail address, hidden ideas without their text).
- `POST /api/municipalities/{code}/ideas`: submit an idea (anyone, no account) with the same
  checks as the page: the honeypot field `nettside` must be empty, the rate limit answers
  429, bad input 400 naming the field. Photos are sent through the page's form, not here.
- `GET /api/municipalities/{code}/input-register`: the register (staff; interviews only for
  programme staff), with the page's filters as query parameters.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema

from omrade.api.auth import PUBLIC, SIGNED_IN, municipality_for, public_municipality
from omrade.api.errors import ApiError, ErrorOut
from omrade.areas.models import Area
from omrade.common.params import Day, Id
from omrade.participation.core import register
from omrade.participation.core.abuse import honeypot_filled, refusal_message, too_many_message
from omrade.participation.core.models import Theme
from omrade.participation.core.permissions import can_view_participation
from omrade.participation.ideas import selectors
from omrade.participation.ideas.http import client_hash, over_limit
from omrade.participation.ideas.models import Idea, IdeaSource, IdeaStatus
from omrade.participation.ideas.services import ideas as services
from omrade.programmes.models import Programme

router = Router(tags=["participation"])


class FeedbackOut(Schema):
    at: dt.datetime
    status: IdeaStatus
    text: str
    measure: str | None
    measure_description: str | None
    action_plan: str | None


class IdeaOut(Schema):
    id: int
    hidden: bool
    hidden_reason: str
    title: str | None
    text: str | None
    area_id: int | None
    area: str | None
    theme_id: int | None
    theme: str | None
    status: IdeaStatus
    status_label: str
    not_taken_reason: str
    source: IdeaSource
    created_at: dt.datetime
    supports: int
    has_photo: bool
    feedback: list[FeedbackOut]
    synthetic: bool


class IdeaIn(Schema):
    title: str
    text: str
    area_id: Id | None = None
    theme_id: Id | None = None
    programme_id: Id | None = None
    email: str = ""
    nettside: str = ""  # the honeypot: robots fill it, people never see it


class InputItemOut(Schema):
    kind: str
    id: int
    date: dt.date
    text: str
    themes: list[str]
    area: str | None
    sub_programme: str | None
    goals: list[str]
    measures: list[str]
    url: str


def _idea_out(idea: Idea) -> dict[str, Any]:
    hidden = idea.is_hidden
    return {
        "id": idea.pk,
        "hidden": hidden,
        "hidden_reason": idea.hidden_reason if hidden else "",
        "title": None if hidden else idea.title,
        "text": None if hidden else idea.text,
        "area_id": idea.area_id,
        "area": idea.area.name if idea.area else None,
        "theme_id": idea.theme_id,
        "theme": idea.theme.name if idea.theme else None,
        "status": idea.status,
        "status_label": idea.get_status_display(),
        "not_taken_reason": idea.not_taken_reason,
        "source": idea.source,
        "created_at": idea.created_at,
        "supports": getattr(idea, "support_count", 0),
        "has_photo": bool(idea.photo) and not hidden,
        "feedback": [
            {
                "at": change.changed_at,
                "status": change.to_status,
                "text": change.feedback,
                "measure": change.measure.title if change.measure else None,
                "measure_description": change.measure.description if change.measure else None,
                "action_plan": str(change.action_plan) if change.action_plan else None,
            }
            for change in selectors.public_feedback(idea)
        ],
        "synthetic": idea.synthetic,
    }


@router.get("/municipalities/{code}/ideas", response=list[IdeaOut], auth=PUBLIC)
def list_ideas(
    request: HttpRequest,
    code: str,
    area: Id | None = None,
    theme: Id | None = None,
    status: str | None = None,
) -> list[dict[str, Any]]:
    municipality = public_municipality(code)
    filters = selectors.IdeaFilters(area=area, theme=theme, status=status or None)
    return [_idea_out(idea) for idea in selectors.public_ideas(municipality, filters)]


@router.post(
    "/municipalities/{code}/ideas",
    response={201: IdeaOut, 429: ErrorOut},
    auth=PUBLIC,
)
def submit_idea(request: HttpRequest, code: str, payload: IdeaIn) -> tuple[int, dict[str, Any]]:
    municipality = public_municipality(code)
    if over_limit(request, municipality, "idea"):
        raise ApiError(429, too_many_message())
    if honeypot_filled(payload.dict()):
        raise ValidationError(refusal_message())

    def linked(model: Any, pk: int | None, field: str) -> Any:
        if pk is None:
            return None
        found = model.objects.in_municipality(municipality).filter(pk=pk).first()
        if found is None:
            raise ValidationError({field: "Unknown in this municipality."})
        return found

    programmes = list(selectors.programmes_of(municipality)[:2])
    programme = linked(Programme, payload.programme_id, "programme_id")
    if programme is None and len(programmes) == 1:
        programme = programmes[0]
    idea = services.idea_submit(
        municipality=municipality,
        title=payload.title,
        text=payload.text,
        area=linked(Area, payload.area_id, "area_id"),
        theme=linked(Theme, payload.theme_id, "theme_id"),
        programme=programme,
        email=payload.email,
        client_hash=client_hash(request, municipality),
    )
    idea = Idea.objects.select_related("area", "theme").get(pk=idea.pk)
    return 201, _idea_out(idea)


@router.get("/municipalities/{code}/input-register", response=list[InputItemOut], auth=SIGNED_IN)
def list_input_register(
    request: HttpRequest,
    code: str,
    q: str | None = None,
    kind: str | None = None,
    theme: Id | None = None,
    area: Id | None = None,
    sub_programme: Id | None = None,
    since: Day | None = None,
    until: Day | None = None,
) -> list[dict[str, Any]]:
    municipality = municipality_for(request, code, can_view_participation)
    return [
        {
            "kind": item.kind,
            "id": item.id,
            "date": item.date,
            "text": item.text,
            "themes": item.themes,
            "area": item.area,
            "sub_programme": item.sub_programme,
            "goals": item.goals,
            "measures": item.measures,
            "url": item.url,
        }
        for item in register.input_register(
            municipality=municipality,
            user=request.user,
            q=q,
            kind=kind,
            theme=theme,
            area=area,
            sub_programme=sub_programme,
            since=since,
            until=until,
        )
    ]
