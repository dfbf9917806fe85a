from ninja import NinjaAPI

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

api = NinjaAPI(
    title="Omrade API",
    version=__version__,
    description=(
        "Area-based initiatives. Sign in with the browser session or a personal token "
        "(`omrade token create USERNAME`, sent as `Authorization: Bearer <token>`)."
    ),
    urls_namespace="api",
)
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
