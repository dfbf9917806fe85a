"""Template helpers for the ideas pages: may the visitor run participation here?"""

from __future__ import annotations

from typing import Any

from django import template

from omrade.participation.core.permissions import can_run_participation
from omrade.participation.ideas.workflow import feedback_for_reader

register = template.Library()


@register.simple_tag(takes_context=True)
def ideas_can_run(context: dict[str, Any]) -> bool:
    request, municipality = context.get("request"), context.get("municipality")
    if request is None or municipality is None:
        return False
    return can_run_participation(request.user, municipality)


@register.filter
def idea_feedback(text: str) -> str:
    """Default feedback in the reader's language; staff's own words as written."""
    return feedback_for_reader(text)
