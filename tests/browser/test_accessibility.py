"""Every page reachable from the navigation, as each demo role, in a real Chromium with axe-core."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Q
from django.test import Client

from omrade.shell.demo import DEMO_PASSWORD
from omrade.tenancy.demo import demo_username
from omrade.tenancy.models import MUNICIPAL_ROLES, Municipality

# The crawl reads the shared demo (fixture `demo`); the other tests have a database of their own.
pytestmark = pytest.mark.browser
own_database = pytest.mark.django_db(transaction=True)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_SOURCE = settings.NODE_MODULES / "axe-core" / "axe.min.js"


def log_in(page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
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


class _LinkCollector(HTMLParser):
    """The links of a page's navigation and main content, as the browser crawl followed them."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside <nav> or <main>
        self.links: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element_id = dict(attrs).get("id")
        if element_id:
            self.ids.append(element_id)
        if tag in ("nav", "main"):
            self.depth += 1
        elif tag == "a" and self.depth:
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("nav", "main") and self.depth:
            self.depth -= 1


def problems_in(html: str) -> list[str]:
    """What a page must not have: an id twice (a label would focus the wrong field) or
    Django's "---------" for no choice."""
    collector = _LinkCollector()
    collector.feed(html)
    twice = sorted(
        {element_id for element_id in collector.ids if collector.ids.count(element_id) > 1}
    )
    return [f"id {element_id} twice" for element_id in twice] + (
        ['"---------" in a list'] if ">---------<" in html else []
    )


