"""Issue 6's "done when", driven like a person in a real Chromium, axe-core on every page.

1. A coordinator builds a survey with a map question in the builder and publishes it; a
   resident on a phone draws an area on the map, another answers the non-map alternative by
   keyboard only; staff read the results (chart and hexagon map); the public results hide
   numbers below five.
2. A coordinator opens a children's map session; a child on a phone joins with the class code,
   draws the way to school and marks a place, a keyboard-only child uses the list; staff read
   the aggregate; no names are stored and a child's free text is not public.
3. Staff register workshop ideas on residents' behalf, take one into a measure and decline
   another with a reason; the public idea pages tell what happened.
4. An area developer on a phone logs attendance by age group with the quick form; the count
   shows on the meeting place's page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from omrade.participation.ideas.models import Idea
from omrade.participation.places.models import ActivitySession
from omrade.participation.surveys.models import (
    Answer,
    ChildMapMark,
    ChildMapSession,
    Response,
    Survey,
)
from omrade.portfolio.services import measures as measure_services
from omrade.programmes.services import programme as programme_services
from tests.browser.test_accessibility import axe_violations
from tests.factories import PASSWORD
from tests.participation.test_places_services import build_activity, build_place
from tests.participation.test_surveys import make_area

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148",
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


class Visitor:
    """One person's browser: a context of its own (own cookies), axe on every page seen."""

    def __init__(self, browser: Any, base_url: str, violations: list[str], **options: Any):
        self.context = browser.new_context(locale="nb-NO", **options)
        self.context.set_default_timeout(5000)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.violations = violations

    def check(self) -> None:
        """Run axe-core on the page as it is now (after a navigation or a change)."""
        self.page.wait_for_load_state()
        self.violations.extend(axe_violations(self.page))

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)
        self.check()

    def click_and_wait(self, locator: Any) -> None:
        with self.page.expect_navigation():
            locator.click()
        self.check()

    def press_and_wait(self, key: str) -> None:
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        self.check()

    def log_in(self, username: str) -> None:
        self.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        with self.page.expect_navigation():
            self.page.click("main button[type=submit]")


@pytest.fixture
def people(browser: Any, live_server: Any) -> Iterator[Any]:
    """Opens a browser context per person; at the end, the test fails (in teardown) if axe found
    a violation on any page anyone saw."""
    violations: list[str] = []

    @contextmanager
    def person(**options: Any) -> Iterator[Visitor]:
        visitor = Visitor(browser, live_server.url, violations, **(options or DESKTOP))
        try:
            yield visitor
        finally:
            visitor.context.close()

    yield person
    assert violations == []


def focused(page: Any) -> str:
    """What the keyboard is on: the focused element's tag, type, name and value."""
    return page.evaluate(
        "(() => { const e = document.activeElement;"
        " return [e.tagName.toLowerCase(), e.type || '', e.name || '', e.value || ''].join(' ');"
        " })()"
    )


def skip_to_main(page: Any) -> None:
    """The first Tab reaches the skip link; Enter moves on to the page's own content. (After a
    form posted from a page at #main the browser keeps the fragment through the redirect, and
    the next page opens with the focus on its main content already.)"""
    if page.evaluate("document.activeElement.id") == "main":
        return
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Hopp til hovedinnhold"
    page.keyboard.press("Enter")


