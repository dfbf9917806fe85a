"""The money demo: Fredrikstad's real 5 MNOK from KDD for 2023 and synthetic later years,
Bergen with Husbanken, Fredericia with Landsbyggefonden and its 25 % local share, and two years
of synthetic ledger lines that reconcile to the øre — one measure over-spent, one line on a
project code no measure has."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from omrade.finance.models import ActualsImport, ClosedYear, FundingSource, Transaction
from omrade.finance.selectors import finance_year
from omrade.finance.services.sources import current_amount
from omrade.programmes.models import Programme
from tests.conftest import needs_shared_data

pytestmark = [needs_shared_data]


def _programme(code: str) -> Programme:
    return Programme.objects.get(municipality__code=code)


def test_fredrikstad_state_grant_and_ledger_reconcile(demo_data: None) -> None:
    programme = _programme("3107")
    state = FundingSource.objects.get(programme=programme, code="KDD")
    assert current_amount(state, 2023).amount == Decimal(5_000_000)  # the real 2023 grant
    assert state.agreement is not None
    assert state.agreement.signed_on.isoformat() == "2023-09-05"
    this_year = min(timezone.localdate().year, programme.end_year)
    year = finance_year(programme, this_year)
    assert year.synthetic
    ledger = Transaction.objects.filter(measure__programme=programme, year=this_year)
    assert year.totals.spent == ledger.aggregate(total=Sum("amount"))["total"]
    assert sum(row.figures.spent for row in year.sources) == year.totals.spent
    assert [row.measure.title for row in year.measures if row.figures.over_spent] == [
        "Bostabilitet for barnefamilier"
    ]
    assert year.in_kind.value > 0
    imports = ActualsImport.objects.filter(municipality=programme.municipality, year=this_year)
    assert [item.rows_unmatched for item in imports] == [1]
    assert ClosedYear.objects.filter(programme=programme, year=this_year - 1).exists()


def test_fredericia_meets_landsbyggefonden_local_share(demo_data: None) -> None:
    programme = _programme("607")
    year = finance_year(programme, min(timezone.localdate().year, programme.end_year))
    assert year.currency == "DKK"
    assert year.co_funding.required == Decimal(25)
    assert not year.co_funding.short
    assert year.co_funding.share is not None
    assert year.co_funding.share >= 25


def test_bergen_is_financed_with_husbanken(demo_data: None) -> None:
    programme = _programme("4601")
    kinds = set(FundingSource.objects.filter(programme=programme).values_list("kind", flat=True))
    assert {"husbanken", "state_grant", "municipal_budget"} <= kinds
    year = finance_year(programme, min(timezone.localdate().year, programme.end_year))
    assert year.totals.allocated == year.granted  # all distributed to the four areas
