"""Writes for the area tree, boundaries, indicators, observations, index definitions, baselines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from omrade.areas.catalogue import STANDARD_INDICATORS, IndicatorSpec
from omrade.areas.geo import BoundaryReadResult, simplify_for_web
from omrade.areas.index import IndexMethod
from omrade.areas.models import (
    Area,
    AreaLevel,
    Baseline,
    BaselineValue,
    Direction,
    IndexDefinition,
    Indicator,
    Observation,
    Unit,
)
from omrade.areas.periods import Period
from omrade.areas.permissions import (
    can_manage_areas,
    can_manage_indicators,
    can_manage_statistics,
)
from omrade.areas.readers import StatisticRow, garbage_collection_paused
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser

UNKNOWN_CODES_SHOWN = 20


@transaction.atomic
def level_ensure(
    *,
    municipality: Municipality,
    code: str,
    name: str,
    depth: int,
    boundary_source: str | None = None,
) -> AreaLevel:
    """The level with this code, created or changed as given."""
    level = AreaLevel.objects.in_municipality(municipality).filter(code=code).first()
    if level is None:
        level = AreaLevel(municipality=municipality, code=code)
    level.name, level.depth = name, depth
    if boundary_source is not None:
        level.boundary_source = boundary_source
    save_validated(level)
    return level


@transaction.atomic
def area_save(
    *,
    by: AnyUser | None,
    level: AreaLevel,
    code: str,
    name: str,
    parent: Area | None = None,
    boundary: dict[str, object] | None = None,
    boundary_synthetic: bool = False,
    population: int | None = None,
    has_initiative: bool | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> Area:
    """Create the area with this code in the level, or update it in place."""
    require(can_manage_areas, by, level.municipality)
    area = Area.objects.filter(level=level, code=code.strip()).first()
    if area is None:
        area = Area(municipality_id=level.municipality_id, level=level, code=code.strip())
    area.name, area.parent = name.strip(), parent
    if boundary is not None:
        area.boundary = boundary
        area.boundary_for_map = simplify_for_web(boundary)
        area.boundary_synthetic = boundary_synthetic
    if population is not None:
        area.population = population
    if has_initiative is not None:
        area.has_initiative = has_initiative
    area.valid_from, area.valid_to = valid_from, valid_to
    save_validated(area)
    return area


@dataclass
class BoundaryImportReport:
    created: int = 0
    updated: int = 0
    messages: list[str] = field(default_factory=list)


@transaction.atomic
def boundaries_import(
    *,
    by: AnyUser | None,
    level: AreaLevel,
    boundaries: BoundaryReadResult,
    parent_level: AreaLevel | None = None,
    synthetic: bool = False,
) -> BoundaryImportReport:
    """Save every feature as an area of the level; re-importing updates boundaries in place."""
    require(can_manage_statistics, by, level.municipality)
    parents: dict[str, Area] = {}
    if parent_level is not None:
        parents = {area.code: area for area in Area.objects.filter(level=parent_level)}
        unknown = sorted({f.parent_code or "" for f in boundaries.features} - set(parents) - {""})
        if unknown:
            raise ValidationError(
                _("Ukjente koder for overordnet område på nivået %(level)s: %(codes)s.")
                % {"level": parent_level.name, "codes": _list_codes(unknown)}
            )
    existing = set(Area.objects.filter(level=level).values_list("code", flat=True))
    report = BoundaryImportReport(
        messages=[*boundaries.skipped, *boundaries.repaired, *boundaries.merged]
    )
    for feature in boundaries.features:
        parent = parents.get(feature.parent_code or "") if parent_level else None
        area_save(
            by=None,  # the import's own rule is checked above (statistics editors edit areas)
            level=level,
            code=feature.code,
            name=feature.name,
            parent=parent,
            boundary=feature.geometry,
            boundary_synthetic=synthetic,
        )
        if feature.code in existing:
            report.updated += 1
        else:
            report.created += 1
    return report


@transaction.atomic
def area_set_initiative(*, by: AnyUser | None, area: Area, has_initiative: bool) -> Area:
    require(can_manage_areas, by, area.municipality)
    area.has_initiative = has_initiative
    area.save(update_fields=["has_initiative"])
    return area


@transaction.atomic
def indicator_create(
    *,
    by: AnyUser | None,
    code: str,
    name_nb: str,
    unit: str,
    direction: str,
    municipality: Municipality | None = None,
    name_da: str = "",
    name_en: str = "",
    source: str = "",
    numerator_definition: str = "",
    denominator_definition: str = "",
    min_count: int = 5,
    country: str = "",
    note: str = "",
    use_in_index: bool = True,
) -> Indicator:
    """An indicator of the municipality, or with none, of the shared catalogue."""
    require(can_manage_indicators, by, municipality)
    if Indicator.objects.filter(code=code, municipality=municipality).exists():
        raise ValidationError({"code": _("Indikatoren %(code)s finnes allerede.") % {"code": code}})
    indicator = Indicator(
        municipality=municipality,
        code=code,
        name_nb=name_nb,
        name_da=name_da,
        name_en=name_en,
        unit=unit,
        direction=direction,
        source=source,
        numerator_definition=numerator_definition,
        denominator_definition=denominator_definition,
        min_count=min_count,
        country=country,
        note=note,
        use_in_index=use_in_index,
    )
    save_validated(indicator)
    return indicator


@transaction.atomic
def catalogue_install(specs: Iterable[IndicatorSpec] = STANDARD_INDICATORS) -> int:
    """Add the standard indicators that are not in the shared catalogue yet; returns how many."""
    existing = set(Indicator.objects.filter(municipality=None).values_list("code", flat=True))
    added = 0
    for spec in specs:
        if spec.code in existing:
            continue
        indicator_create(
            by=None,
            code=spec.code,
            name_nb=spec.name_nb,
            name_da=spec.name_da,
            name_en=spec.name_en,
            unit=Unit(spec.unit),
            direction=Direction(spec.direction),
            source=spec.source,
            numerator_definition=spec.numerator_nb,
            denominator_definition=spec.denominator_nb,
            min_count=spec.min_count,
            country=spec.country,
            note=spec.note_nb,
            use_in_index=spec.use_in_index,
        )
        added += 1
    return added


@dataclass
class StatisticsImportReport:
    written: int = 0
    skipped_unknown_areas: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)


def _list_codes(codes: Sequence[str]) -> str:
    shown = ", ".join(codes[:UNKNOWN_CODES_SHOWN])
    if len(codes) > UNKNOWN_CODES_SHOWN:
        shown += " " + _("og %(count)s til") % {"count": len(codes) - UNKNOWN_CODES_SHOWN}
    return f"{shown} ({len(codes)})"


def indicators_for(municipality: Municipality, codes: Iterable[str]) -> dict[str, Indicator]:
    """Indicators by code as this municipality sees them: its own before the catalogue's."""
    found: dict[str, Indicator] = {}
    candidates = Indicator.objects.filter(
        Q(municipality=municipality) | Q(municipality=None), code__in=set(codes)
    )
    for indicator in candidates:
        if indicator.code not in found or indicator.municipality_id is not None:
            found[indicator.code] = indicator
    return found


