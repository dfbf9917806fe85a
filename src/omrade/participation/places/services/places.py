"""Writes for meeting places (nærmiljøarenaer): the place, its opening hours and rooms, its
recurring activities, attendance per session by age group, and room bookings.

A booking goes requested → confirmed | declined (with a reason), and confirmed → cancelled
(with a reason). Two confirmed bookings of the same room may not overlap: confirming locks the
room's row, so two confirmations at once cannot both pass, and a clash is refused naming the
booking it clashes with. Neither a request nor a confirmation may overlap a recurring activity
held in the room (on its weekdays and times, within its period); the activity's own sessions
are not bookings and are never checked. The requester is told of every decision in the
resident outbox (`services.notices.notice_queue`, which e-mails it) when they left an e-mail
address.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from omrade.areas.models import Area
from omrade.common.audit import audit_record, changes_between
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.common.workflow import Transition
from omrade.participation.core.abuse import clean_text
from omrade.participation.core.models import NoticeKind
from omrade.participation.core.notices import notice_queue
from omrade.participation.core.permissions import can_run_participation
from omrade.participation.places.models import (
    AGE_GROUPS,
    ActivitySession,
    Booking,
    BookingStatus,
    MeetingPlace,
    OpeningHours,
    PlaceActivity,
    Room,
    Weekday,
)
from omrade.participation.places.workflow import BOOKING_WORKFLOW, BookingAction, booking_summary
from omrade.tenancy.models import Municipality, Organisation
from omrade.tenancy.selectors import AnyUser

PLACE_FIELDS = (
    "programme",
    "name",
    "description",
    "address",
    "latitude",
    "longitude",
    "owner_organisation",
    "owner_unit",
    "area_developer",
    "opening_note",
    "email",
    "phone",
    "is_public",
)
ACTIVITY_FIELDS = (
    "title",
    "description",
    "organiser_organisation",
    "organiser_unit",
    "measure",
    "room",
    "weekdays",
    "starts_at",
    "ends_at",
    "valid_from",
    "valid_to",
    "age_from",
    "age_to",
    "is_public",
)
ROOM_FIELDS = ("name", "capacity", "description", "bookable")


def user_id_of(by: AnyUser | None) -> int | None:
    return by.pk if by is not None and by.is_authenticated else None


def _same_municipality(
    municipality: Municipality, field: str, objects: Iterable[Area | Organisation]
) -> list[Any]:
    chosen = list(objects)
    if any(item.municipality_id != municipality.pk for item in chosen):
        raise ValidationError({field: _("Må høre til samme kommune som møteplassen.")})
    return chosen


def _check_fields(fields: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")


# --- the place -------------------------------------------------------------------------------


@transaction.atomic
def place_create(
    *,
    municipality: Municipality,
    name: str,
    by: AnyUser | None = None,
    areas: Iterable[Area] = (),
    partners: Iterable[Organisation] = (),
    **fields: Any,
) -> MeetingPlace:
    """Add a meeting place. `fields` are the place's own fields (PLACE_FIELDS)."""
    require(can_run_participation, by, municipality)
    _check_fields(fields, PLACE_FIELDS)
    place = MeetingPlace(municipality=municipality, name=name.strip(), **fields)
    save_validated(place)
    place.areas.set(_same_municipality(municipality, "areas", areas))
    place.partners.set(_same_municipality(municipality, "partners", partners))
    audit_record(
        municipality=municipality,
        actor=by,
        action="meeting_place.created",
        obj=place,
        summary=_("Møteplassen «%(name)s» er lagt til.") % {"name": place.name},
    )
    return place


