"""Writes of the areas app: boundaries, statistics, index definitions and baselines."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from omrade.areas import services
from omrade.areas.geo import geometry_bounds, read_boundaries
from omrade.areas.models import (
    Area,
    AreaLevel,
    Baseline,
    BaselineValue,
    IndexDefinition,
    Observation,
)
from omrade.areas.readers import read_table
from omrade.areas.statuses import ValueStatus
from tests.areas.conftest import SHARED_DATA, STATISTICS, AreaTree, import_statistics, square


def _collection(*features: tuple[object, str, dict]) -> bytes:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"code": code, "name": name, "kommune": "3107"},
                    "geometry": geometry,
                }
                for code, name, geometry in features
            ],
        }
    ).encode()


def test_boundaries_import_creates_then_updates_in_place(tree: AreaTree) -> None:
    level = services.level_ensure(
        municipality=tree.top.municipality, code="grunnkrets", name="Grunnkrets", depth=3
    )
    first = read_boundaries(
        _collection((7, "Sju", square(10.9, 59.2)), ("0008", "Åtte", square(10.91, 59.2))),
        file_label="a.geojson",
        code_field="code",
        name_field="name",
    )
    report = services.boundaries_import(by=None, level=level, boundaries=first)
    assert (report.created, report.updated) == (2, 0)
    seven = Area.objects.get(level=level, code="7")
    assert Area.objects.filter(level=level, code="0008").exists()  # leading zeros kept

    moved = read_boundaries(
        _collection(("7", "Sju ny", square(10.95, 59.25))),
        file_label="b.geojson",
        code_field="code",
        name_field="name",
    )
    report = services.boundaries_import(by=None, level=level, boundaries=moved)
    assert (report.created, report.updated) == (0, 1)
    seven.refresh_from_db()
    assert seven.name == "Sju ny"
    assert geometry_bounds(seven.boundary)[:2] == pytest.approx((10.95, 59.25), abs=1e-6)
    assert Area.objects.filter(level=level).count() == 2


def test_boundaries_import_refuses_unknown_parent_codes_and_writes_nothing(tree: AreaTree) -> None:
    level = services.level_ensure(
        municipality=tree.top.municipality, code="grunnkrets", name="Grunnkrets", depth=3
    )
    data = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"code": "1", "name": "En", "bydel": "01"},
                    "geometry": square(10.9, 59.2),
                },
                {
                    "type": "Feature",
                    "properties": {"code": "2", "name": "To", "bydel": "99"},
                    "geometry": square(10.91, 59.2),
                },
            ],
        }
    ).encode()
    boundaries = read_boundaries(
        data, file_label="c.geojson", code_field="code", name_field="name", parent_field="bydel"
    )
    with pytest.raises(ValidationError, match="99"):
        services.boundaries_import(
            by=None, level=level, boundaries=boundaries, parent_level=tree.level
        )
    assert not Area.objects.filter(level=level).exists()


@pytest.mark.skipif(not SHARED_DATA.exists(), reason="../shared/data is not beside the project")
def test_real_grunnkrets_boundaries_are_reprojected_and_linked_to_their_municipality(
    tree: AreaTree,
) -> None:
    municipality = tree.top.municipality
    top_level = tree.top.level
    services.area_save(by=None, level=top_level, code="0219", name="Bærum")
    services.area_save(by=None, level=top_level, code="0220", name="Asker")
    level = services.level_ensure(
        municipality=municipality, code="grunnkrets", name="Grunnkrets", depth=3
    )
    boundaries = read_boundaries(
        (SHARED_DATA / "baerum-asker-grunnkretser" / "ab.geojson").read_bytes(),
        file_label="ab.geojson",
        code_field="grunnkretsnummer",
        name_field="grunnkretsnavn",
        parent_field="kommunenummer",
    )
    report = services.boundaries_import(
        by=None, level=level, boundaries=boundaries, parent_level=top_level
    )
    assert report.created == 535
    krets = Area.objects.get(level=level, code="02190101")
    assert krets.parent.code == "0219"
    west, south, east, north = geometry_bounds(krets.boundary)
    assert 10.2 < west < east < 10.8
    assert 59.6 < south < north < 60.1
    assert krets.boundary_for_map is not None


def test_statistics_import_is_idempotent(tree: AreaTree) -> None:
    before = list(Observation.objects.order_by("id").values_list("id", "value", "numerator"))
    report = import_statistics(tree.level, STATISTICS)
    assert report.written == 12
    after = list(Observation.objects.order_by("id").values_list("id", "value", "numerator"))
    assert after == before


def test_statistics_import_updates_a_changed_value(tree: AreaTree) -> None:
    import_statistics(
        tree.level, "area;year;indicator;numerator;denominator;value\n01;2023;poverty;42;200;21,0\n"
    )
    observation = Observation.objects.get(
        area=tree.areas["01"], indicator=tree.poverty, period_code="2023"
    )
    assert (observation.value, observation.numerator) == (21.0, 42.0)
    assert Observation.objects.count() == 12


def test_unknown_area_codes_stop_the_import_and_nothing_is_written(tree: AreaTree) -> None:
    count = Observation.objects.count()
    lines = (
        ["area;year;indicator;numerator;denominator;value"]
        + [f"{90 + n};2024;poverty;10;100;10" for n in range(25)]
        + ["01;2024;poverty;10;100;10"]
    )
    with pytest.raises(ValidationError) as refused:
        import_statistics(tree.level, "\n".join(lines) + "\n")
    message = refused.value.messages[0]
    assert "90, 91" in message
    assert "(25)" in message
    assert "5" in message
    assert Observation.objects.count() == count


def test_unknown_area_codes_are_skipped_when_asked(tree: AreaTree) -> None:
    report = import_statistics(
        tree.level,
        "area;year;indicator;numerator;denominator;value\n99;2024;poverty;1;10;10\n01;2024;poverty;10;100;10\n",
        skip_unknown_areas=True,
    )
    assert report.written == 1
    assert report.skipped_unknown_areas == ["99"]
    assert Observation.objects.filter(period_code="2024").count() == 1


def test_unknown_indicator_stops_the_import(tree: AreaTree) -> None:
    with pytest.raises(ValidationError, match="nonexistent"):
        import_statistics(
            tree.level,
            "area;year;indicator;numerator;denominator;value\n01;2024;nonexistent;1;10;10\n",
        )
    assert not Observation.objects.filter(period_code="2024").exists()


def test_suppressed_values_are_stored_as_suppressed_not_zero(tree: AreaTree) -> None:
    import_statistics(
        tree.level, "area;year;indicator;numerator;denominator;value\n02;2024;poverty;;;:\n"
    )
    observation = Observation.objects.get(area=tree.areas["02"], period_code="2024")
    assert observation.value is None
    assert observation.status == ValueStatus.SUPPRESSED


def test_index_definition_save_replaces_by_name_and_keeps_one_default(tree: AreaTree) -> None:
    municipality = tree.top.municipality
    first = services.index_definition_save(
        by=None,
        municipality=municipality,
        name="A",
        level=tree.level,
        method="zscore",
        weights={"poverty": 1},
        is_default=True,
    )
    second = services.index_definition_save(
        by=None,
        municipality=municipality,
        name="B",
        level=tree.level,
        method="decile",
        weights={"poverty": 2, "employment": 1},
        is_default=True,
    )
    first.refresh_from_db()
    assert not first.is_default
    assert second.is_default
    again = services.index_definition_save(
        by=None,
        municipality=municipality,
        name="B",
        level=tree.level,
        method="ranksum",
        weights={"poverty": 1},
    )
    assert again.pk == second.pk
    assert again.method == "ranksum"
    assert IndexDefinition.objects.count() == 2


@pytest.mark.parametrize(
    ("weights", "message"),
    [({}, "minst"), ({"poverty": 0}, "null"), ({"nope": 1}, "nope")],
)
def test_index_definition_refuses_bad_weights(tree: AreaTree, weights: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        services.index_definition_save(
            by=None,
            municipality=tree.top.municipality,
            name="X",
            level=tree.level,
            method="zscore",
            weights=weights,
        )
    assert not IndexDefinition.objects.exists()


def test_baseline_freezes_values_against_later_imports(tree: AreaTree) -> None:
    baseline = services.baseline_create(
        municipality=tree.top.municipality,
        name="Nullpunkt 2023",
        period_code="2023",
        areas=list(tree.areas.values()),
        indicators=[tree.poverty],
    )
    import_statistics(
        tree.level, "area;year;indicator;numerator;denominator;value\n01;2023;poverty;80;200;40,0\n"
    )
    frozen = BaselineValue.objects.get(baseline=baseline, area=tree.areas["01"])
    assert frozen.value == 20.0
    assert baseline.values.count() == 4


def test_baseline_refuses_areas_of_another_municipality(tree: AreaTree, tenants) -> None:
    with pytest.raises(ValidationError):
        services.baseline_create(
            municipality=tenants.other,
            name="X",
            period_code="2023",
            areas=[tree.areas["01"]],
            indicators=[tree.poverty],
        )
    assert not Baseline.objects.exists()


def test_catalogue_install_adds_the_standard_indicators_once(db: None) -> None:
    from omrade.areas.catalogue import STANDARD_INDICATORS
    from omrade.areas.models import Indicator

    assert services.catalogue_install() == len(STANDARD_INDICATORS)
    assert services.catalogue_install() == 0
    assert Indicator.objects.get(code="social-assistance").name_en


def _staging_tables() -> list[str]:
    """The import's temporary tables left in this connection (there should be none)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname LIKE 'pg_temp%%' "
                "AND tablename LIKE 'incoming%%'"
            )
        else:
            cursor.execute("SELECT name FROM sqlite_temp_master WHERE type = 'table'")
        return [name for (name,) in cursor.fetchall()]