@transaction.atomic
def statistics_import(
    *,
    by: AnyUser | None,
    level: AreaLevel,
    rows: Sequence[StatisticRow],
    source: str,
    skip_unknown_areas: bool = False,
    synthetic: bool = False,
) -> StatisticsImportReport:
    """Write the rows as observations of the level's areas, in one transaction.

    Unknown area codes stop the import (nothing is written) unless told to skip them;
    unknown indicators always stop it. Importing the same rows again changes nothing.
    """
    municipality = level.municipality
    require(can_manage_statistics, by, municipality)
    if not rows:
        raise ValidationError(_("Filen %(file)s har ingen rader.") % {"file": source})
    # Whole-column passes through attrgetter run in C: these see every one of millions of rows.
    areas = dict(Area.objects.filter(level=level).values_list("code", "id"))
    unknown_areas = sorted(set(map(_AREA_CODE, rows)).difference(areas))
    if unknown_areas and not skip_unknown_areas:
        raise ValidationError(
            _(
                "Ukjente områdekoder på nivået %(level)s: %(codes)s. Ingenting er lagret; "
                "bruk --skip-unknown-areas for å hoppe over dem."
            )
            % {"level": level.name, "codes": _list_codes(unknown_areas)}
        )
    indicator_codes = sorted(set(map(_INDICATOR_CODE, rows)))
    indicators = indicators_for(municipality, indicator_codes)
    unknown_indicators = [code for code in indicator_codes if code not in indicators]
    if unknown_indicators:
        raise ValidationError(
            _("Ukjente indikatorer: %(codes)s. Legg dem til med «omrade indicator add».")
            % {"codes": ", ".join(unknown_indicators)}
        )
    # Keyed by code: Period hashes in Python, its cached code is a plain str.
    periods = dict(zip(map(_PERIOD_CODE, rows), map(_PERIOD, rows), strict=True))
    indicator_ids = {code: indicator.id for code, indicator in indicators.items()}
    kept = rows
    if unknown_areas:
        kept = [row for row in rows if row.area_code in areas]
    # Most files have no counts: then the rows leave them out and the SQL writes NULL, which
    # spares the driver a slow path for every None it binds.
    with_counts = not (
        _ONLY_NONE.issuperset(map(_NUMERATOR, kept))
        and _ONLY_NONE.issuperset(map(_DENOMINATOR, kept))
    )
    # Statuses are str enums: their plain value binds fastest (and `_value_` is a plain
    # attribute, unlike `value`).
    # The cycle collector would walk every new tuple over and over; tuples of numbers and
    # strings hold no cycles.
    records: list[tuple[object, ...]]
    with garbage_collection_paused():
        if with_counts:
            records = [
                (
                    areas[row.area_code],
                    indicator_ids[row.indicator_code],
                    row.period.code,
                    row.value,  # the readers leave it None unless the status has a value
                    row.status._value_,
                    row.numerator,
                    row.denominator,
                )
                for row in kept
            ]
        else:
            records = [
                (
                    areas[row.area_code],
                    indicator_ids[row.indicator_code],
                    row.period.code,
                    row.value,
                    row.status._value_,
                )
                for row in kept
            ]
    _upsert_observations(
        municipality_id=municipality.id,
        records=records,
        with_counts=with_counts,
        periods=periods.values(),
        synthetic=synthetic,
        source=source[:200],
    )
    return StatisticsImportReport(
        written=len(records),
        skipped_unknown_areas=unknown_areas,
        indicators=indicator_codes,
        periods=sorted(periods),
    )


