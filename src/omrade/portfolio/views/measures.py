"""Pages for measures (tiltak): the list with filters and the form to propose one, a measure's
page with its costs, staff, milestones, status and benefits, editing, and the benefits map.

Everyone with a role in the municipality reads; `can_propose_measure` creates, and
`can_edit_measure` (structure editors and the sub-programme's coordinator) changes a measure.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omrade.areas.periods import parse_period
from omrade.common.audit import audit_entries_for
from omrade.common.views import save_with
from omrade.portfolio import selectors
from omrade.portfolio import selectors_plans as plan_selectors
from omrade.portfolio.charts import benefits_map_svg
from omrade.portfolio.forms import (
    BenefitForm,
    CostForm,
    MeasureFilterForm,
    MeasureForm,
    MilestoneForm,
    RealisationForm,
    StaffForm,
    StatusForm,
)
from omrade.portfolio.models import Measure
from omrade.portfolio.permissions import (
    can_edit_measure,
    can_propose_measure,
    can_propose_measure_in,
)
from omrade.portfolio.services import benefits as benefit_services
from omrade.portfolio.services import measures as services
from omrade.programmes.models import Programme
from omrade.tenancy.access import get_in_municipality, municipality_view
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser


def _proposable_sub_programmes(user: AnyUser, programme: Programme) -> Any:
    """None: every sub-programme, or none (structure editors); else those the rule
    `can_propose_measure_in` lets the user propose in (a coordinator's own)."""
    if can_propose_measure_in(user, programme, None):
        return None
    allowed = [
        sub_programme.pk
        for sub_programme in programme.sub_programmes.select_related("programme__municipality")
        if can_propose_measure_in(user, programme, sub_programme)
    ]
    return programme.sub_programmes.filter(pk__in=allowed)


def _measure_form(request: HttpRequest, programme: Programme, **kwargs: Any) -> MeasureForm:
    return MeasureForm(
        request.POST or None,
        programme=programme,
        sub_programmes=_proposable_sub_programmes(request.user, programme),
        **kwargs,
    )


def _create(programme: Programme, by: AnyUser) -> Callable[[dict[str, Any]], Measure]:
    def write(data: dict[str, Any]) -> Measure:
        relations = {name: data.pop(name) for name in ("goals", "areas", "partners")}
        return services.measure_create(programme=programme, by=by, **relations, **data)

    return write


@municipality_view()
def measure_list(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    may_propose = can_propose_measure(request.user, programme)
    # The form validates a measure of this programme, so clean() sees the programme.
    unsaved = Measure(programme=programme, municipality=municipality)
    form = _measure_form(request, programme, instance=unsaved) if may_propose else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        measure = save_with(form, _create(programme, request.user))
        if measure is not None:
            messages.success(request, _("Tiltaket «%(name)s» er opprettet.") % {"name": measure})
            return redirect(measure)
    filters = MeasureFilterForm(request.GET or None, programme=programme)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    # Every measure is listed; the chosen year (by default the latest with costs) is the year
    # whose costs are shown.
    year_choice = selectors.cost_year_choice(programme, request.GET)
    year = year_choice.year
    measures = selectors.measures_of(
        programme,
        sub_programme=chosen.get("sub_programme"),
        status=chosen.get("status", ""),
        area=chosen.get("area"),
    )
    rows = [(measure, selectors.cost_in(measure, year)) for measure in measures]
    return render(
        request,
        "portfolio/measure_list.html",
        {
            "municipality": municipality,
            "programme": programme,
            "filters": filters,
            "rows": rows,
            "year": year,
            "year_choice": year_choice,
            "total": sum((cost for _measure, cost in rows), start=0),
            "any_synthetic": any(measure.synthetic for measure, _cost in rows),
            "form": form,
        },
        status=400 if form is not None and form.is_bound else year_choice.status,
    )


def _measure(programme: Programme, measure_pk: int) -> Measure:
    measure = (
        Measure.objects.select_related(
            "programme__municipality", "sub_programme", "responsible_unit", "contact_person"
        )
        .filter(programme=programme, pk=measure_pk)
        .first()
    )
    if measure is None:
        raise Http404
    return measure


def _editable_measure(request: HttpRequest, programme: Programme, measure_pk: int) -> Measure:
    """A measure of the programme the user may edit: 404 if none, 403 if not theirs."""
    measure = _measure(programme, measure_pk)
    if not can_edit_measure(request.user, measure):
        raise PermissionDenied
    return measure


def _forms(request: HttpRequest, measure: Measure) -> dict[str, BaseForm]:
    """The detail page's forms; the one named by POST's `action` is bound."""
    programme = measure.programme
    posted = request.POST.get("action") if request.method == "POST" else None

    def bound(action: str) -> dict[str, Any] | None:
        return request.POST if posted == action else None

    # Each form has its own prefix, so field ids stay unique on the page.
    return {
        "status": StatusForm(bound("status"), measure=measure, prefix="status"),
        "cost": CostForm(bound("cost"), prefix="cost"),
        "staff": StaffForm(bound("staff"), programme=programme, prefix="staff"),
        "milestone": MilestoneForm(bound("milestone"), prefix="milestone"),
        "benefit": BenefitForm(bound("benefit"), programme=programme, prefix="benefit"),
        "realisation": RealisationForm(bound("realisation"), measure=measure, prefix="realisation"),
    }


def _object_id(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("object", ""))
    except ValueError as missing:
        raise Http404 from missing


def _writes(
    request: HttpRequest, measure: Measure
) -> dict[str, Callable[[dict[str, Any]], object]]:
    """POST actions of the measure page: the service each runs with its form's data."""
    by = request.user

    return {
        "status": lambda data: services.measure_set_status(measure=measure, by=by, **data),
        "cost": lambda data: services.measure_cost_set(by=by, measure=measure, **data),
        "staff": lambda data: services.staff_allocation_add(by=by, measure=measure, **data),
        "milestone": lambda data: services.milestone_add(by=by, measure=measure, **data),
        "benefit": lambda data: benefit_services.benefit_add(measure=measure, by=by, **data),
        "realisation": lambda data: benefit_services.realisation_record(by=by, **data),
    }


def _removals(request: HttpRequest, measure: Measure) -> dict[str, Callable[[int], object]]:
    """POST actions that remove or tick off one of the measure's rows, by id."""

    def one(queryset: Any, object_id: int) -> Any:
        found = queryset.filter(pk=object_id).first()
        if found is None:
            raise Http404
        return found

    today = datetime.date.today()
    return {
        "remove_cost": lambda pk: services.measure_cost_remove(
            by=request.user, cost=one(measure.costs, pk)
        ),
        "remove_staff": lambda pk: services.staff_allocation_remove(
            by=request.user, allocation=one(measure.staff, pk)
        ),
        "remove_milestone": lambda pk: services.milestone_remove(
            by=request.user, milestone=one(measure.milestones, pk)
        ),
        "milestone_done": lambda pk: services.milestone_set_done(
            by=request.user, milestone=one(measure.milestones, pk), done_on=today
        ),
        "milestone_undone": lambda pk: services.milestone_set_done(
            by=request.user, milestone=one(measure.milestones, pk), done_on=None
        ),
        "remove_benefit": lambda pk: benefit_services.benefit_remove(
            benefit=one(measure.benefits, pk), by=request.user
        ),
    }


@municipality_view()
def measure_detail(
    request: HttpRequest, municipality: Municipality, pk: int, measure_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    measure = _measure(programme, measure_pk)
    editable = can_edit_measure(request.user, measure)
    forms = _forms(request, measure)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        action = request.POST.get("action", "")
        removals = _removals(request, measure)
        if action in removals:
            removals[action](_object_id(request))
            messages.success(request, _("Endringen er lagret."))
            return redirect(measure)
        writes = _writes(request, measure)
        if action not in writes:
            raise Http404
        if save_with(forms[action], writes[action]) is not None:
            messages.success(request, _("Endringen er lagret."))
            return redirect(measure)
    return render(
        request,
        "portfolio/measure_detail.html",
        {
            "municipality": municipality,
            "programme": programme,
            "measure": measure,
            "editable": editable,
            "costs": measure.costs.all(),
            "staff": selectors.staff_of(measure),
            "milestones": measure.milestones.all(),
            "benefits": selectors.benefits_of(measure),
            "progress_reports": [
                (report, parse_period(report.period))
                for report in plan_selectors.progress_reports_of(measure)
            ],
            # Ideas from residents taken into the measure (participation links to it).
            "ideas": list(measure.ideas.order_by("title")),
            "history": audit_entries_for(measure),
            "today": datetime.date.today(),
            **({f"{name}_form": form for name, form in forms.items()} if editable else {}),
        },
        status=400 if request.method == "POST" else 200,
    )


@municipality_view()
def measure_edit(
    request: HttpRequest, municipality: Municipality, pk: int, measure_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    measure = _editable_measure(request, programme, measure_pk)
    form = _measure_form(request, programme, instance=measure)

    def write(data: dict[str, Any]) -> Measure:
        relations = {name: data.pop(name) for name in ("goals", "areas", "partners")}
        return services.measure_update(measure=measure, by=request.user, **relations, **data)

    if request.method == "POST" and save_with(form, write) is not None:
        messages.success(request, _("«%(name)s» er lagret.") % {"name": measure})
        return redirect(measure)
    return render(
        request,
        "programmes/edit.html",
        {
            "municipality": municipality,
            "programme": programme,
            "form": form,
            "heading": _("Endre tiltaket «%(name)s»") % {"name": measure.title},
            "back_url": measure.get_absolute_url(),
        },
        status=400 if form.is_bound else 200,
    )


@require_POST
@municipality_view()
def measure_delete(
    request: HttpRequest, municipality: Municipality, pk: int, measure_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    measure = _editable_measure(request, programme, measure_pk)
    try:
        services.measure_delete(by=request.user, measure=measure)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect(measure)
    messages.success(request, _("Tiltaket «%(name)s» er fjernet.") % {"name": measure.title})
    return redirect(reverse("portfolio:measure_list", args=[municipality.code, programme.pk]))


@municipality_view()
def benefits_map(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    """Measures → benefits → goals, drawn and as a table (the drawing's text alternative)."""
    programme = get_in_municipality(Programme, municipality, pk=pk)
    benefit_map = selectors.benefits_map(programme)
    return render(
        request,
        "portfolio/benefits_map.html",
        {
            "municipality": municipality,
            "programme": programme,
            "map": benefit_map,
            "svg": benefits_map_svg(benefit_map),
        },
    )


urlpatterns: list[URLPattern] = [
    path("programmes/<int:pk>/measures/", measure_list, name="measure_list"),
    path("programmes/<int:pk>/measures/<int:measure_pk>/", measure_detail, name="measure_detail"),
    path("programmes/<int:pk>/measures/<int:measure_pk>/edit/", measure_edit, name="measure_edit"),
    path(
        "programmes/<int:pk>/measures/<int:measure_pk>/delete/",
        measure_delete,
        name="measure_delete",
    ),
    path("programmes/<int:pk>/benefits/", benefits_map, name="benefits_map"),
]
