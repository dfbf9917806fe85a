"""The states of a room booking and of an event registration, and the one table of allowed
transitions for each, on the shared mechanism (`common/workflow.py`).

A booking is requested by a local group (or made confirmed at once by staff); staff confirm
or decline a request, and may cancel a confirmed booking that has not ended, with a reason
the group is told. A registration is confirmed, or on the waiting list when the event is
full; the registrant (with the link in their e-mail) or staff cancel it, and the waiting
list moves up (the system) when a place comes free. Only `services/places.py` and
`services/places_events.py` change these states, and only through these tables.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omrade.common.workflow import Transition, Workflow
from omrade.participation.core.permissions import STAFF, STAFF_LABEL, can_run_participation
from omrade.participation.places.models import (
    Booking,
    BookingStatus,
    Registration,
    RegistrationStatus,
)
from omrade.tenancy.selectors import AnyUser

# Who acts: programme staff (`can_run_participation`); a registrant with their cancel link
# (the service checks the link, and takes the step as by=None); the system.
REGISTRANT = "registrant"
SYSTEM = "system"


def _may_act(user: AnyUser, actor: str, obj: Booking | Registration) -> bool:
    if actor != STAFF:
        return False  # the registrant's and the system's steps are taken with by=None
    municipality = (
        obj.room.place.municipality if isinstance(obj, Booking) else obj.event.municipality
    )
    return can_run_participation(user, municipality)


# --- bookings ------------------------------------------------------------------------------------


class BookingAction(StrEnum):
    CONFIRM = "confirm"
    DECLINE = "decline"
    CANCEL = "cancel"


BOOKING_ACTION_LABELS = {
    BookingAction.CONFIRM: _("Bekreft"),
    BookingAction.DECLINE: _("Avslå"),
    BookingAction.CANCEL: _("Avlys"),
}

_B, _BA = BookingStatus, BookingAction

BOOKING_TRANSITIONS: tuple[Transition, ...] = (
    Transition(_BA.CONFIRM, _B.REQUESTED, _B.CONFIRMED, STAFF),
    Transition(_BA.DECLINE, _B.REQUESTED, _B.DECLINED, STAFF),
    Transition(_BA.CANCEL, _B.CONFIRMED, _B.CANCELLED, STAFF),
)


def _booking_refused(booking: Booking, action: str) -> ValidationError:
    return ValidationError(
        {
            "status": gettext("Bookingen har allerede status «%(status)s».")
            % {"status": booking.get_status_display()}
        }
    )


def booking_summary(booking: Booking) -> str:
    return gettext("Booking av «%(room)s» %(start)s for %(who)s: %(status)s") % {
        "room": booking.room.name,
        "start": date_format(timezone.localtime(booking.starts_at), "SHORT_DATETIME_FORMAT"),
        "who": booking.who,
        "status": booking.get_status_display(),
    }


BOOKING_WORKFLOW: Workflow[Booking] = Workflow(
    model=Booking,
    transitions=BOOKING_TRANSITIONS,
    state_fields=("status",),
    may_act=_may_act,
    municipality_of=lambda booking: booking.room.place.municipality,
    audit_actions={
        BookingAction.CONFIRM: "booking.confirmed",
        BookingAction.DECLINE: "booking.declined",
        BookingAction.CANCEL: "booking.cancelled",
    },
    action_labels=BOOKING_ACTION_LABELS,
    actor_labels={STAFF: STAFF_LABEL},
    summary=booking_summary,
    refused=_booking_refused,
    backward=(BookingAction.CANCEL,),  # not a next step: the booking is settled
    needs_reason={
        BookingAction.DECLINE: ("decline_reason", _("Skriv hvorfor bookingen avslås.")),
    },
)


# --- event registrations -----------------------------------------------------------------------


class RegistrationAction(StrEnum):
    CANCEL = "cancel"
    PROMOTE = "promote"


REGISTRATION_ACTION_LABELS = {
    RegistrationAction.CANCEL: _("Meld av"),
    RegistrationAction.PROMOTE: _("Flytt fra ventelisten"),
}

_R, _RA = RegistrationStatus, RegistrationAction

REGISTRATION_TRANSITIONS: tuple[Transition, ...] = (
    Transition(_RA.CANCEL, _R.CONFIRMED, _R.CANCELLED, REGISTRANT),
    Transition(_RA.CANCEL, _R.CONFIRMED, _R.CANCELLED, STAFF),
    Transition(_RA.CANCEL, _R.WAITING, _R.CANCELLED, REGISTRANT),
    Transition(_RA.CANCEL, _R.WAITING, _R.CANCELLED, STAFF),
    Transition(_RA.PROMOTE, _R.WAITING, _R.CONFIRMED, SYSTEM),
)


def _registration_refused(registration: Registration, action: str) -> ValidationError:
    if registration.status == RegistrationStatus.CANCELLED:
        return ValidationError(
            gettext("Påmeldingen er allerede avmeldt. Avmeldingslenken kan bare brukes én gang.")
        )
    return ValidationError(
        gettext("Påmeldingen har status «%(status)s».")
        % {"status": registration.get_status_display()}
    )


REGISTRATION_WORKFLOW: Workflow[Registration] = Workflow(
    model=Registration,
    transitions=REGISTRATION_TRANSITIONS,
    state_fields=("status",),
    may_act=_may_act,
    municipality_of=lambda registration: registration.event.municipality,
    audit_actions={
        RegistrationAction.CANCEL: "registration.cancelled",
        RegistrationAction.PROMOTE: "registration.promoted",
    },
    action_labels=REGISTRATION_ACTION_LABELS,
    actor_labels={
        STAFF: STAFF_LABEL,
        REGISTRANT: _("den påmeldte"),
        SYSTEM: _("systemet"),
    },
    summary=lambda registration: (
        gettext("%(name)s er meldt av «%(title)s».")
        % {"name": registration.name, "title": registration.event.title}
    ),
    refused=_registration_refused,
    backward=(RegistrationAction.CANCEL,),
    # The event's history records a staff cancellation (as before): the registration is
    # personal data that is deleted at the end of its retention period.
    audit_object=lambda registration: registration.event,
)
