"""Reads about meetings, decisions, follow-up actions and barriers that pages and the API share.

What a user sees of a body's meetings follows `can_see_internal_items`: the whole record for
those who may see internal items, otherwise public meetings and, in them, public agenda items
and public decisions only (and the actions of those decisions). An action's owner always
sees the actions they own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from omrade.common.audit import audit_entries_for
from omrade.common.models import AuditEntry
from omrade.programmes.models import (
    UNFINISHED_ACTION_STATUSES,
    AgendaItem,
    Attendance,
    Barrier,
    BarrierLevel,
    BarrierStatus,
    Body,
    Decision,
    FollowUpAction,
    Meeting,
    Programme,
)
from omrade.programmes.permissions import can_see_internal_items
from omrade.tenancy.models import Municipality
from omrade.tenancy.permissions import has_role
from omrade.tenancy.roles import ADMINISTRATORS, BOARD, MANAGERS
from omrade.tenancy.selectors import AnyUser


def internal_body_ids(user: AnyUser, programme: Programme) -> set[int]:
    """The programme's bodies whose internal items the user may see."""
    return {
        body.pk
        for body in programme.bodies.select_related("programme__municipality", "sub_programme")
        if can_see_internal_items(user, body)
    }


def meetings_of(
    programme: Programme, user: AnyUser, *, internal: set[int] | None = None
) -> QuerySet[Meeting]:
    internal = internal_body_ids(user, programme) if internal is None else internal
    return (
        Meeting.objects.filter(body__programme=programme)
        .filter(Q(body__in=internal) | Q(is_public=True))
        .select_related("body")
    )


def can_see_meeting(user: AnyUser, meeting: Meeting) -> bool:
    return meeting.is_public or can_see_internal_items(user, meeting.body)


def agenda_of(meeting: Meeting, *, internal: bool) -> QuerySet[AgendaItem]:
    items = meeting.agenda_items.all()
    return items if internal else items.filter(is_public=True)


def attendance_of(meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendance.select_related("member__person", "member__unit")


def _public_decision() -> Q:
    return Q(is_public=True, meeting__is_public=True)


def decisions_of(
    programme: Programme, user: AnyUser, *, internal: set[int] | None = None
) -> QuerySet[Decision]:
    internal = internal_body_ids(user, programme) if internal is None else internal
    return (
        programme.decisions.filter(Q(meeting__body__in=internal) | _public_decision())
        .select_related("meeting__body", "agenda_item")
        .order_by("year", "number")
    )


def decisions_of_meeting(meeting: Meeting, *, internal: bool) -> QuerySet[Decision]:
    decisions = meeting.decisions.select_related("agenda_item").order_by("year", "number")
    return decisions if internal else decisions.filter(is_public=True)


def _visible_actions(user: AnyUser, internal: set[int]) -> Q:
    public = Q(meeting__is_public=True) & (Q(decision__isnull=True) | Q(decision__is_public=True))
    mine = Q(owner__user__pk=user.pk) if user.is_authenticated else Q(pk__in=[])
    return Q(meeting__body__in=internal) | public | mine


def _with_related(actions: QuerySet[FollowUpAction]) -> QuerySet[FollowUpAction]:
    return actions.select_related(
        "decision", "owner", "owner_unit", "meeting__body__programme__municipality"
    )


def actions_of(
    programme: Programme, user: AnyUser, *, internal: set[int] | None = None
) -> QuerySet[FollowUpAction]:
    internal = internal_body_ids(user, programme) if internal is None else internal
    return _with_related(
        FollowUpAction.objects.filter(meeting__body__programme=programme).filter(
            _visible_actions(user, internal)
        )
    )


def actions_of_meeting(meeting: Meeting, user: AnyUser) -> QuerySet[FollowUpAction]:
    actions = _with_related(meeting.actions.all())
    if can_see_internal_items(user, meeting.body):
        return actions
    return actions.filter(_visible_actions(user, set()))


def _overdue() -> Q:
    return Q(due_date__lt=timezone.localdate(), status__in=UNFINISHED_ACTION_STATUSES)


def actions_owned_by(user: AnyUser, municipality: Municipality) -> QuerySet[FollowUpAction]:
    """The user's own unfinished actions in the municipality, soonest due first."""
    if not user.is_authenticated:
        return FollowUpAction.objects.none()
    return _with_related(
        FollowUpAction.objects.filter(
            owner__user__pk=user.pk,
            owner__municipality=municipality,
            status__in=UNFINISHED_ACTION_STATUSES,
        )
    )


def overdue_actions_for(user: AnyUser, municipality: Municipality) -> QuerySet[FollowUpAction]:
    """Overdue actions the user must see: those they own, and for programme managers every
    overdue action of the municipality's programmes."""
    if not user.is_authenticated:
        return FollowUpAction.objects.none()
    in_municipality = FollowUpAction.objects.filter(
        meeting__body__programme__municipality=municipality
    ).filter(_overdue())
    if has_role(user, municipality, MANAGERS):
        return _with_related(in_municipality)
    return _with_related(in_municipality.filter(owner__user__pk=user.pk))


@dataclass(frozen=True)
class BodyMeetings:
    body: Body
    meetings: list[Meeting]


def meetings_by_body(programme: Programme, user: AnyUser) -> list[BodyMeetings]:
    """Every body of the programme with the meetings the user may see, newest first."""
    meetings = list(meetings_of(programme, user))
    return [
        BodyMeetings(body, [meeting for meeting in meetings if meeting.body_id == body.pk])
        for body in programme.bodies.all()
    ]


def barriers_of(programme: Programme) -> QuerySet[Barrier]:
    """Barriers are read by everyone with a role in the municipality."""
    return programme.barriers.select_related("sub_programme", "registered_by")


def barrier_history(barrier: Barrier) -> QuerySet[AuditEntry]:
    return audit_entries_for(barrier)


# Who a barrier waits for at each level ("Mitt arbeid"): the programme manager leads the
# change team, the board members sit on the board, the municipal admin is the commissioner.
# Each is among those `can_handle_barrier` lets act at that level.
BARRIER_WAITS_FOR = {
    BarrierLevel.CHANGE_TEAM: MANAGERS,
    BarrierLevel.BOARD: BOARD,
    BarrierLevel.COMMISSIONER: ADMINISTRATORS,
}
UNSETTLED_BARRIER_STATUSES = (BarrierStatus.OPEN, BarrierStatus.ESCALATED)


def barriers_awaiting(user: AnyUser, municipality: Municipality) -> QuerySet[Barrier]:
    """Unsettled structural barriers at the level the user handles, oldest first."""
    levels = [
        level for level, roles in BARRIER_WAITS_FOR.items() if has_role(user, municipality, roles)
    ]
    return (
        Barrier.objects.filter(
            programme__municipality=municipality,
            level__in=levels,
            status__in=UNSETTLED_BARRIER_STATUSES,
        )
        .select_related("programme__municipality")
        .order_by("registered_at", "id")
    )
