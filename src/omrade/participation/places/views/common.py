"""What the places, committees and events pages share: the staff form page, the rate limit
of anonymous writes and the page that refuses them."""

from __future__ import annotations

from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from omrade.participation.core.abuse import BUDGETS, over_budget
from omrade.tenancy.models import Municipality

# The kinds of anonymous write here; their budgets (per address, per browser) are in
# abuse.BUDGETS.
PUBLIC_WRITE_KINDS = ("booking_request", "event_registration", "registration_cancel")


def form_page(
    request: HttpRequest, municipality: Municipality, form: BaseForm, **context: Any
) -> HttpResponse:
    """A staff form on its own page (`title`, `action`, `back`, `submit` in the context);
    400 when a posted form comes back with errors."""
    return render(
        request,
        "participation/places/form_page.html",
        {"municipality": municipality, "form": form, **context},
        status=400 if form.is_bound else 200,
    )


def over_public_limit(request: HttpRequest, kind: str) -> bool:
    """Count an anonymous write of this kind; True when the client is over its budget.
    Signed-in staff are not limited (they are accountable by name)."""
    if request.user.is_authenticated:
        return False
    if kind not in PUBLIC_WRITE_KINDS:
        raise ValueError(f"unknown kind of public write: {kind}")
    return over_budget(request, kind, scope="places")


def too_many_requests(
    request: HttpRequest, municipality: Municipality, kind: str, *, back: str
) -> HttpResponse:
    per_seconds = BUDGETS[kind].per_seconds
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
