"""The one mechanism that scopes a request to a municipality.

Every view of non-public data is wrapped in `municipality_view`: it resolves the
municipality from the URL, sends anonymous visitors to the login page, refuses users
without the required role (403), and hands the view the municipality. Views then read
only through selectors that take that municipality, and fetch single objects with
`get_in_municipality`, so another municipality's object answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils import translation

from omrade.tenancy.models import Municipality, TenantModel
from omrade.tenancy.permissions import can_view_municipality
from omrade.tenancy.selectors import AnyUser, is_platform_admin, municipality_ids_for_user

Permission = Callable[[AnyUser, Municipality], bool]
TenantModelT = TypeVar("TenantModelT", bound=TenantModel)
ModelT = TypeVar("ModelT", bound=Model)


def municipality_view(
    permission: Permission = can_view_municipality,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(
            request: HttpRequest, municipality_code: str, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            municipality = get_object_or_404(Municipality, code=municipality_code)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not permission(request.user, municipality):
                raise PermissionDenied
            request.municipality = municipality  # type: ignore[attr-defined]
            return view(request, municipality, *args, **kwargs)

        return wrapper

    return decorator


def public_municipality_view(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """A page anyone may read (published figures only): resolves the municipality, no login."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, municipality_code: str, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        municipality = get_object_or_404(Municipality, code=municipality_code)
        request.municipality = municipality  # type: ignore[attr-defined]
        _use_residents_language(request, municipality)
        return view(request, municipality, *args, **kwargs)

    return wrapper


def _use_residents_language(request: HttpRequest, municipality: Municipality) -> None:
    """Residents read a municipality's public pages in its language (Fredericia in Danish),
    unless they chose another with the language switcher (its cookie wins). Signed-in staff
    keep their own choice, as LocaleMiddleware found it."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return
    if is_platform_admin(request.user) or municipality_ids_for_user(request.user):
        return
    language = municipality.default_language
    if language in dict(settings.LANGUAGES):
        translation.activate(language)
        request.LANGUAGE_CODE = language


def get_in_municipality(
    model: type[TenantModelT], municipality: Municipality, **lookup: Any
) -> TenantModelT:
    """One object of a tenant model, or 404 if it belongs to another municipality."""
    try:
        return model.objects.in_municipality(municipality).get(**lookup)
    except model.DoesNotExist as missing:
        raise Http404 from missing
