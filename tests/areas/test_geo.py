"""Reading area boundaries from GeoJSON: real public files and small hand-made ones."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shapely
from django.utils import translation
from shapely.geometry import shape

from omrade.areas.geo import (
    BoundaryReadResult,
    GeoReadError,
    contains_point,
    geometry_bounds,
    geometry_centroid,
    read_boundaries,
    simplify_for_web,
)
from tests.conftest import needs_shared_data

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
FILES = Path(__file__).resolve().parent / "files" / "geo"

AB_FILE = SHARED_DATA / "baerum-asker-grunnkretser" / "ab.geojson"
OSLO_FILE = SHARED_DATA / "oslo-delbydeler" / "oslo_delbydeler.geojson"
KOMMUNER_FILE = SHARED_DATA / "norway-kommuner-fylker" / "Kommuner-S.geojson"


@pytest.fixture(autouse=True)
def _bokmal() -> Iterator[None]:
    with translation.override("nb"):
        yield


def read_fixture(name: str, **fields: Any) -> BoundaryReadResult:
    fields.setdefault("code_field", "kode")
    fields.setdefault("name_field", "navn")
    return read_boundaries((FILES / name).read_bytes(), file_label=name, **fields)


def collection(*features: dict[str, Any], **extra: Any) -> bytes:
    return json.dumps({"type": "FeatureCollection", **extra, "features": list(features)}).encode()


def feature(code: Any, geometry: dict[str, Any] | None, name: str = "Område") -> dict[str, Any]:
    return {"type": "Feature", "properties": {"kode": code, "navn": name}, "geometry": geometry}


def square(x: float, y: float, size: float = 0.01) -> dict[str, Any]:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def read_bytes(data: bytes) -> BoundaryReadResult:
    return read_boundaries(data, file_label="test.geojson", code_field="kode", name_field="navn")


def all_coordinates(geometry: dict[str, Any]) -> list[list[float]]:
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return [point for polygon in polygons for ring in polygon for point in ring]


def assert_clean(result: BoundaryReadResult) -> None:
    """Every feature: Polygon/MultiPolygon, valid, 2-D, six decimals, lon/lat range."""
    for item in result.features:
        assert item.geometry["type"] in ("Polygon", "MultiPolygon")
        assert shape(item.geometry).is_valid, item.code
        for point in all_coordinates(item.geometry):
            assert len(point) == 2
            lon, lat = point
            assert -180 <= lon <= 180
            assert -90 <= lat <= 90
            assert round(lon, 6) == lon
            assert round(lat, 6) == lat


# --- real files --------------------------------------------------------------------------------


@needs_shared_data
def test_baerum_asker_grunnkretser_are_reprojected_from_utm33() -> None:
    data = AB_FILE.read_bytes()
    started = time.perf_counter()
    result = read_boundaries(
        data,
        file_label="ab.geojson",
        code_field="grunnkretsnummer",
        name_field="grunnkretsnavn",
        parent_field="kommunenummer",
    )
    elapsed = time.perf_counter() - started

    # 535 features, 535 distinct 8-digit grunnkrets numbers, all valid polygons: nothing to
    # merge, repair or skip.
    assert len(result.features) == 535
    assert result.skipped == []
    assert result.repaired == []
    assert result.merged == []
    assert {item.parent_code for item in result.features} == {"0219", "0220"}
    assert sum(item.parent_code == "0219" for item in result.features) == 437
    assert sum(item.parent_code == "0220" for item in result.features) == 98
    assert all(len(item.code) == 8 for item in result.features)
    assert_clean(result)

    first = result.features[0]
    assert (first.code, first.name, first.parent_code) == ("02201606", "Slottsberget", "0220")
    assert first.source_features == (1,)
    lon, lat = geometry_centroid(first.geometry)
    assert lon == pytest.approx(10.378, abs=0.01)
    assert lat == pytest.approx(59.816, abs=0.01)
    west, south, east, north = (
        min(b[0] for b in (geometry_bounds(i.geometry) for i in result.features)),
        min(b[1] for b in (geometry_bounds(i.geometry) for i in result.features)),
        max(b[2] for b in (geometry_bounds(i.geometry) for i in result.features)),
        max(b[3] for b in (geometry_bounds(i.geometry) for i in result.features)),
    )
    # Bærum and Asker lie around lon 10.5, lat 59.9, west of Oslo.
    assert 10.2 < west < east < 10.8
    assert 59.6 < south < north < 60.1
    assert elapsed < 5


@needs_shared_data
def test_oslo_delbydeler_crs84_with_z_becomes_2d() -> None:
    result = read_boundaries(
        OSLO_FILE.read_bytes(),
        file_label="oslo_delbydeler.geojson",
        code_field="DELBYDEL",
        name_field="DELBYDELSN",
        parent_field="KOMM",
    )
    assert len(result.features) == 97
    assert (result.skipped, result.repaired, result.merged) == ([], [], [])
    assert_clean(result)
    gronland = result.features[0]
    assert (gronland.code, gronland.name, gronland.parent_code) == ("0102", "Grønland", "0301")
    assert contains_point(gronland.geometry, *geometry_centroid(gronland.geometry))
    # Oslo Central Station lies in Sentrum, not in Grønland.
    sentrum_points = [
        i.code for i in result.features if contains_point(i.geometry, 10.7522, 59.9111)
    ]
    assert "0102" not in sentrum_points
    assert len(sentrum_points) == 1


@needs_shared_data
def test_norwegian_municipalities_repairs_self_intersections() -> None:
    result = read_boundaries(
        KOMMUNER_FILE.read_bytes(),
        file_label="Kommuner-S.geojson",
        code_field="kommunenummer",
        name_field="kommunenavn",
    )
    assert len(result.features) == 357
    assert result.skipped == []
    assert result.merged == []
    # The simplified file has 28 self-intersecting municipality outlines; all are repaired.
    assert len(result.repaired) == 28
    assert result.repaired[0].startswith(
        "Objekt 4 (kode 4014): ugyldig geometri reparert (Self-intersection [9.466739 58.851315]"
    )
    assert_clean(result)
    by_code = {item.code: item for item in result.features}
    assert by_code["3107"].name == "Fredrikstad"
    assert by_code["4601"].name == "Bergen"
    assert by_code["4601"].parent_code is None
    # Bergen city centre (Torgallmenningen).
    assert contains_point(by_code["4601"].geometry, 5.3247, 60.3929)
    assert not contains_point(by_code["3107"].geometry, 5.3247, 60.3929)


@needs_shared_data
def test_simplify_for_web_keeps_areas_valid_and_smaller() -> None:
    result = read_boundaries(
        OSLO_FILE.read_bytes(),
        file_label="oslo_delbydeler.geojson",
        code_field="DELBYDEL",
        name_field="DELBYDELSN",
    )
    before = sum(len(all_coordinates(i.geometry)) for i in result.features)
    simplified = [simplify_for_web(i.geometry) for i in result.features]
    after = sum(len(all_coordinates(g)) for g in simplified)
    assert after < before / 2
    for original, small in zip(result.features, simplified, strict=True):
        assert shape(small).is_valid
        original_shape = shape(original.geometry)
        # A 5 m tolerance moves the outline by at most about 5 m (~0.0001 degrees).
        assert shapely.hausdorff_distance(original_shape, shape(small)) < 0.0002
        assert shape(small).area == pytest.approx(original_shape.area, rel=0.02)


# --- hand-made fixtures ------------------------------------------------------------------------


def test_bow_tie_polygon_is_repaired_into_two_triangles() -> None:
    result = read_fixture("bowtie.geojson")
    assert len(result.features) == 1
    item = result.features[0]
    assert item.geometry["type"] == "MultiPolygon"
    assert len(item.geometry["coordinates"]) == 2
    assert shape(item.geometry).area == pytest.approx(0.0002)
    assert result.repaired == [
        "Objekt 1 (kode 030101): ugyldig geometri reparert "
        "(Self-intersection [10.010000 59.910000])."
    ]


def test_points_lines_and_missing_geometry_are_skipped() -> None:
    result = read_fixture("point_skipped.geojson")
    assert [item.code for item in result.features] == ["030101"]
    assert result.skipped == [
        "Objekt 2 (kode 030102): geometritypen Point er ikke en flate og er hoppet over.",
        "Objekt 3 (kode 030103) har ingen geometri og er hoppet over.",
        "Objekt 4 (kode 030104): geometritypen LineString er ikke en flate og er hoppet over.",
    ]


def test_duplicate_codes_are_merged() -> None:
    result = read_fixture("duplicate_codes.geojson", parent_field="fylke")
    by_code = {item.code: item for item in result.features}
    assert list(by_code) == ["0301", "0302", "0303"]
    assert by_code["0301"].geometry["type"] == "MultiPolygon"
    assert by_code["0301"].source_features == (1, 3)
    assert by_code["0301"].name == "Oslo"
    assert by_code["0301"].parent_code == "03"
    # Two squares sharing an edge become one rectangle.
    assert by_code["0302"].geometry["type"] == "Polygon"
    assert by_code["0302"].source_features == (2, 4)
    assert shape(by_code["0302"].geometry).area == pytest.approx(0.0002)
    assert by_code["0303"].source_features == (5,)
    assert result.merged == [
        "Kode 0301: objektene 1, 3 er slått sammen til én MultiPolygon.",
        "Kode 0301: objektene har ulike navn («Oslo», «Oslo øy»); "
        "navnet fra objekt 1, «Oslo», er beholdt.",
        "Kode 0302: objektene 2, 4 er slått sammen til én Polygon.",
        "Kode 0302: objektene har ulike navn («Touching west», «Touching east»); "
        "navnet fra objekt 2, «Touching west», er beholdt.",
    ]


def test_integer_codes_become_text() -> None:
    result = read_fixture("integer_codes.geojson", parent_field="forelder")
    assert [(i.code, i.name, i.parent_code) for i in result.features] == [
        ("7", "Sju", "3"),
        ("0301", "Oslo", None),
        ("12", "12", "03"),
    ]


def test_missing_code_field_names_the_feature_and_the_fields() -> None:
    with pytest.raises(GeoReadError) as caught:
        read_fixture("missing_code.geojson")
    assert str(caught.value) == (
        "Filen missing_code.geojson, objekt 2: kodefeltet «kode» mangler eller er tomt. "
        "Feltene som finnes er: grunnkrets, navn."
    )


def test_missing_name_field_is_refused() -> None:
    with pytest.raises(GeoReadError) as caught:
        read_fixture("missing_code.geojson", code_field="navn", name_field="grunnkretsnavn")
    assert str(caught.value) == (
        "Filen missing_code.geojson, objekt 1 (kode Med kode): navnefeltet «grunnkretsnavn» "
        "mangler eller er tomt. Feltene som finnes er: kode, navn."
    )


def test_missing_parent_field_is_refused() -> None:
    with pytest.raises(GeoReadError, match="feltet for overordnet område «kommune» mangler"):
        read_fixture("point_skipped.geojson", parent_field="kommune")


def test_projected_coordinates_without_crs_are_refused() -> None:
    with pytest.raises(GeoReadError) as caught:
        read_fixture("projected_without_crs.geojson")
    message = str(caught.value)
    assert message.startswith("Filen projected_without_crs.geojson, objekt 1 (kode 030101):")
    assert "ser ut til å være projiserte. Legg til et crs-medlem" in message


def test_empty_feature_collection_is_refused() -> None:
    with pytest.raises(GeoReadError) as caught:
        read_fixture("empty_collection.geojson")
    assert str(caught.value) == (
        "Filen empty_collection.geojson inneholder ingen objekter (features)."
    )


def test_invalid_json_names_line_and_column() -> None:
    with pytest.raises(GeoReadError) as caught:
        read_fixture("invalid_json.geojson")
    assert str(caught.value) == (
        "Filen invalid_json.geojson er ikke gyldig JSON (feil på linje 4, kolonne 1)."
    )


def test_latin1_file_is_refused_with_advice() -> None:
    with pytest.raises(GeoReadError) as caught:
        read_fixture("latin1.geojson")
    assert str(caught.value).startswith(
        "Filen latin1.geojson er ikke lagret som UTF-8 (ugyldig tegn ved byte 106)."
    )


def test_messages_are_translated() -> None:
    with translation.override("en"), pytest.raises(GeoReadError) as caught:
        read_fixture("empty_collection.geojson")
    # Until the English catalogue has the msgid, the bokmål source text is shown.
    assert "empty_collection.geojson" in str(caught.value)


# --- inline edge cases -------------------------------------------------------------------------


def test_empty_bytes_are_refused() -> None:
    with pytest.raises(GeoReadError, match=r"^Filen test\.geojson er tom\.$"):
        read_bytes(b"  \n")


def test_utf8_with_byte_order_mark_is_accepted() -> None:
    data = "\ufeff".encode() + collection(feature("1", square(10, 59), "Grønland"))
    assert read_bytes(data).features[0].name == "Grønland"


def test_a_single_feature_is_accepted() -> None:
    data = json.dumps(feature("5", square(10, 59))).encode()
    result = read_bytes(data)
    assert [(i.code, i.source_features) for i in result.features] == [("5", (1,))]


def test_plain_geometry_is_not_a_feature_collection() -> None:
    with pytest.raises(GeoReadError, match="forventet en FeatureCollection eller en Feature"):
        read_bytes(json.dumps(square(10, 59)).encode())


@pytest.mark.parametrize(
    "crs_name", ["EPSG:25833", "urn:ogc:def:crs:EPSG::25833", "urn:ogc:def:crs:EPSG:6.6:25833"]
)
def test_epsg_crs_names_are_reprojected(crs_name: str) -> None:
    utm = {
        "type": "Polygon",
        "coordinates": [
            [[262000, 6650000], [263000, 6650000], [263000, 6651000], [262000, 6650000]]
        ],
    }
    data = collection(feature("1", utm), crs={"type": "name", "properties": {"name": crs_name}})
    geometry = read_bytes(data).features[0].geometry
    lon, lat = geometry["coordinates"][0][0]
    assert lon == pytest.approx(10.75, abs=0.05)
    assert lat == pytest.approx(59.93, abs=0.05)


@pytest.mark.parametrize(
    "crs_name", ["urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:4326", "urn:ogc:def:crs:EPSG::4326"]
)
def test_wgs84_crs_names_keep_longitude_first(crs_name: str) -> None:
    data = collection(
        feature("1", square(10.5, 59.9)), crs={"type": "name", "properties": {"name": crs_name}}
    )
    assert [10.5, 59.9] in read_bytes(data).features[0].geometry["coordinates"][0]


@pytest.mark.parametrize(
    "crs",
    [
        {"type": "name", "properties": {"name": "EPSG:999999"}},
        {"type": "name", "properties": {"name": "+proj=utm +zone=33"}},
        {"type": "link", "properties": {"href": "http://example.org/crs"}},
        "EPSG:25833",
    ],
)
def test_unknown_crs_is_refused(crs: Any) -> None:
    data = collection(feature("1", square(10, 59)), crs=crs)
    with pytest.raises(GeoReadError, match="koordinatsystem"):
        read_bytes(data)


def test_geometry_that_cannot_be_repaired_into_an_area_is_refused() -> None:
    line_like = {
        "type": "Polygon",
        "coordinates": [[[10, 59], [10.1, 59.1], [10.2, 59.2], [10, 59]]],
    }
    with pytest.raises(GeoReadError) as caught:
        read_bytes(collection(feature("9", square(11, 59)), feature("42", line_like)))
    assert str(caught.value).startswith(
        "Filen test.geojson, objekt 2 (kode 42): geometrien er ugyldig"
    )
    assert str(caught.value).endswith("og kunne ikke repareres til en flate.")


def test_malformed_coordinates_are_refused() -> None:
    broken = {"type": "Polygon", "coordinates": "not coordinates"}
    with pytest.raises(GeoReadError, match=r"objekt 1 \(kode 1\): koordinatene i geometrien"):
        read_bytes(collection(feature("1", broken)))


def test_only_non_areas_is_refused() -> None:
    point = {"type": "Point", "coordinates": [10, 59]}
    with pytest.raises(GeoReadError, match=r"ingen flater .* hoppet over: 1\.$"):
        read_bytes(collection(feature("1", point)))


def test_empty_code_is_treated_as_missing() -> None:
    with pytest.raises(GeoReadError, match="kodefeltet «kode» mangler eller er tomt"):
        read_bytes(collection(feature("  ", square(10, 59))))


def test_feature_without_properties_lists_no_fields() -> None:
    data = collection({"type": "Feature", "properties": None, "geometry": square(10, 59)})
    with pytest.raises(GeoReadError, match=r"Feltene som finnes er: \(ingen\)\.$"):
        read_bytes(data)


def test_coordinates_are_rounded_and_rings_counter_clockwise() -> None:
    clockwise = {
        "type": "Polygon",
        "coordinates": [
            [[10.0, 59.0], [10.0, 59.1234567891], [10.1, 59.1234567891], [10.1, 59.0], [10, 59]]
        ],
    }
    ring = read_bytes(collection(feature("1", clockwise))).features[0].geometry["coordinates"][0]
    assert [10.0, 59.123457] in ring
    assert shapely.is_ccw(shapely.LinearRing(ring))


def test_helpers_on_a_simple_square() -> None:
    geometry = square(10.0, 59.0, 0.1)
    assert geometry_bounds(geometry) == pytest.approx((10.0, 59.0, 10.1, 59.1))
    lon, lat = geometry_centroid(geometry)
    assert 10.0 < lon < 10.1
    assert 59.0 < lat < 59.1
    assert contains_point(geometry, 10.05, 59.05)
    assert contains_point(geometry, 10.0, 59.05)  # on the border
    assert not contains_point(geometry, 10.2, 59.05)
    simplified = simplify_for_web(geometry)
    assert simplified["type"] == "Polygon"
    assert shapely.equals(shape(simplified), shape(geometry))
    assert len(simplified["coordinates"][0]) == 5


def test_centroid_of_a_u_shape_lies_inside() -> None:
    u_shape = {
        "type": "Polygon",
        "coordinates": [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]],
    }
    assert contains_point(u_shape, *geometry_centroid(u_shape))


def test_merged_features_with_different_parents_keep_the_first() -> None:
    def with_parent(code: str, parent: str, x: float) -> dict[str, Any]:
        item = feature(code, square(x, 59), "Samme")
        item["properties"]["forelder"] = parent
        return item

    data = collection(with_parent("1", "0219", 10), with_parent("1", "0220", 10.5))
    result = read_boundaries(
        data, file_label="t", code_field="kode", name_field="navn", parent_field="forelder"
    )
    assert [(i.code, i.parent_code) for i in result.features] == [("1", "0219")]
    assert result.merged == [
        "Kode 1: objektene 1, 2 er slått sammen til én MultiPolygon.",
        "Kode 1: objektene har ulike overordnede områder (0219, 0220); "
        "det fra objekt 1, 0219, er beholdt.",
    ]


def test_projected_coordinates_labelled_crs84_are_refused() -> None:
    data = collection(
        feature("1", square(262000, 6650000, 1000)),
        crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
    )
    with pytest.raises(GeoReadError, match="ser ut til å være projiserte"):
        read_bytes(data)