def tab_to(page: Any, wanted: str, limit: int = 60) -> None:
    """Press Tab until the focused element's description starts with `wanted`."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if focused(page).startswith(wanted):
            return
    raise AssertionError(f"Tab never reached {wanted!r} on {page.url}; last: {focused(page)!r}")


def tap_map(page: Any, selector: str, points: list[tuple[float, float]]) -> None:
    """Tap the map at fractions of its box (a finger on a phone)."""
    page.locator(selector).scroll_into_view_if_needed()
    box = page.locator(selector).bounding_box()
    for x, y in points:
        page.touchscreen.tap(box["x"] + box["width"] * x, box["y"] + box["height"] * y)


# --- 1. a survey with a map question ---------------------------------------------------------


def test_survey_with_a_map_question_from_builder_to_results(people, tenants):
    area = make_area(tenants.home)  # Lisleby, a square around (10.93, 59.215)
    with people() as staff:
        staff.log_in("home-coordinator")
        staff.goto("/m/3107/surveys/")
        staff.click_and_wait(staff.page.get_by_role("link", name="Ny undersøkelse"))
        staff.page.get_by_label("Tittel").fill("Trygghet i Lisleby")
        staff.page.get_by_label("Områder").select_option(str(area.pk))
        staff.click_and_wait(staff.page.get_by_role("button", name="Lagre"))
        survey = Survey.objects.get()
        assert staff.page.url == staff.base_url + survey.get_absolute_url()
        page_one = survey.pages.get()
        staff.click_and_wait(staff.page.get_by_role("link", name="Endre sidetittel"))
        staff.page.get_by_label("Sidetittel").fill("Tryggheten din")
        staff.click_and_wait(staff.page.get_by_role("button", name="Lagre"))
        page_one.refresh_from_db()
        assert page_one.title == {"nb": "Tryggheten din"}

        # A map question answered with an area, then a single-choice question.
        staff.page.get_by_label("Type spørsmål").select_option("map")
        staff.click_and_wait(staff.page.get_by_role("button", name="Legg til spørsmål"))
        staff.page.locator("#id_text").fill("Hvor føler du deg utrygg?")
        staff.page.get_by_label("Kartsvar").select_option("polygon")
        staff.page.get_by_label("Må besvares").check()
        staff.click_and_wait(staff.page.get_by_role("button", name="Lagre spørsmålet"))
        staff.page.get_by_label("Type spørsmål").select_option("single")
        staff.click_and_wait(staff.page.get_by_role("button", name="Legg til spørsmål"))
        staff.page.locator("#id_text").fill("Hvor ofte er du ute om kvelden?")
        staff.page.get_by_label("Svaralternativer").fill("Ofte\nSjelden\nAldri")
        staff.page.get_by_label("Må besvares").check()
        staff.click_and_wait(staff.page.get_by_role("button", name="Lagre spørsmålet"))
        map_question, choice = survey.questions.order_by("order")
        assert (map_question.kind, map_question.geometry_kind, map_question.page_id) == (
            "map",
            "polygon",
            page_one.pk,
        )
        assert [option["text"]["nb"] for option in choice.options] == ["Ofte", "Sjelden", "Aldri"]
        staff.click_and_wait(staff.page.get_by_role("button", name="Publiser undersøkelsen"))
        staff.click_and_wait(
            staff.page.get_by_role("button", name="Publiser resultatene (små tall skjules)")
        )
        survey.refresh_from_db()
        assert (survey.is_published, survey.results_published) == (True, True)
        start = f"/m/3107/undersokelser/{survey.pk}/"

        # A resident on a phone draws the area with a finger.
        with people(**PHONE) as resident:
            resident.goto(start)
            resident.click_and_wait(resident.page.get_by_role("button", name="Start undersøkelsen"))
            drawing = f"#q{map_question.pk} [data-draw-map]"
            resident.page.wait_for_selector(f"{drawing}.leaflet-container")
            tap_map(resident.page, drawing, [(0.4, 0.4), (0.6, 0.4), (0.6, 0.6), (0.4, 0.6)])
            status = resident.page.locator(f"#q{map_question.pk}-status")
            assert status.inner_text() == "Punkter i tegningen: 4."
            # Four corner markers and the area between them.
            assert resident.page.locator(f"{drawing} path.leaflet-interactive").count() == 5
            resident.check()
            resident.page.get_by_label("Sjelden").check()
            resident.click_and_wait(resident.page.get_by_role("button", name="Gå videre"))
            resident.click_and_wait(resident.page.get_by_role("button", name="Send inn"))
            assert (
                "Takk for svaret ditt! Det er sendt inn."
                in resident.page.locator("main").inner_text()
            )
            drawn = Answer.objects.get(question=map_question)
            assert drawn.geometry["type"] == "Polygon"
            assert len(drawn.geometry["coordinates"][0]) == 5
            # The same phone cannot answer again.
            resident.goto(start)
            assert (
                "Du har allerede svart på denne undersøkelsen."
                in resident.page.locator("main").inner_text()
            )
            assert resident.page.get_by_role("button", name="Start undersøkelsen").count() == 0

        # Another resident answers with the keyboard only: the list of places instead of the map.
        with people(user_agent="Keyboard only") as keyboard:
            keyboard.goto(start)
            skip_to_main(keyboard.page)
            tab_to(keyboard.page, "button submit")
            keyboard.press_and_wait("Enter")
            skip_to_main(keyboard.page)
            tab_to(keyboard.page, f"select select-one q{map_question.pk}_place")
            keyboard.page.keyboard.press("ArrowDown")  # the first place in the list
            assert focused(keyboard.page) == f"select select-one q{map_question.pk}_place {area.pk}"
            keyboard.page.keyboard.press("Tab")
            keyboard.page.keyboard.type("Undergangen ved stasjonen")
            tab_to(keyboard.page, f"input radio q{choice.pk}")
            keyboard.page.keyboard.press("ArrowDown")  # radios move with the arrows
            keyboard.page.keyboard.press("ArrowDown")
            assert focused(keyboard.page) == f"input radio q{choice.pk} 3"
            tab_to(keyboard.page, "button submit")
            keyboard.press_and_wait("Enter")
            skip_to_main(keyboard.page)
            tab_to(keyboard.page, "button submit")
            keyboard.press_and_wait("Enter")
            assert Response.objects.filter(survey=survey, complete=True).count() == 2
            listed = Answer.objects.get(question=map_question, response__pk__gt=drawn.response_id)
            assert (listed.geometry, listed.place_area_id, listed.place_text) == (
                None,
                area.pk,
                "Undergangen ved stasjonen",
            )

            # Public results: two answers are fewer than five, so nothing is broken down.
            keyboard.goto(start + "resultater/")
            main = keyboard.page.locator("main").inner_text()
            assert "2 fullførte svar." in main
            assert main.count("Færre enn 5 har svart: ingen fordeling vises.") == 2
            assert "Sjelden" not in main
            assert "Undergangen ved stasjonen" not in main
            assert keyboard.page.locator("[data-hex-map]:not([hidden])").count() == 0

        # Staff see the chart, the counts and the hexagon map.
        staff.click_and_wait(staff.page.get_by_role("link", name="Resultater", exact=True))
        main = staff.page.locator("main")
        assert "2 fullførte svar." in main.inner_text()
        choice_table = staff.page.locator(f"section[aria-labelledby='result-{choice.pk}'] table")
        assert choice_table.locator("tbody tr").all_inner_texts() == [
            "Ofte\t0\t0,0 %",
            "Sjelden\t1\t50,0 %",
            "Aldri\t1\t50,0 %",
        ]
        assert (
            staff.page.locator(f"section[aria-labelledby='result-{choice.pk}'] svg rect").count()
            == 3
        )
        hex_section = staff.page.locator(f"section[aria-labelledby='result-{map_question.pk}']")
        assert hex_section.locator(".leaflet-container path").count() >= 1
        assert "Lisleby\t1" in hex_section.locator("table").nth(1).inner_text()
        staff.check()


# --- 2. a children's map session (Barnetråkk) ------------------------------------------------


def fits_the_phone(page: Any) -> bool:
    """Nothing sticks out sideways on a 390 px wide screen."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_class_maps_the_way_to_school_on_phones_and_by_keyboard(people, tenants):
    area = make_area(tenants.home)
    secret = "Hemmelig hule bak Kiwi"
    with people() as teacher:
        teacher.log_in("home-coordinator")
        teacher.goto("/m/3107/childmaps/")
        teacher.page.locator("#id_school_name").fill("Lisleby skole")
        teacher.page.get_by_label("Skolens breddegrad").fill("59.215")
        teacher.page.get_by_label("Skolens lengdegrad").fill("10.92")
        teacher.page.get_by_label("Trinn").select_option("5-7")
        teacher.page.get_by_label("Område", exact=True).select_option(str(area.pk))
        teacher.click_and_wait(teacher.page.get_by_role("button", name="Åpne økten og lag kode"))
        session = ChildMapSession.objects.get()
        assert teacher.page.locator(".omr-code").inner_text() == session.code
        enter = "/m/3107/barnetrakk/"

        # A child on a phone types the code in small letters, draws the way to school and
        # marks a place.
        with people(**PHONE) as child:
            child.goto(enter)
            child.page.get_by_label("Koden (6 tegn)").fill(session.code.lower())
            child.click_and_wait(child.page.get_by_role("button", name="Start"))
            assert child.page.url == f"{child.base_url}{enter}{session.code}/"
            assert fits_the_phone(child.page)
            child.page.wait_for_selector("[data-draw-map].leaflet-container")
            # The school is a labelled marker with a text alternative.
            school = child.page.get_by_role("img", name="Skolen: Lisleby skole")
            assert school.count() == 1
            assert "Skolen: Lisleby skole" in child.page.locator(".omr-school-label").inner_text()
            child.page.get_by_label("Veien min til skolen").tap()
            child.page.get_by_label("Hvordan kommer du deg til skolen?").select_option("walk")
            tap_map(child.page, "[data-draw-map]", [(0.3, 0.7), (0.5, 0.5), (0.7, 0.3)])
            assert child.page.locator("#mark-status").inner_text() == "Punkter i tegningen: 3."
            child.check()
            child.click_and_wait(child.page.get_by_role("button", name="Lagre"))
            assert "Takk! Det er lagret." in child.page.get_by_role("status").first.inner_text()
            way = ChildMapMark.objects.get()
            assert (way.kind, way.transport_mode, way.geometry["type"]) == (
                "Barneveg",
                "walk",
                "LineString",
            )
            assert len(way.geometry["coordinates"]) == 3
            child.page.wait_for_selector("[data-draw-map].leaflet-container")
            child.page.get_by_label("Her leker jeg eller er ofte").tap()
            tap_map(child.page, "[data-draw-map]", [(0.5, 0.5)])
            child.page.get_by_label("Vil du si noe mer? (ikke skriv navn)").fill(secret)
            child.click_and_wait(child.page.get_by_role("button", name="Lagre"))
            place = ChildMapMark.objects.exclude(pk=way.pk).get()
            assert (place.kind, place.geometry["type"], place.comment) == (
                "Aktivitet",
                "Point",
                secret,
            )
            assert "Klassen har lagret 2 ting." in child.page.locator("main").inner_text()
            assert secret not in child.page.content()

        # A child with the keyboard only picks a place from the list instead of the map.
        with people(user_agent="Keyboard only") as keyboard:
            keyboard.goto(enter)
            skip_to_main(keyboard.page)
            tab_to(keyboard.page, "input text code")
            keyboard.page.keyboard.type("QQQQQQ")  # a wrong code: the error gets the focus
            keyboard.press_and_wait("Enter")
            assert keyboard.page.evaluate("document.activeElement.dataset.errorSummary") == ""
            keyboard.page.keyboard.press("Tab")
            keyboard.page.keyboard.press("Enter")  # the link in the summary leads to the field
            assert focused(keyboard.page) == "input text code QQQQQQ"
            keyboard.page.keyboard.press("ControlOrMeta+a")
            keyboard.page.keyboard.type(session.code)
            keyboard.press_and_wait("Enter")
            skip_to_main(keyboard.page)
            tab_to(keyboard.page, "input radio kind")
            keyboard.page.keyboard.press("ArrowDown")
            keyboard.page.keyboard.press("ArrowDown")
            assert focused(keyboard.page) == "input radio kind PositivOpplevelse"
            tab_to(keyboard.page, "select select-one place_area")
            keyboard.page.keyboard.press("ArrowDown")
            assert focused(keyboard.page) == f"select select-one place_area {area.pk}"
            tab_to(keyboard.page, "button submit")
            keyboard.press_and_wait("Enter")
            assert "Klassen har lagret 3 ting." in keyboard.page.locator("main").inner_text()
            liked = ChildMapMark.objects.get(kind="PositivOpplevelse")
            assert (liked.geometry, liked.place_area_id, liked.comment) == (None, area.pk, "")
            assert secret not in keyboard.page.content()

        # No names and no device identifiers are stored with the marks.
        assert {field.name for field in ChildMapMark._meta.get_fields()} == {
            "id",
            "session",
            "kind",
            "want_change",
            "transport_mode",
            "geometry",
            "place_area",
            "place_text",
            "comment",
            "created_at",
            "synthetic",
        }

        # Staff see the aggregate and the comments.
        teacher.page.reload()
        teacher.check()
        teacher.page.wait_for_selector("[data-hex-map].leaflet-container")
        assert teacher.page.locator("[data-hex-map] .omr-school-marker").count() >= 1
        kinds = teacher.page.get_by_role("table", name="Registreringer per type")
        assert kinds.locator("tbody tr").all_inner_texts() == [
            "Veien til skolen\t1",
            "Her leker eller er jeg\t1",
            "Her liker jeg meg\t1",
            "Her føler jeg meg utrygg\t0",
        ]
        transport = teacher.page.get_by_role("table", name="Reisemåte til skolen")
        assert transport.locator("tbody tr").first.inner_text() == "Går\t1"
        assert teacher.page.locator("#hex-Barneveg ~ .leaflet-container path").count() >= 1
        assert secret in teacher.page.locator("main").inner_text()


