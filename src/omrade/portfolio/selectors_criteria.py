"""Reads for criteria sets, the prioritisation matrix and its ranking.

The rules the matrix page, its XLSX export, the API and the selection under a budget share:

- **Effective value of a cell** (criterion × measure): the agreed score (omforent poeng) when
  one is set; otherwise, provisionally, the median of the individual scores rounded down
  (two scores 0 and 1 give 0; 1, 2, 3, 3 give 2); with no scores at all the cell is empty
  and counts as 0.
- **Weighted total** of a measure: Σ weight × effective value / the scale's maximum, over
  every criterion of the set (a full x or a 3 counts the whole weight).
- **Rank**: by weighted total, highest first; equal totals share the lower rank number
  (1, 2, 2, 4).
- The matrix shows the programme's measures that are ideas, planned or running (not completed
  or stopped), optionally filtered by sub-programme, area and year. A measure is in a year
  when it has a cost that year or its start/end span covers it (an open end counts as open).
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet

from omrade.areas.models import Area
from omrade.portfolio import ahp
from omrade.portfolio.models import (
    AgreedScore,
    CriteriaSet,
    Criterion,
    CriterionGroup,
    Measure,
    MeasureStatus,
    PairwiseComparison,
    Score,
)
from omrade.portfolio.permissions import can_agree_score, can_score
from omrade.programmes.models import Programme, SubProgramme
from omrade.tenancy.selectors import AnyUser

MATRIX_STATUSES = (MeasureStatus.IDEA, MeasureStatus.PLANNED, MeasureStatus.RUNNING)
_ROUNDING = 9  # totals equal to 9 decimals share a rank


def criteria_sets_of(programme: Programme) -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.filter(programme=programme).select_related("source_document")


def criteria_set_in(programme: Programme, pk: int) -> CriteriaSet | None:
    return (
        CriteriaSet.objects.select_related("programme__municipality", "source_document")
        .filter(programme=programme, pk=pk)
        .first()
    )


def group_in(criteria_set: CriteriaSet, pk: int) -> CriterionGroup | None:
    return CriterionGroup.objects.filter(criteria_set=criteria_set, pk=pk).first()


def criterion_in(criteria_set: CriteriaSet, pk: int) -> Criterion | None:
    return (
        Criterion.objects.select_related("group")
        .filter(group__criteria_set=criteria_set, pk=pk)
        .first()
    )


def effective_value(agreed: int | None, values: Sequence[int]) -> int | None:
    """The agreed score, else the median of the individual scores rounded down, else None."""
    if agreed is not None:
        return agreed
    if not values:
        return None
    return math.floor(statistics.median(values))


def weighted_total(criteria: Iterable[Criterion], values: dict[int, int | None]) -> float:
    """Σ weight × value / scale maximum (criterion id → effective value; missing counts 0)."""
    return sum(
        criterion.weight * (values.get(criterion.pk) or 0) / criterion.maximum
        for criterion in criteria
    )


def ranks_of(totals: dict[int, float]) -> dict[int, int]:
    """Measure id → rank: highest total first, equal totals share the lower rank number."""
    ordered = sorted(totals.values(), key=lambda total: -round(total, _ROUNDING))
    first_rank: dict[float, int] = {}
    for position, total in enumerate(ordered, start=1):
        first_rank.setdefault(round(total, _ROUNDING), position)
    return {pk: first_rank[round(total, _ROUNDING)] for pk, total in totals.items()}


# --- the structure of a set ---------------------------------------------------------------------


@dataclass(frozen=True)
class GroupStructure:
    group: CriterionGroup
    criteria: tuple[Criterion, ...]
    weight: float  # Σ of its criteria's weights
    share: float  # of the set's total weight (0 when the total is 0)
    comparisons: dict[tuple[int, int], float]  # stored, (earlier id, later id) → Saaty value
    analysis: ahp.AhpResult | None  # of the stored comparisons (None without criteria)

    @property
    def compared_pairs(self) -> int:
        return len(self.comparisons)

    @property
    def pairs(self) -> int:
        n = len(self.criteria)
        return n * (n - 1) // 2


@dataclass(frozen=True)
class Structure:
    criteria_set: CriteriaSet
    groups: tuple[GroupStructure, ...]
    total_weight: float

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(criterion for group in self.groups for criterion in group.criteria)


def structure_of(criteria_set: CriteriaSet) -> Structure:
    """The set's groups in order with their criteria, weights, stored comparisons and the
    consistency of those comparisons (CR per group)."""
    groups = list(
        CriterionGroup.objects.filter(criteria_set=criteria_set)
        .select_related("sub_programme")
        .prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id"))
        )
    )
    comparisons: dict[tuple[int, int], float] = {
        (comparison.first_id, comparison.second_id): comparison.value
        for comparison in PairwiseComparison.objects.filter(criteria_set=criteria_set)
    }
    total = sum(criterion.weight for group in groups for criterion in group.criteria.all())
    built = []
    for group in groups:
        criteria = tuple(group.criteria.all())
        ids = {criterion.pk for criterion in criteria}
        own = {pair: value for pair, value in comparisons.items() if set(pair) <= ids}
        analysis = None
        if criteria:
            _weights, analysis = ahp.weights_from_comparisons(
                [criterion.pk for criterion in criteria], own
            )
        weight = sum(criterion.weight for criterion in criteria)
        built.append(
            GroupStructure(
                group=group,
                criteria=criteria,
                weight=weight,
                share=weight / total if total > 0 else 0.0,
                comparisons=own,
                analysis=analysis,
            )
        )
    return Structure(criteria_set=criteria_set, groups=tuple(built), total_weight=total)


# --- the matrix ---------------------------------------------------------------------------------


def matrix_measures(
    programme: Programme,
    *,
    sub_programme: SubProgramme | None = None,
    area: Area | None = None,
    year: int | None = None,
) -> QuerySet[Measure]:
    """The measures the matrix shows (ideas, planned, running), filtered."""
    measures = Measure.objects.filter(programme=programme, status__in=MATRIX_STATUSES)
    if sub_programme is not None:
        measures = measures.filter(sub_programme=sub_programme)
    if area is not None:
        measures = measures.filter(areas=area)
    if year is not None:
        has_span = Q(starts_on__isnull=False) | Q(ends_on__isnull=False)
        starts_by = Q(starts_on__isnull=True) | Q(starts_on__year__lte=year)
        ends_after = Q(ends_on__isnull=True) | Q(ends_on__year__gte=year)
        measures = measures.filter(Q(costs__year=year) | (has_span & starts_by & ends_after))
    return (
        measures.distinct()
        .select_related("sub_programme__programme__municipality", "municipality")
        .order_by(
            F("sub_programme__position").asc(nulls_last=True),
            F("sub_programme__name").asc(nulls_last=True),
            "title",
        )
    )


@dataclass(frozen=True)
class Cell:
    criterion_id: int
    measure_id: int
    agreed: int | None
    values: tuple[int, ...]  # the individual scores, sorted
    own: int | None  # the viewing user's own score
    effective: int | None

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def provisional(self) -> bool:
        """The value is the median of individual scores, not an agreed one."""
        return self.agreed is None and bool(self.values)

    @property
    def minimum(self) -> int | None:
        return self.values[0] if self.values else None

    @property
    def maximum(self) -> int | None:
        return self.values[-1] if self.values else None

    @property
    def disagreement(self) -> bool:
        return len(set(self.values)) > 1

    @property
    def single_rater(self) -> bool:
        """Provisional and based on one person's score only."""
        return self.provisional and self.count == 1


