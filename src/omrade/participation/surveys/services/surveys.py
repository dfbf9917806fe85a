"""Writes for the survey builder: surveys, pages, questions, publishing, invitation links,
and the retention of personal data in identified surveys.

Texts are given per language as `{"nb": "...", "en": "..."}`; every survey has a default
language whose text must be present. Refusals name the field they concern.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from omrade.areas.models import Area
from omrade.common.audit import audit_record
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.common.tokens import token_hash
from omrade.participation.core.abuse import clean_text
from omrade.participation.core.permissions import can_run_participation
from omrade.participation.surveys.models import (
    CHOICE_KINDS_VALUES,
    GeometryKind,
    InvitationToken,
    QuestionKind,
    ResidenceCheck,
    Response,
    Survey,
    SurveyIdentity,
    SurveyPage,
    SurveyQuestion,
)
from omrade.programmes.models import Programme
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser

# BCP 47-ish: a 2–3 letter language, optionally a script/region/variant (nb, nn, se, uk, zh-Hant).
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
POSTCODE = re.compile(r"^\d{4}$")
MAX_TEXT = 2000
MAX_OPTIONS = 50
SCALES = {(1, 5), (0, 10)}


def structure_changed(survey: Survey | int) -> None:
    """Raise the survey's structure version (see Survey.structure_version)."""
    survey_id = survey if isinstance(survey, int) else survey.pk
    Survey.objects.filter(pk=survey_id).update(structure_version=F("structure_version") + 1)


def normalise_languages(languages: Iterable[str]) -> list[str]:
    """Language codes lower-cased (script and region kept as typed), duplicates dropped."""
    seen: list[str] = []
    for raw in languages:
        code = raw.strip()
        if not code:
            continue
        parts = code.replace("_", "-").split("-")
        code = "-".join([parts[0].lower(), *parts[1:]])
        if not LANGUAGE_CODE.match(code):
            raise ValidationError(
                {
                    "languages": _(
                        "«%(code)s» er ikke en språkkode (for eksempel nb, nn, en, so, ar)."
                    )
                    % {"code": raw.strip()[:20]}
                }
            )
        if code not in seen:
            seen.append(code)
    return seen


def texts_clean(
    texts: dict[str, str] | None,
    *,
    field: str,
    languages: Sequence[str],
    default_language: str,
    required: bool,
    max_length: int = MAX_TEXT,
) -> dict[str, str]:
    """Per-language texts with every value cleaned; only the survey's languages; the default
    language present when required."""
    cleaned: dict[str, str] = {}
    for code, text in (texts or {}).items():
        if code not in languages:
            raise ValidationError(
                {field: _("Språket «%(code)s» er ikke valgt for undersøkelsen.") % {"code": code}}
            )
        value = clean_text(text, max_length=max_length)
        if value:
            cleaned[code] = value
    if required and not cleaned.get(default_language):
        raise ValidationError(
            {field: _("Skriv teksten på standardspråket (%(code)s).") % {"code": default_language}}
        )
    return cleaned


def _check_settings(
    *,
    languages: list[str],
    default_language: str,
    residence_check: str,
    postcodes: Sequence[str],
    areas: Sequence[Area],
    municipality: Municipality,
    programme: Programme | None,
    opens_at: datetime | None,
    closes_at: datetime | None,
) -> list[str]:
    if not languages:
        raise ValidationError({"languages": _("Velg minst ett språk.")})
    if default_language not in languages:
        raise ValidationError(
            {"default_language": _("Standardspråket må være ett av undersøkelsens språk.")}
        )
    if programme is not None and programme.municipality_id != municipality.pk:
        raise ValidationError({"programme": _("Programmet hører til en annen kommune.")})
    for area in areas:
        if area.municipality_id != municipality.pk:
            raise ValidationError(
                {"areas": _("Området «%(name)s» hører til en annen kommune.") % {"name": area.name}}
            )
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError({"closes_at": _("Undersøkelsen må stenge etter at den åpner.")})
    cleaned_postcodes = sorted({code.strip() for code in postcodes if code.strip()})
    for code in cleaned_postcodes:
        if not POSTCODE.match(code):
            raise ValidationError(
                {
                    "postcodes": _("«%(code)s» er ikke et postnummer med fire sifre.")
                    % {"code": code[:10]}
                }
            )
    if residence_check == ResidenceCheck.POSTCODE and not cleaned_postcodes:
        raise ValidationError({"postcodes": _("Skriv postnumrene som hører til området.")})
    if residence_check == ResidenceCheck.POINT and not any(area.boundary for area in areas):
        raise ValidationError(
            {"residence_check": _("Velg et område med grense for å kontrollere bosted på kart.")}
        )
    return cleaned_postcodes


