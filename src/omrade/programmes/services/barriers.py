"""Writes for structural barriers: register, escalate, resolve, reject and reopen.

Every change goes through the transition table in `workflow.py` and is audited with who,
when and what changed. A refused transition raises a ValidationError that names the
barrier's current state, and changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from omrade.common.audit import audit_record, changes_between
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.common.workflow import Transition
from omrade.programmes.models import (
    Barrier,
    Programme,
    SubProgramme,
)
from omrade.programmes.permissions import can_register_barrier
from omrade.programmes.workflow import (
    BARRIER_WORKFLOW,
    INITIAL_STATE,
    NEEDS_RESOLUTION,
    BarrierAction,
)
from omrade.tenancy.selectors import AnyUser


@transaction.atomic
def barrier_register(
    *,
    programme: Programme,
    title: str,
    by: AnyUser | None,
    description: str = "",
    sub_programme: SubProgramme | None = None,
) -> Barrier:
    """Register a barrier that blocks the work: open, at the change team. Audited."""
    require(can_register_barrier, by, programme.municipality)
    if sub_programme is not None and sub_programme.programme_id != programme.pk:
        raise ValidationError(
            {"sub_programme": _("Delprogrammet må høre til samme program som barrieren.")}
        )
    status, level = INITIAL_STATE
    barrier = Barrier(
        programme=programme,
        sub_programme=sub_programme,
        title=title.strip(),
        description=description.strip(),
        registered_by_id=by.pk if by is not None and by.is_authenticated else None,
        status=status,
        level=level,
    )
    save_validated(barrier)
    audit_record(
        municipality=programme.municipality,
        actor=by,
        action="barrier.registered",
        obj=barrier,
        summary=_("Barrieren «%(title)s» er registrert.") % {"title": barrier.title},
        changes=changes_between({}, {"title": barrier.title, "status": status, "level": level}),
    )
    return barrier


@transaction.atomic
def _transition(
    *, barrier: Barrier, action: BarrierAction, by: AnyUser | None, resolution: str = ""
) -> Barrier:
    """One step of `BARRIER_WORKFLOW`, as the level's actor (`can_act_on_barrier`)."""

    def update(barrier: Barrier, transition: Transition) -> None:
        if action in NEEDS_RESOLUTION:
            barrier.resolution = resolution.strip()
            barrier.resolved_at = timezone.now()
        elif action == BarrierAction.REOPEN:
            barrier.resolved_at = None

    BARRIER_WORKFLOW.apply(barrier, action, by=by, reason=resolution, update=update)
    return barrier


def barrier_escalate(*, barrier: Barrier, by: AnyUser | None) -> Barrier:
    """Lift the barrier one step: change team → board → commissioner."""
    return _transition(barrier=barrier, action=BarrierAction.ESCALATE, by=by)


def barrier_resolve(*, barrier: Barrier, resolution: str, by: AnyUser | None) -> Barrier:
    return _transition(barrier=barrier, action=BarrierAction.RESOLVE, by=by, resolution=resolution)


def barrier_reject(*, barrier: Barrier, resolution: str, by: AnyUser | None) -> Barrier:
    return _transition(barrier=barrier, action=BarrierAction.REJECT, by=by, resolution=resolution)


def barrier_reopen(*, barrier: Barrier, by: AnyUser | None) -> Barrier:
    """Take up a rejected barrier again, at the level where it was rejected."""
    return _transition(barrier=barrier, action=BarrierAction.REOPEN, by=by)