# --- 3. ideas from a workshop, answered publicly ---------------------------------------------


def test_workshop_ideas_are_registered_and_answered_publicly(people, tenants):
    from tests.participation.test_places_services import build_event

    area = make_area(tenants.home)
    programme = programme_services.programme_create(
        by=None, municipality=tenants.home, name="Områdesatsing", start_year=2025, end_year=2034
    )
    measure = measure_services.measure_create(
        programme=programme, title="Benker og lys langs elva", description="Ti nye benker."
    )
    workshop = build_event(tenants.home, kind="workshop", title="Verksted om Lisleby")
    ideas = [
        ("Benker ved elva", "Flere benker der eldre går tur."),
        ("Skatepark på taket", "En skatepark på taket av rådhuset."),
    ]
    with people() as staff:
        staff.log_in("home-coordinator")
        for title, text in ideas:
            staff.goto("/m/3107/medvirkning/arbeid/ideer/registrer/")
            staff.page.get_by_label("Overskrift").fill(title)
            staff.page.get_by_label("Idéen din").fill(text)
            staff.page.get_by_label("Område").select_option(str(area.pk))
            staff.page.get_by_label("Arrangement").select_option(str(workshop.pk))
            assert staff.page.get_by_label("Registrert på vegne av en innbygger").is_checked()
            staff.click_and_wait(staff.page.get_by_role("button", name="Registrer idéen"))
            assert f"Idéen «{title}» er registrert." in staff.page.locator("main").inner_text()
        benches, skatepark = Idea.objects.order_by("pk")
        assert [(i.title, i.event_id, i.on_behalf, i.is_public) for i in (benches, skatepark)] == [
            ("Benker ved elva", workshop.pk, True, True),
            ("Skatepark på taket", workshop.pk, True, True),
        ]

        staff.goto(f"/m/3107/medvirkning/arbeid/ideer/{benches.pk}/")
        staff.click_and_wait(staff.page.get_by_role("button", name="Start vurdering"))
        staff.page.get_by_label("Tilbakemelding til innbyggerne").fill(
            "Vi setter opp benkene til våren."
        )
        staff.page.get_by_label("Tiltak (når idéen tas inn)").select_option(str(measure.pk))
        staff.click_and_wait(
            staff.page.get_by_role("button", name="Ta inn i tiltak eller handlingsplan")
        )
        # The idea names the measure in its coding and in "from idea to result".
        links = staff.page.get_by_role("link", name="Benker og lys langs elva").all()
        assert links
        assert {link.get_attribute("href") for link in links} == {measure.get_absolute_url()}

        staff.goto(f"/m/3107/medvirkning/arbeid/ideer/{skatepark.pk}/")
        staff.click_and_wait(staff.page.get_by_role("button", name="Start vurdering"))
        reason = "Rådhustaket tåler ikke vekten; vi ser på ballbingen i stedet."
        staff.page.get_by_label("Begrunnelse (når idéen ikke tas inn)").fill(reason)
        staff.click_and_wait(staff.page.get_by_role("button", name="Ikke ta inn"))
        benches.refresh_from_db()
        skatepark.refresh_from_db()
        assert (benches.status, benches.measure_id) == ("taken", measure.pk)
        assert (skatepark.status, skatepark.not_taken_reason) == ("not_taken", reason)

    with people(**PHONE) as resident:
        resident.goto(f"/m/3107/medvirkning/ideer/{benches.pk}/")
        assert fits_the_phone(resident.page)
        answer = resident.page.locator("section[aria-labelledby='feedback-heading']")
        assert answer.get_by_role("heading").inner_text() == "Hva skjedde med idéen?"
        text = answer.inner_text()
        assert "Tatt inn i et tiltak eller en handlingsplan" in text
        assert "Vi setter opp benkene til våren." in text
        assert "Tiltaket: Benker og lys langs elva" in text
        assert "Ti nye benker." in text
        resident.goto(f"/m/3107/medvirkning/ideer/{skatepark.pk}/")
        text = resident.page.locator("section[aria-labelledby='feedback-heading']").inner_text()
        assert "Ikke tatt inn" in text
        assert f"Begrunnelse: {reason}" in text
        sent = resident.page.locator("dl").inner_text()
        assert "registrert av kommunen på vegne av en innbygger" in sent


