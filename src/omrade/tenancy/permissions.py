"""Who may do what in a municipality: the one place views, admin and API ask."""

from __future__ import annotations

from typing import TYPE_CHECKING

from omrade.tenancy.models import Municipality, Role
from omrade.tenancy.roles import ADMINISTRATORS, INTERNAL_READERS, STRUCTURE_EDITORS
from omrade.tenancy.selectors import is_platform_admin, roles_in_municipality

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from omrade.tenancy.selectors import AnyUser


def has_role(user: AnyUser, municipality: Municipality, allowed: frozenset[Role]) -> bool:
    return bool(roles_in_municipality(user, municipality) & allowed)


def can_view_municipality(user: AnyUser, municipality: Municipality) -> bool:
    """Internal (non-public) pages and data of a municipality."""
    return has_role(user, municipality, INTERNAL_READERS)


def can_manage_directory(user: AnyUser, municipality: Municipality) -> bool:
    """Create and change municipal units, organisations and people."""
    return has_role(user, municipality, STRUCTURE_EDITORS)


def can_manage_roles(user: AnyUser, municipality: Municipality) -> bool:
    return has_role(user, municipality, ADMINISTRATORS)


def can_manage_municipality_settings(user: AnyUser, municipality: Municipality) -> bool:
    """The municipality's own settings, such as the background map of its maps."""
    return has_role(user, municipality, ADMINISTRATORS)


def can_manage_platform(user: AnyUser) -> bool:
    """Create municipalities and grant or revoke the platform admin role."""
    return is_platform_admin(user)


def can_manage_token(user: AnyUser, owner: AbstractBaseUser) -> bool:
    """Create and revoke API tokens: a user their own, a platform admin anyone's."""
    return (user.is_authenticated and user.pk == owner.pk) or is_platform_admin(user)
