"""Reads of the programme's money that pages, API, exports and the funder's statement share.

`finance_year(programme, year)` is the one computation: per source, sub-programme and measure
the money granted, allocated, spent (from the accounts), remaining and forecast to year end,
the in-kind staff time valued at the year's cost per full-time equivalent, and the local
co-funding achieved. Spending is booked on measures; a measure's spending counts against its
sources in proportion to what each allocated it (largest remainder to the øre, so the sources'
spending adds up exactly to the measures').
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractMonth
from django.http import QueryDict
from django.utils import timezone

from omrade.areas.period_choice import PeriodChoice, year_choice
from omrade.finance.models import (
    LOCAL_KINDS,
    ActualsImport,
    Allocation,
    AllocationChange,
    ClosedYear,
    Currency,
    Forecast,
    FundingSource,
    ReportingDuty,
    SourceAmount,
    StaffCost,
    Transaction,
    currency_of,
)
from omrade.portfolio.models import Measure, MeasureCost, StaffAllocation
from omrade.programmes.models import Programme, SubProgramme
from omrade.tenancy.models import Municipality
from omrade.tenancy.permissions import has_role
from omrade.tenancy.roles import FINANCE_OFFICERS, MANAGERS
from omrade.tenancy.selectors import AnyUser

ZERO = Decimal(0)
ORE = Decimal("0.01")
# A measure or sub-programme whose spending at year end is expected below this share of its
# allocation is flagged as under-spending.
UNDER_SPEND_SHARE = Decimal("0.9")


@dataclass
class Figures:
    """The money of one row for a year."""

    allocated: Decimal = ZERO
    spent: Decimal = ZERO
    forecast: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.spent

    @property
    def over_spent(self) -> bool:
        return self.spent > self.allocated

    @property
    def over_forecast(self) -> bool:
        """Expected to spend more than allocated by the year's end (not yet over)."""
        return not self.over_spent and self.forecast > self.allocated

    @property
    def under_forecast(self) -> bool:
        return self.allocated > 0 and self.forecast < self.allocated * UNDER_SPEND_SHARE

    def add(self, other: Figures) -> None:
        self.allocated += other.allocated
        self.spent += other.spent
        self.forecast += other.forecast


@dataclass
class SourceYear:
    source: FundingSource
    granted: Decimal
    version: int  # the version of the year's amount in force (0: no amount)
    figures: Figures
    carried_over: Decimal  # unspent money the source lets the programme carry into next year
    to_sub_programmes: dict[int | None, Decimal]  # sub-programme id → spent from this source

    @property
    def remaining(self) -> Decimal:
        """Granted and not spent."""
        return self.granted - self.figures.spent

    @property
    def unallocated(self) -> Decimal:
        return self.granted - self.figures.allocated


@dataclass
class MeasureYear:
    measure: Measure
    need: Decimal  # the measure's planned cost for the year (the portfolio)
    figures: Figures
    by_source: dict[int, Decimal]  # source id → allocated
    spent_by_source: dict[int, Decimal]  # source id → spent (pro rata)
    forecast_entered: bool

    @property
    def unfunded(self) -> Decimal:
        """Planned cost nobody has allocated yet."""
        return max(self.need - self.figures.allocated, ZERO)


@dataclass
class SubProgrammeYear:
    sub_programme: SubProgramme | None
    figures: Figures = field(default_factory=Figures)
    undistributed: Decimal = ZERO  # allocated to the sub-programme, not yet to a measure


@dataclass
class InKindLine:
    measure: Measure
    who: str
    fte: Decimal  # full-time equivalents (50 % → 0.5)
    rate: Decimal | None  # cost per full-time equivalent; None: no rate set
    value: Decimal | None


@dataclass
class InKind:
    lines: list[InKindLine]

    @property
    def fte(self) -> Decimal:
        return sum((line.fte for line in self.lines), ZERO)

    @property
    def value(self) -> Decimal:
        return sum((line.value or ZERO for line in self.lines), ZERO)

    @property
    def unvalued(self) -> list[InKindLine]:
        return [line for line in self.lines if line.rate is None]

    def by_measure(self) -> dict[int, Decimal]:
        values: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for line in self.lines:
            values[line.measure.pk] += line.value or ZERO
        return dict(values)


