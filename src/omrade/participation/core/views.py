"""Staff pages of the input register: themes, the register (the list, the counts per theme
or area over time, coding an item) and the log of privacy requests.

The register and the themes are read by everyone with a role (`can_view_participation`);
coding and the privacy log only by programme staff (`can_run_participation`), and the
register leaves interviews out for everyone else.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _

from omrade.common.views import save_posted, save_with
from omrade.participation.core import register, selectors, services
from omrade.participation.core.charts import counts_chart_svg
from omrade.participation.core.forms import CodingForm, CountsForm, RegisterFilterForm, ThemeForm
from omrade.participation.core.models import InputCoding
from omrade.participation.core.permissions import can_run_participation, can_view_participation
from omrade.tenancy.access import municipality_view
from omrade.tenancy.models import Municipality


@municipality_view(can_view_participation)
def theme_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    can_run = can_run_participation(request.user, municipality)
    form = ThemeForm(request.POST or None, municipality=municipality) if can_run else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        theme = save_with(
            form,
            lambda data: services.theme_create(
                by=request.user,
                municipality=municipality,
                name=data["name"],
                sub_programme=data["sub_programme"],
                position=data["position"],
            ),
        )
        if theme is not None:
            messages.success(request, _("Temaet «%(name)s» er lagt til.") % {"name": theme})
            return redirect("participation:theme_list", municipality_code=municipality.code)
    return render(
        request,
        "participation/ideas/themes.html",
        {"municipality": municipality, "themes": selectors.themes_of(municipality), "form": form},
        status=400 if form is not None and form.is_bound else 200,
    )


def _filter_form(
    request: HttpRequest, municipality: Municipality, form_class: type[RegisterFilterForm]
) -> RegisterFilterForm:
    return form_class(
        request.GET or None,
        municipality=municipality,
        kinds=register.kind_choices(request.user, municipality),
    )


@municipality_view(can_view_participation)
def input_register(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Every piece of input in one list, filtered through the query string."""
    form = _filter_form(request, municipality, RegisterFilterForm)
    return render(
        request,
        "participation/ideas/input_register.html",
        {
            "municipality": municipality,
            "form": form,
            "items": register.input_register(
                municipality=municipality, user=request.user, **form.register_kwargs()
            ),
            "can_run": can_run_participation(request.user, municipality),
        },
    )


@municipality_view(can_view_participation)
def input_counts(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """How much input per theme or area, per year or quarter: a table and a bar chart."""
    form = _filter_form(request, municipality, CountsForm)
    by = period = ""
    if form.is_valid():
        by, period = form.cleaned_data.get("by") or "", form.cleaned_data.get("period") or ""
    table = register.input_counts(
        municipality=municipality,
        user=request.user,
        by=by or "theme",
        period=period or "year",
        **form.register_kwargs(),
    )
    return render(
        request,
        "participation/ideas/input_counts.html",
        {
            "municipality": municipality,
            "form": form,
            "table": table,
            "chart": counts_chart_svg(table),
        },
    )


@municipality_view(can_run_participation)
def input_coding(
    request: HttpRequest, municipality: Municipality, kind: str, object_id: int
) -> HttpResponse:
    """Code one piece of input: themes, sub-programme, area, the goals and measures it shaped."""
    item = register.provider_item(
        municipality=municipality, user=request.user, kind=kind, object_id=object_id
    )
    if item is None:
        raise Http404
    coding = (
        InputCoding.objects.in_municipality(municipality)
        .filter(kind=kind, object_id=object_id)
        .first()
    )
    initial = (
        {
            "themes": list(coding.themes.all()),
            "sub_programme": coding.sub_programme,
            "area": coding.area,
            "goals": list(coding.goals.all()),
            "measures": list(coding.measures.all()),
            "note": coding.note,
        }
        if coding
        else {"area": item.area_id, "sub_programme": item.sub_programme_id}
    )
    form = CodingForm(request.POST or None, initial=initial, municipality=municipality)
    saved = save_posted(
        request,
        form,
        lambda data: services.input_code(
            municipality=municipality, kind=kind, object_id=object_id, by=request.user, **data
        ),
        lambda saved: _("Innspillet er kodet."),
    )
    if saved is not None:
        return redirect("participation:input_register", municipality_code=municipality.code)
    return render(
        request,
        "participation/ideas/coding.html",
        {"municipality": municipality, "item": item, "form": form},
        status=400 if form.is_bound else 200,
    )


@municipality_view(can_run_participation)
def privacy_log(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Residents' requests for export or deletion (masked addresses only)."""
    return render(
        request,
        "participation/ideas/privacy_log.html",
        {
            "municipality": municipality,
            "requests": selectors.privacy_requests_of(municipality),
            "now": timezone.now(),
        },
    )


urlpatterns: list[URLPattern] = [
    path("medvirkning/arbeid/temaer/", theme_list, name="theme_list"),
    path("medvirkning/arbeid/innspill/", input_register, name="input_register"),
    path("medvirkning/arbeid/innspill/tall/", input_counts, name="input_counts"),
    path(
        "medvirkning/arbeid/innspill/<str:kind>/<int:object_id>/koding/",
        input_coding,
        name="input_coding",
    ),
    path("medvirkning/arbeid/personvern/", privacy_log, name="privacy_log"),
]
