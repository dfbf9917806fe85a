"""Pages for meeting places (nærmiljøarenaer): the staff list and a place's page (details,
opening hours, the week's activities, attendance per month and age group as a table and a
bar chart, the booking calendar), forms to add and edit, the quick attendance form for the
area developer's phone; and the public page per place with its booking request form.

Staff read with `can_view_participation` and write with `can_run_participation`; the public
pages use `public_municipality_view` and show only public places and activities. An
activity's page lists its sessions, each of which staff may correct or delete (after a
confirmation page); a confirmed booking may be cancelled with a reason. This
module also gathers the URL patterns of the committee and event pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omrade.common.views import save_posted, save_with
from omrade.participation.core.permissions import can_run_participation, can_view_participation
from omrade.participation.places import selectors
from omrade.participation.places.charts import bar_chart
from omrade.participation.places.forms import (
    ActivityForm,
    CancelBookingForm,
    DeclineForm,
    OpeningHoursForm,
    PlaceForm,
    PublicBookingForm,
    RoomForm,
    SessionEditForm,
    SessionForm,
    StaffBookingForm,
)
from omrade.participation.places.models import (
    ActivitySession,
    Booking,
    MeetingPlace,
    PlaceActivity,
)
from omrade.participation.places.services import places as services
from omrade.participation.places.views import (
    committees as places_committees,
)
from omrade.participation.places.views import (
    events as places_events,
)
from omrade.participation.places.views.common import (
    form_page,
    over_public_limit,
    too_many_requests,
)
from omrade.tenancy.access import municipality_view, public_municipality_view
from omrade.tenancy.models import Municipality


def _place(municipality: Municipality, place_pk: int, *, public: bool = False) -> MeetingPlace:
    place = selectors.place_for(municipality, place_pk, public=public)
    if place is None:
        raise Http404
    return place


def _activity(place: MeetingPlace, activity_pk: int) -> PlaceActivity:
    activity = selectors.activity_for(place, activity_pk)
    if activity is None:
        raise Http404
    return activity


def _session(place: MeetingPlace, session_pk: int) -> ActivitySession:
    session = selectors.session_for(place, session_pk)
    if session is None:
        raise Http404
    return session


def _booking(place: MeetingPlace, booking_pk: int) -> Booking:
    booking = selectors.booking_for(place, booking_pk)
    if booking is None:
        raise Http404
    return booking


def attendance_charts(table: selectors.AttendanceTable, chart_id: str) -> dict[str, Any]:
    """The two bar charts of an attendance table (per month, per age group)."""
    by_month = bar_chart(
        [(date_format(row.month, "YEAR_MONTH_FORMAT"), row.total) for row in table.rows],
        title=_("Oppmøte per måned"),
        description=_("Antall deltakere per måned; tallene står også i tabellen."),
        chart_id=f"{chart_id}-month",
    )
    by_group = bar_chart(
        [(str(label), total) for label, total in zip(table.labels, table.totals, strict=True)],
        title=_("Oppmøte per aldersgruppe"),
        description=_(
            "Antall deltakere per aldersgruppe i perioden; tallene står også i tabellen."
        ),
        chart_id=f"{chart_id}-group",
    )
    return {"chart_by_month": by_month, "chart_by_group": by_group}


# --- staff pages -----------------------------------------------------------------------------


@municipality_view(can_view_participation)
def place_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    return render(
        request,
        "participation/places/place_list.html",
        {
            "municipality": municipality,
            "places": selectors.places_of(municipality),
            "can_run": can_run_participation(request.user, municipality),
        },
    )


@municipality_view(can_run_participation)
def place_add(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form = PlaceForm(request.POST or None, municipality=municipality)
    place = save_posted(
        request,
        form,
        lambda data: services.place_create(municipality=municipality, by=request.user, **data),
        lambda place: _("Møteplassen «%(name)s» er lagt til.") % {"name": place},
    )
    if place is not None:
        return redirect("participation:place_detail", municipality.code, place.pk)
    return form_page(
        request,
        municipality,
        form,
        title=_("Ny møteplass"),
        action=reverse("participation:place_add", args=[municipality.code]),
        back=reverse("participation:place_list", args=[municipality.code]),
        submit=_("Legg til møteplassen"),
        status=400 if form.is_bound else 200,
    )


@municipality_view(can_run_participation)
def place_edit(request: HttpRequest, municipality: Municipality, place_pk: int) -> HttpResponse:
    place = _place(municipality, place_pk)
    form = PlaceForm(request.POST or None, instance=place, municipality=municipality)
    saved = save_posted(
        request,
        form,
        lambda data: services.place_update(place=place, by=request.user, **data),
        lambda saved: _("Møteplassen «%(name)s» er lagret.") % {"name": saved},
    )
    if saved is not None:
        return redirect("participation:place_detail", municipality.code, place.pk)
    if request.method == "POST":
        place.refresh_from_db()
    return form_page(
        request,
        municipality,
        form,
        title=_("Endre «%(name)s»") % {"name": place.name},
        action=reverse("participation:place_edit", args=[municipality.code, place.pk]),
        back=reverse("participation:place_detail", args=[municipality.code, place.pk]),
        submit=_("Lagre"),
        status=400 if form.is_bound else 200,
    )


def _detail_page(
    request: HttpRequest,
    municipality: Municipality,
    place: MeetingPlace,
    *,
    room_form: RoomForm | None = None,
    booking_form: StaffBookingForm | None = None,
    decline_form: DeclineForm | None = None,
    declining: int | None = None,
    cancel_form: CancelBookingForm | None = None,
    cancelling: int | None = None,
    refusal: ValidationError | None = None,
) -> HttpResponse:
    can_run = can_run_participation(request.user, municipality)
    table = selectors.place_attendance(place)
    forms = (room_form, booking_form, decline_form, cancel_form)
    bound = any(form is not None for form in forms) or refusal
    return render(
        request,
        "participation/places/place_detail.html",
        {
            "municipality": municipality,
            "place": place,
            "hours": selectors.opening_hours_by_day(place),
            "schedule": selectors.weekly_schedule(place),
            "activities": selectors.activities_of(place),
            "attendance": table,
            **attendance_charts(table, "place-attendance"),
            "sessions": selectors.recent_sessions(place),
            "booking_days": selectors.booking_calendar(place),
            "rooms": place.rooms.all(),
            "events": selectors.upcoming_events_at(place, public=False),
            "can_run": can_run,
            "room_form": room_form or (RoomForm() if can_run else None),
            "booking_form": booking_form or (StaffBookingForm(place=place) if can_run else None),
            "decline_form": decline_form or DeclineForm(),
            "declining": declining,
            "cancel_form": cancel_form or CancelBookingForm(),
            "cancelling": cancelling,
            "refusal": refusal.messages if refusal is not None else None,
        },
        status=400 if bound else 200,
    )


@municipality_view(can_view_participation)
def place_detail(request: HttpRequest, municipality: Municipality, place_pk: int) -> HttpResponse:
    return _detail_page(request, municipality, _place(municipality, place_pk))


@municipality_view(can_run_participation)
def place_hours(request: HttpRequest, municipality: Municipality, place_pk: int) -> HttpResponse:
    place = _place(municipality, place_pk)
    form = OpeningHoursForm(request.POST or None, initial=OpeningHoursForm.initial_for(place))
    saved = save_posted(
        request,
        form,
        lambda data: services.place_set_opening_hours(
            place=place,
            intervals=[
                services.OpeningInterval(weekday, opens, closes)
                for weekday, opens, closes in form.intervals()
            ],
            note=data.get("note", ""),
            by=request.user,
        ),
        lambda saved: _("Åpningstidene er lagret."),
    )
    if saved is not None:
        return redirect("participation:place_detail", municipality.code, place.pk)
    return render(
        request,
        "participation/places/place_hours.html",
        {"municipality": municipality, "place": place, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
@municipality_view(can_run_participation)
def place_room_add(request: HttpRequest, municipality: Municipality, place_pk: int) -> HttpResponse:
    place = _place(municipality, place_pk)
    form = RoomForm(request.POST)
    room = save_with(form, lambda data: services.room_create(place=place, **data))
    if room is None:
        return _detail_page(request, municipality, place, room_form=form)
    messages.success(request, _("Rommet «%(name)s» er lagt til.") % {"name": room.name})
    return redirect("participation:place_detail", municipality.code, place.pk)


@municipality_view(can_run_participation)
def place_activity_add(
    request: HttpRequest, municipality: Municipality, place_pk: int
) -> HttpResponse:
    place = _place(municipality, place_pk)
    form = ActivityForm(request.POST or None, place=place)
    activity = save_posted(
        request,
        form,
        lambda data: services.activity_create(place=place, by=request.user, **data),
        lambda activity: _("Aktiviteten «%(title)s» er lagt til.") % {"title": activity},
    )
    if activity is not None:
        return redirect("participation:place_detail", municipality.code, place.pk)
    return form_page(
        request,
        municipality,
        form,
        title=_("Ny fast aktivitet på «%(name)s»") % {"name": place.name},
        action=reverse("participation:place_activity_add", args=[municipality.code, place.pk]),
        back=reverse("participation:place_detail", args=[municipality.code, place.pk]),
        submit=_("Legg til aktiviteten"),
        status=400 if form.is_bound else 200,
    )


@municipality_view(can_run_participation)
def place_activity_edit(
    request: HttpRequest, municipality: Municipality, place_pk: int, activity_pk: int
) -> HttpResponse:
    place = _place(municipality, place_pk)
    activity = _activity(place, activity_pk)
    form = ActivityForm(request.POST or None, instance=activity, place=place)
    saved = save_posted(
        request,
        form,
        lambda data: services.activity_update(activity=activity, by=request.user, **data),
        lambda saved: _("Aktiviteten «%(title)s» er lagret.") % {"title": saved},
    )
    if saved is not None:
        return redirect("participation:place_detail", municipality.code, place.pk)
    return form_page(
        request,
        municipality,
        form,
        title=_("Endre «%(title)s»") % {"title": activity.title},
        action=reverse(
            "participation:place_activity_edit", args=[municipality.code, place.pk, activity.pk]
        ),
        back=reverse("participation:place_detail", args=[municipality.code, place.pk]),
        submit=_("Lagre"),
        status=400 if form.is_bound else 200,
    )


@municipality_view(can_view_participation)
def place_activity_detail(
    request: HttpRequest, municipality: Municipality, place_pk: int, activity_pk: int
) -> HttpResponse:
    """An activity with its attendance: per month and age group, and each logged session
    (with links to correct or delete it for those who may log attendance); the last twelve
    months, or a year with sessions chosen with `?year=` (an unknown year shows the former)."""
    place = _place(municipality, place_pk)
    activity = _activity(place, activity_pk)
    years = selectors.activity_session_years(activity)
    chosen = request.GET.get("year", "")
    year = int(chosen) if chosen.isdigit() and int(chosen) in years else None
    table = selectors.activity_attendance(activity, year=year)
    # Previous/next step through the years with sessions (newest first), the newest of them
    # leading on to the last twelve months.
    position = years.index(year) if year is not None else -1
    older = years[position + 1] if position + 1 < len(years) else None
    newer = years[position - 1] if position > 0 else None
    return render(
        request,
        "participation/places/activity_detail.html",
        {
            "municipality": municipality,
            "place": place,
            "activity": activity,
            "attendance": table,
            **attendance_charts(table, "activity-attendance"),
            "sessions": selectors.activity_sessions(activity, year=year),
            "years": years,
            "year": year,
            "older_year": older,
            "newer_year": newer,
            "can_run": can_run_participation(request.user, municipality),
        },
    )


@municipality_view(can_run_participation)
def place_session_add(
    request: HttpRequest, municipality: Municipality, place_pk: int
) -> HttpResponse:
    """The area developer's quick form (one screen on a phone)."""
    place = _place(municipality, place_pk)
    initial = {}
    if "activity" in request.GET and request.GET["activity"].isdigit():
        initial["activity"] = int(request.GET["activity"])
    form = SessionForm(request.POST or None, place=place, initial=initial)
    session = save_posted(
        request,
        form,
        lambda _data: services.session_record(by=request.user, **form.service_data()),
        lambda session: (
            _("Oppmøtet er registrert: %(total)s på «%(title)s» %(date)s.")
            % {
                "total": session.total,
                "title": session.activity.title,
                "date": date_format(session.date, "SHORT_DATE_FORMAT"),
            }
        ),
    )
    if session is not None:
        return redirect("participation:place_session_add", municipality.code, place.pk)
    return render(
        request,
        "participation/places/place_session.html",
        {
            "municipality": municipality,
            "place": place,
            "form": form,
            "sessions": selectors.recent_sessions(place, limit=5),
        },
        status=400 if form.is_bound else 200,
    )