@transaction.atomic
def place_update(
    *,
    place: MeetingPlace,
    by: AnyUser | None = None,
    areas: Iterable[Area] | None = None,
    partners: Iterable[Organisation] | None = None,
    **fields: Any,
) -> MeetingPlace:
    """Change a meeting place's details; relations only when given."""
    require(can_run_participation, by, place.municipality)
    _check_fields(fields, PLACE_FIELDS)
    before = {field: getattr(place, field) for field in fields}
    for field, value in fields.items():
        setattr(place, field, value.strip() if field == "name" else value)
    save_validated(place)
    if areas is not None:
        place.areas.set(_same_municipality(place.municipality, "areas", areas))
    if partners is not None:
        place.partners.set(_same_municipality(place.municipality, "partners", partners))
    audit_record(
        municipality=place.municipality,
        actor=by,
        action="meeting_place.updated",
        obj=place,
        summary=_("Møteplassen «%(name)s» er endret.") % {"name": place.name},
        changes=changes_between(before, {field: getattr(place, field) for field in fields}),
    )
    return place


@dataclass(frozen=True)
class OpeningInterval:
    """One interval of opening hours: a weekday (0 = Monday) with opening and closing time."""

    weekday: int
    opens: time
    closes: time


@transaction.atomic
def place_set_opening_hours(
    *,
    place: MeetingPlace,
    intervals: Iterable[OpeningInterval],
    note: str | None = None,
    by: AnyUser | None = None,
) -> list[OpeningHours]:
    """Replace the place's opening hours (and the free note, when given). Each interval must
    close after it opens, and intervals on the same day may not overlap; refused naming the
    day, with nothing changed."""
    require(can_run_participation, by, place.municipality)
    chosen = sorted(intervals, key=lambda interval: (interval.weekday, interval.opens))
    for interval in chosen:
        if interval.weekday not in Weekday.values:
            raise ValidationError({"opening_hours": _("Ukjent ukedag.")})
        day = Weekday(interval.weekday).label
        if interval.closes <= interval.opens:
            raise ValidationError(
                {
                    "opening_hours": _(
                        "%(day)s: stengetid (%(closes)s) må være etter åpningstid (%(opens)s)."
                    )
                    % {
                        "day": str(day).capitalize(),
                        "opens": f"{interval.opens:%H:%M}",
                        "closes": f"{interval.closes:%H:%M}",
                    }
                }
            )
    for previous, current in pairwise(chosen):
        if previous.weekday == current.weekday and current.opens < previous.closes:
            raise ValidationError(
                {
                    "opening_hours": _("%(day)s: åpningstidene %(first)s og %(second)s overlapper.")
                    % {
                        "day": str(Weekday(current.weekday).label).capitalize(),
                        "first": f"{previous.opens:%H:%M}–{previous.closes:%H:%M}",
                        "second": f"{current.opens:%H:%M}–{current.closes:%H:%M}",
                    }
                }
            )
    before = [str(hours) for hours in place.opening_hours.all()]
    place.opening_hours.all().delete()
    saved = []
    for interval in chosen:
        hours = OpeningHours(
            place=place, weekday=interval.weekday, opens=interval.opens, closes=interval.closes
        )
        save_validated(hours)
        saved.append(hours)
    if note is not None:
        place.opening_note = note.strip()
        save_validated(place)
    audit_record(
        municipality=place.municipality,
        actor=by,
        action="meeting_place.opening_hours_set",
        obj=place,
        summary=_("Åpningstidene for «%(name)s» er endret.") % {"name": place.name},
        changes=changes_between(
            {"opening_hours": "; ".join(before)},
            {"opening_hours": "; ".join(str(hours) for hours in saved)},
        ),
    )
    return saved


# --- rooms -----------------------------------------------------------------------------------


@transaction.atomic
def room_create(*, place: MeetingPlace, name: str, **fields: Any) -> Room:
    _check_fields(fields, ROOM_FIELDS)
    if place.rooms.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("Møteplassen har allerede et rom med dette navnet.")})
    room = Room(place=place, name=name.strip(), **fields)
    save_validated(room)
    return room


