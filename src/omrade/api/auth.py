"""API authentication (personal bearer token or browser session) and tenant scoping.

A request with `Authorization: Bearer <token>` is authenticated by the token alone and needs
no CSRF token: a browser never sends that header by itself, so another site cannot forge it.
A request that relies on the session cookie is a browser's, and its writes must carry the
CSRF token like every form. The token is tried first, so a session check (and its CSRF
check) never stands in the way of a token request; an anonymous request to a public route
carries no credentials to forge and is not checked either.
"""

from __future__ import annotations

import operator
import re
from functools import reduce
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from omrade.tenancy.access import Permission
from omrade.tenancy.models import Municipality
from omrade.tenancy.permissions import can_view_municipality
from omrade.tenancy.selectors import (
    AnyUser,
    is_platform_admin,
    municipality_by_code,
    municipality_ids_for_user,
)
from omrade.tenancy.services import token_authenticate

ModelT = TypeVar("ModelT", bound=Model)


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


def visible_or_404(
    request: HttpRequest,
    queryset: QuerySet[ModelT],
    pk: int,
    permission: Permission | None = can_view_municipality,
    *,
    public: Q | bool = False,
    municipality: str = "municipality",
    name: str = "",
) -> ModelT:
    """The API's one lookup of an object by id, scoped before it is fetched.

    `queryset` is narrowed to the rows the caller may see — those of the municipalities the
    caller has a role in (every municipality for the platform admin) and, for everyone, the
    rows `public` matches (`True`: every row of `queryset` is public) — and only then is `pk`
    looked up in it, so another municipality's object answers 404 as if it did not exist.
    Then `permission(user, municipality)` must allow the caller, or the answer is 403
    (`None`: seeing it is enough; routes with public rows pass `None` and decide themselves
    what a member sees beyond the public part). `municipality` is the lookup path from the
    model to its municipality (`"programme__municipality"` for a model without its own).
    """
    user = request.user
    visible = _visible(user, public, municipality)
    if visible is not None:
        queryset = queryset.filter(visible)
    found = queryset.select_related(municipality).filter(pk=pk).first()
    label = name or re.sub(r"(?<!^)(?=[A-Z])", " ", queryset.model.__name__).lower()
    if found is None:
        raise Http404(f"Unknown {label}")
    if permission is not None and not permission(user, _municipality_of(found, municipality)):
        raise PermissionDenied(f"You may not do this with this {label}")
    return found


def _visible(user: AnyUser, public: Q | bool, municipality: str) -> Q | None:
    """The condition on the rows the user may see; None: every row."""
    if public is True or is_platform_admin(user):
        return None
    conditions = [] if public is False else [public]
    if user.is_authenticated:
        conditions.append(Q(**{f"{municipality}__in": municipality_ids_for_user(user)}))
    if not conditions:
        return Q(pk__in=[])
    return reduce(operator.or_, conditions)


def _municipality_of(instance: Model, path: str) -> Municipality:
    found: Any = instance
    for step in path.split("__"):
        found = getattr(found, step)
    return found
