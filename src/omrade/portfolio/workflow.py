"""The states of portfolio things and the one table of allowed transitions for each.

Only the services change a state, and only through these tables.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omrade.common.workflow import NextStep, Transition, Workflow
from omrade.portfolio.models import ActionPlan, Measure, MeasureStatus, PlanState
from omrade.portfolio.permissions import Actor, can_act_as, can_edit_measure
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


# Every step of a measure is named by the status it leads to, and is taken by whoever edits
# the measure (`can_edit_measure`: structure editors and the sub-programme's coordinator).
MEASURE_EDITOR = "measure_editor"


def _measure_refused(measure: Measure, action: str) -> ValidationError:
    current = MeasureStatus(measure.status)
    wanted = MeasureStatus(action) if action in MeasureStatus.values else action
    return ValidationError(
        {
            "status": gettext("Et tiltak med status «%(current)s» kan ikke få status «%(wanted)s».")
            % {"current": current.label, "wanted": getattr(wanted, "label", wanted)}
        }
    )


MEASURE_WORKFLOW: Workflow[Measure] = Workflow(
    model=Measure,
    transitions=[
        Transition(target, source, target, MEASURE_EDITOR)
        for source in MeasureStatus
        for target in MeasureStatus
        if target in MEASURE_TRANSITIONS[source]
    ],
    state_fields=("status",),
    audited_fields=("stop_reason",),
    may_act=lambda user, actor, measure: can_edit_measure(user, measure),
    municipality_of=lambda measure: measure.municipality,
    audit_actions=dict.fromkeys(MeasureStatus, "measure.status"),
    action_labels={status: status.label for status in MeasureStatus},
    actor_labels={MEASURE_EDITOR: _("tiltakets koordinator eller programlederen")},
    summary=lambda measure: (
        gettext("«%(title)s»: %(status)s")
        % {"title": measure.title, "status": measure.get_status_display()}
    ),
    refused=_measure_refused,
)


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

_P, _A = PlanState, PlanAction

# Every allowed step of an action plan. Nothing else is allowed.
PLAN_TRANSITIONS: tuple[Transition, ...] = (
    Transition(_A.SUBMIT, _P.DRAFT, _P.SUBMITTED, Actor.COORDINATOR),
    Transition(_A.RECOMMEND, _P.SUBMITTED, _P.RECOMMENDED, Actor.BOARD),
    Transition(_A.RETURN_TO_DRAFT, _P.SUBMITTED, _P.DRAFT, Actor.BOARD),
    Transition(_A.APPROVE, _P.RECOMMENDED, _P.APPROVED, Actor.COMMISSIONER),
    Transition(_A.RETURN_TO_DRAFT, _P.RECOMMENDED, _P.DRAFT, Actor.COMMISSIONER),
    Transition(_A.RETURN_TO_DRAFT, _P.APPROVED, _P.DRAFT, Actor.COMMISSIONER),
    Transition(_A.PUT_IN_FORCE, _P.APPROVED, _P.IN_FORCE, Actor.MANAGER),
    Transition(_A.CLOSE, _P.IN_FORCE, _P.CLOSED, Actor.MANAGER),
)
PLAN_AUDIT_ACTIONS = {
    PlanAction.SUBMIT: "action_plan.submitted",
    PlanAction.RECOMMEND: "action_plan.recommended",
    PlanAction.APPROVE: "action_plan.approved",
    PlanAction.PUT_IN_FORCE: "action_plan.in_force",
    PlanAction.CLOSE: "action_plan.closed",
    PlanAction.RETURN_TO_DRAFT: "action_plan.returned",
}


def plan_name(plan: ActionPlan) -> str:
    return gettext("Handlingsplan for %(sub_programme)s %(year)s, versjon %(version)s") % {
        "sub_programme": plan.sub_programme.name,
        "year": plan.year,
        "version": plan.version,
    }


def _plan_refused(plan: ActionPlan, action: str) -> ValidationError:
    label = PLAN_ACTION_LABELS.get(action, action)  # type: ignore[call-overload]
    return ValidationError(
        {
            "state": gettext("«%(action)s» er ikke tillatt når planen har status «%(state)s».")
            % {"action": label, "state": PlanState(plan.state).label}
        }
    )


def _may_act_on_plan(user: AnyUser, actor: str, plan: ActionPlan) -> bool:
    return can_act_as(user, Actor(actor), plan.programme, plan.sub_programme)


PLAN_WORKFLOW: Workflow[ActionPlan] = Workflow(
    model=ActionPlan,
    transitions=PLAN_TRANSITIONS,
    state_fields=("state",),
    audited_fields=("return_comment", "approved_at"),
    may_act=_may_act_on_plan,
    municipality_of=lambda plan: plan.programme.municipality,
    audit_actions=PLAN_AUDIT_ACTIONS,
    action_labels=PLAN_ACTION_LABELS,
    actor_labels=ACTOR_LABELS,
    summary=lambda plan: (
        gettext("%(plan)s: %(state)s.")
        % {"plan": plan_name(plan), "state": plan.get_state_display()}
    ),
    refused=_plan_refused,
    backward=(PlanAction.RETURN_TO_DRAFT,),
    needs_reason={
        PlanAction.RETURN_TO_DRAFT: (
            "comment",
            _("Skriv hva som må endres før planen sendes tilbake."),
        )
    },
)
# Sending a plan back needs a comment saying what must change.
PLAN_NEEDS_COMMENT = frozenset(PLAN_WORKFLOW.needs_reason)


# Only a draft is edited (items, summary); a submitted or recommended plan goes back to draft
# first; an approved, in-force or closed plan is frozen (FROZEN_STATES) and revised by a new
# version, which can be made from these states:
PLAN_EDITABLE_STATES = frozenset({PlanState.DRAFT})
PLAN_REVISABLE_STATES = frozenset({PlanState.APPROVED, PlanState.IN_FORCE})
# When a newer version is put in force, older versions in these states are closed.
PLAN_SUPERSEDED_STATES = frozenset({PlanState.APPROVED, PlanState.IN_FORCE})


def plan_transition_for(action: str, state: str) -> Transition | None:
    """The step `action` takes from `state`, or None when the table does not allow it."""
    return PLAN_WORKFLOW.transition_for(action, state)


def plan_allowed_actions(state: str) -> list[PlanAction]:
    """The actions the table allows from `state`, in the table's order."""
    return [PlanAction(action) for action in PLAN_WORKFLOW.allowed_actions(state)]


def plan_actors_of(action: str) -> frozenset[Actor]:
    """Everyone who takes `action` from some state (to tell "not yours" from "not now")."""
    return frozenset(Actor(actor) for actor in PLAN_WORKFLOW.actors_of(action))


def plan_actions_for(user: AnyUser, plan: ActionPlan) -> list[PlanAction]:
    """The actions `user` may take on `plan` now: allowed by the table and by the actor's
    permission."""
    return [PlanAction(action) for action in PLAN_WORKFLOW.actions_for(user, plan)]


def plan_next_steps(plan: ActionPlan) -> list[NextStep]:
    """The steps forward from the plan's state with who takes each, from the table (sending
    back to draft is not a step forward); empty when the plan has no more steps."""
    return PLAN_WORKFLOW.next_actors(plan)
