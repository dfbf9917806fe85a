"""Meeting places, committees and events on the pages and in the API: public pages as
anonymous, internal pages by role, another municipality's 404, escaped text, the honeypot and
the rate limit of anonymous writes, the quick attendance form, and the iCalendar feed parsed
back line by line."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from omrade.common.models import AuditEntry
from omrade.participation.core.abuse import BUDGETS, HONEYPOT_FIELD_NAME
from omrade.participation.places.ical import escape_text, fold
from omrade.participation.places.models import ActivitySession, Booking, Registration
from omrade.participation.places.services import committees, events
from omrade.participation.places.services import places as services
from omrade.tenancy.models import Role
from tests.factories import AreaFactory
from tests.participation.test_places_services import build_activity, build_event, build_place

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def place(tenants):
    place = build_place(tenants.home)
    services.place_set_opening_hours(
        place=place,
        intervals=[services.OpeningInterval(1, time(10), time(16))],
        note="Stengt i fellesferien",
    )
    return place


@pytest.fixture
def room(place):
    return services.room_create(place=place, name="Storsalen")


@pytest.fixture
def session(place):
    """A logged session of NAV Snuplassen today: 7 people aged 20–29."""
    return services.session_record(
        activity=build_activity(place), date=timezone.localdate(), counts={"age_20_29": 7}
    )


def url(name: str, *args: object, code: str = "3107") -> str:
    return reverse(f"participation:{name}", args=[code, *args])


# --- public pages ----------------------------------------------------------------------------


def test_public_place_page_shows_hours_and_public_activities_only(client, place, room):
    build_activity(place)
    build_activity(place, title="Internt teammøte", is_public=False)
    response = client.get(url("public_place_detail", place.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rebellhuset" in page
    assert "Trosvikstranda 1, Fredrikstad" in page
    assert "10:00–16:00" in page
    assert "Stengt i fellesferien" in page
    assert "NAV Snuplassen" in page
    assert "Internt teammøte" not in page
    assert 'name="request-purpose"' in page  # the booking request form, without JavaScript


def test_a_place_that_is_not_public_answers_404_publicly(client, tenants):
    hidden = services.place_create(municipality=tenants.home, name="Skjult", is_public=False)
    assert client.get(url("public_place_detail", hidden.pk)).status_code == 404


def test_other_municipality_gets_404_for_home_ids(client, tenants, place, room):
    event = build_event(tenants.home)
    area = AreaFactory(level__municipality=tenants.home)
    committee = committees.committee_create(municipality=tenants.home, area=area, name="LSU")
    client.force_login(tenants.other_admin)
    for path in [
        url("public_place_detail", place.pk, code="4601"),
        url("place_detail", place.pk, code="4601"),
        url("public_event_detail", event.pk, code="4601"),
        url("event_detail", event.pk, code="4601"),
        url("public_committee_detail", committee.pk, code="4601"),
        url("committee_detail", committee.pk, code="4601"),
    ]:
        assert client.get(path).status_code == 404, path
    assert client.get(url("place_detail", place.pk)).status_code == 403


def request_room(client, place, room, start, **fields: object):
    """Post the public booking request form for two hours from `start` (fields unprefixed)."""
    values: dict[str, object] = {
        "room": room.pk,
        "contact_name": "Kari",
        "purpose": "Møte",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
    }
    values |= fields
    data = {f"request-{name}": value for name, value in values.items()}
    return client.post(url("public_booking_request", place.pk), data)


def test_public_booking_request_is_stored_as_requested(client, place, room):
    start = (timezone.localtime() + timedelta(days=3)).replace(hour=18, minute=0)
    response = request_room(
        client,
        place,
        room,
        start,
        group_name="Holmen strikkeklubb",
        contact_email="kari@example.org",
        purpose="Strikkekafé " + SCRIPT,
    )
    assert response.status_code == 200
    booking = Booking.objects.get()
    assert (booking.status, booking.from_public_form, booking.purpose) == (
        "requested",
        True,
        "Strikkekafé alert('x')",
    )
    assert "<script>" not in response.content.decode()


def test_booking_request_without_contact_is_refused(client, place, room):
    start = (timezone.localtime() + timedelta(days=3)).replace(hour=18, minute=0)
    response = request_room(client, place, room, start)
    assert response.status_code == 400
    assert "Oppgi e-post eller telefon, så vi kan svare deg." in response.content.decode()
    assert not Booking.objects.exists()


def test_honeypot_refuses_a_bot_and_stores_nothing(client, tenants):
    event = build_event(tenants.home)
    response = client.post(
        url("public_event_register", event.pk),
        {
            "signup-name": "Bot",
            "signup-people": 1,
            f"signup-{HONEYPOT_FIELD_NAME}": "http://x.example",
        },
    )
    assert response.status_code == 400
    assert "Skjemaet kunne ikke sendes. Prøv igjen senere." in response.content.decode()
    assert not Registration.objects.exists()


def test_the_limit_plus_one_anonymous_post_is_refused(client, tenants):
    event = build_event(tenants.home)
    # One browser (the test client's cookie) meets its own budget, below the address's.
    limit = BUDGETS["event_registration"].per_browser
    assert limit is not None
    for number in range(limit):
        response = client.post(
            url("public_event_register", event.pk),
            {"signup-name": f"Person {number}", "signup-people": 1},
        )
        assert response.status_code == 200, number
    response = client.post(
        url("public_event_register", event.pk), {"signup-name": "En til", "signup-people": 1}
    )
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Du har sendt dette skjemaet for mange ganger på kort tid." in response.content.decode()
    assert Registration.objects.count() == limit


def test_registration_page_shows_the_cancel_link_that_works_once(client, tenants):
    event = build_event(tenants.home, capacity=1)
    client.post(url("public_event_register", event.pk), {"signup-name": "A", "signup-people": 1})
    response = client.post(
        url("public_event_register", event.pk), {"signup-name": "B", "signup-people": 1}
    )
    assert "Du står på ventelisten" in response.content.decode()
    link = response.context["cancel_url"].replace("http://testserver", "")
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 200
    assert Registration.objects.get(name="B").status == "cancelled"
    again = client.post(link)
    assert again.status_code == 409
    assert "kan bare brukes én gang" in again.content.decode()
    assert client.get(link).status_code == 410


def test_public_calendar_filters_by_area_and_kind_and_hides_internal_events(client, tenants):
    holmen = AreaFactory(level__municipality=tenants.home, name="Trosvik")
    build_event(tenants.home, title="Folkemøte Trosvik", area=holmen)
    build_event(tenants.home, title="Verksted", kind="workshop")
    build_event(tenants.home, title="Internt", is_public=False, registration_open=False)
    page = client.get(url("public_calendar")).content.decode()
    assert "Folkemøte Trosvik" in page
    assert "Internt" not in page

    def titles(query: str) -> list[str]:
        return [
            event.title for event in client.get(url("public_calendar") + query).context["events"]
        ]

    assert titles("") == ["Folkemøte Trosvik", "Verksted"]
    assert titles(f"?area={holmen.pk}") == ["Folkemøte Trosvik"]
    assert titles("?kind=workshop") == ["Verksted"]
    assert titles("?kind=workshop&area=") == ["Verksted"]


def test_public_committee_page_shows_contact_only_when_public(client, tenants):
    area = AreaFactory(level__municipality=tenants.home, name="Lisleby")
    committee = committees.committee_create(
        municipality=tenants.home,
        area=area,
        name="Lisleby lokalsamfunnsutvalg",
        email="lisleby@example.org",
        contact_public=False,
    )
    committees.board_member_add(
        committee=committee,
        office="leader",
        name="Kari " + SCRIPT,
        from_date=timezone.localdate() - timedelta(days=30),
    )
    page = client.get(url("public_committee_detail", committee.pk)).content.decode()
    assert "lisleby@example.org" not in page
    assert "Kari &lt;script&gt;" in page
    assert "<script>alert" not in page
    committees.committee_update(committee=committee, contact_public=True)
    page = client.get(url("public_committee_detail", committee.pk)).content.decode()
    assert "lisleby@example.org" in page


def test_minutes_are_public_only_once_published(client, tenants):
    event = build_event(tenants.home)
    events.event_save_minutes(event=event, minutes="Hemmelig referat", published=False)
    assert (
        "Hemmelig referat" not in client.get(url("public_event_detail", event.pk)).content.decode()
    )
    events.event_save_minutes(event=event, minutes="Offentlig referat", published=True)
    assert "Offentlig referat" in client.get(url("public_event_detail", event.pk)).content.decode()


# --- staff pages -----------------------------------------------------------------------------


def test_place_page_shows_attendance_table_and_chart(client, tenants, place, room):
    activity = build_activity(place)
    today = timezone.localdate()
    services.session_record(activity=activity, date=today, counts={"age_20_29": 6, "age_16_19": 2})
    client.force_login(tenants.users[Role.VIEWER])
    response = client.get(url("place_detail", place.pk))
    assert response.status_code == 200
    table = response.context["attendance"]
    assert [(row.total, row.sessions) for row in table.rows] == [(8, 1)]
    assert table.totals == [0, 0, 0, 2, 6, 0, 0, 0]
    page = response.content.decode()
    assert '<svg class="omr-bar-chart"' in page
    assert "Oppmøte per måned og aldersgruppe" in page
    assert "Registrer oppmøte" not in page  # a viewer reads only


def test_viewer_may_not_log_attendance(client, tenants, place):
    activity = build_activity(place)
    client.force_login(tenants.users[Role.VIEWER])
    response = client.post(
        url("place_session_add", place.pk),
        {"session-activity": activity.pk, "session-date": timezone.localdate().isoformat()},
    )
    assert response.status_code == 403
    assert not ActivitySession.objects.exists()


def test_area_developer_logs_attendance_with_the_quick_form(client, tenants, place):
    activity = build_activity(place)
    client.force_login(tenants.users[Role.COORDINATOR])
    form = client.get(url("place_session_add", place.pk))
    assert form.context["form"]["date"].value() == timezone.localdate()
    data = {
        "session-activity": activity.pk,
        "session-date": timezone.localdate().isoformat(),
        "session-age_20_29": "5",
        "session-age_16_19": "1",
    }
    response = client.post(url("place_session_add", place.pk), data)
    assert response.status_code == 302
    session = ActivitySession.objects.get()
    after = client.get(response.url).content.decode()
    assert url("place_session_edit", place.pk, session.pk) in after  # a typo is one tap away
    assert (session.total, session.recorded_by) == (6, tenants.users[Role.COORDINATOR])
    again = client.post(url("place_session_add", place.pk), data | {"session-age_20_29": "-3"})
    assert again.status_code == 400
    assert ActivitySession.objects.count() == 1


def test_confirming_a_clashing_booking_shows_the_clash(client, tenants, place, room):
    start = (timezone.localtime() + timedelta(days=4)).replace(hour=18, minute=0)
    services.booking_create_confirmed(
        room=room,
        purpose="Årsmøte",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        group_name="Holmen vel",
    )
    request = services.booking_request(
        room=room,
        purpose="Trening",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        contact_name="Ali",
        contact_phone="1",
    )
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.post(url("place_booking_confirm", place.pk, request.pk))
    assert response.status_code == 400
    assert "er allerede booket" in response.content.decode()
    request.refresh_from_db()
    assert request.status == "requested"


def test_coordinator_corrects_a_session_from_the_activity_page(client, tenants, place, session):
    activity = session.activity
    client.force_login(tenants.users[Role.COORDINATOR])
    page = client.get(url("place_activity_detail", place.pk, activity.pk))
    assert page.status_code == 200
    content = page.content.decode()
    assert url("place_session_edit", place.pk, session.pk) in content
    assert url("place_session_delete", place.pk, session.pk) in content
    form = client.get(url("place_session_edit", place.pk, session.pk))
    assert form.context["form"]["age_20_29"].value() == 7
    data = {
        "session-date": session.date.isoformat(),
        "session-starts_at": "10:00",
        "session-age_20_29": "5",
        "session-age_16_19": "1",
        "session-note": "Talt på nytt",
    }
    refused = client.post(
        url("place_session_edit", place.pk, session.pk), data | {"session-age_20_29": "-1"}
    )
    assert refused.status_code == 400
    assert "Skjemaet har feil som må rettes" in refused.content.decode()
    session.refresh_from_db()
    assert (session.total, session.note) == (7, "")
    response = client.post(url("place_session_edit", place.pk, session.pk), data)
    assert response.status_code == 302
    assert response.url == url("place_activity_detail", place.pk, activity.pk)
    session.refresh_from_db()
    assert (session.age_20_29, session.age_16_19, session.note) == (5, 1, "Talt på nytt")
    assert AuditEntry.objects.filter(action="activity_session.updated").count() == 1


def test_deleting_a_session_asks_first(client, tenants, place, session):
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    question = client.get(url("place_session_delete", place.pk, session.pk))
    assert question.status_code == 200
    assert "Slett oppmøtet?" in question.content.decode()
    assert ActivitySession.objects.filter(pk=session.pk).exists()
    response = client.post(url("place_session_delete", place.pk, session.pk))
    assert response.status_code == 302
    assert response.url == url("place_activity_detail", place.pk, session.activity_id)
    assert not ActivitySession.objects.exists()
    assert AuditEntry.objects.filter(action="activity_session.deleted").count() == 1


def test_viewer_may_not_correct_or_delete_sessions(client, tenants, place, session):
    activity = session.activity
    client.force_login(tenants.users[Role.VIEWER])
    page = client.get(url("place_activity_detail", place.pk, activity.pk))
    assert page.status_code == 200
    assert url("place_session_edit", place.pk, session.pk) not in page.content.decode()
    edit = {"session-date": session.date.isoformat(), "session-starts_at": "10:00"}
    assert client.post(url("place_session_edit", place.pk, session.pk), edit).status_code == 403
    assert client.post(url("place_session_delete", place.pk, session.pk)).status_code == 403
    session.refresh_from_db()
    assert session.total == 7
    assert not AuditEntry.objects.filter(object_type="participation.activitysession").exists()


def test_cancelling_a_booking_needs_a_reason_and_shows_it(client, tenants, place, room):
    start = (timezone.localtime() + timedelta(days=4)).replace(hour=18, minute=0)
    booking = services.booking_create_confirmed(
        room=room,
        purpose="Årsmøte",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        group_name="Holmen vel",
    )
    client.force_login(tenants.users[Role.COORDINATOR])
    page = client.get(url("place_detail", place.pk)).content.decode()
    assert url("place_booking_cancel", place.pk, booking.pk) in page
    refused = client.post(url("place_booking_cancel", place.pk, booking.pk), {"cancel-reason": ""})
    assert refused.status_code == 400
    assert "Begrunnelse for avlysning" in refused.content.decode()
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    client.force_login(tenants.users[Role.VIEWER])
    viewer = client.post(url("place_booking_cancel", place.pk, booking.pk), {"cancel-reason": "X"})
    assert viewer.status_code == 403
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    client.force_login(tenants.users[Role.COORDINATOR])
    response = client.post(
        url("place_booking_cancel", place.pk, booking.pk), {"cancel-reason": "Vannlekkasje"}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.status, booking.cancel_reason) == ("cancelled", "Vannlekkasje")
    page = client.get(url("place_detail", place.pk)).content.decode()
    assert "Avlyst: Vannlekkasje" in page
    again = client.post(url("place_booking_cancel", place.pk, booking.pk), {"cancel-reason": "X"})
    assert again.status_code == 400
    assert "Bookingen har allerede status «Avlyst»." in again.content.decode()
    booking.refresh_from_db()
    assert booking.cancel_reason == "Vannlekkasje"


def test_public_request_overlapping_an_activity_names_it(client, place, room):
    day = timezone.localdate() + timedelta(days=7)
    build_activity(place, room=room, weekdays=[day.weekday()])
    eleven = timezone.make_aware(datetime.combine(day, time(11)))
    response = request_room(client, place, room, eleven, contact_email="kari@example.org")
    assert response.status_code == 400
    assert "er i bruk av den faste aktiviteten «NAV Snuplassen»" in response.content.decode()
    assert not Booking.objects.exists()


def test_event_page_lists_registrations_and_ideas_guard(client, tenants):
    event = build_event(tenants.home, capacity=1)
    events.registration_create(event=event, name="Kari " + SCRIPT)
    events.registration_create(event=event, name="Ola")
    client.force_login(tenants.users[Role.ANALYST])
    response = client.get(url("event_detail", event.pk))
    assert response.status_code == 200
    summary = response.context["registrations"]
    assert ([r.name for r in summary.confirmed], [r.name for r in summary.waiting]) == (
        ["Kari alert('x')"],
        ["Ola"],
    )
    assert response.context["ideas"] == (
        list(event.ideas.all()) if hasattr(event, "ideas") else None
    )


def test_committee_distribution_over_the_grant_shows_the_amounts(client, tenants):
    area = AreaFactory(level__municipality=tenants.home, level__code="lokalsamfunn")
    committee = committees.committee_create(municipality=tenants.home, area=area, name="LSU")
    grant = committees.grant_set(committee=committee, year=2024, amount=Decimal("1000"))
    client.force_login(tenants.users[Role.MUNICIPAL_ADMIN])
    response = client.post(
        url("committee_distribution_add", committee.pk),
        {
            "distribution-grant": grant.pk,
            "distribution-recipient_name": "Velforeningen",
            "distribution-purpose": "Dugnad",
            "distribution-amount": "1500",
        },
    )
    assert response.status_code == 400
    assert "mer enn tilskuddet" in response.content.decode()
    assert not grant.distributions.exists()


# --- iCalendar -------------------------------------------------------------------------------


def unfold(text: str) -> list[str]:
    """RFC 5545 3.1: CRLF followed by one space or tab continues the line."""
    assert text.endswith("\r\n")
    lines: list[str] = []
    for raw in text[:-2].split("\r\n"):
        assert len(raw.encode()) <= 75, raw
        if raw[:1] in (" ", "\t"):
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    return lines


def unescape(value: str) -> str:
    result, index = "", 0
    while index < len(value):
        if value[index] == "\\" and index + 1 < len(value):
            result += {"n": "\n", "N": "\n"}.get(value[index + 1], value[index + 1])
            index += 2
        else:
            result += value[index]
            index += 1
    return result


def test_text_escaping_and_folding():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    long = "DESCRIPTION:" + "æøå" * 40
    folded = fold(long)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == long


def test_ical_feed_parses_back(client, tenants, place):
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    description = "Vi snakker om Holmen, parken; og lekeplassen.\nAlle er velkomne! " + "ø" * 80
    event = build_event(
        tenants.home,
        title="Folkemøte, Holmen; 2025",
        description=description,
        place=place,
        location="Storsalen",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    build_event(tenants.home, title="Internt møte", is_public=False, registration_open=False)
    response = client.get(url("public_event_feed"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    lines = unfold(response.content.decode())
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == 1
    properties = dict(line.split(":", 1) for line in lines[lines.index("BEGIN:VEVENT") + 1 :])
    assert properties["UID"] == f"{event.uid}@testserver"
    assert properties["DTSTART"] == start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert properties["DTEND"].endswith("Z")
    assert properties["DTSTAMP"].endswith("Z")
    assert unescape(properties["SUMMARY"]) == "Folkemøte, Holmen; 2025"
    assert properties["SUMMARY"] == "Folkemøte\\, Holmen\\; 2025"
    assert unescape(properties["LOCATION"]) == "Rebellhuset, Storsalen"
    assert unescape(properties["DESCRIPTION"]) == description
    assert properties["URL"] == f"http://testserver/m/3107/events/{event.pk}/"


# --- API -------------------------------------------------------------------------------------


def test_api_public_lists(client, tenants, place):
    build_activity(place)
    area = AreaFactory(level__municipality=tenants.home, name="Lisleby")
    committee = committees.committee_create(
        municipality=tenants.home, area=area, name="Lisleby LSU", email="l@example.org"
    )
    committees.board_member_add(
        committee=committee, office="leader", name="Kari", from_date=timezone.localdate()
    )
    build_event(tenants.home, title="Forumsamling", kind="forum_gathering", capacity=30)
    places = client.get("/api/municipalities/3107/meeting-places").json()
    assert [(p["name"], p["opening_hours"]) for p in places] == [
        ("Rebellhuset", [{"weekday": 1, "opens": "10:00:00", "closes": "16:00:00"}])
    ]
    detail = client.get(f"/api/meeting-places/{place.pk}").json()
    assert [a["title"] for a in detail["activities"]] == ["NAV Snuplassen"]
    listed = client.get("/api/municipalities/3107/events").json()
    assert [(e["title"], e["places_left"], e["registration_open"]) for e in listed] == [
        ("Forumsamling", 30, True)
    ]
    committees_out = client.get("/api/municipalities/3107/committees").json()
    assert committees_out == [
        {
            "id": committee.pk,
            "name": "Lisleby LSU",
            "area": "Lisleby",
            "email": None,
            "phone": None,
            "website": None,
            "board": [{"office": "leader", "name": "Kari", "synthetic": False}],
        }
    ]


def test_api_session_post(client, tenants, place):
    activity = build_activity(place)
    path = f"/api/meeting-places/{place.pk}/sessions"
    body = {"activity_id": activity.pk, "age_6_12": 4, "age_30_66": 1}
    client.force_login(tenants.users[Role.VIEWER])
    assert client.post(path, body, content_type="application/json").status_code == 403
    client.force_login(tenants.users[Role.COORDINATOR])
    response = client.post(path, body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["total"] == 5
    again = client.post(path, body | {"age_6_12": -1}, content_type="application/json")
    assert again.status_code == 422
    assert again.json()["detail"].startswith("age_6_12: 6–12 år")
    assert ActivitySession.objects.count() == 1
    client.force_login(tenants.other_admin)
    assert client.post(path, body, content_type="application/json").status_code == 404


def test_api_session_patch_and_delete(client, tenants, place):
    activity = build_activity(place)
    session = services.session_record(
        activity=activity, date=timezone.localdate(), counts={"age_6_12": 4, "age_30_66": 1}
    )
    path = f"/api/meeting-places/{place.pk}/sessions/{session.pk}"
    client.force_login(tenants.users[Role.VIEWER])
    patch = client.patch(path, {"age_6_12": 6}, content_type="application/json")
    assert patch.status_code == 403
    assert client.delete(path).status_code == 403
    client.force_login(tenants.users[Role.COORDINATOR])
    refused = client.patch(path, {"age_6_12": -1}, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("age_6_12: 6–12 år")
    session.refresh_from_db()
    assert session.total == 5
    response = client.patch(
        path, {"age_6_12": 6, "note": "Rettet"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert (response.json()["total"], response.json()["counts"]["age_30_66"]) == (7, 1)
    session.refresh_from_db()
    assert (session.age_6_12, session.note) == (6, "Rettet")
    client.force_login(tenants.other_admin)
    assert client.delete(path).status_code == 404
    client.force_login(tenants.users[Role.COORDINATOR])
    assert client.delete(path).status_code == 204
    assert not ActivitySession.objects.exists()


def test_api_bookings_for_staff_who_run_the_place(client, tenants, place):
    room = services.room_create(place=place, name="Storsalen")
    start = (timezone.localtime() + timedelta(days=2)).replace(hour=18, minute=0)
    later = services.booking_request(
        room=room,
        purpose="Korøvelse",
        starts_at=start + timedelta(days=1),
        ends_at=start + timedelta(days=1, hours=2),
        contact_name="Kari",
        contact_email="kari@example.no",
        group_name="Lisleby kor",
    )
    sooner = services.booking_create_confirmed(
        room=room,
        purpose="Årsmøte",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        group_name="Holmen vel",
    )
    services.booking_decline(booking=later, reason="Rommet pusses opp")
    path = f"/api/meeting-places/{place.pk}/bookings"
    assert client.get(path).status_code == 401
    client.force_login(tenants.users[Role.VIEWER])
    assert client.get(path).status_code == 403
    client.force_login(tenants.other_admin)
    assert client.get(path).status_code == 404
    client.force_login(tenants.users[Role.COORDINATOR])
    bookings = client.get(path).json()
    assert [(b["id"], b["status"], b["who"]) for b in bookings] == [
        (sooner.pk, "confirmed", "Holmen vel"),
        (later.pk, "declined", "Lisleby kor"),
    ]
    assert (bookings[1]["contact_email"], bookings[1]["reason"]) == (
        "kari@example.no",
        "Rommet pusses opp",
    )
    after = (start + timedelta(days=1)).date().isoformat()
    assert [b["id"] for b in client.get(f"{path}?start={after}").json()] == [later.pk]
    assert client.get(f"{path}?start=not-a-date").status_code == 422


def test_older_sessions_are_reached_by_choosing_their_year(client, tenants, place):
    today = timezone.localdate()
    activity = build_activity(place, valid_from=today.replace(year=today.year - 3, day=1))
    old_day = today.replace(year=today.year - 2, day=1)
    old = services.session_record(activity=activity, date=old_day, counts={"age_20_29": 4})
    recent = services.session_record(activity=activity, date=today, counts={"age_20_29": 9})
    client.force_login(tenants.users[Role.COORDINATOR])
    page = client.get(url("place_activity_detail", place.pk, activity.pk))
    assert page.context["years"] == [today.year, old_day.year]
    assert [session.pk for session in page.context["sessions"]] == [recent.pk]
    assert f'<option value="{old_day.year}">{old_day.year}</option>' in page.content.decode()
    # Previous/next step through the years with sessions, back to the last twelve months.
    assert f'rel="prev" href="?year={today.year}"' in page.content.decode()
    this_year = client.get(
        url("place_activity_detail", place.pk, activity.pk) + f"?year={today.year}"
    ).content.decode()
    assert f'rel="prev" href="?year={old_day.year}"' in this_year
    detail_path = url("place_activity_detail", place.pk, activity.pk)
    assert f'rel="next" href="{detail_path}">Siste tolv måneder' in this_year
    page = client.get(url("place_activity_detail", place.pk, activity.pk) + f"?year={old_day.year}")
    assert 'rel="prev"' not in page.content.decode()
    assert f'rel="next" href="?year={today.year}"' in page.content.decode()
    assert [session.pk for session in page.context["sessions"]] == [old.pk]
    assert (page.context["attendance"].total, page.context["attendance"].sessions) == (4, 1)
    html = page.content.decode()
    assert f"Oppmøte i {old_day.year}" in html
    assert url("place_session_edit", place.pk, old.pk) in html
    # A year without sessions, or not a year: the last twelve months.
    for chosen in (str(today.year - 1), "abc", "0"):
        page = client.get(url("place_activity_detail", place.pk, activity.pk) + f"?year={chosen}")
        assert (page.status_code, page.context["year"]) == (200, None)
        assert [session.pk for session in page.context["sessions"]] == [recent.pk]
