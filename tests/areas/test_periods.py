"""Typed periods: every spelling statistics files use, canonical codes, labels and refusals."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from omrade.areas.periods import Period, PeriodError, PeriodKind, parse_period


@pytest.mark.parametrize(
    ("text", "code", "kind", "start", "end"),
    [
        ("2022", "2022", PeriodKind.YEAR, date(2022, 1, 1), date(2022, 12, 31)),
        (2022, "2022", PeriodKind.YEAR, date(2022, 1, 1), date(2022, 12, 31)),
        (" 2022 ", "2022", PeriodKind.YEAR, date(2022, 1, 1), date(2022, 12, 31)),
        ("2024K3", "2024K3", PeriodKind.QUARTER, date(2024, 7, 1), date(2024, 9, 30)),
        ("2024Q3", "2024K3", PeriodKind.QUARTER, date(2024, 7, 1), date(2024, 9, 30)),
        ("2024q4", "2024K4", PeriodKind.QUARTER, date(2024, 10, 1), date(2024, 12, 31)),
        ("2024T1", "2024T1", PeriodKind.TERTIAL, date(2024, 1, 1), date(2024, 4, 30)),
        ("2024T2", "2024T2", PeriodKind.TERTIAL, date(2024, 5, 1), date(2024, 8, 31)),
        ("2024T3", "2024T3", PeriodKind.TERTIAL, date(2024, 9, 1), date(2024, 12, 31)),
        ("2024H1", "2024H1", PeriodKind.HALF, date(2024, 1, 1), date(2024, 6, 30)),
        ("2024H2", "2024H2", PeriodKind.HALF, date(2024, 7, 1), date(2024, 12, 31)),
        ("2024M05", "2024M05", PeriodKind.MONTH, date(2024, 5, 1), date(2024, 5, 31)),
        ("2024M5", "2024M05", PeriodKind.MONTH, date(2024, 5, 1), date(2024, 5, 31)),
        ("2024-05", "2024M05", PeriodKind.MONTH, date(2024, 5, 1), date(2024, 5, 31)),
        ("2024M02", "2024M02", PeriodKind.MONTH, date(2024, 2, 1), date(2024, 2, 29)),
        ("2024M12", "2024M12", PeriodKind.MONTH, date(2024, 12, 1), date(2024, 12, 31)),
        ("2020_2020", "2020", PeriodKind.YEAR, date(2020, 1, 1), date(2020, 12, 31)),
        ("2018_2020", "2018_2020", PeriodKind.YEARS, date(2018, 1, 1), date(2020, 12, 31)),
        ("2018-2020", "2018_2020", PeriodKind.YEARS, date(2018, 1, 1), date(2020, 12, 31)),
        # SSB's weekly tables (03024): ISO weeks, week 1 of 2025 starts on 30 December 2024.
        ("2025U01", "2025U01", PeriodKind.WEEK, date(2024, 12, 30), date(2025, 1, 5)),
        ("2020W53", "2020U53", PeriodKind.WEEK, date(2020, 12, 28), date(2021, 1, 3)),
    ],
)
def test_parse_period_accepts(
    text: str | int, code: str, kind: PeriodKind, start: date, end: date
) -> None:
    period = parse_period(text)

    assert period == Period(start, end, kind)
    assert period.code == code
    assert str(period) == code
    assert parse_period(period.code) == period


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1899", "Året 1899 i perioden «1899» er utenfor 1900–2100."),
        ("2101K1", "Året 2101 i perioden «2101K1» er utenfor 1900–2100."),
        ("2018_2101", "Året 2101 i perioden «2018_2101» er utenfor 1900–2100."),
        ("2024K5", "Perioden «2024K5» har kvartal 5, men et år har kvartal 1–4."),
        ("2024Q0", "Perioden «2024Q0» har kvartal 0, men et år har kvartal 1–4."),
        ("2024T4", "Perioden «2024T4» har tertial 4, men et år har tertial 1–3."),
        ("2024H3", "Perioden «2024H3» har halvår 3, men et år har halvår 1–2."),
        ("2024M13", "Perioden «2024M13» har måned 13, men et år har måned 1–12."),
        ("2024-00", "Perioden «2024-00» har måned 0, men et år har måned 1–12."),
        ("2025U53", "Perioden «2025U53» har uke 53, som ikke finnes det året."),
        ("2020_2018", "Perioden «2020_2018» slutter før den begynner."),
        (
            "neste år",
            "«neste år» er ikke en periode. Bruk for eksempel 2024, 2024H1, 2024T2, 2024K3, "
            "2024M05, 2025U01 eller 2018_2020.",
        ),
        (
            "",
            "«» er ikke en periode. Bruk for eksempel 2024, 2024H1, 2024T2, 2024K3, "
            "2024M05, 2025U01 eller 2018_2020.",
        ),
        (True, "«True» er ikke en periode."),
        (2024.5, "«2024.5» er ikke en periode."),
    ],
)
def test_parse_period_refuses_with_a_message_naming_the_text(text: object, message: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)  # type: ignore[arg-type]

    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("2024", "2024"),
        ("2024H1", "1. halvår 2024"),
        ("2024T2", "2. tertial 2024"),
        ("2024K3", "3. kvartal 2024"),
        ("2024M05", "mai 2024"),
        ("2025U01", "uke 1 2025"),
        ("2018_2020", "2018–2020"),
    ],
)
def test_label_in_bokmal(code: str, label: str) -> None:
    with translation.override("nb"):
        assert parse_period(code).label == label


def test_month_label_follows_the_language() -> None:
    with translation.override("en"):
        assert parse_period("2024M05").label == "May 2024"


def test_periods_order_by_start_then_end() -> None:
    codes = ["2024", "2024M01", "2023_2024", "2024K1", "2023", "2024H1", "2024T1"]

    ordered = sorted(parse_period(code) for code in codes)

    assert [period.code for period in ordered] == [
        "2023",
        "2023_2024",
        "2024M01",
        "2024K1",
        "2024T1",
        "2024H1",
        "2024",
    ]


def test_spellings_of_one_period_are_equal_and_hash_alike() -> None:
    assert len({parse_period("2024K3"), parse_period("2024Q3"), parse_period(" 2024k3")}) == 1


def test_a_period_is_immutable() -> None:
    period = parse_period("2024")

    with pytest.raises(AttributeError):
        period.kind = PeriodKind.MONTH  # type: ignore[misc]


@st.composite
def period_texts(draw: st.DrawFn) -> str:
    year = draw(st.integers(1900, 2100))
    kind = draw(st.sampled_from(["", "H", "T", "K", "Q", "M", "-", "U", "_"]))
    if kind == "":
        return str(year)
    if kind == "_":
        return f"{year}_{draw(st.integers(year, 2100))}"
    if kind == "U":
        weeks = date(year, 12, 28).isocalendar()[1]  # 28 December is always in the last week
        return f"{year}U{draw(st.integers(1, weeks)):02d}"
    parts = {"H": 2, "T": 3, "K": 4, "Q": 4, "M": 12, "-": 12}[kind]
    number = draw(st.integers(1, parts))
    return f"{year}-{number:02d}" if kind == "-" else f"{year}{kind}{number}"


@given(period_texts())
def test_canonical_code_round_trips(text: str) -> None:
    period = parse_period(text)

    assert parse_period(period.code) == period
    assert parse_period(period.code).code == period.code
    assert period.start <= period.end
