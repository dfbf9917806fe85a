"""Audit entries on pages: changed fields with their labels and values translated."""

from __future__ import annotations

from django import template

from omrade.common.audit import ChangeLine, change_lines
from omrade.common.models import AuditEntry

register = template.Library()


@register.filter
def audit_changes(entry: AuditEntry) -> list[ChangeLine]:
    return change_lines(entry)
