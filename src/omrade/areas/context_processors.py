"""What the areas pages' sub-navigation needs on every page: may the user import statistics."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from omrade.areas.permissions import can_manage_statistics


def areas(request: HttpRequest) -> dict[str, Any]:
    municipality = getattr(request, "municipality", None)
    if municipality is None or not request.user.is_authenticated:
        return {}
    return {"can_manage_statistics": can_manage_statistics(request.user, municipality)}
