"""Reads that pages, exports, the API and reports share.

Every indicator value leaves the app through `published_values` (or the functions built on
it): that is where small-number protection is applied, once, for everyone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

import numpy as np
from django.db.models import Q, QuerySet

from omrade.areas import udsatte
from omrade.areas.index import IndexMethod, compute_index
from omrade.areas.models import (
    Area,
    AreaLevel,
    Baseline,
    IndexDefinition,
    Indicator,
    Observation,
    Unit,
)
from omrade.areas.permissions import can_see_unprotected_values
from omrade.areas.protection import Cell, suppress
from omrade.areas.statuses import ValueStatus
from omrade.tenancy.models import Country, Municipality
from omrade.tenancy.selectors import AnyUser


def levels_in(municipality: Municipality) -> QuerySet[AreaLevel]:
    return AreaLevel.objects.in_municipality(municipality).order_by("depth", "code")


def level_by_code(municipality: Municipality, code: str) -> AreaLevel | None:
    return AreaLevel.objects.in_municipality(municipality).filter(code=code).first()


def areas_in(municipality: Municipality, level: AreaLevel | None = None) -> QuerySet[Area]:
    areas = Area.objects.in_municipality(municipality).select_related("level", "parent")
    return areas.filter(level=level) if level is not None else areas


def indicators_visible_in(municipality: Municipality) -> QuerySet[Indicator]:
    """The shared catalogue and the municipality's own indicators."""
    return Indicator.objects.filter(Q(municipality=None) | Q(municipality=municipality))


def indicators_with_data(municipality: Municipality, level: AreaLevel) -> QuerySet[Indicator]:
    used = Observation.objects.filter(municipality=municipality, area__level=level).values(
        "indicator_id"
    )
    return indicators_visible_in(municipality).filter(id__in=used).order_by("code")


def periods_with_data(
    municipality: Municipality, level: AreaLevel, indicator: Indicator | None = None
) -> list[str]:
    """Period codes with observations at the level, oldest first."""
    observations = Observation.objects.filter(municipality=municipality, area__level=level)
    if indicator is not None:
        observations = observations.filter(indicator=indicator)
    # No ordering: with it, DISTINCT would also run over the ordering columns.
    rows = observations.order_by().values_list("period_code", "period_start").distinct()
    return [code for code, _start in sorted(set(rows), key=lambda row: (row[1], row[0]))]


@dataclass(frozen=True)
class PublishedValue:
    """A value as a viewer may see it. `unprotected` marks a raw value shown to an analyst."""

    value: float | None
    status: ValueStatus
    numerator: float | None = None
    denominator: float | None = None
    unprotected: bool = False
    synthetic: bool = False

    @property
    def is_shown(self) -> bool:
        return self.value is not None


MISSING = PublishedValue(None, ValueStatus.NOT_AVAILABLE)


@dataclass(frozen=True)
class RawValue:
    """A stored value with what protection needs: its area's parent and its counts."""

    area_id: int
    parent_id: int | None
    value: float | None
    numerator: float | None
    denominator: float | None
    status: str
    synthetic: bool = False


def protect(
    raw_values: Sequence[RawValue], *, min_count: int, unprotected: bool
) -> dict[int, PublishedValue]:
    """Small-number protection, the one place it is applied (DESIGN.md).

    Primary and secondary suppression over the given area tree, so a suppressed value
    cannot be recovered by subtracting published children from a published parent.
    Analysts of the owning municipality (`unprotected`) see the raw value, marked;
    values suppressed at the source stay suppressed for everyone.
    """
    cells = {
        raw.area_id: Cell(
            numerator=raw.numerator,
            denominator=raw.denominator,
            suppressed_at_source=raw.status == ValueStatus.SUPPRESSED,
        )
        for raw in raw_values
    }
    children: dict[int, list[int]] = defaultdict(list)
    for raw in raw_values:
        if raw.parent_id is not None and raw.parent_id in cells:
            children[raw.parent_id].append(raw.area_id)
    hidden = suppress(cells, children=children, min_count=min_count)
    published = {}
    for raw in raw_values:
        status = ValueStatus(raw.status)
        if raw.area_id in hidden and (status == ValueStatus.SUPPRESSED or not unprotected):
            published[raw.area_id] = PublishedValue(
                None, ValueStatus.SUPPRESSED, synthetic=raw.synthetic
            )
        else:
            published[raw.area_id] = PublishedValue(
                raw.value,
                status,
                raw.numerator,
                raw.denominator,
                unprotected=raw.area_id in hidden,
                synthetic=raw.synthetic,
            )
    return published


