"""The shared workflow mechanism (`common/workflow.py`): a table of transitions with the actor
of each step, checked and audited by one `apply`. Tested on a table of its own over the
barrier model, so the mechanism is checked apart from any app's rules."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from omrade.common.models import AuditEntry
from omrade.common.workflow import NextStep, Transition, Workflow
from omrade.programmes.models import Barrier
from omrade.programmes.services import programme as programme_services
from omrade.programmes.workflow import BARRIER_WORKFLOW
from omrade.tenancy.models import Role

pytestmark = pytest.mark.django_db

# A small table: "close" by the manager, "reopen" by anyone; "back" is a step back.
TABLE = (
    Transition("close", "open", "resolved", "manager"),
    Transition("back", "resolved", "open", "anyone"),
)


def _may_act(user, actor: str, barrier: Barrier) -> bool:
    return actor == "anyone" or user.username.endswith(Role.PROGRAMME_MANAGER.value)


WORKFLOW: Workflow[Barrier] = Workflow(
    model=Barrier,
    transitions=TABLE,
    state_fields=("status",),
    audited_fields=("resolution",),
    may_act=_may_act,
    municipality_of=lambda barrier: barrier.programme.municipality,
    audit_actions={"close": "test.closed", "back": "test.back"},
    action_labels={"close": "Lukk", "back": "Tilbake"},
    actor_labels={"manager": "programlederen", "anyone": "alle"},
    summary=lambda barrier: f"{barrier.title}: {barrier.status}",
    backward=("back",),
    needs_reason={"close": ("resolution", "Skriv hvorfor.")},
    register=False,  # the barrier's own workflow is the one pages find
)


@pytest.fixture
def barrier(tenants) -> Barrier:
    programme = programme_services.programme_create(
        by=None, municipality=tenants.home, name="Program", start_year=2023, end_year=2033
    )
    return Barrier.objects.create(programme=programme, title="Barriere", status="open")


def test_a_move_not_in_the_table_is_refused_and_changes_nothing(barrier, tenants):
    with pytest.raises(ValidationError) as refused:
        WORKFLOW.apply(barrier, "back", by=tenants.users[Role.PROGRAMME_MANAGER])
    assert "status" in refused.value.message_dict
    barrier.refresh_from_db()
    assert barrier.status == "open"
    assert not AuditEntry.objects.exists()


def test_the_wrong_actor_gets_permission_denied_and_nothing_changes(barrier, tenants):
    with pytest.raises(PermissionDenied):
        WORKFLOW.apply(barrier, "close", by=tenants.users[Role.VIEWER], reason="Fordi")
    barrier.refresh_from_db()
    assert barrier.status == "open"
    assert not AuditEntry.objects.exists()


def test_a_step_that_needs_a_reason_names_the_field(barrier, tenants):
    with pytest.raises(ValidationError) as refused:
        WORKFLOW.apply(barrier, "close", by=tenants.users[Role.PROGRAMME_MANAGER], reason=" ")
    assert refused.value.message_dict == {"resolution": ["Skriv hvorfor."]}


def test_apply_sets_the_state_saves_and_audits(barrier, tenants):
    manager = tenants.users[Role.PROGRAMME_MANAGER]

    def update(barrier: Barrier, transition: Transition) -> None:
        barrier.resolution = "Avklart"

    step = WORKFLOW.apply(barrier, "close", by=manager, reason="Avklart", update=update)
    assert step == TABLE[0]
    barrier.refresh_from_db()
    assert (barrier.status, barrier.resolution) == ("resolved", "Avklart")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.municipality) == ("test.closed", manager, tenants.home)
    assert entry.summary == "Barriere: resolved"
    assert entry.changes == {"status": ["open", "resolved"], "resolution": ["", "Avklart"]}


def test_the_system_takes_every_step_the_table_allows(barrier):
    WORKFLOW.apply(barrier, "close", by=None, reason="Demo")
    assert AuditEntry.objects.get().actor is None


def test_allowed_for_and_next_actors_read_the_table(barrier, tenants):
    assert WORKFLOW.allowed_for(tenants.users[Role.VIEWER], barrier) == []
    assert WORKFLOW.actions_for(tenants.users[Role.PROGRAMME_MANAGER], barrier) == ["close"]
    assert WORKFLOW.next_actors(barrier) == [NextStep("close", "Lukk", "manager", "programlederen")]
    barrier.status = "resolved"
    assert WORKFLOW.next_actors(barrier) == []  # a step back is not a next step
    assert WORKFLOW.actions_for(tenants.users[Role.VIEWER], barrier) == ["back"]
    assert WORKFLOW.actors_of("close") == frozenset({"manager"})


def test_pages_find_the_one_workflow_of_a_model(barrier):
    assert Workflow.of(barrier) is BARRIER_WORKFLOW
    with pytest.raises(ValueError, match="already has a workflow"):
        Workflow(
            model=Barrier,
            transitions=(),
            state_fields=("status",),
            may_act=_may_act,
            municipality_of=lambda barrier: None,
            audit_actions={},
            action_labels={},
            actor_labels={},
            summary=str,
        )


def test_a_table_without_an_audit_action_for_a_step_is_refused():
    with pytest.raises(ValueError, match="no audit action"):
        Workflow(
            model=Barrier,
            transitions=TABLE,
            state_fields=("status",),
            may_act=_may_act,
            municipality_of=lambda barrier: None,
            audit_actions={"close": "test.closed"},
            action_labels={},
            actor_labels={},
            summary=str,
            register=False,
        )
