"""What the areas pages' sub-navigation needs on every page: may the user see the internal
tabs, may they import statistics."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from omrade.areas.permissions import can_manage_statistics
from omrade.tenancy.permissions import can_view_municipality


def areas(request: HttpRequest) -> dict[str, Any]:
    municipality = getattr(request, "municipality", None)
    if municipality is None or not request.user.is_authenticated:
        return {}
    return {
        "can_manage_statistics": can_manage_statistics(request.user, municipality),
        # Internal tabs only for the municipality's own roles: a user of another municipality
        # on the public map would follow them to a 403.
        "can_view_area_internals": can_view_municipality(request.user, municipality),
    }
