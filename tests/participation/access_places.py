"""The access matrix's expectations for participation's places routes (meeting places, local
committees, events; merged in tests/test_access_matrix.py).

Staff pages are read by every role (`can_view_participation`) and changed by programme staff
(`can_run_participation`: municipal admins, programme managers, coordinators). The public
pages answer everyone. Requests that change state get objects of their own.
"""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from omrade.participation.places.models import (
    ActivitySession,
    Booking,
    Event,
    MeetingPlace,
    Registration,
)
from omrade.participation.places.services import committees as committee_services
from omrade.participation.places.services import events as event_services
from omrade.participation.places.services import places as place_services
from omrade.tenancy.models import Role
from tests.access import ALL_ROLES, Probe, access

RUNNERS = {Role.MUNICIPAL_ADMIN, Role.PROGRAMME_MANAGER, Role.COORDINATOR}
_counter = {"n": 0}
_state: dict[str, Any] = {}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def _place(objects: dict[str, Any]) -> MeetingPlace:
    if "places_place" not in objects:
        place = place_services.place_create(
            municipality=objects["home"], name="Probehuset", address="Probeveien 1"
        )
        room = place_services.room_create(place=place, name="Storsalen")
        activity = place_services.activity_create(
            place=place,
            title="Probe-aktivitet",
            weekdays=[0, 2],
            starts_at=time(10),
            ends_at=time(12),
            valid_from=timezone.localdate() - timedelta(days=30),
        )
        objects |= {"places_place": place, "places_room": room, "places_activity": activity}
    return objects["places_place"]  # type: ignore[no-any-return]


def _committee(objects: dict[str, Any]) -> Any:
    if "places_committee" not in objects:
        committee = committee_services.committee_create(
            municipality=objects["home"], area=objects["area"], name="Probe lokalsamfunnsutvalg"
        )
        committee_services.grant_set(committee=committee, year=2024, amount=Decimal(1000))
        objects["places_committee"] = committee
    return objects["places_committee"]


def _event(objects: dict[str, Any], *, started: bool = False) -> Event:
    key = "places_started_event" if started else "places_event"
    if key not in objects:
        start = timezone.now() + (timedelta(days=-1) if started else timedelta(days=10))
        objects[key] = event_services.event_create(
            municipality=objects["home"],
            kind="public_meeting",
            title="Probe-folkemøte",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            registration_open=True,
            capacity=500,
        )
    return objects[key]  # type: ignore[no-any-return]


def place_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return {"place_pk": _place(objects).pk}


def activity_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return place_kwargs(objects) | {"activity_pk": objects["places_activity"].pk}


def _fresh_booking(objects: dict[str, Any], *, confirmed: bool) -> dict[str, object]:
    """Deciding changes the booking: a booking per request, each its own hour."""
    place = _place(objects)
    start = timezone.now() + timedelta(days=30, hours=3 * _next())
    write = place_services.booking_create_confirmed if confirmed else place_services.booking_request
    booking: Booking = write(
        room=objects["places_room"],
        purpose="Probe",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        contact_name="Probe",
        contact_phone="12345678",
    )
    return {"place_pk": place.pk, "booking_pk": booking.pk}


def fresh_booking_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    """A requested booking (to confirm or decline)."""
    return _fresh_booking(objects, confirmed=False)


def fresh_confirmed_booking_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    """A confirmed booking (to cancel)."""
    return _fresh_booking(objects, confirmed=True)


