"""Every programmes service with an actor checks its rule itself: called directly by a user
the rule refuses, it raises PermissionDenied and writes nothing."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from omrade.common.models import AuditEntry
from omrade.programmes.models import BodyKind, Decision
from omrade.programmes.services import barriers, governance, meetings
from omrade.tenancy.models import Role

pytestmark = pytest.mark.django_db


def test_barrier_steps_are_checked_in_the_service_by_level(setup, tenants):
    barrier = barriers.barrier_register(
        programme=setup.programme, title="Barriere", by=tenants.users[Role.VIEWER]
    )
    with pytest.raises(PermissionDenied):
        barriers.barrier_escalate(barrier=barrier, by=tenants.users[Role.COORDINATOR])
    barriers.barrier_escalate(barrier=barrier, by=tenants.users[Role.BOARD_MEMBER])
    barriers.barrier_escalate(barrier=barrier, by=tenants.users[Role.BOARD_MEMBER])
    entries = AuditEntry.objects.count()
    # At the commissioner's level the board no longer acts.
    with pytest.raises(PermissionDenied):
        barriers.barrier_resolve(
            barrier=barrier, resolution="Avklart", by=tenants.users[Role.BOARD_MEMBER]
        )
    barrier.refresh_from_db()
    assert (barrier.status, barrier.level, barrier.resolution) == (
        "escalated",
        "commissioner",
        "",
    )
    assert AuditEntry.objects.count() == entries


def test_registering_a_barrier_needs_a_role_in_the_municipality(setup, tenants):
    with pytest.raises(PermissionDenied):
        barriers.barrier_register(
            programme=setup.programme, title="Barriere", by=tenants.other_admin
        )
    assert not setup.programme.barriers.exists()


def test_decisions_and_follow_up_actions_check_their_rules(setup, tenants):
    board = governance.body_create(
        programme=setup.programme, kind=BodyKind.BOARD, name="Programstyret"
    )
    meeting = meetings.meeting_create(
        body=board, starts_at=datetime(2024, 3, 14, 9, tzinfo=ZoneInfo("Europe/Oslo"))
    )
    with pytest.raises(PermissionDenied):
        meetings.decision_record(meeting=meeting, text="Vedtatt", by=tenants.users[Role.VIEWER])
    assert not Decision.objects.exists()
    action = meetings.action_add(meeting=meeting, text="Følg opp")
    with pytest.raises(PermissionDenied):
        meetings.action_set_status(action=action, status="done", by=tenants.users[Role.VIEWER])
    action.refresh_from_db()
    assert (action.status, action.done_at) == ("open", None)
    meetings.action_set_status(
        action=action, status="done", by=tenants.users[Role.PROGRAMME_MANAGER]
    )
    entry = AuditEntry.objects.get(action="action.status_changed")
    assert entry.changes["status"] == ["open", "done"]