class SurveySettings(TypedDict, total=False):
    """A survey's settings besides its title and languages, as `survey_create` and
    `survey_update` take them; `_settings_fields` holds the defaults."""

    intro: dict[str, str] | None
    programme: Programme | None
    identity: str
    residence_check: str
    postcodes: Sequence[str]
    invitation_only: bool
    opens_at: datetime | None
    closes_at: datetime | None
    retention_days: int


def _settings_fields(
    municipality: Municipality,
    *,
    title: dict[str, str],
    languages: Sequence[str],
    default_language: str,
    areas: Sequence[Area],
    intro: dict[str, str] | None = None,
    programme: Programme | None = None,
    identity: str = SurveyIdentity.ANONYMOUS,
    residence_check: str = ResidenceCheck.NONE,
    postcodes: Sequence[str] = (),
    invitation_only: bool = False,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    retention_days: int = 365,
) -> dict[str, Any]:
    """The survey's checked and cleaned settings, by field name."""
    codes = normalise_languages(languages)
    default_language = default_language.strip().lower()
    cleaned_postcodes = _check_settings(
        languages=codes,
        default_language=default_language,
        residence_check=residence_check,
        postcodes=postcodes,
        areas=areas,
        municipality=municipality,
        programme=programme,
        opens_at=opens_at,
        closes_at=closes_at,
    )
    return {
        "title": texts_clean(
            title,
            field="title",
            languages=codes,
            default_language=default_language,
            required=True,
            max_length=200,
        ),
        "intro": texts_clean(
            intro,
            field="intro",
            languages=codes,
            default_language=default_language,
            required=False,
        ),
        "languages": codes,
        "default_language": default_language,
        "programme": programme,
        "identity": identity,
        "residence_check": residence_check,
        "postcodes": cleaned_postcodes,
        "invitation_only": invitation_only,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "retention_days": retention_days,
    }


def _save(
    survey: Survey, by: AnyUser | None, areas: Sequence[Area], action: str, summary: str
) -> None:
    """Save a created or changed survey with its areas, and audit it (`summary` names it)."""
    save_validated(survey)
    survey.areas.set(areas)
    audit_record(
        municipality=survey.municipality,
        actor=by,
        action=action,
        obj=survey,
        summary=summary % {"title": survey},
    )


@transaction.atomic
def survey_create(
    *,
    municipality: Municipality,
    title: dict[str, str],
    by: AnyUser | None,
    languages: Sequence[str] = ("nb",),
    default_language: str = "nb",
    areas: Sequence[Area] = (),
    synthetic: bool = False,
    **settings: Unpack[SurveySettings],
) -> Survey:
    """A new survey in draft (not published), with an empty first page."""
    require(can_run_participation, by, municipality)
    fields = _settings_fields(
        municipality,
        title=title,
        languages=languages,
        default_language=default_language,
        areas=areas,
        **settings,
    )
    survey = Survey(
        municipality=municipality,
        synthetic=synthetic,
        created_by_id=by.pk if by is not None and by.is_authenticated else None,
        **fields,
    )
    _save(survey, by, areas, "survey.created", _("Undersøkelsen «%(title)s» er opprettet."))
    SurveyPage.objects.create(survey=survey, order=1)
    return survey