@dataclass
class CoFunding:
    local: Decimal  # allocated from the municipality, housing organisations and in-kind
    total: Decimal
    required: Decimal | None  # the strictest share a source in use asks for (percent)

    @property
    def share(self) -> Decimal | None:
        return (self.local * 100 / self.total).quantize(Decimal("0.1")) if self.total else None

    @property
    def short(self) -> bool:
        return self.required is not None and self.local * 100 < self.total * self.required


@dataclass
class FinanceYear:
    programme: Programme
    year: int
    currency: str
    as_of: date
    closed: bool
    sources: list[SourceYear]
    sub_programmes: list[SubProgrammeYear]
    measures: list[MeasureYear]
    in_kind: InKind
    co_funding: CoFunding
    synthetic: bool  # some figure of the year is synthetic

    @property
    def totals(self) -> Figures:
        total = Figures()
        for row in self.measures:
            total.add(row.figures)
        for sub_row in self.sub_programmes:
            total.allocated += sub_row.undistributed
            if self.as_of.year <= self.year:  # planned to be spent; once the year is over, not
                total.forecast += sub_row.undistributed
        return total

    @property
    def granted(self) -> Decimal:
        return sum((row.granted for row in self.sources), ZERO)

    @property
    def unfunded_spending(self) -> Decimal:
        """Spent on measures no source has allocated anything to in the year."""
        return sum((row.figures.spent for row in self.measures if not row.by_source), ZERO)

    def source(self, source_id: int) -> SourceYear | None:
        return next((row for row in self.sources if row.source.pk == source_id), None)

    def measure(self, measure_id: int) -> MeasureYear | None:
        return next((row for row in self.measures if row.measure.pk == measure_id), None)


def split_pro_rata(amount: Decimal, weights: Mapping[int, Decimal]) -> dict[int, Decimal]:
    """`amount` split over `weights` in proportion, in øre, adding up exactly to `amount`
    (largest remainder: the øre left by rounding down go to the largest fractions)."""
    total = sum(weights.values(), ZERO)
    if not weights or total <= 0:
        return {}
    sign = -1 if amount < 0 else 1
    whole = abs(amount)
    shares: dict[int, Decimal] = {}
    fractions: list[tuple[Decimal, int]] = []
    for key, weight in weights.items():
        exact = whole * weight / total
        shares[key] = exact.quantize(ORE, rounding=ROUND_DOWN)
        fractions.append((exact - shares[key], key))
    left = int((whole - sum(shares.values(), ZERO)) / ORE)
    for _fraction, key in sorted(fractions, key=lambda item: (-item[0], item[1]))[:left]:
        shares[key] += ORE
    return {key: sign * value for key, value in shares.items()}


def straight_line(spent: Decimal, year: int, as_of: date) -> Decimal:
    """The year's spending if it goes on at the pace so far."""
    if as_of.year > year:
        return spent
    if as_of.year < year:
        return ZERO
    days = 366 if calendar.isleap(year) else 365
    elapsed = as_of.timetuple().tm_yday
    return (spent * days / elapsed).quantize(ORE)


def _forecast(
    spent: Decimal, allocated: Decimal, entered: Decimal | None, year: int, as_of: date
) -> Decimal:
    if as_of.year > year:
        return spent  # the year is over: what was spent is what it came to
    if entered is not None:
        return entered
    if as_of.year < year:
        return allocated  # a year ahead: the plan
    return straight_line(spent, year, as_of)


def current_amounts(sources: Iterable[FundingSource], year: int) -> dict[int, SourceAmount]:
    """Source id → the version of its year's amount in force."""
    rows = SourceAmount.objects.filter(source__in=list(sources), year=year).order_by("version")
    return {row.source_id: row for row in rows}  # the last (newest) version wins


def spent_by_measure(programme: Programme, year: int) -> dict[int, Decimal]:
    rows = (
        Transaction.objects.filter(measure__programme=programme, year=year)
        .values("measure")
        .annotate(total=Sum("amount"))
    )
    return {row["measure"]: row["total"] for row in rows}