@transaction.atomic
def room_update(*, room: Room, **fields: Any) -> Room:
    _check_fields(fields, ROOM_FIELDS)
    for field, value in fields.items():
        setattr(room, field, value.strip() if field == "name" else value)
    if room.place.rooms.filter(name__iexact=room.name).exclude(pk=room.pk).exists():
        raise ValidationError({"name": _("Møteplassen har allerede et rom med dette navnet.")})
    save_validated(room)
    return room


# --- recurring activities --------------------------------------------------------------------


@transaction.atomic
def activity_create(
    *, place: MeetingPlace, title: str, by: AnyUser | None = None, **fields: Any
) -> PlaceActivity:
    """Add a recurring activity (weekdays as 0 = Monday … 6 = Sunday)."""
    require(can_run_participation, by, place.municipality)
    _check_fields(fields, ACTIVITY_FIELDS)
    if "weekdays" in fields:
        fields["weekdays"] = sorted({int(day) for day in fields["weekdays"]})
    activity = PlaceActivity(place=place, title=title.strip(), **fields)
    save_validated(activity)
    _refuse_booked_room(activity)
    audit_record(
        municipality=place.municipality,
        actor=by,
        action="place_activity.created",
        obj=activity,
        summary=_("Aktiviteten «%(title)s» er lagt til på «%(place)s».")
        % {"title": activity.title, "place": place.name},
    )
    return activity


@transaction.atomic
def activity_update(
    *, activity: PlaceActivity, by: AnyUser | None = None, **fields: Any
) -> PlaceActivity:
    require(can_run_participation, by, activity.place.municipality)
    _check_fields(fields, ACTIVITY_FIELDS)
    if "weekdays" in fields:
        fields["weekdays"] = sorted({int(day) for day in fields["weekdays"]})
    before = {field: getattr(activity, field) for field in fields}
    for field, value in fields.items():
        setattr(activity, field, value.strip() if field == "title" else value)
    save_validated(activity)
    if {"room", "weekdays", "starts_at", "ends_at", "valid_from", "valid_to"} & set(fields):
        _refuse_booked_room(activity)
    audit_record(
        municipality=activity.place.municipality,
        actor=by,
        action="place_activity.updated",
        obj=activity,
        summary=_("Aktiviteten «%(title)s» er endret.") % {"title": activity.title},
        changes=changes_between(before, {field: getattr(activity, field) for field in fields}),
    )
    return activity


# --- attendance ------------------------------------------------------------------------------


def checked_counts(counts: Mapping[str, int | None]) -> dict[str, int]:
    """The age-group counts, each a whole number ≥ 0 (missing ones are 0)."""
    known = {field for field, _label in AGE_GROUPS}
    unknown = set(counts) - known
    if unknown:
        raise ValueError(f"unknown age groups: {sorted(unknown)}")
    errors: dict[str, str] = {}
    cleaned: dict[str, int] = {}
    for field, label in AGE_GROUPS:
        value = counts.get(field)
        if value is None:
            value = 0
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            errors[field] = _("%(group)s: antallet må være et helt tall, 0 eller mer.") % {
                "group": label
            }
            continue
        cleaned[field] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_session_time(
    activity: PlaceActivity, day: date, start: time, *, other_than: ActivitySession | None = None
) -> None:
    """Refuse a session in the future, outside the activity's period, or one the activity
    already has at that date and start (locks the activity, so two phones logging the same
    session cannot both pass)."""
    if day > timezone.localdate():
        raise ValidationError({"date": _("Oppmøte kan ikke registreres for en dato fram i tid.")})
    if day < activity.valid_from or (activity.valid_to and day > activity.valid_to):
        raise ValidationError(
            {
                "date": _("«%(title)s» gjelder ikke %(date)s.")
                % {"title": activity.title, "date": date_format(day, "SHORT_DATE_FORMAT")}
            }
        )
    PlaceActivity.objects.select_for_update().filter(pk=activity.pk).first()
    taken = ActivitySession.objects.filter(activity=activity, date=day, starts_at=start)
    if other_than is not None:
        taken = taken.exclude(pk=other_than.pk)
    if taken.exists():
        raise ValidationError(
            {
                "date": _("Oppmøtet for «%(title)s» %(date)s kl. %(time)s er allerede registrert.")
                % {
                    "title": activity.title,
                    "date": date_format(day, "SHORT_DATE_FORMAT"),
                    "time": f"{start:%H:%M}",
                }
            }
        )


