"""Structural barriers: the workflow table, audited transitions, permissions, pages and API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from omrade.common.models import AuditEntry
from omrade.programmes.models import Barrier, BarrierLevel, BarrierStatus
from omrade.programmes.permissions import can_handle_barrier
from omrade.programmes.services import barriers as services
from omrade.programmes.workflow import TRANSITIONS, allowed_actions
from omrade.tenancy.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def barrier(setup, tenants) -> Barrier:
    return services.barrier_register(
        programme=setup.programme,
        title="Etatene prioriterer ulikt",
        description="Endringsteamet kan ikke avgjøre dette.",
        sub_programme=setup.housing,
        by=tenants.users[Role.VIEWER],
    )


def state(barrier: Barrier) -> tuple[str, str, str]:
    barrier.refresh_from_db()
    return barrier.status, barrier.level, barrier.resolution


def detail(setup, barrier: Barrier) -> str:
    return reverse("programmes:barrier_detail", args=["3107", setup.programme.pk, barrier.pk])


def transition(setup, barrier: Barrier, action: str) -> str:
    return reverse(
        "programmes:barrier_transition", args=["3107", setup.programme.pk, barrier.pk, action]
    )


# --- the table and the services ------------------------------------------------------------------


def test_the_table_escalates_one_step_at_a_time():
    assert allowed_actions("open", "change_team") == ["escalate", "resolve", "reject"]
    assert allowed_actions("escalated", "commissioner") == ["resolve", "reject"]
    assert allowed_actions("resolved", "board") == []
    assert allowed_actions("rejected", "board") == ["reopen"]
    escalations = {(key[2], value[1]) for key, value in TRANSITIONS.items() if key[0] == "escalate"}
    assert escalations == {("change_team", "board"), ("board", "commissioner")}


def test_register_starts_open_at_the_change_team_and_is_audited(barrier, tenants):
    assert (barrier.status, barrier.level) == ("open", "change_team")
    assert barrier.registered_by == tenants.users[Role.VIEWER]
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor) == ("barrier.registered", tenants.users[Role.VIEWER])
    assert entry.changes == {
        "title": [None, "Etatene prioriterer ulikt"],
        "status": [None, "open"],
        "level": [None, "change_team"],
    }


def test_escalate_twice_then_resolve_writes_who_and_what_changed(barrier, tenants):
    manager = tenants.users[Role.PROGRAMME_MANAGER]
    board_member = tenants.users[Role.BOARD_MEMBER]
    services.barrier_escalate(barrier=barrier, by=board_member)
    assert state(barrier) == ("escalated", "board", "")
    services.barrier_escalate(barrier=barrier, by=board_member)
    assert state(barrier) == ("escalated", "commissioner", "")
    services.barrier_resolve(barrier=barrier, resolution="Kommunedirektøren avklarte.", by=manager)
    assert state(barrier) == ("resolved", "commissioner", "Kommunedirektøren avklarte.")
    assert barrier.resolved_at is not None
    entries = list(AuditEntry.objects.filter(object_id=str(barrier.pk)).order_by("id"))
    assert [(e.action, e.actor) for e in entries] == [
        ("barrier.registered", tenants.users[Role.VIEWER]),
        ("barrier.escalated", board_member),
        ("barrier.escalated", board_member),
        ("barrier.resolved", manager),
    ]
    assert entries[1].changes == {
        "status": ["open", "escalated"],
        "level": ["change_team", "board"],
    }
    assert entries[2].changes == {"level": ["board", "commissioner"]}
    assert entries[3].changes["status"] == ["escalated", "resolved"]
    assert entries[3].changes["resolution"] == ["", "Kommunedirektøren avklarte."]


def test_reject_and_reopen_keep_the_level(barrier):
    services.barrier_escalate(barrier=barrier, by=None)
    services.barrier_reject(barrier=barrier, resolution="Ikke en strukturell barriere.", by=None)
    assert state(barrier)[:2] == ("rejected", "board")
    services.barrier_reopen(barrier=barrier, by=None)
    assert state(barrier)[:2] == ("escalated", "board")
    assert barrier.resolved_at is None


@pytest.mark.parametrize(
    ("prepare", "act", "named"),
    [
        # Beyond the commissioner there is nowhere to go.
        (
            ["escalate", "escalate"],
            lambda b: services.barrier_escalate(barrier=b, by=None),
            "Oppdragsgiver",
        ),
        # A resolved barrier cannot be escalated or reopened.
        (["resolve"], lambda b: services.barrier_escalate(barrier=b, by=None), "Løst"),
        (["resolve"], lambda b: services.barrier_reopen(barrier=b, by=None), "Løst"),
        # An open barrier cannot be reopened.
        ([], lambda b: services.barrier_reopen(barrier=b, by=None), "Åpen"),
    ],
)
def test_refused_transitions_name_the_current_state_and_change_nothing(
    barrier, prepare, act, named
):
    for step in prepare:
        if step == "escalate":
            services.barrier_escalate(barrier=barrier, by=None)
        else:
            services.barrier_resolve(barrier=barrier, resolution="Løst.", by=None)
    before, entries = state(barrier), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        act(barrier)
    assert named in refused.value.message_dict["status"][0]
    assert state(barrier) == before
    assert AuditEntry.objects.count() == entries


def test_resolving_needs_a_resolution_text(barrier):
    with pytest.raises(ValidationError) as refused:
        services.barrier_resolve(barrier=barrier, resolution="  ", by=None)
    assert "resolution" in refused.value.message_dict
    assert state(barrier) == ("open", "change_team", "")
    assert AuditEntry.objects.count() == 1


def test_sub_programme_must_be_the_programmes_own(setup, tenants):
    from omrade.programmes.services import programme as programme_services

    other = programme_services.programme_create(
        by=None, municipality=tenants.home, name="Annet", start_year=2024, end_year=2030
    )
    with pytest.raises(ValidationError) as refused:
        services.barrier_register(programme=other, title="x", sub_programme=setup.housing, by=None)
    assert "sub_programme" in refused.value.message_dict
    assert Barrier.objects.count() == 0


# --- permissions and pages -----------------------------------------------------------------------


def test_who_handles_a_barrier_at_each_level(barrier, tenants):
    users = tenants.users
    assert can_handle_barrier(users[Role.BOARD_MEMBER], barrier)
    assert can_handle_barrier(users[Role.PROGRAMME_MANAGER], barrier)
    assert not can_handle_barrier(users[Role.COORDINATOR], barrier)
    assert not can_handle_barrier(tenants.other_admin, barrier)
    barrier.level = BarrierLevel.COMMISSIONER
    assert not can_handle_barrier(users[Role.BOARD_MEMBER], barrier)
    assert can_handle_barrier(users[Role.MUNICIPAL_ADMIN], barrier)
    assert can_handle_barrier(users[Role.PROGRAMME_MANAGER], barrier)


def test_anyone_with_a_role_registers_a_barrier(client, setup, tenants):
    client.force_login(tenants.users[Role.GRANT_OFFICER])
    response = client.post(
        reverse("programmes:barrier_register", args=["3107", setup.programme.pk]),
        {"barrier-title": "Mangler lokaler", "barrier-description": "Ingen møteplass."},
    )
    assert response.status_code == 302
    barrier = Barrier.objects.get()
    assert (barrier.title, barrier.registered_by) == (
        "Mangler lokaler",
        tenants.users[Role.GRANT_OFFICER],
    )


def test_viewer_may_not_escalate(client, setup, barrier, tenants):
    client.force_login(tenants.users[Role.VIEWER])
    assert client.post(transition(setup, barrier, "escalate")).status_code == 403
    assert state(barrier)[:2] == ("open", "change_team")


def test_board_member_escalates_but_not_at_the_commissioner(client, setup, barrier, tenants):
    client.force_login(tenants.users[Role.BOARD_MEMBER])
    assert client.post(transition(setup, barrier, "escalate")).status_code == 302
    assert client.post(transition(setup, barrier, "escalate")).status_code == 302
    assert state(barrier)[:2] == ("escalated", "commissioner")
    refused = client.post(transition(setup, barrier, "resolve"), {"resolution": "Nei"})
    assert refused.status_code == 403
    assert state(barrier)[0] == BarrierStatus.ESCALATED


def test_refused_transition_on_the_page_says_why(client, setup, barrier, tenants):
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.post(transition(setup, barrier, "reopen"))
    assert response.status_code == 400
    assert "har status «Åpen» på nivået «Endringsteamet»" in response.text
    missing = client.post(transition(setup, barrier, "resolve"), {"resolution": ""})
    assert missing.status_code == 400
    assert "Skriv hva som ble avgjort" in missing.text
    assert client.post(transition(setup, barrier, "fly")).status_code == 404
    assert state(barrier)[:2] == ("open", "change_team")


def test_barrier_page_shows_history_and_allowed_buttons(client, setup, barrier, tenants):
    services.barrier_escalate(barrier=barrier, by=tenants.users[Role.BOARD_MEMBER])
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    page = client.get(detail(setup, barrier))
    assert page.status_code == 200
    assert "Historikk" in page.text
    assert "Nivå: Endringsteamet → Programstyret" in page.text
    assert "home-board_member" in page.text
    assert transition(setup, barrier, "escalate") in page.text
    assert transition(setup, barrier, "reopen") not in page.text
    client.force_login(tenants.users[Role.VIEWER])
    assert transition(setup, barrier, "escalate") not in client.get(detail(setup, barrier)).text


def test_barrier_of_another_municipality_is_404(client, setup, barrier, tenants):
    client.force_login(tenants.other_admin)
    assert client.get(detail(setup, barrier).replace("3107", "4601")).status_code == 404


def test_api_lists_barriers_with_level_and_status(client, setup, barrier, tenants):
    services.barrier_escalate(barrier=barrier, by=None)
    client.force_login(tenants.users[Role.VIEWER])
    rows = client.get(f"/api/programmes/{setup.programme.pk}/barriers").json()
    assert [(r["title"], r["level"], r["status"], r["sub_programme"]) for r in rows] == [
        ("Etatene prioriterer ulikt", "board", "escalated", "Bo og nærmiljø")
    ]
