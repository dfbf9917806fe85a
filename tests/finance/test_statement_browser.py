"""The statement page in a real Chromium: no axe-core violations (WCAG 2.1 AA) and no
sideways scrolling at 390 px, in bokmål and for a Danish municipality."""

from __future__ import annotations

import pytest

from omrade.finance.models import Transaction
from tests.browser.test_accessibility import DESKTOP, OVERFLOW, PHONE, axe_violations, log_in
from tests.finance.test_statement import Booked, booked  # noqa: F401 - the booked fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_statement_page_is_accessible_on_a_phone(page, live_server, booked: Booked, password):  # noqa: F811
    programme = booked.money.portfolio.setup.programme
    Transaction.objects.filter(key="1-1").update(synthetic=True)  # the synthetic note shows
    path = f"/m/3107/programmes/{programme.pk}/finance/statement/?year=2024"
    log_in(page, live_server.url, "home-programme_manager", password)
    page.set_viewport_size(DESKTOP)
    response = page.goto(live_server.url + path)
    assert response is not None
    assert response.status == 200
    assert axe_violations(page) == []
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        assert page.evaluate(OVERFLOW) == [], size
    assert page.get_by_role("table").count() >= 4
    assert page.get_by_text("Syntetiske tall", exact=False).count() >= 1


def test_danish_statement_page_is_accessible(page, live_server, booked: Booked, password):  # noqa: F811
    programme = booked.money.portfolio.setup.programme
    programme.municipality.default_language = "da"
    programme.municipality.save()
    log_in(page, live_server.url, "home-board_member", password)
    page.goto(f"{live_server.url}/m/3107/programmes/{programme.pk}/finance/statement/?year=2024")
    assert axe_violations(page) == []
    assert page.get_by_role("columnheader", name="Forbrugt").count() >= 1
