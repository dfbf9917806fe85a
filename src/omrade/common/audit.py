"""The audit log's two doors: write an entry, and read an object's history.

Services call `audit_record` inside their transaction, so an entry exists exactly when the
change it describes was saved. `changes` maps each changed field to `[old, new]`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, Model, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

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


@dataclass(frozen=True)
class ChangeLine:
    """One changed field as a reader sees it: the field's label and the old and new values
    in the active language (choice labels, yes/no, the related object's name)."""

    field: str
    old: str
    new: str


def _model_field(object_type: str, name: str) -> Field[Any, Any] | None:
    try:
        model = apps.get_model(object_type)
        field = model._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None
    return field if isinstance(field, Field) else None


def _shown(value: Any, field: Field[Any, Any] | None) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nei")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    return str(value)


def change_lines(entry: AuditEntry) -> list[ChangeLine]:
    """The entry's changes as translated lines, e.g. "Status: Planlagt → Pågår"."""
    lines = []
    for name, (old, new) in (entry.changes or {}).items():
        field = _model_field(entry.object_type, name)
        label = capfirst(str(field.verbose_name)) if field is not None else name
        lines.append(ChangeLine(str(label), _shown(old, field), _shown(new, field)))
    return lines
