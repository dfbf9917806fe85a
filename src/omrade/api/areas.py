"""API routes for areas, indicators, published values, the index, the gap and baselines.

Values pass small-number protection like every page: suppressed values come as
`null` with `status: "suppressed"`; analysts of the municipality get the raw value with
`unprotected: true`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from omrade.api.auth import (
    PUBLIC,
    SIGNED_IN,
    municipality_for,
    public_municipality,
    visible_or_404,
)
from omrade.api.errors import ApiError
from omrade.areas import selectors
from omrade.areas.index import IndexMethod
from omrade.areas.models import Area, AreaLevel, Baseline, Direction, Indicator, Unit
from omrade.areas.periods import PeriodError, parse_period
from omrade.areas.statuses import ValueStatus
from omrade.common.params import Id
from omrade.tenancy.models import Municipality

router = Router(tags=["areas"])

MAX_WEIGHT = 1000  # an index weight; larger ones (or 1e400, infinite) are refused


class LevelOut(Schema):
    code: str
    name: str
    depth: int


class AreaOut(Schema):
    id: int
    code: str
    name: str
    level: str
    parent_code: str | None
    population: int | None
    has_initiative: bool
    boundary_synthetic: bool


class AreaDetailOut(AreaOut):
    boundary: dict[str, Any] | None


class IndicatorOut(Schema):
    code: str
    name: str
    name_nb: str
    name_da: str
    name_en: str
    unit: Unit
    direction: Direction
    source: str
    numerator_definition: str
    denominator_definition: str
    min_count: int
    municipality: str | None


class ValueOut(Schema):
    area_code: str
    period: str
    value: float | None
    status: ValueStatus
    unprotected: bool
    synthetic: bool


class IndexCellOut(Schema):
    value: float | None
    score: float | None
    status: ValueStatus


class IndexRowOut(Schema):
    area_code: str
    area_name: str
    score: float | None
    rank: int | None
    indicators: dict[str, IndexCellOut]


def _area_out(area: Area) -> dict[str, Any]:
    return {
        "id": area.id,
        "code": area.code,
        "name": area.name,
        "level": area.level.code,
        "parent_code": area.parent.code if area.parent else None,
        "population": area.population,
        "has_initiative": area.has_initiative,
        "boundary_synthetic": area.boundary_synthetic,
    }


def _level(municipality: Municipality, code: str) -> AreaLevel:
    level = selectors.level_by_code(municipality, code)
    if level is None:
        raise HttpError(404, f"{municipality.name} has no area level {code}")
    return level


def _indicator(municipality: Municipality, code: str) -> Indicator:
    indicator = selectors.indicators_visible_in(municipality).filter(code=code).first()
    if indicator is None:
        raise HttpError(404, f"Unknown indicator {code}")
    return indicator


def _period(text: str) -> str:
    try:
        return parse_period(text).code
    except PeriodError as error:
        raise ApiError.invalid("period", str(error)) from error


def _value_out(area_code: str, period_code: str, value: selectors.PublishedValue) -> dict[str, Any]:
    return {
        "area_code": area_code,
        "period": period_code,
        "value": value.value,
        "status": value.status,
        "unprotected": value.unprotected,
        "synthetic": value.synthetic,
    }


@router.get("/municipalities/{code}/levels", response=list[LevelOut], auth=PUBLIC)
def list_levels(request: HttpRequest, code: str) -> list[AreaLevel]:
    return list(selectors.levels_in(public_municipality(code)))


@router.get("/areas", response=list[AreaOut], auth=PUBLIC)
def list_areas(request: HttpRequest, municipality: str, level: str | None = None) -> list[Any]:
    """The areas of a municipality, optionally at one level (without boundaries)."""
    found = public_municipality(municipality)
    areas = selectors.areas_in(found, _level(found, level) if level else None)
    return [_area_out(area) for area in areas]


@router.get("/areas/{area_id}", response=AreaDetailOut, auth=PUBLIC)
def get_area(request: HttpRequest, area_id: Id) -> dict[str, Any]:
    """One area with its boundary as a GeoJSON geometry in WGS84."""
    areas = Area.objects.select_related("level", "parent")
    area = visible_or_404(request, areas, area_id, permission=None, public=True)
    return {**_area_out(area), "boundary": area.boundary}


@router.get("/indicators", response=list[IndicatorOut], auth=PUBLIC)
def list_indicators(request: HttpRequest, municipality: str | None = None) -> list[Any]:
    """The shared catalogue, and with `municipality` also that municipality's own."""
    indicators = (
        selectors.indicators_visible_in(public_municipality(municipality))
        if municipality
        else Indicator.objects.filter(municipality=None)
    )
    return [
        {
            **{
                field: getattr(i, field)
                for field in IndicatorOut.model_fields
                if field != "municipality"
            },
            "municipality": i.municipality.code if i.municipality else None,
        }
        for i in indicators.select_related("municipality")
    ]


@router.get("/indicators/{indicator_code}/values", response=list[ValueOut], auth=PUBLIC)
def list_values(
    request: HttpRequest, indicator_code: str, municipality: str, level: str, period: str
) -> list[dict[str, Any]]:
    """Published values of an indicator for every area of a level in a period."""
    found = public_municipality(municipality)
    area_level, indicator = _level(found, level), _indicator(found, indicator_code)
    period_code = _period(period)
    values = selectors.published_values(
        municipality=found,
        indicator=indicator,
        period_code=period_code,
        viewer=request.user,
        level=area_level,
    )
    codes = dict(selectors.areas_in(found, area_level).values_list("id", "code"))
    return [
        _value_out(codes[area_id], period_code, value)
        for area_id, value in sorted(values.items(), key=lambda item: codes[item[0]])
    ]


