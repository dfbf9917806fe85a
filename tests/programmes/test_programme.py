"""Programmes, documents, sub-programmes, the goal tree and goal indicators."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from omrade.programmes.models import Goal, GoalKind, GoverningDocument, Programme
from omrade.programmes.selectors import goal_tree, indicator_status, judge
from omrade.programmes.services import programme as services
from omrade.tenancy.models import Role
from tests.areas.conftest import AreaTree
from tests.programmes.conftest import Setup


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# --- services -----------------------------------------------------------------------


def test_programme_names_are_unique_in_a_municipality(setup: Setup, tenants) -> None:
    with pytest.raises(ValidationError, match="Områdesatsing"):
        services.programme_create(
            by=None, municipality=tenants.home, name="Områdesatsing", start_year=2024, end_year=2030
        )
    other = services.programme_create(
        by=None, municipality=tenants.other, name="Områdesatsing", start_year=2024, end_year=2030
    )
    assert other.municipality == tenants.other


def test_a_programme_cannot_end_before_it_starts(tenants) -> None:
    with pytest.raises(ValidationError):
        services.programme_create(
            by=None, municipality=tenants.home, name="X", start_year=2030, end_year=2020
        )
    assert not Programme.objects.exists()


def test_a_programme_cannot_take_another_municipalitys_areas(tenants) -> None:
    from tests.factories import AreaFactory

    foreign = AreaFactory(level__municipality=tenants.other)
    with pytest.raises(ValidationError, match="kommune"):
        services.programme_create(
            by=None,
            municipality=tenants.home,
            name="X",
            start_year=2023,
            end_year=2033,
            areas=[foreign],
        )
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    ("kind", "parent", "message"),
    [
        (GoalKind.MAIN, None, "hovedmål"),  # a second main goal
        (GoalKind.CITIZEN, "main", "overordnet mål"),  # a sub-goal directly under the main goal
        (GoalKind.OVERARCHING, "housing_goal", "hovedmål"),  # overarching under overarching
    ],
)
def test_the_goal_tree_keeps_its_shape(setup: Setup, kind, parent, message) -> None:
    fresh = services.sub_programme_create(
        by=None, programme=setup.programme, name="Nytt delprogram"
    )
    count = Goal.objects.count()
    parent_goal = getattr(setup, parent) if parent else None
    with pytest.raises(ValidationError, match=message):
        services.goal_create(
            by=None,
            programme=setup.programme,
            kind=kind,
            text="x",
            parent=parent_goal,
            sub_programme=fresh,
        )
    assert Goal.objects.count() == count


def test_sub_goals_take_their_parents_sub_programme(setup: Setup) -> None:
    goal = services.goal_create(
        by=None,
        programme=setup.programme,
        kind=GoalKind.CITIZEN,
        text="Flere leser",
        parent=setup.housing_goal,
    )
    assert goal.sub_programme == setup.housing


def test_one_overarching_goal_per_sub_programme(setup: Setup) -> None:
    with pytest.raises(ValidationError, match="overordnet mål"):
        services.goal_create(
            by=None,
            programme=setup.programme,
            kind=GoalKind.OVERARCHING,
            text="Til",
            parent=setup.main,
            sub_programme=setup.housing,
        )


def test_removing_a_goal_that_others_point_to_is_refused_with_what_points(setup: Setup) -> None:
    with pytest.raises(ValidationError, match="2 mål under det"):
        services.goal_delete(by=None, goal=setup.main)
    services.goal_indicator_add(
        by=None, goal=setup.housing_goal, own_measure="Trivsel", baseline_year=2023
    )
    with pytest.raises(ValidationError, match="1 måleindikatorer"):
        services.goal_delete(by=None, goal=setup.housing_goal)
    assert Goal.objects.filter(pk=setup.housing_goal.pk).exists()
    services.goal_delete(by=None, goal=setup.employment_goal)
    assert not Goal.objects.filter(pk=setup.employment_goal.pk).exists()


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("strategi.pdf", b"%PDF-1.7\n...", True),
        ("plan.docx", _docx(), True),
        ("falsk.pdf", b"<html>not a pdf</html>", False),
        ("arkiv.docx", b"PK\x03\x04 broken zip", False),
    ],
)
def test_documents_are_checked_by_content(
    setup: Setup, name, content, accepted, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile(name, content)
    if accepted:
        document = services.document_add(
            by=None, programme=setup.programme, kind="strategy", title=name, file=upload
        )
        assert document.file.read() == content
    else:
        with pytest.raises(ValidationError, match="PDF- eller DOCX"):
            services.document_add(
                by=None, programme=setup.programme, kind="strategy", title=name, file=upload
            )
        assert not GoverningDocument.objects.exists()


def test_a_document_is_replaced_once(setup: Setup) -> None:
    first = services.document_add(
        by=None, programme=setup.programme, kind="action_plan", title="Handlingsplan 2024"
    )
    second = services.document_add(
        by=None,
        programme=setup.programme,
        kind="action_plan",
        title="Handlingsplan 2024 v2",
        replaces=first,
    )
    assert first.replaced_by == second
    with pytest.raises(ValidationError, match="erstattet"):
        services.document_add(
            by=None, programme=setup.programme, kind="action_plan", title="v3", replaces=first
        )


def test_goal_indicator_is_an_area_indicator_or_an_own_measure(setup: Setup) -> None:
    with pytest.raises(ValidationError, match="enten"):
        services.goal_indicator_add(by=None, goal=setup.housing_goal)
    measure = services.goal_indicator_add(
        by=None,
        goal=setup.housing_goal,
        own_measure="Leser på nivå",
        baseline_value=60,
        baseline_year=2023,
        target_value=80,
        target_year=2028,
    )
    services.measurement_record(by=None, goal_indicator=measure, year=2024, value=63)
    services.measurement_record(
        by=None, goal_indicator=measure, year=2024, value=65
    )  # a correction
    assert list(measure.measurements.values_list("year", "value")) == [(2024, 65.0)]


# --- status --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latest", "higher_is_better", "expected_status"),
    [
        ((2024, 64.0), True, "on_track"),  # the path expects 64 in 2024 (60 → 80, 2023 → 2028)
        ((2024, 62.0), True, "at_risk"),  # half the planned change
        ((2024, 61.9), True, "off_track"),
        ((2024, 56.0), False, "on_track"),  # lower is better: the path expects 56 (60 → 40)
        ((2030, 80.0), True, "on_track"),  # past the target year the path stays at the target
        (None, True, "no_data"),
    ],
)
def test_judge_against_the_straight_path(latest, higher_is_better, expected_status) -> None:
    target = (2028, 80.0) if higher_is_better else (2028, 40.0)
    status, expected = judge(
        baseline=(2023, 60.0), target=target, latest=latest, higher_is_better=higher_is_better
    )
    assert status == expected_status
    if latest is not None and latest[0] == 2024:
        assert expected == pytest.approx(64.0 if higher_is_better else 56.0)


def test_area_indicator_status_reads_the_published_statistics(
    setup: Setup, tree: AreaTree, tenants
) -> None:
    # Poverty in Nord: 15 (2022) → 20 (2023), aiming at 10 in 2026: going the wrong way.
    measure = services.goal_indicator_add(
        by=None,
        goal=setup.housing_goal,
        indicator=tree.poverty,
        area=tree.areas["01"],
        baseline_year=2022,
        target_value=10,
        target_year=2026,
    )
    assert measure.higher_is_better is False  # taken from the indicator's direction
    status = indicator_status(measure, tenants.users[Role.VIEWER])
    assert (status.baseline_value, status.latest_value, status.latest_year) == (15.0, 20.0, 2023)
    assert status.status == "off_track"
    suppressed = services.goal_indicator_add(
        by=None,
        goal=setup.housing_goal,
        indicator=tree.poverty,
        area=tree.areas["04"],
        baseline_year=2022,
        target_value=1,
        target_year=2026,
    )
    # 04's 2022 value (3 people) is suppressed: no baseline for a viewer.
    assert indicator_status(suppressed, tenants.users[Role.VIEWER]).baseline_value is None


def test_goal_tree_nests_goals_with_their_indicators(setup: Setup, tenants) -> None:
    services.goal_create(
        by=None,
        programme=setup.programme,
        kind=GoalKind.ORGANISATIONAL,
        text="Bedre samarbeid",
        parent=setup.housing_goal,
    )
    [root] = goal_tree(setup.programme, tenants.users[Role.VIEWER])
    assert root.goal == setup.main
    assert [child.goal.text for child in root.children] == ["Bedre nærmiljø", "Flere i arbeid"]
    assert [node.goal.text for node in root.children[0].organisational_goals] == ["Bedre samarbeid"]


# --- pages and API ------------------------------------------------------------------


def test_manager_creates_a_programme_in_the_browser(client, tenants) -> None:
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.post(
        "/m/3107/programmes/",
        {"name": "Ny satsing", "start_year": 2025, "end_year": 2035, "status": "planned"},
    )
    assert response.status_code == 302
    assert Programme.objects.get(name="Ny satsing").municipality == tenants.home


def test_viewer_reads_but_cannot_change(client, setup: Setup, tenants) -> None:
    client.force_login(tenants.users[Role.VIEWER])
    assert client.get(f"/m/3107/programmes/{setup.programme.pk}/goals/").status_code == 200
    response = client.post(
        f"/m/3107/programmes/{setup.programme.pk}/goals/",
        {"action": "goal", "kind": "citizen", "text": "x", "parent": setup.housing_goal.pk},
    )
    assert response.status_code == 403
    assert client.post("/m/3107/programmes/", {"name": "X"}).status_code == 403


def test_coordinator_adds_goals_to_their_own_sub_programme_only(
    client, setup: Setup, tenants
) -> None:
    client.force_login(tenants.users[Role.COORDINATOR])
    url = f"/m/3107/programmes/{setup.programme.pk}/goals/"
    own = client.post(
        url,
        {
            "action": "goal",
            "kind": "citizen",
            "text": "Flere trives",
            "parent": setup.housing_goal.pk,
        },
    )
    assert own.status_code == 302
    other = client.post(
        url,
        {
            "action": "goal",
            "kind": "citizen",
            "text": "Flere jobber",
            "parent": setup.employment_goal.pk,
        },
    )
    assert other.status_code == 403
    assert list(Goal.objects.filter(kind="citizen").values_list("text", flat=True)) == [
        "Flere trives"
    ]


def test_goal_detail_records_a_measurement(client, setup: Setup, tenants) -> None:
    measure = services.goal_indicator_add(
        by=None, goal=setup.housing_goal, own_measure="Trivsel", unit="prosent"
    )
    client.force_login(tenants.users[Role.COORDINATOR])
    url = f"/m/3107/programmes/{setup.programme.pk}/goals/{setup.housing_goal.pk}/"
    response = client.post(
        url, {"action": "measurement", "goal_indicator": measure.pk, "year": 2024, "value": "71.5"}
    )
    assert response.status_code == 302
    assert measure.measurements.get().value == 71.5
    bad = client.post(
        url, {"action": "measurement", "goal_indicator": measure.pk, "year": 1800, "value": "x"}
    )
    assert bad.status_code == 400
    assert measure.measurements.count() == 1


def test_a_refused_goal_removal_says_why(client, setup: Setup, tenants) -> None:
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.post(
        f"/m/3107/programmes/{setup.programme.pk}/goals/{setup.main.pk}/delete/", follow=True
    )
    assert "2 mål under det" in response.content.decode()
    assert Goal.objects.filter(pk=setup.main.pk).exists()


def test_another_municipality_cannot_see_the_programme(client, setup: Setup, tenants) -> None:
    client.force_login(tenants.other_admin)
    assert client.get(f"/m/4601/programmes/{setup.programme.pk}/").status_code == 404
    assert client.get(f"/api/programmes/{setup.programme.pk}").status_code == 404


def test_api_returns_the_programme_with_its_goal_tree(client, setup: Setup, tenants) -> None:
    client.force_login(tenants.users[Role.VIEWER])
    listed = client.get("/api/programmes?municipality=3107").json()
    assert [(p["name"], p["part_terms"]) for p in listed] == [("Områdesatsing", "sub-programmes")]
    detail = client.get(f"/api/programmes/{setup.programme.pk}").json()
    assert [s["name"] for s in detail["sub_programmes"]] == ["Bo og nærmiljø", "Sysselsetting"]
    [main] = detail["goals"]
    assert main["kind"] == "main"
    assert [(g["kind"], g["sub_programme"]) for g in main["children"]] == [
        ("overarching", "Bo og nærmiljø"),
        ("overarching", "Sysselsetting"),
    ]
    assert detail["roles"] == []
    assert detail["bodies"] == []


def test_manager_edits_a_sub_programme_and_refuses_a_foreign_coordinator(
    client, setup: Setup, tenants
) -> None:
    from omrade.tenancy.services import person_create

    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    url = f"/m/3107/programmes/{setup.programme.pk}/sub-programmes/{setup.employment.pk}/edit/"
    assert client.get(url).status_code == 200
    local = person_create(by=None, municipality=tenants.home, name="Nina Nord")
    response = client.post(
        url, {"name": "Arbeid og inkludering", "coordinator": local.pk, "coordinator_share": "100"}
    )
    assert response.status_code == 302
    setup.employment.refresh_from_db()
    assert (setup.employment.name, setup.employment.coordinator) == ("Arbeid og inkludering", local)
    foreign = person_create(by=None, municipality=tenants.other, name="Bergen-person")
    refused = client.post(url, {"name": "X", "coordinator": foreign.pk})
    assert refused.status_code == 400
    setup.employment.refresh_from_db()
    assert setup.employment.name == "Arbeid og inkludering"


def test_coordinator_edits_the_text_of_a_goal_in_their_sub_programme(
    client, setup: Setup, tenants
) -> None:
    client.force_login(tenants.users[Role.COORDINATOR])
    own = f"/m/3107/programmes/{setup.programme.pk}/goals/{setup.housing_goal.pk}/"
    assert client.post(own, {"action": "text", "text": "Tryggere nærmiljø"}).status_code == 302
    setup.housing_goal.refresh_from_db()
    assert setup.housing_goal.text == "Tryggere nærmiljø"
    other = f"/m/3107/programmes/{setup.programme.pk}/goals/{setup.employment_goal.pk}/"
    assert client.post(other, {"action": "text", "text": "x"}).status_code == 403
    setup.employment_goal.refresh_from_db()
    assert setup.employment_goal.text == "Flere i arbeid"


# --- part terms -----------------------------------------------------------------


def test_a_programme_names_its_parts_in_its_own_terms(client, setup: Setup, tenants) -> None:
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    url = f"/m/3107/programmes/{setup.programme.pk}/"
    page = client.get(url).content.decode()
    assert ">Delprogrammer</h2>" in page
    response = client.post(
        f"{url}edit/",
        {
            "name": setup.programme.name,
            "start_year": 2023,
            "end_year": 2033,
            "status": "active",
            "part_terms": "focus-areas",
        },
    )
    assert response.status_code == 302
    setup.programme.refresh_from_db()
    assert setup.programme.part_terms == "focus-areas"
    page = client.get(url).content.decode()
    assert ">Innsatsområder</h2>" in page
    assert "<dt>Boligavdelinger</dt>" in page
    assert "Legg til innsatsområde" in page
    client.cookies["django_language"] = "da"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert ">Indsatsområder</h2>" in page
    assert "<dt>Boligafdelinger</dt>" in page
    goals = client.get(f"{url}goals/", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Delprogram" not in goals
    measures = client.get(f"{url}measures/").content.decode()
    assert '<th scope="col">Indsatsområde</th>' in measures


def test_unknown_part_terms_are_refused_by_field(client, setup: Setup, tenants) -> None:
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.post(
        f"/m/3107/programmes/{setup.programme.pk}/edit/",
        {"name": "X", "start_year": 2023, "end_year": 2033, "status": "active", "part_terms": "x"},
    )
    assert response.status_code == 400
    assert "part_terms" in response.context["form"].errors
    setup.programme.refresh_from_db()
    assert setup.programme.name == "Områdesatsing"
    assert setup.programme.part_terms == "sub-programmes"