def _fresh_session(objects: dict[str, Any]) -> ActivitySession:
    """Deleting removes the session: one per request, each on its own day and start."""
    _place(objects)
    number = _next()
    return place_services.session_record(
        activity=objects["places_activity"],
        date=timezone.localdate() - timedelta(days=1 + number % 25),
        starts_at=time(number % 24, number // 24 % 60),
        counts={"age_20_29": 2},
    )


def fresh_session_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return place_kwargs(objects) | {"session_pk": _fresh_session(objects).pk}


def committee_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return {"committee_pk": _committee(objects).pk}


def fresh_member_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    committee = _committee(objects)
    member = committee_services.board_member_add(
        committee=committee,
        office="member",
        name=f"Probe {_next()}",
        from_date=timezone.localdate() - timedelta(days=10),
    )
    return {"committee_pk": committee.pk, "member_pk": member.pk}


def event_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return {"event_pk": _event(objects).pk}


def started_event_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return {"event_pk": _event(objects, started=True).pk}


def _registration(objects: dict[str, Any]) -> tuple[Registration, str]:
    receipt = event_services.registration_create(
        event=_event(objects), name=f"Probe {_next()}", by_staff=True
    )
    return receipt.registration, receipt.cancel_token


def fresh_registration_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    registration, _token = _registration(objects)
    return event_kwargs(objects) | {"registration_pk": registration.pk}


def fresh_token_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    _unused, token = _registration(objects)
    return {"token": token}


READ = access(roles=ALL_ROLES)
RUN = access(roles=RUNNERS)
RUN_INVALID = access(roles=RUNNERS, allowed_status=400)  # an empty POST is an invalid form
RUN_DONE = access(roles=RUNNERS, allowed_status=302)
P = "participation:"

EXPECTED: dict[str, Any] = {
    # Meeting places (staff)
    f"{P}place_list": Probe(READ),
    f"{P}place_add": Probe(RUN),
    f"{P}place_detail": Probe(READ, place_kwargs),
    f"{P}place_edit": Probe(RUN, place_kwargs),
    f"{P}place_hours": Probe(RUN, place_kwargs),
    f"{P}place_room_add": Probe(RUN_INVALID, place_kwargs, method="post"),
    f"{P}place_activity_add": Probe(RUN, place_kwargs),
    f"{P}place_activity_detail": Probe(READ, activity_kwargs),
    f"{P}place_activity_edit": Probe(RUN, activity_kwargs),
    f"{P}place_session_add": Probe(RUN, place_kwargs),
    f"{P}place_session_edit": Probe(RUN_INVALID, fresh_session_kwargs, method="post"),
    f"{P}place_session_delete": Probe(RUN_DONE, fresh_session_kwargs, method="post"),
    f"{P}place_booking_add": Probe(RUN_INVALID, place_kwargs, method="post"),
    f"{P}place_booking_confirm": Probe(RUN_DONE, fresh_booking_kwargs, method="post"),
    f"{P}place_booking_decline": Probe(RUN_INVALID, fresh_booking_kwargs, method="post"),
    f"{P}place_booking_cancel": Probe(RUN_INVALID, fresh_confirmed_booking_kwargs, method="post"),
    # Meeting places (public)
    f"{P}public_place_list": Probe(access(200)),
    f"{P}public_place_detail": Probe(access(200), place_kwargs),
    f"{P}public_booking_request": Probe(access(400), place_kwargs, method="post"),
    # Local committees
    f"{P}committee_list": Probe(READ),
    f"{P}committee_add": Probe(RUN),
    f"{P}committee_detail": Probe(READ, committee_kwargs),
    f"{P}committee_edit": Probe(RUN, committee_kwargs),
    f"{P}committee_annual_meeting_add": Probe(RUN_INVALID, committee_kwargs, method="post"),
    f"{P}committee_board_member_add": Probe(RUN_INVALID, committee_kwargs, method="post"),
    f"{P}committee_board_member_end": Probe(RUN_INVALID, fresh_member_kwargs, method="post"),
    f"{P}committee_grant_set": Probe(RUN_INVALID, committee_kwargs, method="post"),
    f"{P}committee_distribution_add": Probe(RUN_INVALID, committee_kwargs, method="post"),
    f"{P}public_committee_list": Probe(access(200)),
    f"{P}public_committee_detail": Probe(access(200), committee_kwargs),
    # Events
    f"{P}event_list": Probe(READ),
    f"{P}event_add": Probe(RUN),
    f"{P}event_detail": Probe(READ, event_kwargs),
    f"{P}event_edit": Probe(RUN, event_kwargs),
    f"{P}event_minutes": Probe(RUN_DONE, event_kwargs, method="post"),  # empty minutes: valid
    f"{P}event_attendance": Probe(RUN_DONE, started_event_kwargs, method="post"),  # zeros
    f"{P}event_registration_add": Probe(RUN_INVALID, event_kwargs, method="post"),
    f"{P}event_registration_cancel": Probe(RUN_DONE, fresh_registration_kwargs, method="post"),
    f"{P}public_calendar": Probe(access(200)),
    f"{P}public_event_feed": Probe(access(200)),
    f"{P}public_event_detail": Probe(access(200), event_kwargs),
    f"{P}public_event_register": Probe(access(400), event_kwargs, method="post"),
    f"{P}public_registration_cancel": Probe(access(200), fresh_token_kwargs),
}

API_EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("get", "/api/municipalities/{code}/meeting-places"): access(200),
    ("get", "/api/meeting-places/{place_id}"): access(200),
    ("get", "/api/municipalities/{code}/events"): access(200),
    ("get", "/api/municipalities/{code}/committees"): access(200),
    ("post", "/api/meeting-places/{place_id}/sessions"): access(roles=RUNNERS, anonymous=401)
    | {"other-municipality-admin": 404},
    ("get", "/api/meeting-places/{place_id}/bookings"): access(roles=RUNNERS, anonymous=401)
    | {"other-municipality-admin": 404},
    ("patch", "/api/meeting-places/{place_id}/sessions/{session_id}"): access(
        roles=RUNNERS, anonymous=401
    )
    | {"other-municipality-admin": 404},
    ("delete", "/api/meeting-places/{place_id}/sessions/{session_id}"): access(
        roles=RUNNERS, anonymous=401, allowed_status=204
    )
    | {"other-municipality-admin": 404},
}
API_QUERY: dict[tuple[str, str], str] = {}
API_CREATED = {("post", "/api/meeting-places/{place_id}/sessions")}


def _new_session() -> dict[str, object]:
    """A session of its own per request: a new start time each time."""
    number = _next()
    return {
        "activity_id": _state["activity"].pk,
        "starts_at": f"{number % 24:02d}:{number // 24 % 60:02d}",
        "age_20_29": 3,
    }


API_BODY: dict[tuple[str, str], Any] = {
    ("post", "/api/meeting-places/{place_id}/sessions"): _new_session,
    ("patch", "/api/meeting-places/{place_id}/sessions/{session_id}"): {"age_20_29": 4},
}


def api_placeholders(objects: dict[str, Any]) -> dict[str, object]:
    """Values for the {placeholders} of this module's API paths (a session of its own for
    every request: deleting removes it)."""
    place = _place(objects)
    _state["activity"] = objects["places_activity"]
    return {"place_id": place.pk, "session_id": _fresh_session(objects).pk}
