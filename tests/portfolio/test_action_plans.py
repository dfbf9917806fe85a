"""Annual action plans: the transition table, every allowed and refused step, the audit trail,
the frozen rule, versions, and who may act as which actor."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction as django_transaction

from omrade.common.audit import audit_entries_for
from omrade.common.models import AuditEntry
from omrade.portfolio.models import ActionPlan, ActionPlanItem, MeasureStatus, PlanState
from omrade.portfolio.permissions import Actor, can_act_as
from omrade.portfolio.selectors_plans import goals_served, plan_history, plan_items
from omrade.portfolio.services import action_plans as services
from omrade.portfolio.services import measures as measure_services
from omrade.portfolio.workflow import (
    PLAN_TRANSITIONS,
    PlanAction,
    plan_actions_for,
    plan_allowed_actions,
    plan_transition_for,
)
from omrade.programmes.models import Holder, ProgrammeRole, RoleKind
from omrade.programmes.services import programme as programme_services
from omrade.tenancy.models import Role
from omrade.tenancy.services import person_create
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

S = PlanState

# The path from draft to each state, by the action that leads there.
PATH = {
    S.DRAFT: [],
    S.SUBMITTED: [PlanAction.SUBMIT],
    S.RECOMMENDED: [PlanAction.SUBMIT, PlanAction.RECOMMEND],
    S.APPROVED: [PlanAction.SUBMIT, PlanAction.RECOMMEND, PlanAction.APPROVE],
    S.IN_FORCE: [
        PlanAction.SUBMIT,
        PlanAction.RECOMMEND,
        PlanAction.APPROVE,
        PlanAction.PUT_IN_FORCE,
    ],
    S.CLOSED: [
        PlanAction.SUBMIT,
        PlanAction.RECOMMEND,
        PlanAction.APPROVE,
        PlanAction.PUT_IN_FORCE,
        PlanAction.CLOSE,
    ],
}


@dataclass
class People:
    coordinator: object  # coordinates housing (the plan's sub-programme)
    other_coordinator: object  # coordinates employment
    board: object
    admin: object  # the municipal admin: the commissioner by default
    commissioner: object  # holds the programme's commissioner role (a viewer by role)
    manager: object
    analyst: object
    grants: object
    viewer: object
    platform: object


@pytest.fixture
def people(portfolio, tenants) -> People:
    setup = portfolio.setup
    other = user_with_role(Role.COORDINATOR, tenants.home, "other-coordinator")
    other_person = person_create(by=None, municipality=tenants.home, name="Koordinator Ola")
    other_person.user = other
    other_person.save()
    setup.employment.coordinator = other_person
    setup.employment.save()
    director = user_with_role(Role.VIEWER, tenants.home, "kommunedirektor")
    director_person = person_create(by=None, municipality=tenants.home, name="Kommunedirektøren")
    director_person.user = director
    director_person.save()
    role = ProgrammeRole.objects.create(programme=setup.programme, kind=RoleKind.COMMISSIONER)
    Holder.objects.create(role=role, person=director_person, office="Kommunedirektøren")
    users = tenants.users
    return People(
        coordinator=users[Role.COORDINATOR],
        other_coordinator=other,
        board=users[Role.BOARD_MEMBER],
        admin=users[Role.MUNICIPAL_ADMIN],
        commissioner=director,
        manager=users[Role.PROGRAMME_MANAGER],
        analyst=users[Role.ANALYST],
        grants=users[Role.GRANT_OFFICER],
        viewer=users[Role.VIEWER],
        platform=tenants.platform_admin,
    )


def who_acts(people: People, actor: Actor) -> object:
    return {
        Actor.COORDINATOR: people.coordinator,
        Actor.BOARD: people.board,
        Actor.COMMISSIONER: people.commissioner,
        Actor.MANAGER: people.manager,
    }[actor]


@pytest.fixture
def plan(portfolio, people) -> ActionPlan:
    created = services.action_plan_create(
        programme=portfolio.setup.programme,
        sub_programme=portfolio.setup.housing,
        year=2024,
        summary="Møteplasser og lesing.",
        by=people.coordinator,
    )
    services.action_plan_add_measure(plan=created, measure=portfolio.meeting_places)
    return created


def bring_to(plan: ActionPlan, state: PlanState, people: People) -> None:
    for action in PATH[state]:
        transition = plan_transition_for(action, plan.state)
        services.action_plan_transition(
            plan=plan, action=action, by=who_acts(people, transition.actor)
        )
    assert plan.state == state


def stored(plan: ActionPlan) -> tuple[str, str, object]:
    plan.refresh_from_db()
    return plan.state, plan.return_comment, plan.approved_at


# --- the table ---------------------------------------------------------------------------------


def test_the_table_names_each_step_and_its_actor():
    table = {(t.action, t.source): (t.target, t.actor) for t in PLAN_TRANSITIONS}
    assert table == {
        (PlanAction.SUBMIT, S.DRAFT): (S.SUBMITTED, Actor.COORDINATOR),
        (PlanAction.RECOMMEND, S.SUBMITTED): (S.RECOMMENDED, Actor.BOARD),
        (PlanAction.RETURN_TO_DRAFT, S.SUBMITTED): (S.DRAFT, Actor.BOARD),
        (PlanAction.APPROVE, S.RECOMMENDED): (S.APPROVED, Actor.COMMISSIONER),
        (PlanAction.RETURN_TO_DRAFT, S.RECOMMENDED): (S.DRAFT, Actor.COMMISSIONER),
        (PlanAction.RETURN_TO_DRAFT, S.APPROVED): (S.DRAFT, Actor.COMMISSIONER),
        (PlanAction.PUT_IN_FORCE, S.APPROVED): (S.IN_FORCE, Actor.MANAGER),
        (PlanAction.CLOSE, S.IN_FORCE): (S.CLOSED, Actor.MANAGER),
    }
    assert plan_allowed_actions("draft") == ["submit"]
    assert plan_allowed_actions("approved") == ["return_to_draft", "put_in_force"]
    assert plan_allowed_actions("in_force") == ["close"]  # revised by a new version instead
    assert plan_allowed_actions("closed") == []


def test_create_makes_an_audited_draft(plan, people):
    assert (plan.state, plan.version, plan.year, plan.summary) == (
        "draft",
        1,
        2024,
        "Møteplasser og lesing.",
    )
    entries = list(audit_entries_for(plan).order_by("id"))
    assert [(e.action, e.actor) for e in entries] == [
        ("action_plan.created", people.coordinator),
        ("action_plan.item_added", None),
    ]
    assert entries[0].changes == {"state": [None, "draft"], "year": [None, 2024]}


# --- every allowed step ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "transition", PLAN_TRANSITIONS, ids=lambda t: f"{t.action}-from-{t.source}"
)
def test_every_allowed_step_moves_the_plan_and_is_audited(plan, people, transition):
    bring_to(plan, transition.source, people)
    entries = AuditEntry.objects.count()
    by = who_acts(people, transition.actor)
    comment = "Mer om lesing." if transition.action == PlanAction.RETURN_TO_DRAFT else ""
    services.action_plan_transition(plan=plan, action=transition.action, by=by, comment=comment)
    assert stored(plan)[0] == transition.target
    assert AuditEntry.objects.count() == entries + 1
    entry = AuditEntry.objects.latest("id")
    assert (entry.action.split(".")[0], entry.actor, entry.object_id) == (
        "action_plan",
        by,
        str(plan.pk),
    )
    assert entry.changes["state"] == [transition.source.value, transition.target.value]
    if comment:
        assert entry.changes["comment"] == [None, "Mer om lesing."]
        assert entry.changes["return_comment"] == ["", "Mer om lesing."]


def test_the_whole_path_records_who_when_and_the_comments(plan, people):
    services.action_plan_submit(plan=plan, by=people.coordinator, comment="Klar.")
    services.action_plan_return_to_draft(
        plan=plan, comment="Ta med kostnad for lokaler.", by=people.board
    )
    assert stored(plan)[:2] == ("draft", "Ta med kostnad for lokaler.")
    services.action_plan_submit(plan=plan, by=people.coordinator)
    services.action_plan_recommend(plan=plan, by=people.board)
    services.action_plan_approve(plan=plan, by=people.commissioner)
    state, _comment, approved_at = stored(plan)
    assert state == "approved"
    assert approved_at is not None
    services.action_plan_put_in_force(plan=plan, by=people.manager)
    services.action_plan_close(plan=plan, by=people.manager)
    history = [entry for entry in plan_history(plan) if entry.state_to]
    assert [(h.action, h.actor, h.state_from, h.state_to, h.comment) for h in history] == [
        ("action_plan.created", people.coordinator.username, None, "Utkast", ""),
        (
            "action_plan.submitted",
            people.coordinator.username,
            "Utkast",
            "Sendt til programstyret",
            "Klar.",
        ),
        (
            "action_plan.returned",
            people.board.username,
            "Sendt til programstyret",
            "Utkast",
            "Ta med kostnad for lokaler.",
        ),
        (
            "action_plan.submitted",
            people.coordinator.username,
            "Utkast",
            "Sendt til programstyret",
            "",
        ),
        (
            "action_plan.recommended",
            people.board.username,
            "Sendt til programstyret",
            "Anbefalt av programstyret",
            "",
        ),
        (
            "action_plan.approved",
            people.commissioner.username,
            "Anbefalt av programstyret",
            "Godkjent av oppdragsgiver",
            "",
        ),
        (
            "action_plan.in_force",
            people.manager.username,
            "Godkjent av oppdragsgiver",
            "Gjeldende",
            "",
        ),
        ("action_plan.closed", people.manager.username, "Gjeldende", "Avsluttet", ""),
    ]


def test_returning_an_approved_plan_withdraws_the_approval(plan, people):
    bring_to(plan, S.APPROVED, people)
    services.action_plan_return_to_draft(plan=plan, comment="Feil beløp.", by=people.admin)
    assert stored(plan) == ("draft", "Feil beløp.", None)


# --- every refused step ------------------------------------------------------------------------

REFUSED = [
    (action, state)
    for state in PlanState
    for action in PlanAction
    if plan_transition_for(action, state) is None
]


@pytest.mark.parametrize(("action", "state"), REFUSED, ids=lambda value: str(value))
def test_every_step_the_table_does_not_allow_is_refused_and_changes_nothing(
    plan, people, action, state
):
    bring_to(plan, state, people)
    before, entries = stored(plan), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.action_plan_transition(plan=plan, action=action, by=None, comment="Kommentar")
    assert f"«{PlanState(state).label}»" in refused.value.message_dict["state"][0]
    assert stored(plan) == before
    assert AuditEntry.objects.count() == entries


def test_the_refusal_names_the_step_and_the_state(plan):
    with pytest.raises(ValidationError) as refused:
        services.action_plan_approve(plan=plan, by=None)
    assert refused.value.message_dict == {
        "state": ["«Godkjenn planen» er ikke tillatt når planen har status «Utkast»."]
    }


@pytest.mark.parametrize("source", [S.SUBMITTED, S.RECOMMENDED, S.APPROVED])
def test_returning_to_draft_needs_a_comment(plan, people, source):
    bring_to(plan, source, people)
    before, entries = stored(plan), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.action_plan_return_to_draft(plan=plan, comment="   ", by=None)
    assert list(refused.value.message_dict) == ["comment"]
    assert stored(plan) == before
    assert AuditEntry.objects.count() == entries


def test_an_empty_plan_cannot_be_submitted(portfolio, people):
    empty = services.action_plan_create(
        programme=portfolio.setup.programme,
        sub_programme=portfolio.setup.employment,
        year=2024,
        by=None,
    )
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.action_plan_submit(plan=empty, by=None)
    assert "ingen tiltak" in refused.value.message_dict["state"][0]
    assert stored(empty)[0] == "draft"
    assert AuditEntry.objects.count() == entries


def test_an_unknown_action_is_refused(plan):
    with pytest.raises(ValidationError) as refused:
        services.action_plan_transition(plan=plan, action="publish", by=None)
    assert list(refused.value.message_dict) == ["action"]


@pytest.mark.parametrize(
    ("state", "action", "wrong"),
    [
        (S.DRAFT, PlanAction.SUBMIT, "other_coordinator"),
        (S.DRAFT, PlanAction.SUBMIT, "board"),
        (S.SUBMITTED, PlanAction.RECOMMEND, "coordinator"),
        (S.SUBMITTED, PlanAction.RETURN_TO_DRAFT, "viewer"),
        (S.RECOMMENDED, PlanAction.APPROVE, "manager"),
        (S.RECOMMENDED, PlanAction.APPROVE, "board"),
        (S.RECOMMENDED, PlanAction.RETURN_TO_DRAFT, "board"),
        (S.APPROVED, PlanAction.PUT_IN_FORCE, "commissioner"),
        (S.IN_FORCE, PlanAction.CLOSE, "coordinator"),
    ],
)
def test_the_service_refuses_a_user_who_is_not_the_steps_actor(plan, people, state, action, wrong):
    bring_to(plan, state, people)
    before, entries = stored(plan), AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.action_plan_transition(
            plan=plan, action=action, by=getattr(people, wrong), comment="Nei."
        )
    assert stored(plan) == before
    assert AuditEntry.objects.count() == entries


# --- who acts as whom --------------------------------------------------------------------------

ACTS_AS = {
    Actor.COORDINATOR: {"coordinator", "admin", "manager", "platform"},
    Actor.BOARD: {"board"},
    Actor.COMMISSIONER: {"admin", "commissioner", "platform"},
    Actor.MANAGER: {"admin", "manager", "platform"},
}


@pytest.mark.parametrize("actor", list(Actor))
def test_who_acts_as_each_actor(portfolio, people, actor):
    programme, housing = portfolio.setup.programme, portfolio.setup.housing
    allowed = {
        name
        for name in vars(people)
        if can_act_as(getattr(people, name), actor, programme, housing)
    }
    assert allowed == ACTS_AS[actor]


class _Undo(Exception):
    """Raised inside a savepoint to undo a step that succeeded."""


@pytest.mark.parametrize(
    "transition", PLAN_TRANSITIONS, ids=lambda t: f"{t.action}-from-{t.source}"
)
def test_every_step_is_taken_only_by_its_actor(plan, people, transition):
    """Each step of the table, tried by every person through the service: exactly the actor's
    people succeed; everyone else gets PermissionDenied and nothing changes. The programme
    manager never takes the board's step (issue 11: the manager could "Anbefal")."""
    bring_to(plan, transition.source, people)
    before, entries = stored(plan), AuditEntry.objects.count()
    allowed, refused = set(), set()
    for name in vars(people):
        try:
            with django_transaction.atomic():
                services.action_plan_transition(
                    plan=plan, action=transition.action, by=getattr(people, name), comment="Ok."
                )
                assert stored(plan)[0] == transition.target
                raise _Undo
        except _Undo:
            allowed.add(name)
        except PermissionDenied:
            refused.add(name)
        assert stored(plan) == before
        assert AuditEntry.objects.count() == entries
    assert allowed == ACTS_AS[transition.actor]
    assert refused == set(vars(people)) - ACTS_AS[transition.actor]
    if transition.actor == Actor.BOARD:
        assert "manager" in refused


