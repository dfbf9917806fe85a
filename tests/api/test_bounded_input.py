"""Out-of-range input is a 4xx naming the parameter, never a 500 (issue 11).

Numbers larger than the database can hold, years outside 1–9999, far dates, infinite
weights, ids like 1e25 in JSON bodies and deeply nested JSON, on the API and on pages.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from omrade.common.params import MAX_ID, loads_json, max_json_depth, parse_id, parse_year
from omrade.participation.surveys.forms import ChildMarkForm, raw_answers
from omrade.participation.surveys.models import MarkKind, QuestionKind, SurveyQuestion
from omrade.participation.surveys.services.geometry import validate_geometry
from omrade.portfolio.models import Measure
from omrade.programmes.models import Goal
from omrade.tenancy import services as tenancy_services
from omrade.tenancy.models import MunicipalUnit, Role
from tests.participation.test_places_services import build_place
from tests.portfolio.conftest import Portfolio, portfolio  # noqa: F401 - fixture
from tests.programmes.conftest import setup  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

HUGE = "1" * 30
DEEP = "[" * 3000 + "]" * 3000


def test_parse_id_and_year_keep_to_what_the_database_and_dates_hold() -> None:
    assert parse_id("42") == 42
    assert parse_id(str(MAX_ID)) == MAX_ID
    assert [parse_id(text) for text in (HUGE, str(MAX_ID + 1), "0", "-1", "abc", "1e25", "")] == [
        None
    ] * 7
    assert parse_year("2024") == 2024
    assert [parse_year(text) for text in ("0", "-46852", "99999999999", "x")] == [None] * 4


def test_loads_json_refuses_deep_nesting_with_a_value_error() -> None:
    assert loads_json('{"a": [1, 2]}') == {"a": [1, 2]}
    assert max_json_depth({"a": [[1]]}) == 3
    with pytest.raises(ValueError, match="nested deeper"):
        loads_json(DEEP)
    with pytest.raises(ValueError, match="nested deeper"):
        loads_json("[" * 100 + "]" * 100)


@pytest.fixture
def token(tenants) -> dict[str, str]:
    _token, key = tenancy_services.token_create(by=None, user=tenants.platform_admin)
    return {"Authorization": f"Bearer {key}"}


def _refused(response, name: str, status: int = 422) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert name in body["detail"], body
    if status == 422:
        assert name in body["errors"], body


@pytest.mark.parametrize(
    ("path", "name"),
    [
        (f"/api/municipalities/3107/ideas?theme={HUGE}", "theme"),
        (f"/api/municipalities/3107/ideas?area={HUGE}", "area"),
        (f"/api/municipalities/3107/events?area_id={HUGE}", "area_id"),
        (f"/api/municipalities/3107/input-register?area={HUGE}", "area"),
        ("/api/municipalities/3107/input-register?since=0001-01-01", "since"),
        (f"/api/areas/{HUGE}", "area_id"),
    ],
)
def test_out_of_range_query_and_path_parameters_are_422(client, tenants, token, path, name):
    _refused(client.get(path, headers=token), name)


def test_index_weights_must_be_finite(client, tenants) -> None:
    response = client.get(
        "/api/index?municipality=3107&level=x&period=2024&weights=x%3D1e400", HTTP_ACCEPT="*/*"
    )
    # The level is checked first (404); with a real level the weight is named.
    assert response.status_code in {404, 422}
    from tests.factories import AreaLevelFactory

    AreaLevelFactory(municipality=tenants.home, code="sone")
    response = client.get("/api/index?municipality=3107&level=sone&period=2024&weights=x%3D1e400")
    assert response.status_code == 422
    assert "weights" in response.json()["detail"]


@pytest.mark.parametrize("year", ["0", "-46852", "99999999999"])
def test_measures_and_matrix_refuse_impossible_years(client, portfolio, token, year):  # noqa: F811
    programme = portfolio.setup.programme.pk
    _refused(client.get(f"/api/programmes/{programme}/measures?year={year}", headers=token), "year")
    _refused(client.get(f"/api/programmes/{programme}/matrix?year={year}", headers=token), "year")


def test_bookings_refuse_a_start_far_in_the_past(client, tenants, token) -> None:
    place = build_place(tenants.home)
    response = client.get(
        f"/api/meeting-places/{place.pk}/bookings?start=0001-01-01", headers=token
    )
    _refused(response, "start")


def test_ids_like_1e25_in_json_bodies_are_422_and_write_nothing(client, portfolio, token):  # noqa: F811
    programme = portfolio.setup.programme
    criteria_set = programme.criteria_sets.first()
    post = lambda path, body: client.post(  # noqa: E731
        path, json.dumps(body), content_type="application/json", headers=token
    )
    before = Measure.objects.count()
    response = post(f"/api/programmes/{programme.pk}/measures", {"title": "X", "goal_ids": [1e25]})
    _refused(response, "goal_ids.0")
    assert Measure.objects.count() == before
    response = post(f"/api/programmes/{programme.pk}/selection", {"year": 2024, "force_in": [1e25]})
    _refused(response, "force_in.0")
    response = post(f"/api/programmes/{programme.pk}/selection", {"year": 2024, "budget": 1e300})
    _refused(response, "budget")
    if criteria_set is not None:
        response = post(
            f"/api/criteria-sets/{criteria_set.pk}/scores",
            {"scores": [{"criterion": 1e25, "measure": 1, "value": 1}]},
        )
        _refused(response, "scores.0.criterion")
    response = post("/api/municipalities/3107/units", {"name": "Ny", "parent_id": int(HUGE)})
    _refused(response, "parent_id")
    assert not MunicipalUnit.objects.filter(name="Ny").exists()


def test_deeply_nested_json_body_is_400(client, tenants, token) -> None:
    response = client.post(
        "/api/municipalities/3107/units", DEEP, content_type="application/json", headers=token
    )
    assert response.status_code == 400
    nested = json.dumps({"name": "Ny", "head_title": "x", "extra": [[[[[[[[[[]]]]]]]]]] * 1})
    assert (
        client.post(
            "/api/municipalities/3107/units", nested, content_type="application/json", headers=token
        ).status_code
        == 201
    )


def test_a_third_coordinate_is_dropped_from_a_drawn_point() -> None:
    clean = validate_geometry(
        {"type": "Point", "coordinates": [10.9, 59.2, 1234.5]},
        kind="point",
        bounds=None,
        max_vertices=10,
    )
    assert clean == {"type": "Point", "coordinates": [10.9, 59.2]}


def test_goal_form_with_a_parent_that_is_no_id_is_refused_not_a_500(client, setup, tenants):  # noqa: F811
    client.force_login(tenants.users[Role.VIEWER])
    url = reverse(
        "programmes:goal_tree", kwargs={"municipality_code": "3107", "pk": setup.programme.pk}
    )
    before = Goal.objects.count()
    for parent in ("abc", HUGE):
        response = client.post(url, {"action": "goal", "parent": parent, "text": "X"})
        assert response.status_code == 403
    assert Goal.objects.count() == before


def test_area_comparison_ignores_ids_beyond_the_database(client, tenants) -> None:
    url = reverse("areas:compare", kwargs={"municipality_code": "3107"})
    assert client.get(f"{url}?area={HUGE}&area=1").status_code == 200


def test_deeply_nested_map_answers_on_the_pages_are_invalid_not_a_500() -> None:
    question = SurveyQuestion(pk=7, kind=QuestionKind.MAP)
    raw = raw_answers([question], {"q7_geometry": DEEP})
    assert raw[7]["geometry"] == "invalid"  # refused by the answer service, naming the question
    form = ChildMarkForm(
        {"kind": MarkKind.AKTIVITET.value, "geometry": '{"a":' * 3000 + "1" + "}" * 3000},
        places=[],
    )
    assert form.is_valid(), form.errors
    assert form.service_arguments()["geometry"] == {"type": "invalid"}


def test_a_session_time_with_a_time_zone_is_422_not_a_500(client, tenants, token) -> None:
    place = build_place(tenants.home)
    response = client.post(
        f"/api/meeting-places/{place.pk}/sessions",
        json.dumps({"activity_id": 1, "starts_at": "00:00:00Z"}),
        content_type="application/json",
        headers=token,
    )
    _refused(response, "starts_at")
    response = client.patch(
        f"/api/meeting-places/{place.pk}/sessions/1",
        json.dumps({"starts_at": "18:00:00+01:00"}),
        content_type="application/json",
        headers=token,
    )
    _refused(response, "starts_at")
