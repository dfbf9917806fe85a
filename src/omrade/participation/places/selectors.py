"""Reads for meeting places, local committees and events that pages, the API and the feed
share. Public readers get only what is public: public places and activities, public events,
published minutes, committee contact details only where the committee made them public."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from omrade.areas.models import Area
from omrade.participation.core.permissions import can_run_participation
from omrade.participation.places.models import (
    AGE_GROUPS,
    ActivitySession,
    Booking,
    BookingStatus,
    CommitteeBoardMember,
    CommitteeOffice,
    Event,
    EventKind,
    LocalCommittee,
    MeetingPlace,
    OpeningHours,
    PlaceActivity,
    Registration,
    RegistrationStatus,
    Weekday,
)
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser

# --- meeting places --------------------------------------------------------------------------


def places_of(municipality: Municipality, *, public: bool = False) -> QuerySet[MeetingPlace]:
    places = MeetingPlace.objects.in_municipality(municipality).select_related(
        "owner_organisation", "owner_unit", "area_developer", "programme"
    )
    if public:
        places = places.filter(is_public=True)
    return places.prefetch_related("areas", "opening_hours")


def place_for(municipality: Municipality, pk: int, *, public: bool = False) -> MeetingPlace | None:
    return places_of(municipality, public=public).prefetch_related("partners").filter(pk=pk).first()


@dataclass(frozen=True)
class DayHours:
    weekday: int
    label: str
    intervals: list[OpeningHours]


def opening_hours_by_day(place: MeetingPlace) -> list[DayHours]:
    """All seven days, Monday first, each with its intervals (none: closed)."""
    by_day: dict[int, list[OpeningHours]] = {day: [] for day in Weekday.values}
    for hours in place.opening_hours.all():
        by_day[hours.weekday].append(hours)
    return [
        DayHours(day, str(Weekday(day).label).capitalize(), sorted(by_day[day], key=_opens))
        for day in Weekday.values
    ]


def _opens(hours: OpeningHours) -> Any:
    return hours.opens


def activities_of(
    place: MeetingPlace, *, public: bool = False, current_on: date | None = None
) -> QuerySet[PlaceActivity]:
    activities = place.activities.select_related(
        "organiser_organisation", "organiser_unit", "measure", "room"
    )
    if public:
        activities = activities.filter(is_public=True)
    if current_on is not None:
        activities = activities.filter(valid_from__lte=current_on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=current_on)
        )
    return activities.order_by("starts_at", "title")


@dataclass(frozen=True)
class ScheduleDay:
    weekday: int
    label: str
    activities: list[PlaceActivity]


def weekly_schedule(
    place: MeetingPlace, *, public: bool = False, on: date | None = None
) -> list[ScheduleDay]:
    """The week's recurring activities that run on the given day's week (default today),
    Monday first; days without activities are included (empty)."""
    current = activities_of(place, public=public, current_on=on or timezone.localdate())
    days = {day: [] for day in Weekday.values}  # type: dict[int, list[PlaceActivity]]
    for activity in current:
        for day in activity.weekdays:
            days[day].append(activity)
    return [
        ScheduleDay(day, str(Weekday(day).label).capitalize(), days[day]) for day in Weekday.values
    ]


@dataclass
class AttendanceRow:
    month: date
    counts: list[int]
    total: int
    sessions: int


@dataclass
class AttendanceTable:
    """Attendance per month (rows) and age group (columns), with totals."""

    labels: list[Any]
    rows: list[AttendanceRow] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    total: int = 0
    sessions: int = 0
    synthetic: bool = False

    @property
    def max_month_total(self) -> int:
        return max((row.total for row in self.rows), default=0)


def attendance_by_month(
    sessions: QuerySet[ActivitySession], *, since: date | None = None
) -> AttendanceTable:
    """Sum the sessions per calendar month and age group (oldest month first)."""
    if since is not None:
        sessions = sessions.filter(date__gte=since)
    fields = [name for name, _label in AGE_GROUPS]
    grouped = (
        sessions.annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(sessions=Count("pk"), **{name: Sum(name) for name in fields})
        .order_by("month")
    )
    table = AttendanceTable(labels=[label for _name, label in AGE_GROUPS])
    totals = [0] * len(fields)
    for entry in grouped:
        values: dict[str, Any] = dict(entry)
        counts = [int(values[name] or 0) for name in fields]
        month = values["month"]
        if isinstance(month, datetime):
            month = month.date()
        table.rows.append(AttendanceRow(month, counts, sum(counts), int(values["sessions"])))
        totals = [left + right for left, right in zip(totals, counts, strict=True)]
    table.totals = totals
    table.total = sum(totals)
    table.sessions = sum(row.sessions for row in table.rows)
    table.synthetic = sessions.filter(synthetic=True).exists()
    return table


def _first_of_months_back(months: int) -> date:
    """The first day of the calendar month `months - 1` months before this one."""
    first = timezone.localdate().replace(day=1)
    for _step in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


def place_attendance(place: MeetingPlace, *, months: int = 12) -> AttendanceTable:
    """The place's attendance over the last `months` calendar months, this one included."""
    sessions = ActivitySession.objects.filter(activity__place=place)
    return attendance_by_month(sessions, since=_first_of_months_back(months))


