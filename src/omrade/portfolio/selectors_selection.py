"""Reads for selection under a budget: the candidates of a programme and year, a computed
selection with the reason each measure is in or out, saved scenarios and their comparison.

Candidates are the programme's measures that are not completed or stopped and are active in
the year (a cost that year, or a start–end span covering it), with their cost that year
(MeasureCost; none = free), their staff share that year (the sum of StaffAllocation.share,
percent of a position) and their weighted score in the criteria set
(`selectors_criteria.measure_scores`; none = 0).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omrade.areas.period_choice import PeriodChoice, year_choice
from omrade.portfolio.conflicts import figure
from omrade.portfolio.models import (
    CriteriaSet,
    Measure,
    MeasureCost,
    MeasureStatus,
    Scenario,
    StaffAllocation,
    YearBudget,
)
from omrade.portfolio.selection import Candidate, Refusal, Selection, SelectionRefused, select
from omrade.portfolio.selectors import cost_years_of, in_year
from omrade.portfolio.selectors_criteria import measure_scores
from omrade.programmes.models import Programme

# Completed and stopped measures are no longer candidates for a year's selection.
CLOSED_STATUSES = (MeasureStatus.COMPLETED, MeasureStatus.STOPPED)
MAX_COMPARED = 4


@dataclass(frozen=True)
class MeasureCandidate:
    measure: Measure
    cost: Decimal | None  # None: no cost recorded for the year (free)
    staff: Decimal  # percent of a position in the year
    score: float | None  # None: not scored in the criteria set (0)

    def as_candidate(self) -> Candidate:
        return Candidate(id=self.measure.pk, cost=self.cost, score=self.score, staff=self.staff)


class Reason(StrEnum):
    """Why a measure is in or out of a selection."""

    FORCED_IN = "forced_in"
    CHOSEN = "chosen"
    FORCED_OUT = "forced_out"
    NO_SCORE = "no_score"
    OVER_BUDGET = "over_budget"
    OVER_STAFF = "over_staff"
    NOT_CANDIDATE = "not_candidate"


REASON_LABELS = {
    Reason.FORCED_IN: gettext_lazy("Tvunget inn"),
    Reason.CHOSEN: gettext_lazy("Valgt"),
    Reason.FORCED_OUT: gettext_lazy("Holdt utenfor"),
    Reason.NO_SCORE: gettext_lazy("Ingen poeng: gir ikke noe å velge det"),
    Reason.OVER_BUDGET: gettext_lazy("Fikk ikke plass: koster mer enn det som er igjen"),
    Reason.OVER_STAFF: gettext_lazy("Fikk ikke plass: trenger mer bemanning enn det som er igjen"),
    Reason.NOT_CANDIDATE: gettext_lazy(
        "Ikke aktuelt i året lenger (fullført, stanset eller uten aktivitet)"
    ),
}


@dataclass(frozen=True)
class SelectionRow:
    measure: Measure
    cost: Decimal | None
    staff: Decimal
    score: float | None
    selected: bool
    reason: Reason

    @property
    def reason_label(self) -> str:
        return str(REASON_LABELS[self.reason])


class ChosenAndLeftOut:
    """The rows of a selection split into those chosen and those left out."""

    rows: list[SelectionRow]

    @property
    def chosen(self) -> list[SelectionRow]:
        return [row for row in self.rows if row.selected]

    @property
    def left_out(self) -> list[SelectionRow]:
        return [row for row in self.rows if not row.selected]


@dataclass(frozen=True)
class SelectionOutcome(ChosenAndLeftOut):
    """A computed selection: the inputs, the result and every candidate with its reason."""

    programme: Programme
    criteria_set: CriteriaSet
    year: int
    budget: Decimal
    staff_limit: Decimal | None
    forced_in: frozenset[int]
    forced_out: frozenset[int]
    result: Selection
    rows: list[SelectionRow]


def active_measures(programme: Programme, year: int) -> QuerySet[Measure]:
    """The programme's measures that may be selected in `year`."""
    return (
        Measure.objects.filter(programme=programme)
        .exclude(status__in=CLOSED_STATUSES)
        .filter(in_year(year))
        .select_related("sub_programme")
        .distinct()
        .order_by("sub_programme__position", "title", "pk")
    )


def selectable_measures(programme: Programme) -> QuerySet[Measure]:
    """The measures a form may force in or out (any year): not completed or stopped."""
    return (
        Measure.objects.filter(programme=programme)
        .exclude(status__in=CLOSED_STATUSES)
        .select_related("sub_programme")
        .order_by("sub_programme__position", "title", "pk")
    )


