"""The input register's provider for the minutes of events (`core/register.py`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext_lazy

from omrade.participation.core.register import (
    InputItem,
    RegisterFilters,
    excerpt,
    narrowed,
    register_provider,
)
from omrade.participation.places.models import Event
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser


def event_minutes_items(
    *, municipality: Municipality, user: AnyUser, filters: RegisterFilters
) -> Iterable[InputItem]:
    """Minutes of public meetings, workshops and forum gatherings (internal until published,
    but the register is internal)."""
    events = Event.objects.in_municipality(municipality).exclude(minutes="").select_related("area")
    events = narrowed(events, filters)
    for event in events:
        yield InputItem(
            kind="event_minutes",
            id=event.pk,
            date=timezone.localtime(event.starts_at).date(),
            text=excerpt(f"{event.title}: {event.minutes}"),
            area=event.area.name if event.area is not None else None,
            area_id=event.area_id,
            public=event.is_public and event.minutes_published,
        )


def register_providers() -> None:
    register_provider(
        "event_minutes", event_minutes_items, label=gettext_lazy("Referat fra arrangement")
    )