def published_values(
    *,
    municipality: Municipality,
    indicator: Indicator,
    period_code: str,
    viewer: AnyUser,
    level: AreaLevel | None = None,
) -> dict[int, PublishedValue]:
    """The values of one indicator and period by area id, protected for the viewer.

    Protection runs over the municipality's whole area tree for that indicator and period.
    """
    return published_values_of_indicators(
        municipality=municipality,
        indicators=[indicator],
        period_code=period_code,
        viewer=viewer,
        level=level,
    )[indicator.id]


def published_values_of_indicators(
    *,
    municipality: Municipality,
    indicators: Sequence[Indicator],
    period_code: str,
    viewer: AnyUser,
    level: AreaLevel | None = None,
) -> dict[int, dict[int, PublishedValue]]:
    """`published_values` for several indicators at once: indicator id → area id → value.

    One query for all of them, then protection per indicator (each has its own threshold).
    """
    by_indicator: dict[int, list[RawValue]] = {indicator.id: [] for indicator in indicators}
    rows = Observation.objects.filter(
        municipality=municipality, indicator__in=indicators, period_code=period_code
    ).values_list(
        "indicator_id",
        "area_id",
        "area__parent_id",
        "value",
        "numerator",
        "denominator",
        "status",
        "synthetic",
    )
    for indicator_id, area_id, parent_id, value, numerator, denominator, status, synthetic in rows:
        by_indicator[indicator_id].append(
            RawValue(area_id, parent_id, value, numerator, denominator, status, synthetic)
        )
    unprotected = can_see_unprotected_values(viewer, municipality)
    in_level = set(Area.objects.filter(level=level).values_list("id", flat=True)) if level else None
    published = {}
    for indicator in indicators:
        values = protect(
            by_indicator[indicator.id], min_count=indicator.min_count, unprotected=unprotected
        )
        if in_level is not None:
            values = {area_id: value for area_id, value in values.items() if area_id in in_level}
        published[indicator.id] = values
    return published


@dataclass(frozen=True)
class IndexCell:
    value: float | None
    score: float | None
    status: str  # "ok", "suppressed", "missing" (or another ValueStatus)


@dataclass(frozen=True)
class IndexRow:
    area_id: int
    area_code: str
    area_name: str
    has_initiative: bool
    score: float | None
    rank: int | None
    indicators: dict[str, IndexCell] = field(default_factory=dict)

    def as_record(self) -> dict[str, Any]:
        """The row as plain data (the API and the console command give this)."""
        return {
            "area_code": self.area_code,
            "area_name": self.area_name,
            "score": self.score,
            "rank": self.rank,
            "indicators": {
                code: {"value": cell.value, "score": cell.score, "status": cell.status}
                for code, cell in self.indicators.items()
            },
        }


@dataclass(frozen=True)
class IndexSpec:
    """What an index is made of: a saved definition, or chosen on the spot."""

    method: IndexMethod
    weights: dict[str, float]

    @classmethod
    def from_definition(cls, definition: IndexDefinition) -> IndexSpec:
        return cls(IndexMethod(definition.method), dict(definition.weights))


