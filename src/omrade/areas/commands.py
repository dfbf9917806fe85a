"""`omrade import-geo`, `indicator`, `import-stats`, `index` and `bench analytics`."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

from django.db import transaction

from omrade.areas import selectors, services
from omrade.areas.geo import GeoReadError, read_boundaries
from omrade.areas.index import IndexMethod
from omrade.areas.models import AreaLevel, Direction, Unit
from omrade.areas.periods import PeriodError, parse_period
from omrade.areas.readers import ReadError, StatisticsFileOptions, read_statistics
from omrade.areas.statuses import ValueStatus
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import municipality_by_code

# Names and depths of the usual levels, so `--level grunnkrets` needs no more.
KNOWN_LEVELS = {
    "kommune": ("Kommune", 0),
    "bydel": ("Bydel", 1),
    "delbydel": ("Delbydel", 2),
    "levekarssone": ("Levekårssone", 2),
    "lokalsamfunn": ("Lokalsamfunn", 2),
    "grunnkrets": ("Grunnkrets", 3),
    "boligafdeling": ("Boligafdeling", 2),
}


def register(subcommands: argparse._SubParsersAction) -> None:
    geo = subcommands.add_parser("import-geo", help="import area boundaries from GeoJSON")
    geo.add_argument("file", type=Path)
    geo.add_argument("--municipality", required=True, help="kommunenummer / kommunekode")
    geo.add_argument("--level", required=True, help="level code, e.g. bydel or grunnkrets")
    geo.add_argument("--level-name", help="the level's name when it is new")
    geo.add_argument("--depth", type=int, help="the level's depth when it is new (0 = kommune)")
    geo.add_argument("--code-field", required=True)
    geo.add_argument("--name-field", required=True)
    geo.add_argument("--parent-level")
    geo.add_argument("--parent-field")
    geo.add_argument("--source", help="where the boundaries come from, shown under the map")
    geo.add_argument("--synthetic", action="store_true", help="the boundaries are made up")
    geo.set_defaults(handler=import_geo)

    indicator = subcommands.add_parser("indicator", help="the indicator catalogue")
    actions = indicator.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add an indicator")
    add.add_argument("code")
    add.add_argument("--name", required=True, help="name in bokmål")
    add.add_argument("--name-da", default="")
    add.add_argument("--name-en", default="")
    add.add_argument("--unit", required=True, choices=Unit.values)
    add.add_argument("--direction", required=True, choices=Direction.values)
    add.add_argument("--min-count", type=int, default=5)
    add.add_argument("--source", default="")
    add.add_argument("--municipality", help="the municipality's own indicator (else shared)")
    add.set_defaults(handler=indicator_add)
    listing = actions.add_parser("list", help="list the catalogue")
    listing.set_defaults(handler=indicator_list)
    install = actions.add_parser("install-catalogue", help="add the standard indicators")
    install.set_defaults(handler=indicator_install_catalogue)

    stats = subcommands.add_parser("import-stats", help="import statistics for areas")
    stats.add_argument("file", type=Path)
    stats.add_argument("--municipality", required=True)
    stats.add_argument("--level", required=True)
    stats.add_argument("--format", choices=["jsonstat", "csv", "xlsx", "json"])
    stats.add_argument("--indicator", help="the indicator every value belongs to")
    stats.add_argument("--indicator-map", help="SRC=CODE,... from source codes to ours")
    stats.add_argument("--area-dimension")
    stats.add_argument("--period-dimension")
    stats.add_argument("--indicator-dimension")
    stats.add_argument("--area-field")
    stats.add_argument("--period-field")
    stats.add_argument("--period", help="one period for every row when there is no field")
    stats.add_argument("--value-field")
    stats.add_argument("--indicator-field")
    stats.add_argument("--numerator-field")
    stats.add_argument("--denominator-field")
    stats.add_argument(
        "--symbol",
        action="append",
        default=[],
        metavar="SYMBOL=STATUS",
        help=f"what a symbol means in this file, e.g. -=suppressed ({', '.join(ValueStatus)})",
    )
    stats.add_argument("--skip-unknown-areas", action="store_true")
    stats.add_argument("--synthetic", action="store_true", help="the figures are made up")
    stats.set_defaults(handler=import_stats)

    index = subcommands.add_parser("index", help="print the living-conditions index")
    index.add_argument("--municipality", required=True)
    index.add_argument("--level", required=True)
    index.add_argument("--period", required=True)
    index.add_argument("--method", choices=IndexMethod.values, default=IndexMethod.ZSCORE)
    index.add_argument("--indicators", help="a,b,c (default: all with data at the level)")
    index.add_argument("--weights", help="a=2,b=1 (default 1 each)")
    index.add_argument("--format", choices=["json", "csv", "table"], default="table")
    index.add_argument("--save-as", help="save this definition under the name")
    index.set_defaults(handler=index_command)


def register_bench(bench_actions: argparse._SubParsersAction) -> None:
    """`omrade bench analytics` and `omrade bench map-page`."""
    analytics = bench_actions.add_parser("analytics", help="import and index at national scale")
    analytics.add_argument("--areas", type=int, default=14000)
    analytics.add_argument("--indicators", type=int, default=25)
    analytics.add_argument("--years", type=int, default=15)
    analytics.add_argument("--municipalities", type=int, default=357)
    analytics.add_argument("--database-url", help="default: a scratch SQLite file under var/")
    analytics.set_defaults(handler=bench_analytics)
    map_page = bench_actions.add_parser("map-page", help="time the map page for one municipality")
    map_page.add_argument("--areas", type=int, default=100)
    map_page.add_argument("--indicators", type=int, default=10)
    map_page.add_argument("--years", type=int, default=10)
    map_page.add_argument("--database-url", help="default: a scratch SQLite file under var/")
    map_page.set_defaults(handler=bench_map_page)


def _fail(message: str) -> Exception:
    from omrade.cli import CommandFailed

    return CommandFailed(message)


def _municipality(code: str) -> Municipality:
    municipality = municipality_by_code(code)
    if municipality is None:
        raise _fail(f"--municipality: no municipality with code {code}")
    return municipality


def _existing_level(municipality: Municipality, code: str, option: str) -> AreaLevel:
    level = selectors.level_by_code(municipality, code)
    if level is None:
        known = ", ".join(selectors.levels_in(municipality).values_list("code", flat=True))
        raise _fail(f"{option}: {municipality.name} has no level {code} (has: {known or '-'})")
    return level


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise _fail(f"{path}: {error.strerror}") from error


def _mapping(text: str | None, option: str) -> dict[str, str] | None:
    """Parse 'A=x,B=y'; keys keep their case and leading zeros."""
    if not text:
        return None
    pairs = {}
    for item in text.split(","):
        key, separator, value = item.partition("=")
        if not separator or not key.strip() or not value.strip():
            raise _fail(f"{option}: '{item}' is not SOURCE=CODE")
        if key.strip() in pairs:
            raise _fail(f"{option}: '{key.strip()}' is given twice")
        pairs[key.strip()] = value.strip()
    return pairs


def import_geo(args: argparse.Namespace) -> None:
    municipality = _municipality(args.municipality)
    parent_level = None
    if args.parent_level or args.parent_field:
        if not (args.parent_level and args.parent_field):
            raise _fail("--parent-level and --parent-field go together")
        parent_level = _existing_level(municipality, args.parent_level, "--parent-level")
    try:
        boundaries = read_boundaries(
            _read_file(args.file),
            file_label=args.file.name,
            code_field=args.code_field,
            name_field=args.name_field,
            parent_field=args.parent_field,
        )
    except GeoReadError as error:
        raise _fail(str(error)) from error
    with transaction.atomic():
        level = selectors.level_by_code(municipality, args.level)
        known_name, known_depth = KNOWN_LEVELS.get(args.level, (args.level, None))
        depth = args.depth if args.depth is not None else known_depth
        if depth is None:
            depth = parent_level.depth + 1 if parent_level else 1
        level = services.level_ensure(
            municipality=municipality,
            code=args.level,
            name=args.level_name or (level.name if level else known_name),
            depth=level.depth if level and args.depth is None else depth,
            boundary_source=args.source,
        )
        report = services.boundaries_import(
            by=None,
            level=level,
            boundaries=boundaries,
            parent_level=parent_level,
            synthetic=args.synthetic,
        )
    for message in report.messages:
        print(message)
    print(
        f"{args.file.name}: {report.created} areas created, {report.updated} updated "
        f"at level {level.code} in {municipality.name}"
    )


def indicator_add(args: argparse.Namespace) -> None:
    municipality = _municipality(args.municipality) if args.municipality else None
    indicator = services.indicator_create(
        by=None,
        code=args.code,
        name_nb=args.name,
        name_da=args.name_da,
        name_en=args.name_en,
        unit=args.unit,
        direction=args.direction,
        min_count=args.min_count,
        source=args.source,
        municipality=municipality,
    )
    print(f"Added indicator {indicator.code}")


def indicator_list(args: argparse.Namespace) -> None:
    from omrade.areas.models import Indicator

    for indicator in Indicator.objects.select_related("municipality").order_by("code"):
        owner = indicator.municipality.code if indicator.municipality else "shared"
        print(
            f"{indicator.code}\t{indicator.name_nb}\t{indicator.unit}\t{indicator.direction}\t"
            f"min {indicator.min_count}\t{owner}"
        )


def indicator_install_catalogue(args: argparse.Namespace) -> None:
    print(f"{services.catalogue_install()} standard indicators added")


def _symbols(items: list[str]) -> dict[str, ValueStatus] | None:
    symbols = {}
    for item in items:
        symbol, _separator, status = item.rpartition("=")
        if not symbol or status not in ValueStatus.values:
            raise _fail(f"--symbol: '{item}' is not SYMBOL=STATUS ({', '.join(ValueStatus)})")
        symbols[symbol] = ValueStatus(status)
    return symbols or None


def import_stats(args: argparse.Namespace) -> None:
    municipality = _municipality(args.municipality)
    level = _existing_level(municipality, args.level, "--level")
    data = _read_file(args.file)
    jsonstat = args.format == "jsonstat" or (
        args.format is None and args.area_dimension is not None
    )
    options = StatisticsFileOptions(
        area=(args.area_dimension if jsonstat else args.area_field) or "",
        period=args.period_dimension if jsonstat else args.period_field,
        fixed_period=args.period,
        value=args.value_field,
        indicator=args.indicator,
        indicator_source=args.indicator_dimension if jsonstat else args.indicator_field,
        indicator_map=_mapping(args.indicator_map, "--indicator-map"),
        numerator=args.numerator_field,
        denominator=args.denominator_field,
        symbols=_symbols(args.symbol),
        file_format=args.format,
    )
    if not options.area:
        raise _fail("give --area-field (tables) or --area-dimension (JSON-stat)")
    try:
        rows = read_statistics(data, file_label=args.file.name, options=options)
    except (ReadError, PeriodError) as error:
        raise _fail(str(error)) from error
    report = services.statistics_import(
        by=None,
        level=level,
        rows=rows,
        source=args.file.name,
        skip_unknown_areas=args.skip_unknown_areas,
        synthetic=args.synthetic,
    )
    if report.skipped_unknown_areas:
        print(
            f"Skipped {len(report.skipped_unknown_areas)} unknown area codes: "
            + ", ".join(report.skipped_unknown_areas[:20])
        )
    print(
        f"{args.file.name}: {report.written} observations written for "
        f"{', '.join(report.indicators)} ({', '.join(report.periods)}) at level {level.code}"
    )


def _index_spec(args: argparse.Namespace, municipality: Municipality, level: AreaLevel) -> Any:
    weights_given = _mapping(args.weights, "--weights") or {}
    codes = [code.strip() for code in args.indicators.split(",")] if args.indicators else []
    if not codes:
        codes = list(weights_given) or [
            indicator.code for indicator in selectors.indicators_with_data(municipality, level)
        ]
    unknown = sorted(set(weights_given) - set(codes))
    if unknown:
        raise _fail(f"--weights: {', '.join(unknown)} not among the indicators")
    weights = {}
    for code in codes:
        try:
            weights[code] = float(weights_given.get(code, "1"))
        except ValueError as error:
            raise _fail(f"--weights: {code}={weights_given[code]} is not a number") from error
        if not weights[code] > 0:
            raise _fail(f"--weights: {code} must be above 0")
    known = services.indicators_for(municipality, codes)
    missing = [code for code in codes if code not in known]
    if missing:
        raise _fail(f"--indicators: unknown {', '.join(missing)}")
    return selectors.IndexSpec(IndexMethod(args.method), weights)


def index_command(args: argparse.Namespace) -> None:
    from django.contrib.auth.models import AnonymousUser

    municipality = _municipality(args.municipality)
    level = _existing_level(municipality, args.level, "--level")
    try:
        period = parse_period(args.period).code
    except PeriodError as error:
        raise _fail(f"--period: {error}") from error
    spec = _index_spec(args, municipality, level)
    if args.save_as:
        services.index_definition_save(
            by=None,
            municipality=municipality,
            name=args.save_as,
            level=level,
            method=spec.method,
            weights=spec.weights,
        )
    # The console prints what a public reader may see: small numbers stay protected.
    rows = selectors.index_rows(
        municipality=municipality,
        level=level,
        period_code=period,
        spec=spec,
        viewer=AnonymousUser(),
    )
    records = [row.as_record() for row in rows]
    if args.format == "json":
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return
    codes = list(spec.weights)
    if args.format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["rank", "area_code", "area_name", "score", *codes])
        for record in records:
            writer.writerow(
                [record["rank"] or "", record["area_code"], record["area_name"]]
                + ["" if record["score"] is None else record["score"]]
                + [_cell_text(record["indicators"][code]) for code in codes]
            )
        sys.stdout.write(buffer.getvalue())
        return
    print(f"{'rank':>4}  {'code':<10} {'score':>8}  name")
    for record in records:
        score = "–" if record["score"] is None else f"{record['score']:.3f}"
        rank = record["rank"] or "–"
        print(f"{rank:>4}  {record['area_code']:<10} {score:>8}  {record['area_name']}")


def _cell_text(cell: dict[str, Any]) -> str:
    if cell["value"] is not None:
        return str(cell["value"])
    return ":" if cell["status"] == ValueStatus.SUPPRESSED else ""


def bench_analytics(args: argparse.Namespace) -> None:
    from omrade.areas.benchmark import run_analytics_benchmark

    figures = run_analytics_benchmark(
        areas=args.areas,
        indicators=args.indicators,
        years=args.years,
        municipalities=args.municipalities,
        database_url=args.database_url,
    )
    print(json.dumps(figures, indent=2))


def bench_map_page(args: argparse.Namespace) -> None:
    from omrade.areas.benchmark import run_map_page_benchmark

    figures = run_map_page_benchmark(
        areas=args.areas,
        indicators=args.indicators,
        years=args.years,
        database_url=args.database_url,
    )
    print(json.dumps(figures, indent=2))
