"""Who may do what with areas, indicators and statistics."""

from __future__ import annotations

from omrade.tenancy.models import Municipality
from omrade.tenancy.permissions import has_role
from omrade.tenancy.roles import AREA_EDITORS, STATISTICS_EDITORS, UNPROTECTED_VALUE_READERS
from omrade.tenancy.selectors import AnyUser, is_platform_admin


def can_see_unprotected_values(user: AnyUser, municipality: Municipality) -> bool:
    """Raw values below the small-number threshold, marked as such: the owning analysts."""
    return has_role(user, municipality, UNPROTECTED_VALUE_READERS)


def can_manage_statistics(user: AnyUser, municipality: Municipality) -> bool:
    """Import boundaries and statistics, save index definitions and baselines."""
    return has_role(user, municipality, STATISTICS_EDITORS)


def can_manage_areas(user: AnyUser, municipality: Municipality) -> bool:
    """Mark areas as initiative areas and correct names and population."""
    return has_role(user, municipality, AREA_EDITORS)


def can_manage_indicators(user: AnyUser, municipality: Municipality | None) -> bool:
    """Add indicators: the municipality's own for its statistics editors, the shared
    catalogue's (no municipality) for platform admins only."""
    if municipality is None:
        return is_platform_admin(user)
    return can_manage_statistics(user, municipality)