def index_rows(
    *,
    municipality: Municipality,
    level: AreaLevel,
    period_code: str,
    spec: IndexSpec,
    viewer: AnyUser,
) -> list[IndexRow]:
    """The index for every area of the level, sorted by rank (unranked last).

    It is computed from the values the viewer may see: a suppressed value counts as
    missing, so no score or rank can give a small number away (with one indicator, the
    score would be the value itself). Analysts of the municipality get the full index.
    """
    found = {
        indicator.code: indicator
        for indicator in indicators_visible_in(municipality).filter(code__in=spec.weights)
    }
    indicators = [found[code] for code in spec.weights if code in found]
    areas = list(Area.objects.filter(level=level).order_by("code"))
    if not areas or not indicators:
        return []
    by_indicator = published_values_of_indicators(
        municipality=municipality,
        indicators=indicators,
        period_code=period_code,
        viewer=viewer,
        level=level,
    )
    published = [by_indicator[indicator.id] for indicator in indicators]
    shown = [[column.get(area.id, MISSING) for column in published] for area in areas]
    values = np.array(
        [[np.nan if cell.value is None else cell.value for cell in row] for row in shown],
        dtype=float,
    ).reshape(len(areas), len(indicators))
    result = compute_index(
        values,
        higher_is_worse=np.array([indicator.higher_is_worse for indicator in indicators]),
        weights=np.array([spec.weights[indicator.code] for indicator in indicators]),
        method=spec.method,
    )
    rows = []
    for row, area in enumerate(areas):
        cells = {
            indicator.code: IndexCell(
                value=shown[row][col].value,
                score=None
                if np.isnan(result.indicator_scores[row, col])
                else float(result.indicator_scores[row, col]),
                status="missing" if shown[row][col] is MISSING else str(shown[row][col].status),
            )
            for col, indicator in enumerate(indicators)
        }
        score = result.scores[row]
        rows.append(
            IndexRow(
                area_id=area.id,
                area_code=area.code,
                area_name=area.name,
                has_initiative=area.has_initiative,
                score=None if np.isnan(score) else round(float(score), 6),
                rank=int(result.ranks[row]) or None,
                indicators=cells,
            )
        )
    return sorted(rows, key=lambda row: (row.rank is None, row.rank or 0, row.area_code))


def index_definitions_in(municipality: Municipality) -> QuerySet[IndexDefinition]:
    return IndexDefinition.objects.in_municipality(municipality).select_related("level")


def default_index_definition(municipality: Municipality) -> IndexDefinition | None:
    return index_definitions_in(municipality).order_by("-is_default", "name").first()


@dataclass(frozen=True)
class GapPoint:
    """One period of the gap: initiative areas against the rest (BRIEF: 'the gap')."""

    period_code: str
    municipality_value: float | None
    initiative_mean: float | None
    others_mean: float | None

    @property
    def gap(self) -> float | None:
        if self.initiative_mean is None or self.others_mean is None:
            return None
        return self.initiative_mean - self.others_mean


@dataclass(frozen=True)
class GapSeries:
    indicator: Indicator
    points: list[GapPoint]
    area_series: dict[int, dict[str, PublishedValue]]

    @property
    def gap_trend(self) -> str:
        """'growing', 'shrinking', 'stable' or 'unknown', judged on the oriented gap."""
        gaps = [point.gap for point in self.points if point.gap is not None]
        if len(gaps) < 2:
            return "unknown"
        years = np.arange(len(gaps), dtype=float)
        slope = float(np.polyfit(years, np.array(gaps), 1)[0])
        oriented = slope if self.indicator.higher_is_worse else -slope
        scale = max(abs(value) for value in gaps) or 1.0
        if abs(oriented) < 0.01 * scale:
            return "stable"
        return "growing" if oriented > 0 else "shrinking"