def in_kind_of(programme: Programme, year: int) -> InKind:
    """The measures' position shares in the year, valued at the unit's cost per full-time
    equivalent (or the municipality's when the unit has none)."""
    rates = StaffCost.objects.filter(municipality=programme.municipality, year=year)
    by_unit = {cost.unit_id: cost.cost_per_fte for cost in rates}
    default = by_unit.get(None)
    lines = []
    staff = StaffAllocation.objects.filter(measure__programme=programme, year=year).select_related(
        "measure", "person", "unit"
    )
    for row in staff.order_by("measure__title", "id"):
        fte = row.share / 100
        rate = by_unit.get(row.unit_id, default) if row.unit_id else default
        value = (fte * rate).quantize(ORE) if rate is not None else None
        lines.append(InKindLine(row.measure, str(row.person or row.unit), fte, rate, value))
    return InKind(lines)


def _measure_year(
    measure: Measure,
    year: int,
    allocations: Iterable[Allocation],
    *,
    spent: Decimal,
    entered: Decimal | None,
    need: Decimal,
    as_of: date,
) -> MeasureYear:
    """One measure's money in a year from its allocations of that year: spending split over
    the sources pro rata, the forecast entered or figured."""
    by_source: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for allocation in allocations:
        by_source[allocation.source_id] += allocation.amount
    allocated = sum(by_source.values(), ZERO)
    figures = Figures(allocated, spent, _forecast(spent, allocated, entered, year, as_of))
    return MeasureYear(
        measure,
        need,
        figures,
        dict(by_source),
        split_pro_rata(spent, by_source),
        entered is not None,
    )


def finance_year(
    programme: Programme,
    year: int,
    *,
    sub_programmes: Iterable[SubProgramme] | None = None,
    as_of: date | None = None,
) -> FinanceYear:
    """The programme's money in a year. `sub_programmes` limits the measures and
    sub-programmes to those (a coordinator's view); sources are then left out."""
    as_of = as_of or timezone.localdate()
    limited = None if sub_programmes is None else {sub.pk for sub in sub_programmes}
    sources = list(FundingSource.objects.filter(programme=programme).order_by("code"))
    amounts = current_amounts(sources, year)
    allocations = list(
        Allocation.objects.filter(source__programme=programme, year=year, amount__gt=0)
        .select_related("measure", "sub_programme")
        .order_by("id")
    )
    spent = spent_by_measure(programme, year)
    entered = {
        row.measure_id: row.amount
        for row in Forecast.objects.filter(measure__programme=programme, year=year)
    }
    needs = {
        row.measure_id: row.amount
        for row in MeasureCost.objects.filter(measure__programme=programme, year=year)
    }
    # The measures of the year: planned, allocated or spent on.
    measure_ids = set(needs) | set(spent) | {a.measure_id for a in allocations if a.measure_id}
    measures = Measure.objects.filter(pk__in=measure_ids).select_related("sub_programme")
    if limited is not None:
        measures = measures.filter(sub_programme__in=limited)
    measure_rows: list[MeasureYear] = []
    by_sub: dict[int | None, SubProgrammeYear] = {}
    all_subs = programme.sub_programmes.order_by("position", "name")
    for sub in all_subs:
        if limited is None or sub.pk in limited:
            by_sub[sub.pk] = SubProgrammeYear(sub)
    source_spent: dict[int, Decimal] = defaultdict(lambda: ZERO)
    source_to_sub: dict[int, dict[int | None, Decimal]] = defaultdict(
        lambda: defaultdict(lambda: ZERO)
    )
    for measure in measures.order_by("sub_programme__position", "title"):
        row = _measure_year(
            measure,
            year,
            [allocation for allocation in allocations if allocation.measure_id == measure.pk],
            spent=spent.get(measure.pk, ZERO),
            entered=entered.get(measure.pk),
            need=needs.get(measure.pk, ZERO),
            as_of=as_of,
        )
        for source_id, value in row.spent_by_source.items():
            source_spent[source_id] += value
            source_to_sub[source_id][measure.sub_programme_id] += value
        measure_rows.append(row)
        if measure.sub_programme_id is None and None not in by_sub:
            by_sub[None] = SubProgrammeYear(None)
        by_sub[measure.sub_programme_id].figures.add(row.figures)
    for allocation in allocations:
        if allocation.measure_id is None and allocation.sub_programme_id in by_sub:
            sub_row = by_sub[allocation.sub_programme_id]
            sub_row.undistributed += allocation.amount
            sub_row.figures.allocated += allocation.amount
            sub_row.figures.forecast += ZERO if as_of.year > year else allocation.amount
    source_rows = []
    if limited is None:
        for source in sources:
            amount = amounts.get(source.pk)
            allocated = sum((a.amount for a in allocations if a.source_id == source.pk), ZERO)
            figures = Figures(allocated, source_spent.get(source.pk, ZERO))
            figures.forecast = sum(
                (
                    row.figures.forecast * row.by_source[source.pk] / row.figures.allocated
                    for row in measure_rows
                    if source.pk in row.by_source and row.figures.allocated
                ),
                ZERO,
            ).quantize(ORE)
            granted = amount.amount if amount is not None else ZERO
            unspent = max(granted - figures.spent, ZERO)
            source_rows.append(
                SourceYear(
                    source,
                    granted,
                    amount.version if amount is not None else 0,
                    figures,
                    unspent if source.carry_over_allowed and as_of.year > year else ZERO,
                    dict(source_to_sub.get(source.pk, {})),
                )
            )
    used = [row for row in source_rows if row.figures.allocated > 0]
    required = [row.source.co_funding_share for row in used if row.source.co_funding_share]
    total_allocated = sum((row.figures.allocated for row in source_rows), ZERO)
    local = sum(
        (row.figures.allocated for row in source_rows if row.source.kind in LOCAL_KINDS), ZERO
    )
    subs = [row for row in by_sub.values() if row.figures.allocated or row.figures.spent]
    synthetic = (
        any(source.synthetic for source in sources if source.pk in amounts)
        or any(allocation.synthetic for allocation in allocations)
        or Transaction.objects.filter(
            measure__programme=programme, year=year, synthetic=True
        ).exists()
    )
    return FinanceYear(
        programme=programme,
        year=year,
        currency=sources[0].currency if sources else currency_of(programme.municipality),
        as_of=as_of,
        closed=ClosedYear.objects.filter(programme=programme, year=year).exists(),
        sources=source_rows,
        sub_programmes=subs,
        measures=measure_rows,
        in_kind=in_kind_of(programme, year),
        co_funding=CoFunding(local, total_allocated, max(required) if required else None),
        synthetic=synthetic,
    )


