"""What the places, committees and events pages share: the rate limit of anonymous writes
and the page that refuses them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from omrade.participation.abuse import rate_limited
from omrade.tenancy.models import Municipality

# (writes, per seconds) per kind of anonymous write, for one client.
PUBLIC_WRITE_LIMITS: dict[str, tuple[int, int]] = {
    "booking_request": (5, 3600),
    "event_registration": (10, 3600),
    "registration_cancel": (10, 3600),
}


def over_public_limit(request: HttpRequest, kind: str) -> bool:
    """Count an anonymous write of this kind; True when the client is over the limit.
    Signed-in staff are not limited (they are accountable by name)."""
    if request.user.is_authenticated:
        return False
    limit, per_seconds = PUBLIC_WRITE_LIMITS[kind]
    return rate_limited(
        request, key=f"participation.places.{kind}", limit=limit, per_seconds=per_seconds
    )


def too_many_requests(
    request: HttpRequest, municipality: Municipality, kind: str, *, back: str
) -> HttpResponse:
    _limit, per_seconds = PUBLIC_WRITE_LIMITS[kind]
    response = render(
        request,
        "participation/places/public_refused.html",
        {
            "municipality": municipality,
            "heading": _("For mange innsendinger"),
            "message": _(
                "Du har sendt dette skjemaet for mange ganger på kort tid. Vent litt og prøv "
                "igjen senere."
            ),
            "back": back,
        },
        status=429,
    )
    response["Retry-After"] = str(per_seconds)
    return response
