"""What in the portfolio waits for a user ("Mitt arbeid"): action plans at the user's step,
tertial reports the user's measures owe, and open resource conflicts for the board.

Each read lists only what the user may act on, decided by the same tables and rules the
services use (workflow.PLAN_TRANSITIONS, permissions.can_act_as, can_report_progress).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from omrade.areas.periods import Period
from omrade.common.workflow import Transition
from omrade.portfolio.conflicts import Conflict, conflicts_of
from omrade.portfolio.models import ActionPlan, PlanState
from omrade.portfolio.permissions import Actor, can_act_as, is_coordinator_of
from omrade.portfolio.selectors_plans import ProgressRow, progress_missing
from omrade.portfolio.services.progress import tertial_on
from omrade.portfolio.workflow import PlanAction, plan_transition_for
from omrade.programmes.models import Programme, ProgrammeStatus
from omrade.tenancy.models import Municipality
from omrade.tenancy.permissions import has_role
from omrade.tenancy.roles import BOARD, MANAGERS
from omrade.tenancy.selectors import AnyUser

# The steps that make a plan wait for someone: the board's recommendation, the
# commissioner's approval, the manager putting it in force — and a draft sent back with a
# comment, which waits for its coordinator to submit it again.
WAITING_ACTIONS = (
    PlanAction.SUBMIT,
    PlanAction.RECOMMEND,
    PlanAction.APPROVE,
    PlanAction.PUT_IN_FORCE,
)
WAITING_STATES = (PlanState.DRAFT, PlanState.SUBMITTED, PlanState.RECOMMENDED, PlanState.APPROVED)


@dataclass(frozen=True)
class PlanAwaiting:
    plan: ActionPlan
    transition: Transition  # the step that waits for the user


def _waiting_step(plan: ActionPlan) -> Transition | None:
    for action in WAITING_ACTIONS:
        transition = plan_transition_for(action, plan.state)
        if transition is not None:
            return transition
    return None


def _acts_on(user: AnyUser, plan: ActionPlan, transition: Transition) -> bool:
    if transition.action == PlanAction.SUBMIT:
        # A returned draft waits for its coordinator (structure editors when it has none).
        if not plan.return_comment:
            return False
        if plan.sub_programme.coordinator_id is not None:
            return is_coordinator_of(user, plan.sub_programme)
    if transition.actor == Actor.MANAGER:
        # The manager's step waits for the programme managers, not for every structure
        # editor who may stand in (the municipal admin would see each step twice over).
        return has_role(user, plan.programme.municipality, MANAGERS)
    return can_act_as(user, Actor(transition.actor), plan.programme, plan.sub_programme)


def action_plans_awaiting(user: AnyUser, municipality: Municipality) -> list[PlanAwaiting]:
    """The municipality's action plans whose next step is the user's, oldest year first."""
    if not user.is_authenticated:
        return []
    plans = (
        ActionPlan.objects.filter(programme__municipality=municipality, state__in=WAITING_STATES)
        .select_related("programme__municipality", "sub_programme__programme__municipality")
        .order_by("year", "sub_programme__position", "sub_programme__name", "version")
    )
    found = []
    for plan in plans:
        transition = _waiting_step(plan)
        if transition is not None and _acts_on(user, plan, transition):
            found.append(PlanAwaiting(plan, transition))
    return found


def last_finished_tertial(day: date | None = None) -> Period:
    """The tertial before the one `day` (today) falls in: the one reports are owed for."""
    current = tertial_on(day or timezone.localdate())
    return tertial_on(current.start - timedelta(days=1))


def _active_programmes(municipality: Municipality) -> list[Programme]:
    return list(
        Programme.objects.filter(municipality=municipality)
        .exclude(status=ProgrammeStatus.CLOSED)
        .select_related("municipality")
    )


def progress_reports_owed(
    user: AnyUser, municipality: Municipality, *, day: date | None = None
) -> list[ProgressRow]:
    """Running measures without a report for the last finished tertial that the user answers
    for: as the measure's contact person, as the coordinator of its sub-programme, or (every
    one of them) as a programme manager."""
    if not user.is_authenticated:
        return []
    period = last_finished_tertial(day)
    manager = has_role(user, municipality, MANAGERS)
    owed = []
    for programme in _active_programmes(municipality):
        for row in progress_missing(programme=programme, period=period):
            contact = row.contact_person
            if (
                manager
                or (contact is not None and contact.user_id == user.pk)
                or is_coordinator_of(user, row.measure.sub_programme)
            ):
                owed.append(row)
    return owed


@dataclass(frozen=True)
class ConflictAwaiting:
    programme: Programme
    conflict: Conflict


def conflicts_awaiting(user: AnyUser, municipality: Municipality) -> list[ConflictAwaiting]:
    """Resource conflicts no board decision has settled yet, for the board's members."""
    if not has_role(user, municipality, BOARD):
        return []
    return [
        ConflictAwaiting(programme, conflict)
        for programme in _active_programmes(municipality)
        for conflict in conflicts_of(programme)
        if not conflict.is_resolved
    ]
