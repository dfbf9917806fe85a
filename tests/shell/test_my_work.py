""" "Mitt arbeid" (issue 11): per role, what the home lists and what it does not, in two
municipalities (nothing leaks between them); the API route; where a login lands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from omrade.participation.ideas.services import ideas as idea_services
from omrade.participation.places.services import places as place_services
from omrade.participation.surveys.models import Survey
from omrade.portfolio.models import MeasureStatus
from omrade.portfolio.selectors_work import last_finished_tertial
from omrade.portfolio.services import action_plans as plan_services
from omrade.portfolio.services import measures as measure_services
from omrade.portfolio.services import progress as progress_services
from omrade.programmes.models import BodyKind
from omrade.programmes.services import barriers as barrier_services
from omrade.programmes.services import governance as governance_services
from omrade.programmes.services import meetings as meeting_services
from omrade.programmes.services import programme as programme_services
from omrade.shell.my_work import all_items, my_work
from omrade.tenancy.models import Role
from omrade.tenancy.services import person_create, role_grant, token_create
from tests.browser.test_accessibility import axe_violations
from tests.factories import user_with_role
from tests.portfolio.conftest import Portfolio, portfolio  # noqa: F401 - fixtures
from tests.programmes.conftest import setup  # noqa: F401 - the programme fixture

pytestmark = pytest.mark.django_db

NO_MONEY_2024 = "Tiltakene i 2024 koster 800\xa0000 kr, men det er ikke registrert midler for året."


@dataclass
class World:
    portfolio: Portfolio
    submitted: object  # housing 2024, with the board
    approved: object  # employment 2024, to be put in force by the manager
    recommended: object  # housing 2025, with the commissioner
    elsewhere_plan: object  # Bergen's submitted plan
    elsewhere_idea: object
    bergen_board: object
    barrier: object  # with the board
    idea: object  # received
    place: object  # with a requested booking


def _through(plan, actions, users):
    for action, user in zip(actions, users, strict=True):
        plan_services.action_plan_transition(plan=plan, action=action, by=user)
    return plan


@pytest.fixture
def world(portfolio, tenants) -> World:  # noqa: F811 - pytest fixture
    users = tenants.users
    base = portfolio.setup
    board, admin = users[Role.BOARD_MEMBER], users[Role.MUNICIPAL_ADMIN]
    coordinator = users[Role.COORDINATOR]

    def plan(sub_programme, year, measure):
        created = plan_services.action_plan_create(
            programme=base.programme, sub_programme=sub_programme, year=year, by=None
        )
        plan_services.action_plan_add_measure(plan=created, measure=measure)
        return created

    submitted = _through(
        plan(base.housing, 2024, portfolio.meeting_places), ["submit"], [coordinator]
    )
    approved = _through(
        plan(base.employment, 2024, portfolio.snuplassen),
        ["submit", "recommend", "approve"],
        [admin, board, admin],
    )
    recommended = _through(
        plan(base.housing, 2025, portfolio.reading),
        ["submit", "recommend"],
        [coordinator, board],
    )

    # Two running measures owe last tertial's report: the housing one (its coordinator's), and
    # Snuplassen, whose contact person is the viewer; the reading measure has reported.
    viewer_person = person_create(by=None, municipality=tenants.home, name="Kontakt Vera")
    viewer_person.user = users[Role.VIEWER]
    viewer_person.save()
    for measure in (portfolio.meeting_places, portfolio.snuplassen, portfolio.reading):
        measure_services.measure_set_status(measure=measure, status=MeasureStatus.PLANNED)
        measure_services.measure_set_status(measure=measure, status=MeasureStatus.RUNNING)
    measure_services.measure_update(measure=portfolio.snuplassen, contact_person=viewer_person)
    progress_services.progress_report_save(
        measure=portfolio.reading,
        period=last_finished_tertial().code,
        rag="green",
        text="Som planlagt.",
        by=None,
    )

    # An overdue follow-up owned by the analyst.
    analyst_person = portfolio.working_group.members.get().person
    meeting = meeting_services.meeting_create(
        by=None, body=portfolio.working_group, starts_at=timezone.now() - timedelta(days=30)
    )
    meeting_services.action_add(
        by=None,
        meeting=meeting,
        text="Send referatet",
        owner=analyst_person,
        due_date=timezone.localdate() - timedelta(days=3),
    )
    # A barrier lifted to the board.
    barrier = barrier_services.barrier_register(
        programme=base.programme, title="Taushetsplikt hindrer samarbeid", by=None
    )
    barrier_services.barrier_escalate(barrier=barrier, by=None)

    # Participation: an idea to assess, a booking to confirm, a survey that closes in 5 days.
    idea = idea_services.idea_register(
        municipality=tenants.home, by=None, title="Benker ved skolen", text="Flere benker."
    )
    place = place_services.place_create(municipality=tenants.home, name="Rebellhuset")
    room = place_services.room_create(place=place, name="Storsalen")
    starts = timezone.now().replace(microsecond=0) + timedelta(days=7)
    place_services.booking_request(
        room=room,
        purpose="Øving",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        contact_name="Korpset",
        contact_email="korps@example.org",
        group_name="Skolekorpset",
    )
    Survey.objects.create(
        municipality=tenants.home,
        title={"nb": "Trivsel i nærmiljøet"},
        languages=["nb"],
        is_published=True,
        closes_at=timezone.now() + timedelta(days=5),
    )

    # Bergen has its own waiting plan and idea, for Bergen's people only.
    bergen = programme_services.programme_create(
        by=None, municipality=tenants.other, name="Bergen", start_year=2023, end_year=2030
    )
    bergen_sub = programme_services.sub_programme_create(by=None, programme=bergen, name="Solheim")
    bergen_measure = measure_services.measure_create(
        programme=bergen, title="Solheim-tiltak", sub_programme=bergen_sub
    )
    elsewhere_plan = plan_services.action_plan_create(
        programme=bergen, sub_programme=bergen_sub, year=2024, by=None
    )
    plan_services.action_plan_add_measure(plan=elsewhere_plan, measure=bergen_measure)
    plan_services.action_plan_submit(plan=elsewhere_plan, by=None)
    elsewhere_idea = idea_services.idea_register(
        municipality=tenants.other, by=None, title="Lys i parken", text="Mer lys."
    )
    governance_services.body_create(by=None, programme=bergen, kind=BodyKind.BOARD, name="Styret")
    return World(
        portfolio=portfolio,
        submitted=submitted,
        approved=approved,
        recommended=recommended,
        elsewhere_plan=elsewhere_plan,
        elsewhere_idea=elsewhere_idea,
        bergen_board=user_with_role(Role.BOARD_MEMBER, tenants.other, "bergen-board"),
        barrier=barrier,
        idea=idea,
        place=place,
    )


def listed(user, municipality) -> dict[str, list[str]]:
    """The kinds and titles of what waits for the user."""
    return {
        group.kind: [item.title for item in group.items] for group in my_work(user, municipality)
    }


def test_what_waits_for_each_role(world, tenants):
    home, users = tenants.home, tenants.users
    tertial = last_finished_tertial().label
    housing_2024 = "Handlingsplan Bo og nærmiljø 2024 (versjon 1)"
    housing_2025 = "Handlingsplan Bo og nærmiljø 2025 (versjon 1)"
    employment_2024 = "Handlingsplan Sysselsetting 2024 (versjon 1)"
    reports = {
        "housing": f"Nærmiljøarenaer: statusrapport for {tertial}",
        "snuplassen": f"NAV Snuplassen: statusrapport for {tertial}",
    }
    participation = {
        "idea": ["Benker ved skolen"],
        "booking": [booking_title(tenants)],
        "survey": ["Trivsel i nærmiljøet"],
    }
    conflict = [f"2024: {NO_MONEY_2024}"]
    assert listed(users[Role.BOARD_MEMBER], home) == {
        "action_plan": [housing_2024],
        "barrier": ["Taushetsplikt hindrer samarbeid"],
        "resource_conflict": conflict,
    }
    # The manager puts the approved plan in force, sees every owed report and overdue
    # follow-up, the change team's barriers (none open) — and never the board's step.
    assert listed(users[Role.PROGRAMME_MANAGER], home) == {
        "action_plan": [employment_2024],
        "progress_report": [reports["housing"], reports["snuplassen"]],
        "follow_up": ["Send referatet"],
        **participation,
    }
    assert listed(users[Role.MUNICIPAL_ADMIN], home) == {
        "action_plan": [housing_2025],
        **participation,
    }
    assert listed(users[Role.COORDINATOR], home) == {
        "progress_report": [reports["housing"]],
        **participation,
    }
    assert listed(users[Role.VIEWER], home) == {"progress_report": [reports["snuplassen"]]}
    assert listed(users[Role.ANALYST], home) == {"follow_up": ["Send referatet"]}
    assert listed(users[Role.GRANT_OFFICER], home) == {}
    # Bergen's people see Bergen's work only; Fredrikstad's see nothing of Bergen's.
    assert listed(world.bergen_board, tenants.other) == {
        "action_plan": ["Handlingsplan Solheim 2024 (versjon 1)"]
    }
    assert listed(tenants.other_admin, tenants.other) == {"idea": ["Lys i parken"]}
    assert listed(users[Role.MUNICIPAL_ADMIN], tenants.other) == {}
    assert listed(users[Role.BOARD_MEMBER], tenants.other) == {}


def booking_title(tenants) -> str:
    manager = tenants.users[Role.PROGRAMME_MANAGER]
    [item] = [item for item in all_items(my_work(manager, tenants.home)) if item.kind == "booking"]
    assert item.title.startswith("Storsalen, Rebellhuset, ")
    assert item.title.endswith(": Skolekorpset")
    return item.title


def test_items_link_to_the_page_of_the_step_with_due_dates(world, tenants):
    manager = tenants.users[Role.PROGRAMME_MANAGER]
    items = {item.kind: item for item in all_items(my_work(manager, tenants.home))}
    assert items["action_plan"].url == world.approved.get_absolute_url()
    assert items["action_plan"].step == "Sett planen i verk"
    period = last_finished_tertial()
    assert items["progress_report"].url.endswith(f"/progress/?period={period.code}")
    assert items["progress_report"].due == period.end
    assert items["follow_up"].url == "/m/3107/actions/mine/#overdue-heading"
    assert items["follow_up"].due == timezone.localdate() - timedelta(days=3)
    assert items["survey"].due == timezone.localdate(timezone.now() + timedelta(days=5))
    assert items["idea"].step == "Start vurderingen"
    for item in items.values():
        assert item.url.startswith("/m/3107/")


def test_the_page_groups_by_kind_with_counts(client, world, tenants):
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.get("/m/3107/mitt-arbeid/")
    assert response.status_code == 200
    html = response.content.decode()
    assert [group.kind for group in response.context["groups"]] == [
        "action_plan",
        "progress_report",
        "follow_up",
        "idea",
        "booking",
        "survey",
    ]
    assert response.context["total"] == 7
    assert "7 saker venter på deg." in html
    assert 'id="work-progress_report">Statusrapporter dine tiltak skylder (2)</h2>' in html
    assert f'href="{world.approved.get_absolute_url()}"' in html
    assert "Ingenting venter på deg" not in html
    assert 'href="/m/3107/mitt-arbeid/"' in html  # in the navigation


def test_the_dashboard_counts_what_waits_and_links_to_it(client, world, tenants):
    client.force_login(tenants.users[Role.BOARD_MEMBER])
    response = client.get("/m/3107/")
    assert response.context["waiting_count"] == 3
    assert '<a class="ds-link" href="/m/3107/mitt-arbeid/">Saker som venter på deg</a>' in (
        response.content.decode()
    )


def test_an_empty_home_says_so_and_another_municipality_is_refused(client, world, tenants):
    client.force_login(tenants.users[Role.GRANT_OFFICER])
    response = client.get("/m/3107/mitt-arbeid/")
    assert response.status_code == 200
    assert "Ingenting venter på deg" in response.content.decode()
    assert client.get("/m/4601/mitt-arbeid/").status_code == 403
    client.logout()
    assert client.get("/m/3107/mitt-arbeid/").status_code == 302  # to the login page


def test_the_api_lists_the_same_items_for_the_tokens_user(client, world, tenants):
    _token, key = token_create(by=None, user=tenants.users[Role.BOARD_MEMBER])
    headers = {"Authorization": f"Bearer {key}"}
    response = client.get("/api/municipalities/3107/my-work", headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert [(item["kind"], item["title"], item["due"]) for item in body] == [
        ("action_plan", "Handlingsplan Bo og nærmiljø 2024 (versjon 1)", None),
        ("barrier", "Taushetsplikt hindrer samarbeid", None),
        (
            "resource_conflict",
            f"2024: {NO_MONEY_2024}",
            None,
        ),
    ]
    assert body[0]["url"] == f"http://testserver{world.submitted.get_absolute_url()}"
    assert body[0]["step"] == "Anbefal planen"
    assert body[0]["kind_label"] == "Handlingsplaner som venter på ditt steg"
    assert client.get("/api/municipalities/4601/my-work", headers=headers).status_code == 403
    assert client.get("/api/municipalities/9999/my-work", headers=headers).status_code == 404
    assert client.get("/api/municipalities/3107/my-work").status_code == 401


def test_login_lands_on_my_work_or_on_the_choice_of_municipality(client, tenants, password):
    viewer = tenants.users[Role.VIEWER]
    response = client.post(
        reverse("login"), {"username": viewer.get_username(), "password": password}
    )
    assert response.status_code == 302
    assert client.get(response.url).url == "/m/3107/mitt-arbeid/"
    client.logout()
    network = user_with_role(Role.ANALYST, tenants.home, "network")
    role_grant(by=None, user=network, role=Role.ANALYST, municipality=tenants.other)
    response = client.post(
        reverse("login"), {"username": "network", "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/start/"
    html = response.content.decode()
    assert 'href="/m/3107/mitt-arbeid/"' in html
    assert 'href="/m/4601/mitt-arbeid/"' in html


def test_workflow_pages_say_who_acts_next(client, world, tenants):
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    idea_page = client.get(f"/m/3107/medvirkning/arbeid/ideer/{world.idea.pk}/").content.decode()
    assert (
        '<dd class="omr-next-step">Start vurdering — programlederen eller en koordinator'
        " (du kan ta dette steget)</dd>" in idea_page
    )
    barrier = world.barrier
    barrier_page = client.get(barrier.get_absolute_url()).content.decode()
    assert (
        '<dd class="omr-next-step">Løft til neste nivå — programstyret (du kan ta dette steget)'
        "<br>Marker som løst — programstyret (du kan ta dette steget)<br>"
        "Avvis — programstyret (du kan ta dette steget)</dd>"
    ) in barrier_page  # the shared "Neste steg" line marks the steps the reader may take
    place_page = client.get(f"/m/3107/participation/places/{world.place.pk}/").content.decode()
    assert (
        "Neste steg: Bekreft — programlederen eller en koordinator; "
        "Avslå — programlederen eller en koordinator"
    ) in place_page
    with translation.override("en"):  # restores the language the middleware switches
        english = client.get(barrier.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "Mark as resolved — the programme board" in english.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_page_in_a_browser_has_no_axe_violations(world, tenants, page, live_server, password):
    """A manager logs in, lands on Mitt arbeid, follows an item to its page; an empty home
    too; axe-core on each (desktop and phone)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", tenants.users[Role.PROGRAMME_MANAGER].get_username())
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/m/3107/mitt-arbeid/")
    assert page.get_by_role("heading", name="Mitt arbeid", exact=True).count() == 1
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    with page.expect_navigation():
        page.get_by_role("link", name="Handlingsplan Sysselsetting 2024 (versjon 1)").click()
    assert page.url == f"{live_server.url}{world.approved.get_absolute_url()}"
    assert page.get_by_role("button", name="Sett planen i verk").count() == 1
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", tenants.users[Role.GRANT_OFFICER].get_username())
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/m/3107/mitt-arbeid/")
    assert page.get_by_text("Ingenting venter på deg").count() == 1
    assert axe_violations(page) == []
