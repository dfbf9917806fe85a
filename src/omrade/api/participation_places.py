"""API routes for meeting places, events and local committees.

Public routes carry only what the public pages show: public meeting places and their public
activities, public events, committees with their board by office and contact details only
where the committee made them public. Logging, correcting and deleting attendance
(`POST .../sessions`, `PATCH`/`DELETE .../sessions/{id}`) and reading a place's room bookings
with their contacts (`GET .../bookings`) need `can_run_participation` in the place's
municipality; another municipality's place answers 404.
"""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from omrade.api.auth import PUBLIC, SIGNED_IN, public_municipality, visible_or_404
from omrade.api.errors import ApiError
from omrade.common.params import ClockTime, Count, Day, Id
from omrade.participation.core.permissions import can_run_participation
from omrade.participation.places import selectors
from omrade.participation.places.models import (
    AGE_GROUPS,
    ActivitySession,
    BookingStatus,
    CommitteeOffice,
    EventKind,
    MeetingPlace,
    PlaceActivity,
)
from omrade.participation.places.services import places as services

router = Router(tags=["participation"])


class OpeningHoursOut(Schema):
    weekday: int = Field(description="0 = Monday … 6 = Sunday")
    opens: time
    closes: time


class ActivityOut(Schema):
    id: int
    title: str
    description: str
    organiser: str | None
    weekdays: list[int]
    starts_at: time
    ends_at: time
    valid_from: date
    valid_to: date | None
    age_from: int | None
    age_to: int | None


class PlaceOut(Schema):
    id: int
    name: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    areas: list[str]
    owner: str | None
    opening_hours: list[OpeningHoursOut]
    opening_note: str


class PlaceDetailOut(PlaceOut):
    description: str
    email: str
    phone: str
    partners: list[str]
    activities: list[ActivityOut]


class EventOut(Schema):
    id: int
    uid: str
    kind: EventKind
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    place_id: int | None
    location: str
    area: str | None
    registration_open: bool
    places_left: int | None = Field(description="free places; null when there is no limit")


class BoardMemberOut(Schema):
    office: CommitteeOffice
    name: str
    synthetic: bool


class CommitteeOut(Schema):
    id: int
    name: str
    area: str
    email: str | None = Field(description="only when the committee made its contact public")
    phone: str | None
    website: str | None
    board: list[BoardMemberOut]


class SessionIn(Schema):
    activity_id: Id
    date: Day | None = Field(None, description="default today")
    starts_at: ClockTime | None = Field(None, description="default the activity's start")
    note: str = ""
    age_0_5: Count = 0
    age_6_12: Count = 0
    age_13_15: Count = 0
    age_16_19: Count = 0
    age_20_29: Count = 0
    age_30_66: Count = 0
    age_67_plus: Count = 0
    age_unknown: Count = 0


class SessionPatchIn(Schema):
    """Only the fields given change; a count not given keeps its value."""

    date: Day | None = None
    starts_at: ClockTime | None = None
    note: str | None = None
    age_0_5: Count | None = None
    age_6_12: Count | None = None
    age_13_15: Count | None = None
    age_16_19: Count | None = None
    age_20_29: Count | None = None
    age_30_66: Count | None = None
    age_67_plus: Count | None = None
    age_unknown: Count | None = None


class SessionOut(Schema):
    id: int
    activity_id: Id
    date: dt.date
    starts_at: time
    total: int
    counts: dict[str, int]


class BookingOut(Schema):
    id: int
    room: str
    starts_at: datetime
    ends_at: datetime
    status: BookingStatus
    who: str
    purpose: str
    contact_name: str
    contact_email: str
    contact_phone: str
    reason: str
    from_public_form: bool


def _place_summary(place: MeetingPlace) -> dict[str, Any]:
    return {
        "id": place.pk,
        "name": place.name,
        "address": place.address,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "areas": [area.name for area in place.areas.all()],
        "owner": str(place.owner) if place.owner else None,
        "opening_hours": [
            {"weekday": hours.weekday, "opens": hours.opens, "closes": hours.closes}
            for hours in place.opening_hours.all()
        ],
        "opening_note": place.opening_note,
    }


def _activity(activity: PlaceActivity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "title": activity.title,
        "description": activity.description,
        "organiser": str(activity.organiser) if activity.organiser else None,
        "weekdays": activity.weekdays,
        "starts_at": activity.starts_at,
        "ends_at": activity.ends_at,
        "valid_from": activity.valid_from,
        "valid_to": activity.valid_to,
        "age_from": activity.age_from,
        "age_to": activity.age_to,
    }


