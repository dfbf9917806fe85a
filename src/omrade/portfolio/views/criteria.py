"""Pages for criteria sets and the prioritisation matrix.

- The list of a programme's criteria sets, and the matrix of one set: criteria as rows grouped
  like the seed's table, measures as columns, weighted totals and the ranking, filters by
  sub-programme, area and year; a plain form of selects saves the signed-in user's own scores
  (columns follow `can_score` for the measure's sub-programme), and a second mode sets the
  agreed scores (`can_agree_score`). XLSX export for every reader, import for scorers.
- Editing a set (groups, criteria, weights set directly, pairwise comparison with the
  consistency ratio) for `can_manage_portfolio` users.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omrade.common.views import add_refusal, save_with
from omrade.portfolio import ahp, matrix_xlsx
from omrade.portfolio import selectors_criteria as selectors
from omrade.portfolio.forms_criteria import (
    CriteriaSetForm,
    CriterionForm,
    CriterionGroupForm,
    MatrixFilterForm,
    MatrixImportForm,
    MatrixScoresForm,
    PairwiseForm,
    WeightsForm,
)
from omrade.portfolio.models import CriteriaSet, Criterion, CriterionGroup
from omrade.portfolio.permissions import can_agree_in, can_manage_portfolio, can_score_in
from omrade.portfolio.services import criteria as services
from omrade.programmes.models import Programme
from omrade.tenancy.access import get_in_municipality, municipality_view
from omrade.tenancy.models import Municipality


def _criteria_set(programme: Programme, set_pk: int) -> CriteriaSet:
    criteria_set = selectors.criteria_set_in(programme, set_pk)
    if criteria_set is None:
        raise Http404
    return criteria_set


def _group(criteria_set: CriteriaSet, group_pk: int) -> CriterionGroup:
    group = selectors.group_in(criteria_set, group_pk)
    if group is None:
        raise Http404
    return group


def _criterion(criteria_set: CriteriaSet, criterion_pk: int) -> Criterion:
    criterion = selectors.criterion_in(criteria_set, criterion_pk)
    if criterion is None:
        raise Http404
    return criterion


def _base(municipality: Municipality, programme: Programme, **extra: Any) -> dict[str, Any]:
    return {"municipality": municipality, "programme": programme, **extra}


# --- the list of sets ---------------------------------------------------------------------------


def _list_page(
    request: HttpRequest,
    municipality: Municipality,
    programme: Programme,
    *,
    bound: CriteriaSetForm | None = None,
) -> HttpResponse:
    may_manage = can_manage_portfolio(request.user, municipality)
    form = bound or (CriteriaSetForm(programme=programme) if may_manage else None)
    sets = [
        (criteria_set, selectors.structure_of(criteria_set))
        for criteria_set in selectors.criteria_sets_of(programme)
    ]
    return render(
        request,
        "portfolio/criteria/criteria_set_list.html",
        _base(municipality, programme, sets=sets, form=form, may_manage=may_manage),
        status=400 if bound is not None else 200,
    )


@municipality_view()
def criteria_set_list(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    return _list_page(request, municipality, programme)


@require_POST
@municipality_view(can_manage_portfolio)
def criteria_set_create(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    form = CriteriaSetForm(request.POST, programme=programme)
    created = save_with(
        form,
        lambda data: services.criteria_set_create(programme=programme, by=request.user, **data),
    )
    if created is None:
        return _list_page(request, municipality, programme, bound=form)
    messages.success(request, _("Kriteriesettet «%(name)s» er opprettet.") % {"name": created})
    return redirect("portfolio:criteria_set_edit", municipality.code, programme.pk, created.pk)


# --- the matrix ---------------------------------------------------------------------------------


def _mode(request: HttpRequest, data: Any) -> str:
    return "agreed" if data.get("mode") == "agreed" else "own"


def _matrix_context(
    request: HttpRequest,
    programme: Programme,
    criteria_set: CriteriaSet,
    data: Any,
) -> tuple[MatrixFilterForm, selectors.Matrix, str]:
    filters = MatrixFilterForm(data, programme=programme)
    matrix = selectors.matrix_for(criteria_set=criteria_set, user=request.user, **filters.filters())
    return filters, matrix, _mode(request, data)


def _matrix_url(
    municipality: Municipality, criteria_set: CriteriaSet, query: dict[str, str]
) -> str:
    url = reverse(
        "portfolio:matrix", args=[municipality.code, criteria_set.programme_id, criteria_set.pk]
    )
    return f"{url}?{urlencode(query)}" if query else url


def _matrix_page(
    request: HttpRequest,
    municipality: Municipality,
    programme: Programme,
    criteria_set: CriteriaSet,
    *,
    data: Any,
    bound: MatrixScoresForm | None = None,
) -> HttpResponse:
    filters, matrix, mode = _matrix_context(request, programme, criteria_set, data)
    form = bound or MatrixScoresForm(matrix=matrix, mode=mode)
    query = filters.query()
    return render(
        request,
        "portfolio/criteria/matrix.html",
        _base(
            municipality,
            programme,
            criteria_set=criteria_set,
            matrix=matrix,
            filters=filters,
            form=form,
            mode=mode,
            table=form.table(),
            editable=bool(form.fields),
            may_manage=can_manage_portfolio(request.user, municipality),
            may_agree=matrix.may_agree_any,
            may_import=can_score_in(request.user, programme),
            own_url=_matrix_url(municipality, criteria_set, query),
            agreed_url=_matrix_url(municipality, criteria_set, query | {"mode": "agreed"}),
            export_query=urlencode(query),
            column_count=len(matrix.columns) + 2,
        ),
        status=400 if bound is not None else 200,
    )


@municipality_view()
def matrix(request: HttpRequest, municipality: Municipality, pk: int, set_pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    criteria_set = _criteria_set(programme, set_pk)
    return _matrix_page(request, municipality, programme, criteria_set, data=request.GET)


@require_POST
@municipality_view()
def matrix_save(
    request: HttpRequest, municipality: Municipality, pk: int, set_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    criteria_set = _criteria_set(programme, set_pk)
    mode = _mode(request, request.POST)
    allowed = can_agree_in if mode == "agreed" else can_score_in
    if not allowed(request.user, programme):
        raise PermissionDenied
    filters, matrix, mode = _matrix_context(request, programme, criteria_set, request.POST)
    form = MatrixScoresForm(request.POST, matrix=matrix, mode=mode)
    if form.is_valid():
        try:
            report = services.scores_save(
                criteria_set=criteria_set,
                by=request.user,
                entries=form.entries(request.POST),
                agreed=mode == "agreed",
            )
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            if mode == "agreed":
                text = _("%(count)s omforente poeng er endret.")
            else:
                text = _("%(count)s av vurderingene dine er endret.")
            messages.success(request, text % {"count": report.total})
            query = filters.query() | ({"mode": "agreed"} if mode == "agreed" else {})
            return redirect(_matrix_url(municipality, criteria_set, query))
    return _matrix_page(
        request, municipality, programme, criteria_set, data=request.POST, bound=form
    )


@municipality_view()
def matrix_export(
    request: HttpRequest, municipality: Municipality, pk: int, set_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    criteria_set = _criteria_set(programme, set_pk)
    _filters, matrix, _mode_name = _matrix_context(request, programme, criteria_set, request.GET)
    values = request.GET.get("values", "effective")
    if values not in ("effective", "own", "agreed"):
        raise Http404
    content = matrix_xlsx.matrix_workbook(matrix, values=values)  # type: ignore[arg-type]
    response = HttpResponse(content, content_type=matrix_xlsx.CONTENT_TYPE)
    file_name = f"matrise-{programme.pk}-{criteria_set.pk}-{values}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


@municipality_view()
def matrix_import(
    request: HttpRequest, municipality: Municipality, pk: int, set_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    criteria_set = _criteria_set(programme, set_pk)
    if not can_score_in(request.user, programme):
        raise PermissionDenied
    may_agree = can_agree_in(request.user, programme)
    form = MatrixImportForm(request.POST or None, request.FILES or None, may_agree=may_agree)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            agreed = bool(form.cleaned_data.get("agreed"))
            matrix = selectors.matrix_for(
                criteria_set=criteria_set,
                user=request.user,
                measures=list(
                    programme.measures.select_related("sub_programme__programme__municipality")
                ),
            )
            allowed = {
                column.measure.pk
                for column in matrix.columns
                if (column.may_agree if agreed else column.may_score)
            }
            upload = form.cleaned_data["file"]
            try:
                report = matrix_xlsx.matrix_import(
                    criteria_set=criteria_set,
                    data=upload.read(),
                    by=request.user,
                    allowed_measure_ids=allowed,
                    agreed=agreed,
                    file_name=upload.name,
                )
            except ValidationError as refused:
                add_refusal(form, refused)
            else:
                messages.success(
                    request,
                    _(
                        "%(file)s: %(cells)s celler lest, %(created)s nye, %(changed)s endret og "
                        "%(removed)s fjernet."
                    )
                    % {
                        "file": upload.name,
                        "cells": report.cells,
                        "created": report.saved.created,
                        "changed": report.saved.changed,
                        "removed": report.saved.removed,
                    },
                )
                if report.skipped:
                    messages.warning(
                        request,
                        _("Hoppet over tiltak du ikke kan vurdere: %(titles)s")
                        % {"titles": ", ".join(report.skipped)},
                    )
                return redirect(
                    _matrix_url(municipality, criteria_set, {"mode": "agreed"} if agreed else {})
                )
    return render(
        request,
        "portfolio/criteria/matrix_import.html",
        _base(municipality, programme, criteria_set=criteria_set, form=form),
        status=status,
    )


# --- editing a set ------------------------------------------------------------------------------


def _edit_page(
    request: HttpRequest,
    municipality: Municipality,
    programme: Programme,
    criteria_set: CriteriaSet,
    *,
    set_form: CriteriaSetForm | None = None,
    group_form: CriterionGroupForm | None = None,
    criterion_form: CriterionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "portfolio/criteria/criteria_set_edit.html",
        _base(
            municipality,
            programme,
            criteria_set=criteria_set,
            structure=selectors.structure_of(criteria_set),
            set_form=set_form
            or CriteriaSetForm(
                programme=programme,
                initial={
                    "name": criteria_set.name,
                    "source": criteria_set.source,
                    "source_document": criteria_set.source_document_id,
                },
            ),
            group_form=group_form or CriterionGroupForm(programme=programme),
            criterion_form=criterion_form or CriterionForm(criteria_set=criteria_set),
            scenarios=criteria_set.scenarios.count(),
        ),
        status=status,
    )


@municipality_view(can_manage_portfolio)
def criteria_set_edit(
    request: HttpRequest, municipality: Municipality, pk: int, set_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    criteria_set = _criteria_set(programme, set_pk)
    if request.method != "POST":
        return _edit_page(request, municipality, programme, criteria_set)
    form = CriteriaSetForm(request.POST, programme=programme)
    if save_with(
        form,
        lambda data: services.criteria_set_update(
            criteria_set=criteria_set, by=request.user, **data
        ),
    ):
        messages.success(request, _("Kriteriesettet er lagret."))
        return redirect("portfolio:criteria_set_edit", municipality.code, programme.pk, set_pk)
    criteria_set.refresh_from_db()
    return _edit_page(request, municipality, programme, criteria_set, set_form=form, status=400)


@require_POST
@municipality_view(can_manage_portfolio)
def criteria_set_remove(
    request: HttpRequest, municipality: Municipality, pk: int, set_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    criteria_set = _criteria_set(programme, set_pk)
    try:
        services.criteria_set_remove(criteria_set=criteria_set, by=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("portfolio:criteria_set_edit", municipality.code, programme.pk, set_pk)
    messages.success(request, _("Kriteriesettet «%(name)s» er fjernet.") % {"name": criteria_set})
    return redirect("portfolio:criteria_set_list", municipality.code, programme.pk)


@require_POST
@municipality_view(can_manage_portfolio)
def criterion_group_add(
    request: HttpRequest, municipality: Municipality, pk: int, set_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    criteria_set = _criteria_set(programme, set_pk)
    form = CriterionGroupForm(request.POST, programme=programme)
    created = save_with(
        form,
        lambda data: services.criterion_group_create(
            criteria_set=criteria_set, by=request.user, **data
        ),
    )
    if created is None:
        return _edit_page(
            request, municipality, programme, criteria_set, group_form=form, status=400
        )
    messages.success(request, _("Gruppen «%(name)s» er lagt til.") % {"name": created})
    return redirect("portfolio:criteria_set_edit", municipality.code, programme.pk, set_pk)


@municipality_view(can_manage_portfolio)
def criterion_group_edit(
    request: HttpRequest, municipality: Municipality, pk: int, set_pk: int, group_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    criteria_set = _criteria_set(programme, set_pk)
    group = _group(criteria_set, group_pk)
    status = 200
    if request.method == "POST":
        form = CriterionGroupForm(request.POST, programme=programme)
        if save_with(
            form, lambda data: services.criterion_group_update(group=group, by=request.user, **data)
        ):
            messages.success(request, _("Gruppen er lagret."))
            return redirect("portfolio:criteria_set_edit", municipality.code, programme.pk, set_pk)
        status = 400
    else:
        form = CriterionGroupForm(
            programme=programme,
            initial={
                "name": group.name,
                "sub_programme": group.sub_programme_id,
                "position": group.position,
            },
        )
    return render(
        request,
        "portfolio/criteria/criterion_group_edit.html",
        _base(
            municipality,
            programme,
            criteria_set=criteria_set,
            group=group,
            form=form,
            criteria=group.criteria.count(),
            scores=group.criteria.filter(scores__isnull=False).count(),
        ),
        status=status,
    )


@require_POST
@municipality_view(can_manage_portfolio)
def criterion_group_remove(
    request: HttpRequest, municipality: Municipality, pk: int, set_pk: int, group_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    criteria_set = _criteria_set(programme, set_pk)
    group = _group(criteria_set, group_pk)
    services.criterion_group_remove(group=group, by=request.user)
    messages.success(request, _("Gruppen «%(name)s» er fjernet.") % {"name": group})
    return redirect("portfolio:criteria_set_edit", municipality.code, programme.pk, set_pk)


@require_POST
@municipality_view(can_manage_portfolio)
def criterion_add(
    request: HttpRequest, municipality: Municipality, pk: int, set_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    criteria_set = _criteria_set(programme, set_pk)
    form = CriterionForm(request.POST, criteria_set=criteria_set)
    created = save_with(form, lambda data: services.criterion_create(by=request.user, **data))
    if created is None:
        return _edit_page(
            request, municipality, programme, criteria_set, criterion_form=form, status=400
        )
    messages.success(request, _("Kriteriet er lagt til."))
    return redirect("portfolio:criteria_set_edit", municipality.code, programme.pk, set_pk)


@municipality_view(can_manage_portfolio)
def criterion_edit(
    request: HttpRequest, municipality: Municipality, pk: int, set_pk: int, criterion_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    criteria_set = _criteria_set(programme, set_pk)
    criterion = _criterion(criteria_set, criterion_pk)
    status = 200
    if request.method == "POST":
        form = CriterionForm(request.POST, criteria_set=criteria_set)
        if save_with(
            form,
            lambda data: services.criterion_update(criterion=criterion, by=request.user, **data),
        ):
            messages.success(request, _("Kriteriet er lagret."))
            return redirect("portfolio:criteria_set_edit", municipality.code, programme.pk, set_pk)
        criterion.refresh_from_db()
        status = 400
    else:
        form = CriterionForm(
            criteria_set=criteria_set,
            initial={
                "group": criterion.group_id,
                "text": criterion.text,
                "scale": criterion.scale,
                "weight": round(criterion.weight, 6),
                "position": criterion.position,
            },
        )
    return render(
        request,
        "portfolio/criteria/criterion_edit.html",
        _base(
            municipality,
            programme,
            criteria_set=criteria_set,
            criterion=criterion,
            form=form,
            scores=criterion.scores.count() + criterion.agreed_scores.count(),
        ),
        status=status,
    )


@require_POST
@municipality_view(can_manage_portfolio)
def criterion_remove(
    request: HttpRequest, municipality: Municipality, pk: int, set_pk: int, criterion_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    criteria_set = _criteria_set(programme, set_pk)
    criterion = _criterion(criteria_set, criterion_pk)
    services.criterion_remove(criterion=criterion, by=request.user)
    messages.success(request, _("Kriteriet er fjernet."))
    return redirect("portfolio:criteria_set_edit", municipality.code, programme.pk, set_pk)


# --- weights and pairwise comparison ------------------------------------------------------------


@municipality_view(can_manage_portfolio)
def criteria_weights(
    request: HttpRequest, municipality: Municipality, pk: int, set_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    criteria_set = _criteria_set(programme, set_pk)
    structure = selectors.structure_of(criteria_set)
    groups = tuple((group.group, group.weight) for group in structure.groups if group.criteria)
    criteria_form = WeightsForm(prefix="criteria", criteria=structure.criteria)
    groups_form = WeightsForm(prefix="groups", groups=groups)
    status = 200
    if request.method == "POST":
        which = request.POST.get("which")
        if which == "groups":
            groups_form = WeightsForm(request.POST, prefix="groups", groups=groups)
            saved = save_with(
                groups_form,
                lambda _data: (
                    services.criterion_group_weights_set(
                        criteria_set=criteria_set,
                        weights=groups_form.weights("group_"),
                        by=request.user,
                    )
                    or True
                ),
            )
        else:
            criteria_form = WeightsForm(
                request.POST, prefix="criteria", criteria=structure.criteria
            )
            saved = save_with(
                criteria_form,
                lambda _data: (
                    services.criteria_weights_set(
                        criteria_set=criteria_set,
                        weights=criteria_form.weights("weight_"),
                        by=request.user,
                    )
                    or True
                ),
            )
        if saved:
            messages.success(request, _("Vektene er lagret."))
            return redirect("portfolio:criteria_weights", municipality.code, programme.pk, set_pk)
        status = 400
    return render(
        request,
        "portfolio/criteria/criteria_weights.html",
        _base(
            municipality,
            programme,
            criteria_set=criteria_set,
            structure=structure,
            criteria_form=criteria_form,
            groups_form=groups_form,
            criteria_rows=[
                (item, [criteria_form[f"weight_{criterion.pk}"] for criterion in item.criteria])
                for item in structure.groups
                if item.criteria
            ],
        ),
        status=status,
    )


def _cr_message(result: ahp.AhpResult) -> tuple[str, bool]:
    if result.consistency_ratio is None:
        return _("CR kan ikke beregnes for mer enn 15 elementer."), False
    text = _("Konsistensforhold (CR): %(cr)s.") % {"cr": f"{result.consistency_ratio:.3f}"}
    return text, not result.is_acceptable


@municipality_view(can_manage_portfolio)
def criteria_pairwise(
    request: HttpRequest, municipality: Municipality, pk: int, set_pk: int, group_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    criteria_set = _criteria_set(programme, set_pk)
    group = _group(criteria_set, group_pk)
    structure = selectors.structure_of(criteria_set)
    current = next(item for item in structure.groups if item.group.pk == group.pk)
    items = tuple((criterion.pk, criterion.text) for criterion in current.criteria)
    form = PairwiseForm(request.POST or None, items=items, initial_values=current.comparisons)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.pairwise_comparisons_set(
                    group=group, comparisons=form.comparisons(), by=request.user
                )
                results = services.criteria_set_apply_pairwise(
                    criteria_set=criteria_set, group=group, by=request.user
                )
            except ValidationError as refused:
                add_refusal(form, refused)
            else:
                text, warn = _cr_message(results[group.pk])
                messages.success(
                    request, _("Vektene i «%(group)s» er avledet.") % {"group": group} + " " + text
                )
                if warn:
                    messages.warning(request, _warning_text())
                return redirect(
                    "portfolio:criteria_pairwise", municipality.code, programme.pk, set_pk, group_pk
                )
    return render(
        request,
        "portfolio/criteria/criteria_pairwise.html",
        _base(
            municipality,
            programme,
            criteria_set=criteria_set,
            group=group,
            form=form,
            analysis=current.analysis,
            weights=[
                (criterion, criterion.weight, local)
                for criterion, local in zip(
                    current.criteria,
                    current.analysis.weights if current.analysis else (),
                    strict=False,
                )
            ],
            group_weight=current.weight,
            limit=ahp.CONSISTENCY_LIMIT,
            stored=bool(current.comparisons),
        ),
        status=status,
    )


def _warning_text() -> str:
    return _(
        "CR er over 0,10: sammenligningene motsier hverandre for mye til at vektene er til å "
        "stole på. Se over parene og juster dem."
    )


@municipality_view(can_manage_portfolio)
def criteria_group_pairwise(
    request: HttpRequest, municipality: Municipality, pk: int, set_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    criteria_set = _criteria_set(programme, set_pk)
    structure = selectors.structure_of(criteria_set)
    groups = [group for group in structure.groups if group.criteria]
    items = tuple((group.group.pk, group.group.name) for group in groups)
    implied = ahp.implied_comparisons(
        [group.group.pk for group in groups], {group.group.pk: group.weight for group in groups}
    )
    form = PairwiseForm(
        request.POST or None,
        items=items,
        initial_values={pair: float(value) for pair, value in implied.items()},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                result = services.criterion_groups_apply_pairwise(
                    criteria_set=criteria_set, comparisons=form.comparisons(), by=request.user
                )
            except ValidationError as refused:
                add_refusal(form, refused)
            else:
                text, warn = _cr_message(result)
                messages.success(request, _("Gruppevektene er avledet.") + " " + text)
                if warn:
                    messages.warning(request, _warning_text())
                return redirect(
                    "portfolio:criteria_weights", municipality.code, programme.pk, set_pk
                )
    return render(
        request,
        "portfolio/criteria/criteria_group_pairwise.html",
        _base(
            municipality,
            programme,
            criteria_set=criteria_set,
            form=form,
            groups=groups,
            total_weight=structure.total_weight,
        ),
        status=status,
    )


SET = "programmes/<int:pk>/criteria/<int:set_pk>/"

urlpatterns: list[URLPattern] = [
    path("programmes/<int:pk>/criteria/", criteria_set_list, name="criteria_set_list"),
    path("programmes/<int:pk>/criteria/add/", criteria_set_create, name="criteria_set_create"),
    path(SET, matrix, name="matrix"),
    path(SET + "scores/", matrix_save, name="matrix_save"),
    path(SET + "export/", matrix_export, name="matrix_export"),
    path(SET + "import/", matrix_import, name="matrix_import"),
    path(SET + "edit/", criteria_set_edit, name="criteria_set_edit"),
    path(SET + "remove/", criteria_set_remove, name="criteria_set_remove"),
    path(SET + "groups/add/", criterion_group_add, name="criterion_group_add"),
    path(SET + "groups/<int:group_pk>/", criterion_group_edit, name="criterion_group_edit"),
    path(
        SET + "groups/<int:group_pk>/remove/",
        criterion_group_remove,
        name="criterion_group_remove",
    ),
    path(SET + "groups/<int:group_pk>/pairwise/", criteria_pairwise, name="criteria_pairwise"),
    path(SET + "criterion/add/", criterion_add, name="criterion_add"),
    path(SET + "criterion/<int:criterion_pk>/", criterion_edit, name="criterion_edit"),
    path(SET + "criterion/<int:criterion_pk>/remove/", criterion_remove, name="criterion_remove"),
    path(SET + "weights/", criteria_weights, name="criteria_weights"),
    path(SET + "pairwise/", criteria_group_pairwise, name="criteria_group_pairwise"),
]
