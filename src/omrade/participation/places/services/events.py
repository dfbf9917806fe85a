"""Writes for events (arrangementer): public meetings, workshops, forum gatherings and
collaboration-group meetings; registrations with capacity and a waiting list; attendance by
age group afterwards; agenda and minutes.

Capacity counts people (a registration may bring several). A new registration that does not
fit, or that would jump an existing queue, goes on the waiting list. When places free up
(someone cancels, or the capacity is raised) the waiting list moves up strictly in order of
registration: the first in line is moved up while it fits, and nobody behind it overtakes.
Every registration gets a cancel link with a random token of which only the hash is stored;
the link works once. A registrant who gave an e-mail address gets the link by e-mail too, and
an e-mail when the waiting list moves them up (`services.notices.notice_queue`).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from omrade.common.audit import audit_record, changes_between
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.common.tokens import token_hash
from omrade.common.workflow import Transition
from omrade.participation.core.abuse import clean_text
from omrade.participation.core.models import NoticeKind
from omrade.participation.core.notices import notice_queue, site_link
from omrade.participation.core.permissions import can_run_participation
from omrade.participation.places.models import (
    Event,
    EventAttendance,
    Registration,
    RegistrationStatus,
)
from omrade.participation.places.selectors import registration_is_open
from omrade.participation.places.services.places import checked_counts, user_id_of
from omrade.participation.places.workflow import REGISTRATION_WORKFLOW, RegistrationAction
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser

EVENT_FIELDS = (
    "programme",
    "kind",
    "title",
    "description",
    "place",
    "location",
    "area",
    "starts_at",
    "ends_at",
    "capacity",
    "registration_open",
    "agenda",
    "is_public",
    "synthetic",
)


def confirmed_people(event: Event) -> int:
    total = event.registrations.filter(status=RegistrationStatus.CONFIRMED).aggregate(
        total=Sum("people")
    )["total"]
    return int(total or 0)


def event_lock(event: Event) -> None:
    """Hold the event's row until the transaction ends: registrations change one at a time."""
    Event.objects.select_for_update().filter(pk=event.pk).first()
    event.refresh_from_db()


def waiting_list_promote(event: Event) -> list[Registration]:
    """Move the waiting list up in order while the first in line fits (caller holds the lock)."""
    promoted: list[Registration] = []
    taken = confirmed_people(event)
    waiting = event.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "registered_at", "pk"
    )
    for registration in waiting:
        if event.capacity is not None and taken + registration.people > event.capacity:
            break

        def update(registration: Registration, transition: Transition) -> None:
            registration.promoted_at = timezone.now()

        # The system's step, following a recorded one: not audited on its own (as before).
        REGISTRATION_WORKFLOW.apply(
            registration, RegistrationAction.PROMOTE, by=None, update=update, audit=False
        )
        taken += registration.people
        promoted.append(registration)
        _queue_registration_notice(registration, cancel_token=None)
    return promoted


def _queue_registration_notice(registration: Registration, *, cancel_token: str | None) -> None:
    """E-mail the registrant (when they gave an address): their place or place in the queue,
    with the single-use cancel link when it is new (`cancel_token`), or that they moved up."""
    if not registration.email:
        return
    event = registration.event
    municipality = event.municipality
    language = municipality.default_language
    with translation.override(language):
        what = {
            "title": event.title,
            "when": date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT"),
            "where": event.location or (event.place.name if event.place else ""),
        }
        if cancel_token is None:
            subject = _("Du har fått plass: %(title)s") % what
            outcome = _(
                "Det ble ledig plass, og du er flyttet fra ventelisten til «%(title)s» "
                "%(when)s. Velkommen!"
            )
        elif registration.status == RegistrationStatus.WAITING:
            subject = _("Du står på ventelisten: %(title)s") % what
            outcome = _(
                "Arrangementet «%(title)s» %(when)s er fullt, så du står på ventelisten. Vi "
                "sier fra på e-post hvis du får plass."
            )
        else:
            subject = _("Du er påmeldt: %(title)s") % what
            outcome = _("Du er påmeldt «%(title)s» %(when)s.")
        lines = [_("Hei, %(name)s!") % {"name": registration.name}, "", outcome % what]
        if what["where"]:
            lines.append(_("Sted: %(where)s") % what)
        if cancel_token is not None:
            link = site_link(
                reverse(
                    "participation:public_registration_cancel",
                    args=[municipality.code, cancel_token],
                )
            )
            lines += [
                "",
                _("Kan du ikke komme? Meld deg av her (lenken virker én gang): %(link)s")
                % {"link": link},
            ]
        notice_queue(
            municipality=municipality,
            kind=NoticeKind.REGISTRATION,
            email=registration.email,
            subject=subject,
            body="\n".join(lines),
            language=language,
        )


