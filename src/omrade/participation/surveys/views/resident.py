"""Residents' pages (public, no login, mobile first, no JavaScript needed): the open surveys,
a survey page by page in the survey's own languages, the published results (small numbers
protected)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from omrade.common.views import add_refusal
from omrade.participation.core.abuse import (
    browser_hash,
    has_browser_cookie,
    over_budget,
)
from omrade.participation.surveys import selectors
from omrade.participation.surveys.forms import (
    IdentityForm,
    ResidenceForm,
    raw_answers,
)
from omrade.participation.surveys.models import (
    QuestionKind,
    ResidenceCheck,
    Response,
    Survey,
    SurveyIdentity,
)
from omrade.participation.surveys.services import answers as answering
from omrade.participation.surveys.views.common import (
    error_list,
    question_views,
    staff_survey,
)
from omrade.tenancy.access import public_municipality_view
from omrade.tenancy.models import Municipality
from omrade.tenancy.tiles import map_background


def _language(request: HttpRequest, survey: Survey) -> str:
    wanted = request.GET.get("lang") or request.POST.get("lang") or ""
    return wanted if wanted in survey.languages else survey.default_language


def _published_survey(municipality: Municipality, pk: int) -> Survey:
    survey = staff_survey(municipality, pk)
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


def _answering(
    request: HttpRequest, municipality: Municipality, pk: int
) -> tuple[Survey, str, dict[str, Any], Response] | HttpResponseBase:
    """The survey being answered, the language, the page context and this browser's response;
    or the page to show instead (the survey is closed, or this browser has not started)."""
    survey = _published_survey(municipality, pk)
    language = _language(request, survey)
    context = _resident_context(request, survey, language)
    if not survey.is_open():
        return render(request, "participation/surveys/closed.html", context)
    response = _current_response(request, survey)
    if response is None:
        return redirect(_start_url(survey, language))
    return survey, language, context, response


@public_municipality_view
def survey_page(
    request: HttpRequest, municipality: Municipality, pk: int, number: int
) -> HttpResponseBase:
    answering_now = _answering(request, municipality, pk)
    if isinstance(answering_now, HttpResponseBase):
        return answering_now
    survey, language, context, response = answering_now
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
            "questions": question_views(
                survey, shown, language, request.POST if errors else None, errors, stored
            ),
            "errors": error_list(shown, errors),
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
    answering_now = _answering(request, municipality, pk)
    if isinstance(answering_now, HttpResponseBase):
        return answering_now
    survey, language, context, response = answering_now
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
    survey = staff_survey(municipality, pk)
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
