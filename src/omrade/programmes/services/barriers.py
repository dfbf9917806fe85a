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
from omrade.common.services import save_validated
from omrade.programmes.models import (
    Barrier,
    BarrierLevel,
    BarrierStatus,
    Programme,
    SubProgramme,
)
from omrade.programmes.workflow import (
    ACTION_LABELS,
    INITIAL_STATE,
    NEEDS_RESOLUTION,
    BarrierAction,
    target_of,
)
from omrade.tenancy.selectors import AnyUser

AUDITED_FIELDS = ("status", "level", "resolution", "resolved_at")
AUDIT_ACTIONS = {
    BarrierAction.ESCALATE: "barrier.escalated",
    BarrierAction.RESOLVE: "barrier.resolved",
    BarrierAction.REJECT: "barrier.rejected",
    BarrierAction.REOPEN: "barrier.reopened",
}


def _state(barrier: Barrier) -> dict[str, object]:
    return {field: getattr(barrier, field) for field in AUDITED_FIELDS}


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


def _refused(barrier: Barrier, action: BarrierAction) -> ValidationError:
    return ValidationError(
        {
            "status": _(
                "«%(action)s» er ikke tillatt når barrieren har status «%(status)s» på nivået "
                "«%(level)s»."
            )
            % {
                "action": ACTION_LABELS[action],
                "status": BarrierStatus(barrier.status).label,
                "level": BarrierLevel(barrier.level).label,
            }
        }
    )


@transaction.atomic
def _transition(
    *, barrier: Barrier, action: BarrierAction, by: AnyUser | None, resolution: str = ""
) -> Barrier:
    # Lock the row and start from what is stored, so two changes at once cannot both pass.
    Barrier.objects.select_for_update().filter(pk=barrier.pk).first()
    barrier.refresh_from_db()
    target = target_of(action, barrier.status, barrier.level)
    if target is None:
        raise _refused(barrier, action)
    if action in NEEDS_RESOLUTION and not resolution.strip():
        raise ValidationError({"resolution": _("Skriv hva som ble avgjort, og hvorfor.")})
    before = _state(barrier)
    barrier.status, barrier.level = target.status, target.level
    if action in NEEDS_RESOLUTION:
        barrier.resolution = resolution.strip()
        barrier.resolved_at = timezone.now()
    elif action == BarrierAction.REOPEN:
        barrier.resolved_at = None
    save_validated(barrier)
    audit_record(
        municipality=barrier.programme.municipality,
        actor=by,
        action=AUDIT_ACTIONS[action],
        obj=barrier,
        summary=_("«%(title)s»: %(status)s, %(level)s")
        % {
            "title": barrier.title,
            "status": barrier.get_status_display(),
            "level": barrier.get_level_display(),
        },
        changes=changes_between(before, _state(barrier)),
    )
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
