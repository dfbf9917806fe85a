import pytest

from omrade.tenancy import services
from omrade.tenancy.models import MunicipalUnit, Role
from tests.factories import MunicipalityFactory, MunicipalUnitFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_municipalities_are_public(client):
    MunicipalityFactory(code="3107", name="Fredrikstad")
    MunicipalityFactory(code="607", name="Fredericia", country="DK")
    response = client.get("/api/municipalities")
    assert response.status_code == 200
    assert response.json() == [
        {"code": "607", "name": "Fredericia", "country": "DK"},
        {"code": "3107", "name": "Fredrikstad", "country": "NO"},
    ]


def test_bearer_token_reads_own_municipality_only(client, tenants):
    PersonFactory(municipality=tenants.home, name="Kari")
    _token, key = services.token_create(by=None, user=tenants.users[Role.ANALYST])
    headers = {"Authorization": f"Bearer {key}"}
    response = client.get("/api/municipalities/3107/people", headers=headers)
    assert response.status_code == 200
    assert [person["name"] for person in response.json()] == ["Kari"]
    assert client.get("/api/municipalities/4601/people", headers=headers).status_code == 403
    assert client.get("/api/municipalities/9999/people", headers=headers).status_code == 404


def test_no_or_bad_token_is_401(client, tenants):
    assert client.get("/api/municipalities/3107/units").status_code == 401
    bad = {"Authorization": "Bearer omr_not-a-real-token"}
    assert client.get("/api/municipalities/3107/units", headers=bad).status_code == 401


def test_me_lists_roles(client, tenants):
    client.force_login(tenants.users[Role.COORDINATOR])
    assert client.get("/api/me").json() == {
        "username": "home-coordinator",
        "roles": [{"municipality": "3107", "role": "coordinator"}],
    }


def test_create_unit_by_api_with_token(client, tenants):
    parent = MunicipalUnitFactory(municipality=tenants.home, name="Seksjon")
    _token, key = services.token_create(by=None, user=tenants.users[Role.PROGRAMME_MANAGER])
    response = client.post(
        "/api/municipalities/3107/units",
        {"name": "Skoleetaten", "parent_id": parent.pk},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 201
    assert response.json()["parent_id"] == parent.pk
    assert MunicipalUnit.objects.get(name="Skoleetaten").municipality == tenants.home


def test_create_unit_refusals_write_nothing(client, tenants):
    foreign = MunicipalUnitFactory(municipality=tenants.other, name="Borte")
    _token, key = services.token_create(by=None, user=tenants.users[Role.PROGRAMME_MANAGER])
    headers = {"Authorization": f"Bearer {key}"}
    response = client.post(
        "/api/municipalities/3107/units",
        {"name": "X", "parent_id": foreign.pk},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert "parent_id" in response.json()["detail"]
    response = client.post(
        "/api/municipalities/3107/units",
        {"name": "X", "kind": "nonsense"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert "kind" in response.json()["detail"]
    _token, viewer_key = services.token_create(by=None, user=tenants.users[Role.VIEWER])
    response = client.post(
        "/api/municipalities/3107/units",
        {"name": "X"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {viewer_key}"},
    )
    assert response.status_code == 403
    assert not MunicipalUnit.objects.filter(municipality=tenants.home).exists()


def test_openapi_document_is_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/municipalities" in paths
    assert client.get("/api/docs").status_code == 200