@transaction.atomic
def survey_update(
    *,
    survey: Survey,
    by: AnyUser | None,
    title: dict[str, str],
    languages: Sequence[str],
    default_language: str,
    areas: Sequence[Area] = (),
    **settings: Unpack[SurveySettings],
) -> Survey:
    """Change a survey's settings. The identity (anonymous or identified) cannot change once
    anyone has answered: their answers were given on the other terms."""
    require(can_run_participation, by, survey.municipality)
    fields = _settings_fields(
        survey.municipality,
        title=title,
        languages=languages,
        default_language=default_language,
        areas=areas,
        **settings,
    )
    if fields["identity"] != survey.identity and survey.responses.exists():
        raise ValidationError(
            {"identity": _("Noen har allerede svart: anonym eller med navn kan ikke endres nå.")}
        )
    for name, value in fields.items():
        setattr(survey, name, value)
    _save(survey, by, areas, "survey.updated", _("Undersøkelsen «%(title)s» er endret."))
    structure_changed(survey)
    return survey


@transaction.atomic
def survey_set_published(
    *,
    survey: Survey,
    by: AnyUser | None,
    published: bool | None = None,
    results_published: bool | None = None,
) -> Survey:
    """Publish or withdraw the survey (residents can answer while it is published and open)
    and/or its public results page (small numbers protected)."""
    require(can_run_participation, by, survey.municipality)
    if published is True and not SurveyQuestion.objects.filter(survey=survey).exists():
        raise ValidationError({"published": _("Legg til minst ett spørsmål før du publiserer.")})
    changes: dict[str, list[Any]] = {}
    if published is not None and published != survey.is_published:
        changes["is_published"] = [survey.is_published, published]
        survey.is_published = published
    if results_published is not None and results_published != survey.results_published:
        changes["results_published"] = [survey.results_published, results_published]
        survey.results_published = results_published
    save_validated(survey)
    structure_changed(survey)
    if changes:
        audit_record(
            municipality=survey.municipality,
            actor=by,
            action="survey.published",
            obj=survey,
            summary=_("Publiseringen av «%(title)s» er endret.") % {"title": survey},
            changes=changes,
        )
    return survey


@transaction.atomic
def survey_page_add(
    *, survey: Survey, title: dict[str, str] | None = None, intro: dict[str, str] | None = None
) -> SurveyPage:
    last = survey.pages.order_by("-order").values_list("order", flat=True).first() or 0
    structure_changed(survey)
    return SurveyPage.objects.create(
        survey=survey,
        order=last + 1,
        title=texts_clean(
            title,
            field="title",
            languages=survey.languages,
            default_language=survey.default_language,
            required=False,
            max_length=200,
        ),
        intro=texts_clean(
            intro,
            field="intro",
            languages=survey.languages,
            default_language=survey.default_language,
            required=False,
        ),
    )


@transaction.atomic
def survey_page_update(
    *, page: SurveyPage, title: dict[str, str] | None = None, intro: dict[str, str] | None = None
) -> SurveyPage:
    survey = page.survey
    page.title = texts_clean(
        title,
        field="title",
        languages=survey.languages,
        default_language=survey.default_language,
        required=False,
        max_length=200,
    )
    page.intro = texts_clean(
        intro,
        field="intro",
        languages=survey.languages,
        default_language=survey.default_language,
        required=False,
    )
    page.save()
    structure_changed(survey)
    return page


@transaction.atomic
def survey_page_delete(*, page: SurveyPage) -> None:
    if page.survey.pages.count() == 1:
        raise ValidationError({"page": _("En undersøkelse må ha minst én side.")})
    if page.questions.filter(answers__isnull=False).exists():
        raise ValidationError({"page": _("Siden har spørsmål som er besvart og kan ikke slettes.")})
    survey = page.survey
    page.delete()
    for number, remaining in enumerate(survey.pages.order_by("order"), start=1):
        if remaining.order != number:
            SurveyPage.objects.filter(pk=remaining.pk).update(order=number)
    structure_changed(survey)