def _mean(values: Iterable[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return fmean(present) if present else None


def gap_series(
    *, municipality: Municipality, level: AreaLevel, indicator: Indicator, viewer: AnyUser
) -> GapSeries:
    """Each area's series, the municipality value and the initiative-vs-rest gap per period.

    The municipality value is the observation of the top (depth 0) area when there is one,
    otherwise the plain mean of the areas. Means use published values only.
    """
    areas = list(areas_in(municipality, level))
    initiative = {area.id for area in areas if area.has_initiative}
    top = areas_in(municipality).filter(level__depth=0).first()
    points: list[GapPoint] = []
    area_series: dict[int, dict[str, PublishedValue]] = defaultdict(dict)
    for period_code in periods_with_data(municipality, level, indicator):
        values = published_values(
            municipality=municipality, indicator=indicator, period_code=period_code, viewer=viewer
        )
        for area in areas:
            if area.id in values:
                area_series[area.id][period_code] = values[area.id]
        in_level = {area.id: values[area.id].value for area in areas if area.id in values}
        municipality_value = values[top.id].value if top and top.id in values else None
        points.append(
            GapPoint(
                period_code=period_code,
                municipality_value=municipality_value
                if municipality_value is not None
                else _mean(in_level.values()),
                initiative_mean=_mean(v for a, v in in_level.items() if a in initiative),
                others_mean=_mean(v for a, v in in_level.items() if a not in initiative),
            )
        )
    return GapSeries(indicator, points, dict(area_series))


def rank_history(
    *, municipality: Municipality, level: AreaLevel, spec: IndexSpec, viewer: AnyUser
) -> dict[str, dict[int, int | None]]:
    """period → area id → rank, for every period with data at the level."""
    history: dict[str, dict[int, int | None]] = {}
    for period_code in periods_with_data(municipality, level):
        rows = index_rows(
            municipality=municipality,
            level=level,
            period_code=period_code,
            spec=spec,
            viewer=viewer,
        )
        history[period_code] = {row.area_id: row.rank for row in rows}
    return history


def baselines_in(municipality: Municipality) -> QuerySet[Baseline]:
    return Baseline.objects.in_municipality(municipality)


def quantile_breaks(values: Sequence[float], classes: int = 5) -> list[float]:
    """Upper bounds of quantile classes for a map legend (fewer when values repeat)."""
    if not values:
        return []
    quantiles = np.quantile(np.array(values), np.linspace(0, 1, classes + 1)[1:])
    return sorted({round(float(bound), 6) for bound in quantiles})


def class_of(value: float, breaks: Sequence[float]) -> int:
    for position, bound in enumerate(breaks):
        if value <= bound:
            return position
    return len(breaks) - 1


INDEX_CHOICE = "index"


@dataclass(frozen=True)
class MapRow:
    area: Area
    value: float | None  # the indicator value, or the index score
    status: str
    rank: int | None
    css_class: int | None  # quantile class 0..4, None when no value
    unprotected: bool = False


@dataclass(frozen=True)
class LegendClass:
    css_class: int
    low: float | None  # None for the first class: "up to and including high"
    high: float


@dataclass(frozen=True)
class ThematicMap:
    """One level, one period, one indicator or the index: what the map and its table show."""

    level: AreaLevel
    period_code: str | None
    indicator: Indicator | None  # None: the index
    rows: list[MapRow]
    breaks: list[float]
    synthetic: bool
    synthetic_boundaries: bool

    @property
    def shown(self) -> str:
        return self.indicator.code if self.indicator else INDEX_CHOICE

    @property
    def min_count(self) -> int:
        return self.indicator.min_count if self.indicator else Indicator().min_count

    @property
    def legend(self) -> list[LegendClass]:
        if not self.breaks:  # no area has a value to show: only "no value" in the legend
            return []
        lows = [None, *self.breaks[:-1]]
        return [
            LegendClass(number, low, high)
            for number, (low, high) in enumerate(zip(lows, self.breaks, strict=True))
        ]

    def features(self) -> dict[str, object]:
        """GeoJSON for the map page: the simplified boundaries with the class of each area."""
        return {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": row.area.boundary_for_map,
                    "properties": {
                        "id": row.area.id,
                        "code": row.area.code,
                        "name": row.area.name,
                        "value": row.value,
                        "rank": row.rank,
                        "status": row.status,
                        "class": row.css_class,
                        "initiative": row.area.has_initiative,
                    },
                }
                for row in self.rows
                if row.area.boundary_for_map
            ],
        }


def thematic_map(
    *,
    municipality: Municipality,
    level: AreaLevel,
    show: str,
    period_code: str | None,
    viewer: AnyUser,
) -> ThematicMap:
    """The index (show='index', the default definition or every indicator by z-score) or one
    indicator, for each area of the level, with quantile classes for the legend."""
    areas = list(areas_in(municipality, level).order_by("code"))
    indicator = None
    if show != INDEX_CHOICE:
        indicator = indicators_visible_in(municipality).filter(code=show).first()
    elif not index_spec_for(municipality, level).weights:
        # Nothing to build an index from (only counts, say): show the first indicator.
        indicator = indicators_with_data(municipality, level).first()
    periods = periods_with_data(municipality, level, indicator)
    if period_code not in periods:
        period_code = periods[-1] if periods else None
    rows: list[MapRow] = []
    synthetic = False
    if period_code is None:
        rows = [MapRow(area, None, "missing", None, None) for area in areas]
    elif indicator is not None:
        values = published_values(
            municipality=municipality,
            indicator=indicator,
            period_code=period_code,
            viewer=viewer,
            level=level,
        )
        synthetic = any(value.synthetic for value in values.values())
        rows = [
            MapRow(
                area,
                values.get(area.id, MISSING).value,
                str(values.get(area.id, MISSING).status),
                None,
                None,
                values.get(area.id, MISSING).unprotected,
            )
            for area in areas
        ]
    else:
        spec = index_spec_for(municipality, level)
        by_area = {
            row.area_id: row
            for row in index_rows(
                municipality=municipality,
                level=level,
                period_code=period_code,
                spec=spec,
                viewer=viewer,
            )
        }
        synthetic = Observation.objects.filter(
            municipality=municipality, area__level=level, period_code=period_code, synthetic=True
        ).exists()
        rows = [
            MapRow(
                area,
                by_area[area.id].score if area.id in by_area else None,
                "ok" if area.id in by_area and by_area[area.id].score is not None else "missing",
                by_area[area.id].rank if area.id in by_area else None,
                None,
            )
            for area in areas
        ]
        rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.area.code))
    breaks = quantile_breaks([row.value for row in rows if row.value is not None])
    rows = [
        MapRow(
            row.area,
            row.value,
            row.status,
            row.rank,
            class_of(row.value, breaks) if row.value is not None else None,
            row.unprotected,
        )
        for row in rows
    ]
    return ThematicMap(
        level=level,
        period_code=period_code,
        indicator=indicator,
        rows=rows,
        breaks=breaks,
        synthetic=synthetic,
        synthetic_boundaries=any(area.boundary_synthetic for area in areas),
    )