def test_statistics_import_fills_every_column_from_the_staged_rows(tree: AreaTree) -> None:
    # Rows are staged narrow; period dates, source, time and the synthetic mark are added by
    # one INSERT … SELECT, and counts are NULL when the file has none.
    report = services.statistics_import(
        by=None,
        level=tree.level,
        rows=read_table(
            b"area;quarter;value\n01;2024K3;7,5\n02;2024K3;:\n01;2024K4;8\n",
            file_label="q.csv",
            file_format="csv",
            area_field="area",
            period_field="quarter",
            value_field="value",
            indicator="poverty",
        ),
        source="q.csv",
        synthetic=True,
    )

    assert report.written == 3
    assert report.periods == ["2024K3", "2024K4"]
    stored = Observation.objects.filter(period_kind="quarter").order_by("period_code", "area__code")
    assert [
        (o.area.code, o.period_code, o.period_start, o.period_end, o.value, o.status)
        for o in stored
    ] == [
        ("01", "2024K3", date(2024, 7, 1), date(2024, 9, 30), 7.5, "ok"),
        ("02", "2024K3", date(2024, 7, 1), date(2024, 9, 30), None, "suppressed"),
        ("01", "2024K4", date(2024, 10, 1), date(2024, 12, 31), 8.0, "ok"),
    ]
    assert {
        (o.numerator, o.denominator, o.synthetic, o.source, o.municipality_id) for o in stored
    } == {(None, None, True, "q.csv", tree.level.municipality_id)}
    assert all(o.imported_at is not None for o in stored)
    assert _staging_tables() == []


