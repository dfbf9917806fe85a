"""What the survey pages share: the survey, page and question of a URL (in its
municipality), and the questions of a page with their answers and errors (answering and
assisted answers)."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404

from omrade.participation.surveys.forms import (
    raw_answers,
)
from omrade.participation.surveys.models import (
    Survey,
    SurveyPage,
    SurveyQuestion,
    translated,
)
from omrade.participation.surveys.services import answers as answering
from omrade.tenancy.access import get_in_municipality
from omrade.tenancy.models import Municipality


def staff_survey(municipality: Municipality, pk: int) -> Survey:
    return get_in_municipality(Survey, municipality, pk=pk)


def staff_page(survey: Survey, page_pk: int) -> SurveyPage:
    page = SurveyPage.objects.filter(survey=survey, pk=page_pk).select_related("survey").first()
    if page is None:
        raise Http404
    return page


def staff_question(survey: Survey, question_pk: int) -> SurveyQuestion:
    question = (
        SurveyQuestion.objects.filter(survey=survey, pk=question_pk)
        .select_related("page", "survey")
        .first()
    )
    if question is None:
        raise Http404
    return question


def question_views(
    survey: Survey,
    questions: list[SurveyQuestion],
    language: str,
    posted: Any,
    errors: dict[str, list[str]],
    stored: dict[int, answering.CleanAnswer] | None = None,
) -> list[dict[str, Any]]:
    """What the question template needs: texts in the language, options with their state
    (from what was posted, or what was stored), and the question's errors."""
    default = survey.default_language
    views = []
    raw = raw_answers(questions, posted) if posted is not None else {}
    for question in questions:
        current: dict[str, Any] = raw.get(question.pk, {})
        if posted is None and stored and question.pk in stored:
            answer = stored[question.pk]
            current = {
                "choices": answer.choices,
                "value": answer.number,
                "rows": answer.matrix,
                "text": answer.text,
                "geometry": answer.geometry,
                "place_area": answer.place_area_id,
                "place_text": answer.place_text,
            }
        chosen = [str(choice) for choice in current.get("choices") or []]
        scale = []
        if question.scale_min is not None and question.scale_max is not None:
            scale = list(range(question.scale_min, question.scale_max + 1))
        geometry = current.get("geometry")
        views.append(
            {
                "question": question,
                "field": f"q{question.pk}",
                "text": question.text_in(language),
                "help": question.help_in(language),
                "options": [
                    {
                        "id": str(option["id"]),
                        "text": translated(option["text"], language, default),
                        "checked": str(option["id"]) in chosen,
                        "rank": chosen.index(str(option["id"])) + 1
                        if str(option["id"]) in chosen
                        else None,
                    }
                    for option in question.options
                ],
                "positions": list(range(1, len(question.options) + 1)),
                "rows": [
                    {
                        "id": str(row["id"]),
                        "text": translated(row["text"], language, default),
                        "value": str((current.get("rows") or {}).get(str(row["id"]), "")),
                    }
                    for row in question.rows
                ],
                "scale": scale,
                "value": str(current.get("value") if current.get("value") is not None else ""),
                "min_label": translated(question.scale_min_label, language, default),
                "max_label": translated(question.scale_max_label, language, default),
                "text_value": current.get("text", ""),
                "geometry": json.dumps(geometry) if isinstance(geometry, dict) else "",
                "place_area": str(current.get("place_area") or ""),
                "place_text": current.get("place_text", ""),
                "errors": errors.get(f"q{question.pk}", []),
            }
        )
    return views


def error_list(
    questions: list[SurveyQuestion], errors: dict[str, list[str]]
) -> list[dict[str, str]]:
    listed = []
    by_field = {f"q{question.pk}": question for question in questions}
    for key, messages_ in errors.items():
        question = by_field.get(key)
        for message in messages_:
            listed.append(
                {
                    "anchor": f"{key}-legend" if question else "",
                    "label": question.text_in(question.survey.default_language) if question else "",
                    "message": message,
                }
            )
    return listed
