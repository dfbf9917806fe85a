"""The input register's kinds: registered explicitly, equal to the documented set; survey
answers (free text and map answers) in the register, coded like other input, with the
small-number rule and inside their municipality."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from omrade.participation.core import register
from omrade.participation.core import services as core_services
from omrade.participation.surveys.models import Survey
from omrade.participation.surveys.services import answers as answering
from omrade.tenancy.models import Role
from tests.participation.test_surveys import add_questions, make_survey, publish

README = Path(__file__).resolve().parents[2] / "README.md"


def _backticked(text: str) -> set[str]:
    return set(re.findall(r"`([a-z_]+)`", text))


def test_the_registered_kinds_are_the_documented_ones():
    documented = register.DOCUMENTED_KINDS
    assert set(register.kinds()) == documented
    docstring = register.__doc__ or ""
    listed = "".join(line for line in docstring.splitlines() if line.startswith("- "))
    assert _backticked(listed) == documented
    readme = " ".join(README.read_text().split())
    listing = readme.split("The input register lists every kind of input", 1)[1]
    assert _backticked(listing.split("through per-kind providers", 1)[0]) == documented


def test_a_documented_kind_without_a_provider_stops_start_up():
    provider = register._PROVIDERS.pop("survey_answer")
    try:
        with pytest.raises(Exception, match="survey_answer"):
            register.check_providers()
    finally:
        register._PROVIDERS["survey_answer"] = provider


def _answered(survey: Survey, count: int, **extra: Any) -> None:
    questions = add_questions(survey)
    publish(survey)
    area = survey.areas.get()
    for number in range(count):
        answering.response_submit(
            survey=survey,
            answers={
                questions["single"].pk: {"choices": ["no"]},
                questions["map"].pk: {"place_area": area.pk},
                questions["line"].pk: {
                    "geometry": {
                        "type": "LineString",
                        "coordinates": [[10.91, 59.21], [10.92, 59.22]],
                    }
                },
                questions["text"].pk: {"text": f"Mer lys i parken {number}"},
            },
            fingerprint=f"register-{survey.pk}-{number}",
            **extra,
        )


def _kinds_of(items: list[register.InputItem]) -> list[tuple[str, str]]:
    return sorted((item.kind, item.text) for item in items if item.kind.startswith("survey"))


@pytest.mark.django_db
def test_survey_answers_are_in_the_register_coded_like_other_input(tenants):
    survey = make_survey(
        tenants.home, identity="identified", retention_days=30, title={"nb": "Nabolaget"}
    )
    _answered(survey, 5, name="Kari Nordmann", email="kari@example.no")
    manager = tenants.users[Role.PROGRAMME_MANAGER]
    items = register.input_register(municipality=tenants.home, user=manager)
    texts = [item for item in items if item.kind == "survey_answer"]
    maps = [item for item in items if item.kind == "survey_map_answer"]
    assert sorted(item.text for item in texts) == [
        f"Nabolaget – Noe mer?: Mer lys i parken {number}" for number in range(5)
    ]
    assert sorted({item.text for item in maps}) == [
        "Nabolaget – Hvilken vei går du?: Linje",
        "Nabolaget – Hvor er det godt å være?: Lisleby",
    ]
    assert len(maps) == 10
    assert {item.area for item in maps if "godt" in item.text} == {"Lisleby"}
    assert not any(item.public for item in texts + maps)
    assert not any("Kari" in item.text or "kari@" in item.text for item in texts + maps)
    assert {item.kind_label for item in texts} == {"Svar i spørreundersøkelse"}

    theme = core_services.theme_create(by=None, municipality=tenants.home, name="Belysning")
    core_services.input_code(
        municipality=tenants.home,
        kind="survey_answer",
        object_id=texts[0].id,
        by=manager,
        themes=[theme],
    )
    coded = register.input_register(municipality=tenants.home, user=manager, theme=theme.pk)
    assert [(item.kind, item.id, item.themes) for item in coded] == [
        ("survey_answer", texts[0].id, ["Belysning"])
    ]
    counts = register.input_counts(municipality=tenants.home, user=manager, by="theme")
    assert [row.label for row in counts.rows] == ["Belysning", "Uten tema"]


@pytest.mark.django_db
def test_a_survey_with_few_answers_is_listed_to_participation_staff_only(tenants):
    survey = make_survey(tenants.home)
    _answered(survey, 2)
    manager = tenants.users[Role.PROGRAMME_MANAGER]
    viewer = tenants.users[Role.VIEWER]
    staff_items = register.input_register(municipality=tenants.home, user=manager)
    assert len([item for item in staff_items if item.kind == "survey_answer"]) == 2
    assert _kinds_of(register.input_register(municipality=tenants.home, user=viewer)) == []
    answering.response_submit(
        survey=survey,
        answers={survey.questions.get(kind="single").pk: {"choices": ["no"]}},
        fingerprint="third",
    )
    assert _kinds_of(register.input_register(municipality=tenants.home, user=viewer)) == []
    for number in range(2):
        answering.response_submit(
            survey=survey,
            answers={survey.questions.get(kind="single").pk: {"choices": ["no"]}},
            fingerprint=f"more-{number}",
        )
    # Five answers now: the two free texts and their map answers are listed to every reader.
    listed = register.input_register(municipality=tenants.home, user=viewer)
    assert [item.kind for item in listed].count("survey_answer") == 2


@pytest.mark.django_db
def test_survey_answers_stay_inside_their_municipality(tenants, client):
    home_survey = make_survey(tenants.home)
    _answered(home_survey, 5)
    other_survey = make_survey(tenants.other, title={"nb": "Bergen spør"})
    _answered(other_survey, 5)
    manager = tenants.users[Role.PROGRAMME_MANAGER]
    home_items = register.input_register(municipality=tenants.home, user=manager)
    assert home_items
    assert not any("Bergen spør" in item.text for item in home_items)
    # Someone with no role in the municipality reads nothing of it.
    assert register.input_register(municipality=tenants.home, user=tenants.other_admin) == []
    answer_id = next(item.id for item in home_items if item.kind == "survey_answer")
    assert (
        register.provider_item(
            municipality=tenants.other,
            user=tenants.other_admin,
            kind="survey_answer",
            object_id=answer_id,
        )
        is None
    )
    client.force_login(tenants.users[Role.VIEWER])
    page = client.get(reverse("participation:input_register", args=[tenants.home.code]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Mer lys i parken 0" in text
    assert "Bergen spør" not in text
    client.force_login(tenants.other_admin)
    refused = client.get(reverse("participation:input_register", args=[tenants.home.code]))
    assert refused.status_code == 403
