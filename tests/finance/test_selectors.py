"""The programme's money per year: figures per source, sub-programme and measure, pro-rata
spending that reconciles to the øre, forecasts, in-kind staff time and co-funding."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omrade.finance.models import Transaction
from omrade.finance.selectors import (
    finance_year,
    monthly_spending,
    split_pro_rata,
    straight_line,
)
from omrade.finance.services import budgets
from omrade.portfolio.services import measures as measure_services
from tests.finance.conftest import Money

ORE = Decimal("0.01")


def book(measure, amount: str, on: date, key: str) -> Transaction:
    return Transaction.objects.create(
        municipality=measure.municipality,
        measure=measure,
        year=on.year,
        booked_on=on,
        amount=Decimal(amount),
        project_code=measure.project_code or "P",
        key=key,
    )


def allocate(source, measure, amount: str) -> None:
    budgets.allocation_set(
        by=None, source=source, year=2024, measure=measure, amount=Decimal(amount), reason="Plan"
    )


@pytest.mark.django_db
def test_figures_per_source_measure_and_sub_programme(money: Money) -> None:
    snuplassen, reading = money.portfolio.snuplassen, money.portfolio.reading
    allocate(money.state, snuplassen, "300000")
    allocate(money.municipal, snuplassen, "100000")
    allocate(money.state, reading, "150000")
    book(snuplassen, "100000.01", date(2024, 3, 1), "a")
    book(snuplassen, "-0.01", date(2024, 3, 2), "b")  # a credit
    book(reading, "160000", date(2024, 5, 1), "c")  # over its 150 000
    year = finance_year(money.portfolio.setup.programme, 2024, as_of=date(2025, 2, 1))
    state = year.source(money.state.pk)
    municipal = year.source(money.municipal.pk)
    assert state is not None
    assert municipal is not None
    assert (state.granted, state.figures.allocated) == (Decimal(500000), Decimal(450000))
    # Snuplassen's 100 000 is paid 3:1 by the state and the municipality; reading's 160 000
    # all by the state.
    assert state.figures.spent == Decimal("235000.00")
    assert municipal.figures.spent == Decimal("25000.00")
    assert state.remaining == Decimal("265000.00")
    assert municipal.carried_over == Decimal("275000.00")  # the year is over; it may carry over
    assert state.carried_over == 0
    row = year.measure(reading.pk)
    assert row is not None
    assert row.figures.over_spent
    assert row.figures.remaining == -10000
    assert year.totals.spent == sum(t.amount for t in Transaction.objects.all())
    assert sum(s.figures.spent for s in year.sources) == year.totals.spent
    housing = next(
        r for r in year.sub_programmes if r.sub_programme == money.portfolio.setup.housing
    )
    assert housing.figures.allocated == Decimal(150000)
    # Meeting places has a planned cost but nobody pays it yet.
    meeting_places = year.measure(money.portfolio.meeting_places.pk)
    assert meeting_places is not None
    assert meeting_places.unfunded == Decimal(250000)


@pytest.mark.django_db
def test_coordinator_view_is_limited_to_own_sub_programme(money: Money) -> None:
    allocate(money.state, money.portfolio.snuplassen, "300000")
    allocate(money.state, money.portfolio.reading, "100000")
    setup = money.portfolio.setup
    year = finance_year(setup.programme, 2024, sub_programmes=[setup.housing])
    assert year.sources == []
    assert {row.measure for row in year.measures} == {
        money.portfolio.reading,
        money.portfolio.meeting_places,
    }


@pytest.mark.django_db
def test_forecast_straight_line_and_entered(money: Money) -> None:
    snuplassen = money.portfolio.snuplassen
    allocate(money.state, snuplassen, "366000")
    book(snuplassen, "61000", date(2024, 2, 29), "a")
    programme = money.portfolio.setup.programme
    # 2024 is a leap year: by 31 March (day 91) 61 000 was spent → 245 340.66 by year end.
    year = finance_year(programme, 2024, as_of=date(2024, 3, 31))
    row = year.measure(snuplassen.pk)
    assert row is not None
    assert row.figures.forecast == Decimal("245340.66")
    assert row.figures.under_forecast
    assert not row.figures.over_forecast
    budgets.forecast_set(by=None, measure=snuplassen, year=2024, amount=Decimal("400000"))
    row = finance_year(programme, 2024, as_of=date(2024, 3, 31)).measure(snuplassen.pk)
    assert row is not None
    assert row.figures.forecast == Decimal(400000)
    assert row.figures.over_forecast
    assert row.forecast_entered


@pytest.mark.django_db
def test_in_kind_staff_time_valued_per_unit_or_municipality(money: Money, tenants) -> None:
    from tests.factories import MunicipalUnitFactory

    nav = MunicipalUnitFactory(municipality=tenants.home, name="NAV")
    school = MunicipalUnitFactory(municipality=tenants.home, name="Skole")
    measure_services.staff_allocation_add(
        by=None, measure=money.portfolio.snuplassen, year=2024, unit=nav, share=Decimal(50)
    )
    measure_services.staff_allocation_add(
        by=None, measure=money.portfolio.reading, year=2024, unit=school, share=Decimal(20)
    )
    budgets.staff_cost_set(
        by=None, municipality=tenants.home, year=2024, cost_per_fte=Decimal("800000")
    )
    budgets.staff_cost_set(
        by=None, municipality=tenants.home, year=2024, cost_per_fte=Decimal("900000"), unit=nav
    )
    in_kind = finance_year(money.portfolio.setup.programme, 2024).in_kind
    assert in_kind.fte == Decimal("0.7")
    assert in_kind.value == Decimal("450000.00") + Decimal("160000.00")


@pytest.mark.django_db
def test_monthly_spending_against_plan(money: Money) -> None:
    snuplassen = money.portfolio.snuplassen
    allocate(money.state, snuplassen, "120000")
    book(snuplassen, "5000", date(2024, 1, 10), "a")
    book(snuplassen, "7000", date(2024, 3, 10), "b")
    months = monthly_spending(money.portfolio.setup.programme, 2024)
    assert [m.spent for m in months[:3]] == [Decimal(5000), Decimal(0), Decimal(7000)]
    assert months[2].cumulative == Decimal(12000)
    assert months[2].planned_cumulative == Decimal(30000)
    assert months[11].planned_cumulative == Decimal(120000)


def test_straight_line_before_during_and_after_the_year() -> None:
    assert straight_line(Decimal(100), 2024, date(2023, 12, 31)) == 0
    assert straight_line(Decimal(100), 2024, date(2025, 1, 1)) == Decimal(100)
    assert straight_line(Decimal(100), 2023, date(2023, 12, 31)) == Decimal(100)


@settings(max_examples=200, deadline=None)
@given(
    amount=st.decimals(min_value=-(10**9), max_value=10**9, places=2),
    weights=st.lists(
        st.decimals(min_value=Decimal("0.01"), max_value=10**8, places=2), min_size=1, max_size=6
    ),
)
def test_pro_rata_split_adds_up_to_the_ore(amount: Decimal, weights: list[Decimal]) -> None:
    shares = split_pro_rata(amount, dict(enumerate(weights)))
    assert sum(shares.values()) == amount
    assert all(value == value.quantize(ORE) for value in shares.values())
    total = sum(weights)
    for key, weight in enumerate(weights):
        assert abs(shares[key] - amount * weight / total) < ORE