@transaction.atomic
def session_record(
    *,
    activity: PlaceActivity,
    date: date,
    counts: Mapping[str, int | None],
    starts_at: time | None = None,
    note: str = "",
    synthetic: bool = False,
    by: AnyUser | None = None,
) -> ActivitySession:
    """Log attendance at one session of an activity: counts per age group (≥ 0). One session
    per activity, date and start time (the activity's own start unless given); a session
    in the future or outside the activity's period is refused."""
    require(can_run_participation, by, activity.place.municipality)
    cleaned = checked_counts(counts)
    start = starts_at or activity.starts_at
    _check_session_time(activity, date, start)
    session = ActivitySession(
        activity=activity,
        date=date,
        starts_at=start,
        note=note.strip(),
        synthetic=synthetic,
        recorded_by_id=user_id_of(by),
        **cleaned,
    )
    save_validated(session)
    return session


SESSION_AUDITED = ("date", "starts_at", "note", *(field for field, _label in AGE_GROUPS))


@transaction.atomic
def session_update(
    *,
    session: ActivitySession,
    counts: Mapping[str, int | None],
    date: date | None = None,
    starts_at: time | None = None,
    note: str | None = None,
    by: AnyUser | None = None,
) -> ActivitySession:
    """Correct a logged session: its counts per age group (missing groups are 0), and its
    date, start and note when given; the same rules as logging it. Audited with what changed;
    a refused correction changes nothing."""
    require(can_run_participation, by, session.activity.place.municipality)
    cleaned = checked_counts(counts)
    activity = session.activity
    day = date or session.date
    start = starts_at or session.starts_at
    _check_session_time(activity, day, start, other_than=session)
    before = {field: getattr(session, field) for field in SESSION_AUDITED}
    session.date, session.starts_at = day, start
    if note is not None:
        session.note = note.strip()
    for field, value in cleaned.items():
        setattr(session, field, value)
    save_validated(session)
    audit_record(
        municipality=activity.place.municipality,
        actor=by,
        action="activity_session.updated",
        obj=session,
        summary=_("Oppmøtet %(session)s er rettet.") % {"session": session},
        changes=changes_between(
            before | {"total": sum(before[field] for field, _label in AGE_GROUPS)},
            {field: getattr(session, field) for field in SESSION_AUDITED}
            | {"total": session.total},
        ),
    )
    return session


@transaction.atomic
def session_delete(*, session: ActivitySession, by: AnyUser | None = None) -> None:
    """Remove a session logged by mistake (audited with its counts)."""
    require(can_run_participation, by, session.activity.place.municipality)
    place = session.activity.place
    audit_record(
        municipality=place.municipality,
        actor=by,
        action="activity_session.deleted",
        obj=session,
        summary=_("Oppmøtet %(session)s er slettet.") % {"session": session},
        changes=changes_between(
            {field: getattr(session, field) for field in SESSION_AUDITED}
            | {"total": session.total},
            {},
        ),
    )
    session.delete()


# --- bookings --------------------------------------------------------------------------------


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _clash(booking: Booking) -> Booking | None:
    """The first confirmed booking of the same room that overlaps this one."""
    return (
        Booking.objects.filter(
            room_id=booking.room_id,
            status=BookingStatus.CONFIRMED,
            starts_at__lt=booking.ends_at,
            ends_at__gt=booking.starts_at,
        )
        .exclude(pk=booking.pk)
        .select_related("organisation")
        .order_by("starts_at")
        .first()
    )


