"""Money writes: sources and their versioned amounts, allocations and every refusal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from omrade.common.models import AuditEntry
from omrade.finance.models import Allocation, AllocationChange, FundingKind, SourceAmount
from omrade.finance.services import budgets, sources
from tests.finance.conftest import Money

pytestmark = pytest.mark.django_db


def allocate(money: Money, source, measure, amount: str, **kwargs):
    return budgets.allocation_set(
        by=None,
        source=source,
        year=2024,
        measure=measure,
        amount=Decimal(amount),
        reason="Handlingsplan 2024",
        **kwargs,
    )


def test_allocation_records_change_and_audit(money: Money) -> None:
    measure = money.portfolio.snuplassen
    allocation = allocate(money, money.state, measure, "400000")
    assert allocation.amount == Decimal("400000.00")
    allocate(money, money.state, measure, "350000")
    changes = list(AllocationChange.objects.filter(allocation=allocation).order_by("id"))
    assert [(c.amount_before, c.amount_after) for c in changes] == [
        (Decimal("0"), Decimal("400000")),
        (Decimal("400000"), Decimal("350000")),
    ]
    assert AuditEntry.objects.filter(action="finance.allocation_set").count() == 2


def test_allocating_more_than_the_source_has_is_refused(money: Money) -> None:
    allocate(money, money.state, money.portfolio.snuplassen, "400000")
    with pytest.raises(ValidationError, match=r"100(\s|\\xa0)000,00"):
        allocate(money, money.state, money.portfolio.reading, "150000")
    assert not Allocation.objects.filter(measure=money.portfolio.reading).exists()


def test_ordinary_operations_refused_for_a_source_that_excludes_them(money: Money) -> None:
    measure = money.portfolio.reading
    measure.ordinary_operations = True
    measure.save()
    with pytest.raises(ValidationError, match="ordinær drift"):
        allocate(money, money.state, measure, "1000")
    allocate(money, money.municipal, measure, "1000")  # the municipal budget may pay it
    assert Allocation.objects.filter(measure=measure).count() == 1


def test_earmark_keeps_share_for_sub_programme(money: Money) -> None:
    sources.earmark_set(
        by=None, source=money.state, sub_programme=money.portfolio.setup.housing, share=Decimal(40)
    )
    # 60 % of 500 000 may go elsewhere: employment's Snuplassen gets at most 300 000.
    with pytest.raises(ValidationError, match="øremerket"):
        allocate(money, money.state, money.portfolio.snuplassen, "300000.01")
    allocate(money, money.state, money.portfolio.snuplassen, "300000")
    allocate(money, money.state, money.portfolio.reading, "200000")
    assert sum(a.amount for a in Allocation.objects.all()) == Decimal("500000")


def test_co_funding_share_required(money: Money) -> None:
    fund = sources.source_create(
        by=None,
        programme=money.portfolio.setup.programme,
        code="LBF",
        name="Landsbyggefonden",
        kind=FundingKind.LANDSBYGGEFONDEN,
        co_funding_share=Decimal(25),
        amounts={2024: Decimal("300000")},
    )
    with pytest.raises(ValidationError, match="25"):
        allocate(money, fund, money.portfolio.snuplassen, "300000")
    allocate(money, money.municipal, money.portfolio.reading, "100000")
    allocate(money, fund, money.portfolio.snuplassen, "300000")  # 100/400 = 25 %
    with pytest.raises(ValidationError, match="medfinansiering"):
        allocate(money, money.municipal, money.portfolio.reading, "99999.99")
    assert Allocation.objects.get(source=money.municipal).amount == Decimal("100000")


@pytest.mark.parametrize(
    ("amount", "message"),
    [("-1", "negativt"), ("10000000000", "urimelig"), ("1.001", "øre")],
)
def test_bad_amounts_refused(money: Money, amount: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        allocate(money, money.state, money.portfolio.snuplassen, amount)
    assert not Allocation.objects.exists()


def test_closed_year_refuses_changes(money: Money) -> None:
    programme = money.portfolio.setup.programme
    budgets.year_close(by=None, programme=programme, year=2024)
    with pytest.raises(ValidationError, match="avsluttet"):
        budgets.year_close(by=None, programme=programme, year=2024)
    with pytest.raises(ValidationError, match="avsluttet"):
        allocate(money, money.state, money.portfolio.snuplassen, "1000")
    with pytest.raises(ValidationError, match="avsluttet"):
        sources.source_amount_set(by=None, source=money.state, year=2024, amount=Decimal(1))
    budgets.year_reopen(by=None, programme=programme, year=2024, reason="Korrigering")
    allocate(money, money.state, money.portfolio.snuplassen, "1000")


def test_amount_is_versioned_once_allocated(money: Money) -> None:
    sources.source_amount_set(by=None, source=money.state, year=2024, amount=Decimal("550000"))
    assert list(
        SourceAmount.objects.filter(source=money.state).values_list("version", "amount")
    ) == [(1, Decimal("550000"))]
    allocate(money, money.state, money.portfolio.snuplassen, "400000")
    with pytest.raises(ValidationError, match="hvorfor"):
        sources.source_amount_set(by=None, source=money.state, year=2024, amount=Decimal("600000"))
    with pytest.raises(ValidationError, match=r"400(\s|\\xa0)000,00"):
        sources.source_amount_set(
            by=None, source=money.state, year=2024, amount=Decimal("399999"), reason="Kutt"
        )
    sources.source_amount_set(
        by=None, source=money.state, year=2024, amount=Decimal("600000"), reason="Økt tilskudd"
    )
    versions = SourceAmount.objects.filter(source=money.state).order_by("version")
    assert [(v.version, v.amount) for v in versions] == [
        (1, Decimal("550000")),
        (2, Decimal("600000")),
    ]
