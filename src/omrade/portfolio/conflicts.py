"""Resource conflicts (ressurskonflikter) of a programme: pure reads for the board.

Three kinds, per year, over the measures that hold resources — planned and running measures
(ideas are not yet asked for; completed and stopped measures have released theirs):

- staff: a person whose shares of a position (StaffAllocation.share) in a year sum to more
  than 100 % across the programme's measures; the measures are named.
- unit: a municipal unit asked for more than it gave: the shares allocated with that unit in
  a year sum to more than its UnitCommitment for that year. A unit with allocations but no
  commitment recorded counts as having given 0 % and is listed too ("no commitment").
- money: the year's measures (planned and running with a cost that year) cost more than the
  YearBudget amount; a year with costs but no YearBudget is listed as "no money recorded".

Each conflict has a stable key ("staff:person:12:2024", "unit:7:2024", "money:2024"); it is
resolved when a ConflictResolution with that key exists (a board decision settled it). A
resolution stays with its key even if the figures change later.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TypeVar

from django.http import QueryDict
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from omrade.areas.period_choice import PeriodChoice, year_choice
from omrade.portfolio.models import (
    ConflictKind,
    ConflictResolution,
    Measure,
    MeasureCost,
    MeasureStatus,
    StaffAllocation,
    UnitCommitment,
    YearBudget,
)
from omrade.programmes.models import Programme
from omrade.tenancy.models import MunicipalUnit, Person

HOLDING_STATUSES = (MeasureStatus.PLANNED, MeasureStatus.RUNNING)
FULL_POSITION = Decimal(100)

HolderT = TypeVar("HolderT", Person, MunicipalUnit)


def figure(value: Decimal) -> str:
    """A sum of kroner or a share in the page's language: grouped, decimals only if any."""
    return number_format(
        value, decimal_pos=0 if value == value.to_integral_value() else 2, force_grouping=True
    )


@dataclass(frozen=True)
class Conflict:
    key: str
    kind: ConflictKind
    year: int
    subject: str  # the person, the unit, or the programme
    text: str
    asked: Decimal  # percent of a position (staff, unit) or kroner (money)
    available: Decimal | None  # None: nothing recorded (no commitment, no year budget)
    figure_unit: str  # "%" or "kr"
    measures: list[Measure] = field(default_factory=list)
    resolution: ConflictResolution | None = None

    @property
    def excess(self) -> Decimal:
        return self.asked - (self.available or Decimal(0))

    @property
    def is_resolved(self) -> bool:
        return self.resolution is not None


def person_key(person_id: int, year: int) -> str:
    return f"staff:person:{person_id}:{year}"


def unit_key(unit_id: int, year: int) -> str:
    return f"unit:{unit_id}:{year}"


def money_key(year: int) -> str:
    return f"money:{year}"


def kind_of_key(key: str) -> ConflictKind | None:
    prefix = key.split(":", 1)[0]
    return ConflictKind(prefix) if prefix in ConflictKind.values else None


def _allocations(programme: Programme, year: int | None) -> list[StaffAllocation]:
    allocations = StaffAllocation.objects.filter(
        measure__programme=programme, measure__status__in=HOLDING_STATUSES
    ).select_related("measure", "person", "unit")
    if year is not None:
        allocations = allocations.filter(year=year)
    return list(allocations.order_by("year", "measure__title", "pk"))


def _measure_list(measures: dict[int, Measure]) -> list[Measure]:
    return sorted(measures.values(), key=lambda measure: (measure.title, measure.pk))


def _titles(measures: list[Measure]) -> str:
    return ", ".join(f"«{measure.title}»" for measure in measures)


def _shares_by_year(
    allocations: list[StaffAllocation], holder_of: Callable[[StaffAllocation], HolderT | None]
) -> tuple[
    dict[tuple[int, int], Decimal], dict[int, HolderT], dict[tuple[int, int], dict[int, Measure]]
]:
    """The allocations summed per holder (a person or a unit) and year: the total share, the
    holders by id, and the measures behind each total."""
    totals: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    holders: dict[int, HolderT] = {}
    measures: dict[tuple[int, int], dict[int, Measure]] = defaultdict(dict)
    for allocation in allocations:
        holder = holder_of(allocation)
        if holder is None:
            continue
        key = (holder.pk, allocation.year)
        totals[key] += allocation.share
        holders[holder.pk] = holder
        measures[key][allocation.measure.pk] = allocation.measure
    return totals, holders, measures


def _staff_conflicts(allocations: list[StaffAllocation]) -> list[Conflict]:
    totals, people, measures = _shares_by_year(allocations, lambda a: a.person)
    conflicts = []
    for (person_id, year), total in totals.items():
        if total <= FULL_POSITION:
            continue
        named = _measure_list(measures[(person_id, year)])
        conflicts.append(
            Conflict(
                key=person_key(person_id, year),
                kind=ConflictKind.STAFF,
                year=year,
                subject=people[person_id].name,
                text=_(
                    "%(person)s har %(total)s %% stilling i %(year)s, mer enn en hel stilling, "
                    "fordelt på %(measures)s."
                )
                % {
                    "person": people[person_id].name,
                    "total": figure(total),
                    "year": year,
                    "measures": _titles(named),
                },
                asked=total,
                available=FULL_POSITION,
                figure_unit="%",
                measures=named,
            )
        )
    return conflicts


