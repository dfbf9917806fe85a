"""Every programmes service with an actor checks its rule itself: called directly by a user
the rule refuses, it raises PermissionDenied and writes nothing."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from omrade.common.models import AuditEntry
from omrade.programmes.models import (
    BodyKind,
    Decision,
    Goal,
    GoalKind,
    GoverningDocument,
    Programme,
    StateAgreement,
    SubProgramme,
)
from omrade.programmes.services import barriers, governance, meetings
from omrade.programmes.services import programme as services
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
        by=None, programme=setup.programme, kind=BodyKind.BOARD, name="Programstyret"
    )
    meeting = meetings.meeting_create(
        by=None, body=board, starts_at=datetime(2024, 3, 14, 9, tzinfo=ZoneInfo("Europe/Oslo"))
    )
    with pytest.raises(PermissionDenied):
        meetings.decision_record(meeting=meeting, text="Vedtatt", by=tenants.users[Role.VIEWER])
    assert not Decision.objects.exists()
    action = meetings.action_add(by=None, meeting=meeting, text="Følg opp")
    with pytest.raises(PermissionDenied):
        meetings.action_set_status(action=action, status="done", by=tenants.users[Role.VIEWER])
    action.refresh_from_db()
    assert (action.status, action.done_at) == ("open", None)
    meetings.action_set_status(
        action=action, status="done", by=tenants.users[Role.PROGRAMME_MANAGER]
    )
    entry = AuditEntry.objects.get(action="action.status_changed")
    assert entry.changes["status"] == ["open", "done"]


def test_meeting_services_refuse_a_viewer_and_write_nothing(setup, tenants):
    viewer = tenants.users[Role.VIEWER]
    board = governance.body_create(
        by=None, programme=setup.programme, kind=BodyKind.BOARD, name="Programstyret"
    )
    starts_at = datetime(2024, 3, 14, 9, tzinfo=ZoneInfo("Europe/Oslo"))
    with pytest.raises(PermissionDenied):
        meetings.meeting_create(by=viewer, body=board, starts_at=starts_at)
    assert not board.meetings.exists()
    meeting = meetings.meeting_create(
        by=tenants.users[Role.PROGRAMME_MANAGER], body=board, starts_at=starts_at
    )
    refusals = [
        lambda: meetings.agenda_item_add(by=viewer, meeting=meeting, title="Sak"),
        lambda: meetings.attendance_record(by=viewer, meeting=meeting, name="Gjest"),
        lambda: meetings.minutes_save(by=viewer, meeting=meeting, minutes="Referat"),
        lambda: meetings.action_add(by=viewer, meeting=meeting, text="Følg opp"),
    ]
    for call in refusals:
        with pytest.raises(PermissionDenied):
            call()
    meeting.refresh_from_db()
    assert meeting.minutes == ""
    assert not meeting.agenda_items.exists()
    assert not meeting.attendance.exists()
    assert not meeting.actions.exists()


def test_governance_services_refuse_those_who_do_not_manage_programmes(setup, tenants):
    coordinator = tenants.users[Role.COORDINATOR]
    programme = setup.programme
    with pytest.raises(PermissionDenied):
        governance.role_create(by=coordinator, programme=programme, kind="owner")
    with pytest.raises(PermissionDenied):
        governance.body_create(by=coordinator, programme=programme, kind=BodyKind.BOARD, name="S")
    assert not programme.roles.exists()
    assert not programme.bodies.exists()
    role = governance.role_create(by=None, programme=programme, kind="owner", title="Eier")
    board = governance.body_create(by=None, programme=programme, kind=BodyKind.BOARD, name="S")
    holder = governance.holder_add(by=None, role=role, office="Rådmann")
    refusals = [
        lambda: governance.role_update(by=coordinator, role=role, title="Endret"),
        lambda: governance.holder_add(by=coordinator, role=role, office="Annen"),
        lambda: governance.holder_remove(by=coordinator, holder=holder),
        lambda: governance.role_delete(by=coordinator, role=role),
        lambda: governance.body_update(by=coordinator, body=board, name="Endret"),
        lambda: governance.body_delete(by=coordinator, body=board),
        # The board is no body of the coordinator's sub-programme.
        lambda: governance.member_add(by=coordinator, body=board, office="Leder"),
    ]
    for call in refusals:
        with pytest.raises(PermissionDenied):
            call()
    role.refresh_from_db()
    board.refresh_from_db()
    assert (role.title, board.name) == ("Eier", "S")
    assert [h.office for h in role.holders.all()] == ["Rådmann"]
    assert not board.members.exists()


def test_a_coordinator_changes_only_their_own_working_groups_members(setup, tenants):
    coordinator = tenants.users[Role.COORDINATOR]
    own = governance.body_create(
        by=None,
        programme=setup.programme,
        kind=BodyKind.WORKING_GROUP,
        name="Arbeidsgruppe bo",
        sub_programme=setup.housing,
    )
    other = governance.body_create(
        by=None,
        programme=setup.programme,
        kind=BodyKind.WORKING_GROUP,
        name="Arbeidsgruppe arbeid",
        sub_programme=setup.employment,
    )
    member = governance.member_add(by=coordinator, body=own, office="Sekretær")
    other_member = governance.member_add(by=None, body=other, office="Leder")
    with pytest.raises(PermissionDenied):
        governance.member_remove(by=coordinator, member=other_member)
    governance.member_remove(by=coordinator, member=member)
    assert not own.members.exists()
    assert other.members.exists()


def test_programme_structure_services_refuse_those_who_do_not_manage_programmes(setup, tenants):
    coordinator = tenants.users[Role.COORDINATOR]
    programme = setup.programme
    refusals = [
        lambda: services.programme_create(
            by=coordinator, municipality=tenants.home, name="Nytt", start_year=2024, end_year=2030
        ),
        lambda: services.programme_create(
            by=tenants.other_admin,
            municipality=tenants.home,
            name="Nytt",
            start_year=2024,
            end_year=2030,
        ),
        lambda: services.programme_update(by=coordinator, programme=programme, name="Endret"),
        lambda: services.agreement_add(
            by=coordinator, programme=programme, party="Staten", signed_on=date(2024, 1, 1)
        ),
        lambda: services.document_add(
            by=coordinator, programme=programme, kind="strategy", title="Plan"
        ),
        lambda: services.sub_programme_create(by=coordinator, programme=programme, name="Nytt"),
        # Even their own sub-programme: its name and coordinator are the managers' to change.
        lambda: services.sub_programme_update(
            by=coordinator, sub_programme=setup.housing, name="Endret"
        ),
    ]
    for call in refusals:
        with pytest.raises(PermissionDenied):
            call()
    programme.refresh_from_db()
    setup.housing.refresh_from_db()
    assert (programme.name, setup.housing.name) == ("Områdesatsing", "Bo og nærmiljø")
    assert Programme.objects.count() == 1
    assert SubProgramme.objects.count() == 2
    assert not StateAgreement.objects.exists()
    assert not GoverningDocument.objects.exists()
    manager = tenants.users[Role.PROGRAMME_MANAGER]
    services.sub_programme_update(by=manager, sub_programme=setup.housing, name="Bo")
    assert SubProgramme.objects.get(pk=setup.housing.pk).name == "Bo"


def test_a_coordinator_edits_only_the_goals_of_their_own_sub_programme(setup, tenants):
    coordinator = tenants.users[Role.COORDINATOR]
    viewer = tenants.users[Role.VIEWER]
    programme = setup.programme
    measure = services.goal_indicator_add(
        by=None, goal=setup.employment_goal, own_measure="Sysselsatte"
    )
    goals = Goal.objects.count()
    refusals = [
        lambda: services.goal_create(
            by=coordinator,
            programme=programme,
            kind=GoalKind.CITIZEN,
            text="Fremmed",
            parent=setup.employment_goal,
        ),
        lambda: services.goal_create(
            by=viewer,
            programme=programme,
            kind=GoalKind.CITIZEN,
            text="Fremmed",
            parent=setup.housing_goal,
        ),
        lambda: services.goal_update(by=coordinator, goal=setup.employment_goal, text="Endret"),
        lambda: services.goal_update(by=coordinator, goal=setup.main, text="Endret"),
        lambda: services.goal_delete(by=coordinator, goal=setup.employment_goal),
        lambda: services.goal_indicator_add(
            by=coordinator, goal=setup.employment_goal, own_measure="Annet"
        ),
        lambda: services.measurement_record(
            by=coordinator, goal_indicator=measure, year=2024, value=10
        ),
    ]
    for call in refusals:
        with pytest.raises(PermissionDenied):
            call()
    setup.employment_goal.refresh_from_db()
    setup.main.refresh_from_db()
    assert (setup.employment_goal.text, setup.main.text) == ("Flere i arbeid", "Hovedmål")
    assert Goal.objects.count() == goals
    assert setup.employment_goal.indicators.count() == 1
    assert not measure.measurements.exists()
    # Their own sub-programme's goals are theirs to edit.
    sub_goal = services.goal_create(
        by=coordinator,
        programme=programme,
        kind=GoalKind.CITIZEN,
        text="Tryggere nabolag",
        parent=setup.housing_goal,
    )
    services.goal_update(by=coordinator, goal=sub_goal, text="Tryggere nabolag for alle")
    own = services.goal_indicator_add(by=coordinator, goal=sub_goal, own_measure="Trygghet")
    services.measurement_record(by=coordinator, goal_indicator=own, year=2024, value=70)
    assert own.measurements.get().value == 70
