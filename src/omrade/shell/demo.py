"""The demo loader: each app contributes its part, through its own services, in order."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from django.core.management import call_command
from django.db import transaction

from omrade.tenancy.models import Municipality

# Later apps append their module here; each has `load(demo: DemoContext) -> None`.
DEMO_PARTS = ["omrade.tenancy.demo"]

DEMO_PASSWORD = "omrade-demo"


@dataclass
class DemoContext:
    """What the parts share: the municipalities by code and the logins to print."""

    password: str = DEMO_PASSWORD
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, where


def demo_is_loaded() -> bool:
    return Municipality.objects.exists()


def demo_load(*, reset: bool = False) -> DemoContext:
    """Load the three seed cases. With reset, the database is emptied first."""
    if reset:
        call_command("flush", interactive=False, verbosity=0)
    context = DemoContext()
    with transaction.atomic():
        for dotted in DEMO_PARTS:
            importlib.import_module(dotted).load(context)
    return context
