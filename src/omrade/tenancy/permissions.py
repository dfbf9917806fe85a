"""Who may do what in a municipality: the one place views, admin and API ask."""

from __future__ import annotations

from typing import TYPE_CHECKING

from omrade.tenancy.models import Municipality, Role
from omrade.tenancy.roles import ADMINISTRATORS, INTERNAL_READERS, STRUCTURE_EDITORS
from omrade.tenancy.selectors import roles_in_municipality

if TYPE_CHECKING:
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
