"""Pages for programmes: the list, a programme's overview with its documents, agreements and
sub-programmes, and the goal tree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omrade.common.params import parse_id
from omrade.common.views import save_with
from omrade.programmes import selectors
from omrade.programmes.forms import (
    AgreementForm,
    DocumentForm,
    GoalForm,
    GoalIndicatorForm,
    GoalTextForm,
    MeasurementForm,
    ProgrammeForm,
    SubProgrammeForm,
)
from omrade.programmes.models import Goal, Programme
from omrade.programmes.permissions import (
    can_edit_goal,
    can_edit_sub_programme,
    can_manage_programmes,
)
from omrade.programmes.services import programme as services
from omrade.tenancy.access import get_in_municipality, municipality_view
from omrade.tenancy.models import Municipality


def _submitted(
    request: HttpRequest, form: BaseForm, write: Callable[[dict[str, Any]], object]
) -> bool:
    """Run a service with a valid form's data; put a refusal on the form. True when saved."""
    saved = save_with(form, write)
    if saved is None:
        return False
    messages.success(request, _("«%(name)s» er lagret.") % {"name": saved})
    return True


def _bound(request: HttpRequest, action: str, form_class: Any, **kwargs: Any) -> Any:
    """The form bound to this POST if it is the one submitted (by its action), else unbound."""
    if request.method == "POST" and request.POST.get("action") == action:
        return form_class(request.POST, request.FILES or None, **kwargs)
    return form_class(**kwargs)


