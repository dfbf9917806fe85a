"""Choosing the period a page shows: one helper per kind of period (years, tertials), reused
by every page and API route that takes a year or tertial parameter.

A page offers the periods that exist for it (a programme's years, its tertials up to now);
without a parameter it shows the latest period that has data for that page — not simply
"now", which often has none yet — and it offers the previous and next period and a select of
them all. A value that is not one of the periods on offer is refused with a message that
names the parameter (the page shows the default period beside the message, with status 400).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from omrade.areas.periods import Period, PeriodError, PeriodKind, parse_period


def year_period(year: int) -> Period:
    return parse_period(year)


def tertial_on(day: date) -> Period:
    """The tertial a date falls in."""
    return parse_period(f"{day.year}T{(day.month - 1) // 4 + 1}")


def tertial_last_finished(day: date) -> Period:
    """The last tertial that had ended by `day`: the one before the tertial `day` falls in."""
    return tertial_on(tertial_on(day).start - timedelta(days=1))


def tertials_between(first: Period, last: Period) -> list[Period]:
    """Every tertial from `first` to `last`, both included, oldest first."""
    tertials = []
    tertial = tertial_on(first.start)
    while tertial.start <= last.start:
        tertials.append(tertial)
        tertial = tertial_on(tertial.end + timedelta(days=1))
    return tertials


@dataclass(frozen=True)
class PeriodChoice:
    """The period a page shows, what it may show instead, and how to ask for it."""

    parameter: str  # the query parameter: "year" or "period"
    chosen: Period
    options: list[Period]  # oldest first
    with_data: frozenset[str] = frozenset()  # codes of the options that have data
    error: str = ""  # why the asked-for value was refused ("" when it was not)
    asked: bool = False  # the period came from the query string (not the default)
    query: QueryDict = field(default_factory=QueryDict)

    @property
    def year(self) -> int:
        return self.chosen.start.year

    @property
    def code(self) -> str:
        return self.chosen.code

    @property
    def has_data(self) -> bool:
        return self.chosen.code in self.with_data

    @property
    def label(self) -> str:
        return _("År") if self.chosen.kind is PeriodKind.YEAR else _("Tertial")

    def _neighbour(self, step: int) -> Period | None:
        codes = [option.code for option in self.options]
        if self.chosen.code not in codes:
            return None
        index = codes.index(self.chosen.code) + step
        return self.options[index] if 0 <= index < len(self.options) else None

    @property
    def previous(self) -> Period | None:
        return self._neighbour(-1)

    @property
    def next(self) -> Period | None:
        return self._neighbour(1)

    def url_for(self, period: Period) -> str:
        """The query string that shows `period`, keeping the page's other parameters."""
        query = self.query.copy()
        query[self.parameter] = period.code
        return f"?{query.urlencode()}"

    @property
    def previous_url(self) -> str:
        return self.url_for(self.previous) if self.previous else ""

    @property
    def next_url(self) -> str:
        return self.url_for(self.next) if self.next else ""

    @property
    def other_parameters(self) -> list[tuple[str, str]]:
        """The page's other query parameters, for hidden inputs of the period form."""
        return [
            (key, value)
            for key, values in self.query.lists()
            if key != self.parameter
            for value in values
        ]

    @property
    def select_options(self) -> list[tuple[Period, bool]]:
        """The options newest first, each with whether it has data."""
        return [(option, option.code in self.with_data) for option in reversed(self.options)]

    @property
    def status(self) -> int:
        return 400 if self.error else 200


def _default(options: list[Period], with_data: frozenset[str], now: Period) -> Period:
    """The latest option with data that has begun; else the latest with data; else the
    option for now (or the nearest one)."""
    having = [option for option in options if option.code in with_data]
    begun = [option for option in having if option.start <= now.start]
    if begun:
        return begun[-1]
    if having:
        return having[-1]
    earlier = [option for option in options if option.start <= now.start]
    return earlier[-1] if earlier else options[0]


def _choose(
    query: QueryDict,
    *,
    parameter: str,
    kind: PeriodKind,
    options: list[Period],
    with_data: Iterable[str],
    now: Period,
    example: str,
) -> PeriodChoice:
    data = frozenset(with_data)
    default = _default(options, data, now)
    value = (query.get(parameter) or "").strip()
    common = {"parameter": parameter, "options": options, "with_data": data, "query": query}
    if not value:
        return PeriodChoice(chosen=default, **common)  # type: ignore[arg-type]
    try:
        asked = parse_period(value)
    except PeriodError:
        asked = None
    if asked is None or asked.kind is not kind or asked not in options:
        first, last = options[0], options[-1]
        error = _(
            "%(parameter)s: «%(value)s» er ikke en periode denne siden har. Velg mellom "
            "%(first)s og %(last)s, for eksempel %(example)s."
        ) % {
            "parameter": parameter,
            "value": value,
            "first": first.code,
            "last": last.code,
            "example": example,
        }
        return PeriodChoice(chosen=default, error=error, **common)  # type: ignore[arg-type]
    return PeriodChoice(chosen=asked, asked=True, **common)  # type: ignore[arg-type]


def year_choice(
    query: QueryDict,
    *,
    first: int,
    last: int,
    years_with_data: Iterable[int],
    parameter: str = "year",
    today: date | None = None,
) -> PeriodChoice:
    """The year a page shows out of `first`–`last` (a programme's years): ?year= if it is one
    of them, else the latest year with data up to this year."""
    today = today or timezone.localdate()
    options = [year_period(year) for year in range(first, last + 1)]
    return _choose(
        query,
        parameter=parameter,
        kind=PeriodKind.YEAR,
        options=options,
        with_data=(str(year) for year in years_with_data),
        now=year_period(min(max(today.year, first), last)),
        example=str(min(max(today.year, first), last)),
    )


def tertial_choice(
    query: QueryDict,
    *,
    first_year: int,
    last_year: int,
    tertials_with_data: Iterable[str],
    parameter: str = "period",
    today: date | None = None,
) -> PeriodChoice:
    """The tertial a page shows, out of the tertials from `first_year` up to the one running
    today (within `last_year`): ?period= if it is one of them, else the latest tertial with
    data."""
    today = today or timezone.localdate()
    first = parse_period(f"{first_year}T1")
    now = tertial_on(today)
    last = min(now, parse_period(f"{last_year}T3"))
    options = tertials_between(first, max(first, last))
    return _choose(
        query,
        parameter=parameter,
        kind=PeriodKind.TERTIAL,
        options=options,
        with_data=tertials_with_data,
        now=now,
        example=tertial_last_finished(today).code,
    )
