"""The states of an idea and the one table of allowed transitions.

An idea is received, then assessed; it is either taken into a measure or an action plan of
the same municipality, or not taken (with a reason); a taken idea is done when the measure
has delivered it. An idea that was not taken may be assessed again (a new programme year,
new money). Every transition writes public feedback, "what happened to your idea".
Only `services/ideas.py` changes an idea's status, and only through `TRANSITIONS`.
"""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omrade.common.workflow import Transition, Workflow
from omrade.participation.core.permissions import STAFF, STAFF_LABEL, can_run_participation
from omrade.participation.ideas.models import Idea, IdeaStatus


class IdeaAction(StrEnum):
    ASSESS = "assess"
    TAKE = "take"
    DECLINE = "decline"
    COMPLETE = "complete"
    REOPEN = "reopen"


ACTION_LABELS = {
    IdeaAction.ASSESS: _("Start vurdering"),
    IdeaAction.TAKE: _("Ta inn i tiltak eller handlingsplan"),
    IdeaAction.DECLINE: _("Ikke ta inn"),
    IdeaAction.COMPLETE: _("Marker som gjennomført"),
    IdeaAction.REOPEN: _("Vurder på nytt"),
}

# Who takes every step of an idea (permissions.can_run_participation), for "Neste steg".

# The public feedback each step gets when staff do not write their own.
DEFAULT_FEEDBACK = {
    IdeaAction.ASSESS: _("Kommunen vurderer nå idéen."),
    IdeaAction.TAKE: _("Idéen er tatt inn i kommunens arbeid."),
    IdeaAction.DECLINE: _("Idéen er vurdert, men ikke tatt inn."),
    IdeaAction.COMPLETE: _("Idéen er gjennomført."),
    IdeaAction.REOPEN: _("Idéen vurderes på nytt."),
}


def default_feedback_to_store(action: IdeaAction) -> str:
    """The default feedback as stored: in the source language, so every reader's page can
    show it in their own language (`feedback_for_reader`)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(DEFAULT_FEEDBACK[action])


def feedback_for_reader(text: str) -> str:
    """Stored feedback in the reader's language when it is one of the default texts (stored
    in any of the platform's languages, for older rows); staff's own words stay as written."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            matched = next(
                (action for action, default in DEFAULT_FEEDBACK.items() if text == str(default)),
                None,
            )
        if matched is not None:
            return str(DEFAULT_FEEDBACK[matched])  # in the reader's language again
    return text


# Declining needs a reason; taking needs a measure or an action plan.
NEEDS_REASON = frozenset({IdeaAction.DECLINE})
NEEDS_LINK = frozenset({IdeaAction.TAKE})

INITIAL_STATUS = IdeaStatus.RECEIVED

_S = IdeaStatus

# (action, current status) → new status. Nothing else is allowed.
TRANSITIONS: dict[tuple[IdeaAction, IdeaStatus], IdeaStatus] = {
    (IdeaAction.ASSESS, _S.RECEIVED): _S.ASSESSING,
    (IdeaAction.TAKE, _S.ASSESSING): _S.TAKEN,
    (IdeaAction.DECLINE, _S.ASSESSING): _S.NOT_TAKEN,
    (IdeaAction.COMPLETE, _S.TAKEN): _S.DONE,
    (IdeaAction.REOPEN, _S.NOT_TAKEN): _S.ASSESSING,
}


def allowed_actions(status: str) -> list[IdeaAction]:
    """The actions the table allows from `status`, in the order of IdeaAction."""
    allowed = IDEA_WORKFLOW.allowed_actions(IdeaStatus(status))
    return [action for action in IdeaAction if action in allowed]


def _refused(idea: Idea, action: str) -> ValidationError:
    label = ACTION_LABELS.get(action, action)  # type: ignore[call-overload]
    return ValidationError(
        {
            "status": gettext("«%(action)s» er ikke tillatt når idéen har status «%(status)s».")
            % {"action": label, "status": IdeaStatus(idea.status).label}
        }
    )


IDEA_WORKFLOW: Workflow[Idea] = Workflow(
    model=Idea,
    transitions=[
        Transition(action, source, target, STAFF)
        for (action, source), target in TRANSITIONS.items()
    ],
    state_fields=("status",),
    audited_fields=("measure", "action_plan", "not_taken_reason"),
    may_act=lambda user, actor, idea: can_run_participation(user, idea.municipality),
    municipality_of=lambda idea: idea.municipality,
    audit_actions={action: f"idea.{action.value}" for action in IdeaAction},
    action_labels=ACTION_LABELS,
    actor_labels={STAFF: STAFF_LABEL},
    summary=lambda idea: (
        gettext("«%(title)s»: %(status)s")
        % {"title": idea.title, "status": IdeaStatus(idea.status).label}
    ),
    refused=_refused,
    needs_reason={
        action: ("reason", _("Skriv hvorfor idéen ikke tas inn.")) for action in NEEDS_REASON
    },
)
