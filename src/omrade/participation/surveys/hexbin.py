"""Hexagon aggregation of map answers (heksagonkart).

Map answers are counted in a flat-top hexagon grid laid in a metric projection — ETRS89 /
UTM zone 33N (EPSG:25833) for Norway, zone 32N (EPSG:25832) for Denmark — so every hexagon
has the same size on the ground. A point counts once, a line counts each of its vertices and
an area (polygon) counts its centroid. The result is a GeoJSON FeatureCollection in WGS84 with
each hexagon's `count` (counted items) and `answers` (distinct answers that fell in it).

Small numbers: with `min_answers`, hexagons that fewer answers fell in are left out (public
results use 5), and the collection says how many were left out.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pyproj import Transformer
from shapely.geometry import shape

EPSG_BY_COUNTRY = {"NO": 25833, "DK": 25832}
SQRT3 = math.sqrt(3.0)


def epsg_for_country(country: str) -> int:
    return EPSG_BY_COUNTRY.get(country.upper(), 25833)


@lru_cache(maxsize=8)
def _transformers(epsg: int) -> tuple[Transformer, Transformer]:
    forward = Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True)
    backward = Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4326", always_xy=True)
    return forward, backward


def counted_positions(geometry: dict[str, Any]) -> list[tuple[float, float]]:
    """The (lon, lat) positions a geometry counts with: points, line vertices, centroids."""
    kind = geometry.get("type")
    coordinates: Any = geometry.get("coordinates")
    if coordinates is None and kind != "GeometryCollection":
        return []
    if kind == "Point":
        return [(float(coordinates[0]), float(coordinates[1]))]
    if kind == "MultiPoint":
        return [(float(x), float(y)) for x, y, *_rest in coordinates]
    if kind == "LineString":
        return [(float(x), float(y)) for x, y, *_rest in coordinates]
    if kind == "MultiLineString":
        return [(float(x), float(y)) for line in coordinates for x, y, *_rest in line]
    if kind in {"Polygon", "MultiPolygon"}:
        polygon = shape(geometry)
        if polygon.is_empty:
            return []
        centroid = polygon.centroid
        return [(float(centroid.x), float(centroid.y))]
    if kind == "GeometryCollection":
        return [
            position
            for part in geometry.get("geometries", [])
            for position in counted_positions(part)
        ]
    return []


def hex_of(x: float, y: float, size: float) -> tuple[int, int]:
    """Axial (q, r) of the flat-top hexagon with circumradius `size` holding (x, y)."""
    q = (2.0 / 3.0 * x) / size
    r = (-1.0 / 3.0 * x + SQRT3 / 3.0 * y) / size
    # Cube rounding.
    cube_x, cube_z = q, r
    cube_y = -cube_x - cube_z
    rounded_x, rounded_y, rounded_z = round(cube_x), round(cube_y), round(cube_z)
    dx, dy, dz = abs(rounded_x - cube_x), abs(rounded_y - cube_y), abs(rounded_z - cube_z)
    if dx > dy and dx > dz:
        rounded_x = -rounded_y - rounded_z
    elif dy <= dz:
        rounded_z = -rounded_x - rounded_y
    return int(rounded_x), int(rounded_z)


def hex_center(q: int, r: int, size: float) -> tuple[float, float]:
    return size * 1.5 * q, size * SQRT3 * (r + q / 2.0)


def hex_corners(q: int, r: int, size: float) -> list[tuple[float, float]]:
    center_x, center_y = hex_center(q, r, size)
    return [
        (
            center_x + size * math.cos(math.radians(60 * corner)),
            center_y + size * math.sin(math.radians(60 * corner)),
        )
        for corner in range(6)
    ]


@dataclass
class HexCell:
    q: int
    r: int
    count: int = 0
    answers: set[Hashable] = field(default_factory=set)


def hexbin(
    geometries: Sequence[dict[str, Any]],
    *,
    keys: Sequence[Hashable] | None = None,
    epsg: int = 25833,
    size_m: float = 250.0,
    min_answers: int = 1,
) -> dict[str, Any]:
    """Count the geometries in hexagons of circumradius `size_m` metres. `keys[i]` names the
    answer geometry i belongs to (default: each geometry is its own answer). Hexagons with
    fewer than `min_answers` distinct answers are left out."""
    if size_m <= 0:
        raise ValueError("size_m must be positive")
    forward, backward = _transformers(epsg)
    cells: dict[tuple[int, int], HexCell] = {}
    answer_keys: Iterable[Hashable] = keys if keys is not None else range(len(geometries))
    for geometry, key in zip(geometries, answer_keys, strict=True):
        for lon, lat in counted_positions(geometry):
            x, y = forward.transform(lon, lat)
            if not (math.isfinite(x) and math.isfinite(y)):
                continue
            q, r = hex_of(x, y, size_m)
            cell = cells.setdefault((q, r), HexCell(q, r))
            cell.count += 1
            cell.answers.add(key)
    features = []
    left_out = 0
    for (q, r), cell in sorted(cells.items()):
        if len(cell.answers) < min_answers:
            left_out += 1
            continue
        ring = [backward.transform(x, y) for x, y in hex_corners(q, r, size_m)]
        ring.append(ring[0])
        center = backward.transform(*hex_center(q, r, size_m))
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[round(lon, 6), round(lat, 6)] for lon, lat in ring]],
                },
                "properties": {
                    "q": q,
                    "r": r,
                    "count": cell.count,
                    "answers": len(cell.answers),
                    "center": [round(center[0], 6), round(center[1], 6)],
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "size_m": size_m,
        "epsg": epsg,
        "hexagons_left_out": left_out,
    }
