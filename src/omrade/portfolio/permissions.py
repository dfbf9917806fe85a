"""Who may do what with the portfolio: the one place views, API and commands ask.

- Everyone with a role in the municipality reads the portfolio.
- Structure editors (municipal admins, programme managers) change everything.
- A sub-programme's coordinator proposes and edits its measures and drafts its action plan;
  the coordinator and the members of its working group score measures against the criteria.
- The programme board (board members) compares scenarios, recommends action plans and
  settles resource conflicts by recorded decisions.
- The commissioner (oppdragsgiver: the municipal admin, or whoever holds the programme's
  commissioner role with a user account) approves action plans.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from omrade.portfolio.models import Measure
from omrade.programmes.models import (
    BodyKind,
    BodyMember,
    Holder,
    Programme,
    RoleKind,
    SubProgramme,
)
from omrade.programmes.permissions import can_manage_programmes
from omrade.tenancy.models import Municipality
from omrade.tenancy.permissions import has_role
from omrade.tenancy.roles import (
    ADMINISTRATORS,
    BOARD,
    COORDINATORS,
    INTERNAL_READERS,
    STRUCTURE_EDITORS_AND_BOARD,
)
from omrade.tenancy.selectors import AnyUser, person_of


class Actor(StrEnum):
    """Who takes a step in a workflow (the action plan's transitions name one each)."""

    COORDINATOR = "coordinator"  # the sub-programme's coordinator (and structure editors)
    BOARD = "board"  # the programme board: board members only (not the manager, who proposes)
    COMMISSIONER = "commissioner"  # oppdragsgiver
    MANAGER = "manager"  # the programme manager (structure editors)


def can_view_portfolio(user: AnyUser, municipality: Municipality) -> bool:
    return has_role(user, municipality, INTERNAL_READERS)


def can_manage_portfolio(user: AnyUser, municipality: Municipality) -> bool:
    """Criteria sets, year budgets, unit commitments, and every measure."""
    return can_manage_programmes(user, municipality)


def is_coordinator_of(user: AnyUser, sub_programme: SubProgramme | None) -> bool:
    if sub_programme is None:
        return False
    municipality = sub_programme.programme.municipality
    if not has_role(user, municipality, COORDINATORS):
        return False
    person = person_of(user, municipality)
    return person is not None and sub_programme.coordinator_id == person.pk


def is_working_group_member(user: AnyUser, sub_programme: SubProgramme | None) -> bool:
    """A member (as a person with this user account) of a working group of the sub-programme."""
    if sub_programme is None or not user.is_authenticated:
        return False
    if not has_role(user, sub_programme.programme.municipality, INTERNAL_READERS):
        return False
    return BodyMember.objects.filter(
        body__sub_programme=sub_programme,
        body__kind=BodyKind.WORKING_GROUP,
        person__user__pk=user.pk,
    ).exists()


def can_propose_measure(user: AnyUser, programme: Programme) -> bool:
    """Structure editors, and the coordinator of any of the programme's sub-programmes."""
    if can_manage_portfolio(user, programme.municipality):
        return True
    person = person_of(user, programme.municipality)
    return (
        person is not None
        and has_role(user, programme.municipality, COORDINATORS)
        and programme.sub_programmes.filter(coordinator=person).exists()
    )


def can_propose_measure_in(
    user: AnyUser, programme: Programme, sub_programme: SubProgramme | None
) -> bool:
    """Propose a measure in `sub_programme` (None: in no sub-programme), or move a measure
    there: structure editors anywhere in the programme; a coordinator only in a sub-programme
    they coordinate. The measure form offers exactly these sub-programmes."""
    if can_manage_portfolio(user, programme.municipality):
        return True
    return (
        sub_programme is not None
        and sub_programme.programme_id == programme.pk
        and is_coordinator_of(user, sub_programme)
    )


def can_edit_measure(user: AnyUser, measure: Measure) -> bool:
    """Structure editors, and the coordinator of the measure's sub-programme."""
    return can_manage_portfolio(user, measure.municipality) or is_coordinator_of(
        user, measure.sub_programme
    )


def can_report_progress(user: AnyUser, measure: Measure) -> bool:
    """Those who edit the measure, and its contact person."""
    if can_edit_measure(user, measure):
        return True
    contact = measure.contact_person
    return contact is not None and user.is_authenticated and contact.user_id == user.pk


def can_score(user: AnyUser, sub_programme: SubProgramme | None, programme: Programme) -> bool:
    """Score measures of a sub-programme: structure editors, its coordinator and its working
    group. Measures without a sub-programme are scored by structure editors only."""
    return (
        can_manage_portfolio(user, programme.municipality)
        or is_coordinator_of(user, sub_programme)
        or is_working_group_member(user, sub_programme)
    )


def can_agree_score(
    user: AnyUser, sub_programme: SubProgramme | None, programme: Programme
) -> bool:
    """Set the agreed score after independent scoring: structure editors and the coordinator."""
    return can_manage_portfolio(user, programme.municipality) or is_coordinator_of(
        user, sub_programme
    )


def can_manage_scenarios(user: AnyUser, municipality: Municipality) -> bool:
    """Save and remove selection scenarios: structure editors and the board."""
    return has_role(user, municipality, STRUCTURE_EDITORS_AND_BOARD)


def can_resolve_conflicts(user: AnyUser, municipality: Municipality) -> bool:
    """Record which board decision settled a resource conflict."""
    return has_role(user, municipality, STRUCTURE_EDITORS_AND_BOARD)


def is_commissioner(user: AnyUser, programme: Programme) -> bool:
    """The municipal admin, or the person holding the programme's commissioner role."""
    if has_role(user, programme.municipality, ADMINISTRATORS):
        return True
    person = person_of(user, programme.municipality)
    return (
        person is not None
        and has_role(user, programme.municipality, INTERNAL_READERS)
        and Holder.objects.filter(
            role__programme=programme, role__kind=RoleKind.COMMISSIONER, person=person
        ).exists()
    )


def can_act_as(
    user: AnyUser, actor: Actor, programme: Programme, sub_programme: SubProgramme
) -> bool:
    """May `user` take a workflow step that belongs to `actor`?"""
    municipality = programme.municipality
    match actor:
        case Actor.COORDINATOR:
            return can_manage_portfolio(user, municipality) or is_coordinator_of(
                user, sub_programme
            )
        case Actor.BOARD:
            # Only the board recommends: the programme manager and the commissioner must not
            # take the step that checks their own work (issue 11).
            return has_role(user, municipality, BOARD)
        case Actor.COMMISSIONER:
            return is_commissioner(user, programme)
        case Actor.MANAGER:
            return can_manage_portfolio(user, municipality)
    return False


# --- action plans and progress reports (topic: plans) -----------------------------------------


def can_create_action_plan(user: AnyUser, programme: Programme) -> bool:
    """Start a sub-programme's plan for a year: structure editors, and coordinators (for the
    sub-programmes they coordinate: `can_edit_action_plan` on the plan's sub-programme)."""
    return can_propose_measure(user, programme)


def can_edit_action_plan(user: AnyUser, programme: Programme, sub_programme: SubProgramme) -> bool:
    """Create, fill, revise and submit a sub-programme's action plan: whoever acts as its
    coordinator (its coordinator and structure editors)."""
    return can_act_as(user, Actor.COORDINATOR, programme, sub_programme)


# --- criteria (the prioritisation matrix) ---------------------------------------------------


def _in_any_sub_programme(
    rule: Callable[[AnyUser, SubProgramme | None, Programme], bool],
    user: AnyUser,
    programme: Programme,
) -> bool:
    """Structure editors, and whoever `rule` allows in any of the programme's sub-programmes."""
    if can_manage_portfolio(user, programme.municipality):
        return True
    sub_programmes = programme.sub_programmes.select_related("programme__municipality")
    return any(rule(user, sub_programme, programme) for sub_programme in sub_programmes)


def can_score_in(user: AnyUser, programme: Programme) -> bool:
    """May the user score any measure of the programme (some column of the matrix)?"""
    return _in_any_sub_programme(can_score, user, programme)


def can_agree_in(user: AnyUser, programme: Programme) -> bool:
    """May the user set agreed scores for any measure of the programme?"""
    return _in_any_sub_programme(can_agree_score, user, programme)
