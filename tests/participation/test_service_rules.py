"""Participation services with an actor check their rule themselves: called directly by a
user without `can_run_participation`, they raise PermissionDenied and change nothing; the
idea, booking and registration steps go through their workflow tables."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from omrade.common.models import AuditEntry
from omrade.participation.ideas.services import ideas
from omrade.participation.places.models import MeetingPlace
from omrade.participation.places.services import events as places_events
from omrade.participation.places.services import places
from omrade.participation.places.workflow import BOOKING_WORKFLOW
from omrade.tenancy.models import Role

pytestmark = pytest.mark.django_db


def _place(tenants) -> MeetingPlace:
    return places.place_create(
        municipality=tenants.home,
        name="Rebellhuset",
        address="Trosvikstranda 1",
        latitude=Decimal("59.2104"),
        longitude=Decimal("10.9465"),
    )


def test_place_services_refuse_a_viewer_and_write_nothing(tenants):
    viewer = tenants.users[Role.VIEWER]
    with pytest.raises(PermissionDenied):
        places.place_create(municipality=tenants.home, name="Huset", by=viewer)
    assert not MeetingPlace.objects.exists()
    place = _place(tenants)
    with pytest.raises(PermissionDenied):
        places.place_update(place=place, name="Endret", by=viewer)
    place.refresh_from_db()
    assert place.name == "Rebellhuset"
    assert not AuditEntry.objects.filter(actor=viewer).exists()


def test_booking_steps_follow_the_table_and_the_staff_rule(tenants):
    room = places.room_create(place=_place(tenants), name="Salen", bookable=True)
    start = timezone.now() + timedelta(days=3)
    booking = places.booking_request(
        room=room,
        purpose="Strikkekafé",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        contact_name="Kari",
        contact_email="kari@example.no",
    )
    with pytest.raises(PermissionDenied):
        places.booking_confirm(booking=booking, by=tenants.users[Role.ANALYST])
    with pytest.raises(ValidationError):  # not in the table: only a confirmed booking is cancelled
        places.booking_cancel(booking=booking, reason="Nei", by=tenants.users[Role.COORDINATOR])
    booking.refresh_from_db()
    assert booking.status == "requested"
    assert [step.action for step in BOOKING_WORKFLOW.next_actors(booking)] == [
        "confirm",
        "decline",
    ]
    places.booking_confirm(booking=booking, by=tenants.users[Role.COORDINATOR])
    entry = AuditEntry.objects.get(action="booking.confirmed")
    assert entry.changes == {"status": ["requested", "confirmed"]}
    assert BOOKING_WORKFLOW.next_actors(booking) == []  # cancelling is not a step forward


def test_staff_cancel_a_registration_through_the_table_and_the_waiting_list_moves_up(tenants):
    start = timezone.now() + timedelta(days=7)
    event = places_events.event_create(
        municipality=tenants.home,
        kind="public_meeting",
        title="Folkemøte",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        registration_open=True,
        capacity=1,
    )
    first = places_events.registration_create(event=event, name="A")
    second = places_events.registration_create(event=event, name="B")
    with pytest.raises(PermissionDenied):
        places_events.registration_cancel_by_staff(
            registration=first.registration, by=tenants.users[Role.VIEWER]
        )
    promoted = places_events.registration_cancel_by_staff(
        registration=first.registration, by=tenants.users[Role.PROGRAMME_MANAGER]
    )
    assert [item.pk for item in promoted] == [second.registration.pk]
    entry = AuditEntry.objects.get(action="registration.cancelled")
    assert entry.object_type == "participation.event"
    assert entry.changes["promoted"] == [None, "['B']"]  # the audit log stores text
    with pytest.raises(ValidationError):  # the table has no step from cancelled
        places_events.registration_cancel_by_staff(registration=first.registration, by=None)


def test_idea_steps_are_checked_in_the_service(tenants):
    idea = ideas.idea_submit(
        municipality=tenants.home,
        title="Benker",
        text="Flere benker.",
        client_hash="client-a",
    )
    with pytest.raises(PermissionDenied):
        ideas.idea_assess(idea=idea, by=tenants.users[Role.VIEWER])
    idea.refresh_from_db()
    assert idea.status == "received"
    ideas.idea_assess(idea=idea, by=tenants.users[Role.COORDINATOR])
    assert AuditEntry.objects.get(action="idea.assess").actor == tenants.users[Role.COORDINATOR]


def test_a_theme_is_created_only_by_participation_staff(tenants):
    from omrade.participation.core import services as core_services
    from omrade.participation.core.models import Theme

    with pytest.raises(PermissionDenied):
        core_services.theme_create(
            by=tenants.users[Role.VIEWER], municipality=tenants.home, name="Trygghet"
        )
    with pytest.raises(PermissionDenied):
        core_services.theme_create(
            by=tenants.other_admin, municipality=tenants.home, name="Trygghet"
        )
    assert not Theme.objects.exists()
    theme = core_services.theme_create(
        by=tenants.users[Role.COORDINATOR], municipality=tenants.home, name="Trygghet"
    )
    with pytest.raises(PermissionDenied):
        core_services.theme_update(theme=theme, name="Endret", by=tenants.users[Role.ANALYST])
    theme.refresh_from_db()
    assert theme.name == "Trygghet"
