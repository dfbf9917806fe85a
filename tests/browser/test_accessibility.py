"""Every page reachable from the navigation, as each demo role, in a real Chromium with axe-core."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import Error as PlaywrightError

from omrade.shell.demo import DEMO_PASSWORD
from omrade.tenancy.demo import demo_username
from omrade.tenancy.models import MUNICIPAL_ROLES, Municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_SOURCE = settings.NODE_MODULES / "axe-core" / "axe.min.js"


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    # A login lands on "Mitt arbeid", or on the choice of municipality for several.
    page.wait_for_url(re.compile(r"/(start|m/[^/]+/mitt-arbeid)/$"))


def axe_violations(page) -> list[str]:
    # Injected through DevTools, so the page's strict Content-Security-Policy stays on.
    page.evaluate("source => (0, eval)(source)", AXE_SOURCE.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [
        f"{page.url}: {violation['id']} ({len(violation['nodes'])}× "
        f"{violation['nodes'][0]['target']}) {violation['help']}"
        for violation in result["violations"]
    ]


# Links to files (exports, feeds, photos): /export.csv, /export/xlsx/, calendar.ics, /bilde/ …
FILE_LINK = re.compile(
    r"(/export[./]|\.[a-z]{2,7}$|/(docx|pdf|csv|xlsx|geojson)/$|/bilde/$|/tokens/$)"
)


def links_on(page, base_url: str) -> set[str]:
    hrefs = page.eval_on_selector_all("nav a, main a", "els => els.map(a => a.href)")
    return {
        href.split("#")[0]
        for href in hrefs
        if href.startswith(base_url)
        and not any(skip in href for skip in ("/admin/", "/api/"))
        and not FILE_LINK.search(href.split("?")[0])  # downloads, not pages
    }


def page_kind(url: str) -> str:
    """Pages that differ only by ids or codes (one per area, say) are one kind of page."""
    return re.sub(r"\d+", "#", url)


def crawl_and_check(page, base_url: str, start: str, limit: int = 400) -> tuple[int, list[str]]:
    """Open one page of every kind reachable from the start page; axe each one. (An admin
    reaches about 115 kinds; the limit only guards against a loop of ever new kinds.)"""
    queue, seen, violations = [base_url + start], set(), []
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if page_kind(url) in seen:
            continue
        seen.add(page_kind(url))
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a link to a file the pattern did not catch
            if "Download is starting" in str(error):
                continue
            raise
        if response is not None and response.status >= 400:  # a broken link is a failure too
            violations.append(f"{url}: HTTP {response.status}")
            continue
        violations += axe_violations(page)
        queue += sorted(link for link in links_on(page, base_url) if page_kind(link) not in seen)
    return len(seen), violations


def test_every_page_passes_axe_for_every_role(page, demo):
    fredrikstad = Municipality.objects.get(code="3107")
    usernames = [demo_username(fredrikstad, role) for role in MUNICIPAL_ROLES]
    violations: list[str] = []
    visited = 0
    # Django's admin and Swagger UI (/admin/, /api/docs) are third-party pages for staff.
    for username in [None, *usernames, "platform-admin"]:
        page.context.clear_cookies()
        if username:
            log_in(page, demo, username)
        count, found = crawl_and_check(page, demo, "/m/3107/" if username else "/")
        print(f"{username or 'anonymous'}: {count} kinds of page")
        visited += count
        violations += found
    assert visited > 60
    assert violations == []


def test_axe_finds_a_real_violation(page, demo):
    """The check itself works: an image without alt text is reported."""
    page.goto(demo + "/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=x>')")
    assert any("image-alt" in violation for violation in axe_violations(page))


def test_keyboard_user_skips_to_content_and_submits_a_form(page, demo):
    log_in(page, demo, "fredrikstad-admin")
    page.goto(demo + "/m/3107/units/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Hopp til hovedinnhold"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.focus("#id_name")
    page.keyboard.type("Ny etat")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # choose the first kind in the select
    assert page.input_value("#id_kind") != ""
    for _field in ("parent", "head_title", "submit button"):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("cell", name="Ny etat", exact=True).count() == 1


def test_error_summary_gets_focus_and_links_to_the_field(page, demo):
    log_in(page, demo, "fredrikstad-admin")
    page.goto(demo + "/m/3107/organisations/")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    page.click(".ds-error-summary a[href='#id_name']")
    assert page.evaluate("document.activeElement.id") == "id_name"