@dataclass(frozen=True)
class Column:
    measure: Measure
    total: float
    rank: int
    scored: int  # criteria with an effective value
    agreed: int  # criteria with an agreed value
    may_score: bool  # the viewing user may set their own scores in this column
    may_agree: bool  # … and the agreed scores
    single_rated: int = 0  # criteria whose value rests on one rater's provisional score

    @property
    def provisional(self) -> bool:
        """The total (and so the rank) moves with one rater's score: flag it."""
        return self.single_rated > 0


@dataclass(frozen=True)
class Row:
    criterion: Criterion
    cells: tuple[Cell, ...]  # in the order of the matrix's columns


@dataclass(frozen=True)
class GroupRows:
    group: CriterionGroup
    rows: tuple[Row, ...]
    weight: float


@dataclass(frozen=True)
class Matrix:
    criteria_set: CriteriaSet
    groups: tuple[GroupRows, ...]
    columns: tuple[Column, ...]
    total_weight: float

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(row.criterion for group in self.groups for row in group.rows)

    @property
    def ranking(self) -> tuple[Column, ...]:
        return tuple(sorted(self.columns, key=lambda column: (column.rank, column.measure.title)))

    @property
    def may_score_any(self) -> bool:
        return any(column.may_score for column in self.columns)

    @property
    def may_agree_any(self) -> bool:
        return any(column.may_agree for column in self.columns)

    def cell(self, criterion_id: int, measure_id: int) -> Cell | None:
        for group in self.groups:
            for row in group.rows:
                if row.criterion.pk == criterion_id:
                    for cell in row.cells:
                        if cell.measure_id == measure_id:
                            return cell
        return None


