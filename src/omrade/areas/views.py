"""Pages for areas and living conditions: the map and table, profiles, comparison, the gap,
the indicator catalogue, index definitions, baselines and exports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omrade.areas import exports, selectors, services
from omrade.areas.charts import Line, line_chart
from omrade.areas.forms import (
    BaselineForm,
    IndexDefinitionForm,
    MapFilterForm,
    StatisticsImportForm,
)
from omrade.areas.models import Area, AreaLevel, Baseline, IndexDefinition, Indicator
from omrade.areas.periods import PeriodError
from omrade.areas.permissions import can_manage_areas, can_manage_statistics
from omrade.areas.readers import ReadError, read_statistics
from omrade.common.params import parse_id
from omrade.tenancy.access import get_in_municipality, municipality_view, public_municipality_view
from omrade.tenancy.models import Municipality
from omrade.tenancy.tiles import map_background

MAX_COMPARED = 4


def _chosen_level(request: HttpRequest, municipality: Municipality) -> AreaLevel | None:
    levels = selectors.levels_in(municipality).filter(areas__isnull=False).distinct()
    chosen = levels.filter(code=request.GET.get("level", "")).first()
    # By default the level below the whole municipality with the most detail that has data.
    return chosen or levels.filter(depth__gt=0).order_by("depth").first() or levels.first()


def _map_for(request: HttpRequest, municipality: Municipality) -> tuple[Any, Any]:
    level = _chosen_level(request, municipality)
    if level is None:
        return None, None
    form = MapFilterForm(request.GET or None, municipality=municipality, level=level)
    show = form.data.get("show") or selectors.INDEX_CHOICE
    if form.is_bound and not form.is_valid():
        show = selectors.INDEX_CHOICE
    thematic = selectors.thematic_map(
        municipality=municipality,
        level=level,
        show=show,
        period_code=form.data.get("period"),
        viewer=request.user,
    )
    return form, thematic


@public_municipality_view
def area_map(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form, thematic = _map_for(request, municipality)
    return render(
        request,
        "areas/map.html",
        {
            "municipality": municipality,
            "form": form,
            "map": thematic,
            "features": thematic.features() if thematic else None,
            "query": request.GET.urlencode(),
            **map_background(request, municipality),
        },
    )


@public_municipality_view
def area_export(request: HttpRequest, municipality: Municipality, file_format: str) -> HttpResponse:
    _form, thematic = _map_for(request, municipality)
    if thematic is None:
        raise Http404
    return exports.thematic_map_response(thematic, municipality, file_format)


@public_municipality_view
def area_detail(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    area = get_in_municipality(Area, municipality, pk=pk)
    profile = selectors.area_profile(area=area, viewer=request.user)
    trends = [
        (
            row,
            line_chart(
                periods=row.periods,
                lines=[
                    Line(area.name, row.area_values),
                    Line(_("Kommunen"), row.municipality_values),
                ],
                summary=_("Utvikling i %(indicator)s for %(area)s og kommunen")
                % {"indicator": row.indicator.name, "area": area.name},
            ),
        )
        for row in profile.indicators
    ]
    return render(
        request,
        "areas/area_detail.html",
        {
            "municipality": municipality,
            "area": area,
            "profile": profile,
            "trends": trends,
            "udsat": selectors.udsat_assessment(area=area, viewer=request.user)
            if selectors.shows_udsat_criteria(municipality)
            else None,
            "can_manage": can_manage_areas(request.user, municipality),
        },
    )


@require_POST
@municipality_view(can_manage_areas)
def area_initiative(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    area = get_in_municipality(Area, municipality, pk=pk)
    services.area_set_initiative(
        by=request.user, area=area, has_initiative=request.POST.get("has_initiative") == "1"
    )
    messages.success(
        request,
        _("«%(name)s» er merket som område med satsing.") % {"name": area.name}
        if area.has_initiative
        else _("«%(name)s» er ikke lenger merket som område med satsing.") % {"name": area.name},
    )
    return redirect("areas:area_detail", municipality.code, area.pk)


@public_municipality_view
def area_compare(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    ids = [found for value in request.GET.getlist("area") if (found := parse_id(value))]
    ids = ids[:MAX_COMPARED]
    areas = list(
        selectors.areas_in(municipality).filter(pk__in=ids).order_by("level__depth", "code")
    )
    comparison = selectors.area_comparison(areas=areas, viewer=request.user) if areas else None
    return render(
        request,
        "areas/compare.html",
        {
            "municipality": municipality,
            "areas": areas,
            "comparison": comparison,
            "choices": selectors.areas_in(municipality).order_by("level__depth", "name"),
            "max_compared": MAX_COMPARED,
            "too_many": len(request.GET.getlist("area")) > MAX_COMPARED,
        },
    )


@public_municipality_view
def gap(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    level = _chosen_level(request, municipality)
    indicators = (
        selectors.indicators_with_data(municipality, level) if level else Indicator.objects.none()
    )
    indicator = None
    if level is not None:
        indicator = indicators.filter(code=request.GET.get("indicator", "")).first() or (
            indicators.first()
        )
    series = chart = None
    if level is not None and indicator is not None:
        series = selectors.gap_series(
            municipality=municipality, level=level, indicator=indicator, viewer=request.user
        )
        chart = line_chart(
            periods=[point.period_code for point in series.points],
            lines=[
                Line(_("Områder med satsing"), [p.initiative_mean for p in series.points]),
                Line(_("Andre områder"), [p.others_mean for p in series.points]),
                Line(_("Kommunen"), [p.municipality_value for p in series.points]),
            ],
            summary=_("Forskjellen mellom områdene med satsing og resten, %(indicator)s")
            % {"indicator": indicator.name},
        )
    return render(
        request,
        "areas/gap.html",
        {
            "municipality": municipality,
            "levels": selectors.levels_in(municipality).filter(areas__isnull=False).distinct(),
            "level": level,
            "indicators": indicators,
            "indicator": indicator,
            "series": series,
            "chart": chart,
        },
    )


@public_municipality_view
def indicator_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    return render(
        request,
        "areas/indicator_list.html",
        {
            "municipality": municipality,
            "indicators": selectors.indicators_visible_in(municipality).filter(
                country__in=["", municipality.country]
            ),
        },
    )


def _statistics_list(
    request: HttpRequest,
    municipality: Municipality,
    *,
    form_class: type[IndexDefinitionForm | BaselineForm],
    save: Callable[[dict[str, Any]], IndexDefinition | Baseline],
    saved_url: Callable[[IndexDefinition | Baseline], str],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """A list of statistics settings with a form to add one for whoever may manage statistics
    (a POST from anyone else is refused); `save` gets the form's service arguments."""
    form = None
    if can_manage_statistics(request.user, municipality):
        form = form_class(request.POST or None, municipality=municipality)
    elif request.method == "POST":
        raise PermissionDenied
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            saved = save(form.service_arguments())
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("«%(name)s» er lagret.") % {"name": saved.name})
            return redirect(saved_url(saved))
    return render(
        request,
        template,
        {"municipality": municipality, **context, "form": form},
        status=400 if form is not None and form.is_bound else 200,
    )


