"""The states of a structural barrier and the one table of allowed transitions.

A barrier is registered open at the change team. It is escalated one step at a time,
change team → programme board → commissioner (seed 001: the commissioner "følger opp
strukturelle barrierer som ikke lar seg løse av programstyret"; the board "beslutter ved
kryssinteresser som ikke lar seg løse på lavere nivå"). At any level it may be resolved or
rejected with a resolution text; a rejected barrier may be reopened at the level it had.
Only `services/barriers.py` changes a barrier's state, and only through `BARRIER_WORKFLOW`.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omrade.common.workflow import Transition, Workflow
from omrade.programmes.models import (
    ActionStatus,
    Barrier,
    BarrierLevel,
    BarrierStatus,
    FollowUpAction,
)
from omrade.programmes.permissions import can_act_on_barrier, can_update_action


class BarrierAction(StrEnum):
    ESCALATE = "escalate"
    RESOLVE = "resolve"
    REJECT = "reject"
    REOPEN = "reopen"


ACTION_LABELS = {
    BarrierAction.ESCALATE: _("Løft til neste nivå"),
    BarrierAction.RESOLVE: _("Marker som løst"),
    BarrierAction.REJECT: _("Avvis"),
    BarrierAction.REOPEN: _("Gjenåpne"),
}
# Who acts on a barrier at each level (permissions.can_act_on_barrier), for "Neste steg".
LEVEL_ACTOR_LABELS = {
    BarrierLevel.CHANGE_TEAM: _("endringsteamet (programlederen)"),
    BarrierLevel.BOARD: _("programstyret"),
    BarrierLevel.COMMISSIONER: _("oppdragsgiveren"),
}
# Resolving and rejecting need a text saying what was decided and why.
NEEDS_RESOLUTION = frozenset({BarrierAction.RESOLVE, BarrierAction.REJECT})

# The state a new barrier starts in.
INITIAL_STATE = (BarrierStatus.OPEN, BarrierLevel.CHANGE_TEAM)

_S, _L = BarrierStatus, BarrierLevel

# (action, current status, current level) → (new status, new level). Nothing else is allowed.
TRANSITIONS: dict[
    tuple[BarrierAction, BarrierStatus, BarrierLevel], tuple[BarrierStatus, BarrierLevel]
] = {
    (BarrierAction.ESCALATE, _S.OPEN, _L.CHANGE_TEAM): (_S.ESCALATED, _L.BOARD),
    (BarrierAction.ESCALATE, _S.ESCALATED, _L.BOARD): (_S.ESCALATED, _L.COMMISSIONER),
    (BarrierAction.RESOLVE, _S.OPEN, _L.CHANGE_TEAM): (_S.RESOLVED, _L.CHANGE_TEAM),
    (BarrierAction.RESOLVE, _S.ESCALATED, _L.BOARD): (_S.RESOLVED, _L.BOARD),
    (BarrierAction.RESOLVE, _S.ESCALATED, _L.COMMISSIONER): (_S.RESOLVED, _L.COMMISSIONER),
    (BarrierAction.REJECT, _S.OPEN, _L.CHANGE_TEAM): (_S.REJECTED, _L.CHANGE_TEAM),
    (BarrierAction.REJECT, _S.ESCALATED, _L.BOARD): (_S.REJECTED, _L.BOARD),
    (BarrierAction.REJECT, _S.ESCALATED, _L.COMMISSIONER): (_S.REJECTED, _L.COMMISSIONER),
    (BarrierAction.REOPEN, _S.REJECTED, _L.CHANGE_TEAM): (_S.OPEN, _L.CHANGE_TEAM),
    (BarrierAction.REOPEN, _S.REJECTED, _L.BOARD): (_S.ESCALATED, _L.BOARD),
    (BarrierAction.REOPEN, _S.REJECTED, _L.COMMISSIONER): (_S.ESCALATED, _L.COMMISSIONER),
}


# The actor of a barrier's step is the level it is at (`permissions.can_act_on_barrier`).
BARRIER_AUDIT_ACTIONS = {
    BarrierAction.ESCALATE: "barrier.escalated",
    BarrierAction.RESOLVE: "barrier.resolved",
    BarrierAction.REJECT: "barrier.rejected",
    BarrierAction.REOPEN: "barrier.reopened",
}


def _barrier_refused(barrier: Barrier, action: str) -> ValidationError:
    label = ACTION_LABELS.get(action, action)  # type: ignore[call-overload]
    return ValidationError(
        {
            "status": gettext(
                "«%(action)s» er ikke tillatt når barrieren har status «%(status)s» på nivået "
                "«%(level)s»."
            )
            % {
                "action": label,
                "status": BarrierStatus(barrier.status).label,
                "level": BarrierLevel(barrier.level).label,
            }
        }
    )


BARRIER_WORKFLOW: Workflow[Barrier] = Workflow(
    model=Barrier,
    transitions=[
        Transition(action, (status, level), target, level)
        for (action, status, level), target in TRANSITIONS.items()
    ],
    state_fields=("status", "level"),
    audited_fields=("resolution", "resolved_at"),
    may_act=lambda user, level, barrier: can_act_on_barrier(user, BarrierLevel(level), barrier),
    municipality_of=lambda barrier: barrier.programme.municipality,
    audit_actions=BARRIER_AUDIT_ACTIONS,
    action_labels=ACTION_LABELS,
    actor_labels=LEVEL_ACTOR_LABELS,
    summary=lambda barrier: (
        gettext("«%(title)s»: %(status)s, %(level)s")
        % {
            "title": barrier.title,
            "status": barrier.get_status_display(),
            "level": barrier.get_level_display(),
        }
    ),
    refused=_barrier_refused,
    needs_reason={
        action: ("resolution", _("Skriv hva som ble avgjort, og hvorfor."))
        for action in NEEDS_RESOLUTION
    },
)


def allowed_actions(status: str, level: str) -> list[BarrierAction]:
    """The actions the table allows from (status, level), in the table's order."""
    return [
        BarrierAction(action)
        for action in BARRIER_WORKFLOW.allowed_actions((BarrierStatus(status), BarrierLevel(level)))
    ]


# --- follow-up actions (oppfølgingspunkter) ------------------------------------------------------
#
# A follow-up action may be set to any other status (open, in progress, done, cancelled) by
# those who run its body's meetings and by its owner (`permissions.can_update_action`); each
# step is named by the status it leads to. Done records when; any other status clears it.

ACTION_OWNER = "action_owner"

FOLLOW_UP_WORKFLOW: Workflow[FollowUpAction] = Workflow(
    model=FollowUpAction,
    transitions=[
        Transition(target, source, target, ACTION_OWNER)
        for source in ActionStatus
        for target in ActionStatus
        if source != target
    ],
    state_fields=("status",),
    audited_fields=("done_at",),
    may_act=lambda user, actor, action: can_update_action(user, action),
    municipality_of=lambda action: action.meeting.body.programme.municipality,
    audit_actions=dict.fromkeys(ActionStatus, "action.status_changed"),
    action_labels={status: status.label for status in ActionStatus},
    actor_labels={ACTION_OWNER: _("den ansvarlige eller møteleder")},
    summary=lambda action: (
        gettext("Status for «%(action)s»: %(status)s")
        % {"action": action, "status": action.get_status_display()}
    ),
)
