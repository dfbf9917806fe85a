"""Survey pages: a resident answers page by page without JavaScript, in the survey's
languages; staff build, translate, hand out invitation links, enter paper answers, read
results and export; the API."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from omrade.participation.core.abuse import (
    BROWSER_COOKIE,
    BUDGETS,
    HONEYPOT_FIELD_NAME,
    Budget,
    keyed_hash,
    too_many_message,
)
from omrade.participation.surveys.models import Answer, Response, Survey, SurveyQuestion
from omrade.participation.surveys.services import surveys as services
from omrade.tenancy.models import Role
from tests.participation.test_surveys import add_questions, make_survey, publish

pytestmark = pytest.mark.django_db


def url(name: str, survey: Survey, *extra: Any) -> str:
    return reverse(f"participation:{name}", args=[survey.municipality.code, survey.pk, *extra])


@pytest.fixture
def survey(tenants: Any) -> Survey:
    survey = make_survey(tenants.home)
    add_questions(survey)
    return publish(survey)


def questions_of(survey: Survey) -> dict[str, SurveyQuestion]:
    by_kind = {}
    for question in survey.questions.all():
        by_kind.setdefault(question.kind, question)
    return by_kind


def test_resident_answers_page_by_page_without_javascript(client: Any, survey: Survey) -> None:
    start = client.get(url("survey_start", survey))
    assert start.status_code == 200
    assert "Nabolaget vårt" in start.content.decode()
    started = client.post(url("survey_start", survey), {"lang": "nb"})
    assert started.status_code == 302
    assert started["Location"] == url("survey_page", survey, 1) + "?lang=nb"

    single = survey.questions.get(kind="single")
    page = client.get(started["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Har du barn?" in html
    assert "Velg et sted fra listen" in html  # the map question's non-map alternative

    # Nothing chosen: the error summary names the question, nothing stored.
    refused = client.post(url("survey_page", survey, 1) + "?lang=nb", {"lang": "nb"})
    assert refused.status_code == 400
    assert "Har du barn?: Spørsmålet må besvares." in refused.content.decode()
    assert Answer.objects.count() == 0

    next_page = client.post(url("survey_page", survey, 1), {"lang": "nb", f"q{single.pk}": "yes"})
    assert next_page["Location"] == url("survey_page", survey, 2) + "?lang=nb"
    second = client.get(next_page["Location"])
    assert "Hvor trygt er skoleveien?" in second.content.decode()  # shown: "yes" to children
    scale = survey.questions.get(kind="scale")
    done = client.post(url("survey_page", survey, 2), {"lang": "nb", f"q{scale.pk}": "4"})
    assert done["Location"] == url("survey_submit", survey) + "?lang=nb"
    sent = client.post(url("survey_submit", survey), {"lang": "nb"})
    assert sent["Location"] == url("survey_thanks", survey) + "?lang=nb"
    browser = sent.cookies[BROWSER_COOKIE]
    assert browser["httponly"] is True
    assert browser["samesite"] == "Lax"
    response = Response.objects.get()
    assert response.complete is True
    # Only a keyed hash of the browser's random token is stored.
    assert response.fingerprint_hash == keyed_hash("browser", f"survey:{survey.pk}", browser.value)
    assert sorted(response.answers.values_list("question__kind", "choices", "number")) == [
        ("scale", [], 4),
        ("single", ["yes"], None),
    ]
    again = client.get(url("survey_start", survey))
    assert "Du har allerede svart" in again.content.decode()


def answer_on_pages(client: Any, survey: Survey) -> Any:
    """Start, answer both pages and send; returns the last response."""
    single = survey.questions.get(kind="single")
    client.post(url("survey_start", survey), {"lang": "nb"})
    client.post(url("survey_page", survey, 1), {"lang": "nb", f"q{single.pk}": "no"})
    client.post(url("survey_page", survey, 2), {"lang": "nb"})
    return client.post(url("survey_submit", survey), {"lang": "nb"})


SAME_PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1) Mobile/15E148"}


def test_two_residents_with_the_same_phone_on_one_network_both_answer(survey: Survey) -> None:
    """The issue: a second resident with the same phone model on a meeting place's Wi-Fi
    (same address, same user agent) was told «Du har allerede svart»."""
    first, second = Client(**SAME_PHONE), Client(**SAME_PHONE)
    assert answer_on_pages(first, survey)["Location"].startswith(url("survey_thanks", survey))
    start = second.get(url("survey_start", survey))
    assert "Du har allerede svart" not in start.content.decode()
    assert answer_on_pages(second, survey)["Location"].startswith(url("survey_thanks", survey))
    assert Response.objects.filter(complete=True).count() == 2
    assert "Du har allerede svart" in first.get(url("survey_start", survey)).content.decode()


def test_the_same_browser_is_refused_a_second_answer(client: Any, survey: Survey) -> None:
    single = survey.questions.get(kind="single")
    # Two answers begun in two tabs of one browser before either is sent.
    client.post(url("survey_start", survey), {"lang": "nb"})
    first_tab = client.session[f"survey_response_{survey.pk}"]
    client.post(url("survey_start", survey), {"lang": "nb"})
    second_tab = client.session[f"survey_response_{survey.pk}"]
    assert first_tab != second_tab
    for tab in (first_tab, second_tab):
        session = client.session
        session[f"survey_response_{survey.pk}"] = tab
        session.save()
        client.post(url("survey_page", survey, 1), {"lang": "nb", f"q{single.pk}": "no"})
        client.post(url("survey_page", survey, 2), {"lang": "nb"})
        last = client.post(url("survey_submit", survey), {"lang": "nb"})
    assert last.status_code == 409
    assert "Du har allerede svart" in last.content.decode()
    assert Response.objects.filter(complete=True).count() == 1
    again = client.get(url("survey_start", survey))
    assert "Du har allerede svart" in again.content.decode()


def test_a_resident_who_clears_cookies_can_answer_again(client: Any, survey: Survey) -> None:
    """Accepted for anonymous surveys (the builder and README say so); binding surveys use
    invitation links."""
    answer_on_pages(client, survey)
    client.cookies.clear()
    assert "Du har allerede svart" not in client.get(url("survey_start", survey)).content.decode()
    answer_on_pages(client, survey)
    assert Response.objects.filter(complete=True).count() == 2


def test_language_switcher_shows_the_survey_texts(client: Any, survey: Survey) -> None:
    page = client.get(url("survey_start", survey) + "?lang=en")
    html = page.content.decode()
    assert "Our neighbourhood" in html
    assert 'hreflang="nb"' in html
    client.post(url("survey_start", survey), {"lang": "en"})
    first = client.get(url("survey_page", survey, 1) + "?lang=en").content.decode()
    assert "Do you have children?" in first
    assert "Hvor er det godt å være?" in first  # not translated: the default language


def test_honeypot_refuses_the_start(client: Any, survey: Survey) -> None:
    refused = client.post(url("survey_start", survey), {"lang": "nb", HONEYPOT_FIELD_NAME: "x"})
    assert refused.status_code == 400
    assert "Skjemaet kunne ikke sendes" in refused.content.decode()
    assert Response.objects.count() == 0


def test_closed_survey_shows_a_friendly_page(client: Any, survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(
        closes_at=timezone.now() - timedelta(hours=1), opens_at=timezone.now() - timedelta(days=3)
    )
    page = client.get(url("survey_start", survey))
    assert page.status_code == 200
    assert "Undersøkelsen er stengt" in page.content.decode()
    assert client.post(url("survey_start", survey), {"lang": "nb"}).status_code == 200
    assert Response.objects.count() == 0


def test_unpublished_survey_and_other_municipality_answer_404(client: Any, tenants: Any) -> None:
    draft = make_survey(tenants.home)
    assert client.get(url("survey_start", draft)).status_code == 404
    published = make_survey(tenants.home)
    add_questions(published)
    publish(published)
    other = reverse("participation:survey_start", args=[tenants.other.code, published.pk])
    assert client.get(other).status_code == 404


def test_postcode_check_refuses_non_residents(client: Any, tenants: Any) -> None:
    survey = make_survey(tenants.home, residence_check="postcode", postcodes=["1605"])
    add_questions(survey)
    publish(survey)
    refused = client.post(url("survey_start", survey), {"lang": "nb", "postcode": "5003"})
    assert refused.status_code == 403
    assert "for dem som bor i området" in refused.content.decode()
    accepted = client.post(url("survey_start", survey), {"lang": "nb", "postcode": "1605"})
    assert accepted.status_code == 302
    assert Response.objects.get().lives_in_area is True


# --- staff -----------------------------------------------------------------------------------


def test_the_settings_page_says_what_one_answer_per_browser_means(
    client: Any, tenants: Any, survey: Survey
) -> None:
    client.force_login(tenants.users[Role.COORDINATOR])
    settings_page = client.get(url("survey_edit", survey)).content.decode()
    assert "den som sletter informasjonskapslene kan svare igjen" in settings_page
    assert "Skal resultatet være bindende, bruk invitasjonslenker." in settings_page
    detail = client.get(url("survey_detail", survey)).content.decode()
    assert "Åpen: ett svar per nettleser" in detail


def test_staff_build_a_survey_in_the_browser(client: Any, tenants: Any) -> None:
    client.force_login(tenants.users[Role.COORDINATOR])
    created = client.post(
        reverse("participation:survey_create", args=["3107"]),
        {
            "title": "Trygghet i Lisleby",
            "languages": "nb, en, so",
            "identity": "anonymous",
            "residence_check": "none",
            "retention_days": 365,
        },
    )
    survey = Survey.objects.get()
    assert created["Location"] == survey.get_absolute_url()
    assert survey.languages == ["nb", "en", "so"]
    page = survey.pages.get()
    added = client.post(
        url("survey_question_add", survey, page.pk),
        {
            "kind": "map",
            "text": "Hvor føler du deg utrygg?",
            "geometry_kind": "polygon",
            "max_vertices": 50,
            "scale": "1-5",
        },
    )
    assert added.status_code == 302
    question = survey.questions.get()
    assert (question.kind, question.geometry_kind, question.max_vertices) == ("map", "polygon", 50)
    translated = client.post(
        url("survey_translate", survey, "so"),
        {"survey_title": "Amniga Lisleby", f"q{question.pk}_text": "Xagee ayaad ka dareemeysaa?"},
    )
    assert translated.status_code == 302
    question.refresh_from_db()
    survey.refresh_from_db()
    assert survey.title == {"nb": "Trygghet i Lisleby", "so": "Amniga Lisleby"}
    assert question.text_in("so") == "Xagee ayaad ka dareemeysaa?"
    detail = client.get(survey.get_absolute_url())
    assert detail.status_code == 200
    assert "Hvor føler du deg utrygg?" in detail.content.decode()


def test_viewer_reads_but_cannot_build(client: Any, tenants: Any, survey: Survey) -> None:
    client.force_login(tenants.users[Role.VIEWER])
    assert client.get(survey.get_absolute_url()).status_code == 200
    assert client.get(url("survey_edit", survey)).status_code == 403
    assert client.post(url("survey_publish", survey), {"published": "0"}).status_code == 403
    survey.refresh_from_db()
    assert survey.is_published is True


def test_invitation_links_download_once_as_csv(client: Any, tenants: Any) -> None:
    survey = make_survey(tenants.home, invitation_only=True)
    add_questions(survey)
    publish(survey)
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    download = client.post(url("survey_tokens", survey), {"count": 3})
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0] == ["nummer", "lenke", "kode"]
    assert len(rows) == 4
    token = rows[1][2]
    assert rows[1][1].endswith(f"/undersokelser/{survey.pk}/?token={token}")
    client.logout()
    assert "invitasjonslenke" in client.get(url("survey_start", survey)).content.decode()
    assert client.get(url("survey_start", survey) + f"?token={token}").status_code == 200
    assert (
        client.post(url("survey_start", survey) + f"?token={token}", {"lang": "nb"}).status_code
        == 302
    )


def test_assisted_paper_answer_is_recorded_as_such(
    client: Any, tenants: Any, survey: Survey
) -> None:
    coordinator = tenants.users[Role.COORDINATOR]
    client.force_login(coordinator)
    single = survey.questions.get(kind="single")
    saved = client.post(
        url("survey_assisted", survey),
        {"note": "Papirskjema fra biblioteket", f"q{single.pk}": "no"},
    )
    assert saved.status_code == 302
    response = Response.objects.get()
    assert (response.assisted, response.assisted_by_id, response.assisted_note) == (
        True,
        coordinator.pk,
        "Papirskjema fra biblioteket",
    )
    assert response.fingerprint_hash == ""


def test_results_and_exports_for_staff_public_results_when_published(
    client: Any, tenants: Any, survey: Survey
) -> None:
    assert client.get(url("survey_public_results", survey)).status_code == 404
    services.survey_set_published(survey=survey, by=None, results_published=True)
    public = client.get(url("survey_public_results", survey)).content.decode()
    assert "Færre enn 5 har svart: ingen fordeling vises." in public
    client.force_login(tenants.users[Role.ANALYST])
    assert client.get(url("survey_results", survey)).status_code == 200
    for file_format, content_type in [
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("geojson", "application/geo+json"),
    ]:
        exported = client.get(url("survey_export", survey, file_format))
        assert exported["Content-Type"] == content_type
    assert client.get(url("survey_export", survey, "pdf")).status_code == 404


# --- API -------------------------------------------------------------------------------------


def api_post(client: Any, survey: Survey, body: dict[str, Any], **extra: Any) -> Any:
    return client.post(
        f"/api/surveys/{survey.pk}/responses",
        data=json.dumps(body),
        content_type="application/json",
        **extra,
    )


def test_api_survey_in_the_requested_language(client: Any, survey: Survey) -> None:
    data = client.get(f"/api/surveys/{survey.pk}?lang=en").json()
    assert data["title"] == "Our neighbourhood"
    first = data["pages"][0]["questions"][0]
    assert first["text"] == "Do you have children?"
    assert first["options"] == [{"id": "yes", "text": "Yes"}, {"id": "no", "text": "Nei"}]
    assert data["pages"][1]["questions"][0]["condition"] == {
        "question_id": first["id"],
        "choices": ["yes"],
    }


def test_api_response_created_refused_and_conflict(client: Any, survey: Survey) -> None:
    questions = questions_of(survey)
    single, point = questions["single"], questions["map"]
    bad = api_post(
        client,
        survey,
        {
            "answers": [
                {"question": single.pk, "choices": ["no"]},
                {"question": point.pk, "geometry": {"type": "Point", "coordinates": [5.32, 60.39]}},
            ]
        },
    )
    assert bad.status_code == 400
    assert (
        bad.json()["detail"]
        == "«Hvor er det godt å være?»: Kartsvaret ligger utenfor området undersøkelsen gjelder."
    )
    assert list(bad.json()["errors"]) == [f"q{point.pk}"]
    body = {
        "answers": [
            {"question": single.pk, "choices": ["no"]},
            {"question": point.pk, "geometry": {"type": "Point", "coordinates": [10.93, 59.215]}},
        ]
    }
    created = api_post(client, survey, body, HTTP_USER_AGENT="A")
    assert created.status_code == 201
    assert BROWSER_COOKIE in client.cookies  # set on the first answer; kept for the next
    assert Response.objects.get(pk=created.json()["id"]).complete is True
    # The same browser (its cookie), even with another user agent: refused.
    assert api_post(client, survey, body, HTTP_USER_AGENT="B").status_code == 409
    # Another browser on the same address with the same user agent: a neighbour, accepted.
    assert api_post(Client(), survey, body, HTTP_USER_AGENT="A").status_code == 201
    assert Response.objects.count() == 2


def test_api_rate_limit_answers_429(
    client: Any, survey: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(BUDGETS, "survey-answer", Budget(per_address=2))
    # Each request from a new browser and user agent: the address is what counts.
    replies = [
        api_post(Client(), survey, {"answers": []}, HTTP_USER_AGENT=f"Agent {n}") for n in range(3)
    ]
    assert [reply.status_code for reply in replies] == [400, 400, 429]
    assert replies[2].json()["detail"] == too_many_message()
    assert "for mange svar" in replies[2].json()["detail"]


def test_api_closed_survey_refused(client: Any, survey: Survey) -> None:
    services.survey_update(
        survey=survey,
        by=None,
        title=survey.title,
        languages=survey.languages,
        default_language="nb",
        areas=list(survey.areas.all()),
        opens_at=timezone.now() - timedelta(days=2),
        closes_at=timezone.now() - timedelta(days=1),
    )
    refused = api_post(client, survey, {"answers": []})
    assert refused.status_code == 403
    assert Response.objects.count() == 0


def test_api_results_public_only_when_published(client: Any, tenants: Any, survey: Survey) -> None:
    assert client.get(f"/api/surveys/{survey.pk}/results").status_code == 404
    services.survey_set_published(survey=survey, by=None, results_published=True)
    public = client.get(f"/api/surveys/{survey.pk}/results").json()
    assert public["public"] is True
    client.force_login(tenants.users[Role.VIEWER])
    assert client.get(f"/api/surveys/{survey.pk}/results").json()["public"] is False