class IndexQuery(Schema):
    municipality: str
    level: str
    period: str
    method: IndexMethod | None = None
    indicators: str | None = None
    weights: str | None = None


@router.get("/index", response=list[IndexRowOut], auth=PUBLIC)
def get_index(request: HttpRequest, query: Query[IndexQuery]) -> list[Any]:
    """The living-conditions index, sorted by rank (1 = most problems).

    Without `indicators`, `weights` and `method`, the municipality's default definition for
    the level is used (or every indicator with data, equally weighted, by z-score).
    """
    found = public_municipality(query.municipality)
    level = _level(found, query.level)
    spec = selectors.index_spec_for(found, level)
    codes = [code.strip() for code in query.indicators.split(",")] if query.indicators else []
    weights: dict[str, float] = {}
    for item in (query.weights or "").split(","):
        if item.strip():
            code, _sep, weight = item.partition("=")
            try:
                weights[code.strip()] = float(weight)
            except ValueError as error:
                raise ApiError.invalid("weights", f"'{item}' is not CODE=NUMBER") from error
            if not 0 < weights[code.strip()] <= MAX_WEIGHT:
                raise ApiError.invalid(
                    "weights", f"'{item}' must be above 0 and at most {MAX_WEIGHT}"
                )
    if codes or weights:
        chosen = codes or list(weights)
        for code in chosen:
            _indicator(found, code)
        spec = selectors.IndexSpec(
            query.method or IndexMethod.ZSCORE,
            {code: weights.get(code, 1.0) for code in chosen},
        )
    elif query.method:
        spec = selectors.IndexSpec(query.method, spec.weights)
    if any(not weight > 0 for weight in spec.weights.values()):
        raise ApiError.invalid("weights", "must be above 0")
    rows = selectors.index_rows(
        municipality=found,
        level=level,
        period_code=_period(query.period),
        spec=spec,
        viewer=request.user,
    )
    return [row.as_record() for row in rows]


class GapPointOut(Schema):
    period: str
    municipality_value: float | None
    initiative_mean: float | None
    others_mean: float | None
    gap: float | None


class AreaSeriesOut(Schema):
    area_code: str
    area_name: str
    has_initiative: bool
    values: dict[str, ValueOut]


class GapOut(Schema):
    indicator: str
    direction: Direction
    trend: Literal["growing", "shrinking", "stable", "unknown"]
    points: list[GapPointOut]
    areas: list[AreaSeriesOut]


@router.get("/gap", response=GapOut, auth=PUBLIC)
def get_gap(request: HttpRequest, municipality: str, level: str, indicator: str) -> dict[str, Any]:
    """The gap over time: per period the municipality value, the mean of the initiative areas
    and of the rest, their difference, and whether the gap grows (`trend`: growing, shrinking,
    stable or unknown, judged with the indicator's direction); and each area's series."""
    found = public_municipality(municipality)
    area_level, chosen = _level(found, level), _indicator(found, indicator)
    series = selectors.gap_series(
        municipality=found, level=area_level, indicator=chosen, viewer=request.user
    )
    areas = selectors.areas_in(found, area_level)
    return {
        "indicator": chosen.code,
        "direction": chosen.direction,
        "trend": series.gap_trend,
        "points": [
            {
                "period": point.period_code,
                "municipality_value": point.municipality_value,
                "initiative_mean": point.initiative_mean,
                "others_mean": point.others_mean,
                "gap": point.gap,
            }
            for point in series.points
        ],
        "areas": [
            {
                "area_code": area.code,
                "area_name": area.name,
                "has_initiative": area.has_initiative,
                "values": {
                    period_code: _value_out(area.code, period_code, value)
                    for period_code, value in series.area_series.get(area.id, {}).items()
                },
            }
            for area in areas
        ],
    }


class BaselineOut(Schema):
    id: int
    name: str
    description: str
    period: str
    created_at: datetime


class BaselineValueOut(ValueOut):
    indicator: str


class BaselineDetailOut(BaselineOut):
    indicators: list[str]
    values: list[BaselineValueOut]


@router.get("/municipalities/{code}/baselines", response=list[BaselineOut], auth=SIGNED_IN)
def list_baselines(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    """The municipality's frozen baselines (0-punktsanalyser), newest first."""
    return [_baseline_out(b) for b in selectors.baselines_in(municipality_for(request, code))]


@router.get("/baselines/{baseline_id}", response=BaselineDetailOut, auth=SIGNED_IN)
def get_baseline(request: HttpRequest, baseline_id: Id) -> dict[str, Any]:
    """One baseline's frozen values, protected like every published value."""
    baseline = visible_or_404(request, Baseline.objects.all(), baseline_id)
    table = selectors.baseline_table(baseline=baseline, viewer=request.user)
    return {
        **_baseline_out(baseline),
        "indicators": [indicator.code for indicator in table.indicators],
        "values": [
            {**_value_out(area.code, baseline.period_code, value), "indicator": indicator.code}
            for area, row in table.rows
            for indicator, value in zip(table.indicators, row, strict=True)
        ],
    }


def _baseline_out(baseline: Baseline) -> dict[str, Any]:
    return {
        "id": baseline.pk,
        "name": baseline.name,
        "description": baseline.description,
        "period": baseline.period_code,
        "created_at": baseline.created_at,
    }