def _check_fields(fields: Mapping[str, object]) -> None:
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")


@transaction.atomic
def event_create(
    *,
    municipality: Municipality,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    by: AnyUser | None = None,
    **fields: object,
) -> Event:
    """Create an event. `fields` are the event's own fields (EVENT_FIELDS)."""
    require(can_run_participation, by, municipality)
    _check_fields(fields)
    event = Event(
        municipality=municipality,
        kind=kind,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        **fields,
    )
    save_validated(event)
    audit_record(
        municipality=municipality,
        actor=by,
        action="event.created",
        obj=event,
        summary=_("Arrangementet «%(title)s» er opprettet.") % {"title": event.title},
    )
    return event


@transaction.atomic
def event_update(*, event: Event, by: AnyUser | None = None, **fields: object) -> Event:
    """Change an event. The capacity may not drop below the people already registered; a
    raised capacity moves the waiting list up."""
    require(can_run_participation, by, event.municipality)
    _check_fields(fields)
    event_lock(event)
    before = {field: getattr(event, field) for field in fields}
    for field, value in fields.items():
        setattr(event, field, value.strip() if isinstance(value, str) else value)
    taken = confirmed_people(event)
    if event.capacity is not None and event.capacity < taken:
        raise ValidationError(
            {
                "capacity": _(
                    "%(taken)s personer er allerede påmeldt; antall plasser kan ikke bli "
                    "%(capacity)s."
                )
                % {"taken": taken, "capacity": event.capacity}
            }
        )
    save_validated(event)
    promoted = waiting_list_promote(event)
    audit_record(
        municipality=event.municipality,
        actor=by,
        action="event.updated",
        obj=event,
        summary=_("Arrangementet «%(title)s» er endret.") % {"title": event.title},
        changes=changes_between(before, {field: getattr(event, field) for field in fields})
        | ({"promoted": [None, len(promoted)]} if promoted else {}),
    )
    return event


@transaction.atomic
def event_save_minutes(
    *, event: Event, minutes: str, published: bool, by: AnyUser | None = None
) -> Event:
    """Save the minutes; they stay internal until published."""
    require(can_run_participation, by, event.municipality)
    before = {"minutes": event.minutes, "minutes_published": event.minutes_published}
    event.minutes = minutes.strip()
    event.minutes_published = published and bool(event.minutes)
    save_validated(event)
    audit_record(
        municipality=event.municipality,
        actor=by,
        action="event.minutes_saved",
        obj=event,
        summary=_("Referatet fra «%(title)s» er lagret.") % {"title": event.title},
        changes=changes_between(
            before, {"minutes": event.minutes, "minutes_published": event.minutes_published}
        ),
    )
    return event


@transaction.atomic
def event_record_attendance(
    *,
    event: Event,
    counts: Mapping[str, int | None],
    synthetic: bool = False,
    by: AnyUser | None = None,
) -> EventAttendance:
    """Record (or correct) how many came, by age group (≥ 0), once the event has started."""
    require(can_run_participation, by, event.municipality)
    cleaned = checked_counts(counts)
    if event.starts_at > timezone.now():
        raise ValidationError(
            {"age_unknown": _("Oppmøtet kan registreres når arrangementet har startet.")}
        )
    attendance = EventAttendance.objects.filter(event=event).first()
    before = {"total": attendance.total} if attendance else {}
    if attendance is None:
        attendance = EventAttendance(event=event)
    for field, value in cleaned.items():
        setattr(attendance, field, value)
    attendance.synthetic = synthetic
    attendance.recorded_by_id = user_id_of(by)
    save_validated(attendance)
    audit_record(
        municipality=event.municipality,
        actor=by,
        action="event.attendance_recorded",
        obj=event,
        summary=_("Oppmøte på «%(title)s»: %(total)s")
        % {"title": event.title, "total": attendance.total},
        changes=changes_between(before, {"total": attendance.total}),
    )
    return attendance


