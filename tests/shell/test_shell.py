import pytest
from django.db import connection

from omrade.tenancy.models import Role

pytestmark = pytest.mark.django_db


def test_healthz_names_the_database_vendor(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": connection.vendor}
    assert connection.vendor in {"sqlite", "postgresql"}


def test_home_lists_municipalities_publicly(client, tenants):
    html = client.get("/").content.decode()
    assert "Fredrikstad" in html
    assert "Bergen" in html


def test_dashboard_shows_roles_and_navigation(client, tenants):
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    html = client.get("/m/3107/").content.decode()
    assert "Programleder" in html
    assert 'href="/m/3107/units/"' in html
    assert 'href="/m/3107/roles/"' not in html  # only municipal admins manage roles


def test_switcher_goes_only_to_own_municipalities(client, tenants):
    client.force_login(tenants.users[Role.VIEWER])
    assert client.get("/switch/?municipality=3107").url == "/m/3107/"
    assert client.get("/switch/?municipality=4601").status_code == 404


def test_language_switch_translates_the_page(client, tenants):
    client.force_login(tenants.users[Role.VIEWER])
    client.post("/i18n/setlang/", {"language": "en", "next": "/m/3107/units/"})
    html = client.get("/m/3107/units/").content.decode()
    assert '<html lang="en"' in html
    assert "Municipal units" in html
    client.post("/i18n/setlang/", {"language": "da", "next": "/m/3107/units/"})
    html = client.get("/m/3107/units/").content.decode()
    assert '<html lang="da"' in html
    assert "Kommunale enheder" in html


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy


def test_admin_is_for_platform_admins_only(client, tenants):
    client.force_login(tenants.users[Role.MUNICIPAL_ADMIN])
    assert client.get("/admin/").status_code == 302
    client.force_login(tenants.platform_admin)
    assert client.get("/admin/").status_code == 200
