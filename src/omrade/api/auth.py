"""API authentication (personal bearer token or browser session) and tenant scoping.

A request with `Authorization: Bearer <token>` is authenticated by the token alone and needs
no CSRF token: a browser never sends that header by itself, so another site cannot forge it.
A request that relies on the session cookie is a browser's, and its writes must carry the
CSRF token like every form. The token is tried first, so a session check (and its CSRF
check) never stands in the way of a token request; an anonymous request to a public route
carries no credentials to forge and is not checked either.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from omrade.tenancy.access import Permission
from omrade.tenancy.models import Municipality
from omrade.tenancy.permissions import can_view_municipality
from omrade.tenancy.selectors import municipality_by_code
from omrade.tenancy.services import token_authenticate


class PersonalToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> object | None:
        user = token_authenticate(key=token)
        if user is not None:
            request.user = user  # the views below see the token's user as the signed-in user
        return user


class BrowserSession(APIKeyCookie):
    """The signed-in browser session; unsafe methods must pass Django's CSRF check."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)  # checked below, only when the session signs someone in

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(
                403, "CSRF check failed: send the csrftoken cookie's value as X-CSRFToken"
            )
        return user


TOKEN = PersonalToken()
SESSION = BrowserSession()
SIGNED_IN = [TOKEN, SESSION]


def _anyone(request: HttpRequest) -> bool:
    return True


# Public routes still read the token or session, so analysts get their unprotected view.
PUBLIC = [TOKEN, SESSION, _anyone]


def public_municipality(code: str) -> Municipality:
    municipality = municipality_by_code(code)
    if municipality is None:
        raise HttpError(404, "Unknown municipality")
    return municipality


def municipality_for(
    request: HttpRequest, code: str, permission: Permission = can_view_municipality
) -> Municipality:
    """The API's counterpart of `municipality_view`: 404 unknown, 403 without the role."""
    municipality = municipality_by_code(code)
    if municipality is None:
        raise HttpError(404, "Unknown municipality")
    if not permission(request.user, municipality):
        raise HttpError(403, "You have no role in this municipality that allows this")
    return municipality
