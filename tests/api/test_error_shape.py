"""The API's one error shape and one scoped lookup, walked over the OpenAPI schema.

- every error response of every operation refers to the one `ErrorOut` schema;
- every route with an id in its path, called with a token of another municipality's admin and
  the id of an object in the home municipality, answers 404 in the error shape (public
  objects answer what the access matrix documents for them);
- every write route refuses a body that does not fit its schema, and bad JSON, in the error
  shape.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from ninja import Schema

from omrade.api.api import api
from omrade.tenancy import services as tenancy_services
from tests.access import OTHER, PLATFORM
from tests.test_access_matrix import API_BODY, API_EXPECTED, api_url, world  # noqa: F401

pytestmark = pytest.mark.django_db

ERROR_REF = "#/components/schemas/ErrorOut"
# Routes by id whose objects are public: another municipality's user reads them too.
PUBLIC_BY_ID = {
    ("get", "/api/areas/{area_id}"),
    ("get", "/api/meeting-places/{place_id}"),
    ("get", "/api/surveys/{survey_id}"),
    ("get", "/api/surveys/{survey_id}/results"),
    ("post", "/api/surveys/{survey_id}/responses"),
}
WRITES = ("post", "put", "patch")


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    schema = api.get_openapi_schema()
    return [
        (method, path, operation)
        for path, by_method in schema["paths"].items()
        for method, operation in by_method.items()
    ]


def by_id(path: str) -> bool:
    """A path with an object's id (not a municipality's or session's code)."""
    return bool(re.search(r"\{\w+_id\}", path))


def assert_error_body(response: Any, where: str) -> None:
    body = response.json()
    assert set(body) == {"detail", "errors"}, f"{where}: {body}"
    assert isinstance(body["detail"], str), f"{where}: {body}"
    assert body["detail"], f"{where}: {body}"
    assert isinstance(body["errors"], dict), f"{where}: {body}"
    for messages in body["errors"].values():
        assert messages, f"{where}: {body}"
        assert all(isinstance(message, str) for message in messages), f"{where}: {body}"


def body_fields(operation: dict[str, Any]) -> list[str]:
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    name = schema["$ref"].rsplit("/", 1)[-1]
    return list(api.get_openapi_schema()["components"]["schemas"][name]["properties"])


def token_headers(user: Any) -> dict[str, str]:
    _token, key = tenancy_services.token_create(by=None, user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_error_schema_is_detail_and_errors_by_field() -> None:
    error = api.get_openapi_schema()["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["detail"]
    assert error["properties"]["detail"]["type"] == "string"
    errors = error["properties"]["errors"]
    assert errors["type"] == "object"
    assert errors["additionalProperties"] == {"type": "array", "items": {"type": "string"}}


def test_every_error_response_refers_to_the_one_error_schema() -> None:
    for method, path, operation in operations():
        where = f"{method.upper()} {path}"
        errors = {int(status): answer for status, answer in operation["responses"].items()}
        errors = {status: answer for status, answer in errors.items() if status >= 400}
        if operation.get("parameters") or operation.get("requestBody"):
            assert {400, 422} <= set(errors), where
        if "{" in path:
            assert 404 in errors, where
        if operation.get("security") and method in WRITES:
            assert 403 in errors, where  # at least a session without its CSRF token
        for status, answer in errors.items():
            schema = answer["content"]["application/json"]["schema"]
            assert schema == {"$ref": ERROR_REF}, f"{where} {status}: {schema}"


def test_schema_names_are_unique() -> None:
    """Two schemas of one name would share one component (the last one wins)."""
    seen: dict[str, str] = {}
    pending = list(Schema.__subclasses__())
    while pending:
        schema = pending.pop()
        pending.extend(schema.__subclasses__())
        if not schema.__module__.startswith("omrade."):
            continue
        where = f"{schema.__module__}.{schema.__qualname__}"
        assert seen.setdefault(schema.__name__, where) == where, (seen[schema.__name__], where)


def test_enum_values_are_declared() -> None:
    schemas = api.get_openapi_schema()["components"]["schemas"]
    assert schemas["GoalKind"]["enum"] == ["main", "overarching", "citizen", "organisational"]
    for name in ("MeasureStatus", "PlanState", "IdeaStatus", "Role", "ValueStatus"):
        assert schemas[name]["enum"], name
    goal = schemas["GoalOut"]["properties"]["kind"]
    assert goal == {"$ref": "#/components/schemas/GoalKind"}


def test_another_municipalitys_ids_answer_404_in_the_error_shape(client, world) -> None:  # noqa: F811
    objects, actors = world
    headers = token_headers(actors[OTHER])
    walked = 0
    for method, path, _operation in operations():
        if not by_id(path):
            continue
        url = api_url(objects, method, path)
        extra: dict[str, Any] = {}
        if method in WRITES:
            body = API_BODY.get((method, path), {})
            extra = {
                "data": json.dumps(body() if callable(body) else body),
                "content_type": "application/json",
            }
        response = getattr(client, method)(url, **extra, **headers)
        where = f"{method.upper()} {url}"
        expected = API_EXPECTED[(method, path)][OTHER]
        if (method, path) not in PUBLIC_BY_ID:
            assert expected == 404, f"{where}: the access matrix expects {expected}"
        assert response.status_code == expected, f"{where}: {response.status_code}"
        if response.status_code >= 400:
            assert_error_body(response, where)
        walked += 1
    assert walked >= 25


def test_write_routes_refuse_bad_bodies_in_the_error_shape(client, world) -> None:  # noqa: F811
    objects, actors = world
    headers = token_headers(actors[PLATFORM])
    walked = 0
    for method, path, operation in operations():
        if method not in WRITES or "requestBody" not in operation:
            continue
        if "application/json" not in operation["requestBody"]["content"]:
            continue  # a file upload (multipart): its own tests send bad files
        # Every field of the body a list of lists: no field takes that.
        wrong = json.dumps({key: [[[]]] for key in body_fields(operation)})
        for data, statuses in ((wrong, {422}), ("{", {400})):
            url = api_url(objects, method, path)
            response = getattr(client, method)(
                url, data=data, content_type="application/json", **headers
            )
            where = f"{method.upper()} {url} with {data}"
            assert response.status_code in statuses, f"{where}: {response.status_code}"
            assert_error_body(response, where)
        walked += 1
    assert walked >= 10


def test_out_of_range_ids_answer_422_in_the_error_shape(client, world) -> None:  # noqa: F811
    objects, actors = world
    headers = token_headers(actors[PLATFORM])
    for method, path, _operation in operations():
        if method != "get" or not by_id(path):
            continue
        url = re.sub(r"\{\w+_id\}", "0", path)
        url = api_url(objects, method, url)
        response = client.get(url, **headers)
        assert response.status_code == 422, f"GET {url}: {response.status_code}"
        assert_error_body(response, url)
        assert all(field.endswith("_id") for field in response.json()["errors"]), url
