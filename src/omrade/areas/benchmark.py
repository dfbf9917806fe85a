"""`omrade bench analytics`: import and index a synthetic national data set, and time it.

Runs in a child process on its own database (a scratch SQLite file under var/ unless a
`--database-url` is given), so the user's data is never touched.
"""

from __future__ import annotations

import resource
import time
from typing import Any

import numpy as np

from omrade.areas.index import IndexMethod, compute_indexes
from omrade.common.benchmark import in_child, run_in_child


def run_analytics_benchmark(
    *, areas: int, indicators: int, years: int, municipalities: int, database_url: str | None
) -> dict[str, Any]:
    arguments = [
        "analytics",
        f"--areas={areas}",
        f"--indicators={indicators}",
        f"--years={years}",
        f"--municipalities={municipalities}",
    ]
    if not in_child():
        return run_in_child(arguments, database_url, "bench.sqlite3")
    return _measure(areas, indicators, years, municipalities)


def run_map_page_benchmark(
    *, areas: int, indicators: int, years: int, database_url: str | None
) -> dict[str, Any]:
    arguments = ["map-page", f"--areas={areas}", f"--indicators={indicators}", f"--years={years}"]
    if not in_child():
        return run_in_child(arguments, database_url, "bench.sqlite3")
    return _measure_map_page(areas, indicators, years)


def _synthetic_csv(
    rng: np.random.Generator, codes: list[str], indicator_codes: list[str], years: list[int]
) -> bytes:
    """One municipality's tidy CSV: area, year, indicator, value (comma decimals on purpose)."""
    lines = ["area;year;indicator;value"]
    for year in years:
        for indicator in indicator_codes:
            values = rng.gamma(2.0, 3.0, size=len(codes))
            lines.extend(
                f"{code};{year};{indicator};{value:.2f}".replace(".", ",")
                for code, value in zip(codes, values, strict=True)
            )
    return ("\n".join(lines) + "\n").encode()


