"""The thematic map in a real browser: drawn by Leaflet, operable by keyboard, sortable table."""

from __future__ import annotations

import pytest

from omrade.areas.models import Area
from tests.browser.test_accessibility import axe_violations
from tests.conftest import needs_shared_data

pytestmark = [
    pytest.mark.browser,
    needs_shared_data,  # the map of Bergen's areas comes from the areas demo
]


def test_map_areas_are_reachable_and_opened_by_keyboard(page, demo):
    page.goto(demo + "/m/4601/areas/?level=levekarssone")
    page.wait_for_selector("#area-map path[tabindex='0']")
    assert page.locator("#area-map path[tabindex='0']").count() == 51
    first = page.locator("#area-map path[tabindex='0']").first
    label = first.get_attribute("aria-label")
    first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    name = label.split(" (")[0]
    assert page.locator("h1").inner_text() == name
    assert Area.objects.filter(name=name, municipality__code="4601").exists()
    assert axe_violations(page) == []


def test_table_sorts_by_rank_and_the_worst_areas_come_first(page, demo):
    page.goto(demo + "/m/4601/areas/?level=levekarssone")
    names = page.locator("table[data-sortable] tbody tr td:nth-child(3)").all_inner_texts()
    # Bergen's initiative areas are among the worst in the synthetic demo series.
    assert {"Solheim", "Slettebakken", "Loddefjord", "Olsvik"} <= set(names[:8])
    header = page.locator("table[data-sortable] th").nth(2)
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    sorted_names = page.locator("table[data-sortable] tbody tr td:nth-child(3)").all_inner_texts()
    assert sorted_names[0] == "Arna"
    assert page.locator(".ds-alert").first.inner_text().startswith("Tallene er oppdiktet")