def test_the_other_sub_programmes_coordinator_acts_only_for_their_own(portfolio, people):
    programme = portfolio.setup.programme
    assert can_act_as(
        people.other_coordinator, Actor.COORDINATOR, programme, portfolio.setup.employment
    )
    assert not can_act_as(
        people.other_coordinator, Actor.COORDINATOR, programme, portfolio.setup.housing
    )


def test_the_actions_offered_follow_state_and_person(plan, people):
    assert plan_actions_for(people.coordinator, plan) == ["submit"]
    assert plan_actions_for(people.other_coordinator, plan) == []
    assert plan_actions_for(people.viewer, plan) == []
    bring_to(plan, S.SUBMITTED, people)
    assert plan_actions_for(people.board, plan) == ["recommend", "return_to_draft"]
    assert plan_actions_for(people.coordinator, plan) == []
    bring_to_recommended = PlanAction.RECOMMEND
    services.action_plan_transition(plan=plan, action=bring_to_recommended, by=people.board)
    assert plan_actions_for(people.commissioner, plan) == ["approve", "return_to_draft"]
    assert plan_actions_for(people.board, plan) == []
    assert plan_actions_for(people.manager, plan) == []
    services.action_plan_approve(plan=plan, by=people.admin)
    assert plan_actions_for(people.manager, plan) == ["put_in_force"]
    assert plan_actions_for(people.admin, plan) == ["return_to_draft", "put_in_force"]


