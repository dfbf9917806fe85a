"""Read area boundaries from GeoJSON into clean WGS84 polygons, without a database.

`read_boundaries` takes the bytes of an uploaded file and returns one `BoundaryFeature` per area
code: reprojected to WGS84 longitude/latitude (the file's `crs` member decides from what), made
two-dimensional, repaired where invalid, merged where several features share a code, and rounded
to six decimals (about 0.1 m). Everything it had to change or leave out is reported in plain
words, and anything it cannot use is refused with a `GeoReadError` that names the file and the
feature or field.

The helpers below it (`geometry_bounds`, `geometry_centroid`, `simplify_for_web`,
`contains_point`) work on the GeoJSON geometry dictionaries that `read_boundaries` produces.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from django.utils.translation import gettext as _
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

AREA_GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
COORDINATE_DECIMALS = 6
GRID_SIZE = 10.0**-COORDINATE_DECIMALS
METRES_PER_DEGREE_LATITUDE = 111_320.0

# "EPSG:25833", "urn:ogc:def:crs:EPSG::25833", "urn:ogc:def:crs:EPSG:6.6:25833"
_EPSG_NAME = re.compile(r"^(?:EPSG:|urn:ogc:def:crs:EPSG:[0-9.]*:)(\d{4,6})$", re.IGNORECASE)
# GeoJSON's own default: WGS84 with longitude first.
_CRS84_NAMES = frozenset(
    {"urn:ogc:def:crs:ogc:1.3:crs84", "urn:ogc:def:crs:ogc::crs84", "ogc:crs84", "crs84"}
)
_WGS84_LONGITUDE_LATITUDE_EPSG = frozenset({4326})


class GeoReadError(ValueError):
    """A boundary file cannot be used; the message names the file and the feature or field."""


@dataclass(frozen=True)
class BoundaryFeature:
    """One area's boundary, ready to store: WGS84, 2-D, valid, rounded to six decimals."""

    code: str
    name: str
    parent_code: str | None
    geometry: dict[str, Any]
    source_features: tuple[int, ...]


@dataclass
class BoundaryReadResult:
    features: list[BoundaryFeature]
    skipped: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)


@dataclass
class _Entry:
    number: int
    code: str
    name: str
    parent_code: str | None
    geometry: BaseGeometry


# --- reading ---------------------------------------------------------------------------------


def read_boundaries(
    data: bytes,
    *,
    file_label: str,
    code_field: str,
    name_field: str,
    parent_field: str | None = None,
) -> BoundaryReadResult:
    """Read the area boundaries in a GeoJSON FeatureCollection (or a single Feature).

    Features are numbered from 1 in file order in every message. Non-area geometries and features
    without geometry are skipped and reported; a file with no usable area at all is refused.
    """
    document = _parse_json(data, file_label)
    raw_features = _raw_features(document, file_label)
    transformer, crs_name = _transformer_for(document.get("crs"), file_label)

    skipped: list[str] = []
    entries: list[_Entry] = []
    for number, feature in enumerate(raw_features, start=1):
        entry = _read_feature(
            feature,
            number=number,
            file_label=file_label,
            code_field=code_field,
            name_field=name_field,
            parent_field=parent_field,
            skipped=skipped,
        )
        if entry is not None:
            entries.append(entry)
    if not entries:
        raise GeoReadError(
            _(
                "Filen %(file)s inneholder ingen flater (Polygon eller MultiPolygon). "
                "Antall objekter som ble hoppet over: %(count)s."
            )
            % {"file": file_label, "count": len(skipped)}
        )

    geometries = np.array([entry.geometry for entry in entries], dtype=object)
    if transformer is None:
        geometries = shapely.force_2d(geometries)
    else:
        geometries = shapely.transform(geometries, _transform_function(transformer))
    _check_longitude_latitude(geometries, entries, file_label, crs_name, transformer is None)

    repaired: list[str] = []
    valid = shapely.is_valid(geometries)
    for index in np.flatnonzero(~valid):
        entry = entries[index]
        reason = _readable_reason(shapely.is_valid_reason(geometries[index]))
        polygonal = _polygonal_part(shapely.make_valid(geometries[index]))
        if polygonal is None:
            raise GeoReadError(
                _(
                    "Filen %(file)s, objekt %(number)s (kode %(code)s): geometrien er ugyldig "
                    "(%(reason)s) og kunne ikke repareres til en flate."
                )
                % {"file": file_label, "number": entry.number, "code": entry.code, "reason": reason}
            )
        geometries[index] = polygonal
        repaired.append(
            _("Objekt %(number)s (kode %(code)s): ugyldig geometri reparert (%(reason)s).")
            % {"number": entry.number, "code": entry.code, "reason": reason}
        )
    for entry, geometry in zip(entries, geometries, strict=True):
        entry.geometry = geometry

    features, merged = _merge_by_code(entries, file_label)
    return BoundaryReadResult(features=features, skipped=skipped, repaired=repaired, merged=merged)


