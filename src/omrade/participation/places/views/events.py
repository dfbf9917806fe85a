"""Pages for events (arrangementer): the staff list, an event's page (registrations with the
waiting list, attendance by age group, minutes, the ideas captured there) and forms; the
public calendar (filter by area and kind), the public event page with its registration form,
the cancel link, and the iCalendar feed of public events.

The public forms work without JavaScript, carry the honeypot and are rate limited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omrade.common.views import save_posted, save_with
from omrade.participation.core.permissions import can_run_participation, can_view_participation
from omrade.participation.places import ical as ical_places
from omrade.participation.places import selectors
from omrade.participation.places.forms import (
    CalendarFilterForm,
    EventAttendanceForm,
    EventForm,
    MinutesForm,
    PublicRegistrationForm,
    StaffRegistrationForm,
    age_group_counts,
)
from omrade.participation.places.models import AGE_GROUPS, Event, RegistrationStatus
from omrade.participation.places.services import events as services
from omrade.participation.places.views.common import (
    form_page,
    over_public_limit,
    too_many_requests,
)
from omrade.tenancy.access import municipality_view, public_municipality_view
from omrade.tenancy.models import Municipality


def _event(municipality: Municipality, event_pk: int, *, public: bool = False) -> Event:
    event = selectors.event_for(municipality, event_pk, public=public)
    if event is None:
        raise Http404
    return event


# --- staff pages -----------------------------------------------------------------------------


@municipality_view(can_view_participation)
def event_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    events = selectors.events_of(municipality).order_by("-starts_at")
    return render(
        request,
        "participation/places/event_list.html",
        {
            "municipality": municipality,
            "events": events,
            "can_run": can_run_participation(request.user, municipality),
        },
    )


@municipality_view(can_run_participation)
def event_add(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form = EventForm(request.POST or None, municipality=municipality)
    event = save_posted(
        request,
        form,
        lambda data: services.event_create(municipality=municipality, by=request.user, **data),
        lambda event: _("Arrangementet «%(title)s» er opprettet.") % {"title": event},
    )
    if event is not None:
        return redirect("participation:event_detail", municipality.code, event.pk)
    return form_page(
        request,
        municipality,
        form,
        title=_("Nytt arrangement"),
        action=reverse("participation:event_add", args=[municipality.code]),
        back=reverse("participation:event_list", args=[municipality.code]),
        submit=_("Opprett arrangementet"),
    )


@municipality_view(can_run_participation)
def event_edit(request: HttpRequest, municipality: Municipality, event_pk: int) -> HttpResponse:
    event = _event(municipality, event_pk)
    form = EventForm(request.POST or None, instance=event, municipality=municipality)
    saved = save_posted(
        request,
        form,
        lambda data: services.event_update(event=event, by=request.user, **data),
        lambda saved: _("Arrangementet «%(title)s» er lagret.") % {"title": saved},
    )
    if saved is not None:
        return redirect("participation:event_detail", municipality.code, event.pk)
    if request.method == "POST":
        event.refresh_from_db()
    return form_page(
        request,
        municipality,
        form,
        title=_("Endre «%(title)s»") % {"title": event.title},
        action=reverse("participation:event_edit", args=[municipality.code, event.pk]),
        back=reverse("participation:event_detail", args=[municipality.code, event.pk]),
        submit=_("Lagre"),
    )


def _detail_page(
    request: HttpRequest, municipality: Municipality, event: Event, **bound: Any
) -> HttpResponse:
    can_run = can_run_participation(request.user, municipality)
    attendance = getattr(event, "attendance", None)
    forms: dict[str, Any] = {}
    if can_run:
        forms = {
            "minutes_form": MinutesForm(
                initial={"minutes": event.minutes, "published": event.minutes_published}
            ),
            "attendance_form": EventAttendanceForm(
                initial={field: getattr(attendance, field) for field, _label in AGE_GROUPS}
                if attendance
                else None
            ),
            "registration_form": StaffRegistrationForm(),
        }
    forms |= bound
    return render(
        request,
        "participation/places/event_detail.html",
        {
            "municipality": municipality,
            "event": event,
            "registrations": selectors.registrations_of(event),
            "attendance": attendance,
            "ideas": selectors.event_ideas(event),
            "can_run": can_run,
            **forms,
        },
        status=400 if bound else 200,
    )


@municipality_view(can_view_participation)
def event_detail(request: HttpRequest, municipality: Municipality, event_pk: int) -> HttpResponse:
    return _detail_page(request, municipality, _event(municipality, event_pk))


@require_POST
@municipality_view(can_run_participation)
def event_minutes(request: HttpRequest, municipality: Municipality, event_pk: int) -> HttpResponse:
    event = _event(municipality, event_pk)
    form = MinutesForm(request.POST)
    saved = save_with(
        form,
        lambda data: services.event_save_minutes(
            event=event, minutes=data["minutes"], published=data["published"], by=request.user
        ),
    )
    if saved is None:
        return _detail_page(request, municipality, event, minutes_form=form)
    messages.success(request, _("Referatet er lagret."))
    return redirect("participation:event_detail", municipality.code, event.pk)


@require_POST
@municipality_view(can_run_participation)
def event_attendance(
    request: HttpRequest, municipality: Municipality, event_pk: int
) -> HttpResponse:
    event = _event(municipality, event_pk)
    form = EventAttendanceForm(request.POST)
    saved = save_with(
        form,
        lambda data: services.event_record_attendance(
            event=event, counts=age_group_counts(data), by=request.user
        ),
    )
    if saved is None:
        return _detail_page(request, municipality, event, attendance_form=form)
    messages.success(request, _("Oppmøtet er registrert: %(total)s.") % {"total": saved.total})
    return redirect("participation:event_detail", municipality.code, event.pk)


@require_POST
@municipality_view(can_run_participation)
def event_registration_add(
    request: HttpRequest, municipality: Municipality, event_pk: int
) -> HttpResponse:
    event = _event(municipality, event_pk)
    form = StaffRegistrationForm(request.POST)
    receipt = save_with(
        form, lambda data: services.registration_create(event=event, by_staff=True, **data)
    )
    if receipt is None:
        return _detail_page(request, municipality, event, registration_form=form)
    registration = receipt.registration
    if receipt.waiting:
        messages.info(request, _("%(name)s står på ventelisten.") % {"name": registration.name})
    else:
        messages.success(request, _("%(name)s er påmeldt.") % {"name": registration.name})
    return redirect("participation:event_detail", municipality.code, event.pk)


@require_POST
@municipality_view(can_run_participation)
def event_registration_cancel(
    request: HttpRequest, municipality: Municipality, event_pk: int, registration_pk: int
) -> HttpResponse:
    event = _event(municipality, event_pk)
    registration = selectors.registration_for(event, registration_pk)
    if registration is None:
        raise Http404
    try:
        promoted = services.registration_cancel_by_staff(registration=registration, by=request.user)
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
        return redirect("participation:event_detail", municipality.code, event.pk)
    messages.success(request, _("%(name)s er meldt av.") % {"name": registration.name})
    for moved in promoted:
        messages.info(request, _("%(name)s er flyttet fra ventelisten.") % {"name": moved.name})
    return redirect("participation:event_detail", municipality.code, event.pk)


# --- public pages ----------------------------------------------------------------------------


@public_municipality_view
def public_calendar(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form = CalendarFilterForm(request.GET or None, areas=selectors.event_areas(municipality))
    area = kind = None
    if form.is_bound and form.is_valid():
        area, kind = form.cleaned_data["area"], form.cleaned_data["kind"] or None
    return render(
        request,
        "participation/places/public_calendar.html",
        {
            "municipality": municipality,
            "form": form,
            "events": selectors.public_events(municipality, area=area, kind=kind),
            "feed_url": request.build_absolute_uri(
                reverse("participation:public_event_feed", args=[municipality.code])
            ),
        },
    )


def _public_page(
    request: HttpRequest,
    municipality: Municipality,
    event: Event,
    *,
    form: PublicRegistrationForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "participation/places/public_event_detail.html",
        {
            "municipality": municipality,
            "event": event,
            "places_left": selectors.places_left(event),
            "form": form or PublicRegistrationForm(),
            "can_register": selectors.registration_is_open(event),
        },
        status=400 if form is not None else 200,
    )


@public_municipality_view
def public_event_detail(
    request: HttpRequest, municipality: Municipality, event_pk: int
) -> HttpResponse:
    return _public_page(request, municipality, _event(municipality, event_pk, public=True))


@require_POST
@public_municipality_view
def public_event_register(
    request: HttpRequest, municipality: Municipality, event_pk: int
) -> HttpResponse:
    event = _event(municipality, event_pk, public=True)
    back = reverse("participation:public_event_detail", args=[municipality.code, event.pk])
    if over_public_limit(request, "event_registration"):
        return too_many_requests(request, municipality, "event_registration", back=back)
    form = PublicRegistrationForm(request.POST)
    receipt = save_with(form, lambda data: services.registration_create(event=event, **data))
    if receipt is None:
        return _public_page(request, municipality, event, form=form)
    return render(
        request,
        "participation/places/public_registered.html",
        {
            "municipality": municipality,
            "event": event,
            "registration": receipt.registration,
            "waiting": receipt.waiting,
            "cancel_url": request.build_absolute_uri(
                reverse(
                    "participation:public_registration_cancel",
                    args=[municipality.code, receipt.cancel_token],
                )
            ),
            "back": back,
        },
    )


def _registration_for_link(municipality: Municipality, token: str) -> Any:
    registration = services.registration_for_token(token)
    if registration is None or registration.event.municipality_id != municipality.pk:
        raise Http404
    return registration


@public_municipality_view
def public_registration_cancel(
    request: HttpRequest, municipality: Municipality, token: str
) -> HttpResponse:
    """GET shows what is about to be cancelled; POST cancels (the link works once)."""
    registration = _registration_for_link(municipality, token)
    event = registration.event
    context: dict[str, Any] = {
        "municipality": municipality,
        "event": event,
        "registration": registration,
        "token": token,
        "used": registration.status == RegistrationStatus.CANCELLED,
        "errors": [],
    }
    if request.method == "POST":
        back = reverse("participation:public_event_detail", args=[municipality.code, event.pk])
        if over_public_limit(request, "registration_cancel"):
            return too_many_requests(request, municipality, "registration_cancel", back=back)
        try:
            services.registration_cancel(token=token)
        except ValidationError as refused:
            context["errors"] = refused.messages
            return render(request, "participation/places/public_cancel.html", context, status=409)
        context["done"] = True
    status = 410 if context["used"] and request.method == "GET" else 200
    return render(request, "participation/places/public_cancel.html", context, status=status)


@public_municipality_view
def public_event_feed(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    body = ical_places.calendar(
        selectors.feed_events(municipality),
        name=_("Arrangementer i %(municipality)s") % {"municipality": municipality.name},
        url_for=lambda event: request.build_absolute_uri(
            reverse("participation:public_event_detail", args=[municipality.code, event.pk])
        ),
        host=request.get_host().split(":")[0] or "omrade",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="arrangementer-{municipality.code}.ics"'
    return response


urlpatterns: list[URLPattern] = [
    path("participation/events/", event_list, name="event_list"),
    path("participation/events/add/", event_add, name="event_add"),
    path("participation/events/<int:event_pk>/", event_detail, name="event_detail"),
    path("participation/events/<int:event_pk>/edit/", event_edit, name="event_edit"),
    path("participation/events/<int:event_pk>/minutes/", event_minutes, name="event_minutes"),
    path(
        "participation/events/<int:event_pk>/attendance/",
        event_attendance,
        name="event_attendance",
    ),
    path(
        "participation/events/<int:event_pk>/registrations/add/",
        event_registration_add,
        name="event_registration_add",
    ),
    path(
        "participation/events/<int:event_pk>/registrations/<int:registration_pk>/cancel/",
        event_registration_cancel,
        name="event_registration_cancel",
    ),
    path("events/", public_calendar, name="public_calendar"),
    path("events/calendar.ics", public_event_feed, name="public_event_feed"),
    path("events/<int:event_pk>/", public_event_detail, name="public_event_detail"),
    path("events/<int:event_pk>/register/", public_event_register, name="public_event_register"),
    path(
        "events/cancel/<str:token>/",
        public_registration_cancel,
        name="public_registration_cancel",
    ),
]