def test_a_commissioner_holder_without_a_role_in_the_municipality_is_not_one(
    portfolio, people, tenants
):
    holder = Holder.objects.get()
    holder.person.user = user_with_role(Role.VIEWER, tenants.other, "elsewhere")
    holder.person.save()
    assert not can_act_as(
        holder.person.user, Actor.COMMISSIONER, portfolio.setup.programme, portfolio.setup.housing
    )


# --- creating and filling a plan ---------------------------------------------------------------


def test_one_plan_per_sub_programme_and_year(plan, portfolio):
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.action_plan_create(
            programme=portfolio.setup.programme,
            sub_programme=portfolio.setup.housing,
            year=2024,
            by=None,
        )
    assert "ny versjon" in refused.value.message_dict["year"][0]
    assert ActionPlan.objects.count() == 1
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize("year", [2022, 2034])
def test_the_year_must_be_in_the_programme_period(portfolio, year):
    with pytest.raises(ValidationError) as refused:
        services.action_plan_create(
            programme=portfolio.setup.programme,
            sub_programme=portfolio.setup.housing,
            year=year,
            by=None,
        )
    assert refused.value.message_dict == {
        "year": ["Året må være innenfor programperioden 2023–2033."]
    }
    assert not ActionPlan.objects.exists()


