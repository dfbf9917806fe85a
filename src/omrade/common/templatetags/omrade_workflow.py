"""`{{ obj|next_actors }}`: the steps forward from a thing's state with who takes each, from
its workflow table (`common/workflow.py`), for the pages' "Neste steg" lines."""

from __future__ import annotations

from django import template
from django.db.models import Model

from omrade.common.workflow import NextStep, Workflow

register = template.Library()


@register.filter
def next_actors(obj: Model) -> list[NextStep]:
    workflow = Workflow.of(obj)
    return workflow.next_actors(obj) if workflow is not None else []
