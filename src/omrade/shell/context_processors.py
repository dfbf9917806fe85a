"""What every page's layout needs: the user's municipalities and the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from omrade.shell.navigation import navigation_for
from omrade.tenancy.selectors import municipalities_for_user


def shell(request: HttpRequest) -> dict[str, Any]:
    municipality = getattr(request, "municipality", None)
    user = request.user
    context: dict[str, Any] = {"current_municipality": municipality}
    if user.is_authenticated:
        context["my_municipalities"] = list(municipalities_for_user(user))
        if municipality is not None:
            context["navigation"] = navigation_for(user, municipality, request.path)
    return context