def test_the_sub_programme_must_be_the_programmes(portfolio, tenants):
    other = programme_services.programme_create(
        by=None, municipality=tenants.home, name="Annet", start_year=2024, end_year=2030
    )
    with pytest.raises(ValidationError) as refused:
        services.action_plan_create(
            programme=other, sub_programme=portfolio.setup.housing, year=2024, by=None
        )
    assert list(refused.value.message_dict) == ["sub_programme"]


def test_the_cost_defaults_to_the_measures_cost_for_the_plan_year(plan, portfolio):
    item = services.action_plan_add_measure(
        plan=plan, measure=portfolio.reading, note=" Bibliotek "
    )
    assert (item.cost, item.note, item.position) == (Decimal("150000.00"), "Bibliotek", 2)
    assert plan.items.get(measure=portfolio.meeting_places).cost == Decimal("250000.00")


def test_a_measure_without_a_cost_that_year_costs_nothing_unless_given(portfolio):
    later = services.action_plan_create(
        programme=portfolio.setup.programme,
        sub_programme=portfolio.setup.housing,
        year=2025,
        by=None,
    )
    assert services.action_plan_add_measure(plan=later, measure=portfolio.reading).cost == 0
    given = services.action_plan_add_measure(
        plan=later, measure=portfolio.meeting_places, cost=Decimal("99000")
    )
    assert given.cost == Decimal("99000")


