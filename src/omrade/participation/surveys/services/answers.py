"""Writes for answering a survey: the resident's page-by-page answers, the one-request answer
of the API, staff's assisted (paper) answers, and the checks every one of them passes.

One answer per person: with invitation links the token is used up when the answer is
completed (locked row, so two tabs cannot both use it); in open surveys the keyed hash of the
browser's cookie token (`abuse.browser_hash`) is unique per survey (a database constraint, so
two requests at once cannot both pass). The network address plays no part: neighbours on
one Wi-Fi each answer. Conditional questions are decided on the server from the
answers already given, so the pages work without JavaScript.

Refusals are ValidationErrors keyed by the question (`q<id>`); `AlreadyAnswered` and
`SurveyClosed` are ValidationErrors the API turns into 409 and 403.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from omrade.areas.models import Area
from omrade.common.permissions import require
from omrade.common.tokens import token_hash
from omrade.participation.core.abuse import clean_text, sqlite_retried, sqlite_write
from omrade.participation.core.permissions import can_run_participation
from omrade.participation.surveys.models import (
    CHOICE_KINDS_VALUES,
    Answer,
    InvitationToken,
    QuestionKind,
    ResidenceCheck,
    Response,
    Survey,
    SurveyIdentity,
    SurveyPage,
    SurveyQuestion,
)
from omrade.participation.surveys.services.geometry import (
    Bounds,
    GeometryRefused,
    areas_bounds,
    point_in_shapes,
    prepared_boundaries,
    validate_geometry,
)
from omrade.participation.surveys.services.surveys import personal_data_until
from omrade.tenancy.selectors import AnyUser

MAX_FREE_TEXT = 2000
MAX_PLACE_TEXT = 300


class AlreadyAnswered(ValidationError):
    """The invitation link was used, or this client has already answered (409)."""


class SurveyClosed(ValidationError):
    """The survey is not open for answers (not published, not yet open, or closed)."""


def question_field(question: SurveyQuestion) -> str:
    return f"q{question.pk}"


@dataclass
class CleanAnswer:
    choices: list[str] = field(default_factory=list)
    number: int | None = None
    matrix: dict[str, int] = field(default_factory=dict)
    text: str = ""
    geometry: dict[str, Any] | None = None
    place_area_id: int | None = None
    place_text: str = ""

    def is_empty(self) -> bool:
        return not (
            self.choices
            or self.number is not None
            or self.matrix
            or self.text
            or self.geometry
            or self.place_area_id
            or self.place_text
        )

    @classmethod
    def of(cls, answer: Answer) -> CleanAnswer:
        return cls(
            choices=[str(choice) for choice in answer.choices],
            number=answer.number,
            matrix={str(key): int(value) for key, value in answer.matrix.items()},
            text=answer.text,
            geometry=answer.geometry,
            place_area_id=answer.place_area_id,
            place_text=answer.place_text,
        )


@dataclass
class SurveyContext:
    """What checking answers needs, read once per request: the questions; the areas (with
    their boundaries) and the places of the non-map alternative only when an answer needs
    them."""

    survey: Survey
    questions: list[SurveyQuestion]
    _areas: list[Area] | None = None
    _place_ids: set[int] | None = None
    _bounds: Bounds | None = None
    _bounds_read: bool = False
    _shapes: list[Any] | None = None

    @classmethod
    def of(cls, survey: Survey) -> SurveyContext:
        return cls(survey=survey, questions=_questions(survey))

    @property
    def areas(self) -> list[Area]:
        if self._areas is None:
            self._areas = list(self.survey.areas.all())
        return self._areas

    @property
    def bounds(self) -> Bounds | None:
        if self._bounds is None and not self._bounds_read:
            self._bounds = areas_bounds(self.areas)
            self._bounds_read = True
        return self._bounds

    def preload(self) -> None:
        self.bounds  # noqa: B018 - reads and keeps the areas and their bounding box
        self.place_ids  # noqa: B018
        self.contains_point(0.0, 0.0)  # builds the prepared boundaries and their indexes

    def contains_point(self, lon: float, lat: float) -> bool:
        """Whether the point lies in one of the survey's areas (border included): their
        boundaries are made into prepared geometries once, not parsed again per answer."""
        if self._shapes is None:
            self._shapes = prepared_boundaries(self.areas)
        return point_in_shapes(self._shapes, lon, lat)

    @property
    def place_ids(self) -> set[int]:
        if self._place_ids is None:
            area_ids = [area.pk for area in self.areas]
            children = Area.objects.filter(parent__in=area_ids).values_list("pk", flat=True)
            self._place_ids = set(area_ids) | set(children)
        return self._place_ids


_CONTEXT_CACHE: dict[int, tuple[tuple[int, Any], float, SurveyContext]] = {}
CONTEXT_CACHE_SECONDS = 60.0


def survey_context(survey_id: int) -> SurveyContext | None:
    """The survey with its questions, areas and places for answering, kept in memory while
    its structure version stays the same (one small query per request instead of several);
    at most a minute, so a changed area boundary is seen soon. None if there is no survey."""
    version = (
        Survey.objects.filter(pk=survey_id).values_list("structure_version", "created_at").first()
    )
    if version is None:
        _CONTEXT_CACHE.pop(survey_id, None)
        return None
    cached = _CONTEXT_CACHE.get(survey_id)
    now = time.monotonic()
    if cached is not None and cached[0] == version and now - cached[1] < CONTEXT_CACHE_SECONDS:
        return cached[2]
    survey = Survey.objects.select_related("municipality").get(pk=survey_id)
    context = SurveyContext.of(survey)
    context.preload()  # read everything now: the cached copy is shared by threads
    _CONTEXT_CACHE[survey_id] = (version, now, context)
    return context


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("bool")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError("fraction")
    return int(value)


def _refuse(question: SurveyQuestion, message: str) -> ValidationError:
    return ValidationError({question_field(question): message})


def clean_answer(
    question: SurveyQuestion, raw: Mapping[str, Any] | None, *, context: SurveyContext
) -> CleanAnswer:
    """One answer checked against its question (kind, allowed values, geometry); the empty
    answer when nothing was given. Whether a required question was answered is checked by the
    caller, which knows whether the question is shown."""
    raw = raw or {}
    answer = CleanAnswer()
    kind = question.kind
    if kind in CHOICE_KINDS_VALUES or kind == QuestionKind.RANKING:
        chosen = raw.get("choices", raw.get("order"))
        if chosen is None and raw.get("choice") not in (None, ""):
            chosen = [raw["choice"]]
        if chosen in (None, ""):
            chosen = []
        if isinstance(chosen, str | int):
            chosen = [chosen]
        if not isinstance(chosen, list):
            raise _refuse(question, _("Svaret må være en liste med alternativer."))
        ids = [str(choice) for choice in chosen if str(choice) != ""]
        unknown = [choice for choice in ids if choice not in question.option_ids()]
        if unknown:
            raise _refuse(
                question, _("Ukjent svaralternativ: %(ids)s.") % {"ids": ", ".join(unknown[:5])}
            )
        if len(set(ids)) != len(ids):
            raise _refuse(question, _("Hvert alternativ kan bare velges én gang."))
        if kind == QuestionKind.SINGLE and len(ids) > 1:
            raise _refuse(question, _("Velg bare ett alternativ."))
        answer.choices = ids
    elif kind == QuestionKind.SCALE:
        try:
            number = _int(raw.get("value", raw.get("number")))
        except (TypeError, ValueError):
            raise _refuse(question, _("Svaret må være et helt tall.")) from None
        if number is not None:
            low, high = question.scale_min or 0, question.scale_max or 0
            if not low <= number <= high:
                raise _refuse(
                    question,
                    _("Velg et tall fra %(low)s til %(high)s.") % {"low": low, "high": high},
                )
        answer.number = number
    elif kind == QuestionKind.MATRIX:
        rows = raw.get("rows", raw.get("matrix")) or {}
        if not isinstance(rows, dict):
            raise _refuse(question, _("Svaret må ha en verdi per rad."))
        low, high = question.scale_min or 0, question.scale_max or 0
        for row_id, value in rows.items():
            if str(row_id) not in question.row_ids():
                raise _refuse(question, _("Ukjent rad: %(row)s.") % {"row": str(row_id)[:20]})
            try:
                number = _int(value)
            except (TypeError, ValueError):
                raise _refuse(question, _("Svaret må være et helt tall.")) from None
            if number is None:
                continue
            if not low <= number <= high:
                raise _refuse(
                    question,
                    _("Velg et tall fra %(low)s til %(high)s.") % {"low": low, "high": high},
                )
            answer.matrix[str(row_id)] = number
    elif kind == QuestionKind.TEXT:
        text = raw.get("text", "")
        if not isinstance(text, str):
            raise _refuse(question, _("Svaret må være tekst."))
        if len(text) > MAX_FREE_TEXT * 2:
            raise _refuse(
                question, _("Svaret er for langt (høyst %(max)s tegn).") % {"max": MAX_FREE_TEXT}
            )
        answer.text = clean_text(text, max_length=MAX_FREE_TEXT)
    elif kind == QuestionKind.MAP:
        geometry = raw.get("geometry")
        if geometry not in (None, "", {}):
            try:
                answer.geometry = validate_geometry(
                    geometry,
                    kind=question.geometry_kind,
                    bounds=context.bounds,
                    max_vertices=question.max_vertices,
                )
            except GeometryRefused as refused:
                raise _refuse(question, str(refused)) from None
        try:
            place = _int(raw.get("place_area"))
        except (TypeError, ValueError):
            raise _refuse(question, _("Ukjent sted.")) from None
        if place is not None:
            if place not in context.place_ids:
                raise _refuse(question, _("Ukjent sted."))
            answer.place_area_id = place
        place_text = raw.get("place_text", "")
        if not isinstance(place_text, str):
            raise _refuse(question, _("Beskrivelsen av stedet må være tekst."))
        answer.place_text = clean_text(place_text, max_length=MAX_PLACE_TEXT)
    return answer


def is_shown(question: SurveyQuestion, given: Mapping[int, CleanAnswer]) -> bool:
    """A conditional question is shown only when the earlier question's answer has one of
    the chosen options."""
    if question.condition_question_id is None:
        return True
    earlier = given.get(question.condition_question_id)
    if earlier is None:
        return False
    return bool(set(earlier.choices) & {str(choice) for choice in question.condition_choices})


def _check_required(question: SurveyQuestion, answer: CleanAnswer) -> None:
    if not question.required:
        return
    if answer.is_empty():
        raise _refuse(question, _("Spørsmålet må besvares."))
    if question.kind == QuestionKind.MATRIX and set(answer.matrix) != set(question.row_ids()):
        raise _refuse(question, _("Svar på alle radene."))


def clean_answers(
    questions: Iterable[SurveyQuestion],
    raw: Mapping[int, Mapping[str, Any]],
    *,
    context: SurveyContext,
    earlier: Mapping[int, CleanAnswer] | None = None,
) -> dict[int, CleanAnswer]:
    """Check answers to the questions in order; every refusal gathered into one
    ValidationError (keyed by question). Hidden questions are skipped and their answers
    dropped."""
    given: dict[int, CleanAnswer] = dict(earlier or {})
    cleaned: dict[int, CleanAnswer] = {}
    errors: dict[str, list[str]] = {}
    for question in questions:
        if not is_shown(question, given):
            continue
        try:
            answer = clean_answer(question, raw.get(question.pk), context=context)
            _check_required(question, answer)
        except ValidationError as refused:
            for key, messages in refused.message_dict.items():
                errors.setdefault(key, []).extend(messages)
            continue
        given[question.pk] = answer
        cleaned[question.pk] = answer
    if errors:
        raise ValidationError(errors)
    return cleaned


def _questions(survey: Survey) -> list[SurveyQuestion]:
    questions = list(
        SurveyQuestion.objects.filter(survey=survey).order_by("page__order", "order", "pk")
    )
    for question in questions:
        question.survey = survey  # texts fall back to the survey's language: no query each
    return questions


def _store(response: Response, question_id: int, answer: CleanAnswer) -> None:
    Answer.objects.update_or_create(
        response=response,
        question_id=question_id,
        defaults={
            "choices": answer.choices,
            "number": answer.number,
            "matrix": answer.matrix,
            "text": answer.text,
            "geometry": answer.geometry,
            "place_area_id": answer.place_area_id,
            "place_text": answer.place_text,
        },
    )


def check_open(survey: Survey) -> None:
    if not survey.is_open():
        raise SurveyClosed({"survey": _("Undersøkelsen er ikke åpen for svar.")}, code="closed")


def residence_ok(
    survey: Survey,
    *,
    postcode: str = "",
    point: tuple[float, float] | None = None,
    area_id: int | None = None,
    context: SurveyContext | None = None,
) -> bool:
    """Whether the resident lives in the survey's area by its check: a postcode from the
    list, or a point (or a chosen sub-area, the non-map alternative) inside the boundary."""
    if survey.residence_check == ResidenceCheck.NONE:
        return True
    if survey.residence_check == ResidenceCheck.POSTCODE:
        code = postcode.strip()
        if not code:
            raise ValidationError({"postcode": _("Skriv postnummeret ditt.")})
        return code in survey.postcodes
    context = context or SurveyContext.of(survey)
    if area_id is not None:
        return area_id in context.place_ids
    if point is None:
        raise ValidationError({"point": _("Vis hvor du bor på kartet, eller velg området.")})
    return context.contains_point(point[0], point[1])


def _token(survey: Survey, token: str) -> InvitationToken:
    found = (
        InvitationToken.objects.select_for_update()
        .filter(survey=survey, token_hash=token_hash(token.strip()))
        .first()
    )
    if found is None:
        raise ValidationError(
            {"token": _("Invitasjonslenken er ikke gyldig for denne undersøkelsen.")}
        )
    if found.used_at is not None:
        raise AlreadyAnswered({"token": _("Invitasjonslenken er allerede brukt.")}, code="used")
    return found


def token_usable(survey: Survey, token: str) -> bool:
    return InvitationToken.objects.filter(
        survey=survey, token_hash=token_hash(token.strip()), used_at__isnull=True
    ).exists()


def fingerprint_has_answered(survey: Survey, fingerprint: str) -> bool:
    return (
        bool(fingerprint)
        and Response.objects.filter(survey=survey, fingerprint_hash=fingerprint).exists()
    )


def _identity(survey: Survey, name: str, email: str) -> tuple[str, str]:
    if survey.identity != SurveyIdentity.IDENTIFIED:
        return "", ""
    name = clean_text(name, max_length=200)
    email = email.strip()
    if not name:
        raise ValidationError({"respondent_name": _("Skriv navnet ditt.")})
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                {"respondent_email": _("Skriv en gyldig e-postadresse.")}
            ) from None
    return name, email


def _finish(
    response: Response,
    *,
    fingerprint: str,
    token: str,
    name: str,
    email: str,
) -> Response:
    """Mark the response complete, using up its token or claiming its fingerprint."""
    survey = response.survey
    response.respondent_name, response.respondent_email = _identity(survey, name, email)
    response.delete_personal_data_after = (
        personal_data_until(survey)
        if response.respondent_name or response.respondent_email
        else None
    )
    if survey.invitation_only and not response.assisted:
        if not token:
            raise ValidationError({"token": _("Undersøkelsen krever en invitasjonslenke.")})
        invitation = _token(survey, token)
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        response.token = invitation
    elif not response.assisted:
        response.fingerprint_hash = fingerprint
    response.complete = True
    response.submitted_at = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction stays usable
            response.save()
    except IntegrityError:
        raise AlreadyAnswered(
            {"survey": _("Du har allerede svart på denne undersøkelsen. Takk!")}, code="answered"
        ) from None
    return response


@sqlite_retried
@transaction.atomic
def response_start(
    *, survey: Survey, language: str, token: str = "", lives_in_area: bool | None = None
) -> Response:
    """Begin a page-by-page answer (an incomplete response)."""
    check_open(survey)
    if survey.invitation_only and not token_usable(survey, token):
        if (
            token
            and InvitationToken.objects.filter(
                survey=survey, token_hash=token_hash(token.strip())
            ).exists()
        ):
            raise AlreadyAnswered({"token": _("Invitasjonslenken er allerede brukt.")}, code="used")
        raise ValidationError(
            {"token": _("Invitasjonslenken er ikke gyldig for denne undersøkelsen.")}
        )
    if language not in survey.languages:
        language = survey.default_language
    return Response.objects.create(survey=survey, language=language, lives_in_area=lives_in_area)


def answers_of(response: Response) -> dict[int, CleanAnswer]:
    return {answer.question_id: CleanAnswer.of(answer) for answer in response.answers.all()}


@sqlite_retried
@transaction.atomic
def response_save_page(
    *, response: Response, page: SurveyPage, raw: Mapping[int, Mapping[str, Any]]
) -> dict[int, CleanAnswer]:
    """Check and store the answers to one page; answers to questions that the earlier
    answers now hide are removed."""
    survey = response.survey
    check_open(survey)
    if response.complete:
        raise AlreadyAnswered({"survey": _("Svaret er allerede sendt inn.")}, code="answered")
    earlier = answers_of(response)
    page_questions = [question for question in _questions(survey) if question.page_id == page.pk]
    cleaned = clean_answers(page_questions, raw, context=SurveyContext.of(survey), earlier=earlier)
    for question in page_questions:
        if question.pk in cleaned and not cleaned[question.pk].is_empty():
            _store(response, question.pk, cleaned[question.pk])
        else:
            Answer.objects.filter(response=response, question=question).delete()
    return cleaned


def shown_pages(response_answers: Mapping[int, CleanAnswer], survey: Survey) -> list[SurveyPage]:
    """The survey's pages that have at least one question shown, given the answers so far."""
    questions = _questions(survey)
    shown: list[SurveyPage] = []
    for page in survey.pages.order_by("order"):
        if any(
            question.page_id == page.pk and is_shown(question, response_answers)
            for question in questions
        ):
            shown.append(page)
    return shown


