"""The one way a service checks its rule: `require(can_x, by, obj)`.

Every service with an actor takes `by=` and calls `require` with the named `can_*` rule from
its app's `permissions.py` before it writes, so no entry point (page, API, command, another
service) can skip the rule; views and API ask the same rule to decide what to show.
`by=None` is the system (the demo loader, console commands, tasks), which the rules do not
restrict.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied


def require(rule: Callable[..., bool], by: Any, *objects: Any, message: str = "") -> None:
    """Raise PermissionDenied unless `rule(by, *objects)` holds (or `by` is the system)."""
    if by is not None and not rule(by, *objects):
        raise PermissionDenied(message or f"{rule.__name__} refused")
