"""The audit log's two doors: write an entry, and read an object's history.

Services call `audit_record` inside their transaction, so an entry exists exactly when the
change it describes was saved. `changes` maps each changed field to `[old, new]`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet

from omrade.common.models import AuditEntry


def _plain(value: Any) -> Any:
    """A value the JSON field can hold: dates and decimals become text, models their key."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Model):
        return value.pk
    return str(value)


def object_type_of(obj: Model) -> str:
    return obj._meta.label_lower


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field → [old, new] for every field whose value differs (a missing field counts as None)."""
    changed: dict[str, list[Any]] = {}
    for field in [*before, *(name for name in after if name not in before)]:
        old, new = _plain(before.get(field)), _plain(after.get(field))
        if old != new:
            changed[field] = [old, new]
    return changed


def audit_record(
    *,
    municipality: Any,
    actor: Any,
    action: str,
    obj: Model,
    summary: str = "",
    changes: dict[str, list[Any]] | None = None,
) -> AuditEntry:
    """Write one entry; `actor` may be None (the system) or an anonymous user (stored as None)."""
    return AuditEntry.objects.create(
        municipality=municipality,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=object_type_of(obj),
        object_id=str(obj.pk),
        summary=summary,
        changes={
            field: [_plain(old), _plain(new)] for field, (old, new) in (changes or {}).items()
        },
    )


def audit_entries_for(obj: Model) -> QuerySet[AuditEntry]:
    """An object's history, oldest first."""
    return AuditEntry.objects.filter(
        object_type=object_type_of(obj), object_id=str(obj.pk)
    ).select_related("actor")