@dataclass(frozen=True)
class RegistrationReceipt:
    """A new registration and its cancel token (shown once; only the hash is stored)."""

    registration: Registration
    cancel_token: str

    @property
    def waiting(self) -> bool:
        return self.registration.status == RegistrationStatus.WAITING


@transaction.atomic
def registration_create(
    *,
    event: Event,
    name: str,
    email: str = "",
    phone: str = "",
    people: int = 1,
    by_staff: bool = False,
) -> RegistrationReceipt:
    """Register for an event: confirmed while there is room and nobody is waiting, otherwise
    on the waiting list. The same e-mail address cannot be registered twice."""
    event_lock(event)
    now = timezone.now()
    if not by_staff and not registration_is_open(event):
        if event.starts_at <= now:
            raise ValidationError(_("Arrangementet har allerede startet; påmeldingen er stengt."))
        raise ValidationError(_("Påmeldingen til dette arrangementet er stengt."))
    if by_staff and event.ends_at <= now:
        raise ValidationError(_("Arrangementet er over; påmeldingen er stengt."))
    name = clean_text(name, max_length=200)
    if not name:
        raise ValidationError({"name": _("Skriv navnet ditt.")})
    email = email.strip().lower()
    if (
        email
        and event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .filter(email__iexact=email)
        .exists()
    ):
        raise ValidationError(
            {
                "email": _("Denne e-postadressen er allerede påmeldt «%(title)s».")
                % {"title": event.title}
            }
        )
    if event.capacity is not None and people > event.capacity:
        raise ValidationError(
            {
                "people": _("Arrangementet har bare %(capacity)s plasser.")
                % {"capacity": event.capacity}
            }
        )
    queue = event.registrations.filter(status=RegistrationStatus.WAITING).exists()
    fits = event.capacity is None or confirmed_people(event) + people <= event.capacity
    token = secrets.token_urlsafe(24)
    registration = Registration(
        event=event,
        name=name,
        email=email,
        phone=clean_text(phone, max_length=30),
        people=people,
        status=RegistrationStatus.CONFIRMED if fits and not queue else RegistrationStatus.WAITING,
        cancel_token_hash=token_hash(token),
        by_staff=by_staff,
    )
    save_validated(registration)
    _queue_registration_notice(registration, cancel_token=token)
    return RegistrationReceipt(registration=registration, cancel_token=token)


def registration_for_token(token: str) -> Registration | None:
    """The registration a cancel link belongs to (any status), or None."""
    if not token or len(token) > 100:
        return None
    return (
        Registration.objects.select_related("event__municipality")
        .filter(cancel_token_hash=token_hash(token))
        .first()
    )


def _cancel(registration: Registration, by: AnyUser | None, audit: bool) -> list[Registration]:
    """Cancel through `REGISTRATION_WORKFLOW` (the caller holds the event's lock); the waiting
    list moves up. Returns those moved up."""
    promoted: list[Registration] = []

    def update(registration: Registration, transition: Transition) -> None:
        if registration.event.starts_at <= timezone.now():
            raise ValidationError(_("Arrangementet har startet; påmeldingen kan ikke endres nå."))
        registration.cancelled_at = timezone.now()

    def after(registration: Registration, transition: Transition) -> dict[str, list[object]]:
        promoted.extend(waiting_list_promote(registration.event))
        return {"promoted": [None, [item.name for item in promoted]]} if promoted else {}

    REGISTRATION_WORKFLOW.apply(
        registration, RegistrationAction.CANCEL, by=by, update=update, after=after, audit=audit
    )
    return promoted


@transaction.atomic
def registration_cancel(*, token: str) -> tuple[Registration, list[Registration]]:
    """Cancel with the link's token (once); returns the registration and those moved up. The
    registrant's own step (the link is their permission): not audited, as before."""
    found = registration_for_token(token)
    if found is None:
        raise ValidationError(_("Avmeldingslenken er ugyldig."))
    event_lock(found.event)
    found.refresh_from_db()
    return found, _cancel(found, None, audit=False)


@transaction.atomic
def registration_cancel_by_staff(
    *, registration: Registration, by: AnyUser | None = None
) -> list[Registration]:
    """Staff cancel a registration (e.g. someone phoned); returns those moved up. Audited on
    the event, with who moved up."""
    event_lock(registration.event)
    return _cancel(registration, by, audit=True)
