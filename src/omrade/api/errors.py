"""The API's one error shape and the exception handlers that answer with it.

Every 4xx answers `{"detail": "...", "errors": {"field": ["message", ...]}}` (`errors` is
empty when no field is to blame, `__all__` holds messages about the request as a whole).
Routes and services raise exceptions and never build an error response by hand:

| raised | status |
| --- | --- |
| ninja's `ValidationError` (the request does not fit the schema) | 422 |
| `ApiError.invalid(...)` (a field names something that does not exist here) | 422 |
| Django's `ValidationError` (a service or route refuses the input) | 400 |
| `OverflowError` (a number too large for the database) | 400 |
| `PermissionDenied` | 403 |
| `Http404` | 404 |
| `ApiError(status, ...)` (e.g. 409 for a conflict, 429 over a rate limit) | its status |
| ninja's `HttpError` (401 without credentials, a CSRF failure) | its status |

`ErrorSchema` adds the error responses an operation can give to every operation of the
OpenAPI schema, all referring to the one `ErrorOut` component.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security.base import AuthBase

if TYPE_CHECKING:
    from ninja import NinjaAPI
    from ninja.operation import Operation

Errors = dict[str, list[str]]
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class ErrorOut(Schema):
    """The body of every 4xx answer."""

    detail: str = Field(description="What is wrong, in one line (each field with its message).")
    errors: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            "The messages by field (dotted for nested fields; `__all__` for the request as a "
            "whole); empty when no field is to blame."
        ),
    )


class ApiError(HttpError):
    """An error answered with `status` in the one shape; `errors` names the fields."""

    def __init__(
        self,
        status: int,
        detail: str = "",
        errors: Mapping[str, str | Iterable[str]] | None = None,
    ) -> None:
        self.errors: Errors = {
            field: [messages] if isinstance(messages, str) else [str(m) for m in messages]
            for field, messages in (errors or {}).items()
        }
        super().__init__(status, detail or detail_of(self.errors))

    @classmethod
    def invalid(cls, field: str, message: str) -> ApiError:
        """422: a field of a request that fits the schema names something that is not there."""
        return cls(422, errors={field: message})

    @classmethod
    def refused(cls, refused: DjangoValidationError, status: int) -> ApiError:
        """A service's refusal answered with another status than 400 (a conflict: 409)."""
        return cls(status, errors=errors_of(refused))


ERROR_COMPONENT = ErrorOut.__name__


def errors_of(refused: DjangoValidationError) -> Errors:
    if hasattr(refused, "error_dict"):
        return {field: list(messages) for field, messages in refused.message_dict.items()}
    return {NON_FIELD_ERRORS: list(refused.messages)}


def detail_of(errors: Errors) -> str:
    """ "field: message; other: message" (messages about the whole request without a field)."""
    return "; ".join(
        message if field in (NON_FIELD_ERRORS, "") else f"{field}: {message}"
        for field, messages in errors.items()
        for message in messages
    )


def schema_errors(details: list[dict[str, Any]]) -> Errors:
    """Pydantic's error list keyed by the field's dotted name (without body/query/path)."""
    errors: Errors = {}
    for detail in details:
        location = [str(part) for part in detail.get("loc", ())]
        if location and location[0] in {"body", "query", "path", "header", "cookie", "form"}:
            location = location[1:]
        if len(location) > 1 and location[0] in {"payload", "body", "query", "filters"}:
            location = location[1:]
        field = ".".join(location) or NON_FIELD_ERRORS
        errors.setdefault(field, []).append(str(detail.get("msg", "")))
    return errors


def install_error_handlers(api: NinjaAPI) -> None:
    """Register the handlers that answer every error in the one shape."""

    def answer(request: HttpRequest, status: int, detail: str, errors: Errors) -> HttpResponse:
        body = {"detail": detail or HTTPStatus(status).phrase, "errors": errors}
        return api.create_response(request, body, status=status)

    @api.exception_handler(SchemaValidationError)
    def schema_invalid(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
        errors = schema_errors(exc.errors)
        return answer(request, 422, detail_of(errors), errors)

    @api.exception_handler(DjangoValidationError)
    def refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        errors = errors_of(exc)
        return answer(request, 400, detail_of(errors), errors)

    @api.exception_handler(OverflowError)
    def too_large(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        return answer(request, 400, "A number in the request is too large", {})

    @api.exception_handler(PermissionDenied)
    def denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return answer(request, 403, str(exc) or "You may not do this", {})

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return answer(request, 404, str(exc) or "Not found", {})

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return answer(request, exc.status_code, str(exc), getattr(exc, "errors", {}))


def anonymous_allowed(operation: Operation) -> bool:
    return not operation.auth_callbacks or any(
        not isinstance(callback, AuthBase) for callback in operation.auth_callbacks
    )


def error_statuses(operation: Operation) -> set[int]:
    """The error statuses an operation can answer, from its auth, method, path and parameters,
    with the 4xx its route declares itself (409, 429 ...)."""
    statuses = {
        status
        for status in operation.response_models
        if isinstance(status, int) and 400 <= status < 500
    }
    parameters = [
        name
        for name in inspect.signature(operation.view_func).parameters
        if name not in ("request", "self")
    ]
    if parameters:
        statuses |= {400, 422}  # bad input: out of range, refused; not fitting the schema
    if "{" in operation.path or "municipality" in parameters:
        statuses.add(404)  # unknown, or not visible to the caller
    if not anonymous_allowed(operation):
        statuses |= {401, 403}  # no credentials; no role that allows it
    elif set(operation.methods) & UNSAFE_METHODS:
        statuses.add(403)  # a signed-in browser session without its CSRF token
    return statuses


class ErrorSchema(OpenAPISchema):
    """The OpenAPI schema with every operation's error responses in the one `ErrorOut` shape."""

    def __init__(self, api: NinjaAPI, path_prefix: str) -> None:
        super().__init__(api=api, path_prefix=path_prefix)
        self.schemas[ERROR_COMPONENT] = ErrorOut.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )

    def responses(self, operation: Operation) -> dict[int, dict[str, Any]]:
        result = super().responses(operation)
        reference = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
        for status in sorted(error_statuses(operation)):
            result[status] = {
                "description": HTTPStatus(status).phrase,
                "content": {self.api.renderer.media_type: {"schema": reference}},
            }
        return result
