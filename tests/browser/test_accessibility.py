"""Every page reachable from the navigation, as each demo role, in a real Chromium with axe-core."""

from __future__ import annotations

import pytest
from django.conf import settings

from omrade.shell.demo import DEMO_PASSWORD, demo_load
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
    page.wait_for_url(f"{base_url}/")


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


def pages_from_navigation(page, base_url: str, start: str) -> list[str]:
    page.goto(base_url + start)
    links = page.eval_on_selector_all("nav a, main a[href^='/']", "els => els.map(a => a.href)")
    return sorted({start, *[link.split("#")[0] for link in links if link.startswith(base_url)]})


@pytest.fixture
def demo(live_server):
    demo_load()
    return live_server.url


def test_every_page_passes_axe_for_every_role(page, demo):
    fredrikstad = Municipality.objects.get(code="3107")
    usernames = [demo_username(fredrikstad, role) for role in MUNICIPAL_ROLES]
    violations: list[str] = []
    visited = 0
    for username in [None, *usernames, "platform-admin"]:
        page.context.clear_cookies()
        if username:
            log_in(page, demo, username)
        start = "/m/3107/" if username else "/"
        for url in pages_from_navigation(page, demo, start):
            if "/admin/" in url or "/api/" in url:
                continue  # Django's admin and Swagger UI are third-party pages for staff
            page.goto(url if url.startswith("http") else demo + url)
            violations += axe_violations(page)
            visited += 1
    assert visited > 30
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
