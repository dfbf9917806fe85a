"""Money pages: the year's overview (granted, allocated, spent, remaining and forecast per
source, sub-programme and measure), the funding sources with their amounts per year, earmarks
and reporting duties, the allocations with closing and reopening a year, a measure's forecast,
and the cost per full-time equivalent.

Readers: `can_view_finance` (a coordinator sees their own sub-programmes and measures, no
sources); writers: `can_manage_finance`, `can_enter_forecast`, `can_set_staff_costs`. The
services check their own permission as well.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omrade.common.audit import audit_entries_for
from omrade.common.views import save_with
from omrade.finance import selectors
from omrade.finance.charts import month_labels, spending_chart
from omrade.finance.forms import (
    AllocationForm,
    AmountForm,
    DutyForm,
    EarmarkForm,
    ForecastForm,
    ReopenForm,
    SourceForm,
    StaffCostForm,
)
from omrade.finance.models import Allocation, ClosedYear, FundingSource, ReportingDuty, StaffCost
from omrade.finance.permissions import (
    can_enter_forecast,
    can_manage_finance,
    can_set_staff_costs,
    can_view_all_finance,
    can_view_finance,
    coordinated_sub_programmes,
)
from omrade.finance.services import budgets as budget_services
from omrade.finance.services import sources as source_services
from omrade.portfolio.models import Measure
from omrade.programmes.models import Programme
from omrade.tenancy.access import get_in_municipality, municipality_view
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser


def _programme(request: HttpRequest, municipality: Municipality, pk: int) -> Programme:
    """The municipality's programme (404 otherwise) whose money the user may read (403)."""
    programme = get_in_municipality(Programme, municipality, pk=pk)
    if not can_view_finance(request.user, programme):
        raise PermissionDenied
    return programme


def _all_readable(request: HttpRequest, municipality: Municipality, pk: int) -> Programme:
    """A programme whose every source the user may read (not a coordinator's share)."""
    programme = get_in_municipality(Programme, municipality, pk=pk)
    if not can_view_all_finance(request.user, programme):
        raise PermissionDenied
    return programme


def _manager(request: HttpRequest, programme: Programme) -> None:
    if not can_manage_finance(request.user, programme):
        raise PermissionDenied


def _base(municipality: Municipality, programme: Programme, subtab: str) -> dict[str, Any]:
    return {"municipality": municipality, "programme": programme, "subtab": subtab}


# --- the overview ---------------------------------------------------------------------------


