"""Pages for surveys and children's map registrations.

Staff (`can_view_participation` reads, `can_run_participation` builds): the survey list, the
builder (settings, pages, questions, translations, invitation links), results with charts and
hexagon maps, exports, assisted (paper) answers; children's map sessions with their
aggregated map and comments.

Residents (public, no login, mobile first, no JavaScript needed): the open surveys, a
survey page by page in the survey's own languages, the published results (small numbers
protected); children enter a class code and mark their way to school and their places.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omrade.common.views import add_refusal, save_with
from omrade.participation.core.abuse import (
    browser_hash,
    has_browser_cookie,
    keyed_hash,
    over_budget,
    rate_limited,
    refusal_message,
)
from omrade.participation.core.permissions import can_run_participation, can_view_participation
from omrade.participation.surveys import selectors
from omrade.participation.surveys.forms import (
    AssistedNoteForm,
    ChildMapSchoolForm,
    ChildMapSessionForm,
    ChildMarkForm,
    IdentityForm,
    PageForm,
    QuestionForm,
    ResidenceForm,
    SurveyForm,
    TokensForm,
    TranslationForm,
    raw_answers,
)
from omrade.participation.surveys.models import (
    ChildMapSession,
    MarkKind,
    QuestionKind,
    ResidenceCheck,
    Response,
    Survey,
    SurveyIdentity,
    SurveyPage,
    SurveyQuestion,
    translated,
)
from omrade.participation.surveys.services import answers as answering
from omrade.participation.surveys.services import childmaps as childmap_services
from omrade.participation.surveys.services import surveys as services
from omrade.tenancy.access import get_in_municipality, municipality_view, public_municipality_view
from omrade.tenancy.models import Municipality
from omrade.tenancy.tiles import map_background

CHILD_COOKIE = "omrade_barnetrakk"
# The ids of the marks this browser saved in a session, so the child sees what they drew.
CHILD_OWN_COOKIE = "omrade_barnetrakk_mine_{pk}"
CHILD_OWN_SALT = "childmap-own-marks"
CHILD_OWN_MAX = 100
CHILD_MARKS_PER_10_MINUTES = 60
CHILD_MARKS_PER_SESSION_HOUR = 3000


def _survey(municipality: Municipality, pk: int) -> Survey:
    return get_in_municipality(Survey, municipality, pk=pk)


def _page(survey: Survey, page_pk: int) -> SurveyPage:
    page = SurveyPage.objects.filter(survey=survey, pk=page_pk).select_related("survey").first()
    if page is None:
        raise Http404
    return page


def _question(survey: Survey, question_pk: int) -> SurveyQuestion:
    question = (
        SurveyQuestion.objects.filter(survey=survey, pk=question_pk)
        .select_related("page", "survey")
        .first()
    )
    if question is None:
        raise Http404
    return question


# --- staff: list, builder ------------------------------------------------------------------


@municipality_view(can_view_participation)
def survey_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    return render(
        request,
        "participation/surveys/survey_list.html",
        {
            "municipality": municipality,
            "surveys": selectors.surveys_of(municipality),
            "can_run": can_run_participation(request.user, municipality),
        },
    )


@municipality_view(can_run_participation)
def survey_create(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form = SurveyForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                municipality=municipality, by=request.user, **form.service_arguments()
            )
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("Undersøkelsen er opprettet. Legg til spørsmål."))
            return redirect(survey.get_absolute_url())
    return render(
        request,
        "participation/surveys/survey_form.html",
        {"municipality": municipality, "form": form, "survey": None},
        status=400 if form.is_bound else 200,
    )


def _builder_context(survey: Survey) -> dict[str, Any]:
    questions = selectors.survey_questions(survey)
    pages = [
        (page, [question for question in questions if question.page_id == page.pk])
        for page in survey.pages.order_by("order")
    ]
    return {
        "survey": survey,
        "pages": pages,
        "question_kinds": QuestionKind.choices,
        "other_languages": [code for code in survey.languages if code != survey.default_language],
        "answer_count": Response.objects.filter(survey=survey, complete=True).count(),
        "token_count": survey.tokens.count(),
        "used_token_count": survey.tokens.filter(used_at__isnull=False).count(),
    }


@municipality_view(can_view_participation)
def survey_detail(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    survey = _survey(municipality, pk)
    return render(
        request,
        "participation/surveys/survey_detail.html",
        {
            "municipality": municipality,
            "can_run": can_run_participation(request.user, municipality),
            "tokens_form": TokensForm(),
            "public_url": request.build_absolute_uri(
                reverse("participation:survey_start", args=[municipality.code, survey.pk])
            ),
            **_builder_context(survey),
        },
    )


@municipality_view(can_run_participation)
def survey_edit(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    survey = _survey(municipality, pk)
    form = SurveyForm(
        request.POST or None, municipality=municipality, initial=SurveyForm.initial_for(survey)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(survey=survey, by=request.user, **form.service_arguments(survey))
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("Innstillingene er lagret."))
            return redirect(survey.get_absolute_url())
    return render(
        request,
        "participation/surveys/survey_form.html",
        {"municipality": municipality, "form": form, "survey": survey},
        status=400 if form.is_bound else 200,
    )


@require_POST
@municipality_view(can_run_participation)
def survey_publish(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    survey = _survey(municipality, pk)
    choices = {"1": True, "0": False}
    try:
        services.survey_set_published(
            survey=survey,
            by=request.user,
            published=choices.get(request.POST.get("published", "")),
            results_published=choices.get(request.POST.get("results_published", "")),
        )
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Publiseringen er endret."))
    return redirect(survey.get_absolute_url())


@require_POST
@municipality_view(can_run_participation)
def survey_page_add(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    survey = _survey(municipality, pk)
    page = services.survey_page_add(survey=survey)
    messages.success(request, _("Side %(number)s er lagt til.") % {"number": page.order})
    return redirect(survey.get_absolute_url())


@municipality_view(can_run_participation)
def survey_page_edit(
    request: HttpRequest, municipality: Municipality, pk: int, page_pk: int
) -> HttpResponse:
    survey = _survey(municipality, pk)
    page = _page(survey, page_pk)
    language = survey.default_language
    form = PageForm(
        request.POST or None,
        initial={"title": page.title.get(language, ""), "intro": page.intro.get(language, "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_page_update(
                page=page,
                title={**page.title, language: form.cleaned_data["title"]},
                intro={**page.intro, language: form.cleaned_data["intro"]},
            )
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            return redirect(survey.get_absolute_url())
    return render(
        request,
        "participation/surveys/page_form.html",
        {"municipality": municipality, "survey": survey, "page": page, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
@municipality_view(can_run_participation)
def survey_page_delete(
    request: HttpRequest, municipality: Municipality, pk: int, page_pk: int
) -> HttpResponse:
    survey = _survey(municipality, pk)
    try:
        services.survey_page_delete(page=_page(survey, page_pk))
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Siden er slettet."))
    return redirect(survey.get_absolute_url())


@municipality_view(can_run_participation)
def survey_question_add(
    request: HttpRequest, municipality: Municipality, pk: int, page_pk: int
) -> HttpResponse:
    survey = _survey(municipality, pk)
    page = _page(survey, page_pk)
    kind = request.GET.get("kind") or request.POST.get("kind") or QuestionKind.SINGLE
    form = QuestionForm(request.POST or None, page=page, initial={"kind": kind})
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_question_add(
                page=page, kind=form.cleaned_data["kind"], **form.service_arguments()
            )
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("Spørsmålet er lagt til."))
            return redirect(survey.get_absolute_url())
    return render(
        request,
        "participation/surveys/question_form.html",
        {
            "municipality": municipality,
            "survey": survey,
            "page": page,
            "form": form,
            "question": None,
        },
        status=400 if form.is_bound else 200,
    )


@municipality_view(can_run_participation)
def survey_question_edit(
    request: HttpRequest, municipality: Municipality, pk: int, question_pk: int
) -> HttpResponse:
    survey = _survey(municipality, pk)
    question = _question(survey, question_pk)
    form = QuestionForm(
        request.POST or None,
        page=question.page,
        question=question,
        initial=QuestionForm.initial_for(question),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_question_update(question=question, **form.service_arguments())
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("Spørsmålet er lagret."))
            return redirect(survey.get_absolute_url())
    return render(
        request,
        "participation/surveys/question_form.html",
        {
            "municipality": municipality,
            "survey": survey,
            "page": question.page,
            "form": form,
            "question": question,
        },
        status=400 if form.is_bound else 200,
    )


@require_POST
@municipality_view(can_run_participation)
def survey_question_delete(
    request: HttpRequest, municipality: Municipality, pk: int, question_pk: int
) -> HttpResponse:
    survey = _survey(municipality, pk)
    try:
        services.survey_question_delete(question=_question(survey, question_pk))
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Spørsmålet er slettet."))
    return redirect(survey.get_absolute_url())


@municipality_view(can_run_participation)
def survey_translate(
    request: HttpRequest, municipality: Municipality, pk: int, language: str
) -> HttpResponse:
    survey = _survey(municipality, pk)
    if language not in survey.languages or language == survey.default_language:
        raise Http404
    form = TranslationForm(request.POST or None, survey=survey, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_translations_set(
                survey=survey,
                language=language,
                translations=form.translations(),
                by=request.user,
            )
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("Oversettelsen er lagret."))
            return redirect(survey.get_absolute_url())
    return render(
        request,
        "participation/surveys/translate.html",
        {"municipality": municipality, "survey": survey, "form": form, "language": language},
        status=400 if form.is_bound else 200,
    )


@require_POST
@municipality_view(can_run_participation)
def survey_tokens(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    """Make invitation links and download them as CSV at once: only hashes are kept."""
    survey = _survey(municipality, pk)
    form = TokensForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect(survey.get_absolute_url())
    tokens = services.survey_tokens_create(
        survey=survey, count=form.cleaned_data["count"], by=request.user
    )
    start = request.build_absolute_uri(
        reverse("participation:survey_start", args=[municipality.code, survey.pk])
    )
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([_("nummer"), _("lenke"), _("kode")])
    for number, token in enumerate(tokens, start=1):
        writer.writerow([number, f"{start}?token={token}", token])
    response = HttpResponse(output.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="invitasjoner-{survey.pk}.csv"'
    return response


# --- staff: results, exports, assisted answers ---------------------------------------------


@municipality_view(can_view_participation)
def survey_results(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    survey = _survey(municipality, pk)
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
    survey = _survey(municipality, pk)
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
    survey = _survey(municipality, pk)
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
            "questions": _question_views(
                survey, questions, survey.default_language, request.POST if errors else None, errors
            ),
            "errors": _error_list(questions, errors),
            "identified": survey.identity == SurveyIdentity.IDENTIFIED,
            "places": selectors.place_choices(survey),
            "map_areas": selectors.survey_map_areas(survey),
            **map_background(request, municipality),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- residents: the answering pages --------------------------------------------------------


def _language(request: HttpRequest, survey: Survey) -> str:
    wanted = request.GET.get("lang") or request.POST.get("lang") or ""
    return wanted if wanted in survey.languages else survey.default_language


def _published_survey(municipality: Municipality, pk: int) -> Survey:
    survey = _survey(municipality, pk)
    if not survey.is_published:
        raise Http404
    return survey


def _session_key(survey: Survey) -> str:
    return f"survey_response_{survey.pk}"


def _current_response(request: HttpRequest, survey: Survey) -> Response | None:
    response_id = request.session.get(_session_key(survey))
    if not response_id:
        return None
    return Response.objects.filter(survey=survey, pk=response_id, complete=False).first()


# Names of languages Django does not know, in the language itself.
LANGUAGE_NAMES = {
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "am": "አማርኛ",
    "prs": "دری",
    "ps": "پښتو",
    "ku": "Kurdî",
    "ckb": "کوردی",
    "se": "Davvisámegiella",
    "sw": "Kiswahili",
}


def _language_links(request: HttpRequest, survey: Survey, language: str) -> list[dict[str, Any]]:
    from django.utils.translation import get_language_info

    links = []
    for code in survey.languages:
        try:
            name = get_language_info(code)["name_local"]
        except KeyError:
            name = LANGUAGE_NAMES.get(code.split("-")[0], code)
        links.append(
            {
                "code": code,
                "name": name,
                "current": code == language,
                "url": f"{request.path}?lang={code}",
            }
        )
    return links


def _browser(request: HttpRequest, survey: Survey) -> str:
    """This browser's keyed hash for the survey (abuse.browser_hash): what a complete answer
    stores to keep to one answer per browser."""
    return browser_hash(request, scope=f"survey:{survey.pk}")


def _already_answered(request: HttpRequest, survey: Survey) -> bool:
    """Whether this browser (its cookie) already answered; invitation-only surveys go by
    their single-use tokens instead. The address plays no part: neighbours on one network
    each answer."""
    if survey.invitation_only or not has_browser_cookie(request):
        return False
    return answering.fingerprint_has_answered(survey, _browser(request, survey))


def _resident_context(request: HttpRequest, survey: Survey, language: str) -> dict[str, Any]:
    return {
        "municipality": survey.municipality,
        "survey": survey,
        "language": language,
        "title": survey.title_in(language),
        "intro": survey.intro_in(language),
        "survey_languages": _language_links(request, survey, language),
        "not_yet_open": bool(survey.opens_at and timezone.now() < survey.opens_at),
        "text_direction": "rtl"
        if language.split("-")[0] in {"ar", "fa", "ur", "he", "ps", "ckb"}
        else "ltr",
    }


@public_municipality_view
def survey_open_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    return render(
        request,
        "participation/surveys/open_list.html",
        {
            "municipality": municipality,
            "surveys": selectors.open_surveys_of(municipality),
            "results": selectors.published_results_of(municipality),
        },
    )


@public_municipality_view
def survey_start(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    survey = _published_survey(municipality, pk)
    language = _language(request, survey)
    context = _resident_context(request, survey, language)
    if not survey.is_open():
        return render(request, "participation/surveys/closed.html", context)
    token = request.GET.get("token", "") or request.session.get(f"survey_token_{survey.pk}", "")
    if survey.invitation_only and not (token and answering.token_usable(survey, token)):
        context["token_problem"] = bool(token)
        return render(
            request,
            "participation/surveys/need_invitation.html",
            context,
            status=403 if token else 200,
        )
    if token:
        request.session[f"survey_token_{survey.pk}"] = token
    if _already_answered(request, survey):
        return render(request, "participation/surveys/already_answered.html", context)
    places = selectors.place_choices(survey)
    needs_check = survey.residence_check != ResidenceCheck.NONE
    form = ResidenceForm(request.POST or None, survey=survey, places=places)
    if request.method == "POST":
        if over_budget(request, "survey-start", scope=str(survey.pk)):
            return render(request, "participation/surveys/too_many.html", context, status=429)
        if form.is_valid():
            lives_in_area = None
            try:
                if needs_check:
                    lives_in_area = answering.residence_ok(
                        survey,
                        postcode=form.cleaned_data.get("postcode", ""),
                        point=form.point_value(),
                        area_id=form.cleaned_data.get("place_area"),
                    )
                if lives_in_area is False:
                    return render(
                        request, "participation/surveys/not_resident.html", context, status=403
                    )
                response = answering.response_start(
                    survey=survey, language=language, token=token, lives_in_area=lives_in_area
                )
            except ValidationError as refused:
                add_refusal(form, refused)
            else:
                request.session[_session_key(survey)] = response.pk
                return redirect(_step_url(survey, 1, language))
    context.update(
        {
            "form": form,
            "needs_check": needs_check,
            "point_check": survey.residence_check == ResidenceCheck.POINT,
            "map_areas": selectors.survey_map_areas(survey),
            **map_background(request, municipality),
        }
    )
    return render(
        request,
        "participation/surveys/start.html",
        context,
        status=400 if form.is_bound and form.errors else 200,
    )


def _start_url(survey: Survey, language: str) -> str:
    url = reverse("participation:survey_start", args=[survey.municipality.code, survey.pk])
    return f"{url}?lang={language}"


def _step_url(survey: Survey, number: int, language: str) -> str:
    url = reverse("participation:survey_page", args=[survey.municipality.code, survey.pk, number])
    return f"{url}?lang={language}"


def _question_views(
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


def _error_list(
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


@public_municipality_view
def survey_page(
    request: HttpRequest, municipality: Municipality, pk: int, number: int
) -> HttpResponseBase:
    survey = _published_survey(municipality, pk)
    language = _language(request, survey)
    context = _resident_context(request, survey, language)
    if not survey.is_open():
        return render(request, "participation/surveys/closed.html", context)
    response = _current_response(request, survey)
    if response is None:
        return redirect(_start_url(survey, language))
    stored = answering.answers_of(response)
    pages = answering.shown_pages(stored, survey)
    submit_url = reverse("participation:survey_submit", args=[municipality.code, survey.pk])
    if not pages or number > len(pages):
        return redirect(f"{submit_url}?lang={language}")
    if number < 1:
        return redirect(_step_url(survey, 1, language))
    page = pages[number - 1]
    all_questions = selectors.survey_questions(survey)
    shown = [q for q in all_questions if q.page_id == page.pk and answering.is_shown(q, stored)]
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if over_budget(request, "survey-page", scope=str(survey.pk)):
            return render(request, "participation/surveys/too_many.html", context, status=429)
        try:
            answering.response_save_page(
                response=response, page=page, raw=raw_answers(shown, request.POST)
            )
        except ValidationError as refused:
            errors = refused.message_dict
        else:
            stored = answering.answers_of(response)
            pages = answering.shown_pages(stored, survey)
            following = [p for p in pages if p.order > page.order]
            if request.POST.get("back") and number > 1:
                return redirect(_step_url(survey, number - 1, language))
            if following:
                return redirect(_step_url(survey, pages.index(following[0]) + 1, language))
            return redirect(f"{submit_url}?lang={language}")
    has_map = any(question.kind == QuestionKind.MAP for question in shown)
    context.update(
        {
            "page": page,
            "page_title": page.title_in(language),
            "page_intro": page.intro_in(language),
            "number": number,
            "page_count": len(pages),
            "questions": _question_views(
                survey, shown, language, request.POST if errors else None, errors, stored
            ),
            "errors": _error_list(shown, errors),
            "has_map": has_map,
            "places": selectors.place_choices(survey) if has_map else [],
            "map_areas": selectors.survey_map_areas(survey) if has_map else None,
            **map_background(request, municipality),
        }
    )
    return render(
        request, "participation/surveys/page.html", context, status=400 if errors else 200
    )


@public_municipality_view
def survey_submit(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponseBase:
    survey = _published_survey(municipality, pk)
    language = _language(request, survey)
    context = _resident_context(request, survey, language)
    if not survey.is_open():
        return render(request, "participation/surveys/closed.html", context)
    response = _current_response(request, survey)
    if response is None:
        return redirect(_start_url(survey, language))
    identified = survey.identity == SurveyIdentity.IDENTIFIED
    form = IdentityForm(request.POST or None) if identified else None
    errors: list[str] = []
    if request.method == "POST":
        if over_budget(request, "survey-page", scope=str(survey.pk)):
            return render(request, "participation/surveys/too_many.html", context, status=429)
        if form is None or form.is_valid():
            try:
                answering.response_complete(
                    response=response,
                    fingerprint=_browser(request, survey),
                    token=request.session.get(f"survey_token_{survey.pk}", ""),
                    name=form.cleaned_data["respondent_name"] if form else "",
                    email=form.cleaned_data["respondent_email"] if form else "",
                )
            except answering.AlreadyAnswered:
                request.session.pop(_session_key(survey), None)
                return render(
                    request, "participation/surveys/already_answered.html", context, status=409
                )
            except ValidationError as refused:
                if form is not None:
                    add_refusal(form, refused)
                errors = list(refused.messages)
            else:
                request.session.pop(_session_key(survey), None)
                request.session.pop(f"survey_token_{survey.pk}", None)
                return redirect(
                    reverse("participation:survey_thanks", args=[municipality.code, survey.pk])
                    + f"?lang={language}"
                )
    pages = answering.shown_pages(answering.answers_of(response), survey)
    context.update(
        {
            "form": form,
            "errors": errors,
            "back_url": _step_url(survey, len(pages), language) if pages else "",
            "retention_days": survey.retention_days,
        }
    )
    return render(
        request,
        "participation/surveys/submit.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@public_municipality_view
def survey_thanks(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    survey = _published_survey(municipality, pk)
    return render(
        request,
        "participation/surveys/thanks.html",
        _resident_context(request, survey, _language(request, survey)),
    )


@public_municipality_view
def survey_public_results(
    request: HttpRequest, municipality: Municipality, pk: int
) -> HttpResponse:
    survey = _survey(municipality, pk)
    if not survey.results_published:
        raise Http404
    language = _language(request, survey)
    return render(
        request,
        "participation/surveys/results.html",
        {
            **_resident_context(request, survey, language),
            "results": selectors.survey_results(survey, public=True, language=language),
            "public": True,
            **map_background(request, municipality),
        },
    )


# --- children's map registrations ----------------------------------------------------------


@municipality_view(can_view_participation)
def childmap_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    can_run = can_run_participation(request.user, municipality)
    form = ChildMapSessionForm(request.POST or None, municipality=municipality) if can_run else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                session = childmap_services.childmap_session_open(
                    municipality=municipality, by=request.user, **form.cleaned_data
                )
            except ValidationError as refused:
                add_refusal(form, refused)
            else:
                messages.success(
                    request, _("Økten er åpnet. Koden er %(code)s.") % {"code": session.code}
                )
                return redirect(session.get_absolute_url())
    return render(
        request,
        "participation/childmaps/session_list.html",
        {
            "municipality": municipality,
            "sessions": selectors.childmap_sessions_of(municipality),
            "form": form,
            "enter_url": request.build_absolute_uri(
                reverse("participation:childmap_enter", args=[municipality.code])
            ),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


def _session(municipality: Municipality, pk: int) -> ChildMapSession:
    return get_in_municipality(ChildMapSession, municipality, pk=pk)


@municipality_view(can_view_participation)
def childmap_detail(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    session = _session(municipality, pk)
    return _childmap_detail_page(request, municipality, session, school_form=None)


def _school_initial(session: ChildMapSession) -> dict[str, Any]:
    initial: dict[str, Any] = {"school_name": session.school_name}
    point = selectors.childmap_school_point(session)
    if point is not None:
        initial["school_lon"], initial["school_lat"] = point["coordinates"]
    return initial


def _childmap_detail_page(
    request: HttpRequest,
    municipality: Municipality,
    session: ChildMapSession,
    *,
    school_form: ChildMapSchoolForm | None,
) -> HttpResponse:
    marks = selectors.childmap_marks(municipality, session=session)
    can_run = can_run_participation(request.user, municipality)
    if school_form is None and can_run:
        school_form = ChildMapSchoolForm(initial=_school_initial(session))
    return render(
        request,
        "participation/childmaps/session_detail.html",
        {
            "municipality": municipality,
            "session": session,
            "summary": selectors.childmap_summary(marks, country=municipality.country),
            "can_run": can_run,
            "school_form": school_form if can_run else None,
            "school_point": selectors.childmap_school_point(session),
            "school_geojson": selectors.childmap_school_geojson(session),
            "kinds": MarkKind,
            **map_background(request, municipality),
        },
        status=400 if school_form is not None and school_form.is_bound else 200,
    )


@require_POST
@municipality_view(can_run_participation)
def childmap_school(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    """Staff set (or clear) the school's name and place on the map."""
    session = _session(municipality, pk)
    form = ChildMapSchoolForm(request.POST)
    saved = save_with(
        form,
        lambda data: childmap_services.childmap_session_set_school(
            session=session, by=request.user, **data
        ),
    )
    if saved is None:
        return _childmap_detail_page(request, municipality, session, school_form=form)
    messages.success(request, _("Skolen er lagret."))
    return redirect(saved.get_absolute_url())


