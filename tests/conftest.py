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
def default_language() -> None:
    """Every test starts in the default language (bokmål), whatever language the test run
    before it on the same worker left active (a Danish page, a `translation.activate`)."""
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def no_third_party_tiles(settings: object) -> None:
    """Tests run offline: no map loads tiles from a third-party server (OMRADE_TILE_URL=none)."""
    settings.TILE_URL = "none"  # type: ignore[attr-defined]


# The demo, loaded once per test process and shared by the tests that read it.
#
# Loading the whole demo takes seconds, and a dozen tests read it. So the tests that ask for
# `demo_data` or `demo` find it committed in the test database: the first of them loads it, the
# others reuse it, and after the last of a run of such tests the database is emptied again
# (as a transactional test leaves it), so every other test still starts from an empty
# database whatever the order. Collection puts the demo's readers first, together, so each
# process (each xdist worker) loads it once, and the long crawl starts early, while the many
# short tests after it even out the workers. Such tests carry no `django_db` mark: these
# fixtures give them the database.


@dataclass
class _SharedDemo:
    loaded: bool = False
    server: object | None = None  # pytest-django's LiveServer, started on first use


_shared_demo = _SharedDemo()
DEMO_FIXTURES = {"demo", "demo_data"}


def _reads_demo(item: pytest.Item | None) -> bool:
    return item is not None and bool(DEMO_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The demo's readers run first and together (a stable sort keeps the order otherwise)."""
    items.sort(key=lambda item: not _reads_demo(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After the last demo reader of a run, empty the database for the tests that follow."""
    result = yield
    if _shared_demo.loaded and _reads_demo(item) and not _reads_demo(nextitem):
        _flush_demo(item.config)
    return result


def _flush_demo(config: pytest.Config) -> None:
    from django.core.management import call_command
    from pytest_django.plugin import blocking_manager_key

    if _shared_demo.server is not None:
        _shared_demo.server.stop()  # type: ignore[attr-defined]
        _shared_demo.server = None
    with config.stash[blocking_manager_key].unblock():
        call_command("flush", interactive=False, verbosity=0)
    _shared_demo.loaded = False


@pytest.fixture
def demo_data(request: pytest.FixtureRequest, django_db_blocker: object) -> Iterator[None]:
    """The whole demo in the database, for a test that reads it with the ORM or Django's
    test client; whatever the test writes itself is rolled back."""
    from django.db import transaction

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        _load_shared_demo(request)
        with transaction.atomic():
            yield
            transaction.set_rollback(True)


@pytest.fixture
def demo(request: pytest.FixtureRequest, django_db_blocker: object) -> Iterator[str]:
    """The whole demo in the database, served by a live server; returns its address. For
    tests that only read it through the server (a browser's logins leave their sessions)."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        _load_shared_demo(request)
        if _shared_demo.server is None:
            # Not pytest-django's `live_server`: asking for it makes a test transactional,
            # and a transactional test empties the database when it ends.
            _shared_demo.server = LiveServer("localhost")
        server: LiveServer = _shared_demo.server  # type: ignore[assignment]
        server._live_server_modified_settings.enable()
        try:
            yield server.url
        finally:
            server._live_server_modified_settings.disable()


def _load_shared_demo(request: pytest.FixtureRequest) -> None:
    from omrade.shell.demo import demo_load

    if request.node.get_closest_marker("django_db"):
        raise pytest.UsageError(
            f"{request.node.nodeid} reads the shared demo: it must not carry a django_db mark "
            "(its transaction or flush would take the demo away from the tests after it)"
        )
    request.getfixturevalue("_demo_database")
    if not _shared_demo.loaded:
        demo_load()
        _shared_demo.loaded = True


@pytest.fixture(scope="session")
def _demo_database(django_db_setup: None, django_db_blocker: object) -> Iterator[None]:
    """The test database, also in a run of only the demo's readers: pytest-django sets it up
    only when some test carries a django_db mark or asks for `db`."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    created = None
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        if connection.settings_dict["NAME"] != connection.creation._get_test_db_name():
            created = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    yield
    if _shared_demo.server is not None:
        _shared_demo.server.stop()  # type: ignore[attr-defined]
        _shared_demo.server = None
    if created is not None:
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            teardown_databases(created, verbosity=0)
