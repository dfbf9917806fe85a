"""The background map under every map: which tile server a municipality's maps load from.

Norwegian municipalities default to Kartverket's open topographic tile cache (no key),
Danish ones to Dataforsyningen's screen map when a deployment has a token for it, else to
OpenStreetMap. A municipal admin can name another XYZ/WMTS source for the municipality; a
deployment can name one for every municipality with OMRADE_TILE_URL, or set it to `none` to
make no third-party requests at all (tests and CI do). The page's Content-Security-Policy
allows the host of the source the page uses, and nothing else (common.middleware).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from omrade.common.middleware import allow_image_origin
from omrade.tenancy.models import Country, Municipality

KARTVERKET_URL = (
    "https://cache.kartverket.no/v1/wmts/1.0.0/topo/default/webmercator/{z}/{y}/{x}.png"
)
KARTVERKET_ATTRIBUTION = "© Kartverket"
OPENSTREETMAP_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
# Dataforsyningen's dampened screen map in web mercator; needs a (free) token.
DATAFORSYNINGEN_URL = (
    "https://api.dataforsyningen.dk/topo_skaermkort_daempet/{z}/{x}/{y}.png?token={token}"
)
DATAFORSYNINGEN_ATTRIBUTION = "© Styrelsen for Dataforsyning og Infrastruktur"
NO_TILES = "none"

# A template for Leaflet's tile layer: https, a host, and the tile's zoom, column and row.
_PLACEHOLDER = re.compile(r"\{(z|x|y|-y|s|r)\}")
_UNSAFE = re.compile(r"[\s\"'<>\\`]")


@dataclass(frozen=True)
class TileSource:
    url: str  # Leaflet's template: {z}, {x}, {y}, optionally {s} for a subdomain
    attribution: str  # plain text; the map escapes it

    @property
    def origin(self) -> str:
        """The scheme and host for the Content-Security-Policy ({s} subdomains as *.)."""
        parts = urlsplit(self.url.replace("{s}", "a"))
        host = parts.netloc
        if "{s}" in self.url and host.startswith("a."):
            host = "*." + host[2:]
        return f"{parts.scheme}://{host}"


def validate_tile_url(url: str) -> None:
    """Refuse what is not an https tile template with {z}, {x} and {y}."""
    placeholders = set(_PLACEHOLDER.findall(url))
    parts = urlsplit(url.replace("{s}", "a"))
    if _UNSAFE.search(url) or parts.scheme != "https" or not parts.hostname:
        raise ValidationError(
            {
                "tile_url": _(
                    "Adressen må begynne med https:// og kan ikke ha mellomrom eller anførselstegn."
                )
            }
        )
    if not {"z", "x"} <= placeholders or not placeholders & {"y", "-y"}:
        raise ValidationError(
            {"tile_url": _("Adressen må ha plassholderne {z}, {x} og {y} for kartflisene.")}
        )


def _deployment_source() -> TileSource | None:
    url = settings.TILE_URL.strip()
    if not url:
        return None
    attribution = settings.TILE_ATTRIBUTION or urlsplit(url.replace("{s}", "a")).hostname or ""
    return TileSource(url, attribution)


def tile_source_for_country(municipality: Municipality) -> TileSource | None:
    """What the municipality's maps show without a source of their own."""
    if settings.TILE_URL.strip().lower() == NO_TILES:
        return None
    return _deployment_source() or _country_default(municipality)


def _country_default(municipality: Municipality) -> TileSource:
    if municipality.country == Country.DENMARK:
        if settings.DATAFORSYNINGEN_TOKEN:
            return TileSource(
                DATAFORSYNINGEN_URL.replace("{token}", settings.DATAFORSYNINGEN_TOKEN),
                DATAFORSYNINGEN_ATTRIBUTION,
            )
        return TileSource(OPENSTREETMAP_URL, _("© OpenStreetMap-bidragsytere"))
    return TileSource(KARTVERKET_URL, KARTVERKET_ATTRIBUTION)


def tile_source_for(municipality: Municipality) -> TileSource | None:
    """The background for the municipality's maps; None when the deployment loads none."""
    if settings.TILE_URL.strip().lower() == NO_TILES:
        return None
    if municipality.tile_url:
        attribution = municipality.tile_attribution or urlsplit(municipality.tile_url).hostname
        return TileSource(municipality.tile_url, attribution or "")
    return tile_source_for_country(municipality)


def map_background(request: HttpRequest, municipality: Municipality) -> dict[str, str]:
    """The template context for a page with a map (`tile_url`, `tile_attribution`); lets the
    page's Content-Security-Policy load images from that tile server."""
    source = tile_source_for(municipality)
    if source is None:
        return {"tile_url": "", "tile_attribution": ""}
    allow_image_origin(request, source.origin)
    return {"tile_url": source.url, "tile_attribution": source.attribution}
