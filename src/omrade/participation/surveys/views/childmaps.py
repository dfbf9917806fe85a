"""Children's map registrations (after Barnetråkk): staff's sessions with their aggregated
map and comments; children enter a class code and mark their way to school and their
places."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omrade.common.views import add_refusal, save_with
from omrade.participation.core.abuse import (
    keyed_hash,
    rate_limited,
    refusal_message,
)
from omrade.participation.core.permissions import can_run_participation, can_view_participation
from omrade.participation.surveys import selectors
from omrade.participation.surveys.forms import (
    ChildMapSchoolForm,
    ChildMapSessionForm,
    ChildMarkForm,
)
from omrade.participation.surveys.models import (
    ChildMapSession,
    MarkKind,
)
from omrade.participation.surveys.services import childmaps as childmap_services
from omrade.tenancy.access import get_in_municipality, municipality_view, public_municipality_view
from omrade.tenancy.models import Municipality
from omrade.tenancy.tiles import map_background

CHILD_COOKIE = "omrade_barnetrakk"
# The ids of the marks this browser saved in a session, so the child sees what they drew.
CHILD_OWN_COOKIE = "omrade_barnetrakk_mine_{pk}"
CHILD_OWN_SALT = "childmap-own-marks"
CHILD_OWN_MAX = 100
CHILD_MARKS_PER_10_MINUTES = 60
CHILD_MARKS_PER_SESSION_HOUR = 3000


@municipality_view(can_view_participation)
def childmap_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    can_run = can_run_participation(request.user, municipality)
    form = ChildMapSessionForm(request.POST or None, municipality=municipality) if can_run else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                session = childmap_services.childmap_session_open(
                    municipality=municipality, by=request.user, **form.cleaned_data
                )
            except ValidationError as refused:
                add_refusal(form, refused)
            else:
                messages.success(
                    request, _("Økten er åpnet. Koden er %(code)s.") % {"code": session.code}
                )
                return redirect(session.get_absolute_url())
    return render(
        request,
        "participation/childmaps/session_list.html",
        {
            "municipality": municipality,
            "sessions": selectors.childmap_sessions_of(municipality),
            "form": form,
            "enter_url": request.build_absolute_uri(
                reverse("participation:childmap_enter", args=[municipality.code])
            ),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


def _session(municipality: Municipality, pk: int) -> ChildMapSession:
    return get_in_municipality(ChildMapSession, municipality, pk=pk)


@municipality_view(can_view_participation)
def childmap_detail(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    session = _session(municipality, pk)
    return _childmap_detail_page(request, municipality, session, school_form=None)


def _school_initial(session: ChildMapSession) -> dict[str, Any]:
    initial: dict[str, Any] = {"school_name": session.school_name}
    point = selectors.childmap_school_point(session)
    if point is not None:
        initial["school_lon"], initial["school_lat"] = point["coordinates"]
    return initial


def _childmap_detail_page(
    request: HttpRequest,
    municipality: Municipality,
    session: ChildMapSession,
    *,
    school_form: ChildMapSchoolForm | None,
) -> HttpResponse:
    marks = selectors.childmap_marks(municipality, session=session)
    can_run = can_run_participation(request.user, municipality)
    if school_form is None and can_run:
        school_form = ChildMapSchoolForm(initial=_school_initial(session))
    return render(
        request,
        "participation/childmaps/session_detail.html",
        {
            "municipality": municipality,
            "session": session,
            "summary": selectors.childmap_summary(marks, country=municipality.country),
            "can_run": can_run,
            "school_form": school_form if can_run else None,
            "school_point": selectors.childmap_school_point(session),
            "school_geojson": selectors.childmap_school_geojson(session),
            "kinds": MarkKind,
            **map_background(request, municipality),
        },
        status=400 if school_form is not None and school_form.is_bound else 200,
    )


@require_POST
@municipality_view(can_run_participation)
def childmap_school(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    """Staff set (or clear) the school's name and place on the map."""
    session = _session(municipality, pk)
    form = ChildMapSchoolForm(request.POST)
    saved = save_with(
        form,
        lambda data: childmap_services.childmap_session_set_school(
            session=session, by=request.user, **data
        ),
    )
    if saved is None:
        return _childmap_detail_page(request, municipality, session, school_form=form)
    messages.success(request, _("Skolen er lagret."))
    return redirect(saved.get_absolute_url())


