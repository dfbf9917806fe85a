"""Pages for structural barriers: the list with level and status, registering a barrier,
and a barrier's page with its history (from the audit log) and the transitions the
workflow table and the user's permission allow.

Everyone with a role in the municipality reads and registers (`can_register_barrier`);
escalating, resolving, rejecting and reopening follow `can_handle_barrier`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omrade.common.views import add_refusal
from omrade.programmes import selectors_meetings as selectors
from omrade.programmes.forms_meetings import BarrierForm, ResolutionForm
from omrade.programmes.models import Barrier, Programme
from omrade.programmes.permissions import can_handle_barrier, can_register_barrier
from omrade.programmes.services import barriers as services
from omrade.programmes.workflow import (
    ACTION_LABELS,
    BARRIER_WORKFLOW,
    NEEDS_RESOLUTION,
    BarrierAction,
)
from omrade.tenancy.access import get_in_municipality, municipality_view
from omrade.tenancy.models import Municipality


def _list_page(
    request: HttpRequest,
    municipality: Municipality,
    programme: Programme,
    *,
    bound: BarrierForm | None = None,
) -> HttpResponse:
    can_register = can_register_barrier(request.user, municipality)
    form = bound or (BarrierForm(programme=programme) if can_register else None)
    return render(
        request,
        "programmes/barriers/barrier_list.html",
        {
            "municipality": municipality,
            "programme": programme,
            "barriers": selectors.barriers_of(programme),
            "form": form,
        },
        status=400 if bound is not None else 200,
    )


@municipality_view()
def barrier_list(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    return _list_page(request, municipality, programme)


@require_POST
@municipality_view(can_register_barrier)
def barrier_register(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    form = BarrierForm(request.POST, programme=programme)
    if form.is_valid():
        try:
            barrier = services.barrier_register(
                programme=programme, by=request.user, **form.cleaned_data
            )
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("Barrieren «%(name)s» er registrert.") % {"name": barrier})
            return redirect(barrier.get_absolute_url())
    return _list_page(request, municipality, programme, bound=form)


def _barrier(programme: Programme, barrier_pk: int) -> Barrier:
    barrier = (
        Barrier.objects.select_related("programme__municipality", "sub_programme", "registered_by")
        .filter(programme=programme, pk=barrier_pk)
        .first()
    )
    if barrier is None:
        raise Http404
    return barrier


def _detail_page(
    request: HttpRequest,
    municipality: Municipality,
    programme: Programme,
    barrier: Barrier,
    *,
    bound: ResolutionForm | None = None,
) -> HttpResponse:
    actions = [
        BarrierAction(action) for action in BARRIER_WORKFLOW.actions_for(request.user, barrier)
    ]
    return render(
        request,
        "programmes/barriers/barrier_detail.html",
        {
            "municipality": municipality,
            "programme": programme,
            "barrier": barrier,
            "history": selectors.barrier_history(barrier),
            "next_steps": BARRIER_WORKFLOW.next_actors(barrier),
            "my_actions": actions,
            "plain_actions": [
                (action.value, ACTION_LABELS[action])
                for action in actions
                if action not in NEEDS_RESOLUTION
            ],
            "resolution_actions": [
                (action.value, ACTION_LABELS[action])
                for action in actions
                if action in NEEDS_RESOLUTION
            ],
            "resolution_form": bound or ResolutionForm(),
        },
        status=400 if bound is not None else 200,
    )


@municipality_view()
def barrier_detail(
    request: HttpRequest, municipality: Municipality, pk: int, barrier_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    return _detail_page(request, municipality, programme, _barrier(programme, barrier_pk))


@require_POST
@municipality_view()
def barrier_transition(
    request: HttpRequest, municipality: Municipality, pk: int, barrier_pk: int, action: str
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    barrier = _barrier(programme, barrier_pk)
    if action not in BarrierAction.__members__.values():
        raise Http404
    if not can_handle_barrier(request.user, barrier):
        raise PermissionDenied
    form = ResolutionForm(request.POST)
    form.is_valid()  # the resolution is optional here; the service says when it is needed
    resolution = form.cleaned_data.get("resolution", "")
    try:
        match BarrierAction(action):
            case BarrierAction.ESCALATE:
                services.barrier_escalate(barrier=barrier, by=request.user)
            case BarrierAction.RESOLVE:
                services.barrier_resolve(barrier=barrier, resolution=resolution, by=request.user)
            case BarrierAction.REJECT:
                services.barrier_reject(barrier=barrier, resolution=resolution, by=request.user)
            case BarrierAction.REOPEN:
                services.barrier_reopen(barrier=barrier, by=request.user)
    except ValidationError as refused:
        barrier.refresh_from_db()
        add_refusal(form, refused)
        return _detail_page(request, municipality, programme, barrier, bound=form)
    messages.success(
        request,
        _("«%(name)s» har nå status «%(status)s» (%(level)s).")
        % {
            "name": barrier,
            "status": barrier.get_status_display(),
            "level": barrier.get_level_display(),
        },
    )
    return redirect(barrier.get_absolute_url())


urlpatterns: list[URLPattern] = [
    path("programmes/<int:pk>/barriers/", barrier_list, name="barrier_list"),
    path("programmes/<int:pk>/barriers/add/", barrier_register, name="barrier_register"),
    path("programmes/<int:pk>/barriers/<int:barrier_pk>/", barrier_detail, name="barrier_detail"),
    path(
        "programmes/<int:pk>/barriers/<int:barrier_pk>/<str:action>/",
        barrier_transition,
        name="barrier_transition",
    ),
]