def _session_done(request: HttpRequest, session: ActivitySession, message: str) -> HttpResponse:
    activity = session.activity
    messages.success(
        request,
        message
        % {
            "title": activity.title,
            "date": date_format(session.date, "SHORT_DATE_FORMAT"),
            "time": f"{session.starts_at:%H:%M}",
            "total": session.total,
        },
    )
    return redirect(
        "participation:place_activity_detail",
        activity.place.municipality.code,
        activity.place_id,
        activity.pk,
    )


@municipality_view(can_run_participation)
def place_session_edit(
    request: HttpRequest, municipality: Municipality, place_pk: int, session_pk: int
) -> HttpResponse:
    """Correct a logged session's counts, date, start or note."""
    place = _place(municipality, place_pk)
    session = _session(place, session_pk)
    form = SessionEditForm(request.POST if request.method == "POST" else None, session=session)
    if request.method == "POST":
        saved = save_with(
            form,
            lambda _data: services.session_update(
                session=session, by=request.user, **form.service_data()
            ),
        )
        if saved is not None:
            return _session_done(
                request,
                saved,
                _("Oppmøtet er rettet: %(total)s på «%(title)s» %(date)s kl. %(time)s."),
            )
        session.refresh_from_db()
    return render(
        request,
        "participation/places/session_edit.html",
        {"municipality": municipality, "place": place, "session": session, "form": form},
        status=400 if form.is_bound else 200,
    )