def _options_clean(
    options: Sequence[dict[str, Any]] | None, *, field: str, survey: Survey, kind: str
) -> list[dict[str, Any]]:
    """[{"id": ..., "text": {lang: text}}]: ids kept if given (stable across edits), else
    numbered; at least two options for choice and ranking questions."""
    cleaned: list[dict[str, Any]] = []
    used: set[str] = set()
    for number, option in enumerate(options or [], start=1):
        texts = texts_clean(
            option.get("text"),
            field=field,
            languages=survey.languages,
            default_language=survey.default_language,
            required=True,
            max_length=300,
        )
        option_id = str(option.get("id") or number).strip()[:20]
        while option_id in used:
            option_id = f"{option_id}b"
        used.add(option_id)
        cleaned.append({"id": option_id, "text": texts})
    if len(cleaned) > MAX_OPTIONS:
        raise ValidationError({field: _("Høyst %(max)s alternativer.") % {"max": MAX_OPTIONS}})
    if (
        kind in (*CHOICE_KINDS_VALUES, QuestionKind.RANKING, QuestionKind.MATRIX)
        and len(cleaned) < 2
    ):
        raise ValidationError({field: _("Skriv minst to alternativer.")})
    return cleaned


class QuestionContent(TypedDict, total=False):
    """What a question says and offers besides its text, as `survey_question_add` and
    `survey_question_update` take it; `_question_fields` holds the defaults."""

    help_text: dict[str, str] | None
    options: Sequence[dict[str, Any]] | None
    rows: Sequence[dict[str, Any]] | None
    scale: tuple[int, int] | None
    scale_min_label: dict[str, str] | None
    scale_max_label: dict[str, str] | None
    geometry_kind: str
    max_vertices: int
    condition_question: SurveyQuestion | None
    condition_choices: Sequence[str]


def _question_fields(
    *,
    survey: Survey,
    page: SurveyPage,
    kind: str,
    text: dict[str, str],
    current: SurveyQuestion | None,
    help_text: dict[str, str] | None = None,
    options: Sequence[dict[str, Any]] | None = None,
    rows: Sequence[dict[str, Any]] | None = None,
    scale: tuple[int, int] | None = None,
    scale_min_label: dict[str, str] | None = None,
    scale_max_label: dict[str, str] | None = None,
    geometry_kind: str = "",
    max_vertices: int = 200,
    condition_question: SurveyQuestion | None = None,
    condition_choices: Sequence[str] = (),
) -> dict[str, Any]:
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Ukjent spørsmålstype.")})
    fields: dict[str, Any] = {
        "kind": kind,
        "text": texts_clean(
            text,
            field="text",
            languages=survey.languages,
            default_language=survey.default_language,
            required=True,
            max_length=500,
        ),
        "help_text": texts_clean(
            help_text,
            field="help_text",
            languages=survey.languages,
            default_language=survey.default_language,
            required=False,
            max_length=500,
        ),
        "options": [],
        "rows": [],
        "scale_min": None,
        "scale_max": None,
        "scale_min_label": {},
        "scale_max_label": {},
        "geometry_kind": "",
        "max_vertices": 200,
    }
    if kind in (*CHOICE_KINDS_VALUES, QuestionKind.RANKING):
        fields["options"] = _options_clean(options, field="options", survey=survey, kind=kind)
    if kind == QuestionKind.MATRIX:
        fields["rows"] = _options_clean(rows, field="rows", survey=survey, kind=kind)
    if kind in (QuestionKind.SCALE, QuestionKind.MATRIX):
        if scale not in SCALES:
            raise ValidationError({"scale": _("Velg skalaen 1–5 eller 0–10.")})
        fields["scale_min"], fields["scale_max"] = scale
        for name, labels in (
            ("scale_min_label", scale_min_label),
            ("scale_max_label", scale_max_label),
        ):
            fields[name] = texts_clean(
                labels,
                field=name,
                languages=survey.languages,
                default_language=survey.default_language,
                required=False,
                max_length=100,
            )
    if kind == QuestionKind.MAP:
        if geometry_kind not in GeometryKind.values:
            raise ValidationError({"geometry_kind": _("Velg punkt, linje eller område.")})
        if not 1 <= max_vertices <= 2000:
            raise ValidationError({"max_vertices": _("Velg mellom 1 og 2000 punkter.")})
        fields["geometry_kind"] = geometry_kind
        fields["max_vertices"] = 1 if geometry_kind == GeometryKind.POINT else max_vertices
    if condition_question is not None:
        if condition_question.survey_id != survey.pk:
            raise ValidationError(
                {"condition_question": _("Spørsmålet hører til en annen undersøkelse.")}
            )
        if condition_question.kind not in CHOICE_KINDS_VALUES:
            raise ValidationError(
                {
                    "condition_question": _(
                        "Betingelsen må gjelde et spørsmål med ett eller flere valg."
                    )
                }
            )
        if condition_question.page.order >= page.order:
            raise ValidationError(
                {"condition_question": _("Betingelsen må gjelde et spørsmål på en tidligere side.")}
            )
        if current is not None and condition_question.pk == current.pk:
            raise ValidationError(
                {"condition_question": _("Et spørsmål kan ikke avhenge av seg selv.")}
            )
        chosen = [str(choice) for choice in condition_choices]
        if not chosen:
            raise ValidationError(
                {"condition_choices": _("Velg hvilke svar som viser spørsmålet.")}
            )
        unknown = [choice for choice in chosen if choice not in condition_question.option_ids()]
        if unknown:
            raise ValidationError(
                {
                    "condition_choices": _("Ukjent svaralternativ: %(ids)s.")
                    % {"ids": ", ".join(unknown)}
                }
            )
        fields["condition_question"] = condition_question
        fields["condition_choices"] = chosen
    else:
        fields["condition_question"] = None
        fields["condition_choices"] = []
    return fields