def test_adding_refuses_other_sub_programmes_duplicates_stopped_and_negative(plan, portfolio):
    refusals = {}
    for label, kwargs in {
        "other sub-programme": {"measure": portfolio.snuplassen},
        "duplicate": {"measure": portfolio.meeting_places},
        "negative": {"measure": portfolio.reading, "cost": Decimal("-1")},
    }.items():
        with pytest.raises(ValidationError) as refused:
            services.action_plan_add_measure(plan=plan, **kwargs)
        refusals[label] = refused.value.message_dict
    assert refusals == {
        "other sub-programme": {"measure": ["Tiltaket må høre til delprogrammet Bo og nærmiljø."]},
        "duplicate": {"measure": ["«Nærmiljøarenaer» er alt med i planen."]},
        "negative": {"cost": ["Kostnaden kan ikke være negativ."]},
    }
    measure_services.measure_set_status(
        measure=portfolio.reading, status=MeasureStatus.STOPPED, stop_reason="Ingen midler."
    )
    with pytest.raises(ValidationError) as refused:
        services.action_plan_add_measure(plan=plan, measure=portfolio.reading)
    assert refused.value.message_dict == {"measure": ["Tiltaket «Leseferdigheter» er stanset."]}
    assert list(plan.items.values_list("measure__title", flat=True)) == ["Nærmiljøarenaer"]


def test_remove_and_update_in_a_draft_are_audited(plan, portfolio, people):
    item = services.action_plan_add_measure(plan=plan, measure=portfolio.reading)
    services.action_plan_remove_item(item=item, by=people.coordinator)
    services.action_plan_update(plan=plan, summary=" Nytt sammendrag ", by=people.coordinator)
    assert list(plan.items.values_list("measure__title", flat=True)) == ["Nærmiljøarenaer"]
    assert stored(plan)[0] == "draft"
    plan.refresh_from_db()
    assert plan.summary == "Nytt sammendrag"
    actions = list(audit_entries_for(plan).order_by("id").values_list("action", flat=True))
    assert actions[-3:] == [
        "action_plan.item_added",
        "action_plan.item_removed",
        "action_plan.updated",
    ]


def test_goals_served_by_the_plans_measures(plan, portfolio):
    setup = portfolio.setup
    measure_services.measure_update(
        measure=portfolio.meeting_places, goals=[setup.housing_goal, setup.main]
    )
    services.action_plan_add_measure(plan=plan, measure=portfolio.reading)
    measure_services.measure_update(measure=portfolio.reading, goals=[setup.housing_goal])
    assert goals_served(plan_items(plan)) == [setup.main, setup.housing_goal]


