"""A Fredrikstad-like programme with money: the state grant (KDD), the municipal budget and a
Landsbyggefonden-like source that asks for 25 % local co-funding, for the finance tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from omrade.finance.models import FundingKind, FundingSource
from omrade.finance.services import sources as source_services
from omrade.programmes.models import StateAgreement
from tests.portfolio.conftest import Portfolio, portfolio  # noqa: F401 - the measures fixture
from tests.programmes.conftest import setup, tree  # noqa: F401 - the fixtures it needs


@dataclass
class Money:
    portfolio: Portfolio
    state: FundingSource  # KDD: 500 000 kr in 2024
    municipal: FundingSource  # the municipal budget: 300 000 kr in 2024
    agreement: StateAgreement


@pytest.fixture
def money(portfolio: Portfolio) -> Money:  # noqa: F811 - pytest fixture
    programme = portfolio.setup.programme
    agreement = StateAgreement.objects.create(
        programme=programme, party="KDD", signed_on=date(2023, 9, 5)
    )
    state = source_services.source_create(
        by=None,
        programme=programme,
        code="KDD",
        name="Statlig tilskudd",
        kind=FundingKind.STATE_GRANT,
        agreement=agreement,
        excludes_ordinary_operations=True,
        amounts={2024: Decimal("500000")},
    )
    municipal = source_services.source_create(
        by=None,
        programme=programme,
        code="KOM",
        name="Kommunens budsjett",
        kind=FundingKind.MUNICIPAL_BUDGET,
        carry_over_allowed=True,
        amounts={2024: Decimal("300000")},
    )
    return Money(portfolio, state, municipal, agreement)