@municipality_view()
def index_definition_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    return _statistics_list(
        request,
        municipality,
        form_class=IndexDefinitionForm,
        save=lambda arguments: services.index_definition_save(
            by=request.user, municipality=municipality, **arguments
        ),
        saved_url=lambda _definition: request.path,
        template="areas/index_definition_list.html",
        context={"definitions": selectors.index_definitions_in(municipality)},
    )


@municipality_view()
def baseline_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    return _statistics_list(
        request,
        municipality,
        form_class=BaselineForm,
        save=lambda arguments: services.baseline_create(
            municipality=municipality, by=request.user, **arguments
        ),
        saved_url=lambda baseline: reverse(
            "areas:baseline_detail", args=[municipality.code, baseline.pk]
        ),
        template="areas/baseline_list.html",
        context={"baselines": selectors.baselines_in(municipality)},
    )


@municipality_view()
def baseline_detail(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    baseline = get_in_municipality(Baseline, municipality, pk=pk)
    return render(
        request,
        "areas/baseline_detail.html",
        {
            "municipality": municipality,
            "baseline": baseline,
            "table": selectors.baseline_table(baseline=baseline, viewer=request.user),
        },
    )


@municipality_view(can_manage_statistics)
def statistics_import(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Upload a statistics file (the page's version of `omrade import-stats`)."""
    form = StatisticsImportForm(
        request.POST or None, request.FILES or None, municipality=municipality
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_statistics(upload.read(), file_label=upload.name, options=form.options())
            report = services.statistics_import(
                by=request.user,
                level=form.cleaned_data["level"],
                rows=rows,
                source=upload.name,
                skip_unknown_areas=form.cleaned_data["skip_unknown_areas"],
                synthetic=form.cleaned_data["synthetic"],
            )
        except (ReadError, PeriodError) as error:
            form.add_error(None, str(error))
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(
                request,
                _("%(file)s: %(count)s verdier lagret for %(indicators)s (%(periods)s).")
                % {
                    "file": upload.name,
                    "count": report.written,
                    "indicators": ", ".join(report.indicators),
                    "periods": ", ".join(report.periods),
                },
            )
            if report.skipped_unknown_areas:
                messages.warning(
                    request,
                    _("Hoppet over %(count)s ukjente områdekoder: %(codes)s")
                    % {
                        "count": len(report.skipped_unknown_areas),
                        "codes": ", ".join(report.skipped_unknown_areas[:20]),
                    },
                )
            return redirect(request.path)
    return render(
        request,
        "areas/statistics_import.html",
        {"municipality": municipality, "form": form},
        status=400 if form.is_bound else 200,
    )