def _unit_conflicts(
    programme: Programme, allocations: list[StaffAllocation], year: int | None
) -> list[Conflict]:
    totals, units, measures = _shares_by_year(allocations, lambda a: a.unit)
    commitments = UnitCommitment.objects.filter(programme=programme)
    if year is not None:
        commitments = commitments.filter(year=year)
    given = {(c.unit_id, c.year): c.share for c in commitments}
    conflicts = []
    for (unit_id, unit_year), total in totals.items():
        committed = given.get((unit_id, unit_year))
        if total <= (committed or Decimal(0)):
            continue
        named = _measure_list(measures[(unit_id, unit_year)])
        values = {
            "unit": units[unit_id].name,
            "total": figure(total),
            "given": None if committed is None else figure(committed),
            "year": unit_year,
            "measures": _titles(named),
        }
        if committed is None:
            text = (
                _(
                    "%(unit)s er bedt om %(total)s %% stilling i %(year)s (%(measures)s), men "
                    "det er ikke registrert hva enheten stiller med."
                )
                % values
            )
        else:
            text = (
                _(
                    "%(unit)s er bedt om %(total)s %% stilling i %(year)s (%(measures)s), men "
                    "stiller med %(given)s %%."
                )
                % values
            )
        conflicts.append(
            Conflict(
                key=unit_key(unit_id, unit_year),
                kind=ConflictKind.UNIT,
                year=unit_year,
                subject=units[unit_id].name,
                text=text,
                asked=total,
                available=committed,
                figure_unit="%",
                measures=named,
            )
        )
    return conflicts


def _money_conflicts(programme: Programme, year: int | None) -> list[Conflict]:
    costs = MeasureCost.objects.filter(
        measure__programme=programme, measure__status__in=HOLDING_STATUSES, amount__gt=0
    ).select_related("measure")
    if year is not None:
        costs = costs.filter(year=year)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    measures: dict[int, dict[int, Measure]] = defaultdict(dict)
    for cost in costs:
        totals[cost.year] += cost.amount
        measures[cost.year][cost.measure.pk] = cost.measure
    budgets = dict(
        YearBudget.objects.filter(programme=programme, year__in=list(totals)).values_list(
            "year", "amount"
        )
    )
    conflicts = []
    for cost_year, total in totals.items():
        available = budgets.get(cost_year)
        if available is not None and total <= available:
            continue
        values = {
            "total": figure(total),
            "year": cost_year,
            "available": None if available is None else figure(available),
        }
        if available is None:
            text = (
                _(
                    "Tiltakene i %(year)s koster %(total)s kr, men det er ikke registrert "
                    "midler for året."
                )
                % values
            )
        else:
            text = (
                _(
                    "Tiltakene i %(year)s koster %(total)s kr, mer enn årets midler "
                    "(%(available)s kr)."
                )
                % values
            )
        conflicts.append(
            Conflict(
                key=money_key(cost_year),
                kind=ConflictKind.MONEY,
                year=cost_year,
                subject=programme.name,
                text=text,
                asked=total,
                available=available,
                figure_unit="kr",
                measures=_measure_list(measures[cost_year]),
            )
        )
    return conflicts


KIND_ORDER = {ConflictKind.MONEY: 0, ConflictKind.STAFF: 1, ConflictKind.UNIT: 2}


def conflicts_of(programme: Programme, *, year: int | None = None) -> list[Conflict]:
    """The programme's current resource conflicts (of one year, or all), each with its
    resolution if a board decision settled it; by year, kind and subject."""
    allocations = _allocations(programme, year)
    found = [
        *_money_conflicts(programme, year),
        *_staff_conflicts(allocations),
        *_unit_conflicts(programme, allocations, year),
    ]
    resolutions = {
        resolution.key: resolution
        for resolution in ConflictResolution.objects.filter(
            programme=programme, key__in=[conflict.key for conflict in found]
        ).select_related("decision__meeting__body", "resolved_by")
    }
    conflicts = [replace(conflict, resolution=resolutions.get(conflict.key)) for conflict in found]
    return sorted(
        conflicts, key=lambda conflict: (conflict.year, KIND_ORDER[conflict.kind], conflict.subject)
    )


def conflict_by_key(programme: Programme, key: str) -> Conflict | None:
    """The current conflict with that key, or None."""
    parts = key.split(":")
    year = int(parts[-1]) if parts and parts[-1].isdigit() else None
    if year is None:
        return None
    return next(
        (conflict for conflict in conflicts_of(programme, year=year) if conflict.key == key), None
    )


def conflict_year_choice(
    programme: Programme, query: QueryDict, conflicts: list[Conflict]
) -> PeriodChoice:
    """The year the conflicts page shows: ?year=, else the latest year with conflicts (of
    `conflicts`, all the programme's current ones) up to this year."""
    return year_choice(
        query,
        first=programme.start_year,
        last=programme.end_year,
        years_with_data={conflict.year for conflict in conflicts},
    )


def past_resolutions(
    programme: Programme, conflicts: list[Conflict], *, year: int | None = None
) -> list[ConflictResolution]:
    """Resolutions (of one year, or all) whose conflict is no longer current: the figures
    have changed since the board settled it."""
    current = {conflict.key for conflict in conflicts}
    resolutions = ConflictResolution.objects.filter(programme=programme).exclude(key__in=current)
    if year is not None:
        resolutions = resolutions.filter(key__endswith=f":{year}")
    return list(resolutions.select_related("decision", "resolved_by").order_by("-resolved_at"))