def _scores_by_cell(
    criteria_ids: Iterable[int], measure_ids: Iterable[int]
) -> tuple[dict[tuple[int, int], list[Score]], dict[tuple[int, int], int]]:
    criteria_ids, measure_ids = list(criteria_ids), list(measure_ids)
    individual: dict[tuple[int, int], list[Score]] = defaultdict(list)
    for score in Score.objects.filter(criterion_id__in=criteria_ids, measure_id__in=measure_ids):
        individual[(score.criterion_id, score.measure_id)].append(score)
    agreed = {
        (score.criterion_id, score.measure_id): score.value
        for score in AgreedScore.objects.filter(
            criterion_id__in=criteria_ids, measure_id__in=measure_ids
        )
    }
    return individual, agreed


def matrix_for(
    *,
    criteria_set: CriteriaSet,
    user: AnyUser,
    sub_programme: SubProgramme | None = None,
    area: Area | None = None,
    year: int | None = None,
    measures: Sequence[Measure] | None = None,
) -> Matrix:
    """The prioritisation matrix: the set's groups and criteria as rows, the (filtered)
    measures as columns, each cell with agreed, individual, the user's own and the effective
    value, and per column the weighted total, the rank among the shown measures, and whether
    `user` may score there (`can_score` / `can_agree_score` for the measure's sub-programme)."""
    programme = criteria_set.programme
    structure = structure_of(criteria_set)
    if measures is None:
        measures = list(
            matrix_measures(programme, sub_programme=sub_programme, area=area, year=year)
        )
    criteria = structure.criteria
    individual, agreed = _scores_by_cell(
        (criterion.pk for criterion in criteria), (measure.pk for measure in measures)
    )
    cells: dict[tuple[int, int], Cell] = {}
    for criterion in criteria:
        for measure in measures:
            key = (criterion.pk, measure.pk)
            scores = individual.get(key, [])
            values = tuple(sorted(score.value for score in scores))
            own = next((score.value for score in scores if score.scorer_id == user.pk), None)
            cells[key] = Cell(
                criterion_id=criterion.pk,
                measure_id=measure.pk,
                agreed=agreed.get(key),
                values=values,
                own=own if user.is_authenticated else None,
                effective=effective_value(agreed.get(key), values),
            )
    totals = {
        measure.pk: weighted_total(
            criteria,
            {criterion.pk: cells[(criterion.pk, measure.pk)].effective for criterion in criteria},
        )
        for measure in measures
    }
    ranks = ranks_of(totals)
    permission_cache: dict[int | None, tuple[bool, bool]] = {}
    columns = []
    for measure in measures:
        sub_key = measure.sub_programme_id
        if sub_key not in permission_cache:
            permission_cache[sub_key] = (
                can_score(user, measure.sub_programme, programme),
                can_agree_score(user, measure.sub_programme, programme),
            )
        may_score, may_agree = permission_cache[sub_key]
        column_cells = [cells[(criterion.pk, measure.pk)] for criterion in criteria]
        columns.append(
            Column(
                measure=measure,
                total=totals[measure.pk],
                rank=ranks[measure.pk],
                scored=sum(1 for cell in column_cells if cell.effective is not None),
                agreed=sum(1 for cell in column_cells if cell.agreed is not None),
                may_score=may_score,
                may_agree=may_agree,
                single_rated=sum(1 for cell in column_cells if cell.single_rater),
            )
        )
    groups = tuple(
        GroupRows(
            group=group.group,
            rows=tuple(
                Row(
                    criterion=criterion,
                    cells=tuple(cells[(criterion.pk, measure.pk)] for measure in measures),
                )
                for criterion in group.criteria
            ),
            weight=group.weight,
        )
        for group in structure.groups
    )
    return Matrix(
        criteria_set=criteria_set,
        groups=groups,
        columns=tuple(columns),
        total_weight=structure.total_weight,
    )


def measure_scores(criteria_set: CriteriaSet, measures: Iterable[Measure]) -> dict[int, float]:
    """Measure id → its weighted total in the set: Σ weight × effective value / scale maximum,
    the effective value being the agreed score, else the median of the individual scores
    rounded down, else 0. The same figure the matrix shows; independent of who asks. The
    selection under a budget maximises the sum of these (a stable contract: keep it so)."""
    measure_list = list(measures)
    criteria = list(Criterion.objects.filter(group__criteria_set=criteria_set))
    individual, agreed = _scores_by_cell(
        (criterion.pk for criterion in criteria), (measure.pk for measure in measure_list)
    )
    result: dict[int, float] = {}
    for measure in measure_list:
        values = {
            criterion.pk: effective_value(
                agreed.get((criterion.pk, measure.pk)),
                [score.value for score in individual.get((criterion.pk, measure.pk), [])],
            )
            for criterion in criteria
        }
        result[measure.pk] = weighted_total(criteria, values)
    return result