@router.get("/municipalities/{code}/meeting-places", response=list[PlaceOut], auth=PUBLIC)
def list_meeting_places(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    municipality = public_municipality(code)
    return [_place_summary(place) for place in selectors.places_of(municipality, public=True)]


@router.get("/meeting-places/{place_id}", response=PlaceDetailOut, auth=PUBLIC)
def get_meeting_place(request: HttpRequest, place_id: Id) -> dict[str, Any]:
    places = MeetingPlace.objects.filter(is_public=True).prefetch_related(
        "areas", "opening_hours", "partners"
    )
    place = visible_or_404(request, places, place_id, permission=None, public=True)
    today = timezone.localdate()
    return _place_summary(place) | {
        "description": place.description,
        "email": place.email,
        "phone": place.phone,
        "partners": [partner.name for partner in place.partners.all()],
        "activities": [
            _activity(activity)
            for activity in selectors.activities_of(place, public=True, current_on=today)
        ],
    }


@router.get("/municipalities/{code}/events", response=list[EventOut], auth=PUBLIC)
def list_events(
    request: HttpRequest, code: str, kind: str | None = None, area_id: Id | None = None
) -> list[dict[str, Any]]:
    """Upcoming public events, soonest first (filter by kind and area)."""
    municipality = public_municipality(code)
    events = selectors.public_events(municipality, kind=kind)
    if area_id is not None:
        events = events.filter(area_id=area_id)
    return [
        {
            "id": event.pk,
            "uid": str(event.uid),
            "kind": event.kind,
            "title": event.title,
            "description": event.description,
            "starts_at": event.starts_at,
            "ends_at": event.ends_at,
            "place_id": event.place_id,
            "location": event.where,
            "area": event.area.name if event.area else None,
            "registration_open": selectors.registration_is_open(event),
            "places_left": selectors.places_left(event),
        }
        for event in events
    ]


@router.get("/municipalities/{code}/committees", response=list[CommitteeOut], auth=PUBLIC)
def list_committees(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    municipality = public_municipality(code)
    committees = list(selectors.committees_of(municipality))
    boards = selectors.boards_by_committee(committees)
    result = []
    for committee in committees:
        contact = selectors.public_contact(committee)
        result.append(
            {
                "id": committee.pk,
                "name": committee.name,
                "area": committee.area.name,
                "email": (contact.email or None) if contact else None,
                "phone": (contact.phone or None) if contact else None,
                "website": (contact.website or None) if contact else None,
                "board": [
                    {
                        "office": member.office,
                        "name": member.display_name,
                        "synthetic": member.synthetic,
                    }
                    for member in boards[committee.pk]
                ],
            }
        )
    return result


def _place_to_run(request: HttpRequest, place_id: Id) -> MeetingPlace:
    """The place, when the user may run it — log attendance, handle bookings (404 when they
    may not see it, 403 when they may see but not run it)."""
    return visible_or_404(request, MeetingPlace.objects.all(), place_id, can_run_participation)


@router.get("/meeting-places/{place_id}/bookings", response=list[BookingOut], auth=SIGNED_IN)
def list_bookings(
    request: HttpRequest, place_id: Id, start: Day | None = None
) -> list[dict[str, Any]]:
    """The place's room bookings that end on or after `start` (default today), in time order,
    every status, with the contact details (staff who run meeting places only)."""
    place = _place_to_run(request, place_id)
    return [
        {
            "id": booking.pk,
            "room": booking.room.name,
            "starts_at": booking.starts_at,
            "ends_at": booking.ends_at,
            "status": booking.status,
            "who": booking.who,
            "purpose": booking.purpose,
            "contact_name": booking.contact_name,
            "contact_email": booking.contact_email,
            "contact_phone": booking.contact_phone,
            "reason": booking.reason,
            "from_public_form": booking.from_public_form,
        }
        for booking in selectors.bookings_of(place, from_date=start)
    ]


def _session_of(place: MeetingPlace, session_id: Id) -> ActivitySession:
    session = selectors.session_for(place, session_id)
    if session is None:
        raise Http404("Unknown session at this meeting place")
    return session


def _session_out(session: ActivitySession) -> dict[str, Any]:
    return {
        "id": session.pk,
        "activity_id": session.activity_id,
        "date": session.date,
        "starts_at": session.starts_at,
        "total": session.total,
        "counts": {field: getattr(session, field) for field, _label in AGE_GROUPS},
    }


@router.post(
    "/meeting-places/{place_id}/sessions",
    response={201: SessionOut},
    auth=SIGNED_IN,
)
def record_session(request: HttpRequest, place_id: Id, payload: SessionIn) -> Status:
    """Log attendance at one session of an activity at the place, by age group (≥ 0)."""
    place = _place_to_run(request, place_id)
    activity = place.activities.filter(pk=payload.activity_id).first()
    if activity is None:
        raise ApiError.invalid("activity_id", "no such activity at this meeting place")
    counts = {field: getattr(payload, field) for field, _label in AGE_GROUPS}
    try:
        session = services.session_record(
            activity=activity,
            date=payload.date or timezone.localdate(),
            starts_at=payload.starts_at,
            note=payload.note,
            counts=counts,
            by=request.user,
        )
    except ValidationError as refused:
        raise ApiError.refused(refused, 422) from refused
    return Status(201, _session_out(session))


@router.patch(
    "/meeting-places/{place_id}/sessions/{session_id}", response=SessionOut, auth=SIGNED_IN
)
def correct_session(
    request: HttpRequest, place_id: Id, session_id: Id, payload: SessionPatchIn
) -> dict[str, Any]:
    """Correct a logged session: the counts, date, start or note given (audited)."""
    session = _session_of(_place_to_run(request, place_id), session_id)
    given = payload.model_dump(exclude_none=True)
    counts = {field: given.get(field, getattr(session, field)) for field, _label in AGE_GROUPS}
    try:
        services.session_update(
            session=session,
            counts=counts,
            date=given.get("date"),
            starts_at=given.get("starts_at"),
            note=given.get("note"),
            by=request.user,
        )
    except ValidationError as refused:
        raise ApiError.refused(refused, 422) from refused
    return _session_out(session)


@router.delete(
    "/meeting-places/{place_id}/sessions/{session_id}", response={204: None}, auth=SIGNED_IN
)
def delete_session(request: HttpRequest, place_id: Id, session_id: Id) -> Status:
    """Delete a session logged by mistake (audited with its counts)."""
    session = _session_of(_place_to_run(request, place_id), session_id)
    services.session_delete(session=session, by=request.user)
    return Status(204, None)
