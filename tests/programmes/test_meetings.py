"""Meetings, decisions and follow-up actions: services, visibility, overdue, pages and API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from omrade.common.models import AuditEntry
from omrade.programmes.models import (
    ActionStatus,
    Body,
    BodyKind,
    Decision,
    FollowUpAction,
    Meeting,
)
from omrade.programmes.permissions import can_manage_meetings, can_see_internal_items
from omrade.programmes.selectors_meetings import (
    actions_of,
    decisions_of,
    meetings_of,
    overdue_actions_for,
)
from omrade.programmes.services import governance
from omrade.programmes.services import meetings as services
from omrade.programmes.services import programme as programme_services
from omrade.tenancy.models import Role
from omrade.tenancy.services import person_create

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def at(year: int, month: int = 3, day: int = 14) -> datetime:
    return datetime(year, month, day, 9, 0, tzinfo=OSLO)


@dataclass
class World:
    board: Body
    group: Body  # the housing working group, coordinated by the coordinator user
    public_meeting: Meeting
    internal_meeting: Meeting


@pytest.fixture
def world(setup, tenants) -> World:
    board = governance.body_create(
        by=None, programme=setup.programme, kind=BodyKind.BOARD, name="Programstyret"
    )
    group = governance.body_create(
        by=None,
        programme=setup.programme,
        kind=BodyKind.WORKING_GROUP,
        name="Arbeidsgruppe bo",
        sub_programme=setup.housing,
    )
    public = services.meeting_create(by=None, body=board, starts_at=at(2024), is_public=True)
    services.agenda_item_add(by=None, meeting=public, title="Offentlig sak", is_public=True)
    services.agenda_item_add(by=None, meeting=public, title="Styrepapir")
    internal = services.meeting_create(by=None, body=board, starts_at=at(2024, 4))
    services.agenda_item_add(by=None, meeting=internal, title="Internt møte, sak")
    return World(board, group, public, internal)


def url(name: str, programme, *args) -> str:
    return reverse(f"programmes:{name}", args=[programme.municipality.code, programme.pk, *args])


# --- services ------------------------------------------------------------------------------


def test_decisions_are_numbered_per_programme_and_year(setup, world, tenants):
    user = tenants.users[Role.PROGRAMME_MANAGER]
    first = services.decision_record(meeting=world.public_meeting, text="Første", by=user)
    second = services.decision_record(meeting=world.internal_meeting, text="Andre", by=user)
    given = services.decision_record(
        meeting=world.public_meeting, text="Gitt", reference="sak 12 / 2024", by=user
    )
    after_given = services.decision_record(meeting=world.public_meeting, text="Neste", by=user)
    next_year = services.meeting_create(by=None, body=world.board, starts_at=at(2025, 1, 10))
    new_year = services.decision_record(meeting=next_year, text="Nytt år", by=user)
    assert [d.reference for d in (first, second, given, after_given, new_year)] == [
        "Sak 1/2024",
        "Sak 2/2024",
        "Sak 12/2024",
        "Sak 13/2024",
        "Sak 1/2025",
    ]
    other = programme_services.programme_create(
        by=None, municipality=tenants.home, name="Annet program", start_year=2024, end_year=2030
    )
    other_board = governance.body_create(
        by=None, programme=other, kind=BodyKind.BOARD, name="Styret"
    )
    other_meeting = services.meeting_create(by=None, body=other_board, starts_at=at(2024))
    assert services.decision_record(meeting=other_meeting, text="x", by=user).reference == (
        "Sak 1/2024"
    )


@pytest.mark.parametrize(
    ("reference", "message"),
    [("Sak 1/2024", "allerede"), ("tolv", "Sak 12/2024"), ("Sak 0/2024", "1 eller høyere")],
)
def test_refused_decision_reference_names_the_field_and_writes_nothing(
    world, tenants, reference, message
):
    services.decision_record(meeting=world.public_meeting, text="Første", by=None)
    before = (Decision.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as refused:
        services.decision_record(
            meeting=world.public_meeting, text="Igjen", reference=reference, by=None
        )
    assert message in refused.value.message_dict["reference"][0]
    assert (Decision.objects.count(), AuditEntry.objects.count()) == before


def test_recording_a_decision_is_audited_with_who_and_what(setup, world, tenants):
    user = tenants.users[Role.PROGRAMME_MANAGER]
    decision = services.decision_record(
        meeting=world.public_meeting, text="Handlingsplanen godkjennes.", is_public=True, by=user
    )
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.municipality) == (
        "decision.recorded",
        user,
        tenants.home,
    )
    assert (entry.object_type, entry.object_id) == ("programmes.decision", str(decision.pk))
    assert entry.changes == {
        "reference": [None, "Sak 1/2024"],
        "text": [None, "Handlingsplanen godkjennes."],
        "is_public": [None, True],
    }


def test_decision_must_belong_to_the_meetings_agenda(world):
    foreign_item = world.internal_meeting.agenda_items.get()
    with pytest.raises(ValidationError) as refused:
        services.decision_record(
            meeting=world.public_meeting, text="x", agenda_item=foreign_item, by=None
        )
    assert "agenda_item" in refused.value.message_dict
    assert Decision.objects.count() == 0


def test_agenda_items_are_numbered_and_numbers_are_unique(world):
    items = list(world.public_meeting.agenda_items.values_list("number", "title"))
    assert items == [(1, "Offentlig sak"), (2, "Styrepapir")]
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_add(by=None, meeting=world.public_meeting, title="Dobbel", number=2)
    assert "number" in refused.value.message_dict
    assert world.public_meeting.agenda_items.count() == 2


def test_attendance_is_a_member_of_the_body_or_a_name(world):
    outsider = governance.member_add(by=None, body=world.group, office="Rektor")
    with pytest.raises(ValidationError) as refused:
        services.attendance_record(by=None, meeting=world.public_meeting, member=outsider)
    assert "member" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.attendance_record(by=None, meeting=world.public_meeting)
    assert "name" in refused.value.message_dict
    member = governance.member_add(by=None, body=world.board, office="Etatsjef")
    row = services.attendance_record(
        by=None, meeting=world.public_meeting, member=member, present=False
    )
    assert (str(row), row.present) == ("Etatsjef", False)


def test_action_status_change_is_audited_and_done_sets_the_time(world, tenants):
    user = tenants.users[Role.PROGRAMME_MANAGER]
    action = services.action_add(by=None, meeting=world.public_meeting, text="Følg opp")
    services.action_set_status(action=action, status=ActionStatus.DONE, by=user)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.done_at is not None
    entry = AuditEntry.objects.get(action="action.status_changed")
    assert entry.actor == user
    assert entry.changes["status"] == ["open", "done"]
    assert entry.changes["done_at"][0] is None


def test_refused_action_status_changes_nothing(world):
    action = services.action_add(by=None, meeting=world.public_meeting, text="Følg opp")
    with pytest.raises(ValidationError) as refused:
        services.action_set_status(action=action, status="finished", by=None)
    assert "status" in refused.value.message_dict
    action.refresh_from_db()
    assert (action.status, action.done_at, AuditEntry.objects.count()) == ("open", None, 0)


def test_action_owner_must_be_of_the_municipality(world, tenants):
    stranger = person_create(by=None, municipality=tenants.other, name="Bergenser")
    with pytest.raises(ValidationError) as refused:
        services.action_add(by=None, meeting=world.public_meeting, text="x", owner=stranger)
    assert "owner" in refused.value.message_dict
    assert FollowUpAction.objects.count() == 0


# --- who sees what -----------------------------------------------------------------------------


def test_internal_items_are_for_editors_board_members_coordinators_and_members(
    setup, world, tenants
):
    users = tenants.users
    assert can_see_internal_items(users[Role.PROGRAMME_MANAGER], world.board)
    assert can_see_internal_items(users[Role.BOARD_MEMBER], world.board)
    assert not can_see_internal_items(users[Role.BOARD_MEMBER], world.group)
    assert can_see_internal_items(users[Role.COORDINATOR], world.group)
    assert not can_see_internal_items(users[Role.COORDINATOR], world.board)
    assert not can_see_internal_items(users[Role.VIEWER], world.board)
    person = person_create(by=None, municipality=tenants.home, name="Analytiker Anna")
    person.user = users[Role.ANALYST]
    person.save()
    governance.member_add(by=None, body=world.board, office="Analytiker", person=person)
    assert can_see_internal_items(users[Role.ANALYST], world.board)
    assert can_manage_meetings(users[Role.COORDINATOR], world.group)
    assert not can_manage_meetings(users[Role.COORDINATOR], world.board)
    assert not can_manage_meetings(users[Role.BOARD_MEMBER], world.board)


def test_viewer_sees_only_public_meetings_items_and_decisions(setup, world, tenants):
    public_decision = services.decision_record(
        meeting=world.public_meeting, text="Offentlig", is_public=True, by=None
    )
    services.decision_record(meeting=world.public_meeting, text="Internt", by=None)
    services.decision_record(meeting=world.internal_meeting, text="Skjult", is_public=True, by=None)
    viewer = tenants.users[Role.VIEWER]
    board_member = tenants.users[Role.BOARD_MEMBER]
    assert list(meetings_of(setup.programme, viewer)) == [world.public_meeting]
    assert list(decisions_of(setup.programme, viewer)) == [public_decision]
    assert set(meetings_of(setup.programme, board_member)) == {
        world.public_meeting,
        world.internal_meeting,
    }
    assert decisions_of(setup.programme, board_member).count() == 3


def test_meeting_page_for_viewer_hides_board_papers(client, setup, world, tenants):
    client.force_login(tenants.users[Role.VIEWER])
    response = client.get(url("meeting_detail", setup.programme, world.public_meeting.pk))
    assert response.status_code == 200
    assert "Offentlig sak" in response.text
    assert "Styrepapir" not in response.text
    hidden = client.get(url("meeting_detail", setup.programme, world.internal_meeting.pk))
    assert hidden.status_code == 404


def test_board_member_sees_board_papers(client, setup, world, tenants):
    client.force_login(tenants.users[Role.BOARD_MEMBER])
    response = client.get(url("meeting_detail", setup.programme, world.public_meeting.pk))
    assert "Offentlig sak" in response.text
    assert "Styrepapir" in response.text
    internal = client.get(url("meeting_detail", setup.programme, world.internal_meeting.pk))
    assert internal.status_code == 200
    assert "Internt møte, sak" in internal.text


# --- overdue ----------------------------------------------------------------------------------


def test_overdue_actions_go_to_their_owner_and_the_programme_manager(setup, world, tenants):
    today = timezone.localdate()
    analyst = tenants.users[Role.ANALYST]
    person = person_create(by=None, municipality=tenants.home, name="Ansvarlig Arne")
    person.user = analyst
    person.save()
    mine = services.action_add(
        by=None,
        meeting=world.internal_meeting,
        text="Mitt forfalte",
        owner=person,
        due_date=today - timedelta(days=1),
    )
    others = services.action_add(
        by=None,
        meeting=world.internal_meeting,
        text="Annet forfalt",
        due_date=today - timedelta(days=3),
    )
    services.action_add(by=None, meeting=world.internal_meeting, text="Frist i dag", due_date=today)
    done = services.action_add(
        by=None,
        meeting=world.internal_meeting,
        text="Utført",
        due_date=date(2024, 1, 1),
        owner=person,
    )
    services.action_set_status(action=done, status=ActionStatus.DONE, by=None)
    assert mine.is_overdue
    assert not done.is_overdue
    assert list(overdue_actions_for(analyst, tenants.home)) == [mine]
    assert list(overdue_actions_for(tenants.users[Role.VIEWER], tenants.home)) == []
    assert list(overdue_actions_for(tenants.users[Role.PROGRAMME_MANAGER], tenants.home)) == [
        others,
        mine,
    ]
    assert list(overdue_actions_for(analyst, tenants.other)) == []
    # The owner sees their own action even in an internal meeting they cannot otherwise see.
    assert list(actions_of(setup.programme, analyst)) == [done, mine]


def test_my_actions_page_marks_overdue_in_words(client, world, tenants):
    person = person_create(by=None, municipality=tenants.home, name="Ansvarlig Arne")
    person.user = tenants.users[Role.VIEWER]
    person.save()
    services.action_add(
        by=None,
        meeting=world.internal_meeting,
        text="Sende brev",
        owner=person,
        due_date=date(2024, 5, 1),
    )
    client.force_login(tenants.users[Role.VIEWER])
    response = client.get(reverse("programmes:my_actions", args=["3107"]))
    assert response.status_code == 200
    assert "Sende brev" in response.text
    assert "(forfalt)" in response.text


# --- pages -------------------------------------------------------------------------------------


def test_coordinator_creates_meetings_of_their_working_group_only(client, setup, world, tenants):
    client.force_login(tenants.users[Role.COORDINATOR])
    data = {"meeting-starts_at": "2024-09-01T10:00", "meeting-place": "Skolen"}
    created = client.post(
        url("meeting_add", setup.programme), data | {"meeting-body": world.group.pk}
    )
    assert created.status_code == 302
    meeting = Meeting.objects.get(body=world.group)
    assert (meeting.place, timezone.localtime(meeting.starts_at).hour) == ("Skolen", 10)
    refused = client.post(
        url("meeting_add", setup.programme), data | {"meeting-body": world.board.pk}
    )
    assert refused.status_code == 403
    assert Meeting.objects.filter(body=world.board).count() == 2


def test_viewer_may_not_record_in_a_meeting(client, setup, world, tenants):
    client.force_login(tenants.users[Role.VIEWER])
    response = client.post(
        url("meeting_decision_add", setup.programme, world.public_meeting.pk),
        {"decision-text": "Nei"},
    )
    assert response.status_code == 403
    assert Decision.objects.count() == 0


def test_manager_records_a_decision_through_the_page(client, setup, world, tenants):
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.post(
        url("meeting_decision_add", setup.programme, world.public_meeting.pk),
        {"decision-text": "Godkjent", "decision-is_public": "on"},
    )
    assert response.status_code == 302
    assert Decision.objects.get().reference == "Sak 1/2024"
    page = client.get(url("meeting_detail", setup.programme, world.public_meeting.pk))
    assert "Sak 1/2024" in page.text


def test_meeting_of_another_programme_or_municipality_is_404(client, setup, world, tenants):
    other = programme_services.programme_create(
        by=None, municipality=tenants.home, name="Annet", start_year=2024, end_year=2030
    )
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    assert client.get(url("meeting_detail", other, world.public_meeting.pk)).status_code == 404
    client.force_login(tenants.other_admin)
    path = url("meeting_detail", setup.programme, world.public_meeting.pk).replace("3107", "4601")
    assert client.get(path).status_code == 404


def test_owner_changes_the_status_of_their_action(client, setup, world, tenants):
    person = person_create(by=None, municipality=tenants.home, name="Eier")
    person.user = tenants.users[Role.VIEWER]
    person.save()
    action = services.action_add(
        by=None, meeting=world.internal_meeting, text="Gjør det", owner=person
    )
    client.force_login(tenants.users[Role.VIEWER])
    response = client.post(
        url("action_status", setup.programme, action.pk), {"status": "in_progress"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    client.force_login(tenants.users[Role.ANALYST])
    refused = client.post(url("action_status", setup.programme, action.pk), {"status": "done"})
    assert refused.status_code == 403
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS


# --- API ---------------------------------------------------------------------------------------


def test_api_gives_viewers_public_items_and_board_members_board_papers(
    client, setup, world, tenants
):
    decision = services.decision_record(
        meeting=world.public_meeting, text="Offentlig", is_public=True, by=None
    )
    services.decision_record(meeting=world.public_meeting, text="Internt", by=None)
    services.action_add(
        by=None,
        meeting=world.public_meeting,
        decision=decision,
        text="Følg opp",
        due_date=date(2024, 5, 1),
    )
    base = f"/api/programmes/{setup.programme.pk}"
    client.force_login(tenants.users[Role.VIEWER])
    meetings = client.get(f"{base}/meetings").json()
    assert [m["id"] for m in meetings] == [world.public_meeting.pk]
    assert meetings[0]["body"] == "Programstyret"
    assert meetings[0]["body_kind"] == "board"
    assert [item["title"] for item in meetings[0]["agenda"]] == ["Offentlig sak"]
    assert [d["reference"] for d in client.get(f"{base}/decisions").json()] == ["Sak 1/2024"]
    actions = client.get(f"{base}/actions").json()
    assert [(a["text"], a["decision"], a["overdue"], a["status"]) for a in actions] == [
        ("Følg opp", "Sak 1/2024", True, "open")
    ]
    client.force_login(tenants.users[Role.BOARD_MEMBER])
    meetings = client.get(f"{base}/meetings").json()
    assert len(meetings) == 2
    public = next(m for m in meetings if m["id"] == world.public_meeting.pk)
    assert [item["title"] for item in public["agenda"]] == ["Offentlig sak", "Styrepapir"]
    assert len(client.get(f"{base}/decisions").json()) == 2


def test_api_hides_another_municipalitys_programme(client, setup, tenants):
    client.force_login(tenants.other_admin)
    for things in ("meetings", "decisions", "actions", "barriers"):
        response = client.get(f"/api/programmes/{setup.programme.pk}/{things}")
        assert response.status_code == 404
    client.logout()
    assert client.get(f"/api/programmes/{setup.programme.pk}/meetings").status_code == 401