def activity_attendance(
    activity: PlaceActivity, *, year: int | None = None, months: int = 12
) -> AttendanceTable:
    """One activity's attendance in a year, or over the last `months` calendar months (this
    one included)."""
    if year is not None:
        return attendance_by_month(activity.sessions.filter(date__year=year))
    return attendance_by_month(activity.sessions.all(), since=_first_of_months_back(months))


def activity_session_years(activity: PlaceActivity) -> list[int]:
    """The years the activity has logged sessions in, newest first."""
    return [day.year for day in activity.sessions.dates("date", "year", order="DESC")]


def recent_sessions(place: MeetingPlace, *, limit: int = 20) -> QuerySet[ActivitySession]:
    return ActivitySession.objects.filter(activity__place=place).select_related("activity")[:limit]


def activity_sessions(
    activity: PlaceActivity, *, year: int | None = None, months: int = 12
) -> QuerySet[ActivitySession]:
    """The activity's sessions in a year, or of the last `months` calendar months; newest
    first."""
    sessions = activity.sessions.select_related("activity", "recorded_by")
    if year is not None:
        return sessions.filter(date__year=year)
    return sessions.filter(date__gte=_first_of_months_back(months))


def session_for(place: MeetingPlace, pk: int) -> ActivitySession | None:
    return (
        ActivitySession.objects.filter(activity__place=place, pk=pk)
        .select_related("activity__place__municipality")
        .first()
    )


def bookings_of(
    place: MeetingPlace, *, from_date: date | None = None, statuses: Iterable[str] | None = None
) -> QuerySet[Booking]:
    """The place's bookings from a day on (default today), in time order."""
    start = from_date or timezone.localdate()
    moment = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    bookings = Booking.objects.filter(room__place=place, ends_at__gte=moment).select_related(
        "room", "organisation"
    )
    if statuses is not None:
        bookings = bookings.filter(status__in=list(statuses))
    return bookings.order_by("starts_at")


@dataclass(frozen=True)
class BookingDay:
    day: date
    bookings: list[Booking]


def booking_calendar(place: MeetingPlace) -> list[BookingDay]:
    """Upcoming bookings grouped by day, in every status: staff see what was declined or
    cancelled, and why, beside what holds the room."""
    days: dict[date, list[Booking]] = {}
    for booking in bookings_of(place):
        days.setdefault(timezone.localtime(booking.starts_at).date(), []).append(booking)
    return [BookingDay(day, bookings) for day, bookings in days.items()]


def booking_for(place: MeetingPlace, pk: int) -> Booking | None:
    return Booking.objects.filter(room__place=place, pk=pk).select_related("room").first()


def activity_for(place: MeetingPlace, pk: int) -> PlaceActivity | None:
    return (
        place.activities.select_related("organiser_organisation", "organiser_unit", "room")
        .filter(pk=pk)
        .first()
    )


def activities_to_log(municipality: Municipality) -> QuerySet[PlaceActivity]:
    """Activities that run today or recently: what an area developer logs attendance for."""
    today = timezone.localdate()
    return (
        PlaceActivity.objects.filter(place__municipality=municipality, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today - timedelta(days=31)))
        .select_related("place")
        .order_by("place__name", "title")
    )


# --- local committees ------------------------------------------------------------------------

OFFICE_ORDER = [office.value for office in CommitteeOffice]


def committees_of(municipality: Municipality) -> QuerySet[LocalCommittee]:
    return LocalCommittee.objects.in_municipality(municipality).select_related("area")


def _current_members(day: date) -> QuerySet[CommitteeBoardMember]:
    return (
        CommitteeBoardMember.objects.filter(from_date__lte=day)
        .filter(Q(to_date__isnull=True) | Q(to_date__gte=day))
        .select_related("person", "elected_at")
    )


def _by_office(members: Iterable[CommitteeBoardMember]) -> list[CommitteeBoardMember]:
    return sorted(
        members, key=lambda member: (OFFICE_ORDER.index(member.office), member.display_name)
    )


def current_board(
    committee: LocalCommittee, *, on: date | None = None
) -> list[CommitteeBoardMember]:
    """The board on a day (default today), by office: leader, deputy, secretary, treasurer,
    then members by name."""
    return _by_office(_current_members(on or timezone.localdate()).filter(committee=committee))


def committee_for(municipality: Municipality, pk: int) -> LocalCommittee | None:
    return committees_of(municipality).filter(pk=pk).first()


def boards_by_committee(
    committees: Iterable[LocalCommittee],
) -> dict[int, list[CommitteeBoardMember]]:
    """Each committee's current board by office, in one query."""
    chosen = {committee.pk: [] for committee in committees}  # type: dict[int, list[Any]]
    for member in _current_members(timezone.localdate()).filter(committee_id__in=list(chosen)):
        chosen[member.committee_id].append(member)
    return {pk: _by_office(members) for pk, members in chosen.items()}


