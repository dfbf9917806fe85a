"""The surveys context's identified input for residents' privacy requests
(`core/privacy.py`): answers to identified surveys (until the survey's retention period
removes the address), exported with every answer in the language answered, and deleted.
Children's map sessions and anonymous surveys are never identified."""

from __future__ import annotations

import zipfile
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from omrade.participation.core.privacy import (
    PrivacyKind,
    audit_erasure,
)
from omrade.participation.surveys.models import Answer, Response, translated
from omrade.tenancy.models import Municipality


def _labels(items: list[dict[str, Any]], language: str, default: str) -> dict[str, str]:
    """Option or row id → its text in the answer's language."""
    return {str(item["id"]): translated(item.get("text"), language, default) for item in items}


def _export_answer(answer: Answer, language: str) -> dict[str, Any]:
    question = answer.question
    default = answer.response.survey.default_language
    options = _labels(question.options, language, default)
    rows = _labels(question.rows, language, default)
    return {
        "question": question.text_in(language),
        "choices": [options.get(str(choice), str(choice)) for choice in answer.choices],
        "number": answer.number,
        "matrix": {rows.get(str(row), str(row)): value for row, value in answer.matrix.items()},
        "text": answer.text,
        "geometry": answer.geometry,
        "place": answer.place_area.name if answer.place_area else answer.place_text,
    }


def _export_response(response: Response) -> dict[str, Any]:
    language = response.language or response.survey.default_language
    return {
        "id": response.pk,
        "survey": response.survey.title_in(language),
        "started_at": response.started_at.isoformat(),
        "submitted_at": response.submitted_at.isoformat() if response.submitted_at else None,
        "name": response.respondent_name,
        "email": response.respondent_email,
        "answers": [_export_answer(answer, language) for answer in response.answers.all()],
    }


def _export(responses: list[Response], archive: zipfile.ZipFile) -> list[dict[str, Any]]:
    return [_export_response(response) for response in responses]


def _delete(municipality: Municipality, responses: list[Response], now: datetime) -> None:
    for response in responses:
        audit_erasure(
            municipality,
            action="survey_response.deleted_on_request",
            obj=response.survey,
            summary=_("Et svar er slettet etter ønske fra innbyggeren."),
        )
        response.delete()


SURVEY_ANSWERS = PrivacyKind(
    key="survey_answers",
    rows=lambda municipality: (
        Response.objects.filter(survey__municipality=municipality)
        .select_related("survey")
        .prefetch_related("answers__question", "answers__place_area")
    ),
    email_field="respondent_email",
    export=_export,
    delete=_delete,
)
