"""Pages for annual action plans, the yearly action programme and progress reports.

Everyone with a role in the municipality reads. A sub-programme's coordinator (and structure
editors) creates, fills, revises and submits its plan; the other steps follow the transition
table in `workflow.py` and the actor each step names (`can_act_as`). Progress is reported by
those who edit the measure and by its contact person (`can_report_progress`).
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omrade.areas.period_choice import year_choice
from omrade.common.views import add_refusal, save_with
from omrade.portfolio import documents
from omrade.portfolio import selectors_plans as selectors
from omrade.portfolio.forms_plans import (
    ActionPlanCreateForm,
    ActionPlanItemForm,
    ActionPlanSummaryForm,
    ProgressReportForm,
    TransitionForm,
)
from omrade.portfolio.models import ActionPlan, ActionPlanItem, Measure, MeasureStatus
from omrade.portfolio.permissions import (
    can_act_as,
    can_create_action_plan,
    can_edit_action_plan,
    can_report_progress,
)
from omrade.portfolio.services import action_plans as services
from omrade.portfolio.services import progress as progress_services
from omrade.portfolio.workflow import (
    PLAN_ACTION_LABELS,
    PLAN_EDITABLE_STATES,
    PLAN_NEEDS_COMMENT,
    PLAN_REVISABLE_STATES,
    PlanAction,
    plan_actions_for,
    plan_actors_of,
    plan_next_steps,
)
from omrade.programmes.models import Programme
from omrade.tenancy.access import get_in_municipality, municipality_view
from omrade.tenancy.models import Municipality

# --- the list of plans -----------------------------------------------------------------------


def _list_page(
    request: HttpRequest,
    municipality: Municipality,
    programme: Programme,
    *,
    bound: ActionPlanCreateForm | None = None,
) -> HttpResponse:
    sub_programmes = selectors.sub_programmes_for_new_plan(request.user, programme)
    form = bound or (
        ActionPlanCreateForm(programme=programme, sub_programmes=sub_programmes)
        if sub_programmes
        else None
    )
    plans = list(selectors.plans_of(programme))
    return render(
        request,
        "portfolio/plans/action_plan_list.html",
        {
            "municipality": municipality,
            "programme": programme,
            "years": [(year, list(group)) for year, group in groupby(plans, lambda p: p.year)],
            "programme_years": range(programme.start_year, programme.end_year + 1),
            # The latest year with plans up to this year (this year when there are none).
            "current_year": year_choice(
                QueryDict(),
                first=programme.start_year,
                last=programme.end_year,
                years_with_data={plan.year for plan in plans},
            ).year,
            "form": form,
        },
        status=400 if bound is not None else 200,
    )


@municipality_view()
def action_plan_list(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    return _list_page(request, municipality, programme)


@require_POST
@municipality_view()
def action_plan_create(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    if not can_create_action_plan(request.user, programme):
        raise PermissionDenied
    sub_programmes = selectors.sub_programmes_for_new_plan(request.user, programme)
    if not sub_programmes:
        raise PermissionDenied
    form = ActionPlanCreateForm(request.POST, programme=programme, sub_programmes=sub_programmes)
    plan = save_with(
        form,
        lambda data: services.action_plan_create(programme=programme, by=request.user, **data),
    )
    if plan is None:
        return _list_page(request, municipality, programme, bound=form)
    messages.success(request, _("Handlingsplanen er opprettet. Legg til tiltak."))
    return redirect(plan.get_absolute_url())


# --- one plan ----------------------------------------------------------------------------------


def _plan(programme: Programme, plan_pk: int) -> ActionPlan:
    plan = selectors.plan_in(programme, plan_pk)
    if plan is None:
        raise Http404
    return plan


def _refusal_form(refused: ValidationError) -> TransitionForm:
    """A form that only carries a service's refusal to the page."""
    form = TransitionForm({})
    form.is_valid()
    add_refusal(form, refused)
    return form


def _detail_page(
    request: HttpRequest,
    municipality: Municipality,
    programme: Programme,
    plan: ActionPlan,
    *,
    bound: dict[str, Any] | None = None,
) -> HttpResponse:
    bound = bound or {}
    editor = can_edit_action_plan(request.user, programme, plan.sub_programme)
    editable = editor and plan.state in PLAN_EDITABLE_STATES
    items = selectors.plan_items(plan)
    actions = plan_actions_for(request.user, plan)
    versions = list(selectors.plan_versions(plan))
    has_newer = any(version.version > plan.version for version in versions)
    return render(
        request,
        "portfolio/plans/action_plan_detail.html",
        {
            "municipality": municipality,
            "programme": programme,
            "plan": plan,
            "items": items,
            "total": selectors.items_total(items),
            "goals": selectors.goals_served(items),
            "history": selectors.plan_history(plan),
            "versions": versions,
            "editable": editable,
            "can_revise": editor and plan.state in PLAN_REVISABLE_STATES and not has_newer,
            "summary_form": bound.get("summary")
            or ActionPlanSummaryForm(initial={"summary": plan.summary}),
            "item_form": bound.get("item")
            or ActionPlanItemForm(measures=selectors.measures_for_plan(plan)),
            "plain_actions": [
                (action.value, PLAN_ACTION_LABELS[action])
                for action in actions
                if action not in PLAN_NEEDS_COMMENT
            ],
            "comment_actions": [
                (action.value, PLAN_ACTION_LABELS[action])
                for action in actions
                if action in PLAN_NEEDS_COMMENT
            ],
            "first_action": actions[0].value if actions else "",
            "next_steps": plan_next_steps(plan),
            "my_actions": actions,
            "transition_form": bound.get("transition") or TransitionForm(),
            "refusal_form": bound.get("refusal"),
        },
        status=400 if bound else 200,
    )