def _parse_json(data: bytes, file_label: str) -> Any:
    if not data or not data.strip():
        raise GeoReadError(_("Filen %(file)s er tom.") % {"file": file_label})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GeoReadError(
            _(
                "Filen %(file)s er ikke lagret som UTF-8 (ugyldig tegn ved byte %(position)s). "
                "GeoJSON skal være UTF-8; lagre filen på nytt som UTF-8."
            )
            % {"file": file_label, "position": error.start + 1}
        ) from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise GeoReadError(
            _("Filen %(file)s er ikke gyldig JSON (feil på linje %(line)s, kolonne %(column)s).")
            % {"file": file_label, "line": error.lineno, "column": error.colno}
        ) from error
    except RecursionError as error:
        raise GeoReadError(
            _("Filen %(file)s er ikke gyldig JSON (for dypt nøstet).") % {"file": file_label}
        ) from error


def _raw_features(document: Any, file_label: str) -> list[Any]:
    document_type = document.get("type") if isinstance(document, dict) else None
    if document_type == "Feature":
        return [document]
    if document_type != "FeatureCollection" or not isinstance(document.get("features"), list):
        raise GeoReadError(
            _(
                "Filen %(file)s er ikke GeoJSON med områder: forventet en FeatureCollection "
                "eller en Feature, fant %(found)s."
            )
            % {"file": file_label, "found": _describe_type(document)}
        )
    features: list[Any] = document["features"]
    if not features:
        raise GeoReadError(
            _("Filen %(file)s inneholder ingen objekter (features).") % {"file": file_label}
        )
    return features


def _readable_reason(reason: str) -> str:
    """GEOS's "Self-intersection[9.46673917467443 58.8513150885892]" with six decimals."""
    match = re.fullmatch(r"(.*)\[(-?[0-9.eE+-]+) (-?[0-9.eE+-]+)\]", reason)
    if not match:
        return reason
    problem, x, y = match.groups()
    return f"{problem} [{float(x):.6f} {float(y):.6f}]"


def _describe_type(document: Any) -> str:
    if isinstance(document, dict):
        return repr(document.get("type"))
    return type(document).__name__


