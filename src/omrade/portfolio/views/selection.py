"""Pages for selection under a budget, scenarios, resource conflicts and the year's frames.

Everyone with a role in the municipality reads them and may try a selection (it saves
nothing); `can_manage_scenarios` saves, recomputes and deletes scenarios;
`can_resolve_conflicts` records the board decision that settled a conflict;
`can_manage_portfolio` records the year's money and the units' commitments.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omrade.common.views import save_with
from omrade.portfolio import conflicts as conflict_selectors
from omrade.portfolio import selectors_selection as selectors
from omrade.portfolio.forms_selection import (
    ConflictResolveForm,
    SelectionForm,
    UnitCommitmentForm,
    YearBudgetForm,
)
from omrade.portfolio.models import Scenario, UnitCommitment
from omrade.portfolio.permissions import (
    can_manage_portfolio,
    can_manage_scenarios,
    can_resolve_conflicts,
)
from omrade.portfolio.selectors_selection import SelectionOutcome
from omrade.portfolio.services import conflicts as conflict_services
from omrade.portfolio.services import measures as measure_services
from omrade.portfolio.services import scenarios as services
from omrade.programmes.models import Programme
from omrade.tenancy.access import get_in_municipality, municipality_view
from omrade.tenancy.models import Municipality

# --- scenarios ---------------------------------------------------------------------------------


def _budget_of(form: SelectionForm, data: dict[str, Any]) -> Decimal:
    """The budget typed in, or the year's frame (YearBudget) when it was left empty."""
    if data.get("budget") is not None:
        return Decimal(data["budget"])
    frame = selectors.year_budget_of(form.programme, data["year"])
    if frame is None:
        raise ValidationError(
            {
                "budget": _("Skriv et budsjett: det er ikke registrert en årsramme for %(year)s.")
                % {"year": data["year"]}
            }
        )
    return frame.amount


def _selection_arguments(form: SelectionForm, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "programme": form.programme,
        "criteria_set": data["criteria_set"],
        "year": data["year"],
        "budget": _budget_of(form, data),
        "staff_limit": data.get("staff_limit"),
        "forced_in": [measure.pk for measure in data.get("forced_in") or []],
        "forced_out": [measure.pk for measure in data.get("forced_out") or []],
    }


def _unbound_form(programme: Programme, year: int) -> SelectionForm:
    frame = selectors.year_budget_of(programme, year)
    return SelectionForm(
        programme=programme,
        initial={"year": year, "budget": frame.amount if frame else None},
    )


def _list_page(
    request: HttpRequest,
    municipality: Municipality,
    programme: Programme,
    *,
    form: SelectionForm | None = None,
    outcome: SelectionOutcome | None = None,
    status: int = 200,
) -> HttpResponse:
    year_choice = selectors.selection_year_choice(programme, request.GET)
    return render(
        request,
        "portfolio/selection/scenario_list.html",
        {
            "municipality": municipality,
            "programme": programme,
            "scenarios": selectors.scenarios_of(programme),
            "year_budgets": selectors.year_budgets_of(programme),
            "has_criteria_sets": selectors.criteria_sets_of(programme).exists(),
            "form": form or _unbound_form(programme, year_choice.year),
            "year_choice": year_choice,
            "outcome": outcome,
            "can_save": can_manage_scenarios(request.user, municipality),
            "max_compared": selectors.MAX_COMPARED,
        },
        status=max(status, year_choice.status),
    )