# --- 4. attendance at a meeting place --------------------------------------------------------


def test_area_developer_logs_attendance_on_a_phone(people, tenants):
    place = build_place(tenants.home)
    activity = build_activity(place, title="Leksehjelp")
    with people(**PHONE) as developer:
        developer.log_in("home-coordinator")
        developer.goto(f"/m/3107/participation/places/{place.pk}/")
        developer.click_and_wait(developer.page.get_by_role("link", name="Registrer oppmøte"))
        assert fits_the_phone(developer.page)
        form = developer.page.locator("main form")
        form.get_by_label("Aktivitet").select_option(str(activity.pk))
        for label, count in [("6–12 år", "4"), ("13–15 år", "7"), ("67 år og eldre", "1")]:
            form.get_by_label(label, exact=True).fill(count)
        developer.click_and_wait(developer.page.get_by_role("button", name="Lagre oppmøtet"))
        session = ActivitySession.objects.get()
        assert (session.activity_id, session.age_6_12, session.age_13_15, session.total) == (
            activity.pk,
            4,
            7,
            12,
        )
        assert (
            "Oppmøtet er registrert: 12 på «Leksehjelp»"
            in developer.page.locator("main").inner_text()
        )
        developer.click_and_wait(developer.page.get_by_role("link", name="Tilbake til møteplassen"))
        table = developer.page.get_by_role("table", name="Oppmøte per måned og aldersgruppe")
        assert table.locator("tfoot tr").inner_text().split("\t")[-2:] == ["12", "1"]


