"""API authentication (browser session or personal bearer token) and tenant scoping."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

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


SIGNED_IN = [django_auth, PersonalToken()]


def _anyone(request: HttpRequest) -> bool:
    return True


# Public routes still read the session or token, so analysts get their unprotected view.
PUBLIC = [django_auth, PersonalToken(), _anyone]


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