@transaction.atomic
def survey_question_add(
    *,
    page: SurveyPage,
    kind: str,
    text: dict[str, str],
    required: bool = False,
    **content: Unpack[QuestionContent],
) -> SurveyQuestion:
    """A question at the end of the page. Choice options: [{"text": {"nb": ...}}, ...]."""
    survey = page.survey
    fields = _question_fields(
        survey=survey,
        page=page,
        kind=kind,
        text=text,
        current=None,
        **content,
    )
    last = page.questions.order_by("-order").values_list("order", flat=True).first() or 0
    question = SurveyQuestion(survey=survey, page=page, order=last + 1, required=required, **fields)
    save_validated(question)
    structure_changed(survey)
    return question


@transaction.atomic
def survey_question_update(
    *,
    question: SurveyQuestion,
    text: dict[str, str],
    required: bool = False,
    **content: Unpack[QuestionContent],
) -> SurveyQuestion:
    """Change a question (its type stays). Once answered, options may be reworded or added but
    not removed, and a map question's geometry kind stays."""
    fields = _question_fields(
        survey=question.survey,
        page=question.page,
        kind=question.kind,
        text=text,
        current=question,
        **content,
    )
    if question.answers.exists():
        removed = set(question.option_ids()) - {option["id"] for option in fields["options"]}
        removed_rows = set(question.row_ids()) - {row["id"] for row in fields["rows"]}
        if removed or removed_rows:
            raise ValidationError(
                {"options": _("Spørsmålet er besvart: alternativer kan ikke fjernes, bare endres.")}
            )
        if fields["geometry_kind"] != question.geometry_kind or (
            fields["scale_min"],
            fields["scale_max"],
        ) != (question.scale_min, question.scale_max):
            raise ValidationError(
                {"kind": _("Spørsmålet er besvart: skala og geometri kan ikke endres.")}
            )
    for name, value in fields.items():
        setattr(question, name, value)
    question.required = required
    save_validated(question)
    structure_changed(question.survey_id)
    return question


@transaction.atomic
def survey_question_delete(*, question: SurveyQuestion) -> None:
    if question.answers.exists():
        raise ValidationError({"question": _("Spørsmålet er besvart og kan ikke slettes.")})
    if question.dependent_questions.exists():
        raise ValidationError(
            {
                "question": _(
                    "Andre spørsmål vises bare ut fra svaret på dette. Fjern betingelsen først."
                )
            }
        )
    survey_id = question.survey_id
    question.delete()
    structure_changed(survey_id)


