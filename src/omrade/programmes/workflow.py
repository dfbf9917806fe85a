"""The states of a structural barrier and the one table of allowed transitions.

A barrier is registered open at the change team. It is escalated one step at a time,
change team → programme board → commissioner (seed 001: the commissioner "følger opp
strukturelle barrierer som ikke lar seg løse av programstyret"; the board "beslutter ved
kryssinteresser som ikke lar seg løse på lavere nivå"). At any level it may be resolved or
rejected with a resolution text; a rejected barrier may be reopened at the level it had.
Only `services/barriers.py` changes a barrier's state, and only through `TRANSITIONS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from omrade.programmes.models import BarrierLevel, BarrierStatus


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
# Who acts on a barrier at each level (permissions.can_handle_barrier), for "Neste steg".
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


@dataclass(frozen=True)
class Target:
    status: BarrierStatus
    level: BarrierLevel


def target_of(action: BarrierAction, status: str, level: str) -> Target | None:
    """Where `action` takes a barrier in (status, level), or None when it is not allowed."""
    found = TRANSITIONS.get((action, BarrierStatus(status), BarrierLevel(level)))
    return Target(*found) if found else None


def allowed_actions(status: str, level: str) -> list[BarrierAction]:
    """The actions the table allows from (status, level), in the table's order."""
    return [action for action in BarrierAction if target_of(action, status, level) is not None]


def next_steps(status: str, level: str) -> list[tuple[str, str]]:
    """(step, who takes it) for each step the table allows from (status, level); empty when
    the barrier is settled."""
    who = str(LEVEL_ACTOR_LABELS[BarrierLevel(level)])
    return [(str(ACTION_LABELS[action]), who) for action in allowed_actions(status, level)]
