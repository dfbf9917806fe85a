"""Reads of measures and benefits that pages, the API and reports share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.http import QueryDict

from omrade.areas.models import Area
from omrade.areas.period_choice import PeriodChoice, year_choice
from omrade.portfolio.models import (
    Benefit,
    BenefitRealisation,
    Measure,
    MeasureCost,
    StaffAllocation,
)
from omrade.programmes.models import Goal, GoalKind, Programme, SubProgramme
from omrade.programmes.selectors import STATUS_LABELS, judge


def measures_of(
    programme: Programme,
    *,
    sub_programme: SubProgramme | None = None,
    status: str = "",
    area: Area | None = None,
    year: int | None = None,
) -> QuerySet[Measure]:
    """The programme's measures, filtered; a measure is in a year when it has a cost that
    year or its start–end span covers the year."""
    measures = Measure.objects.filter(programme=programme).select_related(
        "sub_programme", "responsible_unit", "contact_person", "programme__municipality"
    )
    if sub_programme is not None:
        measures = measures.filter(sub_programme=sub_programme)
    if status:
        measures = measures.filter(status=status)
    if area is not None:
        measures = measures.filter(areas=area)
    if year is not None:
        measures = measures.filter(in_year(year))
    return (
        measures.prefetch_related("costs", "areas")
        .distinct()
        .order_by("sub_programme__position", "title")
    )


def in_year(year: int) -> Q:
    """Measures active in `year`: a cost that year, or a start–end span covering it."""
    starts = Q(starts_on__isnull=True) | Q(starts_on__year__lte=year)
    ends = Q(ends_on__isnull=True) | Q(ends_on__year__gte=year)
    dated = Q(starts_on__isnull=False) | Q(ends_on__isnull=False)
    return Q(costs__year=year) | (dated & starts & ends)


def cost_years_of(programme: Programme) -> list[int]:
    """The years any of the programme's measures has a cost in."""
    return distinct_values(MeasureCost.objects.filter(measure__programme=programme), "year")


def distinct_values(queryset: QuerySet[Any], field: str) -> list[Any]:
    """The different values of `field` in `queryset`, in order."""
    return list(queryset.values_list(field, flat=True).distinct().order_by(field))


def cost_year_choice(programme: Programme, query: QueryDict) -> PeriodChoice:
    """The year whose costs the measure list shows: ?year=, else the latest year with costs
    up to this year."""
    return year_choice(
        query,
        first=programme.start_year,
        last=programme.end_year,
        years_with_data=cost_years_of(programme),
    )


def cost_in(measure: Measure, year: int) -> Decimal:
    """The measure's cost in a year (prefetched costs are used when present)."""
    return next((cost.amount for cost in measure.costs.all() if cost.year == year), Decimal(0))


def costs_by_year(measures: Iterable[Measure]) -> dict[int, Decimal]:
    totals = (
        MeasureCost.objects.filter(measure__in=list(measures))
        .values("year")
        .annotate(total=Sum("amount"))
    )
    return {row["year"]: row["total"] for row in totals.order_by("year")}


def staff_of(measure: Measure) -> QuerySet[StaffAllocation]:
    return measure.staff.select_related("person", "unit")


# The goal tree's order, top down.
GOAL_KIND_ORDER = [GoalKind.MAIN, GoalKind.OVERARCHING, GoalKind.CITIZEN, GoalKind.ORGANISATIONAL]


# --- benefits ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenefitStatus:
    """A benefit's latest realised value against the straight path from baseline to target."""

    benefit: Benefit
    latest: BenefitRealisation | None
    expected_value: float | None
    status: str  # on_track, at_risk, off_track, no_data

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])


def benefit_status(benefit: Benefit) -> BenefitStatus:
    realisations = list(benefit.realisations.all())
    latest = realisations[-1] if realisations else None
    has_path = (
        benefit.baseline_on is not None
        and benefit.baseline_value is not None
        and benefit.target_on is not None
        and benefit.target_value is not None
    )
    status, expected = judge(
        # Days, not years: benefits are dated (DFØ asks for a date per benefit).
        baseline=(benefit.baseline_on.toordinal(), benefit.baseline_value)  # type: ignore[union-attr,arg-type]
        if has_path
        else None,
        target=(benefit.target_on.toordinal(), benefit.target_value)  # type: ignore[union-attr,arg-type]
        if has_path
        else None,
        latest=(latest.measured_on.toordinal(), latest.value) if latest else None,
        higher_is_better=benefit.higher_is_better,
    )
    return BenefitStatus(benefit, latest, expected, status)


def benefits_of(measure: Measure) -> list[BenefitStatus]:
    benefits = measure.benefits.select_related("goal", "owner").prefetch_related("realisations")
    return [benefit_status(benefit) for benefit in benefits]


@dataclass(frozen=True)
class BenefitsMap:
    """Measures → benefits → goals (gevinstkart): the links and what has no link yet."""

    links: list[BenefitStatus]  # every benefit, with its measure and goal
    measures: list[Measure]  # measures that have benefits, in order
    goals: list[Goal]  # goals that benefits point to, in goal-tree order
    measures_without_benefits: list[Measure]
    benefits_without_goal: list[BenefitStatus]


def benefits_map(programme: Programme) -> BenefitsMap:
    benefits = (
        Benefit.objects.filter(measure__programme=programme)
        .select_related("measure", "goal", "owner")
        .prefetch_related(Prefetch("realisations"))
        .order_by("measure__title", "id")
    )
    links = [benefit_status(benefit) for benefit in benefits]
    measures = list(dict.fromkeys(link.benefit.measure for link in links))
    goal_ids = {link.benefit.goal_id for link in links if link.benefit.goal_id}
    goals = sorted(
        Goal.objects.filter(pk__in=goal_ids).select_related("sub_programme"),
        key=lambda goal: (
            goal.sub_programme.position if goal.sub_programme else -1,
            GOAL_KIND_ORDER.index(GoalKind(goal.kind)),
            goal.position,
            goal.pk,
        ),
    )
    without = Measure.objects.filter(programme=programme, benefits__isnull=True).order_by("title")
    return BenefitsMap(
        links=links,
        measures=measures,
        goals=goals,
        measures_without_benefits=list(without),
        benefits_without_goal=[link for link in links if link.benefit.goal_id is None],
    )
