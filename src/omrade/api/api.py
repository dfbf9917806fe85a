from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.parser import Parser

from omrade import __version__
from omrade.api import (
    areas,
    my_work,
    participation_ideas,
    participation_places,
    participation_surveys,
    portfolio_criteria,
    portfolio_measures,
    portfolio_plans,
    portfolio_selection,
    programmes,
    programmes_meetings,
    tenancy,
)
from omrade.common.params import loads_json


class SafeJsonParser(Parser):
    """JSON bodies nested deeper than `MAX_JSON_DEPTH` are refused (400), never recursed into."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return cast(dict[str, Any], loads_json(request.body))


def input_errors(details: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Pydantic's error list keyed by the field's dotted name (without body/query/path)."""
    errors: dict[str, list[str]] = {}
    for detail in details:
        location = [str(part) for part in detail.get("loc", ())]
        if location and location[0] in {"body", "query", "path", "header", "cookie", "form"}:
            location = location[1:]
        if len(location) > 1 and location[0] in {"payload", "body", "query", "filters"}:
            location = location[1:]
        errors.setdefault(".".join(location) or "__all__", []).append(str(detail.get("msg", "")))
    return errors


api = NinjaAPI(
    title="Omrade API",
    version=__version__,
    description=(
        "Area-based initiatives. Sign in with the browser session or a personal token "
        "(`omrade token create USERNAME`, sent as `Authorization: Bearer <token>`)."
    ),
    urls_namespace="api",
    parser=SafeJsonParser(),
)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """422 in the one error shape: `{"detail": ..., "errors": {field: [messages]}}`."""
    errors = input_errors(exc.errors)
    return api.create_response(
        request,
        {"detail": "Invalid input: " + ", ".join(errors), "errors": errors},
        status=422,
    )


@api.exception_handler(OverflowError)
def number_out_of_range(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    """The last guard: a number too large for the database is bad input, never a 500."""
    detail = "A number in the request is too large"
    return api.create_response(request, {"detail": detail, "errors": {}}, status=400)


api.add_router("/", tenancy.router)
api.add_router("/", areas.router)
api.add_router("/", programmes.router)
api.add_router("/", programmes_meetings.router)
api.add_router("/", portfolio_measures.router)
api.add_router("/", portfolio_criteria.router)
api.add_router("/", portfolio_selection.router)
api.add_router("/", portfolio_plans.router)
api.add_router("/", participation_places.router)
api.add_router("/", participation_ideas.router)
api.add_router("/", participation_surveys.router)
api.add_router("/", my_work.router)