# --- the frozen rule ---------------------------------------------------------------------------


@pytest.mark.parametrize("state", [S.SUBMITTED, S.RECOMMENDED, S.APPROVED, S.IN_FORCE, S.CLOSED])
def test_only_a_draft_is_edited(plan, portfolio, people, state):
    bring_to(plan, state, people)
    item = plan.items.get()
    before = (stored(plan), plan.summary, list(plan.items.values_list("measure_id", "cost")))
    entries = AuditEntry.objects.count()
    messages = []
    for attempt in (
        lambda: services.action_plan_add_measure(plan=plan, measure=portfolio.reading),
        lambda: services.action_plan_remove_item(item=item, by=None),
        lambda: services.action_plan_update(plan=plan, summary="Endret", by=None),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        messages.append(refused.value.message_dict["state"][0])
    frozen = state in {S.APPROVED, S.IN_FORCE, S.CLOSED}
    assert all(("Lag en ny versjon" in m) == frozen for m in messages)
    assert all(("sendes tilbake til utkast" in m) == (not frozen) for m in messages)
    plan.refresh_from_db()
    assert (
        stored(plan),
        plan.summary,
        list(plan.items.values_list("measure_id", "cost")),
    ) == before
    assert AuditEntry.objects.count() == entries
    assert plan.is_frozen == frozen


# --- versions ----------------------------------------------------------------------------------


def test_revise_copies_the_plan_into_a_new_draft_version(plan, portfolio, people):
    services.action_plan_add_measure(
        plan=plan, measure=portfolio.reading, cost=Decimal("120000"), note="Halvår"
    )
    bring_to(plan, S.IN_FORCE, people)
    revision = services.action_plan_revise(plan=plan, by=people.coordinator)
    assert (revision.state, revision.version, revision.previous, revision.year) == (
        "draft",
        2,
        plan,
        2024,
    )
    assert revision.summary == plan.summary
    assert list(revision.items.values_list("measure__title", "cost", "note", "position")) == [
        ("Nærmiljøarenaer", Decimal("250000.00"), "", 1),
        ("Leseferdigheter", Decimal("120000.00"), "Halvår", 2),
    ]
    assert stored(plan)[0] == "in_force"  # the old version holds until the new one is in force
    revised = AuditEntry.objects.filter(
        action="action_plan.revised", object_type="portfolio.actionplan"
    )
    assert sorted(int(e.object_id) for e in revised) == sorted([plan.pk, revision.pk])
    # The draft is editable; the original stays frozen.
    services.action_plan_remove_item(item=revision.items.get(measure=portfolio.reading), by=None)
    assert plan.items.count() == 2


def test_putting_a_new_version_in_force_closes_the_old_one(plan, people):
    bring_to(plan, S.IN_FORCE, people)
    revision = services.action_plan_revise(plan=plan, by=people.coordinator)
    bring_to(revision, S.APPROVED, people)
    assert stored(plan)[0] == "in_force"
    services.action_plan_put_in_force(plan=revision, by=people.manager)
    assert stored(revision)[0] == "in_force"
    assert stored(plan)[0] == "closed"
    closing = audit_entries_for(plan).latest("id")
    assert (closing.action, closing.actor, closing.changes) == (
        "action_plan.closed",
        people.manager,
        {"state": ["in_force", "closed"]},
    )
    assert closing.summary == "Avsluttet automatisk: erstattet av versjon 2."


def test_an_approved_plan_can_be_revised_but_only_once_and_not_a_draft(plan, people):
    with pytest.raises(ValidationError) as refused:
        services.action_plan_revise(plan=plan, by=None)
    assert "Utkast" in refused.value.message_dict["state"][0]
    bring_to(plan, S.APPROVED, people)
    services.action_plan_revise(plan=plan, by=None)
    count, entries = ActionPlan.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.action_plan_revise(plan=plan, by=None)
    assert refused.value.message_dict == {
        "state": ["Planen har alt en nyere versjon. Endre den i stedet."]
    }
    assert (ActionPlan.objects.count(), AuditEntry.objects.count()) == (count, entries)


def test_a_closed_plan_is_not_revised(plan, people):
    bring_to(plan, S.CLOSED, people)
    with pytest.raises(ValidationError):
        services.action_plan_revise(plan=plan, by=None)
    assert ActionPlan.objects.count() == 1
    assert ActionPlanItem.objects.count() == 1