_AREA_CODE = attrgetter("area_code")
_INDICATOR_CODE = attrgetter("indicator_code")
_PERIOD = attrgetter("period")
_PERIOD_CODE = attrgetter("period.code")
_NUMERATOR = attrgetter("numerator")
_DENOMINATOR = attrgetter("denominator")
_ONLY_NONE = frozenset([None])

OBSERVATION_COLUMNS = (
    "municipality_id",
    "area_id",
    "indicator_id",
    "period_code",
    "period_kind",
    "period_start",
    "period_end",
    "value",
    "numerator",
    "denominator",
    "status",
    "synthetic",
    "source",
    "imported_at",
)
OBSERVATION_KEY = ("municipality_id", "indicator_id", "period_code", "area_id")
# What each import sends per row; the other columns are the same for the whole import.
INCOMING_COLUMNS = ("area_id", "indicator_id", "period_code", "value", "status")
COUNT_COLUMNS = ("numerator", "denominator")


def _upsert_observations(
    *,
    municipality_id: int,
    records: Sequence[tuple[object, ...]],
    with_counts: bool,
    periods: Iterable[Period],
    synthetic: bool,
    source: str,
) -> None:
    """Insert or update observations in bulk, the fastest way each database offers.

    `records` hold INCOMING_COLUMNS (and COUNT_COLUMNS when `with_counts`). They go into a
    narrow temporary table first, then one INSERT … SELECT … ON CONFLICT adds the columns
    that are the same for the whole import (municipality, source, time) and the period's
    kind and dates. One statement instead of one per row matters on SQLite: each statement
    on a table with AUTOINCREMENT reads and writes sqlite_sequence, and the staging table has
    no index, foreign key or sequence to maintain. SQLite fills the staging table with the
    driver's executemany (its loop runs in C), PostgreSQL with COPY. Either way it all runs
    inside the caller's transaction, and the temporary tables go with it.
    """
    if not records:
        return
    quote = connection.ops.quote_name
    table = quote(Observation._meta.db_table)
    incoming = [*INCOMING_COLUMNS, *(COUNT_COLUMNS if with_counts else ())]
    counts = "i.numerator, i.denominator" if with_counts else "NULL, NULL"
    updates = ", ".join(
        f"{column} = excluded.{column}"
        for column in OBSERVATION_COLUMNS
        if column not in OBSERVATION_KEY
    )
    adapt_date = connection.ops.adapt_datefield_value
    period_rows = [
        (period.code, period.kind.value, adapt_date(period.start), adapt_date(period.end))
        for period in periods
    ]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    insert = (
        f"INSERT INTO {table} ({', '.join(OBSERVATION_COLUMNS)}) "  # noqa: S608 - names are ours
        "SELECT %s, i.area_id, i.indicator_id, i.period_code, p.kind, p.period_start, "
        f"p.period_end, i.value, {counts}, i.status, %s, %s, %s "
        "FROM incoming_observations i JOIN incoming_periods p ON p.code = i.period_code "
        # WHERE true: SQLite would read ON CONFLICT as the join's ON otherwise.
        f"WHERE true ON CONFLICT ({', '.join(OBSERVATION_KEY)}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TEMPORARY TABLE incoming_periods (code varchar(12) PRIMARY KEY, "
                "kind varchar(10), period_start date, period_end date) ON COMMIT DROP"
            )
            cursor.execute(
                "CREATE TEMPORARY TABLE incoming_observations ON COMMIT DROP AS "  # noqa: S608
                f"SELECT {', '.join(incoming)} FROM {table} WITH NO DATA"
            )
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy("COPY incoming_periods FROM STDIN") as copy:
                for period_row in period_rows:
                    copy.write_row(period_row)
            with raw.copy(f"COPY incoming_observations ({', '.join(incoming)}) FROM STDIN") as copy:
                for record in records:
                    copy.write_row(record)
        else:
            cursor.execute(
                "CREATE TEMP TABLE incoming_periods "
                "(code TEXT PRIMARY KEY, kind TEXT, period_start TEXT, period_end TEXT)"
            )
            # No column types: SQLite stores each value as bound, with no conversion.
            cursor.execute(f"CREATE TEMP TABLE incoming_observations ({', '.join(incoming)})")
            sqlite = connection.connection
            sqlite.executemany("INSERT INTO incoming_periods VALUES (?, ?, ?, ?)", period_rows)
            sqlite.executemany(
                f"INSERT INTO incoming_observations VALUES ({', '.join(['?'] * len(incoming))})",  # noqa: S608
                records,
            )
        cursor.execute(insert, [municipality_id, synthetic, source, now])
        cursor.execute("DROP TABLE incoming_observations")
        cursor.execute("DROP TABLE incoming_periods")


