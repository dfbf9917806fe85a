"""Property: whatever allocations are tried, in any order, the stored ones never exceed what a
source has, keep every earmark and the required local co-funding; a refused one changes
nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omrade.finance.models import LOCAL_KINDS, Allocation, AllocationChange, FundingKind
from omrade.finance.services import budgets, sources
from tests.finance.conftest import Money

pytestmark = pytest.mark.django_db

ATTEMPT = st.tuples(
    st.integers(min_value=0, max_value=2),  # source
    st.integers(min_value=0, max_value=2),  # measure
    st.decimals(min_value=0, max_value=400_000, places=2),
)


def _total(allocations) -> Decimal:
    return allocations.aggregate(total=Sum("amount"))["total"] or Decimal(0)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(attempts=st.lists(ATTEMPT, min_size=1, max_size=12))
def test_allocations_never_break_the_sources_conditions(
    money: Money, attempts: list[tuple[int, int, Decimal]]
) -> None:
    AllocationChange.objects.all().delete()
    Allocation.objects.all().delete()
    portfolio = money.portfolio
    programme = portfolio.setup.programme
    fund = programme.funding_sources.filter(code="LBF").first() or sources.source_create(
        by=None,
        programme=programme,
        code="LBF",
        name="Fond",
        kind=FundingKind.LANDSBYGGEFONDEN,
        co_funding_share=Decimal(25),
        amounts={2024: Decimal(300000)},
    )
    if not money.state.earmarks.exists():
        sources.earmark_set(
            by=None, source=money.state, sub_programme=portfolio.setup.housing, share=Decimal(30)
        )
    all_sources = [money.state, money.municipal, fund]
    measures = [portfolio.snuplassen, portfolio.meeting_places, portfolio.reading]
    for source_index, measure_index, amount in attempts:
        before = list(Allocation.objects.order_by("id").values_list("id", "amount"))
        try:
            budgets.allocation_set(
                by=None,
                source=all_sources[source_index],
                year=2024,
                measure=measures[measure_index],
                amount=amount,
                reason="Forsøk",
            )
        except ValidationError:
            assert list(Allocation.objects.order_by("id").values_list("id", "amount")) == before
        for source in all_sources:
            granted = sources.current_amount(source, 2024).amount
            assert _total(Allocation.objects.filter(source=source, year=2024)) <= granted
        housing = portfolio.setup.housing
        outside = Allocation.objects.filter(source=money.state).exclude(
            Q(measure__sub_programme=housing)
        )
        assert _total(outside) <= Decimal(500000) * Decimal("0.70")
        year = Allocation.objects.filter(year=2024, amount__gt=0)
        if year.filter(source=fund).exists():
            local = _total(year.filter(source__kind__in=LOCAL_KINDS))
            assert local * 4 >= _total(year)