@transaction.atomic
def survey_tokens_create(*, survey: Survey, count: int, by: AnyUser | None) -> list[str]:
    """`count` new single-use invitation tokens (1–5000). Only their hashes are stored: the
    tokens are returned this once, for the links staff hand out."""
    require(can_run_participation, by, survey.municipality)
    if not 1 <= count <= 5000:
        raise ValidationError({"count": _("Lag mellom 1 og 5000 lenker om gangen.")})
    tokens = [secrets.token_urlsafe(16) for _number in range(count)]
    InvitationToken.objects.bulk_create(
        [InvitationToken(survey=survey, token_hash=token_hash(token)) for token in tokens]
    )
    audit_record(
        municipality=survey.municipality,
        actor=by,
        action="survey.tokens_created",
        obj=survey,
        summary=_("%(count)s invitasjonslenker er laget.") % {"count": count},
    )
    return tokens


FINGERPRINT_DAYS_AFTER_CLOSE = 30


@transaction.atomic
def surveys_purge_personal_data(*, today: date | None = None) -> int:
    """The surveys' part of the retention task: delete names and e-mail addresses of
    identified answers past their survey's retention period (the answers stay, anonymous),
    and the browser hashes of surveys closed more than 30 days ago (they only keep one
    answer per person while a survey is open). Returns how many answers were changed."""
    today = today or timezone.localdate()
    expired = Response.objects.filter(delete_personal_data_after__lte=today).exclude(
        respondent_name="", respondent_email=""
    )
    changed = expired.update(
        respondent_name="", respondent_email="", delete_personal_data_after=None
    )
    closed_before = timezone.now() - timedelta(days=FINGERPRINT_DAYS_AFTER_CLOSE)
    if today != timezone.localdate():
        closed_before = closed_before + timedelta(days=(today - timezone.localdate()).days)
    changed += (
        Response.objects.filter(survey__closes_at__lte=closed_before)
        .exclude(fingerprint_hash="")
        .update(fingerprint_hash="")
    )
    return changed


def personal_data_until(survey: Survey) -> date | None:
    if survey.identity != SurveyIdentity.IDENTIFIED:
        return None
    return timezone.localdate() + timedelta(days=survey.retention_days)


@transaction.atomic
def survey_translations_set(
    *,
    survey: Survey,
    language: str,
    translations: Sequence[tuple[Any, str, str | None, str]],
    by: AnyUser | None,
) -> int:
    """Set one language's texts: each entry is (survey, page or question; the text field's
    name; an option or row id or None; the text — empty removes the translation). Returns how
    many texts are now in the language."""
    require(can_run_participation, by, survey.municipality)
    if language not in survey.languages or language == survey.default_language:
        raise ValidationError({"language": _("Velg et av undersøkelsens andre språk.")})
    changed: dict[tuple[str, int], Any] = {}
    count = 0
    for obj, attribute, item_id, text in translations:
        owner_survey_id = obj.pk if isinstance(obj, Survey) else obj.survey_id
        if owner_survey_id != survey.pk:
            raise ValidationError({"language": _("Teksten hører til en annen undersøkelse.")})
        value = clean_text(text, max_length=MAX_TEXT)
        if item_id is None:
            texts = dict(getattr(obj, attribute) or {})
            target = texts
        else:
            items = getattr(obj, attribute)
            found: dict[str, str] | None = next(
                (entry["text"] for entry in items if str(entry["id"]) == item_id), None
            )
            if found is None:
                continue
            target = found
            if target is None:
                continue
            texts = None
        if value:
            target[language] = value
            count += 1
        else:
            target.pop(language, None)
        if texts is not None:
            setattr(obj, attribute, texts)
        changed[(type(obj).__name__, obj.pk)] = obj
    for obj in changed.values():
        obj.save()
    structure_changed(survey)
    audit_record(
        municipality=survey.municipality,
        actor=by,
        action="survey.translated",
        obj=survey,
        summary=_("Tekstene på «%(language)s» er oppdatert.") % {"language": language},
    )
    return count
