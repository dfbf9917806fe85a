"""Checking a drawn map answer (point, line or area) before it is stored.

The GeoJSON must be valid, of the type the question asks for, in WGS84 longitude/latitude,
inside or near the bounding box of the survey's (or session's) areas, and not have more
vertices than allowed. Refusals are plain sentences; the caller names the question.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import shapely
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from omrade.areas.geo import geometry_bounds
from omrade.areas.models import Area

GEOJSON_TYPES = {
    "point": {"Point"},
    "line": {"LineString"},
    "polygon": {"Polygon"},
}
# How far outside the areas' bounding box a drawing may reach (degrees ≈ 2–3 km).
BOUNDS_MARGIN_DEGREES = 0.03
COORDINATE_DECIMALS = 6

Bounds = tuple[float, float, float, float]


class GeometryRefused(ValueError):
    """A drawing that cannot be stored; the message says why in words."""


def areas_bounds(areas: Iterable[Area]) -> Bounds | None:
    """The (west, south, east, north) box around the areas' boundaries, or None."""
    boxes = [geometry_bounds(area.boundary) for area in areas if area.boundary]
    if not boxes:
        return None
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )


def prepared_boundaries(areas: Iterable[Area]) -> list[BaseGeometry]:
    """The areas' boundaries as prepared geometries (indexed for fast point tests; the index
    is built at the first test), for use many times."""
    shapes = [shape(area.boundary) for area in areas if area.boundary]
    shapely.prepare(shapes)
    return shapes


def point_in_shapes(shapes: Iterable[BaseGeometry], lon: float, lat: float) -> bool:
    """Whether the point lies in one of the geometries, its border included (a point on a
    shared border belongs to both neighbours, as `areas.geo.contains_point`)."""
    return any(shapely.intersects_xy(geometry, lon, lat) for geometry in shapes)


def _count_vertices(geometry: Any) -> int:
    return int(shapely.get_num_coordinates(geometry))


def validate_geometry(
    geometry: Any,
    *,
    kind: str,
    bounds: Bounds | None,
    max_vertices: int,
) -> dict[str, Any]:
    """The drawing as clean GeoJSON (coordinates rounded to 6 decimals), or GeometryRefused."""
    if not isinstance(geometry, dict) or "type" not in geometry:
        raise GeometryRefused(_("Kartsvaret er ikke gyldig GeoJSON."))
    allowed = GEOJSON_TYPES.get(kind, set())
    if geometry.get("type") not in allowed:
        raise GeometryRefused(
            _("Kartsvaret må være %(wanted)s, ikke %(given)s.")
            % {"wanted": _geometry_word(kind), "given": str(geometry.get("type"))[:40]}
        )
    try:
        drawn = shape(geometry)
    except (
        ValueError,
        TypeError,
        AttributeError,
        KeyError,
        IndexError,
        shapely.errors.GEOSException,
    ):
        raise GeometryRefused(_("Kartsvaret er ikke gyldig GeoJSON.")) from None
    if drawn.is_empty:
        raise GeometryRefused(_("Kartsvaret er tomt."))
    drawn = shapely.force_2d(drawn)  # a height (third coordinate) is dropped, never stored
    coordinates = shapely.get_coordinates(drawn)
    if not all(math.isfinite(value) for value in coordinates.ravel()):
        raise GeometryRefused(_("Kartsvaret har ugyldige koordinater."))
    vertices = _count_vertices(drawn)
    if vertices > max_vertices:
        raise GeometryRefused(
            _("Kartsvaret har %(count)s punkter; høyst %(max)s er tillatt.")
            % {"count": vertices, "max": max_vertices}
        )
    west, south, east, north = drawn.bounds
    if west < -180 or east > 180 or south < -90 or north > 90:
        raise GeometryRefused(_("Koordinatene må være lengde- og breddegrad (WGS84)."))
    if kind == "line" and len(coordinates) < 2:
        raise GeometryRefused(_("En linje trenger minst to punkter."))
    if kind == "polygon":
        if len(drawn.exterior.coords) < 4:
            raise GeometryRefused(_("Et område trenger minst tre punkter."))
        if not drawn.is_valid:
            raise GeometryRefused(
                _("Området krysser seg selv (%(reason)s).") % {"reason": explain_validity(drawn)}
            )
    if bounds is not None:
        box_west, box_south, box_east, box_north = bounds
        margin = BOUNDS_MARGIN_DEGREES
        if (
            west < box_west - margin
            or east > box_east + margin
            or south < box_south - margin
            or north > box_north + margin
        ):
            raise GeometryRefused(_("Kartsvaret ligger utenfor området undersøkelsen gjelder."))
    rounded = shapely.set_precision(drawn, 10**-COORDINATE_DECIMALS)
    if rounded.is_empty:  # a tiny drawing collapsed by rounding: keep the original
        rounded = drawn
    output = mapping(rounded)
    return _as_lists(dict(output))


def _as_lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _as_lists(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_as_lists(item) for item in value]
    if isinstance(value, float):
        return round(value, COORDINATE_DECIMALS)
    return value


def _geometry_word(kind: str) -> str:
    return {
        "point": _("et punkt (Point)"),
        "line": _("en linje (LineString)"),
        "polygon": _("et område (Polygon)"),
    }.get(kind, kind)