def _read_feature(
    feature: Any,
    *,
    number: int,
    file_label: str,
    code_field: str,
    name_field: str,
    parent_field: str | None,
    skipped: list[str],
) -> _Entry | None:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise GeoReadError(
            _("Filen %(file)s, objekt %(number)s: er ikke en GeoJSON-Feature.")
            % {"file": file_label, "number": number}
        )
    properties = feature.get("properties")
    if properties is None:
        properties = {}
    if not isinstance(properties, dict):
        raise GeoReadError(
            _("Filen %(file)s, objekt %(number)s: properties er ikke et JSON-objekt.")
            % {"file": file_label, "number": number}
        )
    code = _text_value(properties.get(code_field))
    if code is None:
        raise GeoReadError(
            _(
                "Filen %(file)s, objekt %(number)s: kodefeltet «%(field)s» mangler eller er tomt. "
                "Feltene som finnes er: %(fields)s."
            )
            % {
                "file": file_label,
                "number": number,
                "field": code_field,
                "fields": _field_list(properties),
            }
        )
    name = _text_value(properties.get(name_field))
    if name is None:
        raise GeoReadError(
            _(
                "Filen %(file)s, objekt %(number)s (kode %(code)s): navnefeltet «%(field)s» "
                "mangler eller er tomt. Feltene som finnes er: %(fields)s."
            )
            % {
                "file": file_label,
                "number": number,
                "code": code,
                "field": name_field,
                "fields": _field_list(properties),
            }
        )
    parent_code: str | None = None
    if parent_field is not None:
        if parent_field not in properties:
            raise GeoReadError(
                _(
                    "Filen %(file)s, objekt %(number)s (kode %(code)s): feltet for overordnet "
                    "område «%(field)s» mangler. Feltene som finnes er: %(fields)s."
                )
                % {
                    "file": file_label,
                    "number": number,
                    "code": code,
                    "field": parent_field,
                    "fields": _field_list(properties),
                }
            )
        parent_code = _text_value(properties[parent_field])

    geometry_json = feature.get("geometry")
    if geometry_json is None:
        skipped.append(
            _("Objekt %(number)s (kode %(code)s) har ingen geometri og er hoppet over.")
            % {"number": number, "code": code}
        )
        return None
    geometry_type = geometry_json.get("type") if isinstance(geometry_json, dict) else None
    if geometry_type not in AREA_GEOMETRY_TYPES:
        skipped.append(
            _(
                "Objekt %(number)s (kode %(code)s): geometritypen %(type)s er ikke en flate "
                "og er hoppet over."
            )
            % {"number": number, "code": code, "type": geometry_type}
        )
        return None
    try:
        geometry = shape(geometry_json)
    except (ValueError, TypeError, KeyError, IndexError, shapely.errors.ShapelyError) as error:
        raise GeoReadError(
            _(
                "Filen %(file)s, objekt %(number)s (kode %(code)s): koordinatene i geometrien "
                "kan ikke leses (%(error)s)."
            )
            % {"file": file_label, "number": number, "code": code, "error": error}
        ) from error
    if geometry.is_empty:
        skipped.append(
            _("Objekt %(number)s (kode %(code)s) har ingen geometri og er hoppet over.")
            % {"number": number, "code": code}
        )
        return None
    return _Entry(number=number, code=code, name=name, parent_code=parent_code, geometry=geometry)


def _text_value(value: Any) -> str | None:
    """A code or name as stripped text: 7 -> "7", 7.0 -> "7", "0301" stays "0301"."""
    if value is None or isinstance(value, bool | dict | list):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer():
            value = int(value)
    text = str(value).strip()
    return text or None


def _field_list(properties: dict[str, Any]) -> str:
    return ", ".join(sorted(properties)) if properties else _("(ingen)")


# --- coordinate systems ----------------------------------------------------------------------


def _transformer_for(crs_member: Any, file_label: str) -> tuple[Transformer | None, str]:
    """The transformer to WGS84 lon/lat for a GeoJSON `crs` member, or None when already there."""
    if crs_member is None:
        return None, "CRS84"
    epsg_code: int | None = None
    name = "?"
    if isinstance(crs_member, dict) and isinstance(crs_member.get("properties"), dict):
        properties = crs_member["properties"]
        if crs_member.get("type") == "name" and isinstance(properties.get("name"), str):
            name = properties["name"].strip()
            if name.lower() in _CRS84_NAMES:
                return None, name
            match = _EPSG_NAME.match(name)
            if match:
                epsg_code = int(match.group(1))
        elif crs_member.get("type") == "EPSG" and isinstance(properties.get("code"), int):
            epsg_code = properties["code"]
            name = f"EPSG:{epsg_code}"
    if epsg_code is None:
        raise GeoReadError(
            _(
                "Filen %(file)s oppgir et koordinatsystem (crs) som ikke kan brukes: %(crs)s. "
                "Bruk for eksempel EPSG:25833 eller urn:ogc:def:crs:OGC:1.3:CRS84."
            )
            % {"file": file_label, "crs": json.dumps(crs_member, ensure_ascii=False)[:200]}
        )
    if epsg_code in _WGS84_LONGITUDE_LATITUDE_EPSG:
        # GeoJSON writers that name EPSG:4326 still write longitude first.
        return None, name
    try:
        return _transformer_from_epsg(epsg_code), name
    except CRSError as error:
        raise GeoReadError(
            _("Filen %(file)s oppgir et ukjent koordinatsystem (crs): %(crs)s.")
            % {"file": file_label, "crs": name}
        ) from error


