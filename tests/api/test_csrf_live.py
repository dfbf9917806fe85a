"""API writes over real HTTP (a live server, not Django's test client, which skips CSRF).

Every write route is taken from the OpenAPI schema, so a new route cannot be forgotten: a
bearer-token request without any CSRF token is never refused for CSRF, an anonymous request is
never refused for CSRF either, and a browser session without the CSRF token is refused 403.
"""

from __future__ import annotations

import re

import pytest
import requests
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from omrade.api.api import api
from omrade.participation.ideas.models import Idea
from omrade.tenancy import services
from omrade.tenancy.models import MunicipalUnit, Role

WRITE_METHODS = {"post", "put", "patch", "delete"}


def write_routes() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return sorted(
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in WRITE_METHODS
    )


def test_the_schema_lists_the_write_routes() -> None:
    routes = write_routes()
    assert ("POST", "/api/municipalities/{code}/units") in routes
    assert ("POST", "/api/municipalities/{code}/ideas") in routes
    assert ("DELETE", "/api/meeting-places/{place_id}/sessions/{session_id}") in routes
    assert len(routes) >= 12


def concrete(path: str) -> str:
    """The route with its path parameters filled in: the municipality's code, else 1."""
    path = path.replace("{code}", "3107")
    return re.sub(r"\{[^}]+\}", "1", path)


@pytest.fixture
def live(live_server, transactional_db, tenants) -> str:
    return str(live_server.url)


def _session_cookie(user: object) -> str:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _csrf_refused(response: requests.Response) -> bool:
    return response.status_code == 403 and "csrf" in response.text.lower()


@pytest.mark.parametrize(("method", "path"), write_routes())
def test_write_routes_token_needs_no_csrf_and_session_does(live, tenants, method, path) -> None:
    url = live + concrete(path)
    _token, key = services.token_create(by=None, user=tenants.platform_admin)
    with requests.Session() as http:
        by_token = http.request(
            method, url, json={}, headers={"Authorization": f"Bearer {key}"}, timeout=30
        )
    assert not _csrf_refused(by_token), by_token.text
    assert by_token.status_code < 500, by_token.text

    with requests.Session() as http:
        anonymous = http.request(method, url, json={}, timeout=30)
    assert not _csrf_refused(anonymous), anonymous.text
    assert anonymous.status_code < 500, anonymous.text

    with requests.Session() as http:
        http.cookies.set(settings.SESSION_COOKIE_NAME, _session_cookie(tenants.platform_admin))
        without_csrf = http.request(method, url, json={}, timeout=30)
        assert without_csrf.status_code == 403, without_csrf.text
        assert _csrf_refused(without_csrf), without_csrf.text

        secret = _get_new_csrf_string()
        http.cookies.set(settings.CSRF_COOKIE_NAME, secret)
        with_csrf = http.request(method, url, json={}, headers={"X-CSRFToken": secret}, timeout=30)
    assert not _csrf_refused(with_csrf), with_csrf.text
    assert with_csrf.status_code < 500, with_csrf.text


def test_token_creates_a_unit_over_http(live, tenants) -> None:
    _token, key = services.token_create(by=None, user=tenants.users[Role.PROGRAMME_MANAGER])
    response = requests.post(
        f"{live}/api/municipalities/3107/units",
        json={"name": "Skoleetaten"},
        headers={"Authorization": f"Bearer {key}"},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    assert MunicipalUnit.objects.get(name="Skoleetaten").municipality == tenants.home


def test_session_without_csrf_writes_nothing(live, tenants) -> None:
    with requests.Session() as http:
        http.cookies.set(
            settings.SESSION_COOKIE_NAME,
            _session_cookie(tenants.users[Role.PROGRAMME_MANAGER]),
        )
        response = http.post(
            f"{live}/api/municipalities/3107/units", json={"name": "Skoleetaten"}, timeout=30
        )
    assert response.status_code == 403
    assert not MunicipalUnit.objects.filter(name="Skoleetaten").exists()


def test_resident_submits_an_idea_anonymously_over_http(live, tenants) -> None:
    response = requests.post(
        f"{live}/api/municipalities/3107/ideas",
        json={"title": "Benker i parken", "text": "Flere benker ved lekeplassen, takk."},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    assert Idea.objects.get(pk=response.json()["id"]).title == "Benker i parken"
