"""The input register: providers, coding, filters, staff-only interviews, counts over time,
the page and the API; interviews with key persons and their consent rule."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from omrade.areas.services import area_save, level_ensure
from omrade.participation.core import register
from omrade.participation.core import services as core_services
from omrade.participation.ideas.models import Idea, KeyPersonInterview
from omrade.participation.ideas.services import ideas as services
from omrade.participation.ideas.services import interviews as register_services
from omrade.tenancy.models import Role
from tests.portfolio.conftest import portfolio  # noqa: F401 - fixture
from tests.programmes.conftest import setup  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tenants, setup):  # noqa: F811
    level = level_ensure(
        municipality=tenants.home, code="lokalsamfunn", name="Lokalsamfunn", depth=2
    )
    lisleby = area_save(by=None, level=level, code="LIS", name="Lisleby")
    sentrum = area_save(by=None, level=level, code="SEN", name="Sentrum")
    housing = core_services.theme_create(
        by=None, municipality=tenants.home, name="Møteplasser", sub_programme=setup.housing
    )
    jobs = core_services.theme_create(by=None, municipality=tenants.home, name="Arbeid")
    manager = tenants.users[Role.PROGRAMME_MANAGER]
    first = services.idea_register(
        municipality=tenants.home,
        by=manager,
        title="Kafé på Samfunnshuset",
        text="En ungdomskafé på lørdager.",
        area=lisleby,
        theme=housing,
    )
    second = services.idea_register(
        municipality=tenants.home,
        by=manager,
        title="Jobbsøkerkurs",
        text="Kurs i CV-skriving.",
        area=sentrum,
        theme=jobs,
    )
    Idea.objects.filter(pk=first.pk).update(created_at=timezone.make_aware(datetime(2024, 3, 5)))
    Idea.objects.filter(pk=second.pk).update(created_at=timezone.make_aware(datetime(2024, 8, 20)))
    comment = services.idea_comment(idea=first, text="Gjerne med leksehjelp", client_hash="c")
    type(comment).objects.filter(pk=comment.pk).update(
        created_at=timezone.make_aware(datetime(2024, 3, 10))
    )
    interview = register_services.interview_record(
        municipality=tenants.home,
        interviewer=manager,
        role_or_organisation="Leder, Lisleby idrettslag",
        interviewed_on=date(2024, 2, 1),
        notes="Trenger hall på kveldstid.",
        consent=True,
        consent_how="Muntlig, bekreftet på e-post",
        consent_on=date(2024, 2, 1),
        themes=[housing],
        area=lisleby,
    )
    return {
        "lisleby": lisleby,
        "sentrum": sentrum,
        "housing": housing,
        "jobs": jobs,
        "first": first,
        "second": second,
        "comment": comment,
        "interview": interview,
    }


def keys(items) -> list[tuple[str, int]]:
    return [(item.kind, item.id) for item in items]


def test_programme_staff_see_every_kind_viewers_no_interviews(tenants, world):
    manager = tenants.users[Role.PROGRAMME_MANAGER]
    items = register.input_register(municipality=tenants.home, user=manager)
    assert sorted(keys(items)) == sorted(
        [
            ("idea", world["first"].pk),
            ("idea", world["second"].pk),
            ("comment", world["comment"].pk),
            ("interview", world["interview"].pk),
        ]
    )
    viewer_items = register.input_register(
        municipality=tenants.home, user=tenants.users[Role.VIEWER]
    )
    assert "interview" not in {item.kind for item in viewer_items}
    assert len(viewer_items) == 3
    assert register.input_register(municipality=tenants.home, user=tenants.other_admin) == []


def test_filters(tenants, world):
    manager = tenants.users[Role.PROGRAMME_MANAGER]

    def found(**filters):
        return sorted(
            keys(register.input_register(municipality=tenants.home, user=manager, **filters))
        )

    assert found(theme=world["jobs"].pk) == [("idea", world["second"].pk)]
    assert found(area=world["lisleby"].pk) == sorted(
        [
            ("idea", world["first"].pk),
            ("comment", world["comment"].pk),
            ("interview", world["interview"].pk),
        ]
    )
    assert found(kind="interview") == [("interview", world["interview"].pk)]
    assert found(q="hall kveldstid") == [("interview", world["interview"].pk)]
    assert found(since=date(2024, 8, 1), until=date(2024, 8, 31)) == [("idea", world["second"].pk)]
    assert found(sub_programme=world["housing"].sub_programme_id) == sorted(
        [("idea", world["first"].pk), ("comment", world["comment"].pk)]
    )


def test_coding_adds_themes_and_links_goals_and_measures(tenants, world, portfolio):  # noqa: F811
    manager = tenants.users[Role.PROGRAMME_MANAGER]
    core_services.input_code(
        municipality=tenants.home,
        kind="interview",
        object_id=world["interview"].pk,
        by=manager,
        themes=[world["jobs"]],
        sub_programme=portfolio.setup.employment,
        goals=[portfolio.setup.employment_goal],
        measures=[portfolio.snuplassen],
    )
    item = register.provider_item(
        municipality=tenants.home, user=manager, kind="interview", object_id=world["interview"].pk
    )
    assert (item.themes, item.sub_programme, item.goals, item.measures, item.coded) == (
        ["Møteplasser", "Arbeid"],
        "Sysselsetting",
        ["Flere i arbeid"],
        ["NAV Snuplassen"],
        True,
    )
    with pytest.raises(ValidationError) as refused:
        core_services.input_code(
            municipality=tenants.home, kind="idea", object_id=999999, by=manager
        )
    assert list(refused.value.message_dict) == ["object_id"]
    with pytest.raises(ValidationError) as refused:
        core_services.input_code(
            municipality=tenants.home, kind="nonsense", object_id=1, by=manager
        )
    assert list(refused.value.message_dict) == ["kind"]


def test_a_registered_provider_joins_the_register(tenants, world):
    def minutes(*, municipality, user, filters):
        return [
            register.InputItem(kind="x", id=7, date=date(2023, 12, 1), text="Referat fra folkemøte")
        ]

    register.register_provider("test_minutes", minutes, label="Testreferat")
    try:
        items = register.input_register(
            municipality=tenants.home, user=tenants.users[Role.VIEWER], kind="test_minutes"
        )
        assert [(item.kind, item.id, item.kind_label) for item in items] == [
            ("test_minutes", 7, "Testreferat")
        ]
    finally:
        register._PROVIDERS.pop("test_minutes")


def test_counts_per_theme_and_quarter(tenants, world):
    manager = tenants.users[Role.PROGRAMME_MANAGER]
    table = register.input_counts(
        municipality=tenants.home, user=manager, by="theme", period="quarter"
    )
    assert table.periods == ["2024K1", "2024K2", "2024K3"]
    assert [(row.label, row.counts) for row in table.rows] == [
        ("Møteplasser", [3, 0, 0]),
        ("Arbeid", [0, 0, 1]),
    ]
    assert (table.totals, table.items) == ([3, 0, 1], 4)
    by_area = register.input_counts(
        municipality=tenants.home, user=manager, by="area", period="year"
    )
    assert {row.label: row.counts[0] for row in by_area.rows} == {"Lisleby": 3, "Sentrum": 1}


def test_the_pages_and_the_api(tenants, world, client):
    client.force_login(tenants.users[Role.VIEWER])
    page = client.get(
        reverse("participation:input_register", args=["3107"]), {"area": world["lisleby"].pk}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Kafé på Samfunnshuset" in html
    assert "Trenger hall" not in html
    counts = client.get(reverse("participation:input_counts", args=["3107"]), {"by": "area"})
    assert counts.status_code == 200
    assert "<svg" in counts.content.decode()
    api = client.get("/api/municipalities/3107/input-register").json()
    assert {row["kind"] for row in api} == {"idea", "comment"}
    client.force_login(tenants.users[Role.COORDINATOR])
    api = client.get("/api/municipalities/3107/input-register?kind=interview").json()
    assert [(row["kind"], row["text"]) for row in api] == [
        ("interview", "Leder, Lisleby idrettslag: Trenger hall på kveldstid.")
    ]
    client.logout()
    assert client.get("/api/municipalities/3107/input-register").status_code == 401
    assert client.get("/api/municipalities/3107/ideas").status_code == 200
    assert all(
        "Trenger hall" not in str(row)
        for row in client.get("/api/municipalities/3107/ideas").json()
    )


def test_interview_notes_need_consent(tenants, world):
    count = KeyPersonInterview.objects.count()
    with pytest.raises(ValidationError) as refused:
        register_services.interview_record(
            municipality=tenants.home,
            interviewer=None,
            role_or_organisation="Rektor",
            interviewed_on=date(2024, 5, 1),
            notes="Noe som ble sagt",
        )
    assert list(refused.value.message_dict) == ["consent"]
    with pytest.raises(ValidationError) as refused:
        register_services.interview_record(
            municipality=tenants.home,
            interviewer=None,
            role_or_organisation="Rektor",
            interviewed_on=date(2024, 5, 1),
            notes="Noe",
            consent=True,
        )
    assert list(refused.value.message_dict) == ["consent_how"]
    assert KeyPersonInterview.objects.count() == count
    without = register_services.interview_record(
        municipality=tenants.home,
        interviewer=None,
        role_or_organisation="Rektor",
        interviewed_on=date(2024, 5, 1),
    )
    assert (without.notes, without.consent) == ("", False)


def test_interviews_are_for_programme_staff_only(tenants, world, client):
    url = reverse("participation:interview_detail", args=["3107", world["interview"].pk])
    client.force_login(tenants.users[Role.VIEWER])
    assert client.get(url).status_code == 403
    client.force_login(tenants.users[Role.BOARD_MEMBER])
    assert client.get(url).status_code == 403
    client.force_login(tenants.users[Role.COORDINATOR])
    assert "Trenger hall på kveldstid." in client.get(url).content.decode()
    client.force_login(tenants.other_admin)
    assert client.get(url.replace("/3107/", "/4601/")).status_code == 404
