"""Staff pages: results with charts and hexagon maps, exports, assisted (paper) answers."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from omrade.participation.core.permissions import can_run_participation, can_view_participation
from omrade.participation.surveys import selectors
from omrade.participation.surveys.forms import (
    AssistedNoteForm,
    raw_answers,
)
from omrade.participation.surveys.models import (
    SurveyIdentity,
)
from omrade.participation.surveys.services import answers as answering
from omrade.participation.surveys.views.common import (
    error_list,
    question_views,
    staff_survey,
)
from omrade.tenancy.access import municipality_view
from omrade.tenancy.models import Municipality
from omrade.tenancy.tiles import map_background


@municipality_view(can_view_participation)
def survey_results(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    survey = staff_survey(municipality, pk)
    results = selectors.survey_results(survey, public=False)
    return render(
        request,
        "participation/surveys/results.html",
        {
            "municipality": municipality,
            "survey": survey,
            "results": results,
            "public": False,
            **map_background(request, municipality),
        },
    )


@municipality_view(can_view_participation)
def survey_export(
    request: HttpRequest, municipality: Municipality, pk: int, file_format: str
) -> HttpResponse:
    survey = staff_survey(municipality, pk)
    name = f"undersokelse-{survey.pk}"
    if file_format == "csv":
        response = HttpResponse(
            selectors.export_csv(survey), content_type="text/csv; charset=utf-8"
        )
    elif file_format == "xlsx":
        response = HttpResponse(
            selectors.export_xlsx(survey),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif file_format == "geojson":
        response = HttpResponse(
            json.dumps(selectors.export_geojson(survey), ensure_ascii=False),
            content_type="application/geo+json",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


@municipality_view(can_run_participation)
def survey_assisted(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    """Staff enter a paper answer or a conversation on a resident's behalf (recorded as such).
    Every question is on one page; conditional questions whose condition is not met are left
    out when saved."""
    survey = staff_survey(municipality, pk)
    questions = selectors.survey_questions(survey)
    note_form = AssistedNoteForm(request.POST or None)
    errors: dict[str, list[str]] = {}
    if request.method == "POST" and note_form.is_valid():
        try:
            answering.response_submit(
                survey=survey,
                answers=raw_answers(questions, request.POST),
                language=survey.default_language,
                name=request.POST.get("respondent_name", ""),
                email=request.POST.get("respondent_email", ""),
                assisted_by=request.user,
                assisted_note=note_form.cleaned_data["note"],
            )
        except ValidationError as refused:
            errors = refused.message_dict
        else:
            messages.success(request, _("Svaret er registrert på vegne av innbyggeren."))
            return redirect(
                reverse("participation:survey_assisted", args=[municipality.code, survey.pk])
            )
    return render(
        request,
        "participation/surveys/assisted.html",
        {
            "municipality": municipality,
            "survey": survey,
            "note_form": note_form,
            "questions": question_views(
                survey, questions, survey.default_language, request.POST if errors else None, errors
            ),
            "errors": error_list(questions, errors),
            "identified": survey.identity == SurveyIdentity.IDENTIFIED,
            "places": selectors.place_choices(survey),
            "map_areas": selectors.survey_map_areas(survey),
            **map_background(request, municipality),
        },
        status=400 if request.method == "POST" else 200,
    )
