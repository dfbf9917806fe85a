"""Staff pages: the survey list and the builder (settings, pages, questions, translations,
invitation links). `can_view_participation` reads, `can_run_participation` builds."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omrade.common.views import save_posted
from omrade.participation.core.permissions import can_run_participation, can_view_participation
from omrade.participation.surveys import selectors
from omrade.participation.surveys.forms import (
    PageForm,
    QuestionForm,
    SurveyForm,
    TokensForm,
    TranslationForm,
)
from omrade.participation.surveys.models import (
    QuestionKind,
    Response,
    Survey,
)
from omrade.participation.surveys.services import surveys as services
from omrade.participation.surveys.views.common import staff_page, staff_question, staff_survey
from omrade.tenancy.access import municipality_view
from omrade.tenancy.models import Municipality


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
    survey = save_posted(
        request,
        form,
        lambda _data: services.survey_create(
            municipality=municipality, by=request.user, **form.service_arguments()
        ),
        lambda _survey: _("Undersøkelsen er opprettet. Legg til spørsmål."),
    )
    if survey is not None:
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
    survey = staff_survey(municipality, pk)
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
    survey = staff_survey(municipality, pk)
    form = SurveyForm(
        request.POST or None, municipality=municipality, initial=SurveyForm.initial_for(survey)
    )
    return _survey_form(
        request,
        municipality,
        survey,
        form,
        lambda: services.survey_update(
            survey=survey, by=request.user, **form.service_arguments(survey)
        ),
        template="survey_form.html",
        done=_("Innstillingene er lagret."),
    )


def _change(
    request: HttpRequest, survey: Survey, change: Callable[[], object], *, done: str
) -> HttpResponse:
    """Run a builder change from a button; show its refusal or `done`, back on the survey."""
    try:
        change()
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(survey.get_absolute_url())


@require_POST
@municipality_view(can_run_participation)
def survey_publish(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    survey = staff_survey(municipality, pk)
    choices = {"1": True, "0": False}
    return _change(
        request,
        survey,
        lambda: services.survey_set_published(
            survey=survey,
            by=request.user,
            published=choices.get(request.POST.get("published", "")),
            results_published=choices.get(request.POST.get("results_published", "")),
        ),
        done=_("Publiseringen er endret."),
    )


@require_POST
@municipality_view(can_run_participation)
def survey_page_add(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    survey = staff_survey(municipality, pk)
    page = services.survey_page_add(survey=survey)
    messages.success(request, _("Side %(number)s er lagt til.") % {"number": page.order})
    return redirect(survey.get_absolute_url())


@municipality_view(can_run_participation)
def survey_page_edit(
    request: HttpRequest, municipality: Municipality, pk: int, page_pk: int
) -> HttpResponse:
    survey = staff_survey(municipality, pk)
    page = staff_page(survey, page_pk)
    language = survey.default_language
    form = PageForm(
        request.POST or None,
        initial={"title": page.title.get(language, ""), "intro": page.intro.get(language, "")},
    )
    return _survey_form(
        request,
        municipality,
        survey,
        form,
        lambda: services.survey_page_update(
            page=page,
            title={**page.title, language: form.cleaned_data["title"]},
            intro={**page.intro, language: form.cleaned_data["intro"]},
        ),
        template="page_form.html",
        page=page,
    )


@require_POST
@municipality_view(can_run_participation)
def survey_page_delete(
    request: HttpRequest, municipality: Municipality, pk: int, page_pk: int
) -> HttpResponse:
    survey = staff_survey(municipality, pk)
    page = staff_page(survey, page_pk)
    return _change(
        request,
        survey,
        lambda: services.survey_page_delete(page=page),
        done=_("Siden er slettet."),
    )


def _survey_form(
    request: HttpRequest,
    municipality: Municipality,
    survey: Survey,
    form: BaseForm,
    save: Callable[[], object],
    *,
    template: str,
    done: str | None = None,
    **context: Any,
) -> HttpResponse:
    """A builder form: a valid POST runs `save`, shows `done` and goes back to the survey;
    otherwise the page `template` with the form (and its errors)."""
    message = None if done is None else lambda _saved: done
    if save_posted(request, form, lambda _data: save(), message) is not None:
        return redirect(survey.get_absolute_url())
    return render(
        request,
        f"participation/surveys/{template}",
        {"municipality": municipality, "survey": survey, "form": form, **context},
        status=400 if form.is_bound else 200,
    )


@municipality_view(can_run_participation)
def survey_question_add(
    request: HttpRequest, municipality: Municipality, pk: int, page_pk: int
) -> HttpResponse:
    survey = staff_survey(municipality, pk)
    page = staff_page(survey, page_pk)
    kind = request.GET.get("kind") or request.POST.get("kind") or QuestionKind.SINGLE
    form = QuestionForm(request.POST or None, page=page, initial={"kind": kind})
    return _survey_form(
        request,
        municipality,
        survey,
        form,
        lambda: services.survey_question_add(
            page=page, kind=form.cleaned_data["kind"], **form.service_arguments()
        ),
        template="question_form.html",
        done=_("Spørsmålet er lagt til."),
        page=page,
        question=None,
    )


@municipality_view(can_run_participation)
def survey_question_edit(
    request: HttpRequest, municipality: Municipality, pk: int, question_pk: int
) -> HttpResponse:
    survey = staff_survey(municipality, pk)
    question = staff_question(survey, question_pk)
    form = QuestionForm(
        request.POST or None,
        page=question.page,
        question=question,
        initial=QuestionForm.initial_for(question),
    )
    return _survey_form(
        request,
        municipality,
        survey,
        form,
        lambda: services.survey_question_update(question=question, **form.service_arguments()),
        template="question_form.html",
        done=_("Spørsmålet er lagret."),
        page=question.page,
        question=question,
    )


@require_POST
@municipality_view(can_run_participation)
def survey_question_delete(
    request: HttpRequest, municipality: Municipality, pk: int, question_pk: int
) -> HttpResponse:
    survey = staff_survey(municipality, pk)
    question = staff_question(survey, question_pk)
    return _change(
        request,
        survey,
        lambda: services.survey_question_delete(question=question),
        done=_("Spørsmålet er slettet."),
    )


@municipality_view(can_run_participation)
def survey_translate(
    request: HttpRequest, municipality: Municipality, pk: int, language: str
) -> HttpResponse:
    survey = staff_survey(municipality, pk)
    if language not in survey.languages or language == survey.default_language:
        raise Http404
    form = TranslationForm(request.POST or None, survey=survey, language=language)
    return _survey_form(
        request,
        municipality,
        survey,
        form,
        lambda: services.survey_translations_set(
            survey=survey, language=language, translations=form.translations(), by=request.user
        ),
        template="translate.html",
        done=_("Oversettelsen er lagret."),
        language=language,
    )


@require_POST
@municipality_view(can_run_participation)
def survey_tokens(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    """Make invitation links and download them as CSV at once: only hashes are kept."""
    survey = staff_survey(municipality, pk)
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