def finance_years_with_data(programme: Programme) -> list[int]:
    years = set(
        SourceAmount.objects.filter(source__programme=programme).values_list("year", flat=True)
    )
    years |= set(
        Transaction.objects.filter(measure__programme=programme)
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(years)


def finance_year_choice(programme: Programme, query: QueryDict) -> PeriodChoice:
    """The year a money page shows: ?year=, else the latest year with money up to this year."""
    return year_choice(
        query,
        first=programme.start_year,
        last=programme.end_year,
        years_with_data=finance_years_with_data(programme),
    )


@dataclass(frozen=True)
class MonthSpending:
    month: int
    spent: Decimal
    cumulative: Decimal
    planned_cumulative: Decimal  # the allocation spread evenly over the months


def monthly_spending(
    programme: Programme, year: int, *, measures: Iterable[Measure] | None = None
) -> list[MonthSpending]:
    """Spent per month against the plan (the year's allocation in twelve equal parts)."""
    transactions = Transaction.objects.filter(measure__programme=programme, year=year)
    allocations = Allocation.objects.filter(source__programme=programme, year=year)
    if measures is not None:
        chosen = [measure.pk for measure in measures]
        transactions = transactions.filter(measure__in=chosen)
        allocations = allocations.filter(measure__in=chosen)
    per_month = {
        row["month"]: row["total"]
        for row in transactions.annotate(month=ExtractMonth("booked_on"))
        .values("month")
        .annotate(total=Sum("amount"))
    }
    allocated = allocations.aggregate(total=Sum("amount"))["total"] or ZERO
    rows, cumulative = [], ZERO
    for month in range(1, 13):
        spent = per_month.get(month, ZERO)
        cumulative += spent
        planned = (allocated * month / 12).quantize(ORE)
        rows.append(MonthSpending(month, spent, cumulative, planned))
    return rows


def allocation_history(programme: Programme, year: int) -> list[AllocationChange]:
    """The year's budget changes, newest first, with who made them and why."""
    return list(
        AllocationChange.objects.filter(
            allocation__source__programme=programme, allocation__year=year
        ).select_related(
            "allocation__source",
            "allocation__measure",
            "allocation__sub_programme",
            "decision",
            "changed_by",
        )
    )


def sources_of(programme: Programme) -> list[FundingSource]:
    return list(
        FundingSource.objects.filter(programme=programme)
        .select_related("agreement")
        .prefetch_related("amounts", "earmarks__sub_programme", "duties")
        .order_by("code")
    )


def transactions_of(measure: Measure, year: int | None = None) -> list[Transaction]:
    rows = Transaction.objects.filter(measure=measure)
    if year is not None:
        rows = rows.filter(year=year)
    return list(rows.order_by("-booked_on", "-id"))


def imports_of(municipality: Municipality, limit: int = 20) -> list[ActualsImport]:
    return list(ActualsImport.objects.filter(municipality=municipality)[:limit])


def measures_by_project_code(municipality: Municipality) -> dict[str, int]:
    """Project code → measure id, for matching ledger lines."""
    rows = Measure.objects.filter(municipality=municipality).exclude(project_code="")
    return dict(rows.values_list("project_code", "pk"))


def duties_due(programme: Programme, *, before: date | None = None) -> list[object]:
    """Reporting duties not yet delivered, the earliest deadline first."""
    from omrade.finance.models import ReportingDuty

    duties = ReportingDuty.objects.filter(source__programme=programme, done_on__isnull=True)
    if before is not None:
        duties = duties.filter(due_on__lte=before)
    return list(duties.select_related("source").order_by("due_on"))


def currency_label(currency: str) -> str:
    return str(Currency(currency).label)


@dataclass
class MeasureMoneyYear:
    year: int
    row: MeasureYear
    sources: dict[int, FundingSource]  # source id → source, for the allocations by source

    @property
    def allocated_by_source(self) -> list[tuple[FundingSource, Decimal]]:
        return [(self.sources[key], amount) for key, amount in self.row.by_source.items()]


def measure_money_years(measure: Measure, *, as_of: date | None = None) -> list[MeasureMoneyYear]:
    """A measure's money per year (the years it is planned, allocated, forecast or spent in),
    figured like `finance_year` does for the programme; newest year first."""
    as_of = as_of or timezone.localdate()
    allocations = list(
        Allocation.objects.filter(measure=measure, amount__gt=0).select_related("source")
    )
    spent = {
        row["year"]: row["total"]
        for row in Transaction.objects.filter(measure=measure)
        .values("year")
        .annotate(total=Sum("amount"))
    }
    entered = {row.year: row.amount for row in Forecast.objects.filter(measure=measure)}
    needs = {row.year: row.amount for row in MeasureCost.objects.filter(measure=measure)}
    years = set(spent) | set(entered) | set(needs) | {a.year for a in allocations}
    rows = []
    for year in sorted(years, reverse=True):
        of_year = [allocation for allocation in allocations if allocation.year == year]
        row = _measure_year(
            measure,
            year,
            of_year,
            spent=spent.get(year, ZERO),
            entered=entered.get(year),
            need=needs.get(year, ZERO),
            as_of=as_of,
        )
        sources = {allocation.source_id: allocation.source for allocation in of_year}
        rows.append(MeasureMoneyYear(year, row, sources))
    return rows


# Reporting duties show on "Mitt arbeid" this many days before their deadline.
DUTY_NOTICE_DAYS = 30


def duties_awaiting(user: AnyUser, municipality: Municipality) -> list[ReportingDuty]:
    """Reports to funders not yet delivered whose deadline is within `DUTY_NOTICE_DAYS` (or
    past), for the programme managers and the finance officers of the municipality."""
    if not user.is_authenticated or not (
        has_role(user, municipality, MANAGERS) or has_role(user, municipality, FINANCE_OFFICERS)
    ):
        return []
    before = timezone.localdate() + timedelta(days=DUTY_NOTICE_DAYS)
    return list(
        ReportingDuty.objects.filter(
            source__programme__municipality=municipality, done_on__isnull=True, due_on__lte=before
        )
        .select_related("source__programme")
        .order_by("due_on", "id")
    )