def _figures(
    measures: list[Measure], criteria_set: CriteriaSet, year: int
) -> list[MeasureCandidate]:
    ids = [measure.pk for measure in measures]
    costs = dict(
        MeasureCost.objects.filter(measure_id__in=ids, year=year).values_list(
            "measure_id", "amount"
        )
    )
    staff: dict[int, Decimal] = defaultdict(Decimal)
    for measure_id, share in StaffAllocation.objects.filter(
        measure_id__in=ids, year=year
    ).values_list("measure_id", "share"):
        staff[measure_id] += share
    scores = measure_scores(criteria_set, measures) if measures else {}
    return [
        MeasureCandidate(
            measure=measure,
            cost=costs.get(measure.pk),
            staff=staff[measure.pk],
            score=scores.get(measure.pk),
        )
        for measure in measures
    ]


def candidates_for(
    *, programme: Programme, criteria_set: CriteriaSet, year: int
) -> list[MeasureCandidate]:
    """The programme's candidates for `year` with their cost, staff share and score."""
    return _figures(list(active_measures(programme, year)), criteria_set, year)


def year_budget_of(programme: Programme, year: int) -> YearBudget | None:
    return YearBudget.objects.filter(programme=programme, year=year).first()


def year_budgets_of(programme: Programme) -> QuerySet[YearBudget]:
    return YearBudget.objects.filter(programme=programme).order_by("year")


def selection_year_choice(programme: Programme, query: QueryDict) -> PeriodChoice:
    """The year a selection is tried for: ?year=, else the latest year with a year frame or
    costs up to this year."""
    frames = YearBudget.objects.filter(programme=programme).values_list("year", flat=True)
    return year_choice(
        query,
        first=programme.start_year,
        last=programme.end_year,
        years_with_data={*frames, *cost_years_of(programme)},
    )


def criteria_sets_of(programme: Programme) -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.filter(programme=programme).order_by("name", "pk")


def _titles(measures: Iterable[Measure]) -> str:
    return ", ".join(f"«{measure.title}» ({measure.pk})" for measure in measures)


def _check_forced(
    programme: Programme, year: int, forced_in: set[int], forced_out: set[int]
) -> dict[int, Measure]:
    """The forced measures, or a refusal naming those not in the programme or in both lists."""
    forced = {
        measure.pk: measure
        for measure in Measure.objects.filter(programme=programme, pk__in=forced_in | forced_out)
    }
    for field, ids in (("forced_in", forced_in), ("forced_out", forced_out)):
        unknown = sorted(ids - set(forced))
        if unknown:
            raise ValidationError(
                {
                    field: _("Disse tiltakene finnes ikke i programmet: %(ids)s.")
                    % {"ids": ", ".join(str(pk) for pk in unknown)}
                }
            )
    both = sorted(forced_in & forced_out)
    if both:
        raise ValidationError(
            {
                "forced_out": _("Et tiltak kan ikke både tvinges inn og holdes utenfor: %(m)s.")
                % {"m": _titles(forced[pk] for pk in both)}
            }
        )
    inactive = sorted(
        pk
        for pk in forced_in
        if forced[pk].status in CLOSED_STATUSES
        or not active_measures(programme, year).filter(pk=pk).exists()
    )
    if inactive:
        raise ValidationError(
            {
                "forced_in": _(
                    "Disse tiltakene er ikke aktuelle i %(year)s (fullført, stanset, eller uten "
                    "kostnad og varighet det året): %(m)s."
                )
                % {"year": year, "m": _titles(forced[pk] for pk in inactive)}
            }
        )
    return forced


def _refusal(refused: SelectionRefused, measures: dict[int, Measure]) -> ValidationError:
    named = _titles(measures[pk] for pk in refused.ids if pk in measures)
    match refused.reason:
        case Refusal.FORCED_OVER_BUDGET:
            message = _(
                "Tiltakene som er tvunget inn, koster til sammen %(total)s kr, mer enn "
                "budsjettet: %(m)s."
            ) % {"total": figure(Decimal(refused.detail)), "m": named}
        case Refusal.FORCED_OVER_STAFF:
            message = _(
                "Tiltakene som er tvunget inn, trenger til sammen %(total)s %% stilling, mer enn "
                "bemanningen til rådighet: %(m)s."
            ) % {"total": figure(Decimal(refused.detail)), "m": named}
        case Refusal.NEGATIVE_BUDGET:
            message = _("Budsjettet kan ikke være negativt.")
        case Refusal.NEGATIVE_STAFF_LIMIT:
            message = _("Bemanningen til rådighet kan ikke være negativ.")
        case _:
            message = _("Tallene for disse tiltakene kan ikke brukes: %(m)s.") % {"m": named}
    return ValidationError({refused.field: message})


