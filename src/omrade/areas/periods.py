"""Typed statistical periods: a year, half-year, tertial, quarter, month, week or a run of years.

Periods are never free text. `parse_period` accepts the spellings found in statistics files
(SSB's `2024K3`, ISO-ish `2024Q3`, `2024-05`, PxWeb ranges `2018_2020`) and every period has one
canonical `code` that parses back to the same period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

FIRST_YEAR = 1900
LAST_YEAR = 2100


class PeriodKind(StrEnum):
    YEAR = "year"
    HALF = "half"
    TERTIAL = "tertial"
    QUARTER = "quarter"
    MONTH = "month"
    WEEK = "week"  # ISO week; SSB writes 2025U01 (uke)
    YEARS = "years"  # a run of whole years, e.g. a 3-year average 2018_2020


class PeriodError(ValueError):
    """A text that is not a period we understand; the message names the text."""


# Months per part of a year, and the letter of the canonical code.
_PARTS: dict[PeriodKind, tuple[int, str]] = {
    PeriodKind.HALF: (6, "H"),
    PeriodKind.TERTIAL: (4, "T"),
    PeriodKind.QUARTER: (3, "K"),
}


@dataclass(frozen=True, order=True)
class Period:
    """A closed date range of a given kind; orders by start, then end."""

    start: date
    end: date
    kind: PeriodKind

    @cached_property  # computed once per period object; importers ask for it on every row
    def code(self) -> str:
        """Canonical code: 2024, 2024H1, 2024T2, 2024K3, 2024M05, 2025U01, 2018_2020."""
        year = self.start.year
        if self.kind is PeriodKind.YEAR:
            return str(year)
        if self.kind is PeriodKind.YEARS:
            return f"{year}_{self.end.year}"
        if self.kind is PeriodKind.MONTH:
            return f"{year}M{self.start.month:02d}"
        if self.kind is PeriodKind.WEEK:
            iso_year, week, _weekday = self.start.isocalendar()
            return f"{iso_year}U{week:02d}"
        months, letter = _PARTS[self.kind]
        return f"{year}{letter}{(self.start.month - 1) // months + 1}"

    @property
    def label(self) -> str:
        """Human label in the active language, e.g. "2. tertial 2024"."""
        year = self.start.year
        if self.kind is PeriodKind.YEAR:
            return str(year)
        if self.kind is PeriodKind.YEARS:
            return f"{year}–{self.end.year}"
        if self.kind is PeriodKind.MONTH:
            return f"{MONTHS[self.start.month]} {year}"
        if self.kind is PeriodKind.WEEK:
            iso_year, week, _weekday = self.start.isocalendar()
            return _("uke %(number)s %(year)s") % {"number": week, "year": iso_year}
        number = (self.start.month - 1) // _PARTS[self.kind][0] + 1
        if self.kind is PeriodKind.HALF:
            return _("%(number)s. halvår %(year)s") % {"number": number, "year": year}
        if self.kind is PeriodKind.TERTIAL:
            return _("%(number)s. tertial %(year)s") % {"number": number, "year": year}
        return _("%(number)s. kvartal %(year)s") % {"number": number, "year": year}

    def __str__(self) -> str:
        return self.code


def _month_span(year: int, first_month: int, months: int, kind: PeriodKind) -> Period:
    start = date(year, first_month, 1)
    after = first_month + months
    end = date(year + 1, 1, 1) if after > 12 else date(year, after, 1)
    return Period(start, end - timedelta(days=1), kind)


def _years(first: int, last: int) -> Period:
    kind = PeriodKind.YEAR if first == last else PeriodKind.YEARS
    return Period(date(first, 1, 1), date(last, 12, 31), kind)


_PATTERN = re.compile(
    r"(?P<year>\d{4})"
    r"(?:(?P<letter>[HTKQMUW])(?P<number>\d{1,2})"  # 2024H1, 2024T2, 2024K3, 2024M05, 2025U01
    r"|-(?P<month>\d{2})"  # 2024-05
    r"|[_-](?P<last>\d{4}))?"  # 2018_2020, 2018-2020
)

# The letter in a period code and the kind it stands for.
_LETTER_KIND = {
    "H": PeriodKind.HALF,
    "T": PeriodKind.TERTIAL,
    "K": PeriodKind.QUARTER,
    "Q": PeriodKind.QUARTER,
    "M": PeriodKind.MONTH,
    "U": PeriodKind.WEEK,
    "W": PeriodKind.WEEK,
}


def _check_year(year: int, text: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError(
            _("Året %(year)s i perioden «%(text)s» er utenfor %(first)s–%(last)s.")
            % {"year": year, "text": text, "first": FIRST_YEAR, "last": LAST_YEAR}
        )


def _part_error(kind: PeriodKind, number: int, text: str) -> PeriodError:
    messages = {
        PeriodKind.HALF: _("Perioden «%(text)s» har halvår %(number)s, men et år har halvår 1–2."),
        PeriodKind.TERTIAL: _(
            "Perioden «%(text)s» har tertial %(number)s, men et år har tertial 1–3."
        ),
        PeriodKind.QUARTER: _(
            "Perioden «%(text)s» har kvartal %(number)s, men et år har kvartal 1–4."
        ),
        PeriodKind.MONTH: _("Perioden «%(text)s» har måned %(number)s, men et år har måned 1–12."),
        PeriodKind.WEEK: _("Perioden «%(text)s» har uke %(number)s, som ikke finnes det året."),
    }
    return PeriodError(messages[kind] % {"text": text, "number": number})


def parse_period(text: str | int) -> Period:
    """Parse a period code; raise PeriodError naming the text when it is not one."""
    if isinstance(text, bool) or not isinstance(text, str | int):
        raise PeriodError(_("«%(text)s» er ikke en periode.") % {"text": text})
    cleaned = str(text).strip().upper()
    match = _PATTERN.fullmatch(cleaned)
    if match is None:
        raise PeriodError(
            _(
                "«%(text)s» er ikke en periode. Bruk for eksempel 2024, 2024H1, 2024T2, "
                "2024K3, 2024M05, 2025U01 eller 2018_2020."
            )
            % {"text": text}
        )
    year = int(match["year"])
    _check_year(year, cleaned)
    if match["last"] is not None:
        last = int(match["last"])
        _check_year(last, cleaned)
        if last < year:
            raise PeriodError(
                _("Perioden «%(text)s» slutter før den begynner.") % {"text": cleaned}
            )
        return _years(year, last)
    if match["month"] is not None:
        kind, number = PeriodKind.MONTH, int(match["month"])
    elif match["letter"] is not None:
        kind, number = _LETTER_KIND[match["letter"]], int(match["number"])
    else:
        return _years(year, year)
    if kind is PeriodKind.WEEK:
        try:
            start = date.fromisocalendar(year, number, 1)
        except ValueError:
            raise _part_error(kind, number, cleaned) from None
        return Period(start, start + timedelta(days=6), kind)
    months = 1 if kind is PeriodKind.MONTH else _PARTS[kind][0]
    if not 1 <= number <= 12 // months:
        raise _part_error(kind, number, cleaned)
    return _month_span(year, (number - 1) * months + 1, months, kind)