@municipality_view(can_run_participation)
def place_session_delete(
    request: HttpRequest, municipality: Municipality, place_pk: int, session_pk: int
) -> HttpResponse:
    """Ask before deleting a logged session (GET), delete it (POST)."""
    place = _place(municipality, place_pk)
    session = _session(place, session_pk)
    if request.method == "POST":
        services.session_delete(session=session, by=request.user)
        return _session_done(
            request,
            session,
            _("Oppmøtet for «%(title)s» %(date)s kl. %(time)s (%(total)s) er slettet."),
        )
    return render(
        request,
        "participation/places/session_delete.html",
        {"municipality": municipality, "place": place, "session": session},
    )


@require_POST
@municipality_view(can_run_participation)
def place_booking_add(
    request: HttpRequest, municipality: Municipality, place_pk: int
) -> HttpResponse:
    place = _place(municipality, place_pk)
    form = StaffBookingForm(request.POST, place=place)
    booking = save_with(
        form, lambda data: services.booking_create_confirmed(by=request.user, **data)
    )
    if booking is None:
        return _detail_page(request, municipality, place, booking_form=form)
    messages.success(
        request, _("Bookingen er registrert og bekreftet: %(booking)s") % {"booking": booking}
    )
    return redirect("participation:place_detail", municipality.code, place.pk)


