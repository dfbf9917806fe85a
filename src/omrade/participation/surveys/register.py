"""The input register's providers for survey answers (`core/register.py`): free-text answers
(`survey_answer`) and map answers (`survey_map_answer`) of submitted responses, coded in the
register like every other kind (by kind and the answer's id).

What a resident is never shown as: the respondent's name or e-mail address (identified
surveys) never reach the register, and neither answers are ever public (free text and single
map answers are left out of published results). Small numbers: the answers of a survey with
fewer than `MIN_PUBLIC` (5) submitted responses are listed only to the staff who run
participation, as a handful of answers can point to who gave them. Children's map
registrations are not survey answers and stay out of the register.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from omrade.participation.core.permissions import can_run_participation
from omrade.participation.core.register import (
    InputItem,
    RegisterFilters,
    excerpt,
    narrowed,
    register_provider,
)
from omrade.participation.surveys.models import Answer, GeometryKind, QuestionKind, Survey
from omrade.participation.surveys.selectors import MIN_PUBLIC
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser


def _answers(
    municipality: Municipality, user: AnyUser, filters: RegisterFilters, kind: str
) -> QuerySet[Answer]:
    surveys = Survey.objects.in_municipality(municipality)
    if not can_run_participation(user, municipality):
        surveys = surveys.annotate(
            submitted=Count("responses", filter=Q(responses__submitted_at__isnull=False))
        ).filter(submitted__gte=MIN_PUBLIC)
    answers = Answer.objects.filter(
        response__survey__in=surveys.values("pk"),
        response__submitted_at__isnull=False,
        question__kind=kind,
    ).select_related("response__survey__municipality", "question", "place_area")
    if kind == QuestionKind.TEXT:
        answers = answers.exclude(text="")
    return narrowed(answers, filters, day="response__submitted_at__date")


def _item(answer: Answer, kind: str, said: str) -> InputItem:
    response = answer.response
    survey = response.survey
    language = response.language or survey.default_language
    area = answer.place_area
    return InputItem(
        kind=kind,
        id=answer.pk,
        date=timezone.localtime(response.submitted_at).date(),
        text=excerpt(f"{survey.title_in(language)} – {answer.question.text_in(language)}: {said}"),
        url=reverse(
            "participation:survey_results",
            kwargs={"municipality_code": survey.municipality.code, "pk": survey.pk},
        ),
        area=area.name if area is not None else None,
        area_id=area.pk if area is not None else None,
        public=False,
    )


def text_answer_items(
    *, municipality: Municipality, user: AnyUser, filters: RegisterFilters
) -> Iterable[InputItem]:
    for answer in _answers(municipality, user, filters, QuestionKind.TEXT):
        yield _item(answer, "survey_answer", answer.text)


def map_answer_items(
    *, municipality: Municipality, user: AnyUser, filters: RegisterFilters
) -> Iterable[InputItem]:
    for answer in _answers(municipality, user, filters, QuestionKind.MAP):
        if answer.geometry:
            kind = answer.question.geometry_kind
            said = str(GeometryKind(kind).label) if kind in GeometryKind.values else ""
            if answer.place_text:
                said = f"{said} ({answer.place_text})" if said else answer.place_text
        elif answer.place_area is not None:
            said = answer.place_area.name
        else:
            said = answer.place_text
        if said:
            yield _item(answer, "survey_map_answer", said)


def register_providers() -> None:
    register_provider(
        "survey_answer", text_answer_items, label=gettext_lazy("Svar i spørreundersøkelse")
    )
    register_provider(
        "survey_map_answer", map_answer_items, label=gettext_lazy("Kartsvar i spørreundersøkelse")
    )