def selection_compute(
    *,
    programme: Programme,
    criteria_set: CriteriaSet,
    year: int,
    budget: Decimal,
    staff_limit: Decimal | None = None,
    forced_in: Iterable[int] = (),
    forced_out: Iterable[int] = (),
) -> SelectionOutcome:
    """Compute (not save) the best selection; refusals name the field and the measures."""
    if criteria_set.programme_id != programme.pk:
        raise ValidationError({"criteria_set": _("Kriteriesettet må høre til samme program.")})
    if not programme.start_year <= year <= programme.end_year:
        raise ValidationError(
            {
                "year": _("Året må være innenfor programperioden %(start)s–%(end)s.")
                % {"start": programme.start_year, "end": programme.end_year}
            }
        )
    if budget < 0:
        raise ValidationError({"budget": _("Budsjettet kan ikke være negativt.")})
    if staff_limit is not None and staff_limit < 0:
        raise ValidationError({"staff_limit": _("Bemanningen til rådighet kan ikke være negativ.")})
    forced_in_ids, forced_out_ids = set(forced_in), set(forced_out)
    forced = _check_forced(programme, year, forced_in_ids, forced_out_ids)
    candidates = candidates_for(programme=programme, criteria_set=criteria_set, year=year)
    by_id = {candidate.measure.pk: candidate.measure for candidate in candidates} | forced
    # Forced-out measures that are not active this year are simply not candidates.
    known = {candidate.measure.pk for candidate in candidates}
    try:
        result = select(
            [candidate.as_candidate() for candidate in candidates],
            budget=budget,
            staff_limit=staff_limit,
            forced_in=forced_in_ids,
            forced_out=forced_out_ids & known,
        )
    except SelectionRefused as refused:
        raise _refusal(refused, by_id) from refused
    return SelectionOutcome(
        programme=programme,
        criteria_set=criteria_set,
        year=year,
        budget=budget,
        staff_limit=staff_limit,
        forced_in=frozenset(forced_in_ids),
        forced_out=frozenset(forced_out_ids),
        result=result,
        rows=_rows(
            candidates,
            selected=set(result.selected),
            forced_in=forced_in_ids,
            forced_out=forced_out_ids,
            budget_left=result.budget_left,
            staff_left=result.staff_left,
        ),
    )


def _reason(
    candidate: MeasureCandidate,
    *,
    selected: set[int],
    forced_in: set[int],
    forced_out: set[int],
    budget_left: Decimal,
    staff_left: Decimal | None,
) -> Reason:
    pk = candidate.measure.pk
    if pk in forced_in:
        return Reason.FORCED_IN
    if pk in selected:
        return Reason.CHOSEN
    if pk in forced_out:
        return Reason.FORCED_OUT
    if round((candidate.score or 0.0) * 1_000_000) <= 0:
        return Reason.NO_SCORE
    if (candidate.cost or Decimal(0)) > budget_left:
        return Reason.OVER_BUDGET
    if staff_left is not None and candidate.staff > staff_left:
        return Reason.OVER_STAFF
    # Only a stored scenario whose figures have changed since it was saved gets here.
    return Reason.OVER_BUDGET


def _rows(
    candidates: list[MeasureCandidate],
    *,
    selected: set[int],
    forced_in: set[int],
    forced_out: set[int],
    budget_left: Decimal,
    staff_left: Decimal | None,
) -> list[SelectionRow]:
    rows = [
        SelectionRow(
            measure=candidate.measure,
            cost=candidate.cost,
            staff=candidate.staff,
            score=candidate.score,
            selected=candidate.measure.pk in selected,
            reason=_reason(
                candidate,
                selected=selected,
                forced_in=forced_in,
                forced_out=forced_out,
                budget_left=budget_left,
                staff_left=staff_left,
            ),
        )
        for candidate in candidates
    ]
    # Chosen first, each group by score (highest first), then title.
    return sorted(rows, key=lambda row: (not row.selected, -(row.score or 0.0), row.measure.title))


# --- saved scenarios ----------------------------------------------------------------------------


def scenarios_of(programme: Programme) -> QuerySet[Scenario]:
    return (
        Scenario.objects.filter(programme=programme)
        .select_related("criteria_set", "created_by")
        .prefetch_related("selected")
        .order_by("-year", "name")
    )


def scenario_in(programme: Programme, pk: int) -> Scenario | None:
    return scenarios_of(programme).filter(pk=pk).first()


@dataclass(frozen=True)
class ScenarioView(ChosenAndLeftOut):
    """A saved scenario with today's figures of its measures, and whether recomputing it
    now would give another result."""

    scenario: Scenario
    rows: list[SelectionRow]
    budget_left: Decimal
    total_staff: Decimal
    staff_left: Decimal | None
    current: SelectionOutcome | None  # None when the saved inputs no longer compute
    current_error: str
    stale: bool