@require_POST
@municipality_view(can_run_participation)
def place_booking_confirm(
    request: HttpRequest, municipality: Municipality, place_pk: int, booking_pk: int
) -> HttpResponse:
    place = _place(municipality, place_pk)
    booking = _booking(place, booking_pk)
    try:
        services.booking_confirm(booking=booking, by=request.user)
    except ValidationError as refused:
        return _detail_page(request, municipality, place, refusal=refused)
    messages.success(request, _("Bookingen er bekreftet: %(booking)s") % {"booking": booking})
    return redirect("participation:place_detail", municipality.code, place.pk)


def _booking_with_reason(
    request: HttpRequest,
    municipality: Municipality,
    place_pk: int,
    booking_pk: int,
    *,
    cancel: bool,
) -> HttpResponse:
    """Decline a requested booking or cancel a confirmed one, with the reason the group is
    told. A refusal that names no field of the form (the booking changed status meanwhile)
    is shown at the top of the page."""
    place = _place(municipality, place_pk)
    booking = _booking(place, booking_pk)
    form = CancelBookingForm(request.POST) if cancel else DeclineForm(request.POST)
    write = services.booking_cancel if cancel else services.booking_decline
    done = save_with(
        form, lambda data: write(booking=booking, reason=data["reason"], by=request.user)
    )
    if done is None:
        shown: dict[str, Any] = (
            {"cancel_form": form, "cancelling": booking.pk}
            if cancel
            else {"decline_form": form, "declining": booking.pk}
        )
        if form.non_field_errors():
            shown["refusal"] = ValidationError(list(form.non_field_errors()))
        return _detail_page(request, municipality, place, **shown)
    message = (
        _("Bookingen er avlyst: %(booking)s") if cancel else _("Bookingen er avslått: %(booking)s")
    )
    messages.success(request, message % {"booking": booking})
    return redirect("participation:place_detail", municipality.code, place.pk)


@require_POST
@municipality_view(can_run_participation)
def place_booking_decline(
    request: HttpRequest, municipality: Municipality, place_pk: int, booking_pk: int
) -> HttpResponse:
    return _booking_with_reason(request, municipality, place_pk, booking_pk, cancel=False)