@sqlite_retried
@transaction.atomic
def response_complete(
    *,
    response: Response,
    fingerprint: str = "",
    token: str = "",
    name: str = "",
    email: str = "",
) -> Response:
    """Send in a page-by-page answer: every required shown question must be answered."""
    survey = response.survey
    check_open(survey)
    Response.objects.select_for_update().filter(pk=response.pk).first()
    response.refresh_from_db()
    if response.complete:
        raise AlreadyAnswered({"survey": _("Svaret er allerede sendt inn.")}, code="answered")
    given = answers_of(response)
    # The stored answers were checked page by page; check the required ones again as a whole.
    clean_answers(
        _questions(survey),
        {
            question_id: {
                "choices": answer.choices,
                "value": answer.number,
                "rows": answer.matrix,
                "text": answer.text,
                "geometry": answer.geometry,
                "place_area": answer.place_area_id,
                "place_text": answer.place_text,
            }
            for question_id, answer in given.items()
        },
        context=SurveyContext.of(survey),
    )
    return _finish(response, fingerprint=fingerprint, token=token, name=name, email=email)


def response_submit(
    *,
    survey: Survey,
    answers: Mapping[int, Mapping[str, Any]],
    language: str = "",
    fingerprint: str = "",
    token: str = "",
    name: str = "",
    email: str = "",
    lives_in_area: bool | None = None,
    assisted_by: AnyUser | None = None,
    assisted_note: str = "",
    synthetic: bool = False,
    context: SurveyContext | None = None,
) -> Response:
    """One complete answer in one go (the API, staff's assisted answers, the demo): every
    check as on the pages, one transaction, repeated if SQLite stays locked (see
    abuse.sqlite_write)."""
    # An assisted answer is staff's step: the rule of who runs participation.
    require(can_run_participation, assisted_by, survey.municipality)
    context = context or SurveyContext.of(survey)
    assisted = assisted_by is not None
    if not assisted:
        check_open(survey)
    unknown = set(answers) - {question.pk for question in context.questions}
    if unknown:
        raise ValidationError(
            {
                "answers": _("Ukjent spørsmål: %(ids)s.")
                % {"ids": ", ".join(str(i) for i in sorted(unknown)[:5])}
            }
        )
    cleaned = clean_answers(context.questions, answers, context=context)
    if language not in survey.languages:
        language = survey.default_language

    @transaction.atomic
    def write() -> Response:
        response = Response(
            survey=survey,
            language=language,
            lives_in_area=lives_in_area,
            assisted=assisted,
            assisted_by_id=assisted_by.pk
            if assisted_by is not None and assisted_by.is_authenticated
            else None,
            assisted_note=clean_text(assisted_note, max_length=200),
            synthetic=synthetic,
        )
        _finish(response, fingerprint=fingerprint, token=token, name=name, email=email)
        Answer.objects.bulk_create(
            [
                Answer(
                    response=response,
                    question_id=question_id,
                    choices=answer.choices,
                    number=answer.number,
                    matrix=answer.matrix,
                    text=answer.text,
                    geometry=answer.geometry,
                    place_area_id=answer.place_area_id,
                    place_text=answer.place_text,
                )
                for question_id, answer in cleaned.items()
                if not answer.is_empty()
            ]
        )
        return response

    return sqlite_write(write)


@transaction.atomic
def responses_discard_incomplete(*, older_than_hours: int = 48) -> int:
    """Delete page-by-page answers that were never sent in (for the retention task)."""
    cutoff = timezone.now() - timedelta(hours=older_than_hours)
    deleted, _detail = Response.objects.filter(complete=False, started_at__lt=cutoff).delete()
    return deleted


def question_by_field(questions: Sequence[SurveyQuestion], key: str) -> SurveyQuestion | None:
    for question in questions:
        if question_field(question) == key:
            return question
    return None
