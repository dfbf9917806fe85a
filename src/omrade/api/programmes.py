"""API routes for programmes: the programme with sub-programmes, goal tree and governance.

Programmes are internal: the caller needs a role in the programme's municipality.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema

from omrade.api.auth import SIGNED_IN, municipality_for, visible_or_404
from omrade.common.params import Id
from omrade.programmes import selectors
from omrade.programmes.models import (
    BodyKind,
    GoalKind,
    MemberRole,
    PartTerms,
    Programme,
    ProgrammeStatus,
    RoleKind,
)
from omrade.programmes.selectors import GoalNode

router = Router(tags=["programmes"])


class ProgrammeOut(Schema):
    id: int
    municipality: str
    name: str
    start_year: int
    end_year: int
    status: ProgrammeStatus
    areas: list[str]
    part_terms: PartTerms  # what the programme calls its parts and areas


class SubProgrammeOut(Schema):
    id: int
    name: str
    coordinator: str | None
    coordinator_share: float | None


class GoalIndicatorOut(Schema):
    name: str
    area: str | None
    baseline_value: float | None
    baseline_year: int | None
    latest_value: float | None
    latest_year: int | None
    target_value: float | None
    target_year: int | None
    status: Literal["on_track", "at_risk", "off_track", "no_data"]


class GoalOut(Schema):
    id: int
    kind: GoalKind
    text: str
    sub_programme: str | None
    indicators: list[GoalIndicatorOut]
    children: list[GoalOut]


class HolderOut(Schema):
    name: str
    share: float | None
    note: str


class RoleOut(Schema):
    kind: RoleKind
    title: str
    purpose: str
    duties: list[str]
    success_factors: list[str]
    holders: list[HolderOut]


class MemberOut(Schema):
    name: str
    office: str
    role: MemberRole
    from_date: str | None
    to_date: str | None


class BodyOut(Schema):
    kind: BodyKind
    name: str
    sub_programme: str | None
    purpose: str
    members: list[MemberOut]


class ProgrammeDetailOut(ProgrammeOut):
    political_basis: str
    mandate: str
    target_groups: str
    themes: str
    network: str
    sub_programmes: list[SubProgrammeOut]
    goals: list[GoalOut]
    roles: list[RoleOut]
    bodies: list[BodyOut]


def _summary(programme: Programme) -> dict[str, Any]:
    return {
        "id": programme.id,
        "municipality": programme.municipality.code,
        "name": programme.name,
        "start_year": programme.start_year,
        "end_year": programme.end_year,
        "status": programme.status,
        "areas": [area.code for area in programme.areas.all()],
        "part_terms": programme.part_terms,
    }


def _goal(node: GoalNode) -> dict[str, Any]:
    return {
        "id": node.goal.id,
        "kind": node.goal.kind,
        "text": node.goal.text,
        "sub_programme": node.goal.sub_programme.name if node.goal.sub_programme else None,
        "indicators": [
            {
                "name": str(status.goal_indicator),
                "area": status.goal_indicator.area.code if status.goal_indicator.area else None,
                "baseline_value": status.baseline_value,
                "baseline_year": status.baseline_year,
                "latest_value": status.latest_value,
                "latest_year": status.latest_year,
                "target_value": status.goal_indicator.target_value,
                "target_year": status.goal_indicator.target_year,
                "status": status.status,
            }
            for status in node.indicators
        ],
        "children": [_goal(child) for child in node.children],
    }


@router.get("/programmes", response=list[ProgrammeOut], auth=SIGNED_IN)
def list_programmes(request: HttpRequest, municipality: str) -> list[dict[str, Any]]:
    found = municipality_for(request, municipality)
    return [_summary(programme) for programme in selectors.programmes_in(found)]


@router.get("/programmes/{programme_id}", response=ProgrammeDetailOut, auth=SIGNED_IN)
def get_programme(request: HttpRequest, programme_id: Id) -> dict[str, Any]:
    programme = visible_or_404(request, Programme.objects.all(), programme_id)
    return {
        **_summary(programme),
        "political_basis": programme.political_basis,
        "mandate": programme.mandate,
        "target_groups": programme.target_groups,
        "themes": programme.themes,
        "network": programme.network,
        "sub_programmes": [
            {
                "id": sub.id,
                "name": sub.name,
                "coordinator": str(sub.coordinator) if sub.coordinator else None,
                "coordinator_share": float(sub.coordinator_share)
                if sub.coordinator_share is not None
                else None,
            }
            for sub in selectors.sub_programmes_of(programme)
        ],
        "goals": [_goal(node) for node in selectors.goal_tree(programme, request.user)],
        "roles": [
            {
                "kind": role.kind,
                "title": str(role),
                "purpose": role.purpose,
                "duties": role.duty_list,
                "success_factors": role.success_factor_list,
                "holders": [
                    {
                        "name": holder.display_name,
                        "share": float(holder.share) if holder.share is not None else None,
                        "note": holder.note,
                    }
                    for holder in role.holders.all()
                ],
            }
            for role in programme.roles.prefetch_related(
                "holders__person", "holders__unit", "holders__organisation"
            )
        ],
        "bodies": [
            {
                "kind": body.kind,
                "name": body.name,
                "sub_programme": body.sub_programme.name if body.sub_programme else None,
                "purpose": body.purpose,
                "members": [
                    {
                        "name": member.display_name,
                        "office": member.office,
                        "role": member.role,
                        "from_date": member.from_date.isoformat() if member.from_date else None,
                        "to_date": member.to_date.isoformat() if member.to_date else None,
                    }
                    for member in body.members.all()
                ],
            }
            for body in programme.bodies.select_related("sub_programme").prefetch_related(
                "members__person", "members__unit", "members__organisation"
            )
        ],
    }