@lru_cache(maxsize=32)
def _transformer_from_epsg(epsg_code: int) -> Transformer:
    return Transformer.from_crs(CRS.from_epsg(epsg_code), CRS.from_epsg(4326), always_xy=True)


def _transform_function(transformer: Transformer) -> Callable[[np.ndarray], np.ndarray]:
    def transform(coordinates: np.ndarray) -> np.ndarray:
        longitudes, latitudes = transformer.transform(coordinates[:, 0], coordinates[:, 1])
        return np.column_stack((longitudes, latitudes))

    return transform


def _check_longitude_latitude(
    geometries: np.ndarray,
    entries: list[_Entry],
    file_label: str,
    crs_name: str,
    already_longitude_latitude: bool,
) -> None:
    bounds = shapely.bounds(geometries)
    west, south, east, north = bounds[:, 0], bounds[:, 1], bounds[:, 2], bounds[:, 3]
    outside = (
        ~np.isfinite(bounds).all(axis=1)
        | (west < -180)
        | (east > 180)
        | (south < -90)
        | (north > 90)
    )
    if not outside.any():
        return
    entry = entries[int(np.flatnonzero(outside)[0])]
    values = {"file": file_label, "number": entry.number, "code": entry.code, "crs": crs_name}
    if already_longitude_latitude:
        raise GeoReadError(
            _(
                "Filen %(file)s, objekt %(number)s (kode %(code)s): koordinatene ligger utenfor "
                "lengdegrad −180..180 og breddegrad −90..90 og ser ut til å være projiserte. "
                "Legg til et crs-medlem som oppgir koordinatsystemet (for eksempel EPSG:25833)."
            )
            % values
        )
    raise GeoReadError(
        _(
            "Filen %(file)s, objekt %(number)s (kode %(code)s): koordinatene kunne ikke regnes om "
            "fra %(crs)s til lengde- og breddegrad. Sjekk at crs-medlemmet stemmer med "
            "koordinatene."
        )
        % values
    )


# --- repair, merge, output -------------------------------------------------------------------


def _polygonal_part(geometry: BaseGeometry) -> BaseGeometry | None:
    """Only the polygons of a geometry (make_valid may return lines and points beside them)."""
    if geometry.geom_type in AREA_GEOMETRY_TYPES:
        return None if geometry.is_empty else geometry
    parts = [
        part
        for part in shapely.get_parts(geometry)
        if part.geom_type in AREA_GEOMETRY_TYPES and not part.is_empty
    ]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return _polygonal_part(shapely.union_all(parts))