@require_POST
@municipality_view(can_run_participation)
def childmap_close(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    session = childmap_services.childmap_session_close(
        session=_session(municipality, pk), by=request.user
    )
    messages.success(request, _("Økten er stengt."))
    return redirect(session.get_absolute_url())


@municipality_view(can_view_participation)
def childmap_export(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    session = _session(municipality, pk)
    data = selectors.childmap_geojson(
        selectors.childmap_marks(municipality, session=session), session=session
    )
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/geo+json"
    response["Content-Disposition"] = f'attachment; filename="barnetrakk-{session.pk}.geojson"'
    return response


@public_municipality_view
def childmap_enter(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """The child types the code from the board (a GET form: nothing is stored)."""
    code = childmap_services.normalise_code(request.GET.get("code", ""))
    error = ""
    if request.GET.get("code") is not None:
        session = selectors.childmap_session_by_code(municipality, code) if code else None
        if session is not None and session.accepts_marks():
            return redirect(
                reverse("participation:childmap_draw", args=[municipality.code, session.code])
            )
        error = _("Fant ingen åpen økt med den koden. Sjekk koden og prøv igjen.")
    return render(
        request,
        "participation/childmaps/enter.html",
        {"municipality": municipality, "error": error, "code": code},
        status=404 if error else 200,
    )


def _child_identity(request: HttpRequest, session: ChildMapSession) -> tuple[str, str | None]:
    """The rate limiter's identity: the session code and a random per-browser cookie (never
    the IP address, never stored in clear). Returns it and a new cookie value to set, if any."""
    cookie = request.COOKIES.get(CHILD_COOKIE, "")
    new_cookie = None
    if len(cookie) != 32 or not cookie.isalnum():
        cookie = secrets.token_hex(16)
        new_cookie = cookie
    return keyed_hash("childmap", session.code, cookie), new_cookie


def _own_mark_ids(request: HttpRequest, session: ChildMapSession) -> list[int]:
    raw = request.get_signed_cookie(
        CHILD_OWN_COOKIE.format(pk=session.pk), default="", salt=CHILD_OWN_SALT
    )
    return [int(part) for part in (raw or "").split(",") if part.isdigit()][-CHILD_OWN_MAX:]


@public_municipality_view
def childmap_draw(
    request: HttpRequest, municipality: Municipality, session_code: str
) -> HttpResponse:
    session = selectors.childmap_session_by_code(
        municipality, childmap_services.normalise_code(session_code)
    )
    if session is None:
        raise Http404
    places = selectors.childmap_place_choices(session)
    form = ChildMarkForm(request.POST or None, places=places)
    identity, new_cookie = _child_identity(request, session)
    status = 200
    saved = None
    if not session.accepts_marks():
        response = render(
            request,
            "participation/childmaps/closed.html",
            {"municipality": municipality, "session": session},
        )
        return response
    if request.method == "POST":
        limited = rate_limited(
            request,
            key=f"childmap:{session.pk}",
            limit=CHILD_MARKS_PER_10_MINUTES,
            per_seconds=600,
            identity=identity,
        ) or rate_limited(
            request,
            key=f"childmap-session:{session.pk}",
            limit=CHILD_MARKS_PER_SESSION_HOUR,
            per_seconds=3600,
            identity=session.code,
        )
        if limited:
            form.add_error(None, refusal_message())
            status = 429
        elif form.is_valid():
            try:
                saved = childmap_services.childmap_mark_add(
                    session=session, **form.service_arguments()
                )
            except ValidationError as refused:
                add_refusal(form, refused)
                status = 400
            else:
                form = ChildMarkForm(places=places)
        else:
            status = 400
    own_ids = _own_mark_ids(request, session)
    if saved is not None:
        own_ids = [*own_ids, saved.pk][-CHILD_OWN_MAX:]
    own_marks = selectors.childmap_own_marks(session, own_ids)
    response = render(
        request,
        "participation/childmaps/draw.html",
        {
            "municipality": municipality,
            "session": session,
            "form": form,
            "saved": saved,
            "own_marks": own_marks,
            "own_geojson": selectors.childmap_own_geojson(own_marks),
            "school_geojson": selectors.childmap_school_geojson(session),
            "mark_count": session.marks.count(),
            "area_geojson": {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": session.area.boundary_for_map or session.area.boundary,
                        "properties": {"name": session.area.name},
                    }
                ]
                if session.area is not None and session.area.boundary
                else [],
            },
            **map_background(request, municipality),
        },
        status=status,
    )
    if new_cookie:
        response.set_cookie(
            CHILD_COOKIE, new_cookie, max_age=24 * 3600, httponly=True, samesite="Lax"
        )
    if saved is not None:
        response.set_signed_cookie(
            CHILD_OWN_COOKIE.format(pk=session.pk),
            ",".join(str(pk) for pk in own_ids),
            salt=CHILD_OWN_SALT,
            max_age=24 * 3600,
            httponly=True,
            samesite="Lax",
        )
    return response


urlpatterns: list[URLPattern] = [
    # Staff
    path("surveys/", survey_list, name="survey_list"),
    path("surveys/new/", survey_create, name="survey_create"),
    path("surveys/<int:pk>/", survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/edit/", survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/publish/", survey_publish, name="survey_publish"),
    path("surveys/<int:pk>/pages/add/", survey_page_add, name="survey_page_add"),
    path("surveys/<int:pk>/pages/<int:page_pk>/", survey_page_edit, name="survey_page_edit"),
    path(
        "surveys/<int:pk>/pages/<int:page_pk>/delete/",
        survey_page_delete,
        name="survey_page_delete",
    ),
    path(
        "surveys/<int:pk>/pages/<int:page_pk>/questions/add/",
        survey_question_add,
        name="survey_question_add",
    ),
    path(
        "surveys/<int:pk>/questions/<int:question_pk>/",
        survey_question_edit,
        name="survey_question_edit",
    ),
    path(
        "surveys/<int:pk>/questions/<int:question_pk>/delete/",
        survey_question_delete,
        name="survey_question_delete",
    ),
    path("surveys/<int:pk>/translate/<str:language>/", survey_translate, name="survey_translate"),
    path("surveys/<int:pk>/tokens/", survey_tokens, name="survey_tokens"),
    path("surveys/<int:pk>/results/", survey_results, name="survey_results"),
    path("surveys/<int:pk>/export/<str:file_format>/", survey_export, name="survey_export"),
    path("surveys/<int:pk>/assisted/", survey_assisted, name="survey_assisted"),
    path("childmaps/", childmap_list, name="childmap_list"),
    path("childmaps/<int:pk>/", childmap_detail, name="childmap_detail"),
    path("childmaps/<int:pk>/close/", childmap_close, name="childmap_close"),
    path("childmaps/<int:pk>/school/", childmap_school, name="childmap_school"),
    path("childmaps/<int:pk>/export.geojson", childmap_export, name="childmap_export"),
    # Residents (public)
    path("undersokelser/", survey_open_list, name="survey_open_list"),
    path("undersokelser/<int:pk>/", survey_start, name="survey_start"),
    path("undersokelser/<int:pk>/side/<int:number>/", survey_page, name="survey_page"),
    path("undersokelser/<int:pk>/send/", survey_submit, name="survey_submit"),
    path("undersokelser/<int:pk>/takk/", survey_thanks, name="survey_thanks"),
    path("undersokelser/<int:pk>/resultater/", survey_public_results, name="survey_public_results"),
    path("barnetrakk/", childmap_enter, name="childmap_enter"),
    path("barnetrakk/<str:session_code>/", childmap_draw, name="childmap_draw"),
]
