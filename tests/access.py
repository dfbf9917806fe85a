"""What the access matrix (tests/test_access_matrix.py) expects, in words every app's
expectations share: the actors, `access()` and `Probe`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from omrade.tenancy.models import MUNICIPAL_ROLES, Role

ANONYMOUS, OTHER, PLATFORM = "anonymous", "other-municipality-admin", "platform-admin"
ACTORS = [ANONYMOUS, OTHER, PLATFORM, *[role.value for role in MUNICIPAL_ROLES]]
LOGIN = 302  # anonymous visitors are sent to the login page


def access(
    public: int | None = None,
    *,
    roles: set[Role] | None = None,
    anonymous: int = LOGIN,
    allowed_status: int = 200,
) -> dict[str, int]:
    """Expected status per actor: `public` for all, or allowed for `roles` and 403 otherwise."""
    if public is not None:
        return dict.fromkeys(ACTORS, public)
    allowed = {role.value for role in roles or set()} | {PLATFORM}
    expected = {actor: allowed_status if actor in allowed else 403 for actor in ACTORS}
    expected[ANONYMOUS] = anonymous
    return expected


ALL_ROLES = set(MUNICIPAL_ROLES)
DIRECTORY_EDITORS = {Role.MUNICIPAL_ADMIN, Role.PROGRAMME_MANAGER}
AREA_EDITORS = {Role.MUNICIPAL_ADMIN, Role.PROGRAMME_MANAGER, Role.ANALYST}
STATISTICS_EDITORS = {Role.MUNICIPAL_ADMIN, Role.ANALYST}
PROGRAMME_EDITORS = {Role.MUNICIPAL_ADMIN, Role.PROGRAMME_MANAGER}


@dataclass
class Probe:
    expected: dict[str, int]
    kwargs: Callable[[dict[str, object]], dict[str, object]] = lambda objects: {}
    method: str = "get"