def _merge_by_code(
    entries: list[_Entry], file_label: str
) -> tuple[list[BoundaryFeature], list[str]]:
    groups: dict[str, list[_Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.code, []).append(entry)

    features: list[BoundaryFeature] = []
    merged: list[str] = []
    for code, group in groups.items():
        first = group[0]
        numbers = tuple(entry.number for entry in group)
        geometry = first.geometry
        if len(group) > 1:
            geometry = _polygonal_part(shapely.union_all([entry.geometry for entry in group]))
            if geometry is None:  # pragma: no cover - a union of non-empty polygons is polygonal
                geometry = first.geometry
            merged.append(
                _("Kode %(code)s: objektene %(numbers)s er slått sammen til én %(type)s.")
                % {"code": code, "numbers": _number_list(numbers), "type": geometry.geom_type}
            )
            names = list(dict.fromkeys(entry.name for entry in group))
            if len(names) > 1:
                merged.append(
                    _(
                        "Kode %(code)s: objektene har ulike navn (%(names)s); "
                        "navnet fra objekt %(number)s, «%(name)s», er beholdt."
                    )
                    % {
                        "code": code,
                        "names": ", ".join(f"«{name}»" for name in names),
                        "number": first.number,
                        "name": first.name,
                    }
                )
            parents = list(dict.fromkeys(entry.parent_code for entry in group))
            if len(parents) > 1:
                merged.append(
                    _(
                        "Kode %(code)s: objektene har ulike overordnede områder (%(parents)s); "
                        "det fra objekt %(number)s, %(parent)s, er beholdt."
                    )
                    % {
                        "code": code,
                        "parents": ", ".join(str(parent) for parent in parents),
                        "number": first.number,
                        "parent": first.parent_code,
                    }
                )
        output = _to_output_geometry(geometry)
        if output is None:
            raise GeoReadError(
                _(
                    "Filen %(file)s, objekt %(number)s (kode %(code)s): flaten er så liten at den "
                    "forsvinner når koordinatene rundes av til seks desimaler."
                )
                % {"file": file_label, "number": first.number, "code": code}
            )
        features.append(
            BoundaryFeature(
                code=code,
                name=first.name,
                parent_code=first.parent_code,
                geometry=output,
                source_features=numbers,
            )
        )
    return features, merged


def _number_list(numbers: tuple[int, ...]) -> str:
    return ", ".join(str(number) for number in numbers)


def _to_output_geometry(geometry: BaseGeometry) -> dict[str, Any] | None:
    """Snap to the six-decimal grid (keeping it valid), orient per RFC 7946, and serialise."""
    snapped = _polygonal_part(shapely.set_precision(geometry, GRID_SIZE))
    if snapped is None:
        return None
    return _geometry_json(shapely.orient_polygons(snapped, exterior_cw=False))


def _geometry_json(geometry: BaseGeometry) -> dict[str, Any]:
    if geometry.geom_type == "Polygon":
        return {"type": "Polygon", "coordinates": _polygon_coordinates(geometry)}
    return {
        "type": "MultiPolygon",
        "coordinates": [_polygon_coordinates(polygon) for polygon in geometry.geoms],
    }


def _polygon_coordinates(polygon: BaseGeometry) -> list[list[list[float]]]:
    rings = [polygon.exterior, *polygon.interiors]
    return [np.round(shapely.get_coordinates(ring), COORDINATE_DECIMALS).tolist() for ring in rings]


# --- helpers on stored geometries ------------------------------------------------------------


def _shape(geometry: dict[str, Any]) -> BaseGeometry:
    return shape(geometry)


def geometry_bounds(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a GeoJSON geometry."""
    west, south, east, north = shapely.bounds(_shape(geometry)).tolist()
    return (west, south, east, north)


def geometry_centroid(geometry: dict[str, Any]) -> tuple[float, float]:
    """A (lon, lat) point guaranteed to lie inside the area, for labels and map markers.

    A true centroid can fall outside a crescent-shaped or multi-part area; this uses GEOS's
    point-on-surface instead.
    """
    point = shapely.point_on_surface(_shape(geometry))
    return (round(point.x, COORDINATE_DECIMALS), round(point.y, COORDINATE_DECIMALS))


def simplify_for_web(geometry: dict[str, Any], tolerance_m: float = 5) -> dict[str, Any]:
    """A topology-preserving simplified copy for map pages; the tolerance is in metres.

    Longitude is scaled by cos(latitude) around the area's middle, so the tolerance means about
    the same distance in every direction. Areas are simplified one at a time: neighbours may
    show slivers up to about the tolerance along shared borders.
    """
    original = _shape(geometry)
    west, south, east, north = shapely.bounds(original).tolist()
    middle_longitude, middle_latitude = (west + east) / 2, (south + north) / 2
    metres_per_degree_longitude = METRES_PER_DEGREE_LATITUDE * math.cos(
        math.radians(middle_latitude)
    )
    origin = np.array([middle_longitude, middle_latitude])
    scale = np.array([metres_per_degree_longitude, METRES_PER_DEGREE_LATITUDE])

    in_metres = shapely.transform(original, lambda xy: (xy - origin) * scale)
    simplified = shapely.simplify(in_metres, tolerance_m, preserve_topology=True)
    back = shapely.transform(simplified, lambda xy: xy / scale + origin)
    output = _to_output_geometry(_polygonal_part(back) or original)
    return output if output is not None else _geometry_json(original)


def contains_point(geometry: dict[str, Any], lon: float, lat: float) -> bool:
    """Whether the point lies in the area, its border included (a point on a shared border
    belongs to both neighbours)."""
    return bool(shapely.intersects_xy(_shape(geometry), lon, lat))