@municipality_view()
def scenario_list(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    return _list_page(request, municipality, programme)


@require_POST
@municipality_view()
def scenario_preview(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    """Try a selection without saving it."""
    programme = get_in_municipality(Programme, municipality, pk=pk)
    form = SelectionForm(request.POST, programme=programme)
    outcome = save_with(
        form, lambda data: selectors.selection_compute(**_selection_arguments(form, data))
    )
    return _list_page(
        request,
        municipality,
        programme,
        form=form,
        outcome=outcome,
        status=200 if outcome is not None else 400,
    )


@require_POST
@municipality_view(can_manage_scenarios)
def scenario_save(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    form = SelectionForm(request.POST, programme=programme)
    scenario = save_with(
        form,
        lambda data: services.scenario_save(
            name=data.get("name") or "", by=request.user, **_selection_arguments(form, data)
        ),
    )
    if scenario is None:
        return _list_page(request, municipality, programme, form=form, status=400)
    messages.success(request, _("Scenarioet «%(name)s» er lagret.") % {"name": scenario.name})
    return redirect(_detail_url(municipality, programme, scenario))


def _scenario(programme: Programme, scenario_pk: int) -> Scenario:
    scenario = selectors.scenario_in(programme, scenario_pk)
    if scenario is None:
        raise Http404
    return scenario


def _detail_url(municipality: Municipality, programme: Programme, scenario: Scenario) -> str:
    return reverse("portfolio:scenario_detail", args=[municipality.code, programme.pk, scenario.pk])


@municipality_view()
def scenario_detail(
    request: HttpRequest, municipality: Municipality, pk: int, scenario_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    scenario = _scenario(programme, scenario_pk)
    return render(
        request,
        "portfolio/selection/scenario_detail.html",
        {
            "municipality": municipality,
            "programme": programme,
            "view": selectors.scenario_view(scenario),
            "can_save": can_manage_scenarios(request.user, municipality),
        },
    )


@require_POST
@municipality_view(can_manage_scenarios)
def scenario_recompute(
    request: HttpRequest, municipality: Municipality, pk: int, scenario_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    scenario = _scenario(programme, scenario_pk)
    try:
        services.scenario_recompute(scenario=scenario, by=request.user)
    except ValidationError as refused:
        messages.error(
            request,
            _("Scenarioet kan ikke beregnes på nytt: %(reason)s")
            % {"reason": " ".join(refused.messages)},
        )
    else:
        messages.success(
            request, _("Scenarioet «%(name)s» er beregnet på nytt.") % {"name": scenario.name}
        )
    return redirect(_detail_url(municipality, programme, scenario))


@require_POST
@municipality_view(can_manage_scenarios)
def scenario_delete(
    request: HttpRequest, municipality: Municipality, pk: int, scenario_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    scenario = _scenario(programme, scenario_pk)
    name = scenario.name
    services.scenario_delete(scenario=scenario, by=request.user)
    messages.success(request, _("Scenarioet «%(name)s» er slettet.") % {"name": name})
    return redirect("portfolio:scenario_list", municipality.code, programme.pk)


@municipality_view()
def scenario_compare(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    ids = [int(value) for value in request.GET.getlist("scenario") if value.isdigit()]
    return render(
        request,
        "portfolio/selection/scenario_compare.html",
        {
            "municipality": municipality,
            "programme": programme,
            "comparison": selectors.scenario_comparison(programme, ids),
            "too_many": len(set(ids)) > selectors.MAX_COMPARED,
            "max_compared": selectors.MAX_COMPARED,
        },
    )


# --- resource conflicts ----------------------------------------------------------------------


def _conflict_page(
    request: HttpRequest,
    municipality: Municipality,
    programme: Programme,
    *,
    bound: ConflictResolveForm | None = None,
) -> HttpResponse:
    """The conflicts of one year: ?year=, else the latest year with conflicts."""
    every = conflict_selectors.conflicts_of(programme)
    choice = conflict_selectors.conflict_year_choice(programme, request.GET, every)
    year = choice.year
    conflicts = [conflict for conflict in every if conflict.year == year]
    may_resolve = can_resolve_conflicts(request.user, municipality)
    groups: dict[int, list[tuple[Any, ConflictResolveForm | None, str]]] = {}
    matched = False
    for conflict in conflicts:
        slug = conflict.key.replace(":", "-")
        form = None
        if may_resolve and not conflict.is_resolved:
            if bound is not None and bound.data.get(f"{bound.prefix}-key") == conflict.key:
                form, matched = bound, True
            else:
                form = ConflictResolveForm(
                    programme=programme, initial={"key": conflict.key}, auto_id=f"id_%s_{slug}"
                )
        groups.setdefault(conflict.year, []).append((conflict, form, slug))
    return render(
        request,
        "portfolio/selection/conflict_list.html",
        {
            "municipality": municipality,
            "programme": programme,
            "groups": sorted(groups.items()),
            "year": year,
            "year_choice": choice,
            "open_count": sum(not conflict.is_resolved for conflict in conflicts),
            "past": conflict_selectors.past_resolutions(programme, conflicts, year=year),
            "may_resolve": may_resolve,
            "has_board_decisions": may_resolve
            and ConflictResolveForm(programme=programme).fields["decision"].queryset.exists(),  # type: ignore[attr-defined]
            "unmatched_form": bound if bound is not None and not matched else None,
        },
        status=400 if bound is not None else choice.status,
    )


@municipality_view()
def conflict_list(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    return _conflict_page(request, municipality, programme)


@require_POST
@municipality_view(can_resolve_conflicts)
def conflict_resolve(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    key = request.POST.get(f"{ConflictResolveForm.prefix}-key", "")
    form = ConflictResolveForm(
        request.POST, programme=programme, auto_id=f"id_%s_{key.replace(':', '-')}"
    )
    resolution = save_with(
        form,
        lambda data: conflict_services.conflict_resolve(
            programme=programme,
            key=data["key"],
            decision=data["decision"],
            note=data.get("note", ""),
            by=request.user,
        ),
    )
    if resolution is None:
        return _conflict_page(request, municipality, programme, bound=form)
    messages.success(
        request,
        _("Konflikten er registrert som avklart i %(reference)s.")
        % {"reference": resolution.decision.reference},
    )
    url = reverse("portfolio:conflict_list", args=[municipality.code, programme.pk])
    return redirect(f"{url}?year={resolution.key.rsplit(':', 1)[-1]}")  # keys end in the year


# --- the year's frames: money and unit commitments ----------------------------------------------


def _frames_page(
    request: HttpRequest,
    municipality: Municipality,
    programme: Programme,
    *,
    budget_form: YearBudgetForm | None = None,
    commitment_form: UnitCommitmentForm | None = None,
) -> HttpResponse:
    editor = can_manage_portfolio(request.user, municipality)
    bound = budget_form is not None or commitment_form is not None
    return render(
        request,
        "portfolio/selection/frames.html",
        {
            "municipality": municipality,
            "programme": programme,
            "year_budgets": selectors.year_budgets_of(programme),
            "commitments": UnitCommitment.objects.filter(programme=programme).select_related(
                "unit"
            ),
            "budget_form": budget_form or (YearBudgetForm(programme=programme) if editor else None),
            "commitment_form": commitment_form
            or (UnitCommitmentForm(programme=programme) if editor else None),
        },
        status=400 if bound else 200,
    )


@municipality_view()
def frames(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    return _frames_page(request, municipality, programme)


@require_POST
@municipality_view(can_manage_portfolio)
def frames_budget_set(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    form = YearBudgetForm(request.POST, programme=programme)
    budget = save_with(
        form,
        lambda data: measure_services.year_budget_set(
            by=request.user,
            programme=programme,
            year=data["year"],
            amount=data["amount"],
            note=data.get("note", ""),
            synthetic=data.get("synthetic", False),
        ),
    )
    if budget is None:
        return _frames_page(request, municipality, programme, budget_form=form)
    messages.success(request, _("Årsrammen for %(year)s er registrert.") % {"year": budget.year})
    return redirect("portfolio:frames", municipality.code, programme.pk)


@require_POST
@municipality_view(can_manage_portfolio)
def frames_commitment_set(
    request: HttpRequest, municipality: Municipality, pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    form = UnitCommitmentForm(request.POST, programme=programme)
    commitment = save_with(
        form,
        lambda data: measure_services.unit_commitment_set(
            by=request.user,
            programme=programme,
            unit=data["unit"],
            year=data["year"],
            share=data["share"],
        ),
    )
    if commitment is None:
        return _frames_page(request, municipality, programme, commitment_form=form)
    messages.success(
        request,
        _("%(unit)s stiller med %(share)s %% i %(year)s.")
        % {"unit": commitment.unit, "share": commitment.share, "year": commitment.year},
    )
    return redirect("portfolio:frames", municipality.code, programme.pk)


urlpatterns: list[URLPattern] = [
    path("programmes/<int:pk>/scenarios/", scenario_list, name="scenario_list"),
    path("programmes/<int:pk>/scenarios/try/", scenario_preview, name="scenario_preview"),
    path("programmes/<int:pk>/scenarios/save/", scenario_save, name="scenario_save"),
    path("programmes/<int:pk>/scenarios/compare/", scenario_compare, name="scenario_compare"),
    path(
        "programmes/<int:pk>/scenarios/<int:scenario_pk>/",
        scenario_detail,
        name="scenario_detail",
    ),
    path(
        "programmes/<int:pk>/scenarios/<int:scenario_pk>/recompute/",
        scenario_recompute,
        name="scenario_recompute",
    ),
    path(
        "programmes/<int:pk>/scenarios/<int:scenario_pk>/delete/",
        scenario_delete,
        name="scenario_delete",
    ),
    path("programmes/<int:pk>/conflicts/", conflict_list, name="conflict_list"),
    path("programmes/<int:pk>/conflicts/resolve/", conflict_resolve, name="conflict_resolve"),
    path("programmes/<int:pk>/frames/", frames, name="frames"),
    path("programmes/<int:pk>/frames/budget/", frames_budget_set, name="frames_budget_set"),
    path(
        "programmes/<int:pk>/frames/commitment/",
        frames_commitment_set,
        name="frames_commitment_set",
    ),
]
