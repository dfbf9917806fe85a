"""The access matrix's expectations for participation's surveys routes (merged in
tests/test_access_matrix.py): the staff pages of surveys and children's map sessions, the
residents' public pages, and the API.

Everyone with a role reads surveys, results, exports and sessions; programme staff
(structure editors and coordinators) build and run them. Residents' pages answer everyone
alike. Routes that change state get a fresh object per request.
"""

from __future__ import annotations

from typing import Any

from omrade.participation.surveys.models import ChildMapSession, Survey
from omrade.participation.surveys.services import childmaps as childmap_services
from omrade.participation.surveys.services import surveys as services
from omrade.tenancy.models import Role
from tests.access import ALL_ROLES, Probe, access

RUNNERS = {Role.MUNICIPAL_ADMIN, Role.PROGRAMME_MANAGER, Role.COORDINATOR}


def _survey(objects: dict[str, Any]) -> Survey:
    """An open, published survey with published results, in two languages, two pages."""
    survey = services.survey_create(
        municipality=objects["home"],
        title={"nb": f"Probe-undersøkelse {Survey.objects.count() + 1}", "en": "Probe survey"},
        languages=["nb", "en"],
        by=None,
    )
    first = survey.pages.get()
    services.survey_question_add(
        page=first,
        kind="single",
        text={"nb": "Trives du?"},
        required=True,
        options=[{"text": {"nb": "Ja"}}, {"text": {"nb": "Nei"}}],
    )
    services.survey_page_add(survey=survey)
    services.survey_set_published(survey=survey, by=None, published=True, results_published=True)
    return survey


def shared_survey(objects: dict[str, Any]) -> Survey:
    if "surveys:survey" not in objects:
        objects["surveys:survey"] = _survey(objects)
    survey: Survey = objects["surveys:survey"]
    return survey


def _session(objects: dict[str, Any]) -> ChildMapSession:
    return childmap_services.childmap_session_open(
        municipality=objects["home"], school_name="Probe skole", grade_group="5-7", by=None
    )


def shared_session(objects: dict[str, Any]) -> ChildMapSession:
    if "surveys:session" not in objects:
        objects["surveys:session"] = _session(objects)
    session: ChildMapSession = objects["surveys:session"]
    return session


def survey_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return {"pk": shared_survey(objects).pk}


def fresh_survey_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return {"pk": _survey(objects).pk}


def page_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    survey = shared_survey(objects)
    return {"pk": survey.pk, "page_pk": survey.pages.order_by("order").first().pk}  # type: ignore[union-attr]


def fresh_page_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    survey = _survey(objects)
    return {"pk": survey.pk, "page_pk": survey.pages.order_by("order").last().pk}  # type: ignore[union-attr]


def question_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    survey = shared_survey(objects)
    return {"pk": survey.pk, "question_pk": survey.questions.first().pk}  # type: ignore[union-attr]


def fresh_question_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    survey = _survey(objects)
    return {"pk": survey.pk, "question_pk": survey.questions.first().pk}  # type: ignore[union-attr]


def session_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return {"pk": shared_session(objects).pk}


def fresh_session_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return {"pk": _session(objects).pk}


RUN = access(roles=RUNNERS)
READ = access(roles=ALL_ROLES)
RUN_REDIRECT = access(roles=RUNNERS, allowed_status=302)

EXPECTED: dict[str, Any] = {
    # Staff: surveys
    "participation:survey_list": Probe(READ),
    "participation:survey_create": Probe(RUN),
    "participation:survey_detail": Probe(READ, survey_kwargs),
    "participation:survey_edit": Probe(RUN, survey_kwargs),
    "participation:survey_publish": Probe(RUN_REDIRECT, fresh_survey_kwargs, method="post"),
    "participation:survey_page_add": Probe(RUN_REDIRECT, fresh_survey_kwargs, method="post"),
    "participation:survey_page_edit": Probe(RUN, page_kwargs),
    "participation:survey_page_delete": Probe(RUN_REDIRECT, fresh_page_kwargs, method="post"),
    "participation:survey_question_add": Probe(RUN, page_kwargs),
    "participation:survey_question_edit": Probe(RUN, question_kwargs),
    "participation:survey_question_delete": Probe(
        RUN_REDIRECT, fresh_question_kwargs, method="post"
    ),
    "participation:survey_translate": Probe(
        RUN, lambda objects: survey_kwargs(objects) | {"language": "en"}
    ),
    # An empty POST makes no links: back to the survey with the form's message.
    "participation:survey_tokens": Probe(RUN_REDIRECT, survey_kwargs, method="post"),
    "participation:survey_results": Probe(READ, survey_kwargs),
    "participation:survey_export": Probe(
        READ, lambda objects: survey_kwargs(objects) | {"file_format": "csv"}
    ),
    "participation:survey_assisted": Probe(RUN, survey_kwargs),
    # Staff: children's map sessions
    "participation:childmap_list": Probe(READ),
    "participation:childmap_detail": Probe(READ, session_kwargs),
    "participation:childmap_close": Probe(RUN_REDIRECT, fresh_session_kwargs, method="post"),
    "participation:childmap_export": Probe(READ, session_kwargs),
    # An empty POST lacks the school's name: the session page again with the form's message.
    "participation:childmap_school": Probe(
        access(roles=RUNNERS, allowed_status=400), session_kwargs, method="post"
    ),
    # Residents (public)
    "participation:survey_open_list": Probe(access(200)),
    "participation:survey_start": Probe(access(200), survey_kwargs),
    # Without a started answer the pages send the resident to the start page.
    "participation:survey_page": Probe(
        access(302), lambda objects: survey_kwargs(objects) | {"number": 1}
    ),
    "participation:survey_submit": Probe(access(302), survey_kwargs),
    "participation:survey_thanks": Probe(access(200), survey_kwargs),
    "participation:survey_public_results": Probe(access(200), survey_kwargs),
    "participation:childmap_enter": Probe(access(200)),
    "participation:childmap_draw": Probe(
        access(200), lambda objects: {"session_code": shared_session(objects).code}
    ),
}

API_EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("get", "/api/surveys/{survey_id}"): access(200),
    # The probe body has no answers: the required question is named, 400 for everyone.
    ("post", "/api/surveys/{survey_id}/responses"): access(400),
    ("get", "/api/surveys/{survey_id}/results"): access(200),  # staff full, others public
    ("post", "/api/childmap-sessions/{code}/marks"): access(200),
}
API_QUERY: dict[tuple[str, str], str] = {("get", "/api/surveys/{survey_id}"): "?lang=en"}
API_CREATED = {("post", "/api/childmap-sessions/{code}/marks")}
API_BODY: dict[tuple[str, str], Any] = {
    ("post", "/api/surveys/{survey_id}/responses"): {"answers": []},
    ("post", "/api/childmap-sessions/{code}/marks"): {
        "kind": "Aktivitet",
        "place_text": "Ved fotballbanen",
    },
}


def api_placeholders(objects: dict[str, Any]) -> dict[str, object]:
    """Values for the {placeholders} of this module's API paths."""
    return {"survey_id": shared_survey(objects).pk, "code": shared_session(objects).code}