def test_statistics_import_keeps_counts_given_on_only_some_rows(tree: AreaTree) -> None:
    import_statistics(
        tree.level,
        "area;year;indicator;numerator;denominator;value\n"
        "01;2024;poverty;3;20;15\n02;2024;poverty;;;..\n03;2024;poverty;;40;0\n",
    )

    stored = Observation.objects.filter(period_code="2024").order_by("area__code")
    assert [(o.area.code, o.value, o.numerator, o.denominator, o.status) for o in stored] == [
        ("01", 15.0, 3.0, 20.0, ValueStatus.OK),
        ("02", None, None, None, ValueStatus.NOT_AVAILABLE),
        ("03", 0.0, None, 40.0, ValueStatus.OK),
    ]


def _import_then_fail(level: AreaLevel) -> None:
    with transaction.atomic():
        import_statistics(
            level, "area;year;indicator;numerator;denominator;value\n01;2030;poverty;1;10;10\n"
        )
        assert Observation.objects.filter(period_code="2030").count() == 1
        raise RuntimeError("the caller's transaction fails after the import")


def test_statistics_import_inside_a_transaction_that_fails_writes_nothing(tree: AreaTree) -> None:
    count = Observation.objects.count()
    with pytest.raises(RuntimeError):
        _import_then_fail(tree.level)

    assert Observation.objects.count() == count
    assert _staging_tables() == []
    # The staging tables can be made again in the same connection.
    assert import_statistics(tree.level, STATISTICS).written == 12
