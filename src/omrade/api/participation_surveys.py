"""API routes for participation: surveys and children's map registrations.

- GET  /api/surveys/{id}?lang=xx — an open survey's pages and questions in the language
  (falling back to the survey's default language). Public for open surveys; staff of the
  municipality also see drafts; otherwise 404.
- POST /api/surveys/{id}/responses — one complete anonymous answer (all answers at once) with
  the same checks as the pages: 201 with the response id; 400 naming the question; 403 closed
  or not resident; 409 token used or this browser (its cookie `omrade_nettleser`, set on
  the first answer) already answered; 429 over the address budget.
- GET  /api/surveys/{id}/results — staff of the municipality get everything; anyone else the
  public results (small numbers protected, no free text) if the survey published them; 404
  otherwise.
- POST /api/childmap-sessions/{code}/marks — a child's mark while the session is open (201).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from omrade.api.auth import PUBLIC, visible_or_404
from omrade.api.errors import ApiError, ErrorOut, errors_of
from omrade.common.params import Id, Score
from omrade.participation.core.abuse import (
    browser_hash,
    honeypot_filled,
    keyed_hash,
    over_budget,
    rate_limited,
    refusal_message,
    too_many_message,
)
from omrade.participation.core.permissions import can_view_participation
from omrade.participation.surveys import selectors
from omrade.participation.surveys.models import (
    GeometryKind,
    QuestionKind,
    ResidenceCheck,
    Survey,
    SurveyIdentity,
    SurveyQuestion,
    translated,
)
from omrade.participation.surveys.services import answers as answering
from omrade.participation.surveys.services import childmaps as childmap_services

router = Router(tags=["participation"])


# Anonymous writes: a resident's browser or app posts without an account and needs no CSRF
# token; a personal token still identifies a caller, and a signed-in browser session must send
# its CSRF token like on every other write.
ANONYMOUS_WRITE = PUBLIC

CHILD_MARKS_PER_SESSION_HOUR = 3000
CHILD_MARKS_PER_BROWSER_10_MINUTES = 60


class OptionOut(Schema):
    id: str
    text: str


class ConditionOut(Schema):
    question_id: int
    choices: list[str]


class QuestionOut(Schema):
    id: int
    kind: QuestionKind
    text: str
    help_text: str
    required: bool
    options: list[OptionOut]
    rows: list[OptionOut]
    scale_min: int | None
    scale_max: int | None
    scale_min_label: str
    scale_max_label: str
    geometry_kind: GeometryKind | Literal[""]
    max_vertices: int
    condition: ConditionOut | None


class PageOut(Schema):
    order: int
    title: str
    intro: str
    questions: list[QuestionOut]


class SurveyOut(Schema):
    id: int
    municipality: str
    language: str
    languages: list[str]
    default_language: str
    title: str
    intro: str
    identity: SurveyIdentity
    residence_check: ResidenceCheck
    invitation_only: bool
    opens_at: datetime | None
    closes_at: datetime | None
    is_open: bool
    synthetic: bool
    pages: list[PageOut]


class AnswerIn(Schema):
    question: Id
    choices: list[str] | None = None
    order: list[str] | None = None
    value: Score | None = None
    rows: dict[str, Score] | None = None
    text: str | None = None
    geometry: dict[str, Any] | None = None
    place_area: Id | None = None
    place_text: str | None = None


class ResponseIn(Schema):
    answers: list[AnswerIn]
    language: str = ""
    token: str = ""
    name: str = ""
    email: str = ""
    postcode: str = ""
    home_point: list[float] | None = None
    home_area: Id | None = None
    nettside: str = ""  # the honeypot: people leave it empty


class CreatedOut(Schema):
    id: int


class MarkIn(Schema):
    kind: str
    geometry: dict[str, Any] | None = None
    transport_mode: str = ""
    want_change: bool = False
    place_area: Id | None = None
    place_text: str = ""
    comment: str = ""
    nettside: str = ""


def _open_now() -> Q:
    """The surveys open for answers now (`Survey.is_open` as a query)."""
    now = timezone.now()
    return (
        Q(is_published=True)
        & (Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        & (Q(closes_at__isnull=True) | Q(closes_at__gt=now))
    )


def _question_out(question: SurveyQuestion, language: str) -> dict[str, Any]:
    default = question.survey.default_language

    def items(entries: list[dict[str, Any]]) -> list[dict[str, str]]:
        return [
            {"id": str(entry["id"]), "text": translated(entry["text"], language, default)}
            for entry in entries
        ]

    return {
        "id": question.pk,
        "kind": question.kind,
        "text": question.text_in(language),
        "help_text": question.help_in(language),
        "required": question.required,
        "options": items(question.options),
        "rows": items(question.rows),
        "scale_min": question.scale_min,
        "scale_max": question.scale_max,
        "scale_min_label": translated(question.scale_min_label, language, default),
        "scale_max_label": translated(question.scale_max_label, language, default),
        "geometry_kind": question.geometry_kind,
        "max_vertices": question.max_vertices,
        "condition": (
            {"question_id": question.condition_question_id, "choices": question.condition_choices}
            if question.condition_question_id
            else None
        ),
    }


@router.get("/surveys/{survey_id}", response=SurveyOut, auth=PUBLIC)
def get_survey(request: HttpRequest, survey_id: Id, lang: str = "") -> dict[str, Any]:
    """Open surveys are public; staff of the survey's municipality also see drafts."""
    survey = visible_or_404(
        request, Survey.objects.all(), survey_id, permission=None, public=_open_now()
    )
    language = lang if lang in survey.languages else survey.default_language
    questions = selectors.survey_questions(survey)
    return {
        "id": survey.pk,
        "municipality": survey.municipality.code,
        "language": language,
        "languages": survey.languages,
        "default_language": survey.default_language,
        "title": survey.title_in(language),
        "intro": survey.intro_in(language),
        "identity": survey.identity,
        "residence_check": survey.residence_check,
        "invitation_only": survey.invitation_only,
        "opens_at": survey.opens_at,
        "closes_at": survey.closes_at,
        "is_open": survey.is_open(),
        "synthetic": survey.synthetic,
        "pages": [
            {
                "order": page.order,
                "title": page.title_in(language),
                "intro": page.intro_in(language),
                "questions": [
                    _question_out(question, language)
                    for question in questions
                    if question.page_id == page.pk
                ],
            }
            for page in survey.pages.order_by("order")
        ],
    }