@require_POST
@municipality_view(can_run_participation)
def childmap_close(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    session = childmap_services.childmap_session_close(
        session=_session(municipality, pk), by=request.user
    )
    messages.success(request, _("Økten er stengt."))
    return redirect(session.get_absolute_url())


@municipality_view(can_view_participation)
def childmap_export(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    session = _session(municipality, pk)
    data = selectors.childmap_geojson(
        selectors.childmap_marks(municipality, session=session), session=session
    )
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/geo+json"
    response["Content-Disposition"] = f'attachment; filename="barnetrakk-{session.pk}.geojson"'
    return response


@public_municipality_view
def childmap_enter(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """The child types the code from the board (a GET form: nothing is stored)."""
    code = childmap_services.normalise_code(request.GET.get("code", ""))
    error = ""
    if request.GET.get("code") is not None:
        session = selectors.childmap_session_by_code(municipality, code) if code else None
        if session is not None and session.accepts_marks():
            return redirect(
                reverse("participation:childmap_draw", args=[municipality.code, session.code])
            )
        error = _("Fant ingen åpen økt med den koden. Sjekk koden og prøv igjen.")
    return render(
        request,
        "participation/childmaps/enter.html",
        {"municipality": municipality, "error": error, "code": code},
        status=404 if error else 200,
    )


def _child_identity(request: HttpRequest, session: ChildMapSession) -> tuple[str, str | None]:
    """The rate limiter's identity: the session code and a random per-browser cookie (never
    the IP address, never stored in clear). Returns it and a new cookie value to set, if any."""
    cookie = request.COOKIES.get(CHILD_COOKIE, "")
    new_cookie = None
    if len(cookie) != 32 or not cookie.isalnum():
        cookie = secrets.token_hex(16)
        new_cookie = cookie
    return keyed_hash("childmap", session.code, cookie), new_cookie


def _own_mark_ids(request: HttpRequest, session: ChildMapSession) -> list[int]:
    raw = request.get_signed_cookie(
        CHILD_OWN_COOKIE.format(pk=session.pk), default="", salt=CHILD_OWN_SALT
    )
    return [int(part) for part in (raw or "").split(",") if part.isdigit()][-CHILD_OWN_MAX:]


@public_municipality_view
def childmap_draw(
    request: HttpRequest, municipality: Municipality, session_code: str
) -> HttpResponse:
    session = selectors.childmap_session_by_code(
        municipality, childmap_services.normalise_code(session_code)
    )
    if session is None:
        raise Http404
    places = selectors.childmap_place_choices(session)
    form = ChildMarkForm(request.POST or None, places=places)
    identity, new_cookie = _child_identity(request, session)
    status = 200
    saved = None
    if not session.accepts_marks():
        response = render(
            request,
            "participation/childmaps/closed.html",
            {"municipality": municipality, "session": session},
        )
        return response
    if request.method == "POST":
        limited = rate_limited(
            request,
            key=f"childmap:{session.pk}",
            limit=CHILD_MARKS_PER_10_MINUTES,
            per_seconds=600,
            identity=identity,
        ) or rate_limited(
            request,
            key=f"childmap-session:{session.pk}",
            limit=CHILD_MARKS_PER_SESSION_HOUR,
            per_seconds=3600,
            identity=session.code,
        )
        if limited:
            form.add_error(None, refusal_message())
            status = 429
        elif form.is_valid():
            try:
                saved = childmap_services.childmap_mark_add(
                    session=session, **form.service_arguments()
                )
            except ValidationError as refused:
                add_refusal(form, refused)
                status = 400
            else:
                form = ChildMarkForm(places=places)
        else:
            status = 400
    own_ids = _own_mark_ids(request, session)
    if saved is not None:
        own_ids = [*own_ids, saved.pk][-CHILD_OWN_MAX:]
    own_marks = selectors.childmap_own_marks(session, own_ids)
    response = render(
        request,
        "participation/childmaps/draw.html",
        {
            "municipality": municipality,
            "session": session,
            "form": form,
            "saved": saved,
            "own_marks": own_marks,
            "own_geojson": selectors.childmap_own_geojson(own_marks),
            "school_geojson": selectors.childmap_school_geojson(session),
            "mark_count": session.marks.count(),
            "area_geojson": {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": session.area.boundary_for_map or session.area.boundary,
                        "properties": {"name": session.area.name},
                    }
                ]
                if session.area is not None and session.area.boundary
                else [],
            },
            **map_background(request, municipality),
        },
        status=status,
    )
    if new_cookie:
        response.set_cookie(
            CHILD_COOKIE, new_cookie, max_age=24 * 3600, httponly=True, samesite="Lax"
        )
    if saved is not None:
        response.set_signed_cookie(
            CHILD_OWN_COOKIE.format(pk=session.pk),
            ",".join(str(pk) for pk in own_ids),
            salt=CHILD_OWN_SALT,
            max_age=24 * 3600,
            httponly=True,
            samesite="Lax",
        )
    return response
