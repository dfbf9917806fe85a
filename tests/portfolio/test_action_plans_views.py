"""Action plan pages and API: what each role sees and may do, in the browser's terms."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from omrade.common.models import AuditEntry
from omrade.portfolio.models import ActionPlan, PlanState
from omrade.portfolio.services import action_plans as services
from omrade.portfolio.services import measures as measure_services
from omrade.programmes.services import programme as programme_services
from tests.portfolio import test_action_plans as shared
from tests.portfolio.test_action_plans import bring_to

# The fixtures of the service tests: the people in their roles, and a draft housing plan.
people = shared.people
plan = shared.plan

pytestmark = pytest.mark.django_db


def url(name, portfolio, *args):
    return reverse(f"portfolio:{name}", args=["3107", portfolio.setup.programme.pk, *args])


def state_of(plan_):
    plan_.refresh_from_db()
    return plan_.state


# --- the list ----------------------------------------------------------------------------------


def test_the_list_shows_plans_by_year_with_state_version_and_cost(client, portfolio, plan, people):
    bring_to(plan, PlanState.APPROVED, people)
    services.action_plan_revise(plan=plan, by=None)
    client.force_login(people.viewer)
    response = client.get(url("action_plan_list", portfolio))
    assert response.status_code == 200
    [(year, plans)] = response.context["years"]
    assert year == 2024
    assert [(p.version, p.state, p.item_count, p.total) for p in plans] == [
        (2, "draft", 1, Decimal("250000.00")),
        (1, "approved", 1, Decimal("250000.00")),
    ]
    html = response.content.decode()
    assert "Godkjent av oppdragsgiver" in html
    assert response.context["form"] is None  # a viewer cannot start a plan


def test_the_coordinator_starts_a_plan_for_their_own_sub_programme_only(client, portfolio, people):
    client.force_login(people.coordinator)
    form = client.get(url("action_plan_list", portfolio)).context["form"]
    assert list(form.fields["sub_programme"].queryset) == [portfolio.setup.housing]
    refused = client.post(
        url("action_plan_create", portfolio),
        {"plan-sub_programme": portfolio.setup.employment.pk, "plan-year": 2024},
    )
    assert refused.status_code == 400
    assert not ActionPlan.objects.exists()
    response = client.post(
        url("action_plan_create", portfolio),
        {
            "plan-sub_programme": portfolio.setup.housing.pk,
            "plan-year": 2025,
            "plan-summary": "Mål",
        },
    )
    created = ActionPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("action_plan_detail", portfolio, created.pk)
    assert (created.sub_programme, created.year, created.state) == (
        portfolio.setup.housing,
        2025,
        "draft",
    )


def test_a_year_outside_the_period_is_shown_on_the_field(client, portfolio, people):
    client.force_login(people.manager)
    response = client.post(
        url("action_plan_create", portfolio),
        {"plan-sub_programme": portfolio.setup.housing.pk, "plan-year": 2040},
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "year": ["Året må være innenfor programperioden 2023–2033."]
    }


def test_people_who_coordinate_nothing_cannot_create(client, portfolio, people):
    client.force_login(people.board)
    response = client.post(
        url("action_plan_create", portfolio),
        {"plan-sub_programme": portfolio.setup.housing.pk, "plan-year": 2024},
    )
    assert response.status_code == 403
    assert not ActionPlan.objects.exists()


# --- the detail page ---------------------------------------------------------------------------


def test_the_detail_shows_items_totals_goals_history_and_the_coordinators_step(
    client, portfolio, plan, people
):
    measure_services.measure_update(
        measure=portfolio.meeting_places, goals=[portfolio.setup.housing_goal]
    )
    services.action_plan_add_measure(plan=plan, measure=portfolio.reading, note="Med biblioteket")
    client.force_login(people.coordinator)
    response = client.get(url("action_plan_detail", portfolio, plan.pk))
    html = response.content.decode()
    assert response.context["total"] == Decimal("400000.00")
    assert [goal.text for goal in response.context["goals"]] == ["Bedre nærmiljø"]
    assert response.context["plain_actions"] == [("submit", "Send til programstyret")]
    assert response.context["comment_actions"] == []
    assert response.context["editable"] is True
    assert "Med biblioteket" in html
    assert "Legg til et tiltak" in html
    assert [entry.action for entry in response.context["history"]] == [
        "action_plan.created",
        "action_plan.item_added",
        "action_plan.item_added",
    ]


def test_a_viewer_reads_but_gets_no_buttons_or_forms(client, portfolio, plan, people):
    client.force_login(people.viewer)
    response = client.get(url("action_plan_detail", portfolio, plan.pk))
    assert response.status_code == 200
    assert response.context["plain_actions"] == response.context["comment_actions"] == []
    assert response.context["editable"] is False
    assert "Behandle planen" not in response.content.decode()


def test_an_approved_plan_says_it_is_frozen_and_offers_a_new_version(
    client, portfolio, plan, people
):
    bring_to(plan, PlanState.APPROVED, people)
    client.force_login(people.coordinator)
    response = client.get(url("action_plan_detail", portfolio, plan.pk))
    html = response.content.decode()
    assert "Låst:" in html
    assert response.context["editable"] is False
    assert response.context["can_revise"] is True
    assert "Legg til et tiltak" not in html


def test_a_plan_of_another_programme_is_not_found(client, portfolio, plan, people, tenants):
    other = programme_services.programme_create(
        by=None, municipality=tenants.home, name="Annet", start_year=2023, end_year=2030
    )
    client.force_login(people.admin)
    path = reverse("portfolio:action_plan_detail", args=["3107", other.pk, plan.pk])
    assert client.get(path).status_code == 404


# --- transitions through the page --------------------------------------------------------------


def transition(client, portfolio, plan_, action, comment=""):
    return client.post(
        url("action_plan_transition", portfolio, plan_.pk, action), {"transition-comment": comment}
    )


def test_the_browser_path_from_draft_to_in_force(client, portfolio, plan, people):
    for user, action, state in [
        (people.coordinator, "submit", "submitted"),
        (people.board, "recommend", "recommended"),
        (people.commissioner, "approve", "approved"),
        (people.manager, "put_in_force", "in_force"),
    ]:
        client.force_login(user)
        response = transition(client, portfolio, plan, action)
        assert response.status_code == 302, action
        assert state_of(plan) == state


@pytest.mark.parametrize(
    ("state", "action", "user"),
    [
        (PlanState.DRAFT, "submit", "other_coordinator"),
        (PlanState.DRAFT, "submit", "viewer"),
        (PlanState.SUBMITTED, "recommend", "coordinator"),
        (PlanState.SUBMITTED, "recommend", "analyst"),
        (PlanState.RECOMMENDED, "approve", "board"),
        (PlanState.RECOMMENDED, "approve", "manager"),
        (PlanState.RECOMMENDED, "return_to_draft", "board"),  # the commissioner's now
        (PlanState.APPROVED, "put_in_force", "commissioner"),
        (PlanState.IN_FORCE, "close", "grants"),
    ],
)
def test_a_step_by_someone_else_is_forbidden_and_changes_nothing(
    client, portfolio, plan, people, state, action, user
):
    bring_to(plan, state, people)
    entries = AuditEntry.objects.count()
    client.force_login(getattr(people, user))
    assert transition(client, portfolio, plan, action, "Kommentar").status_code == 403
    assert state_of(plan) == state
    assert AuditEntry.objects.count() == entries


def test_returning_without_a_comment_shows_the_error(client, portfolio, plan, people):
    bring_to(plan, PlanState.SUBMITTED, people)
    client.force_login(people.board)
    response = transition(client, portfolio, plan, "return_to_draft", "  ")
    assert response.status_code == 400
    assert response.context["transition_form"].errors == {
        "comment": ["Skriv hva som må endres før planen sendes tilbake."]
    }
    assert state_of(plan) == "submitted"
    response = transition(client, portfolio, plan, "return_to_draft", "Mangler kostnader.")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.return_comment) == ("draft", "Mangler kostnader.")
    client.force_login(people.coordinator)
    html = client.get(url("action_plan_detail", portfolio, plan.pk)).content.decode()
    assert "Sendt tilbake med kommentar:" in html
    assert "Mangler kostnader." in html


def test_a_step_the_table_does_not_allow_is_a_400_with_the_reason(client, portfolio, plan, people):
    client.force_login(people.manager)  # acts as the manager, but the plan is a draft
    response = transition(client, portfolio, plan, "put_in_force")
    assert response.status_code == 400
    assert "er ikke tillatt når planen har status «Utkast»" in response.content.decode()
    assert state_of(plan) == "draft"


def test_an_unknown_action_is_not_found(client, portfolio, plan, people):
    client.force_login(people.admin)
    assert transition(client, portfolio, plan, "publish").status_code == 404


# --- editing through the page ------------------------------------------------------------------


def test_the_coordinator_adds_and_removes_measures_in_a_draft(client, portfolio, plan, people):
    client.force_login(people.coordinator)
    response = client.post(
        url("action_plan_item_add", portfolio, plan.pk),
        {"item-measure": portfolio.reading.pk, "item-cost": "", "item-note": "Høst"},
    )
    assert response.status_code == 302
    item = plan.items.get(measure=portfolio.reading)
    assert (item.cost, item.note) == (Decimal("150000.00"), "Høst")
    response = client.post(url("action_plan_item_remove", portfolio, plan.pk, item.pk))
    assert response.status_code == 302
    assert list(plan.items.values_list("measure__title", flat=True)) == ["Nærmiljøarenaer"]


def test_a_frozen_plan_refuses_edits_from_the_page(client, portfolio, plan, people):
    bring_to(plan, PlanState.IN_FORCE, people)
    client.force_login(people.coordinator)
    item = plan.items.get()
    removed = client.post(url("action_plan_item_remove", portfolio, plan.pk, item.pk))
    assert removed.status_code == 400
    assert "Lag en ny versjon" in removed.content.decode()
    summary = client.post(
        url("action_plan_update", portfolio, plan.pk), {"summary-summary": "Nytt"}
    )
    assert summary.status_code == 400
    plan.refresh_from_db()
    assert (plan.items.count(), plan.summary) == (1, "Møteplasser og lesing.")


def test_others_cannot_edit_the_plan(client, portfolio, plan, people):
    client.force_login(people.other_coordinator)
    response = client.post(
        url("action_plan_item_add", portfolio, plan.pk), {"item-measure": portfolio.reading.pk}
    )
    assert response.status_code == 403
    assert plan.items.count() == 1


def test_revise_from_the_page_goes_to_the_new_draft(client, portfolio, plan, people):
    bring_to(plan, PlanState.IN_FORCE, people)
    client.force_login(people.coordinator)
    response = client.post(url("action_plan_revise", portfolio, plan.pk))
    revision = ActionPlan.objects.get(version=2)
    assert response["Location"] == url("action_plan_detail", portfolio, revision.pk)
    assert client.post(url("action_plan_revise", portfolio, plan.pk)).status_code == 400


# --- API ---------------------------------------------------------------------------------------


def test_the_api_lists_and_shows_plans(client, portfolio, plan, people):
    services.action_plan_submit(plan=plan, by=people.coordinator, comment="Klar")
    client.force_login(people.board)
    listed = client.get(f"/api/programmes/{portfolio.setup.programme.pk}/action-plans").json()
    assert listed == [
        {
            "id": plan.pk,
            "sub_programme_id": portfolio.setup.housing.pk,
            "sub_programme": "Bo og nærmiljø",
            "year": 2024,
            "version": 1,
            "state": "submitted",
            "item_count": 1,
            "total_cost": "250000.00",
            "approved_at": None,
        }
    ]
    shown = client.get(f"/api/action-plans/{plan.pk}").json()
    assert shown["allowed_actions"] == ["recommend", "return_to_draft"]
    assert [(i["measure"], i["cost"]) for i in shown["items"]] == [("Nærmiljøarenaer", "250000.00")]
    assert [(h["action"], h["state_to"], h["comment"]) for h in shown["history"]][-1] == (
        "action_plan.submitted",
        "Sendt til programstyret",
        "Klar",
    )


def test_the_api_transitions_with_the_pages_permissions(client, portfolio, plan, people, tenants):
    path = f"/api/action-plans/{plan.pk}/transitions"

    def post(user, action, comment=""):
        client.force_login(user)
        return client.post(
            path, {"action": action, "comment": comment}, content_type="application/json"
        )

    assert post(people.viewer, "submit").status_code == 403
    refused = post(people.coordinator, "approve")
    assert refused.status_code == 403  # never the coordinator's step
    refused = post(people.manager, "close")
    assert refused.status_code == 400
    assert (
        refused.json()["detail"]
        == "state: «Avslutt planen» er ikke tillatt når planen har status «Utkast»."
    )
    done = post(people.coordinator, "submit")
    assert done.status_code == 200
    assert done.json()["state"] == "submitted"
    assert post(people.board, "return_to_draft").status_code == 400
    assert post(people.board, "return_to_draft", "Mer").json()["return_comment"] == "Mer"
    assert post(people.admin, "publish").status_code == 400
    client.force_login(tenants.other_admin)
    assert (
        client.post(path, {"action": "submit"}, content_type="application/json").status_code == 404
    )
    assert state_of(plan) == "draft"


# --- the board's step and "who acts next" (issue 11) ------------------------------------------


def test_the_manager_is_not_offered_the_boards_step_and_is_refused_it(
    client, portfolio, plan, people
):
    bring_to(plan, PlanState.SUBMITTED, people)
    client.force_login(people.manager)
    response = client.get(url("action_plan_detail", portfolio, plan.pk))
    html = response.content.decode()
    assert response.context["plain_actions"] == []
    assert "Anbefal planen</button>" not in html
    assert "Anbefal planen — programstyret" in html
    entries = AuditEntry.objects.count()
    assert transition(client, portfolio, plan, "recommend").status_code == 403
    assert state_of(plan) == "submitted"
    assert AuditEntry.objects.count() == entries
    api = f"/api/action-plans/{plan.pk}"
    assert client.get(api).json()["allowed_actions"] == []
    refused = client.post(
        f"{api}/transitions", {"action": "recommend"}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert state_of(plan) == "submitted"
    client.force_login(people.board)
    html = client.get(url("action_plan_detail", portfolio, plan.pk)).content.decode()
    assert "Anbefal planen</button>" in html
    assert "Anbefal planen — programstyret (du kan ta dette steget)" in html


@pytest.mark.parametrize(
    ("state", "shown"),
    [
        (PlanState.DRAFT, "Send til programstyret — delprogramkoordinatoren"),
        (PlanState.SUBMITTED, "Anbefal planen — programstyret"),
        (PlanState.RECOMMENDED, "Godkjenn planen — oppdragsgiveren"),
        (PlanState.APPROVED, "Sett planen i verk — programlederen"),
        (PlanState.IN_FORCE, "Avslutt planen — programlederen"),
        (PlanState.CLOSED, "Ingen flere steg"),
    ],
)
def test_the_plan_page_says_who_acts_next(client, portfolio, plan, people, state, shown):
    bring_to(plan, state, people)
    client.force_login(people.viewer)
    html = client.get(url("action_plan_detail", portfolio, plan.pk)).content.decode()
    assert f'<dd class="omr-next-step">{shown}</dd>' in html


def test_who_acts_next_is_in_the_users_language(client, portfolio, plan, people):
    bring_to(plan, PlanState.SUBMITTED, people)
    client.force_login(people.viewer)
    with translation.override("en"):  # restores the language the middleware switches
        response = client.get(
            url("action_plan_detail", portfolio, plan.pk), HTTP_ACCEPT_LANGUAGE="en"
        )
    assert "Recommend the plan — the programme board" in response.content.decode()
