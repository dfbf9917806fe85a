"""Surveys: the builder, conditional questions, languages, the residence check, one answer
per person, closed surveys, geometry checks with the question named."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from omrade.areas.geo import contains_point
from omrade.participation.surveys.models import (
    Answer,
    InvitationToken,
    Response,
    Survey,
    SurveyQuestion,
    translated,
)
from omrade.participation.surveys.services import answers as answering
from omrade.participation.surveys.services import surveys as services
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[10.90, 59.20], [10.96, 59.20], [10.96, 59.23], [10.90, 59.23], [10.90, 59.20]]
    ],
}
INSIDE = (10.93, 59.215)
FAR_AWAY = (5.32, 60.39)  # Bergen


def make_area(municipality: Any, **extra: Any) -> Any:
    return AreaFactory(level__municipality=municipality, name="Lisleby", boundary=SQUARE, **extra)


def make_survey(municipality: Any, *, user: Any = None, **extra: Any) -> Survey:
    area = extra.pop("area", None) or make_area(municipality)
    settings: dict[str, Any] = {
        "municipality": municipality,
        "title": {"nb": "Nabolaget vårt", "en": "Our neighbourhood"},
        "languages": ["nb", "en"],
        "default_language": "nb",
        "areas": [area],
        "by": user,
    }
    settings.update(extra)
    return services.survey_create(**settings)


def add_questions(survey: Survey) -> dict[str, SurveyQuestion]:
    first = survey.pages.get()
    second = services.survey_page_add(survey=survey, title={"nb": "Mer"})
    questions = {
        "single": services.survey_question_add(
            page=first,
            kind="single",
            text={"nb": "Har du barn?", "en": "Do you have children?"},
            required=True,
            options=[
                {"id": "yes", "text": {"nb": "Ja", "en": "Yes"}},
                {"id": "no", "text": {"nb": "Nei"}},
            ],
        ),
        "map": services.survey_question_add(
            page=first,
            kind="map",
            text={"nb": "Hvor er det godt å være?"},
            geometry_kind="point",
        ),
        "line": services.survey_question_add(
            page=first,
            kind="map",
            text={"nb": "Hvilken vei går du?"},
            geometry_kind="line",
            max_vertices=3,
        ),
    }
    questions["children"] = services.survey_question_add(
        page=second,
        kind="scale",
        text={"nb": "Hvor trygt er skoleveien?"},
        required=True,
        scale=(1, 5),
        condition_question=questions["single"],
        condition_choices=["yes"],
    )
    questions["text"] = services.survey_question_add(
        page=second, kind="text", text={"nb": "Noe mer?"}
    )
    return questions


def publish(survey: Survey) -> Survey:
    return services.survey_set_published(survey=survey, by=None, published=True)


# --- builder ---------------------------------------------------------------------------------


def test_survey_create_with_any_language_code_and_first_page(tenants: Any) -> None:
    survey = make_survey(
        tenants.home,
        title={"nb": " Nabolaget <b>vårt</b> ", "so": "Xaafaddeena"},
        languages=["nb", "SO", "ar", "zh-Hant", "so"],
    )
    assert survey.languages == ["nb", "so", "ar", "zh-Hant"]
    assert survey.title == {"nb": "Nabolaget vårt", "so": "Xaafaddeena"}
    assert survey.is_published is False
    assert [page.order for page in survey.pages.all()] == [1]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"languages": ["nb", "norsk!"]},
            "languages",
            "«norsk!» er ikke en språkkode (for eksempel nb, nn, en, so, ar).",
        ),
        (
            {"languages": ["en"], "default_language": "nb", "title": {"en": "x"}},
            "default_language",
            "Standardspråket må være ett av undersøkelsens språk.",
        ),
        ({"title": {"en": "Only English"}}, "title", "Skriv teksten på standardspråket (nb)."),
        (
            {"title": {"nb": "x", "de": "y"}},
            "title",
            "Språket «de» er ikke valgt for undersøkelsen.",
        ),
        ({"residence_check": "postcode"}, "postcodes", "Skriv postnumrene som hører til området."),
        (
            {"residence_check": "postcode", "postcodes": ["16O2"]},
            "postcodes",
            "«16O2» er ikke et postnummer med fire sifre.",
        ),
    ],
)
def test_survey_create_refusals_name_the_field(
    tenants: Any, changes: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        make_survey(tenants.home, **changes)
    assert refused.value.message_dict == {field: [message]}
    assert Survey.objects.count() == 0


def test_survey_areas_must_be_in_the_municipality(tenants: Any) -> None:
    bergen_area = make_area(tenants.other)
    with pytest.raises(ValidationError) as refused:
        make_survey(tenants.home, area=bergen_area)
    assert list(refused.value.message_dict) == ["areas"]


def test_question_refusals(tenants: Any) -> None:
    survey = make_survey(tenants.home)
    page = survey.pages.get()
    with pytest.raises(ValidationError) as refused:
        services.survey_question_add(
            page=page, kind="single", text={"nb": "x"}, options=[{"text": {"nb": "Bare én"}}]
        )
    assert refused.value.message_dict == {"options": ["Skriv minst to alternativer."]}
    with pytest.raises(ValidationError) as refused:
        services.survey_question_add(page=page, kind="scale", text={"nb": "x"}, scale=(1, 7))
    assert refused.value.message_dict == {"scale": ["Velg skalaen 1–5 eller 0–10."]}
    with pytest.raises(ValidationError) as refused:
        services.survey_question_add(page=page, kind="map", text={"nb": "x"})
    assert refused.value.message_dict == {"geometry_kind": ["Velg punkt, linje eller område."]}
    choice = services.survey_question_add(
        page=page,
        kind="multiple",
        text={"nb": "x"},
        options=[{"text": {"nb": "A"}}, {"text": {"nb": "B"}}],
    )
    assert choice.option_ids() == ["1", "2"]
    with pytest.raises(
        ValidationError
    ) as refused:  # same page: cannot be decided server-side first
        services.survey_question_add(
            page=page,
            kind="text",
            text={"nb": "y"},
            condition_question=choice,
            condition_choices=["1"],
        )
    assert refused.value.message_dict == {
        "condition_question": ["Betingelsen må gjelde et spørsmål på en tidligere side."]
    }
    assert SurveyQuestion.objects.count() == 1


def test_publish_needs_a_question_and_is_audited(tenants: Any) -> None:
    survey = make_survey(tenants.home)
    with pytest.raises(ValidationError):
        publish(survey)
    add_questions(survey)
    publish(survey)
    survey.refresh_from_db()
    assert survey.is_published is True
    assert survey.is_open() is True


def test_answered_question_keeps_its_options(tenants: Any) -> None:
    survey = make_survey(tenants.home)
    questions = add_questions(survey)
    publish(survey)
    answering.response_submit(
        survey=survey, answers={questions["single"].pk: {"choices": ["no"]}}, fingerprint="f1"
    )
    with pytest.raises(ValidationError) as refused:
        services.survey_question_update(
            question=questions["single"],
            text={"nb": "Har du barn?"},
            options=[
                {"id": "yes", "text": {"nb": "Ja"}},
                {"id": "maybe", "text": {"nb": "Kanskje"}},
            ],
        )
    assert refused.value.message_dict == {
        "options": ["Spørsmålet er besvart: alternativer kan ikke fjernes, bare endres."]
    }
    with pytest.raises(ValidationError):
        services.survey_question_delete(question=questions["single"])


# --- languages ------------------------------------------------------------------------------


def test_texts_fall_back_to_the_default_language(tenants: Any) -> None:
    survey = make_survey(tenants.home)
    questions = add_questions(survey)
    single = questions["single"]
    assert single.text_in("en") == "Do you have children?"
    assert single.text_in("so") == "Har du barn?"  # not translated: the default language
    assert translated(single.options[1]["text"], "en", "nb") == "Nei"
    assert translated({}, "en") == ""
    assert translated({"en": "Only"}, "nb", "nb") == "Only"


# --- conditional questions -------------------------------------------------------------------


def test_conditional_question_is_shown_only_for_the_chosen_answer(tenants: Any) -> None:
    survey = make_survey(tenants.home)
    questions = add_questions(survey)
    publish(survey)
    response = answering.response_start(survey=survey, language="nb")
    first, second = list(survey.pages.order_by("order"))
    answering.response_save_page(
        response=response, page=first, raw={questions["single"].pk: {"choices": ["no"]}}
    )
    # "No children": the required scale question is hidden, so an empty second page passes.
    assert [
        page.order for page in answering.shown_pages(answering.answers_of(response), survey)
    ] == [1, 2]
    answering.response_save_page(response=response, page=second, raw={})
    answering.response_complete(response=response, fingerprint="abc")
    assert Answer.objects.filter(response=response).count() == 1

    other = answering.response_start(survey=survey, language="nb")
    answering.response_save_page(
        response=other, page=first, raw={questions["single"].pk: {"choices": ["yes"]}}
    )
    with pytest.raises(ValidationError) as refused:
        answering.response_save_page(response=other, page=second, raw={})
    assert refused.value.message_dict == {
        f"q{questions['children'].pk}": ["Spørsmålet må besvares."]
    }


def test_answers_to_hidden_questions_are_dropped(tenants: Any) -> None:
    survey = make_survey(tenants.home)
    questions = add_questions(survey)
    publish(survey)
    response = answering.response_submit(
        survey=survey,
        answers={
            questions["single"].pk: {"choice": "no"},
            questions["children"].pk: {"value": 2},
        },
        fingerprint="x",
    )
    assert list(response.answers.values_list("question_id", flat=True)) == [questions["single"].pk]


# --- residence check -------------------------------------------------------------------------


def test_residence_by_postcode(tenants: Any) -> None:
    survey = make_survey(tenants.home, residence_check="postcode", postcodes=["1605", "1606 "])
    assert survey.postcodes == ["1605", "1606"]
    assert answering.residence_ok(survey, postcode="1606") is True
    assert answering.residence_ok(survey, postcode="1710") is False
    with pytest.raises(ValidationError) as refused:
        answering.residence_ok(survey, postcode="")
    assert refused.value.message_dict == {"postcode": ["Skriv postnummeret ditt."]}


def test_residence_by_point_in_boundary(tenants: Any) -> None:
    survey = make_survey(tenants.home, residence_check="point")
    area = survey.areas.get()
    child = AreaFactory(level__municipality=tenants.home, level__code="krets", parent=area)
    assert answering.residence_ok(survey, point=INSIDE) is True
    assert answering.residence_ok(survey, point=FAR_AWAY) is False
    assert answering.residence_ok(survey, area_id=child.pk) is True  # the non-map alternative
    assert answering.residence_ok(survey, area_id=-1) is False


def test_cached_survey_context_checks_points_from_many_threads_like_the_boundaries(
    tenants: Any,
) -> None:
    survey = make_survey(tenants.home, residence_check="point")
    context = answering.survey_context(survey.pk)
    assert context is not None
    points = [INSIDE, FAR_AWAY, (10.9, 59.2), (10.0, 59.0)] * 40
    expected = [  # the plain, unprepared test of areas.geo as the reference
        any(area.boundary and contains_point(area.boundary, lon, lat) for area in context.areas)
        for lon, lat in points
    ]
    assert expected[:2] == [True, False]
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda point: context.contains_point(*point), points))
    assert found == expected


def test_point_check_needs_an_area_with_a_boundary(tenants: Any) -> None:
    area = AreaFactory(level__municipality=tenants.home)
    with pytest.raises(ValidationError) as refused:
        make_survey(tenants.home, area=area, residence_check="point")
    assert list(refused.value.message_dict) == ["residence_check"]


# --- one answer per person -------------------------------------------------------------------


def test_invitation_token_is_single_use(tenants: Any) -> None:
    survey = make_survey(tenants.home, invitation_only=True)
    questions = add_questions(survey)
    publish(survey)
    tokens = services.survey_tokens_create(survey=survey, count=3, by=None)
    assert len(set(tokens)) == 3
    assert not InvitationToken.objects.filter(token_hash__in=tokens).exists()  # hashes only
    answers = {questions["single"].pk: {"choices": ["no"]}}
    answering.response_submit(survey=survey, answers=answers, token=tokens[0])
    with pytest.raises(answering.AlreadyAnswered) as refused:
        answering.response_submit(survey=survey, answers=answers, token=tokens[0])
    assert refused.value.message_dict == {"token": ["Invitasjonslenken er allerede brukt."]}
    with pytest.raises(ValidationError) as refused:
        answering.response_submit(survey=survey, answers=answers, token="made-up")
    assert refused.value.message_dict == {
        "token": ["Invitasjonslenken er ikke gyldig for denne undersøkelsen."]
    }
    with pytest.raises(ValidationError):
        answering.response_submit(survey=survey, answers=answers)
    assert Response.objects.filter(complete=True).count() == 1
    assert InvitationToken.objects.filter(used_at__isnull=False).count() == 1


def test_fingerprint_answers_once(tenants: Any) -> None:
    survey = make_survey(tenants.home)
    questions = add_questions(survey)
    publish(survey)
    answers = {questions["single"].pk: {"choices": ["no"]}}
    answering.response_submit(survey=survey, answers=answers, fingerprint="hash-1")
    with pytest.raises(answering.AlreadyAnswered):
        answering.response_submit(survey=survey, answers=answers, fingerprint="hash-1")
    answering.response_submit(survey=survey, answers=answers, fingerprint="hash-2")
    assert Response.objects.count() == 2
    assert Answer.objects.count() == 2


def test_closed_or_unpublished_survey_refuses_answers(tenants: Any) -> None:
    survey = make_survey(tenants.home)
    questions = add_questions(survey)
    answers = {questions["single"].pk: {"choices": ["no"]}}
    with pytest.raises(answering.SurveyClosed):  # not published yet
        answering.response_submit(survey=survey, answers=answers, fingerprint="a")
    publish(survey)
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() - timedelta(days=10), closes_at=timezone.now() - timedelta(days=1)
    )
    survey.refresh_from_db()
    with pytest.raises(answering.SurveyClosed) as refused:
        answering.response_submit(survey=survey, answers=answers, fingerprint="a")
    assert refused.value.message_dict == {"survey": ["Undersøkelsen er ikke åpen for svar."]}
    assert Response.objects.count() == 0
    # Staff may still enter a paper answer that came in before the closing date.
    response = answering.response_submit(
        survey=survey,
        answers=answers,
        assisted_by=tenants.users[next(iter(tenants.users))],
        assisted_note="Papirskjema fra biblioteket",
    )
    assert response.assisted is True
    assert response.fingerprint_hash == ""


# --- geometry --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question_name", "geometry", "message"),
    [
        (
            "map",
            {"type": "LineString", "coordinates": [[10.91, 59.21], [10.92, 59.21]]},
            "Kartsvaret må være et punkt (Point), ikke LineString.",
        ),
        (
            "map",
            {"type": "Point", "coordinates": list(FAR_AWAY)},
            "Kartsvaret ligger utenfor området undersøkelsen gjelder.",
        ),
        (
            "line",
            {
                "type": "LineString",
                "coordinates": [[10.91, 59.21], [10.92, 59.21], [10.93, 59.21], [10.94, 59.21]],
            },
            "Kartsvaret har 4 punkter; høyst 3 er tillatt.",
        ),
        ("map", {"type": "Point", "coordinates": "nonsense"}, "Kartsvaret er ikke gyldig GeoJSON."),
        ("map", "not json at all", "Kartsvaret er ikke gyldig GeoJSON."),
        (
            "line",
            {"type": "LineString", "coordinates": [[10.91, 59.21]]},
            "Kartsvaret er ikke gyldig GeoJSON.",
        ),
    ],
)
def test_geometry_refusals_name_the_question(
    tenants: Any, question_name: str, geometry: Any, message: str
) -> None:
    survey = make_survey(tenants.home)
    questions = add_questions(survey)
    publish(survey)
    question = questions[question_name]
    with pytest.raises(ValidationError) as refused:
        answering.response_submit(
            survey=survey,
            answers={
                questions["single"].pk: {"choices": ["no"]},
                question.pk: {"geometry": geometry},
            },
            fingerprint="g",
        )
    assert refused.value.message_dict == {f"q{question.pk}": [message]}
    assert Response.objects.count() == 0


def test_polygon_must_not_cross_itself(tenants: Any) -> None:
    survey = make_survey(tenants.home)
    page = survey.pages.get()
    area_question = services.survey_question_add(
        page=page, kind="map", text={"nb": "Område"}, geometry_kind="polygon"
    )
    publish(survey)
    bow_tie = {
        "type": "Polygon",
        "coordinates": [
            [[10.91, 59.21], [10.93, 59.22], [10.93, 59.21], [10.91, 59.22], [10.91, 59.21]]
        ],
    }
    with pytest.raises(ValidationError) as refused:
        answering.response_submit(survey=survey, answers={area_question.pk: {"geometry": bow_tie}})
    (message,) = refused.value.message_dict[f"q{area_question.pk}"]
    assert message.startswith("Området krysser seg selv")
    good = {
        "type": "Polygon",
        "coordinates": [[[10.91, 59.21], [10.93, 59.21], [10.93, 59.22], [10.91, 59.21]]],
    }
    response = answering.response_submit(
        survey=survey, answers={area_question.pk: {"geometry": good}}
    )
    assert response.answers.get().geometry["type"] == "Polygon"


def test_map_answer_by_place_or_words(tenants: Any) -> None:
    survey = make_survey(tenants.home)
    questions = add_questions(survey)
    publish(survey)
    area = survey.areas.get()
    response = answering.response_submit(
        survey=survey,
        answers={
            questions["single"].pk: {"choices": ["no"]},
            questions["map"].pk: {"place_area": area.pk},
            questions["line"].pk: {"place_text": "Langs <i>elva</i> til skolen"},
        },
        fingerprint="p",
    )
    stored = {answer.question_id: answer for answer in response.answers.all()}
    assert stored[questions["map"].pk].place_area_id == area.pk
    assert stored[questions["line"].pk].place_text == "Langs elva til skolen"
    with pytest.raises(ValidationError) as refused:
        answering.response_submit(
            survey=survey, answers={questions["map"].pk: {"place_area": 999999}}, fingerprint="q"
        )
    assert refused.value.message_dict == {
        f"q{questions['single'].pk}": ["Spørsmålet må besvares."],
        f"q{questions['map'].pk}": ["Ukjent sted."],
    }


def test_identified_survey_asks_for_a_name_and_sets_retention(tenants: Any) -> None:
    survey = make_survey(tenants.home, identity="identified", retention_days=30)
    questions = add_questions(survey)
    publish(survey)
    answers = {questions["single"].pk: {"choices": ["no"]}}
    with pytest.raises(ValidationError) as refused:
        answering.response_submit(survey=survey, answers=answers, fingerprint="i")
    assert refused.value.message_dict == {"respondent_name": ["Skriv navnet ditt."]}
    response = answering.response_submit(
        survey=survey,
        answers=answers,
        fingerprint="i",
        name="Kari Nordmann",
        email="kari@example.no",
    )
    assert response.delete_personal_data_after == timezone.localdate() + timedelta(days=30)
    assert services.surveys_purge_personal_data(today=timezone.localdate()) == 0
    assert (
        services.surveys_purge_personal_data(today=timezone.localdate() + timedelta(days=31)) == 1
    )
    response.refresh_from_db()
    assert (response.respondent_name, response.respondent_email) == ("", "")
    assert response.answers.count() == 1


def test_free_text_is_cleaned(tenants: Any) -> None:
    survey = make_survey(tenants.home)
    questions = add_questions(survey)
    publish(survey)
    response = answering.response_submit(
        survey=survey,
        answers={
            questions["single"].pk: {"choices": ["no"]},
            questions["text"].pk: {"text": "<script>alert(1)</script>Mer   lys"},
        },
        fingerprint="t",
    )
    assert response.answers.get(question=questions["text"]).text == "alert(1)Mer lys"


def test_unknown_question_is_refused(tenants: Any) -> None:
    survey = make_survey(tenants.home)
    add_questions(survey)
    publish(survey)
    with pytest.raises(ValidationError) as refused:
        answering.response_submit(survey=survey, answers={987654: {"text": "x"}}, fingerprint="u")
    assert refused.value.message_dict == {"answers": ["Ukjent spørsmål: 987654."]}


def test_retention_clears_fingerprints_after_close_and_discards_incomplete(tenants: Any) -> None:
    survey = make_survey(tenants.home)
    questions = add_questions(survey)
    publish(survey)
    answering.response_submit(
        survey=survey, answers={questions["single"].pk: {"choices": ["no"]}}, fingerprint="old"
    )
    started = answering.response_start(survey=survey, language="nb")
    Response.objects.filter(pk=started.pk).update(started_at=timezone.now() - timedelta(days=3))
    assert answering.responses_discard_incomplete() == 1
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() - timedelta(days=90), closes_at=timezone.now() - timedelta(days=31)
    )
    assert services.surveys_purge_personal_data() == 1
    assert Response.objects.get().fingerprint_hash == ""