@transaction.atomic
def index_definition_save(
    *,
    by: AnyUser | None,
    municipality: Municipality,
    name: str,
    level: AreaLevel,
    method: str,
    weights: Mapping[str, float],
    is_default: bool = False,
) -> IndexDefinition:
    """Save (create or replace by name) the municipality's index definition."""
    require(can_manage_statistics, by, municipality)
    if level.municipality_id != municipality.id:
        raise ValidationError({"level": _("Nivået må høre til samme kommune.")})
    if method not in IndexMethod.values:
        raise ValidationError({"method": _("Ukjent metode «%(method)s».") % {"method": method}})
    if not weights:
        raise ValidationError({"weights": _("Velg minst én indikator.")})
    known = indicators_for(municipality, weights)
    missing = sorted(set(weights) - set(known))
    if missing:
        raise ValidationError(
            {"weights": _("Ukjente indikatorer: %(codes)s.") % {"codes": ", ".join(missing)}}
        )
    if any(not weight > 0 for weight in weights.values()):
        raise ValidationError({"weights": _("Vektene må være større enn null.")})
    definition = IndexDefinition.objects.in_municipality(municipality).filter(name=name).first()
    if definition is None:
        definition = IndexDefinition(municipality=municipality, name=name)
    definition.level, definition.method = level, method
    definition.weights = {code: float(weight) for code, weight in weights.items()}
    definition.is_default = is_default
    save_validated(definition)
    if is_default:
        IndexDefinition.objects.in_municipality(municipality).exclude(pk=definition.pk).update(
            is_default=False
        )
    return definition


@transaction.atomic
def baseline_create(
    *,
    municipality: Municipality,
    name: str,
    period_code: str,
    areas: Sequence[Area],
    indicators: Sequence[Indicator],
    description: str = "",
    by: AnyUser | None = None,
) -> Baseline:
    """Freeze the chosen indicators for the chosen areas at a period (0-punktsanalyse)."""
    require(can_manage_statistics, by, municipality)
    if not areas or not indicators:
        raise ValidationError(_("Velg minst ett område og én indikator."))
    if any(area.municipality_id != municipality.id for area in areas):
        raise ValidationError({"areas": _("Områdene må høre til samme kommune.")})
    if Baseline.objects.in_municipality(municipality).filter(name=name).exists():
        raise ValidationError({"name": _("Navnet «%(name)s» er brukt.") % {"name": name}})
    baseline = Baseline(
        municipality=municipality,
        name=name,
        description=description,
        period_code=period_code,
        created_by_id=by.pk if by is not None and by.is_authenticated else None,
    )
    save_validated(baseline)
    observations = Observation.objects.filter(
        municipality=municipality, area__in=areas, indicator__in=indicators, period_code=period_code
    )
    BaselineValue.objects.bulk_create(
        BaselineValue(
            baseline=baseline,
            area_id=observation.area_id,
            indicator_id=observation.indicator_id,
            value=observation.value,
            numerator=observation.numerator,
            denominator=observation.denominator,
            status=observation.status,
        )
        for observation in observations
    )
    return baseline
