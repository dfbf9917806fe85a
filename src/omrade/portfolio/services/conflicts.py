"""Writes for resource conflicts: record the board decision that settled one.

The programme board settles resource conflicts (seed 001: "Sørger for avklaring ved
ressurskonflikter"), so the decision must be one of this programme's decisions made in a
meeting of a body of kind BOARD, and the key must name a current conflict
(`conflicts.conflicts_of`). Audited.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from omrade.common.audit import audit_record, changes_between
from omrade.common.permissions import require
from omrade.portfolio.conflicts import conflict_by_key
from omrade.portfolio.models import ConflictResolution
from omrade.portfolio.permissions import can_resolve_conflicts
from omrade.programmes.models import BodyKind, Decision, Programme
from omrade.tenancy.selectors import AnyUser


@transaction.atomic
def conflict_resolve(
    *,
    programme: Programme,
    key: str,
    decision: Decision,
    note: str = "",
    by: AnyUser | None,
) -> ConflictResolution:
    """Record that `decision` (a board decision of the programme) settled conflict `key`."""
    require(can_resolve_conflicts, by, programme.municipality)
    key = key.strip()
    conflict = conflict_by_key(programme, key)
    if conflict is None:
        raise ValidationError(
            {"key": _("Det finnes ingen slik ressurskonflikt nå: «%(key)s».") % {"key": key}}
        )
    if decision.programme_id != programme.pk:
        raise ValidationError({"decision": _("Vedtaket må høre til samme program.")})
    if decision.meeting.body.kind != BodyKind.BOARD:
        raise ValidationError(
            {
                "decision": _(
                    "Ressurskonflikter avklares av programstyret: %(reference)s ble vedtatt i "
                    "«%(body)s»."
                )
                % {"reference": decision.reference, "body": decision.meeting.body.name}
            }
        )
    if conflict.resolution is not None:
        raise ValidationError(
            {
                "key": _("Konflikten er alt avklart i %(reference)s.")
                % {"reference": conflict.resolution.decision.reference}
            }
        )
    resolution = ConflictResolution(
        programme=programme,
        kind=conflict.kind,
        key=key,
        decision=decision,
        note=note.strip(),
        resolved_by_id=by.pk if by is not None and by.is_authenticated else None,
    )
    resolution.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            resolution.save()
    except IntegrityError as clash:  # resolved at the same moment by someone else
        raise ValidationError({"key": _("Konflikten er alt avklart.")}) from clash
    audit_record(
        municipality=programme.municipality,
        actor=by,
        action="conflict.resolved",
        obj=resolution,
        summary=_("%(text)s Avklart i %(reference)s.")
        % {"text": conflict.text, "reference": decision.reference},
        changes=changes_between(
            {},
            {
                "key": key,
                "decision": decision.reference,
                "note": resolution.note,
                "asked": conflict.asked,
                "available": conflict.available,
            },
        ),
    )
    return resolution