@require_POST
@municipality_view(can_run_participation)
def place_booking_cancel(
    request: HttpRequest, municipality: Municipality, place_pk: int, booking_pk: int
) -> HttpResponse:
    return _booking_with_reason(request, municipality, place_pk, booking_pk, cancel=True)


# --- public pages ----------------------------------------------------------------------------


@public_municipality_view
def public_place_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    return render(
        request,
        "participation/places/public_place_list.html",
        {"municipality": municipality, "places": selectors.places_of(municipality, public=True)},
    )


def _public_page(
    request: HttpRequest,
    municipality: Municipality,
    place: MeetingPlace,
    *,
    form: PublicBookingForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "participation/places/public_place_detail.html",
        {
            "municipality": municipality,
            "place": place,
            "hours": selectors.opening_hours_by_day(place),
            "schedule": selectors.weekly_schedule(place, public=True),
            "events": selectors.upcoming_events_at(place),
            "form": form or PublicBookingForm(place=place),
            "has_rooms": place.rooms.filter(bookable=True).exists(),
        },
        status=400 if form is not None else 200,
    )


@public_municipality_view
def public_place_detail(
    request: HttpRequest, municipality: Municipality, place_pk: int
) -> HttpResponse:
    return _public_page(request, municipality, _place(municipality, place_pk, public=True))


@require_POST
@public_municipality_view
def public_booking_request(
    request: HttpRequest, municipality: Municipality, place_pk: int
) -> HttpResponse:
    place = _place(municipality, place_pk, public=True)
    back = reverse("participation:public_place_detail", args=[municipality.code, place.pk])
    if over_public_limit(request, "booking_request"):
        return too_many_requests(request, municipality, "booking_request", back=back)
    form = PublicBookingForm(request.POST, place=place)
    booking = save_with(form, lambda data: services.booking_request(from_public_form=True, **data))
    if booking is None:
        return _public_page(request, municipality, place, form=form)
    return render(
        request,
        "participation/places/public_booking_received.html",
        {"municipality": municipality, "place": place, "booking": booking, "back": back},
    )


urlpatterns: list[URLPattern] = [
    path("participation/places/", place_list, name="place_list"),
    path("participation/places/add/", place_add, name="place_add"),
    path("participation/places/<int:place_pk>/", place_detail, name="place_detail"),
    path("participation/places/<int:place_pk>/edit/", place_edit, name="place_edit"),
    path("participation/places/<int:place_pk>/hours/", place_hours, name="place_hours"),
    path("participation/places/<int:place_pk>/rooms/add/", place_room_add, name="place_room_add"),
    path(
        "participation/places/<int:place_pk>/activities/add/",
        place_activity_add,
        name="place_activity_add",
    ),
    path(
        "participation/places/<int:place_pk>/activities/<int:activity_pk>/",
        place_activity_detail,
        name="place_activity_detail",
    ),
    path(
        "participation/places/<int:place_pk>/activities/<int:activity_pk>/edit/",
        place_activity_edit,
        name="place_activity_edit",
    ),
    path(
        "participation/places/<int:place_pk>/attendance/",
        place_session_add,
        name="place_session_add",
    ),
    path(
        "participation/places/<int:place_pk>/attendance/<int:session_pk>/edit/",
        place_session_edit,
        name="place_session_edit",
    ),
    path(
        "participation/places/<int:place_pk>/attendance/<int:session_pk>/delete/",
        place_session_delete,
        name="place_session_delete",
    ),
    path(
        "participation/places/<int:place_pk>/bookings/add/",
        place_booking_add,
        name="place_booking_add",
    ),
    path(
        "participation/places/<int:place_pk>/bookings/<int:booking_pk>/confirm/",
        place_booking_confirm,
        name="place_booking_confirm",
    ),
    path(
        "participation/places/<int:place_pk>/bookings/<int:booking_pk>/decline/",
        place_booking_decline,
        name="place_booking_decline",
    ),
    path(
        "participation/places/<int:place_pk>/bookings/<int:booking_pk>/cancel/",
        place_booking_cancel,
        name="place_booking_cancel",
    ),
    path("meeting-places/", public_place_list, name="public_place_list"),
    path("meeting-places/<int:place_pk>/", public_place_detail, name="public_place_detail"),
    path(
        "meeting-places/<int:place_pk>/booking/",
        public_booking_request,
        name="public_booking_request",
    ),
    *places_committees.urlpatterns,
    *places_events.urlpatterns,
]