def index_spec_for(municipality: Municipality, level: AreaLevel) -> IndexSpec:
    """The municipality's default index definition for the level, else every rate indicator
    with data there that is meant for an index, weighted equally, by z-score.

    Counts are left out: areas of different sizes cannot be compared on them.
    """
    definition = index_definitions_in(municipality).filter(level=level).order_by("-is_default")
    if definition.exists():
        return IndexSpec.from_definition(definition[0])
    codes = (
        indicators_with_data(municipality, level)
        .filter(use_in_index=True)
        .exclude(unit=Unit.COUNT)
        .values_list("code", flat=True)
    )
    return IndexSpec(IndexMethod.ZSCORE, dict.fromkeys(codes, 1.0))


@dataclass(frozen=True)
class ProfileRow:
    indicator: Indicator
    periods: list[str]
    area_values: list[float | None]
    municipality_values: list[float | None]
    latest: PublishedValue
    latest_municipality: float | None

    @property
    def series(self) -> list[tuple[str, float | None, float | None]]:
        return list(zip(self.periods, self.area_values, self.municipality_values, strict=True))

    @property
    def gap(self) -> float | None:
        """Area minus municipality; positive means worse where higher is worse."""
        if self.latest.value is None or self.latest_municipality is None:
            return None
        return self.latest.value - self.latest_municipality

    @property
    def worse_than_municipality(self) -> bool | None:
        if self.gap is None or self.gap == 0:
            return None
        return (self.gap > 0) == self.indicator.higher_is_worse


@dataclass(frozen=True)
class AreaProfile:
    area: Area
    indicators: list[ProfileRow]
    rank_history: list[tuple[str, int | None, int]]  # period, rank, areas ranked


def area_profile(*, area: Area, viewer: AnyUser) -> AreaProfile:
    """Every indicator of the area against the municipality, and its index rank over time."""
    municipality, level = area.municipality, area.level
    rows = []
    for indicator in indicators_with_data(municipality, level):
        series = gap_series(
            municipality=municipality, level=level, indicator=indicator, viewer=viewer
        )
        own = series.area_series.get(area.id, {})
        periods = [point.period_code for point in series.points]
        latest_period = next((code for code in reversed(periods) if code in own), None)
        rows.append(
            ProfileRow(
                indicator=indicator,
                periods=periods,
                area_values=[own[code].value if code in own else None for code in periods],
                municipality_values=[point.municipality_value for point in series.points],
                latest=own[latest_period] if latest_period else MISSING,
                latest_municipality=next(
                    (p.municipality_value for p in series.points if p.period_code == latest_period),
                    None,
                ),
            )
        )
    history = rank_history(
        municipality=municipality,
        level=level,
        spec=index_spec_for(municipality, level),
        viewer=viewer,
    )
    ranks = [
        (period, ranks.get(area.id), sum(1 for rank in ranks.values() if rank))
        for period, ranks in history.items()
    ]
    return AreaProfile(area=area, indicators=rows, rank_history=ranks)


@dataclass(frozen=True)
class ComparisonRow:
    indicator: Indicator
    period_code: str
    values: list[PublishedValue]


