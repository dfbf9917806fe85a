"""The participation demo: each context's part, in order (meeting places, ideas, surveys).

It sits at the top of the package because one context's demo uses another's: the ideas
from Bergen's workshop belong to an event, which the places context makes."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from omrade.areas.models import Area
from omrade.participation.ideas import demo as ideas_demo
from omrade.participation.ideas.demo import EXAMPLE
from omrade.participation.places import demo as places_demo
from omrade.participation.places.models import Event
from omrade.participation.places.services import events
from omrade.participation.surveys import demo as surveys_demo
from omrade.programmes.models import Programme
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser

if TYPE_CHECKING:
    from omrade.shell.demo import DemoContext


def load(demo: DemoContext) -> None:
    places_demo.load(demo)
    ideas_demo.load(demo, workshop_for=_workshop)
    surveys_demo.load(demo)


def _workshop(
    *,
    municipality: Municipality,
    programme: Programme | None,
    area: Area | None,
    by: AnyUser | None,
) -> Event:
    """Bergen's workshop in Loddefjord, 40 days ago (the description's first sentence is
    seed 003's)."""
    day = timezone.localdate() - timedelta(days=40)
    start = timezone.make_aware(datetime.combine(day, time(18)))
    workshop = events.event_create(
        municipality=municipality,
        kind="workshop",
        title="Verkstedsmøte i Loddefjord",
        description=(
            "Verkstedsmøte for interesserte, hvor idéer til forbedring av nærområdet kan "
            "utvikles og hvor viktige ressurser i området kan engasjeres til felles innsats. "
            "Dato og sted er oppdiktet."  # the first sentence is seed 003's
        ),
        programme=programme,
        area=area,
        location="Loddefjord (oppdiktet sted, demodata)",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        synthetic=True,
    )
    events.event_save_minutes(
        event=workshop,
        minutes="Rundt 30 deltakere. Idéene ble skrevet ned av koordinatoren." + EXAMPLE,
        published=False,
        by=by,
    )
    return workshop
