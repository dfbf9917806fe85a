"""Fixtures shared by every test: tenants, users per role, demo data and a real browser."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from omrade.tenancy.models import MUNICIPAL_ROLES, Municipality, Role
from tests.factories import PASSWORD, MunicipalityFactory, user_with_role

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls there are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Real public data beside the project (../shared/data); CI always has it.
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_shared_data = pytest.mark.skipif(
    not SHARED_DATA.exists(), reason="../shared/data is not beside the project"
)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass
class Tenants:
    """Two municipalities, a user per role in the first, and an admin of the second."""

    home: Municipality
    other: Municipality
    users: dict[Role, object]
    other_admin: object
    platform_admin: object


@pytest.fixture
def tenants(db: None) -> Tenants:
    home = MunicipalityFactory(code="3107", name="Fredrikstad")
    other = MunicipalityFactory(code="4601", name="Bergen")
    users = {role: user_with_role(role, home, f"home-{role.value}") for role in MUNICIPAL_ROLES}
    return Tenants(
        home=home,
        other=other,
        users=users,
        other_admin=user_with_role(Role.MUNICIPAL_ADMIN, other, "other-admin"),
        platform_admin=user_with_role(Role.PLATFORM_ADMIN, None, "platform"),
    )


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make test installs it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: object) -> None:
    """PBKDF2 is slow on purpose; tests need many users, not strong hashes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def no_third_party_tiles(settings: object) -> None:
    """Tests run offline: no map loads tiles from a third-party server (OMRADE_TILE_URL=none)."""
    settings.TILE_URL = "none"  # type: ignore[attr-defined]


@pytest.fixture
def demo(live_server) -> str:
    """The whole demo in the database, served by a live server; returns its address."""
    from omrade.shell.demo import demo_load

    demo_load()
    return live_server.url