def _measure(areas: int, indicators: int, years: int, municipality_count: int) -> dict[str, Any]:
    from django.db import connection, transaction

    from omrade.areas import services
    from omrade.areas.models import Area, Direction, Observation, Unit
    from omrade.areas.readers import read_table
    from omrade.tenancy.models import Country
    from omrade.tenancy.services import municipality_create

    rng = np.random.default_rng(2026)
    municipality_count = max(1, min(municipality_count, areas))
    indicator_codes = [f"bench-{number:02d}" for number in range(indicators)]
    year_list = list(range(2010, 2010 + years))
    with transaction.atomic():
        for number, code in enumerate(indicator_codes):
            services.indicator_create(
                by=None,
                code=code,
                name_nb=f"Benchmark {number}",
                unit=Unit.PERCENT,
                direction=Direction.LOWER_IS_WORSE
                if number % 5 == 0
                else Direction.HIGHER_IS_WORSE,
            )
    # Split the areas over the municipalities, grunnkrets codes as in Norway (8 digits).
    sizes = np.full(municipality_count, areas // municipality_count)
    sizes[: areas % municipality_count] += 1
    plan = []
    for number, size in enumerate(sizes):
        municipality = municipality_create(
            by=None,
            code=f"{number + 1:04d}",
            name=f"Benchmark {number + 1}",
            country=Country.NORWAY,
        )
        level = services.level_ensure(
            municipality=municipality, code="grunnkrets", name="Grunnkrets", depth=3
        )
        codes = [f"{number + 1:04d}{area:04d}" for area in range(int(size))]
        Area.objects.bulk_create(
            Area(municipality=municipality, level=level, code=code, name=f"Krets {code}")
            for code in codes
        )
        plan.append((level, _synthetic_csv(rng, codes, indicator_codes, year_list)))

    started = time.perf_counter()
    observations = 0
    for level, data in plan:
        rows = read_table(
            data,
            file_label="bench.csv",
            file_format="csv",
            area_field="area",
            period_field="year",
            value_field="value",
            indicator_field="indicator",
        )
        observations += services.statistics_import(
            by=None, level=level, rows=rows, source="bench"
        ).written
    import_seconds = time.perf_counter() - started
    del plan

    started = time.perf_counter()
    values, groups, higher_is_worse = _load_dense(Observation, indicator_codes, year_list)
    load_seconds = time.perf_counter() - started
    weights = np.ones(indicators)
    methods = list(IndexMethod)

    def all_indexes() -> None:
        compute_indexes(
            values, higher_is_worse=higher_is_worse, weights=weights, methods=methods, groups=groups
        )
        compute_indexes(values, higher_is_worse=higher_is_worse, weights=weights, methods=methods)

    all_indexes()  # warm-up: first touch of the arrays and NumPy's code paths
    index_seconds = _best_of(all_indexes)
    floor_seconds = _best_of(lambda: _floor_zscore(values, weights))
    return {
        "database": connection.vendor,
        "areas": areas,
        "indicators": indicators,
        "years": years,
        "municipalities": municipality_count,
        "observations": observations,
        "import_seconds": round(import_seconds, 3),
        "import_observations_per_second": round(observations / import_seconds),
        "load_seconds": round(load_seconds, 3),
        "index_seconds": round(index_seconds, 4),
        "floor_seconds": round(floor_seconds, 4),
        "ratio_to_floor": round(index_seconds / floor_seconds, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def _load_dense(
    observation_model: Any, indicator_codes: list[str], years: list[int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every observation into a (years, areas, indicators) array, streamed from the database."""
    from omrade.areas.models import Area, Indicator

    area_rows = list(
        Area.objects.order_by("municipality_id", "id").values_list("id", "municipality_id")
    )
    area_position = {area_id: row for row, (area_id, _m) in enumerate(area_rows)}
    groups = np.array([municipality for _id, municipality in area_rows], dtype=np.int64)
    indicators = {i.id: i for i in Indicator.objects.filter(code__in=indicator_codes)}
    indicator_position = {
        indicator_id: indicator_codes.index(indicator.code)
        for indicator_id, indicator in indicators.items()
    }
    higher_is_worse = np.array(
        [
            next(i for i in indicators.values() if i.code == code).higher_is_worse
            for code in indicator_codes
        ]
    )
    year_position = {str(year): row for row, year in enumerate(years)}
    values = np.full((len(years), len(area_rows), len(indicator_codes)), np.nan)
    query = observation_model.objects.values_list("area_id", "indicator_id", "period_code", "value")
    for area_id, indicator_id, period_code, value in query.iterator(chunk_size=20000):
        if value is not None:
            values[
                year_position[period_code], area_position[area_id], indicator_position[indicator_id]
            ] = value
    return values, groups, higher_is_worse


def _floor_zscore(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The naive national z-score on dense arrays: the least any index computation costs."""
    z = (values - np.nanmean(values, axis=1, keepdims=True)) / np.nanstd(
        values, axis=1, keepdims=True
    )
    return np.nansum(z * weights, axis=2) / weights.sum()


def _best_of(run: Any, repeats: int = 3) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return min(timings)


def _measure_map_page(areas: int, indicators: int, years: int) -> dict[str, Any]:
    """Time the public map page (index view, the default) for one municipality's areas."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from omrade.areas import services
    from omrade.areas.models import Direction, Unit
    from omrade.areas.readers import read_table
    from omrade.tenancy.models import Country
    from omrade.tenancy.services import municipality_create

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    rng = np.random.default_rng(200)
    municipality = municipality_create(
        by=None, code="3107", name="Fredrikstad", country=Country.NORWAY
    )
    level = services.level_ensure(municipality=municipality, code="sone", name="Sone", depth=2)
    side = int(np.ceil(np.sqrt(areas)))
    for number in range(areas):
        west, south = 10.8 + 0.01 * (number % side), 59.1 + 0.01 * (number // side)
        ring = [
            [west + 0.01 * np.cos(angle), south + 0.005 * np.sin(angle)]
            for angle in np.linspace(0, 2 * np.pi, 40)
        ]
        ring[-1] = ring[0]
        services.area_save(
            by=None,
            level=level,
            code=f"{number:03d}",
            name=f"Sone {number}",
            boundary={"type": "Polygon", "coordinates": [ring]},
        )
    codes = [f"bench-{number:02d}" for number in range(indicators)]
    for code in codes:
        services.indicator_create(
            by=None, code=code, name_nb=code, unit=Unit.PERCENT, direction=Direction.HIGHER_IS_WORSE
        )
    lines = ["area;year;indicator;numerator;denominator;value"]
    for year in range(2024 - years + 1, 2025):
        for code in codes:
            for number in range(areas):
                denominator = int(rng.integers(50, 3000))
                numerator = int(rng.binomial(denominator, 0.1))
                value = round(100 * numerator / denominator, 2)
                lines.append(f"{number:03d};{year};{code};{numerator};{denominator};{value}")
    rows = read_table(
        ("\n".join(lines) + "\n").encode(),
        file_label="bench.csv",
        file_format="csv",
        area_field="area",
        period_field="year",
        value_field="value",
        indicator_field="indicator",
        numerator_field="numerator",
        denominator_field="denominator",
    )
    services.statistics_import(by=None, level=level, rows=rows, source="bench")
    _analyze(connection)
    client = Client()
    timings = {}
    for name, path in (
        ("index_map_ms", "/m/3107/areas/?level=sone"),
        ("indicator_map_ms", f"/m/3107/areas/?level=sone&show={codes[0]}"),
    ):
        response = client.get(path)  # warm-up
        assert response.status_code == 200, response.status_code
        timings[name] = round(1000 * _best_of(lambda path=path: client.get(path), repeats=5), 1)
    return {
        "database": connection.vendor,
        "areas": areas,
        "indicators": indicators,
        "years": years,
        **timings,
        "html_kb": round(len(response.content) / 1024),
    }


def _analyze(connection: Any) -> None:
    """Fresh planner statistics after a bulk load, as autovacuum would give PostgreSQL soon."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
