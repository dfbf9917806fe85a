"""The states of portfolio things and the one table of allowed transitions for each.

Only the services change a state, and only through these tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from omrade.portfolio.models import ActionPlan, MeasureStatus, PlanState
from omrade.portfolio.permissions import Actor, can_act_as
from omrade.tenancy.selectors import AnyUser

_M = MeasureStatus

# A measure: idea → planned → running → completed, or stopped (with a reason) on the way;
# a stopped measure can be taken up again as planned.
MEASURE_TRANSITIONS: dict[MeasureStatus, frozenset[MeasureStatus]] = {
    _M.IDEA: frozenset({_M.PLANNED, _M.STOPPED}),
    _M.PLANNED: frozenset({_M.IDEA, _M.RUNNING, _M.STOPPED}),
    _M.RUNNING: frozenset({_M.COMPLETED, _M.STOPPED}),
    _M.COMPLETED: frozenset(),
    _M.STOPPED: frozenset({_M.PLANNED}),
}


def measure_next_statuses(status: str) -> list[MeasureStatus]:
    """The statuses a measure in `status` may move to, in the order of MeasureStatus."""
    allowed = MEASURE_TRANSITIONS[MeasureStatus(status)]
    return [candidate for candidate in MeasureStatus if candidate in allowed]


# --- annual action plans (handlingsplaner) -------------------------------------------------------
#
# draft (the coordinator) → submitted to the board → recommended by the board → approved by the
# commissioner → in force → closed. From submitted, recommended and approved the plan can be
# sent back to draft with a comment, by whoever holds it at that step (seed 001: the board
# "vedtar overordnede prioriteringer", the commissioner "beslutter årlig handlingsprogram på
# grunnlag av programstyrets anbefaling"). An in-force plan is not sent back: it is revised by
# a new version (`action_plan_revise`), and putting that version in force closes the old one.


class PlanAction(StrEnum):
    SUBMIT = "submit"
    RECOMMEND = "recommend"
    APPROVE = "approve"
    PUT_IN_FORCE = "put_in_force"
    CLOSE = "close"
    RETURN_TO_DRAFT = "return_to_draft"


PLAN_ACTION_LABELS = {
    PlanAction.SUBMIT: _("Send til programstyret"),
    PlanAction.RECOMMEND: _("Anbefal planen"),
    PlanAction.APPROVE: _("Godkjenn planen"),
    PlanAction.PUT_IN_FORCE: _("Sett planen i verk"),
    PlanAction.CLOSE: _("Avslutt planen"),
    PlanAction.RETURN_TO_DRAFT: _("Send tilbake til utkast"),
}
# Who takes a step, as the "next step" line on a plan's page names them.
ACTOR_LABELS = {
    Actor.COORDINATOR: _("delprogramkoordinatoren"),
    Actor.BOARD: _("programstyret"),
    Actor.COMMISSIONER: _("oppdragsgiveren"),
    Actor.MANAGER: _("programlederen"),
}
# Sending a plan back needs a comment saying what must change.
PLAN_NEEDS_COMMENT = frozenset({PlanAction.RETURN_TO_DRAFT})


@dataclass(frozen=True)
class PlanTransition:
    action: PlanAction
    source: PlanState
    target: PlanState
    actor: Actor  # who may take the step (permissions.can_act_as)


_P, _A = PlanState, PlanAction

# Every allowed step of an action plan. Nothing else is allowed.
PLAN_TRANSITIONS: tuple[PlanTransition, ...] = (
    PlanTransition(_A.SUBMIT, _P.DRAFT, _P.SUBMITTED, Actor.COORDINATOR),
    PlanTransition(_A.RECOMMEND, _P.SUBMITTED, _P.RECOMMENDED, Actor.BOARD),
    PlanTransition(_A.RETURN_TO_DRAFT, _P.SUBMITTED, _P.DRAFT, Actor.BOARD),
    PlanTransition(_A.APPROVE, _P.RECOMMENDED, _P.APPROVED, Actor.COMMISSIONER),
    PlanTransition(_A.RETURN_TO_DRAFT, _P.RECOMMENDED, _P.DRAFT, Actor.COMMISSIONER),
    PlanTransition(_A.RETURN_TO_DRAFT, _P.APPROVED, _P.DRAFT, Actor.COMMISSIONER),
    PlanTransition(_A.PUT_IN_FORCE, _P.APPROVED, _P.IN_FORCE, Actor.MANAGER),
    PlanTransition(_A.CLOSE, _P.IN_FORCE, _P.CLOSED, Actor.MANAGER),
)

# Only a draft is edited (items, summary); a submitted or recommended plan goes back to draft
# first; an approved, in-force or closed plan is frozen (FROZEN_STATES) and revised by a new
# version, which can be made from these states:
PLAN_EDITABLE_STATES = frozenset({PlanState.DRAFT})
PLAN_REVISABLE_STATES = frozenset({PlanState.APPROVED, PlanState.IN_FORCE})
# When a newer version is put in force, older versions in these states are closed.
PLAN_SUPERSEDED_STATES = frozenset({PlanState.APPROVED, PlanState.IN_FORCE})


def plan_transition_for(action: str, state: str) -> PlanTransition | None:
    """The step `action` takes from `state`, or None when the table does not allow it."""
    for transition in PLAN_TRANSITIONS:
        if transition.action == action and transition.source == state:
            return transition
    return None


def plan_allowed_actions(state: str) -> list[PlanAction]:
    """The actions the table allows from `state`, in the table's order."""
    return [t.action for t in PLAN_TRANSITIONS if t.source == state]


def plan_actors_of(action: str) -> frozenset[Actor]:
    """Everyone who takes `action` from some state (to tell "not yours" from "not now")."""
    return frozenset(t.actor for t in PLAN_TRANSITIONS if t.action == action)


def plan_actions_for(user: AnyUser, plan: ActionPlan) -> list[PlanAction]:
    """The actions `user` may take on `plan` now: allowed by the table and by the actor's
    permission."""
    return [
        t.action
        for t in PLAN_TRANSITIONS
        if t.source == plan.state and can_act_as(user, t.actor, plan.programme, plan.sub_programme)
    ]


@dataclass(frozen=True)
class NextStep:
    action: PlanAction
    label: str  # the step, e.g. "Anbefal planen"
    actor: Actor
    actor_label: str  # who takes it, e.g. "programstyret"


def plan_next_steps(state: str) -> list[NextStep]:
    """The steps forward from `state` with who takes each, from the table (sending back to
    draft is not a step forward); empty when the plan has no more steps."""
    return [
        NextStep(t.action, str(PLAN_ACTION_LABELS[t.action]), t.actor, str(ACTOR_LABELS[t.actor]))
        for t in PLAN_TRANSITIONS
        if t.source == state and t.action != PlanAction.RETURN_TO_DRAFT
    ]