@dataclass(frozen=True)
class PublicContact:
    email: str
    phone: str
    website: str


def public_contact(committee: LocalCommittee) -> PublicContact | None:
    """The committee's contact details, only when it made them public."""
    if not committee.contact_public:
        return None
    return PublicContact(committee.email, committee.phone, committee.website)


def lokalsamfunn_areas(municipality: Municipality) -> QuerySet[Area]:
    return Area.objects.in_municipality(municipality).filter(level__code="lokalsamfunn")


# --- events ----------------------------------------------------------------------------------


def events_of(municipality: Municipality) -> QuerySet[Event]:
    return (
        Event.objects.filter(municipality=municipality)
        .select_related("place", "area", "programme")
        .annotate(
            confirmed=Sum("registrations__people", filter=Q(registrations__status="confirmed")),
            waiting=Sum("registrations__people", filter=Q(registrations__status="waiting")),
        )
    )


def public_events(
    municipality: Municipality,
    *,
    upcoming: bool = True,
    area: Area | None = None,
    kind: str | None = None,
) -> QuerySet[Event]:
    """Public events, soonest first; upcoming ones (not yet ended) by default."""
    events = (
        Event.objects.in_municipality(municipality)
        .filter(is_public=True)
        .select_related("place", "area")
    )
    if upcoming:
        events = events.filter(ends_at__gte=timezone.now())
    if area is not None:
        events = events.filter(area=area)
    if kind and kind in EventKind.values:
        events = events.filter(kind=kind)
    return events.order_by("starts_at")


def feed_events(municipality: Municipality) -> QuerySet[Event]:
    """What the iCalendar feed carries: public events from a year back on."""
    since = timezone.now() - timedelta(days=365)
    return public_events(municipality, upcoming=False).filter(ends_at__gte=since)


def event_for(municipality: Municipality, pk: int, *, public: bool = False) -> Event | None:
    events = Event.objects.in_municipality(municipality).select_related(
        "place", "area", "programme"
    )
    if public:
        events = events.filter(is_public=True)
    return events.filter(pk=pk).first()


@dataclass
class RegistrationSummary:
    capacity: int | None
    confirmed: list[Registration]
    waiting: list[Registration]
    cancelled: list[Registration]

    @property
    def confirmed_people(self) -> int:
        return sum(registration.people for registration in self.confirmed)

    @property
    def waiting_people(self) -> int:
        return sum(registration.people for registration in self.waiting)

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_people, 0)


def registrations_of(event: Event) -> RegistrationSummary:
    summary = RegistrationSummary(event.capacity, [], [], [])
    for registration in event.registrations.order_by("registered_at", "pk"):
        match registration.status:
            case RegistrationStatus.CONFIRMED:
                summary.confirmed.append(registration)
            case RegistrationStatus.WAITING:
                summary.waiting.append(registration)
            case _:
                summary.cancelled.append(registration)
    return summary


def places_left(event: Event) -> int | None:
    """Free places (None: no limit); public pages show this, never who registered."""
    if event.capacity is None:
        return None
    taken = event.registrations.filter(status=RegistrationStatus.CONFIRMED).aggregate(
        total=Sum("people")
    )["total"]
    return max(event.capacity - int(taken or 0), 0)


def registration_is_open(event: Event) -> bool:
    """Whether residents may sign up on the public page now."""
    return event.is_public and event.registration_open and event.starts_at > timezone.now()


def registration_for(event: Event, pk: int) -> Registration | None:
    return event.registrations.filter(pk=pk).first()


def event_ideas(event: Event) -> list[Any] | None:
    """The ideas captured at the event, once ideas know their event (None before that)."""
    if not hasattr(event, "ideas"):
        return None
    return list(event.ideas.all())


def event_areas(municipality: Municipality) -> QuerySet[Area]:
    """Areas that have public events: the public calendar's area filter."""
    return (
        Area.objects.in_municipality(municipality)
        .filter(participation_events__is_public=True)
        .distinct()
        .order_by("name")
    )


def upcoming_events_at(place: MeetingPlace, *, public: bool = True) -> QuerySet[Event]:
    events = place.events.filter(ends_at__gte=timezone.now())
    if public:
        events = events.filter(is_public=True)
    return events.order_by("starts_at")


def bookings_awaiting(user: AnyUser, municipality: Municipality) -> QuerySet[Booking]:
    """Requested bookings still to come that the user may confirm or decline ("Mitt
    arbeid"): for participation staff, soonest first; nothing for anyone else."""
    if not can_run_participation(user, municipality):
        return Booking.objects.none()
    return (
        Booking.objects.filter(
            room__place__municipality=municipality,
            status=BookingStatus.REQUESTED,
            ends_at__gt=timezone.now(),
        )
        .select_related("room__place__municipality", "organisation")
        .order_by("starts_at", "pk")
    )
