"""The demo loader: each app contributes its part, through its own services, in order."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from django.core.management import call_command
from django.db import transaction

from omrade.tenancy.models import Municipality, RoleAssignment

# Later apps append their module here; each has `load(demo: DemoContext) -> None`.
DEMO_PARTS = [
    "omrade.tenancy.demo",
    "omrade.areas.demo",
    "omrade.programmes.demo",
    "omrade.portfolio.demo",
    "omrade.participation.demo_places",
    "omrade.participation.demo_ideas",
    "omrade.participation.demo_surveys",
    "omrade.shell.demo_work",  # what waits for each role ("Mitt arbeid")
]

DEMO_PASSWORD = "omrade-demo"


@dataclass
class DemoContext:
    """What the parts share: the password of demo users and the municipalities by code."""

    password: str = DEMO_PASSWORD
    municipalities: dict[str, Municipality] = field(default_factory=dict)


def demo_is_loaded() -> bool:
    return Municipality.objects.exists()


def demo_logins() -> list[tuple[str, str, str]]:
    """Every user with a role, as (username, role, municipalities): the demo's logins."""
    by_user: dict[tuple[str, str], list[str]] = {}
    assignments = RoleAssignment.objects.select_related("user", "municipality").order_by(
        "municipality__name", "user__username"
    )
    for assignment in assignments:
        key = (assignment.user.username, str(assignment.get_role_display()))
        by_user.setdefault(key, []).append(
            assignment.municipality.name if assignment.municipality else "–"
        )
    return [(username, role, ", ".join(where)) for (username, role), where in by_user.items()]


def demo_load(*, reset: bool = False) -> DemoContext:
    """Load the three seed cases. With reset, the database is emptied first."""
    if reset:
        call_command("flush", interactive=False, verbosity=0)
    context = DemoContext()
    with transaction.atomic():
        for dotted in DEMO_PARTS:
            importlib.import_module(dotted).load(context)
    return context
