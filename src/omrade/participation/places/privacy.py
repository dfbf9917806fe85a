"""The places context's identified input for residents' privacy requests
(`core/privacy.py`): event registrations (deleted; an event that has not started moves its
waiting list up) and room bookings with the address as the contact (a booking is the
place's record of who used its rooms, so it stays, without the contact person's name,
e-mail and phone)."""

from __future__ import annotations

import zipfile
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from omrade.participation.core.privacy import (
    PrivacyKind,
    audit_erasure,
)
from omrade.participation.places.models import (
    Booking,
    BookingStatus,
    Registration,
    RegistrationStatus,
)
from omrade.participation.places.services.events import event_lock, waiting_list_promote
from omrade.tenancy.models import Municipality


def _export_registration(registration: Registration) -> dict[str, Any]:
    return {
        "id": registration.pk,
        "event": registration.event.title,
        "starts_at": registration.event.starts_at.isoformat(),
        "name": registration.name,
        "email": registration.email,
        "phone": registration.phone,
        "people": registration.people,
        "status": registration.status,
        "status_label": str(RegistrationStatus(registration.status).label),
        "registered_at": registration.registered_at.isoformat(),
        "cancelled_at": (
            registration.cancelled_at.isoformat() if registration.cancelled_at else None
        ),
    }


def _export_booking(booking: Booking) -> dict[str, Any]:
    return {
        "id": booking.pk,
        "place": booking.room.place.name,
        "room": booking.room.name,
        "group": booking.group_name,
        "purpose": booking.purpose,
        "starts_at": booking.starts_at.isoformat(),
        "ends_at": booking.ends_at.isoformat(),
        "status": booking.status,
        "status_label": str(BookingStatus(booking.status).label),
        "contact_name": booking.contact_name,
        "contact_email": booking.contact_email,
        "contact_phone": booking.contact_phone,
        "requested_at": booking.requested_at.isoformat(),
    }


def _export_registrations(
    registrations: list[Registration], archive: zipfile.ZipFile
) -> list[dict[str, Any]]:
    return [_export_registration(item) for item in registrations]


def _export_bookings(bookings: list[Booking], archive: zipfile.ZipFile) -> list[dict[str, Any]]:
    return [_export_booking(item) for item in bookings]


def _delete_registrations(
    municipality: Municipality, registrations: list[Registration], now: datetime
) -> None:
    """Freed places at an event that has not started move its waiting list up."""
    events = {item.event_id: item.event for item in registrations}
    for event in events.values():
        event_lock(event)
        Registration.objects.filter(
            pk__in=[item.pk for item in registrations if item.event_id == event.pk]
        ).delete()
        audit_erasure(
            municipality,
            action="registration.deleted_on_request",
            obj=event,
            summary=_("En påmelding er slettet etter ønske fra innbyggeren."),
        )
        if event.starts_at > now:
            waiting_list_promote(event)


def _erase_bookings(municipality: Municipality, bookings: list[Booking], now: datetime) -> None:
    for booking in bookings:
        audit_erasure(
            municipality,
            action="booking.contact_erased_on_request",
            obj=booking,
            summary=_("Kontaktopplysningene i en booking er slettet etter ønske fra innbyggeren."),
        )
    # A booking names who borrows the room (see Booking.clean): a marker stands in.
    Booking.objects.filter(pk__in=[item.pk for item in bookings]).update(
        contact_name=_("(slettet etter ønske)"), contact_email="", contact_phone=""
    )


EVENT_REGISTRATIONS = PrivacyKind(
    key="event_registrations",
    rows=lambda municipality: Registration.objects.filter(
        event__municipality=municipality
    ).select_related("event"),
    email_field="email",
    export=_export_registrations,
    delete=_delete_registrations,
)
ROOM_BOOKINGS = PrivacyKind(
    key="room_bookings",
    rows=lambda municipality: Booking.objects.filter(
        room__place__municipality=municipality
    ).select_related("room__place"),
    email_field="contact_email",
    export=_export_bookings,
    delete=_erase_bookings,
)
