"""The demo loader: each app contributes its part, through its own services, in order."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from omrade.tenancy.models import Municipality, RoleAssignment

# Later apps append their module here; each has `load(demo: DemoContext) -> None`.
DEMO_PARTS = [
    "omrade.tenancy.demo",
    "omrade.areas.demo",
    "omrade.programmes.demo",
    "omrade.portfolio.demo",
    "omrade.participation.demo",  # meeting places, ideas, surveys
    "omrade.finance.demo",  # sources, allocations, the ledger
    "omrade.shell.demo_work",  # what waits for each role ("Mitt arbeid")
]

DEMO_PASSWORD = "omrade-demo"


@dataclass
class DemoContext:
    """What the parts share: the password of demo users, the municipalities by code and the
    day the demo is loaded, which its synthetic dates are relative to (real, dated facts from
    the seeds stay as they are)."""

    password: str = DEMO_PASSWORD
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    today: date = field(default_factory=timezone.localdate)

    @cached_property
    def password_hash(self) -> str:
        """The password hashed once for every demo user: the hasher is slow on purpose, and
        hashing it per user took ~20 s of the demo's load."""
        return make_password(self.password)

    @property
    def last_complete_year(self) -> int:
        """The last year that has ended: where synthetic statistics series stop."""
        return self.today.year - 1

    def year_within(self, start_year: int, end_year: int) -> int:
        """This year, kept inside a programme's period: the programme's current year."""
        return min(max(self.today.year, start_year), end_year)


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


def demo_load(*, reset: bool = False, today: date | None = None) -> DemoContext:
    """Load the three seed cases, dated relative to `today` (the day it is loaded by default).
    With reset, the database is emptied first."""
    if reset:
        call_command("flush", interactive=False, verbosity=0)
    context = DemoContext(today=today) if today is not None else DemoContext()
    with transaction.atomic():
        for dotted in DEMO_PARTS:
            importlib.import_module(dotted).load(context)
    return context