def test_wide_tables_on_a_phone_can_be_scrolled_by_keyboard(people, tenants):
    """A table wider than the phone scrolls in its wrapper: the wrapper must take focus (and
    one that fits must not be a needless tab stop). axe checks the page as well."""
    from omrade.participation.places.services import committees

    for number in range(3):
        committees.committee_create(
            municipality=tenants.home,
            area=make_area(tenants.home, code=f"lok-{number}"),
            name=f"Lokalutvalget for et langt lokalsamfunnsnavn nummer {number}",
        )
    with people(**PHONE) as manager:
        manager.log_in("home-coordinator")
        manager.goto("/m/3107/participation/committees/")
        wrappers = manager.page.evaluate(
            "Array.from(document.querySelectorAll('.omr-table-wrap')).map(w =>"
            " [w.scrollWidth > w.clientWidth + 1, w.getAttribute('tabindex')])"
        )
        assert wrappers, "the committee list has a table"
        assert all(tabindex == "0" for overflowing, tabindex in wrappers if overflowing)
        assert any(overflowing for overflowing, _tabindex in wrappers)
    with people(**DESKTOP) as manager:
        manager.log_in("home-coordinator")
        manager.goto("/m/3107/participation/committees/")
        assert manager.page.evaluate(
            "Array.from(document.querySelectorAll('.omr-table-wrap[data-scroll-focus]'))"
            ".every(w => !w.hasAttribute('tabindex'))"
        )