def scenario_view(scenario: Scenario) -> ScenarioView:
    programme, year = scenario.programme, scenario.year
    selected = {measure.pk for measure in scenario.selected.all()}
    forced_in = {measure.pk for measure in scenario.forced_in.all()}
    forced_out = {measure.pk for measure in scenario.forced_out.all()}
    active = list(active_measures(programme, year))
    active_ids = {measure.pk for measure in active}
    gone = list(
        Measure.objects.filter(pk__in=(selected | forced_in | forced_out) - active_ids)
        .select_related("sub_programme")
        .order_by("title")
    )
    candidates = _figures(active + gone, scenario.criteria_set, year)
    total_staff = sum(
        (candidate.staff for candidate in candidates if candidate.measure.pk in selected),
        Decimal(0),
    )
    budget_left = scenario.budget - scenario.total_cost
    staff_left = None if scenario.staff_limit is None else scenario.staff_limit - total_staff
    rows = _rows(
        candidates,
        selected=selected,
        forced_in=forced_in,
        forced_out=forced_out,
        budget_left=budget_left,
        staff_left=staff_left,
    )
    gone_ids = {measure.pk for measure in gone}
    rows = [
        replace(row, reason=Reason.NOT_CANDIDATE)
        if row.measure.pk in gone_ids and not row.selected and row.reason != Reason.FORCED_OUT
        else row
        for row in rows
    ]
    current: SelectionOutcome | None = None
    error = ""
    try:
        current = selection_compute(
            programme=programme,
            criteria_set=scenario.criteria_set,
            year=year,
            budget=scenario.budget,
            staff_limit=scenario.staff_limit,
            forced_in=forced_in,
            forced_out=forced_out,
        )
    except ValidationError as refused:
        error = " ".join(refused.messages)
    stale = current is None or (
        set(current.result.selected) != selected
        or current.result.total_cost != scenario.total_cost
        or round(current.result.total_score, 6) != round(scenario.total_score, 6)
    )
    return ScenarioView(
        scenario=scenario,
        rows=rows,
        budget_left=budget_left,
        total_staff=total_staff,
        staff_left=staff_left,
        current=current,
        current_error=error,
        stale=stale,
    )


@dataclass(frozen=True)
class ComparisonCell:
    selected: bool
    forced_in: bool
    forced_out: bool

    @property
    def label(self) -> str:
        if self.forced_in:
            return _("Valgt (tvunget inn)")
        if self.selected:
            return _("Valgt")
        if self.forced_out:
            return _("Holdt utenfor")
        return _("Ikke valgt")


@dataclass(frozen=True)
class ComparisonRow:
    measure: Measure
    cells: list[ComparisonCell]
    chosen_in: int  # in how many of the compared scenarios


@dataclass(frozen=True)
class ScenarioTotals:
    scenario: Scenario
    budget_left: Decimal
    count: int


@dataclass(frozen=True)
class Comparison:
    scenarios: list[ScenarioTotals]
    rows: list[ComparisonRow]


def scenario_comparison(programme: Programme, ids: Iterable[int]) -> Comparison:
    """Up to four of the programme's scenarios side by side (ids of other programmes are
    ignored): every measure any of them selects or forces, with ✓ per scenario."""
    wanted = list(dict.fromkeys(ids))[:MAX_COMPARED]
    found = {scenario.pk: scenario for scenario in scenarios_of(programme).filter(pk__in=wanted)}
    scenarios = [found[pk] for pk in wanted if pk in found]
    memberships = []
    measures: dict[int, Measure] = {}
    for scenario in scenarios:
        sets = []
        for relation in (scenario.selected, scenario.forced_in, scenario.forced_out):
            members = list(relation.all().select_related("sub_programme"))
            measures.update({measure.pk: measure for measure in members})
            sets.append({measure.pk for measure in members})
        memberships.append(sets)
    rows = []
    for measure in measures.values():
        cells = [
            ComparisonCell(
                selected=measure.pk in selected,
                forced_in=measure.pk in forced_in,
                forced_out=measure.pk in forced_out,
            )
            for selected, forced_in, forced_out in memberships
        ]
        rows.append(
            ComparisonRow(
                measure=measure, cells=cells, chosen_in=sum(cell.selected for cell in cells)
            )
        )
    rows.sort(key=lambda row: (-row.chosen_in, row.measure.title))
    return Comparison(
        scenarios=[
            ScenarioTotals(
                scenario=scenario,
                budget_left=scenario.budget - scenario.total_cost,
                count=len(sets[0]),
            )
            for scenario, sets in zip(scenarios, memberships, strict=True)
        ],
        rows=rows,
    )
