"""Reads that programme pages, the API and reports share: programmes, the goal tree with the
status of every goal indicator."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from omrade.areas.models import Observation
from omrade.areas.selectors import published_values
from omrade.programmes.models import (
    Body,
    BodyMember,
    Goal,
    GoalIndicator,
    GoalKind,
    Holder,
    Programme,
    ProgrammeRole,
    SubProgramme,
)
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser

# Behind the straight path but at least this far along it: "at risk" rather than "off track".
AT_RISK_SHARE_OF_PLAN = 0.5


def programmes_in(municipality: Municipality) -> QuerySet[Programme]:
    return Programme.objects.in_municipality(municipality).prefetch_related("areas")


def sub_programmes_of(programme: Programme) -> QuerySet[SubProgramme]:
    return programme.sub_programmes.select_related("coordinator")


@dataclass(frozen=True)
class IndicatorStatus:
    """A goal indicator's latest value against the straight path from baseline to target."""

    goal_indicator: GoalIndicator
    baseline_value: float | None
    baseline_year: int | None
    latest_value: float | None
    latest_year: int | None
    expected_value: float | None
    status: str  # on_track, at_risk, off_track, no_data

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])


STATUS_LABELS = {
    "on_track": _("I rute"),
    "at_risk": _("Fare for avvik"),
    "off_track": _("Ikke i rute"),
    "no_data": _("Mangler data"),
}


def judge(
    *,
    baseline: tuple[int, float] | None,
    target: tuple[int, float] | None,
    latest: tuple[int, float] | None,
    higher_is_better: bool,
) -> tuple[str, float | None]:
    """The status and the expected value on the straight path at the latest year.

    On track: at least as good as the path. At risk: behind it, but at least half the
    planned change made. Off track: less than that. No data: any of the three is missing.
    """
    if baseline is None or target is None or latest is None or target[0] <= baseline[0]:
        return "no_data", None
    (start_year, start), (end_year, goal), (year, value) = baseline, target, latest
    progress = min(max((year - start_year) / (end_year - start_year), 0.0), 1.0)
    expected = start + (goal - start) * progress
    sign = 1 if higher_is_better else -1
    planned = sign * (expected - start)
    achieved = sign * (value - start)
    if achieved >= planned:
        return "on_track", expected
    if planned > 0 and achieved >= AT_RISK_SHARE_OF_PLAN * planned:
        return "at_risk", expected
    return "off_track", expected


def _area_indicator_series(goal_indicator: GoalIndicator, viewer: AnyUser) -> dict[int, float]:
    """Yearly published values of an area indicator in its area (protected like any value)."""
    assert goal_indicator.indicator is not None
    assert goal_indicator.area is not None
    observations = Observation.objects.filter(
        municipality_id=goal_indicator.area.municipality_id,
        indicator=goal_indicator.indicator,
        area=goal_indicator.area,
        period_kind="year",
    ).values_list("period_code", flat=True)
    series = {}
    for period_code in observations:
        value = published_values(
            municipality=goal_indicator.area.municipality,
            indicator=goal_indicator.indicator,
            period_code=period_code,
            viewer=viewer,
        ).get(goal_indicator.area.id)
        if value is not None and value.value is not None:
            series[int(period_code)] = value.value
    return series


def indicator_status(goal_indicator: GoalIndicator, viewer: AnyUser) -> IndicatorStatus:
    if goal_indicator.indicator_id is not None:
        series = _area_indicator_series(goal_indicator, viewer)
    else:
        series = {m.year: m.value for m in goal_indicator.measurements.all()}
    baseline_year = goal_indicator.baseline_year
    baseline_value = goal_indicator.baseline_value
    if baseline_value is None and baseline_year is not None:
        baseline_value = series.get(baseline_year)  # frozen in the statistics of that year
    latest_year = max(series) if series else None
    latest = (latest_year, series[latest_year]) if latest_year is not None else None
    target = (
        (goal_indicator.target_year, goal_indicator.target_value)
        if goal_indicator.target_year is not None and goal_indicator.target_value is not None
        else None
    )
    status, expected = judge(
        baseline=(baseline_year, baseline_value)
        if baseline_year is not None and baseline_value is not None
        else None,
        target=target,
        latest=latest,
        higher_is_better=goal_indicator.higher_is_better,
    )
    return IndicatorStatus(
        goal_indicator=goal_indicator,
        baseline_value=baseline_value,
        baseline_year=baseline_year,
        latest_value=latest[1] if latest else None,
        latest_year=latest_year,
        expected_value=expected,
        status=status,
    )


@dataclass
class GoalNode:
    goal: Goal
    indicators: list[IndicatorStatus] = field(default_factory=list)
    children: list[GoalNode] = field(default_factory=list)

    @property
    def citizen_goals(self) -> list[GoalNode]:
        return [child for child in self.children if child.goal.kind == GoalKind.CITIZEN]

    @property
    def organisational_goals(self) -> list[GoalNode]:
        return [child for child in self.children if child.goal.kind == GoalKind.ORGANISATIONAL]


def goal_tree(programme: Programme, viewer: AnyUser) -> list[GoalNode]:
    """The goals as a tree (roots first), each with its indicators' status."""
    goals = list(
        programme.goals.select_related("sub_programme").prefetch_related(
            "indicators__indicator", "indicators__area", "indicators__measurements"
        )
    )
    nodes = {
        goal.id: GoalNode(goal, [indicator_status(gi, viewer) for gi in goal.indicators.all()])
        for goal in goals
    }
    roots = []
    for goal in goals:
        if goal.parent_id is None:
            roots.append(nodes[goal.id])
        else:
            nodes[goal.parent_id].children.append(nodes[goal.id])
    return roots


def roles_of(programme: Programme) -> QuerySet[ProgrammeRole]:
    """The roles in order, with who holds them."""
    holders = Holder.objects.select_related("person", "unit", "organisation")
    return programme.roles.prefetch_related(Prefetch("holders", queryset=holders))


def bodies_of(programme: Programme) -> QuerySet[Body]:
    """The bodies in order, with their members."""
    members = BodyMember.objects.select_related("person", "unit", "organisation")
    return programme.bodies.select_related("sub_programme__coordinator").prefetch_related(
        Prefetch("members", queryset=members)
    )