def links_in(html: str, url: str) -> set[str]:
    collector = _LinkCollector()
    collector.feed(html)
    found = set()
    for href in collector.links:
        link = urljoin(url, href).split("#")[0]
        parts = urlsplit(link)
        if parts.scheme not in ("http", "") or parts.netloc not in ("", "testserver"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if any(path.startswith(skip) for skip in ("/admin/", "/api/", "/static/", "/media/")):
            continue
        if FILE_LINK.search(parts.path):  # downloads, not pages
            continue
        found.add(path)
    return found


def page_kind(url: str) -> str:
    """Pages that differ only by ids (one per area, say) are one kind of page; each
    municipality's pages are kinds of their own (their data differ)."""
    path = urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
    municipality = re.match(r"^/m/([^/]+)/", path)
    prefix = municipality.group(0) if municipality else "/"
    return prefix + re.sub(r"\d+", "#", path[len(prefix) :])


@dataclass
class Crawl:
    """What the HTTP pass found: the first visitor and path of every kind, and the failures."""

    first: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # kind → (user, path)
    visits: int = 0
    failures: list[str] = field(default_factory=list)


def municipality_of(path: str) -> str | None:
    """The code of the municipality a page belongs to; None for pages outside /m/<code>/."""
    municipality = re.match(r"^/m/([^/]+)/", path)
    return municipality.group(1) if municipality else None


def http_pass(
    username: str | None,
    starts: list[str],
    crawl: Crawl,
    limit: int = 400,
    scope: Callable[[str], bool] = lambda path: True,
) -> None:
    """Open every kind of page reachable from the start pages with Django's test client, as
    one visitor: any 5xx, and any 4xx on a page a link led to, is a failure. Links and
    redirects to pages outside the scope are not followed (another test crawls those)."""
    client = Client(raise_request_exception=False)
    if username:
        client.force_login(User.objects.get(username=username))
    queue, seen = list(starts), set()
    while queue and len(seen) < limit:
        path = queue.pop(0)
        kind = page_kind(path)
        if kind in seen:
            continue
        seen.add(kind)
        response = client.get(path)
        crawl.visits += 1
        who = username or "anonymous"
        if response.status_code >= 500 or (response.status_code >= 400 and path not in starts):
            crawl.failures.append(f"{who} {path}: HTTP {response.status_code}")
            continue
        if response.status_code in (301, 302):
            location = urlsplit(response.headers["Location"])
            target = location.path + (f"?{location.query}" if location.query else "")
            if (
                not location.netloc
                and not location.path.startswith("/accounts/login/")
                and scope(target)
            ):
                queue.append(target)
            continue
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        crawl.first.setdefault(kind, (username, path))
        html = response.content.decode()
        crawl.failures += [f"{who} {path}: {problem}" for problem in problems_in(html)]
        queue += sorted(
            link
            for link in links_in(response.content.decode(), path)
            if page_kind(link) not in seen and scope(link)
        )


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
OVERFLOW = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  return [...document.querySelectorAll("body *")]
    .filter((element) => element.getBoundingClientRect().right > width + 1)
    .slice(0, 3)
    .map((element) => element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
      + (typeof element.className === "string" && element.className
        ? "." + element.className.trim().split(/\\s+/).join(".") : ""));
}"""


def browser_pass(page, base_url: str, username: str | None, paths: list[str]) -> list[str]:
    """axe once per page at desktop size, then the same page at 390 px: nothing may scroll
    sideways (at either size)."""
    page.context.clear_cookies()
    if username:
        log_in(page, base_url, username)
    problems: list[str] = []
    for path in paths:
        page.set_viewport_size(DESKTOP)
        response = page.goto(base_url + path)
        if response is not None and response.status >= 400:
            problems.append(f"{username or 'anonymous'} {path}: HTTP {response.status}")
            continue
        problems += axe_violations(page)
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            wide = page.evaluate(OVERFLOW)
            if wide:
                problems.append(f"{path} at {size['width']} px scrolls sideways: {wide}")
    return problems


# The demo's municipalities: each is crawled by a test of its own, so that the crawl spreads
# over pytest-xdist's workers (the longest first); the pages outside them by one more.
DEMO_MUNICIPALITIES = ["3107", "4601", "607", "0301", "0219"]
# At least this many kinds of page in each part (together 421 on 2026-12-07; 200 and more).
LEAST_KINDS = {"3107": 80, "4601": 60, "607": 50, "0301": 30, "0219": 30, None: 2}


def crawl_demo(code: str | None) -> Crawl:
    """The HTTP pass of one part of the demo: one municipality's pages (`code`), or the pages
    outside every municipality (None), as every demo user and anonymous visitors, in the
    order the whole crawl took them (anonymous, each municipality's roles by code, the
    platform admin, the network analyst)."""
    crawl = Crawl()

    def scope(path: str) -> bool:
        return municipality_of(path) == code

    municipalities = list(Municipality.objects.order_by("code"))
    visitors: list[str] = [
        username
        for municipality in municipalities
        for username in (demo_username(municipality, role) for role in MUNICIPAL_ROLES)
        if User.objects.filter(username=username).exists()
    ] + ["platform-admin", "network-analyst"]
    if code is None:
        http_pass(None, ["/"], crawl, scope=scope)
        for username in visitors:
            http_pass(username, ["/"], crawl, scope=scope)
        return crawl
    public = [f"/m/{code}/areas/", f"/m/{code}/medvirkning/"]
    http_pass(None, public, crawl, scope=scope)
    for username in visitors:
        roles = User.objects.get(username=username).role_assignments
        if roles.filter(Q(municipality__code=code) | Q(municipality=None)).exists():
            http_pass(username, [f"/m/{code}/"], crawl, scope=scope)
        elif username == "network-analyst":  # from the front page to every public page
            http_pass(username, public, crawl, scope=scope)
    return crawl


@pytest.mark.parametrize("code", [*DEMO_MUNICIPALITIES, None])
def test_every_page_kind_of_every_municipality_for_every_role(page, demo, code):
    """Every municipality of the demo, as every role there, the platform admin and anonymous
    visitors: an HTTP pass finds every kind of page each of them reaches (no 5xx, no broken
    link); the browser then opens each kind once, as the first visitor who reached it, and
    checks it with axe-core and for sideways scrolling on a desktop and a 390 px phone. One
    test per municipality and one for the pages outside them (`code` None)."""
    codes = set(Municipality.objects.values_list("code", flat=True))
    assert codes == set(DEMO_MUNICIPALITIES), "a new demo municipality needs a test here"
    started = time.monotonic()
    crawl = crawl_demo(code)
    http_seconds = time.monotonic() - started

    by_user: dict[str | None, list[str]] = {}
    for username, path in crawl.first.values():
        by_user.setdefault(username, []).append(path)
    problems = list(crawl.failures)
    for username, paths in by_user.items():
        problems += browser_pass(page, demo, username, sorted(paths))
    print(
        f"{code or 'outside the municipalities'}: {crawl.visits} HTTP visits "
        f"in {http_seconds:.0f} s, {len(crawl.first)} kinds of page in the browser, "
        f"{time.monotonic() - started:.0f} s in all"
    )
    assert len(crawl.first) >= LEAST_KINDS[code]
    assert problems == [], "\n".join(problems)


@own_database
def test_axe_finds_a_real_violation(page, live_server):
    """The check itself works: an image without alt text is reported."""
    page.goto(live_server.url + "/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=x>')")
    assert any("image-alt" in violation for violation in axe_violations(page))


@own_database
def test_keyboard_user_skips_to_content_and_submits_a_form(page, live_server, tenants, password):
    log_in(page, live_server.url, "home-municipal_admin", password)
    page.goto(live_server.url + "/m/3107/units/")
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


@own_database
def test_error_summary_gets_focus_and_links_to_the_field(page, live_server, tenants, password):
    log_in(page, live_server.url, "home-municipal_admin", password)
    page.goto(live_server.url + "/m/3107/organisations/")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    page.click(".ds-error-summary a[href='#id_name']")
    assert page.evaluate("document.activeElement.id") == "id_name"