def _overlap_day(activity: PlaceActivity, starts_at: datetime, ends_at: datetime) -> date | None:
    """The first day the recurring activity runs between the two times: on one of its
    weekdays, within its period, between its start and end."""
    first = timezone.localtime(starts_at).date()
    last = timezone.localtime(ends_at).date()
    for day in (first + timedelta(days=offset) for offset in range((last - first).days + 1)):
        runs = day.weekday() in activity.weekdays and activity.valid_from <= day
        if not runs or (activity.valid_to is not None and day > activity.valid_to):
            continue
        starts = timezone.make_aware(datetime.combine(day, activity.starts_at))
        ends = timezone.make_aware(datetime.combine(day, activity.ends_at))
        if starts < ends_at and ends > starts_at:
            return day
    return None


def _activity_clash(booking: Booking) -> tuple[PlaceActivity, date] | None:
    """The recurring activity held in the booking's room that overlaps it first, with the day."""
    first = timezone.localtime(booking.starts_at).date()
    last = timezone.localtime(booking.ends_at).date()
    activities = (
        PlaceActivity.objects.filter(room_id=booking.room_id, valid_from__lte=last)
        .exclude(valid_to__lt=first)
        .order_by("starts_at", "title")
    )
    clashes = [
        (day, activity)
        for activity in activities
        if (day := _overlap_day(activity, booking.starts_at, booking.ends_at)) is not None
    ]
    if not clashes:
        return None
    day, activity = min(clashes, key=lambda clash: clash[0])
    return activity, day


def _refuse_booked_room(activity: PlaceActivity) -> None:
    """An activity put in a room, or given new days or times there, may not run over a
    confirmed booking still to come: the group was promised the room."""
    if activity.room_id is None or not activity.weekdays:
        return
    bookings = Booking.objects.filter(
        room_id=activity.room_id, status=BookingStatus.CONFIRMED, ends_at__gt=timezone.now()
    ).select_related("room", "organisation")
    for booking in bookings.order_by("starts_at"):
        if _overlap_day(activity, booking.starts_at, booking.ends_at) is not None:
            raise ValidationError(
                {
                    "room": _(
                        "«%(room)s» er booket %(start)s–%(end)s av %(who)s (%(purpose)s); "
                        "aktiviteten ville gått over den bookingen. Avlys bookingen eller velg "
                        "et annet rom eller tidspunkt."
                    )
                    % {
                        "room": booking.room.name,
                        "start": _when(booking.starts_at),
                        "end": _when(booking.ends_at),
                        "who": booking.who,
                        "purpose": booking.purpose,
                    }
                }
            )


def _refuse_activity_clash(booking: Booking, *, public: bool = False) -> None:
    """Refuse a booking that overlaps a recurring activity in the room, naming the activity
    and its time (the public form does not name an activity that is not public)."""
    found = _activity_clash(booking)
    if found is None:
        return
    activity, day = found
    when = {
        "room": booking.room.name,
        "activity": activity.title,
        "weekday": Weekday(day.weekday()).label,
        "date": date_format(day, "SHORT_DATE_FORMAT"),
        "start": f"{activity.starts_at:%H:%M}",
        "end": f"{activity.ends_at:%H:%M}",
    }
    if public and not activity.is_public:
        message = _("«%(room)s» er opptatt %(weekday)s %(date)s kl. %(start)s–%(end)s.") % when
    else:
        message = (
            _(
                "«%(room)s» er i bruk av den faste aktiviteten «%(activity)s» %(weekday)s "
                "%(date)s kl. %(start)s–%(end)s."
            )
            % when
        )
    raise ValidationError({"starts_at": message})