@municipality_view()
def overview(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    """How much of each source's money for the year is allocated and spent, on what, and
    what is left."""
    programme = _programme(request, municipality, pk)
    user = request.user
    everything = can_view_all_finance(user, programme)
    own = None if everything else coordinated_sub_programmes(user, programme)
    choice = selectors.finance_year_choice(programme, request.GET)
    year = choice.year
    finance = selectors.finance_year(programme, year, sub_programmes=own)
    if own is None:
        months = selectors.monthly_spending(programme, year)
        history = selectors.allocation_history(programme, year)
        in_kind = finance.in_kind
        duties = selectors.duties_due(programme)
    else:
        own_ids = {sub.pk for sub in own}
        months = selectors.monthly_spending(
            programme, year, measures=[row.measure for row in finance.measures]
        )
        history = [
            change
            for change in selectors.allocation_history(programme, year)
            if (change.allocation.measure or change.allocation).sub_programme_id in own_ids
        ]
        in_kind = selectors.InKind(
            [line for line in finance.in_kind.lines if line.measure.sub_programme_id in own_ids]
        )
        duties = []
    return render(
        request,
        "finance/overview.html",
        {
            **_base(municipality, programme, "overview"),
            "year": year,
            "year_choice": choice,
            "finance": finance,
            "everything": everything,
            "own": own,
            "totals": finance.totals,
            "in_kind": in_kind,
            "months": list(zip(month_labels(), months, strict=True)),
            "chart": spending_chart(months, year=year, as_of=finance.as_of),
            "history": history,
            "duties": duties,
            "today": timezone.localdate(),
            "may_manage": can_manage_finance(user, programme),
            "may_set_staff_costs": can_set_staff_costs(user, municipality),
        },
        status=choice.status,
    )


# --- funding sources ------------------------------------------------------------------------


def _source(programme: Programme, source_pk: int) -> FundingSource:
    source = (
        FundingSource.objects.select_related("agreement", "programme__municipality")
        .filter(programme=programme, pk=source_pk)
        .first()
    )
    if source is None:
        raise Http404
    return source


@municipality_view()
def source_list(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = _all_readable(request, municipality, pk)
    rows = []
    for source in selectors.sources_of(programme):
        latest: dict[int, Any] = {}
        for amount in source.amounts.all():  # oldest version first: the newest wins
            latest[amount.year] = amount
        rows.append((source, [latest[year] for year in sorted(latest)]))
    return render(
        request,
        "finance/source_list.html",
        {
            **_base(municipality, programme, "sources"),
            "rows": rows,
            "may_manage": can_manage_finance(request.user, programme),
        },
    )


def _source_form_page(
    request: HttpRequest,
    municipality: Municipality,
    programme: Programme,
    form: SourceForm,
    write: Callable[[dict[str, Any]], FundingSource],
    heading: str,
    back_url: str,
) -> HttpResponse:
    if request.method == "POST":
        source = save_with(form, write)
        if source is not None:
            messages.success(request, _("«%(name)s» er lagret.") % {"name": source})
            return redirect("finance:source_detail", municipality.code, programme.pk, source.pk)
    return render(
        request,
        "finance/source_form.html",
        {
            **_base(municipality, programme, "sources"),
            "form": form,
            "heading": heading,
            "back_url": back_url,
        },
        status=400 if form.is_bound else 200,
    )


@municipality_view()
def source_create(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    _manager(request, programme)
    unsaved = FundingSource(programme=programme, municipality=municipality)
    form = SourceForm(request.POST or None, programme=programme, instance=unsaved)

    def write(data: dict[str, Any]) -> FundingSource:
        return source_services.source_create(by=request.user, programme=programme, **data)

    return _source_form_page(
        request,
        municipality,
        programme,
        form,
        write,
        _("Ny finansieringskilde"),
        reverse("finance:source_list", args=[municipality.code, programme.pk]),
    )


@municipality_view()
def source_edit(
    request: HttpRequest, municipality: Municipality, pk: int, source_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    _manager(request, programme)
    source = _source(programme, source_pk)
    form = SourceForm(request.POST or None, programme=programme, instance=source)
    # The form must not change the instance the service compares with: give it a copy.
    form.instance = FundingSource.objects.get(pk=source.pk)

    def write(data: dict[str, Any]) -> FundingSource:
        return source_services.source_update(by=request.user, source=source, **data)

    return _source_form_page(
        request,
        municipality,
        programme,
        form,
        write,
        _("Endre «%(name)s»") % {"name": source},
        reverse("finance:source_detail", args=[municipality.code, programme.pk, source.pk]),
    )


def _source_forms(request: HttpRequest, programme: Programme) -> dict[str, BaseForm]:
    posted = request.POST.get("action") if request.method == "POST" else None

    def bound(action: str) -> Any:
        return request.POST if posted == action else None

    return {
        "amount": AmountForm(bound("amount"), programme=programme, prefix="amount"),
        "earmark": EarmarkForm(bound("earmark"), programme=programme, prefix="earmark"),
        "duty": DutyForm(bound("duty"), prefix="duty"),
    }


def _duty_done(request: HttpRequest, source: FundingSource, done_on: date | None) -> None:
    try:
        duty = source.duties.get(pk=int(request.POST.get("object", "")))
    except (ValueError, ReportingDuty.DoesNotExist) as missing:
        raise Http404 from missing
    source_services.duty_done(by=request.user, duty=duty, done_on=done_on)


@municipality_view()
def source_detail(
    request: HttpRequest, municipality: Municipality, pk: int, source_pk: int
) -> HttpResponse:
    programme = _all_readable(request, municipality, pk)
    source = _source(programme, source_pk)
    may_manage = can_manage_finance(request.user, programme)
    forms = _source_forms(request, programme)
    if request.method == "POST":
        _manager(request, programme)
        action = request.POST.get("action", "")
        by = request.user
        if action in ("duty_done", "duty_undone"):
            _duty_done(request, source, timezone.localdate() if action == "duty_done" else None)
            messages.success(request, _("Endringen er lagret."))
            return redirect("finance:source_detail", municipality.code, programme.pk, source.pk)
        writes: dict[str, Callable[[dict[str, Any]], object]] = {
            "amount": lambda data: source_services.source_amount_set(by=by, source=source, **data),
            "earmark": lambda data: source_services.earmark_set(by=by, source=source, **data),
            "duty": lambda data: source_services.duty_add(by=by, source=source, **data),
        }
        if action not in writes:
            raise Http404
        if save_with(forms[action], writes[action]) is not None:
            messages.success(request, _("Endringen er lagret."))
            return redirect("finance:source_detail", municipality.code, programme.pk, source.pk)
    amounts: dict[int, list[Any]] = defaultdict(list)
    for amount in source.amounts.select_related("decision", "created_by").order_by(
        "year", "-version"
    ):
        amounts[amount.year].append(amount)
    return render(
        request,
        "finance/source_detail.html",
        {
            **_base(municipality, programme, "sources"),
            "source": source,
            "amounts": sorted(amounts.items()),
            "earmarks": source.earmarks.select_related("sub_programme"),
            "duties": source.duties.all(),
            "history": audit_entries_for(source),
            "may_manage": may_manage,
            "today": timezone.localdate(),
            **({f"{name}_form": form for name, form in forms.items()} if may_manage else {}),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- allocations and closing a year ---------------------------------------------------------


@municipality_view()
def allocations(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = _all_readable(request, municipality, pk)
    may_manage = can_manage_finance(request.user, programme)
    choice = selectors.finance_year_choice(programme, request.GET)
    year = choice.year
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = AllocationForm(
        request.POST if action == "allocate" else None, programme=programme, prefix="allocation"
    )
    reopen_form = ReopenForm(request.POST if action == "reopen" else None, prefix="reopen")
    if request.method == "POST":
        _manager(request, programme)
        by = request.user
        back = reverse("finance:allocations", args=[municipality.code, programme.pk])
        back = f"{back}?year={year}"
        if action == "allocate":
            saved = save_with(
                form,
                lambda data: budget_services.allocation_set(by=by, year=year, **data),
            )
            if saved is not None:
                messages.success(request, _("Fordelingen er lagret."))
                return redirect(back)
        elif action == "close":
            if finance_closed(programme, year):
                messages.error(request, _("%(year)s er alt avsluttet.") % {"year": year})
                return redirect(back)
            try:
                budget_services.year_close(by=by, programme=programme, year=year)
            except ValidationError as refused:
                messages.error(request, " ".join(refused.messages))
            else:
                messages.success(request, _("%(year)s er avsluttet.") % {"year": year})
            return redirect(back)
        elif action == "reopen":

            def reopen(data: dict[str, Any]) -> bool:
                budget_services.year_reopen(by=by, programme=programme, year=year, **data)
                return True

            if save_with(reopen_form, reopen):
                messages.success(request, _("%(year)s er åpnet igjen.") % {"year": year})
                return redirect(back)
        else:
            raise Http404
    rows = (
        Allocation.objects.filter(source__programme=programme, year=year)
        .select_related("source", "measure", "sub_programme")
        .prefetch_related("changes__changed_by", "changes__decision")
        .order_by("source__code", "id")
    )
    by_source: dict[FundingSource, list[Allocation]] = defaultdict(list)
    for allocation in rows:
        by_source[allocation.source].append(allocation)
    finance = selectors.finance_year(programme, year)
    return render(
        request,
        "finance/allocations.html",
        {
            **_base(municipality, programme, "allocations"),
            "year": year,
            "year_choice": choice,
            "by_source": [(row, by_source.get(row.source, [])) for row in finance.sources],
            "finance": finance,
            "may_manage": may_manage,
            "form": form if may_manage else None,
            "reopen_form": reopen_form if may_manage else None,
        },
        status=400 if request.method == "POST" else choice.status,
    )


def finance_closed(programme: Programme, year: int) -> bool:
    return ClosedYear.objects.filter(programme=programme, year=year).exists()


# --- a measure's forecast -------------------------------------------------------------------


@require_POST
@municipality_view()
def forecast_set(
    request: HttpRequest, municipality: Municipality, pk: int, measure_pk: int
) -> HttpResponse:
    """The expected spending at the end of this year, from the measure's money section."""
    programme = get_in_municipality(Programme, municipality, pk=pk)
    measure = Measure.objects.filter(programme=programme, pk=measure_pk).first()
    if measure is None:
        raise Http404
    if not can_enter_forecast(request.user, measure):
        raise PermissionDenied
    form = ForecastForm(request.POST, prefix="forecast")
    year = timezone.localdate().year
    saved = save_with(
        form,
        lambda data: budget_services.forecast_set(
            by=request.user, measure=measure, year=year, **data
        ),
    )
    if saved is not None:
        messages.success(request, _("Prognosen for %(year)s er lagret.") % {"year": year})
    else:
        problems = [
            f"{form.fields[name].label if name in form.fields else _('Prognose')}: {error}"
            for name, errors in form.errors.items()
            for error in errors
        ]
        messages.error(
            request,
            _("Prognosen ble ikke lagret. %(problems)s") % {"problems": " ".join(problems)},
        )
    return redirect(f"{measure.get_absolute_url()}#money-heading")


# --- cost per full-time equivalent ----------------------------------------------------------


def _may_read_staff_costs(user: AnyUser, municipality: Municipality) -> bool:
    return can_set_staff_costs(user, municipality) or any(
        can_view_all_finance(user, programme)
        for programme in Programme.objects.in_municipality(municipality)
    )


@municipality_view()
def staff_costs(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """The cost per full-time equivalent per year, for the municipality and per unit: what
    values the in-kind staff time."""
    if not _may_read_staff_costs(request.user, municipality):
        raise PermissionDenied
    may_edit = can_set_staff_costs(request.user, municipality)
    form = StaffCostForm(request.POST or None, municipality=municipality)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        saved = save_with(
            form,
            lambda data: budget_services.staff_cost_set(
                by=request.user, municipality=municipality, **data
            ),
        )
        if saved is not None:
            messages.success(request, _("Kostnaden per årsverk er lagret."))
            return redirect("finance:staff_costs", municipality.code)
    rows = StaffCost.objects.in_municipality(municipality).select_related("unit")
    return render(
        request,
        "finance/staff_costs.html",
        {
            "municipality": municipality,
            "rows": rows.order_by("-year", "unit__name"),
            "form": form if may_edit else None,
            "programmes": [
                programme
                for programme in Programme.objects.in_municipality(municipality)
                if can_view_finance(request.user, programme)
            ],
        },
        status=400 if form.is_bound else 200,
    )


urlpatterns: list[URLPattern] = [
    path("programmes/<int:pk>/finance/", overview, name="overview"),
    path("programmes/<int:pk>/finance/sources/", source_list, name="source_list"),
    path("programmes/<int:pk>/finance/sources/new/", source_create, name="source_create"),
    path(
        "programmes/<int:pk>/finance/sources/<int:source_pk>/",
        source_detail,
        name="source_detail",
    ),
    path(
        "programmes/<int:pk>/finance/sources/<int:source_pk>/edit/",
        source_edit,
        name="source_edit",
    ),
    path("programmes/<int:pk>/finance/allocations/", allocations, name="allocations"),
    path(
        "programmes/<int:pk>/finance/measures/<int:measure_pk>/forecast/",
        forecast_set,
        name="forecast_set",
    ),
    path("finance/staff-costs/", staff_costs, name="staff_costs"),
]
