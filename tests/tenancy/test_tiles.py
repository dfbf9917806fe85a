"""The background map: country defaults, a municipality's own source, none, and the CSP."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from omrade.common.audit import audit_entries_for
from omrade.tenancy import services
from omrade.tenancy.models import Country, Municipality, Role
from omrade.tenancy.tiles import (
    KARTVERKET_URL,
    OPENSTREETMAP_URL,
    TileSource,
    tile_source_for,
)
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

OWN_URL = "https://{s}.tiles.example.no/topo/{z}/{x}/{y}.png"


@pytest.fixture(autouse=True)
def one_area(tenants) -> None:
    """The map page draws a map only when the municipality has areas."""
    from omrade.areas import services as area_services

    level = area_services.level_ensure(
        municipality=tenants.home, code="bydel", name="Bydel", depth=1
    )
    area_services.area_save(by=None, level=level, code="01", name="Nord", boundary=None)


@pytest.fixture
def tiles_on(settings):
    settings.TILE_URL = ""
    settings.DATAFORSYNINGEN_TOKEN = ""
    return settings


def test_norway_defaults_to_kartverket_and_denmark_to_openstreetmap(tenants, tiles_on) -> None:
    danish = MunicipalityFactory(code="607", name="Fredericia", country=Country.DENMARK)
    assert tile_source_for(tenants.home) == TileSource(KARTVERKET_URL, "© Kartverket")
    assert tile_source_for(danish) == TileSource(OPENSTREETMAP_URL, "© OpenStreetMap-bidragsytere")


def test_denmark_uses_dataforsyningen_with_a_token(tiles_on) -> None:
    tiles_on.DATAFORSYNINGEN_TOKEN = "abc123"
    danish = MunicipalityFactory(code="607", name="Fredericia", country=Country.DENMARK)
    source = tile_source_for(danish)
    assert source is not None
    assert source.url.startswith("https://api.dataforsyningen.dk/")
    assert source.url.endswith("token=abc123")
    assert source.origin == "https://api.dataforsyningen.dk"


def test_none_turns_every_background_off_even_a_municipality_s_own(tenants, settings) -> None:
    settings.TILE_URL = "none"
    Municipality.objects.filter(pk=tenants.home.pk).update(tile_url=OWN_URL)
    tenants.home.refresh_from_db()
    assert tile_source_for(tenants.home) is None


def test_municipal_admin_sets_the_source_and_the_map_page_allows_only_that_host(
    client, tenants, tiles_on
) -> None:
    admin = tenants.users[Role.MUNICIPAL_ADMIN]
    client.force_login(admin)
    response = client.post(
        "/m/3107/settings/map/",
        {"tile_url": OWN_URL, "tile_attribution": "© Kommunen <b>"},
        follow=True,
    )
    assert response.status_code == 200
    tenants.home.refresh_from_db()
    assert (tenants.home.tile_url, tenants.home.tile_attribution) == (OWN_URL, "© Kommunen <b>")
    assert audit_entries_for(tenants.home).get().changes["tile_url"] == ["", OWN_URL]

    client.logout()
    page = client.get("/m/3107/areas/")
    policy = page.headers["Content-Security-Policy"]
    assert "img-src 'self' data: blob: https://*.tiles.example.no;" in policy
    assert "kartverket" not in policy
    html = page.content.decode()
    assert f'data-tile-url="{OWN_URL}"' in html
    assert 'data-tile-attribution="© Kommunen &lt;b&gt;"' in html
    # Pages without a map allow no third-party images at all.
    assert "img-src 'self' data: blob:;" in client.get("/").headers["Content-Security-Policy"]


def test_default_map_page_allows_kartverket(client, tenants, tiles_on) -> None:
    policy = client.get("/m/3107/areas/").headers["Content-Security-Policy"]
    assert "img-src 'self' data: blob: https://cache.kartverket.no;" in policy


def test_map_page_with_none_loads_no_tiles(client, tenants) -> None:
    page = client.get("/m/3107/areas/")
    assert "img-src 'self' data: blob:;" in page.headers["Content-Security-Policy"]
    assert 'data-tile-url=""' in page.content.decode()


@pytest.mark.parametrize(
    ("url", "field_message"),
    [
        ("http://tiles.example.no/{z}/{x}/{y}.png", "https://"),
        ("https://tiles.example.no/{z}/{x}.png", "{z}, {x} og {y}"),
        ('https://tiles.example.no/{z}/{x}/{y}.png" onerror="x', "anførselstegn"),
    ],
)
def test_bad_tile_urls_are_refused_with_the_field_named(tenants, url, field_message) -> None:
    with pytest.raises(ValidationError) as refused:
        services.municipality_set_map_background(
            municipality=tenants.home,
            tile_url=url,
            tile_attribution="",
            by=tenants.users[Role.MUNICIPAL_ADMIN],
        )
    assert field_message in refused.value.message_dict["tile_url"][0]
    tenants.home.refresh_from_db()
    assert tenants.home.tile_url == ""


def test_only_municipal_admins_set_the_background(client, tenants) -> None:
    with pytest.raises(PermissionDenied):
        services.municipality_set_map_background(
            municipality=tenants.home,
            tile_url=OWN_URL,
            tile_attribution="",
            by=tenants.users[Role.PROGRAMME_MANAGER],
        )
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    assert client.get("/m/3107/settings/map/").status_code == 403
    client.force_login(tenants.other_admin)
    assert client.get("/m/3107/settings/map/").status_code == 403
    tenants.home.refresh_from_db()
    assert tenants.home.tile_url == ""


def test_bad_url_on_the_page_answers_400_naming_the_field(client, tenants) -> None:
    client.force_login(tenants.users[Role.MUNICIPAL_ADMIN])
    response = client.post(
        "/m/3107/settings/map/", {"tile_url": "ftp://x/{z}", "tile_attribution": ""}
    )
    assert response.status_code == 400
    assert 'href="#id_tile_url"' in response.content.decode()


def test_the_model_refuses_a_bad_url_too_for_the_django_admin(tenants) -> None:
    tenants.home.tile_url = "javascript:alert(1)//{z}/{x}/{y}"
    with pytest.raises(ValidationError) as refused:
        tenants.home.full_clean()
    assert "tile_url" in refused.value.message_dict