def _refuse_clash(booking: Booking) -> None:
    """Refuse a booking that overlaps a confirmed booking or a recurring activity."""
    clash = _clash(booking)
    if clash is not None:
        raise ValidationError(
            {
                "starts_at": _(
                    "«%(room)s» er allerede booket %(start)s–%(end)s av %(who)s (%(purpose)s)."
                )
                % {
                    "room": booking.room.name,
                    "start": _when(clash.starts_at),
                    "end": _when(clash.ends_at),
                    "who": clash.who,
                    "purpose": clash.purpose,
                }
            }
        )
    _refuse_activity_clash(booking)


def _lock_room(room: Room) -> None:
    Room.objects.select_for_update().filter(pk=room.pk).first()


@transaction.atomic
def booking_request(
    *,
    room: Room,
    purpose: str,
    starts_at: datetime,
    ends_at: datetime,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    group_name: str = "",
    organisation: Organisation | None = None,
    from_public_form: bool = False,
) -> Booking:
    """A local group asks to borrow a room (from the public page or through staff). The
    request needs an e-mail address or a phone number to answer; its text is kept plain. A
    request that overlaps a recurring activity in the room is refused naming it."""
    if from_public_form and not room.bookable:
        raise ValidationError({"room": _("Dette rommet kan ikke bookes.")})
    if not contact_email.strip() and not contact_phone.strip() and organisation is None:
        raise ValidationError(
            {"contact_email": _("Oppgi e-post eller telefon, så vi kan svare deg.")}
        )
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": _("Tidspunktet har allerede vært.")})
    booking = Booking(
        room=room,
        organisation=organisation,
        contact_name=clean_text(contact_name, max_length=200),
        contact_email=contact_email.strip(),
        contact_phone=clean_text(contact_phone, max_length=30),
        group_name=clean_text(group_name, max_length=200),
        purpose=clean_text(purpose, max_length=500),
        starts_at=starts_at,
        ends_at=ends_at,
        from_public_form=from_public_form,
    )
    if not booking.purpose:
        raise ValidationError({"purpose": _("Skriv hva rommet skal brukes til.")})
    save_validated(booking)
    # After the fields are checked; a refusal rolls the new row back with the transaction.
    _refuse_activity_clash(booking, public=from_public_form)
    return booking


def _notice_body(booking: Booking) -> str:
    place = booking.room.place
    what = {
        "room": booking.room.name,
        "place": place.name,
        "start": _when(booking.starts_at),
        "end": _when(booking.ends_at),
        "purpose": booking.purpose,
    }
    outcome = {
        BookingStatus.CONFIRMED: _(
            "Bookingen av «%(room)s» på %(place)s %(start)s–%(end)s (%(purpose)s) er bekreftet."
        ),
        BookingStatus.DECLINED: _(
            "Forespørselen om å låne «%(room)s» på %(place)s %(start)s–%(end)s (%(purpose)s) "
            "er avslått."
        ),
        BookingStatus.CANCELLED: _(
            "Bookingen av «%(room)s» på %(place)s %(start)s–%(end)s (%(purpose)s) er avlyst. "
            "Rommet er ikke lenger holdt av til dere."
        ),
    }[BookingStatus(booking.status)]
    lines = [_("Hei!"), "", outcome % what]
    if booking.reason:
        lines += ["", _("Begrunnelse: %(reason)s") % {"reason": booking.reason}]
    contact = ", ".join(part for part in (place.email, place.phone) if part)
    if contact:
        lines += ["", _("Spørsmål? Kontakt %(place)s: %(contact)s") % {**what, "contact": contact}]
    return "\n".join(lines)


def _queue_booking_notice(booking: Booking) -> None:
    """Tell the requester of a decision in the resident outbox, when they left an e-mail."""
    if not booking.contact_email:
        return
    municipality = booking.room.place.municipality
    with translation.override(municipality.default_language):
        notice_queue(
            municipality=municipality,
            kind=NoticeKind.BOOKING,
            email=booking.contact_email,
            subject=_("Booking av «%(room)s» %(start)s: %(status)s")
            % {
                "room": booking.room.name,
                "start": _when(booking.starts_at),
                "status": booking.get_status_display(),
            },
            body=_notice_body(booking),
            language=municipality.default_language,
        )


