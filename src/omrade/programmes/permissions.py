"""Who may do what with programmes: the one place views, admin and API ask.

Programme managers and municipal admins change the structure; coordinators edit the goals
and working group of their own sub-programme; everyone with a role in the municipality reads.
"""

from __future__ import annotations

from omrade.programmes.models import (
    Barrier,
    BarrierLevel,
    Body,
    BodyKind,
    FollowUpAction,
    Goal,
    MemberRole,
    Programme,
    SubProgramme,
)
from omrade.tenancy.models import Municipality
from omrade.tenancy.permissions import has_role
from omrade.tenancy.roles import (
    BOARD,
    COORDINATORS,
    INTERNAL_READERS,
    STRUCTURE_EDITORS,
    STRUCTURE_EDITORS_AND_BOARD,
)
from omrade.tenancy.selectors import AnyUser, person_of


def can_manage_programmes(user: AnyUser, municipality: Municipality) -> bool:
    """Create programmes and change their structure, governance and documents."""
    return has_role(user, municipality, STRUCTURE_EDITORS)


def can_edit_sub_programme(user: AnyUser, sub_programme: SubProgramme) -> bool:
    """Structure editors, and the sub-programme's own coordinator."""
    municipality = sub_programme.programme.municipality
    if can_manage_programmes(user, municipality):
        return True
    if not user.is_authenticated or not has_role(user, municipality, COORDINATORS):
        return False
    person = person_of(user, municipality)
    return person is not None and sub_programme.coordinator_id == person.pk


def can_edit_goal(user: AnyUser, programme: Programme, goal: Goal | None) -> bool:
    """Change a goal, its indicators and measurements, or add a goal under it (`goal` is then
    the parent; None for a goal at the top): structure editors, and the coordinator of the
    goal's sub-programme."""
    if can_manage_programmes(user, programme.municipality):
        return True
    sub_programme = goal.sub_programme if goal is not None else None
    return sub_programme is not None and can_edit_sub_programme(user, sub_programme)


def can_edit_body(user: AnyUser, body: Body) -> bool:
    """Change a body's members: structure editors every body's, a coordinator those of the
    bodies of their own sub-programme."""
    if can_manage_programmes(user, body.programme.municipality):
        return True
    return body.sub_programme is not None and can_edit_sub_programme(user, body.sub_programme)


# --- meetings, decisions and barriers -----------------------------------------------------------


def is_body_coordinator(user: AnyUser, body: Body) -> bool:
    """The coordinator of the body's sub-programme, or the body's chair, as a person."""
    person = person_of(user, body.programme.municipality)
    if person is None:
        return False
    if body.sub_programme is not None and body.sub_programme.coordinator_id == person.pk:
        return True
    return body.members.filter(person=person, role=MemberRole.CHAIR).exists()


def can_see_internal_items(user: AnyUser, body: Body) -> bool:
    """Internal meetings, agenda items, minutes, decisions and actions of a body.

    Structure editors; board members (Role.BOARD_MEMBER) for bodies of kind board, the
    board papers; the body's coordinator; and the body's own members (as a person with this
    user account). Everyone else with a role in the municipality sees public items only.
    """
    municipality = body.programme.municipality
    if can_manage_programmes(user, municipality):
        return True
    if not user.is_authenticated:
        return False
    if body.kind == BodyKind.BOARD and has_role(user, municipality, BOARD):
        return True
    if is_body_coordinator(user, body):
        return True
    return body.members.filter(person__user__pk=user.pk).exists()


def can_manage_meetings(user: AnyUser, body: Body) -> bool:
    """Create meetings of a body and record their agenda, attendance, minutes and decisions."""
    municipality = body.programme.municipality
    return can_manage_programmes(user, municipality) or (
        has_role(user, municipality, INTERNAL_READERS) and is_body_coordinator(user, body)
    )


def can_update_action(user: AnyUser, action: FollowUpAction) -> bool:
    """Who may change a follow-up action's status: those who run the body's meetings, and
    the action's owner."""
    if can_manage_meetings(user, action.meeting.body):
        return True
    owner = action.owner
    return owner is not None and user.is_authenticated and owner.user_id == user.pk


def can_register_barrier(user: AnyUser, municipality: Municipality) -> bool:
    """Anyone with a role in the municipality registers a structural barrier."""
    return has_role(user, municipality, INTERNAL_READERS)


def can_act_on_barrier(user: AnyUser, level: BarrierLevel, barrier: Barrier) -> bool:
    """Take a step of a barrier at `level` (its workflow's actor): structure editors and
    board members; at the commissioner's level only structure editors (municipal admins
    included)."""
    allowed = (
        STRUCTURE_EDITORS if level == BarrierLevel.COMMISSIONER else STRUCTURE_EDITORS_AND_BOARD
    )
    return has_role(user, barrier.programme.municipality, allowed)


def can_handle_barrier(user: AnyUser, barrier: Barrier) -> bool:
    """Escalate, resolve, reject and reopen the barrier at the level it is at now."""
    return can_act_on_barrier(user, BarrierLevel(barrier.level), barrier)