def area_comparison(*, areas: Sequence[Area], viewer: AnyUser) -> list[ComparisonRow]:
    """The latest published value of every indicator for up to four areas side by side."""
    municipality = areas[0].municipality
    rows = []
    for indicator in indicators_visible_in(municipality).filter(
        id__in=Observation.objects.filter(municipality=municipality, area__in=areas).values(
            "indicator_id"
        )
    ):
        latest = (
            Observation.objects.filter(
                municipality=municipality, indicator=indicator, area__in=areas
            )
            .order_by("-period_start", "-period_end")
            .values_list("period_code", flat=True)
            .first()
        )
        if latest is None:
            continue
        values = published_values(
            municipality=municipality, indicator=indicator, period_code=latest, viewer=viewer
        )
        rows.append(
            ComparisonRow(indicator, latest, [values.get(area.id, MISSING) for area in areas])
        )
    return rows


@dataclass(frozen=True)
class BaselineTable:
    indicators: list[Indicator]
    rows: list[tuple[Area, list[PublishedValue]]]


def baseline_table(*, baseline: Baseline, viewer: AnyUser) -> BaselineTable:
    """The frozen values, protected like every other published value."""
    values = list(baseline.values.select_related("area", "indicator"))
    indicators = sorted({value.indicator for value in values}, key=lambda i: i.code)
    areas = sorted({value.area for value in values}, key=lambda a: (a.level_id, a.code))
    unprotected = can_see_unprotected_values(viewer, baseline.municipality)
    shown: dict[tuple[int, int], PublishedValue] = {}
    for indicator in indicators:
        raw_values = [
            RawValue(
                value.area_id,
                value.area.parent_id,
                value.value,
                value.numerator,
                value.denominator,
                value.status,
            )
            for value in values
            if value.indicator_id == indicator.id
        ]
        protected = protect(raw_values, min_count=indicator.min_count, unprotected=unprotected)
        for area_id, published in protected.items():
            shown[area_id, indicator.id] = published
    return BaselineTable(
        indicators,
        [(area, [shown.get((area.id, i.id), MISSING) for i in indicators]) for area in areas],
    )


UDSAT_CODES = (
    udsatte.RESIDENTS,
    udsatte.NATIONAL_CONVICTED,
    *(criterion.indicator_code for criterion in udsatte.CRITERIA),
)


def shows_udsat_criteria(municipality: Municipality) -> bool:
    """The § 61 a panel belongs to Danish municipalities only."""
    return municipality.country == Country.DENMARK


def udsat_assessment(*, area: Area, viewer: AnyUser) -> udsatte.UdsatAssessment:
    """The area against the criteria of almenboligloven § 61 a in the latest period with any
    of its figures, from published values only (a protected value counts as unknown).

    The national share of convicted residents is read from the area itself or, usually, from
    the nearest area above it that has one for the same period (the municipality).
    """
    municipality = area.municipality
    indicators = list(
        indicators_visible_in(municipality).filter(code__in=UDSAT_CODES, country=Country.DENMARK)
    )
    own_codes = [i for i in indicators if i.code != udsatte.NATIONAL_CONVICTED]
    latest = (
        Observation.objects.filter(municipality=municipality, area=area, indicator__in=own_codes)
        .order_by("-period_start", "-period_code")
        .values_list("period_code", flat=True)
        .first()
    )
    if latest is None:
        return udsatte.assess({}, period_code=None)
    published = published_values_of_indicators(
        municipality=municipality, indicators=indicators, period_code=latest, viewer=viewer
    )
    chain = [area.id]
    parent = area.parent
    while parent is not None:
        chain.append(parent.id)
        parent = parent.parent
    top = areas_in(municipality).filter(level__depth=0).values_list("id", flat=True).first()
    if top is not None and top not in chain:
        chain.append(top)
    values: dict[str, float | None] = {}
    synthetic = False
    for indicator in indicators:
        by_area = published[indicator.id]
        candidates = chain if indicator.code == udsatte.NATIONAL_CONVICTED else [area.id]
        found = next((by_area[area_id] for area_id in candidates if area_id in by_area), None)
        if found is not None:
            values[indicator.code] = found.value
            synthetic = synthetic or found.synthetic
    return udsatte.assess(values, period_code=latest, synthetic=synthetic)