@municipality_view()
def programme_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    editable = can_manage_programmes(request.user, municipality)
    form = ProgrammeForm(request.POST or None, municipality=municipality) if editable else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if _submitted(
            request,
            form,
            lambda data: services.programme_create(
                by=request.user, municipality=municipality, **data
            ),
        ):
            return redirect(request.path)
    return render(
        request,
        "programmes/programme_list.html",
        {
            "municipality": municipality,
            "programmes": selectors.programmes_in(municipality),
            "form": form,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@municipality_view()
def programme_detail(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    editable = can_manage_programmes(request.user, municipality)
    if request.method == "POST" and not editable:
        raise PermissionDenied
    forms = {
        "sub_programme_form": _bound(
            request, "sub_programme", SubProgrammeForm, municipality=municipality
        ),
        "agreement_form": _bound(request, "agreement", AgreementForm),
        "document_form": _bound(request, "document", DocumentForm, programme=programme),
    }
    writes = {
        "sub_programme": (
            forms["sub_programme_form"],
            lambda data: services.sub_programme_create(
                by=request.user, programme=programme, **data
            ),
        ),
        "agreement": (
            forms["agreement_form"],
            lambda data: services.agreement_add(by=request.user, programme=programme, **data),
        ),
        "document": (
            forms["document_form"],
            lambda data: services.document_add(by=request.user, programme=programme, **data),
        ),
    }
    action = request.POST.get("action", "")
    if request.method == "POST":
        if action not in writes:
            raise Http404
        form, write = writes[action]
        if _submitted(request, form, write):
            return redirect(request.path)
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "municipality": municipality,
            "programme": programme,
            "sub_programmes": selectors.sub_programmes_of(programme),
            "editable": editable,
            **(forms if editable else {}),
        },
        status=400 if request.method == "POST" else 200,
    )


def _edit_page(
    request: HttpRequest,
    municipality: Municipality,
    programme: Programme,
    form: BaseForm,
    save: Callable[[dict[str, Any]], object],
    template: str,
    **extra: Any,
) -> HttpResponse:
    """An edit form: a valid POST saves through the service and goes back to the programme."""
    if request.method == "POST" and _submitted(request, form, save):
        return redirect(programme)
    return render(
        request,
        template,
        {"municipality": municipality, "programme": programme, "form": form, **extra},
        status=400 if form.is_bound else 200,
    )


@municipality_view(can_manage_programmes)
def programme_edit(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    return _edit_page(
        request,
        municipality,
        programme,
        ProgrammeForm(request.POST or None, instance=programme, municipality=municipality),
        lambda data: services.programme_update(by=request.user, programme=programme, **data),
        "programmes/programme_edit.html",
    )


@municipality_view(can_manage_programmes)
def sub_programme_edit(
    request: HttpRequest, municipality: Municipality, pk: int, sub_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    sub_programme = programme.sub_programmes.filter(pk=sub_pk).first()
    if sub_programme is None:
        raise Http404
    return _edit_page(
        request,
        municipality,
        programme,
        SubProgrammeForm(request.POST or None, instance=sub_programme, municipality=municipality),
        lambda data: services.sub_programme_update(
            by=request.user, sub_programme=sub_programme, **data
        ),
        "programmes/edit.html",
        heading=_("Endre %(part)s «%(name)s»")
        % {"part": str(programme.terms.part).lower(), "name": sub_programme.name},
        back_url=programme.get_absolute_url(),
    )


@municipality_view()
def document_download(
    request: HttpRequest, municipality: Municipality, pk: int, document_pk: int
) -> FileResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    document = programme.documents.filter(pk=document_pk).first()
    if document is None or not document.file:
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=True)


@municipality_view()
def goal_tree(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    """The goal tree at a glance, with every indicator's status; printable."""
    programme = get_in_municipality(Programme, municipality, pk=pk)
    goal_form = _bound(request, "goal", GoalForm, programme=programme)
    if request.method == "POST":
        # Not a goal id ("abc", too large): no goal above, so only structure editors pass.
        parent = parse_id(goal_form.data.get("parent"))
        parent_goal = programme.goals.filter(pk=parent).first() if parent else None
        if not can_edit_goal(request.user, programme, parent_goal):
            raise PermissionDenied
        if _submitted(
            request,
            goal_form,
            lambda data: services.goal_create(by=request.user, programme=programme, **data),
        ):
            return redirect(request.path)
    editable = can_manage_programmes(request.user, municipality)
    return render(
        request,
        "programmes/goal_tree.html",
        {
            "municipality": municipality,
            "programme": programme,
            "tree": selectors.goal_tree(programme, request.user),
            "sub_programmes": selectors.sub_programmes_of(programme),
            "editable": editable,
            "goal_form": goal_form if editable or _coordinates_any(request, programme) else None,
        },
        status=400 if goal_form.is_bound else 200,
    )


def _coordinates_any(request: HttpRequest, programme: Programme) -> bool:
    return any(can_edit_sub_programme(request.user, sub) for sub in programme.sub_programmes.all())


def _goal(
    request: HttpRequest, municipality: Municipality, pk: int, goal_pk: int
) -> tuple[Programme, Goal, bool]:
    """The programme, one of its goals (or 404), and whether the user may edit that goal."""
    programme = get_in_municipality(Programme, municipality, pk=pk)
    goal = programme.goals.filter(pk=goal_pk).first()
    if goal is None:
        raise Http404
    return programme, goal, can_edit_goal(request.user, programme, goal)


@municipality_view()
def goal_detail(
    request: HttpRequest, municipality: Municipality, pk: int, goal_pk: int
) -> HttpResponse:
    """One goal: its indicators and their measurements, with forms for those who may edit."""
    programme, goal, editable = _goal(request, municipality, pk, goal_pk)
    if request.method == "POST" and not editable:
        raise PermissionDenied
    text_form = (
        GoalTextForm(request.POST)
        if request.POST.get("action") == "text"
        else GoalTextForm(initial={"text": goal.text})
    )
    indicator_form = _bound(request, "indicator", GoalIndicatorForm, programme=programme)
    measurement_form = _bound(request, "measurement", MeasurementForm)
    action = request.POST.get("action", "")
    writes: dict[str, tuple[BaseForm, Callable[[dict[str, Any]], object]]] = {
        "text": (text_form, lambda data: services.goal_update(by=request.user, goal=goal, **data)),
        "indicator": (
            indicator_form,
            lambda data: services.goal_indicator_add(by=request.user, goal=goal, **data),
        ),
    }
    if action == "measurement":
        chosen = request.POST.get("goal_indicator", "")
        goal_indicator = goal.indicators.filter(pk=chosen).first() if chosen.isdigit() else None
        if goal_indicator is None:
            raise Http404
        writes[action] = (
            measurement_form,
            lambda data: services.measurement_record(
                by=request.user, goal_indicator=goal_indicator, **data
            ),
        )
    if action in writes and _submitted(request, *writes[action]):
        return redirect(request.path)
    statuses = [selectors.indicator_status(gi, request.user) for gi in goal.indicators.all()]
    return render(
        request,
        "programmes/goal_detail.html",
        {
            "municipality": municipality,
            "programme": programme,
            "goal": goal,
            "statuses": statuses,
            "editable": editable,
            "text_form": text_form if editable else None,
            "indicator_form": indicator_form if editable else None,
            "measurement_form": measurement_form if editable else None,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@municipality_view()
def goal_delete(
    request: HttpRequest, municipality: Municipality, pk: int, goal_pk: int
) -> HttpResponse:
    programme, goal, editable = _goal(request, municipality, pk, goal_pk)
    if not editable:
        raise PermissionDenied
    try:
        services.goal_delete(by=request.user, goal=goal)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("programmes:goal_detail", municipality.code, programme.pk, goal.pk)
    messages.success(request, _("Målet er fjernet."))
    return redirect("programmes:goal_tree", municipality.code, programme.pk)


urlpatterns = [
    path("programmes/", programme_list, name="programme_list"),
    path("programmes/<int:pk>/", programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", programme_edit, name="programme_edit"),
    path(
        "programmes/<int:pk>/sub-programmes/<int:sub_pk>/edit/",
        sub_programme_edit,
        name="sub_programme_edit",
    ),
    path(
        "programmes/<int:pk>/documents/<int:document_pk>/",
        document_download,
        name="document_download",
    ),
    path("programmes/<int:pk>/goals/", goal_tree, name="goal_tree"),
    path("programmes/<int:pk>/goals/<int:goal_pk>/", goal_detail, name="goal_detail"),
    path("programmes/<int:pk>/goals/<int:goal_pk>/delete/", goal_delete, name="goal_delete"),
]
