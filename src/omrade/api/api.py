from typing import Any, cast

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser

from omrade import __version__
from omrade.api import (
    areas,
    finance,
    finance_actuals,
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
from omrade.api.errors import ErrorSchema, install_error_handlers
from omrade.common.params import loads_json


class SafeJsonParser(Parser):
    """JSON bodies nested deeper than `MAX_JSON_DEPTH` are refused (400), never recursed into."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return cast(dict[str, Any], loads_json(request.body))


class OmradeApi(NinjaAPI):
    """The API whose OpenAPI schema declares every operation's errors (`errors.ErrorSchema`)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return ErrorSchema(api=self, path_prefix=path_prefix)


api = OmradeApi(
    title="Omrade API",
    version=__version__,
    description=(
        "Area-based initiatives. Sign in with the browser session or a personal token "
        "(`omrade token create USERNAME`, sent as `Authorization: Bearer <token>`)."
    ),
    urls_namespace="api",
    parser=SafeJsonParser(),
)


install_error_handlers(api)

api.add_router("/", tenancy.router)
api.add_router("/", areas.router)
api.add_router("/", programmes.router)
api.add_router("/", programmes_meetings.router)
api.add_router("/", portfolio_measures.router)
api.add_router("/", portfolio_criteria.router)
api.add_router("/", portfolio_selection.router)
api.add_router("/", portfolio_plans.router)
api.add_router("/", finance.router)
api.add_router("/", finance_actuals.router)
api.add_router("/", participation_places.router)
api.add_router("/", participation_ideas.router)
api.add_router("/", participation_surveys.router)
api.add_router("/", my_work.router)