def _audit_decision(booking: Booking, by: AnyUser | None, before: str | None) -> None:
    """Audit a booking's new status (`before`: its status until now; None when new)."""
    audit_record(
        municipality=booking.room.place.municipality,
        actor=by,
        action=f"booking.{booking.status}",
        obj=booking,
        summary=booking_summary(booking),
        changes=changes_between(
            {"status": before},
            {"status": booking.status, "reason": booking.reason or None},
        ),
    )


def _decide(booking: Booking, action: BookingAction, by: AnyUser | None, reason: str) -> Booking:
    """One step of `BOOKING_WORKFLOW` (staff: `can_run_participation`), with the reason the
    group is told; the room's row is locked so two decisions cannot both pass. Audited; the
    group is told by e-mail."""
    _lock_room(booking.room)
    reason = reason.strip()

    def update(booking: Booking, transition: Transition) -> None:
        if action == BookingAction.CONFIRM:
            _refuse_clash(booking)
            booking.decided_at = timezone.now()
            booking.decided_by_id = user_id_of(by)
        elif action == BookingAction.DECLINE:
            booking.decline_reason = reason
            booking.decided_at = timezone.now()
            booking.decided_by_id = user_id_of(by)
        else:
            if booking.ends_at <= timezone.now():
                raise ValidationError({"status": _("Bookingen er over og kan ikke avlyses.")})
            if not reason:
                raise ValidationError({"cancel_reason": _("Skriv hvorfor bookingen avlyses.")})
            booking.cancel_reason = reason
            booking.cancelled_at = timezone.now()
            booking.cancelled_by_id = user_id_of(by)

    BOOKING_WORKFLOW.apply(
        booking,
        action,
        by=by,
        reason=reason,
        update=update,
        extra_changes={"reason": [None, reason]} if reason else None,
    )
    _queue_booking_notice(booking)
    return booking


@transaction.atomic
def booking_confirm(*, booking: Booking, by: AnyUser | None = None) -> Booking:
    """Confirm a requested booking; refused, naming the clash, when the room is taken."""
    return _decide(booking, BookingAction.CONFIRM, by, "")


@transaction.atomic
def booking_decline(*, booking: Booking, reason: str, by: AnyUser | None = None) -> Booking:
    """Decline a requested booking, with the reason the group is told."""
    return _decide(booking, BookingAction.DECLINE, by, reason)


@transaction.atomic
def booking_cancel(*, booking: Booking, reason: str, by: AnyUser | None = None) -> Booking:
    """Cancel a confirmed booking that has not ended yet, with the reason the group is told;
    the room is free again at that time. Audited; a refused cancellation changes nothing."""
    return _decide(booking, BookingAction.CANCEL, by, reason)


@transaction.atomic
def booking_create_confirmed(
    *,
    room: Room,
    purpose: str,
    starts_at: datetime,
    ends_at: datetime,
    by: AnyUser | None = None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    group_name: str = "",
    organisation: Organisation | None = None,
) -> Booking:
    """Staff book a room directly (e.g. by phone): confirmed at once, unless it clashes."""
    require(can_run_participation, by, room.place.municipality)
    _lock_room(room)
    booking = Booking(
        room=room,
        organisation=organisation,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
        group_name=group_name.strip(),
        purpose=purpose.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
    )
    booking.full_clean()
    _refuse_clash(booking)
    booking.status = BookingStatus.CONFIRMED
    booking.decided_at = timezone.now()
    booking.decided_by_id = user_id_of(by)
    save_validated(booking)
    _audit_decision(booking, by, None)
    return booking