@municipality_view()
def action_plan_detail(
    request: HttpRequest, municipality: Municipality, pk: int, plan_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    return _detail_page(request, municipality, programme, _plan(programme, plan_pk))


def _editable_plan(
    request: HttpRequest, municipality: Municipality, pk: int, plan_pk: int
) -> tuple[Programme, ActionPlan]:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    plan = _plan(programme, plan_pk)
    if not can_edit_action_plan(request.user, programme, plan.sub_programme):
        raise PermissionDenied
    return programme, plan


@require_POST
@municipality_view()
def action_plan_update(
    request: HttpRequest, municipality: Municipality, pk: int, plan_pk: int
) -> HttpResponse:
    programme, plan = _editable_plan(request, municipality, pk, plan_pk)
    form = ActionPlanSummaryForm(request.POST)
    saved = save_with(
        form,
        lambda data: services.action_plan_update(
            plan=plan, summary=data["summary"], by=request.user
        ),
    )
    if saved is None:
        plan.refresh_from_db()
        return _detail_page(request, municipality, programme, plan, bound={"summary": form})
    messages.success(request, _("Sammendraget er lagret."))
    return redirect(plan.get_absolute_url())


@require_POST
@municipality_view()
def action_plan_item_add(
    request: HttpRequest, municipality: Municipality, pk: int, plan_pk: int
) -> HttpResponse:
    programme, plan = _editable_plan(request, municipality, pk, plan_pk)
    form = ActionPlanItemForm(request.POST, measures=selectors.measures_for_plan(plan))
    item = save_with(
        form, lambda data: services.action_plan_add_measure(plan=plan, by=request.user, **data)
    )
    if item is None:
        plan.refresh_from_db()
        return _detail_page(request, municipality, programme, plan, bound={"item": form})
    messages.success(request, _("«%(title)s» er lagt til i planen.") % {"title": item.measure})
    return redirect(plan.get_absolute_url())


@require_POST
@municipality_view()
def action_plan_item_remove(
    request: HttpRequest, municipality: Municipality, pk: int, plan_pk: int, item_pk: int
) -> HttpResponse:
    programme, plan = _editable_plan(request, municipality, pk, plan_pk)
    item = ActionPlanItem.objects.select_related("measure").filter(plan=plan, pk=item_pk).first()
    if item is None:
        raise Http404
    try:
        services.action_plan_remove_item(item=item, by=request.user)
    except ValidationError as refused:
        plan.refresh_from_db()
        form = _refusal_form(refused)
        return _detail_page(request, municipality, programme, plan, bound={"refusal": form})
    messages.success(request, _("«%(title)s» er tatt ut av planen.") % {"title": item.measure})
    return redirect(plan.get_absolute_url())


@require_POST
@municipality_view()
def action_plan_revise(
    request: HttpRequest, municipality: Municipality, pk: int, plan_pk: int
) -> HttpResponse:
    programme, plan = _editable_plan(request, municipality, pk, plan_pk)
    try:
        revision = services.action_plan_revise(plan=plan, by=request.user)
    except ValidationError as refused:
        plan.refresh_from_db()
        form = _refusal_form(refused)
        return _detail_page(request, municipality, programme, plan, bound={"refusal": form})
    messages.success(
        request,
        _(
            "Versjon %(version)s er laget som utkast. Den gjeldende versjonen står til den nye "
            "settes i verk."
        )
        % {"version": revision.version},
    )
    return redirect(revision.get_absolute_url())


@require_POST
@municipality_view()
def action_plan_transition(
    request: HttpRequest, municipality: Municipality, pk: int, plan_pk: int, action: str
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    plan = _plan(programme, plan_pk)
    if action not in PlanAction.__members__.values():
        raise Http404
    # Not someone who ever takes this step: 403. The table (and the step's actor) decide next.
    if not any(
        can_act_as(request.user, actor, programme, plan.sub_programme)
        for actor in plan_actors_of(action)
    ):
        raise PermissionDenied
    form = TransitionForm(request.POST)
    form.is_valid()  # the comment is optional here; the service says when it is needed
    comment = form.cleaned_data.get("comment", "")
    try:
        services.action_plan_transition(plan=plan, action=action, by=request.user, comment=comment)
    except ValidationError as refused:
        plan.refresh_from_db()
        add_refusal(form, refused)
        return _detail_page(request, municipality, programme, plan, bound={"transition": form})
    messages.success(
        request,
        _("Planen har nå status «%(state)s».") % {"state": plan.get_state_display()},
    )
    return redirect(plan.get_absolute_url())


# --- the yearly action programme ------------------------------------------------------------


@municipality_view()
def action_programme(
    request: HttpRequest, municipality: Municipality, pk: int, year: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    if not programme.start_year <= year <= programme.end_year:
        raise Http404
    return render(
        request,
        "portfolio/plans/action_programme.html",
        {
            "municipality": municipality,
            "programme": programme,
            "action_programme": selectors.action_programme_for(programme=programme, year=year),
            "programme_years": range(programme.start_year, programme.end_year + 1),
            "document_language": municipality.get_default_language_display(),
        },
    )


@municipality_view()
def action_programme_export(
    request: HttpRequest, municipality: Municipality, pk: int, year: int, file_format: str
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    if file_format not in documents.FILE_FORMATS or not (
        programme.start_year <= year <= programme.end_year
    ):
        raise Http404
    export = documents.action_programme_export(
        programme=programme, year=year, file_format=file_format
    )
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
    return response


# --- progress reports ------------------------------------------------------------------------


@municipality_view()
def progress_overview(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    choice = selectors.progress_period_choice(programme, request.GET)
    rows = selectors.progress_overview(programme=programme, period=choice.chosen)
    return render(
        request,
        "portfolio/plans/progress_overview.html",
        {
            "municipality": municipality,
            "programme": programme,
            "choice": choice,
            "period": choice.chosen,
            "rows": rows,
            "missing": [row for row in rows if row.report is None],
        },
        status=choice.status,
    )


def _measure(programme: Programme, measure_pk: int) -> Measure:
    measure = (
        Measure.objects.select_related("sub_programme__coordinator", "contact_person")
        .filter(programme=programme, pk=measure_pk)
        .first()
    )
    if measure is None:
        raise Http404
    return measure


@municipality_view()
def progress_report(
    request: HttpRequest, municipality: Municipality, pk: int, measure_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    measure = _measure(programme, measure_pk)
    may_report = can_report_progress(request.user, measure)
    status = 200
    form: ProgressReportForm | None = None
    if request.method == "POST":
        if not may_report:
            raise PermissionDenied
        form = ProgressReportForm(request.POST, programme=programme)
        report = save_with(
            form,
            lambda data: progress_services.progress_report_save(
                measure=measure, by=request.user, **data
            ),
        )
        if report is not None:
            messages.success(
                request,
                _("Status for %(period)s er lagret.") % {"period": report.period},
            )
            return redirect(
                reverse(
                    "portfolio:progress_report", args=[municipality.code, programme.pk, measure.pk]
                )
            )
        measure.refresh_from_db()
        status = 400
    elif request.method != "GET":
        return HttpResponse(status=405)
    running = measure.status == MeasureStatus.RUNNING
    if form is None and may_report and running:
        form = ProgressReportForm(
            programme=programme,
            initial={
                "period": ProgressReportForm.default_period(
                    programme, request.GET.get("period", "")
                )
            },
        )
    return render(
        request,
        "portfolio/plans/progress_report.html",
        {
            "municipality": municipality,
            "programme": programme,
            "measure": measure,
            "reports": selectors.progress_reports_of(measure),
            "form": form,
            "may_report": may_report,
            "running": running,
        },
        status=status,
    )


urlpatterns: list[URLPattern] = [
    path("programmes/<int:pk>/action-plans/", action_plan_list, name="action_plan_list"),
    path("programmes/<int:pk>/action-plans/add/", action_plan_create, name="action_plan_create"),
    path(
        "programmes/<int:pk>/action-plans/<int:plan_pk>/",
        action_plan_detail,
        name="action_plan_detail",
    ),
    path(
        "programmes/<int:pk>/action-plans/<int:plan_pk>/summary/",
        action_plan_update,
        name="action_plan_update",
    ),
    path(
        "programmes/<int:pk>/action-plans/<int:plan_pk>/items/add/",
        action_plan_item_add,
        name="action_plan_item_add",
    ),
    path(
        "programmes/<int:pk>/action-plans/<int:plan_pk>/items/<int:item_pk>/remove/",
        action_plan_item_remove,
        name="action_plan_item_remove",
    ),
    path(
        "programmes/<int:pk>/action-plans/<int:plan_pk>/revise/",
        action_plan_revise,
        name="action_plan_revise",
    ),
    path(
        "programmes/<int:pk>/action-plans/<int:plan_pk>/transition/<str:action>/",
        action_plan_transition,
        name="action_plan_transition",
    ),
    path(
        "programmes/<int:pk>/action-programme/<int:year>/",
        action_programme,
        name="action_programme",
    ),
    path(
        "programmes/<int:pk>/action-programme/<int:year>/<str:file_format>/",
        action_programme_export,
        name="action_programme_export",
    ),
    path("programmes/<int:pk>/progress/", progress_overview, name="progress_overview"),
    path(
        "programmes/<int:pk>/measures/<int:measure_pk>/progress/",
        progress_report,
        name="progress_report",
    ),
]
