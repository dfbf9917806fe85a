"""The money pages: the year's overview per role, sources, allocations with refusals, closing
a year, a measure's forecast and money section, an action plan's money, staff costs."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from omrade.finance.models import (
    Allocation,
    AllocationChange,
    ClosedYear,
    Forecast,
    FundingSource,
    ReportingDuty,
    SourceAmount,
    StaffCost,
    Transaction,
)
from omrade.finance.services import budgets, sources
from omrade.portfolio.models import ActionPlan, ActionPlanItem, Measure
from omrade.programmes.services import programme as programme_services
from omrade.tenancy.models import Role
from tests.factories import MunicipalUnitFactory
from tests.finance.conftest import Money

pytestmark = pytest.mark.django_db


def url(name: str, money: Money, *args: object) -> str:
    return reverse(f"finance:{name}", args=["3107", money.portfolio.setup.programme.pk, *args])


def allocate(money: Money, source: FundingSource, measure: Measure, amount: str) -> None:
    budgets.allocation_set(
        by=None,
        source=source,
        year=2024,
        measure=measure,
        amount=Decimal(amount),
        reason="Handlingsplan 2024",
    )


def spend(measure: Measure, amount: str, day: date, key: str) -> Transaction:
    return Transaction.objects.create(
        municipality=measure.municipality,
        measure=measure,
        year=day.year,
        booked_on=day,
        amount=Decimal(amount),
        project_code="P1",
        key=key,
    )


@pytest.fixture
def spent(money: Money) -> Money:
    """2024: KDD gives Snuplassen 400 000 and Nærmiljøarenaer 100 000; the municipal budget
    gives Leseferdigheter 150 000. Snuplassen spent 450 000 (over), the reading 30 000."""
    portfolio = money.portfolio
    allocate(money, money.state, portfolio.snuplassen, "400000")
    allocate(money, money.state, portfolio.meeting_places, "100000")
    allocate(money, money.municipal, portfolio.reading, "150000")
    spend(portfolio.snuplassen, "450000.50", date(2024, 3, 10), "a")
    spend(portfolio.reading, "30000", date(2024, 5, 2), "b")
    return money


# --- the overview ---------------------------------------------------------------------------


def test_manager_sees_sources_measures_and_flags(client, spent: Money, tenants) -> None:
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.get(url("overview", spent), {"year": 2024})
    assert response.status_code == 200
    finance = response.context["finance"]
    kdd = finance.source(spent.state.pk)
    assert kdd.granted == Decimal("500000")
    assert kdd.figures.allocated == Decimal("500000")
    assert kdd.figures.spent == Decimal("450000.50")
    page = response.content.decode()
    assert "KDD" in page
    assert "Kommunens budsjett" in page
    assert "500 000,00" in page.replace("\xa0", " ")  # kroner with øre, grouped
    assert "overforbruk" in page  # Snuplassen spent more than it was given
    assert "Brukt per måned mot plan" in page
    assert "<svg" in page
    assert "Handlingsplan 2024" in page  # the year's budget changes, with why
    assert response.context["totals"].spent == Decimal("480000.50")


def test_overview_defaults_to_the_latest_year_with_money(client, spent: Money, tenants) -> None:
    client.force_login(tenants.users[Role.BOARD_MEMBER])
    response = client.get(url("overview", spent))
    assert response.status_code == 200
    assert response.context["year"] == 2024


def test_coordinator_sees_only_their_sub_programme(client, spent: Money, tenants) -> None:
    client.force_login(tenants.users[Role.COORDINATOR])
    response = client.get(url("overview", spent), {"year": 2024})
    assert response.status_code == 200
    finance = response.context["finance"]
    assert finance.sources == []
    assert {row.measure.title for row in finance.measures} == {
        "Nærmiljøarenaer",
        "Leseferdigheter",
    }
    page = response.content.decode()
    assert "NAV Snuplassen" not in page
    assert "Per kilde" not in page
    assert response.context["totals"].spent == Decimal("30000")
    # and no source pages
    assert client.get(url("source_list", spent)).status_code == 403
    assert client.get(url("source_detail", spent, spent.state.pk)).status_code == 403


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ANALYST, Role.GRANT_OFFICER])
def test_readers_without_finance_rights_get_403(client, spent: Money, tenants, role) -> None:
    client.force_login(tenants.users[role])
    assert client.get(url("overview", spent)).status_code == 403
    assert client.get(url("allocations", spent)).status_code == 403


def test_another_municipality_gets_404(client, spent: Money, tenants) -> None:
    client.force_login(tenants.other_admin)
    programme = spent.portfolio.setup.programme
    response = client.get(reverse("finance:overview", args=["4601", programme.pk]))
    assert response.status_code == 404


def test_finance_tab_shown_to_finance_readers_only(client, spent: Money, tenants) -> None:
    programme = spent.portfolio.setup.programme
    page = reverse("programmes:programme_detail", args=["3107", programme.pk])
    overview = url("overview", spent)
    client.force_login(tenants.users[Role.FINANCE_OFFICER])
    assert overview in client.get(page).content.decode()
    client.force_login(tenants.users[Role.VIEWER])
    assert overview not in client.get(page).content.decode()


# --- sources --------------------------------------------------------------------------------


def test_source_create_and_revise_amount(client, money: Money, tenants) -> None:
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.post(
        url("source_create", money),
        {"code": "LBF", "name": "Landsbyggefonden", "kind": "landsbyggefonden", "currency": "NOK"},
    )
    source = FundingSource.objects.get(code="LBF")
    assert response.status_code == 302
    assert response.url == url("source_detail", money, source.pk)
    client.post(
        url("source_detail", money, source.pk),
        {"action": "amount", "amount-year": 2024, "amount-amount": "200000"},
    )
    budgets.allocation_set(
        by=None,
        source=source,
        year=2024,
        measure=money.portfolio.reading,
        amount=Decimal("150000"),
        reason="Lesing",
    )
    # Once allocated, a revision without a reason is refused and nothing is written.
    refused = client.post(
        url("source_detail", money, source.pk),
        {"action": "amount", "amount-year": 2024, "amount-amount": "250000"},
    )
    assert refused.status_code == 400
    assert "skriv hvorfor beløpet revideres" in refused.content.decode()
    assert SourceAmount.objects.filter(source=source).count() == 1
    client.post(
        url("source_detail", money, source.pk),
        {
            "action": "amount",
            "amount-year": 2024,
            "amount-amount": "250000",
            "amount-reason": "Økt tilsagn",
        },
    )
    versions = list(SourceAmount.objects.filter(source=source).order_by("version"))
    assert [(row.version, row.amount) for row in versions] == [
        (1, Decimal("200000")),
        (2, Decimal("250000")),
    ]
    detail = client.get(url("source_detail", money, source.pk)).content.decode()
    assert "Økt tilsagn" in detail
    assert "250 000,00" in detail.replace("\xa0", " ")


def test_duplicate_source_code_is_refused(client, money: Money, tenants) -> None:
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.post(
        url("source_create", money),
        {"code": "KDD", "name": "Igjen", "kind": "state_grant", "currency": "NOK"},
    )
    assert response.status_code == 400
    assert "alt en kilde med denne koden" in response.content.decode()
    assert FundingSource.objects.filter(code="KDD").count() == 1


def test_source_edit_and_duty_delivered(client, money: Money, tenants) -> None:
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.post(
        url("source_edit", money, money.state.pk),
        {"name": "Statlig tilskudd KDD", "kind": "state_grant", "currency": "NOK"},
    )
    assert response.status_code == 302
    money.state.refresh_from_db()
    assert money.state.name == "Statlig tilskudd KDD"
    client.post(
        url("source_detail", money, money.state.pk),
        {"action": "duty", "duty-title": "Årsrapport", "duty-due_on": "2025-02-01"},
    )
    duty = ReportingDuty.objects.get(source=money.state)
    client.post(
        url("source_detail", money, money.state.pk), {"action": "duty_done", "object": duty.pk}
    )
    duty.refresh_from_db()
    assert duty.done_on == timezone.localdate()


def test_board_member_reads_sources_but_cannot_write(client, money: Money, tenants) -> None:
    client.force_login(tenants.users[Role.BOARD_MEMBER])
    assert client.get(url("source_detail", money, money.state.pk)).status_code == 200
    response = client.post(
        url("source_detail", money, money.state.pk),
        {"action": "amount", "amount-year": 2025, "amount-amount": "1"},
    )
    assert response.status_code == 403
    assert not SourceAmount.objects.filter(source=money.state, year=2025).exists()
    assert client.get(url("source_create", money)).status_code == 403


# --- allocations ----------------------------------------------------------------------------


def test_allocation_form_saves_with_its_change(client, money: Money, tenants) -> None:
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.post(
        url("allocations", money) + "?year=2024",
        {
            "action": "allocate",
            "allocation-source": money.state.pk,
            "allocation-measure": money.portfolio.snuplassen.pk,
            "allocation-amount": "120000.50",
            "allocation-reason": "Oppstart",
        },
    )
    assert response.status_code == 302
    allocation = Allocation.objects.get()
    assert (allocation.year, allocation.amount) == (2024, Decimal("120000.50"))
    assert AllocationChange.objects.get().reason == "Oppstart"
    page = client.get(url("allocations", money), {"year": 2024}).content.decode()
    assert "Oppstart" in page


def test_allocation_refusal_shows_the_message_and_writes_nothing(
    client, money: Money, tenants
) -> None:
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.post(
        url("allocations", money) + "?year=2024",
        {
            "action": "allocate",
            "allocation-source": money.state.pk,
            "allocation-measure": money.portfolio.snuplassen.pk,
            "allocation-amount": "600000",
            "allocation-reason": "For mye",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ds-error-summary" in page
    assert "500" in page
    assert not Allocation.objects.exists()
    assert not AllocationChange.objects.exists()


def test_close_and_reopen_a_year(client, money: Money, tenants) -> None:
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    programme = money.portfolio.setup.programme
    client.post(url("allocations", money) + "?year=2024", {"action": "close"})
    assert ClosedYear.objects.filter(programme=programme, year=2024).exists()
    # A second close says so instead of failing.
    again = client.post(url("allocations", money) + "?year=2024", {"action": "close"}, follow=True)
    assert again.status_code == 200
    assert ClosedYear.objects.filter(programme=programme, year=2024).count() == 1
    refused = client.post(url("allocations", money) + "?year=2024", {"action": "reopen"})
    assert refused.status_code == 400
    assert ClosedYear.objects.filter(programme=programme, year=2024).exists()
    client.post(
        url("allocations", money) + "?year=2024",
        {"action": "reopen", "reopen-reason": "Retting etter revisjon"},
    )
    assert not ClosedYear.objects.filter(programme=programme, year=2024).exists()


# --- a measure's money and forecast ---------------------------------------------------------


def test_measure_page_shows_money_to_finance_reader_only(client, spent: Money, tenants) -> None:
    measure = spent.portfolio.snuplassen
    client.force_login(tenants.users[Role.FINANCE_OFFICER])
    page = client.get(measure.get_absolute_url()).content.decode()
    assert 'id="money-heading"' in page
    assert "450 000,50" in page.replace("\xa0", " ")
    assert "KDD: 400 000,00" in page.replace("\xa0", " ")
    assert "forecast-amount" not in page  # the finance officer does not enter forecasts
    client.force_login(tenants.users[Role.VIEWER])
    page = client.get(measure.get_absolute_url()).content.decode()
    assert 'id="money-heading"' not in page


def test_forecast_entered_from_the_measure(client, spent: Money, tenants) -> None:
    measure = spent.portfolio.meeting_places
    programme = spent.portfolio.setup.programme
    year = timezone.localdate().year
    if year > programme.end_year:
        programme_services.programme_update(by=None, programme=programme, end_year=year)
    client.force_login(tenants.users[Role.COORDINATOR])  # coordinates housing
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "forecast-amount" in page
    response = client.post(
        url("forecast_set", spent, measure.pk), {"forecast-amount": "90000", "forecast-note": "x"}
    )
    assert response.status_code == 302
    assert response.url.startswith(measure.get_absolute_url())
    assert Forecast.objects.get(measure=measure, year=year).amount == Decimal("90000")
    bad = client.post(
        url("forecast_set", spent, measure.pk), {"forecast-amount": "-5"}, follow=True
    )
    assert "Prognosen ble ikke lagret" in bad.content.decode()
    assert Forecast.objects.get(measure=measure, year=year).amount == Decimal("90000")


def test_forecast_refused_for_another_sub_programme(client, spent: Money, tenants) -> None:
    client.force_login(tenants.users[Role.COORDINATOR])
    measure = spent.portfolio.snuplassen  # employment: not the coordinator's
    response = client.post(url("forecast_set", spent, measure.pk), {"forecast-amount": "1"})
    assert response.status_code == 403
    assert not Forecast.objects.exists()


def test_action_plan_shows_its_measures_money(client, spent: Money, tenants) -> None:
    setup = spent.portfolio.setup
    plan = ActionPlan.objects.create(
        programme=setup.programme, sub_programme=setup.housing, year=2024
    )
    ActionPlanItem.objects.create(plan=plan, measure=spent.portfolio.reading, cost=150000)
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    page = client.get(plan.get_absolute_url()).content.decode().replace("\xa0", " ")
    assert 'id="plan-money-heading"' in page
    assert "150 000,00" in page
    assert "30 000,00" in page
    assert "100 000,00" not in page  # Nærmiljøarenaer's allocation: not in the plan
    client.force_login(tenants.users[Role.VIEWER])
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'id="plan-money-heading"' not in page


# --- staff costs ----------------------------------------------------------------------------


def test_finance_officer_sets_staff_cost(client, money: Money, tenants) -> None:
    unit = MunicipalUnitFactory(municipality=tenants.home, name="NAV")
    client.force_login(tenants.users[Role.FINANCE_OFFICER])
    staff_url = reverse("finance:staff_costs", args=["3107"])
    response = client.post(staff_url, {"year": 2024, "unit": unit.pk, "cost_per_fte": "850000"})
    assert response.status_code == 302
    assert StaffCost.objects.get(unit=unit, year=2024).cost_per_fte == Decimal("850000")
    refused = client.post(staff_url, {"year": 2024, "cost_per_fte": "-1"})
    assert refused.status_code == 400
    assert StaffCost.objects.count() == 1


def test_manager_reads_staff_costs_but_cannot_set_them(client, money: Money, tenants) -> None:
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    staff_url = reverse("finance:staff_costs", args=["3107"])
    assert client.get(staff_url).status_code == 200
    assert client.post(staff_url, {"year": 2024, "cost_per_fte": "1"}).status_code == 403
    assert not StaffCost.objects.exists()
    client.force_login(tenants.users[Role.VIEWER])
    assert client.get(staff_url).status_code == 403


def test_sources_service_still_audits_from_the_page(client, money: Money, tenants) -> None:
    """The page writes through the service: the audit log has the change."""
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    client.post(
        url("source_detail", money, money.state.pk),
        {
            "action": "earmark",
            "earmark-sub_programme": money.portfolio.setup.housing.pk,
            "earmark-share": "40",
        },
    )
    assert money.state.earmarks.get().share == Decimal("40")
    assert sources.current_amount(money.state, 2024).amount == Decimal("500000")


# --- "Mitt arbeid" --------------------------------------------------------------------------


def test_reporting_duty_due_soon_waits_for_manager_and_finance_officer(
    client, money: Money, tenants
) -> None:
    today = timezone.localdate()
    sources.duty_add(
        by=None, source=money.state, title="Halvårsrapport", due_on=today + timedelta(days=10)
    )
    sources.duty_add(
        by=None, source=money.state, title="Sluttrapport", due_on=today + timedelta(days=60)
    )
    my_work = reverse("shell:my_work", args=["3107"])
    for role in (Role.PROGRAMME_MANAGER, Role.FINANCE_OFFICER):
        client.force_login(tenants.users[role])
        page = client.get(my_work).content.decode()
        assert "KDD: Halvårsrapport" in page
        assert "Sluttrapport" not in page  # not due within 30 days
    client.force_login(tenants.users[Role.VIEWER])
    assert "Halvårsrapport" not in client.get(my_work).content.decode()


def test_measure_form_sets_the_accounts_codes(client, money: Money, tenants) -> None:
    measure = money.portfolio.reading
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    edit = reverse("portfolio:measure_edit", args=["3107", measure.programme_id, measure.pk])
    assert 'id="id_project_code"' in client.get(edit).content.decode()
    response = client.post(
        edit,
        {
            "kind": measure.kind,
            "title": measure.title,
            "sub_programme": measure.sub_programme_id,
            "progress": 0,
            "project_code": "P-4711",
            "responsibility_code": "3100",
            "service_code": "2650",
            "ordinary_operations": "on",
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.project_code, measure.responsibility_code, measure.service_code) == (
        "P-4711",
        "3100",
        "2650",
    )
    assert measure.ordinary_operations is True