def _refusal(refused: ValidationError, questions: list[SurveyQuestion]) -> ApiError:
    """400 naming the question: the detail starts with its text, `errors` is keyed
    `q<question id>` (or the field of the request)."""
    errors = refused.message_dict if hasattr(refused, "error_dict") else {"": refused.messages}
    first_key, first_messages = next(iter(errors.items()))
    question = answering.question_by_field(questions, first_key)
    detail = first_messages[0]
    if question is not None:
        detail = f"«{question.text_in(question.survey.default_language)}»: {detail}"
    return ApiError(400, detail, {key or "__all__": value for key, value in errors.items()})


@router.post(
    "/surveys/{survey_id}/responses",
    response={201: CreatedOut, 409: ErrorOut, 429: ErrorOut},
    auth=ANONYMOUS_WRITE,
)
def post_response(request: HttpRequest, survey_id: Id, body: ResponseIn) -> Status:
    """One complete answer: 400 naming the question (`errors` keyed `q<question id>`), 403
    closed or not resident, 409 token used or this browser already answered, 429 over the
    address budget."""
    published = Survey.objects.filter(is_published=True)
    visible_or_404(request, published, survey_id, permission=None, public=True)
    context = answering.survey_context(survey_id)
    if context is None:
        raise Http404("Unknown survey")
    survey = context.survey
    if not survey.is_open():
        raise PermissionDenied("The survey is not open for answers")
    if over_budget(request, "survey-answer", scope=str(survey.pk)):
        raise ApiError(429, too_many_message())
    if honeypot_filled(body.dict()):
        raise ValidationError(refusal_message())
    questions = context.questions
    lives_in_area = None
    try:
        if survey.residence_check != ResidenceCheck.NONE:
            point = None
            if body.home_point is not None and len(body.home_point) == 2:
                point = (float(body.home_point[0]), float(body.home_point[1]))
            lives_in_area = answering.residence_ok(
                survey, postcode=body.postcode, point=point, area_id=body.home_area, context=context
            )
            if not lives_in_area:
                raise PermissionDenied("The survey is for residents of its area")
        response = answering.response_submit(
            survey=survey,
            answers={
                answer.question: answer.dict(exclude={"question"}, exclude_none=True)
                for answer in body.answers
            },
            language=body.language,
            # One answer per browser: the keyed hash of its cookie (a new one is set on
            # the response when the request had none).
            fingerprint=browser_hash(request, scope=f"survey:{survey.pk}"),
            token=body.token,
            name=body.name,
            email=body.email,
            lives_in_area=lives_in_area,
            context=context,
        )
    except answering.AlreadyAnswered as refused:
        raise ApiError(409, refused.messages[0], errors_of(refused)) from None
    except answering.SurveyClosed:
        raise PermissionDenied("The survey is not open for answers") from None
    except ValidationError as refused:
        raise _refusal(refused, questions) from None
    return Status(201, {"id": response.pk})


@router.get("/surveys/{survey_id}/results", response=dict[str, Any], auth=PUBLIC)
def get_results(request: HttpRequest, survey_id: Id, lang: str = "") -> dict[str, Any]:
    """Staff of the survey's municipality get everything; anyone else the public results if
    the survey published them (404 otherwise)."""
    survey = visible_or_404(
        request, Survey.objects.all(), survey_id, permission=None, public=Q(results_published=True)
    )
    if can_view_participation(request.user, survey.municipality):
        return selectors.results_as_dict(
            selectors.survey_results(survey, public=False, language=lang)
        )
    return selectors.results_as_dict(selectors.survey_results(survey, public=True, language=lang))


@router.post(
    "/childmap-sessions/{code}/marks",
    response={201: CreatedOut, 429: ErrorOut},
    auth=ANONYMOUS_WRITE,
)
def post_mark(request: HttpRequest, code: str, body: MarkIn) -> Status:
    session = selectors.childmap_open_session_by_code(childmap_services.normalise_code(code))
    if session is None or not session.accepts_marks():
        raise Http404("No open session with this code")
    browser = request.COOKIES.get("omrade_barnetrakk", "")
    limited = rate_limited(
        request,
        key=f"childmap-session:{session.pk}",
        limit=CHILD_MARKS_PER_SESSION_HOUR,
        per_seconds=3600,
        identity=session.code,
    )
    if browser and not limited:
        limited = rate_limited(
            request,
            key=f"childmap:{session.pk}",
            limit=CHILD_MARKS_PER_BROWSER_10_MINUTES,
            per_seconds=600,
            identity=keyed_hash("childmap", session.code, browser),
        )
    if limited:
        raise ApiError(429, "Too many marks; try again later")
    if honeypot_filled(body.dict()):
        raise ValidationError(refusal_message())
    mark = childmap_services.childmap_mark_add(
        session=session,
        kind=body.kind,
        geometry=body.geometry,
        transport_mode=body.transport_mode,
        want_change=body.want_change,
        place_area=body.place_area,
        place_text=body.place_text,
        comment=body.comment,
    )
    return Status(201, {"id": mark.pk})
