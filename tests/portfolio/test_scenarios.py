"""Selection on the database: candidates of a programme and year, scenarios (save, recompute,
delete, validation, audit), their pages (try, save, detail, compare) and the API."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from omrade.common.models import AuditEntry
from omrade.portfolio.models import (
    AgreedScore,
    CriteriaSet,
    Criterion,
    CriterionGroup,
    MeasureStatus,
    Scale,
    Scenario,
)
from omrade.portfolio.selectors_selection import (
    Reason,
    candidates_for,
    scenario_comparison,
    scenario_view,
    selection_compute,
)
from omrade.portfolio.services import measures as measure_services
from omrade.portfolio.services import scenarios as services
from omrade.tenancy.models import Role
from omrade.tenancy.services import person_create

pytestmark = pytest.mark.django_db


@dataclass
class Scored:
    portfolio: object
    criteria_set: CriteriaSet
    impact: Criterion  # 0–3, weight 3: the value counts fully
    plan: Criterion  # x-mark, weight 1


def agree(criterion: Criterion, measure, value: int) -> None:
    AgreedScore.objects.update_or_create(
        criterion=criterion, measure=measure, defaults={"value": value}
    )


@pytest.fixture
def scored(portfolio) -> Scored:
    """Scores: NAV Snuplassen 3.0 (400 000 kr), Nærmiljøarenaer 3.0 (250 000 kr),
    Leseferdigheter 2.0 (150 000 kr), all in 2024."""
    programme = portfolio.setup.programme
    criteria_set = CriteriaSet.objects.create(
        municipality=programme.municipality, programme=programme, name="Folkehelseplanen"
    )
    group = CriterionGroup.objects.create(criteria_set=criteria_set, name="Generelt")
    impact = Criterion.objects.create(
        group=group, text="Bidrar til levekår", scale=Scale.ZERO_TO_THREE, weight=3.0
    )
    plan = Criterion.objects.create(group=group, text="Står i planen", scale=Scale.MARK, weight=1.0)
    for measure, impact_value, plan_value in (
        (portfolio.snuplassen, 3, 0),
        (portfolio.meeting_places, 2, 1),
        (portfolio.reading, 1, 1),
    ):
        agree(impact, measure, impact_value)
        agree(plan, measure, plan_value)
    return Scored(portfolio, criteria_set, impact, plan)


def compute(scored: Scored, budget: int, **options):
    return selection_compute(
        programme=scored.portfolio.setup.programme,
        criteria_set=scored.criteria_set,
        year=options.pop("year", 2024),
        budget=Decimal(budget),
        **options,
    )


# --- candidates and the computed selection -----------------------------------------------------


def test_candidates_are_active_unclosed_measures_with_cost_staff_and_score(scored, tenants):
    portfolio = scored.portfolio
    programme = portfolio.setup.programme
    person = person_create(by=None, municipality=tenants.home, name="Per Person")
    measure_services.staff_allocation_add(
        by=None, measure=portfolio.reading, year=2024, share=Decimal(20), person=person
    )
    measure_services.staff_allocation_add(
        by=None, measure=portfolio.reading, year=2024, share=Decimal("30.5"), person=person
    )
    measure_services.staff_allocation_add(
        by=None, measure=portfolio.reading, year=2025, share=Decimal(90), person=person
    )
    measure_services.measure_create(
        programme=programme, title="Sommerjobb", starts_on=date(2023, 5, 1)
    )  # no cost, but running since 2023: a free candidate in 2024
    measure_services.measure_create(programme=programme, title="Uten år")  # no cost, no dates
    done = measure_services.measure_create(programme=programme, title="Ferdig")
    measure_services.measure_cost_set(by=None, measure=done, year=2024, amount=Decimal(10))
    for status in (MeasureStatus.PLANNED, MeasureStatus.RUNNING, MeasureStatus.COMPLETED):
        measure_services.measure_set_status(measure=done, status=status)
    candidates = {
        c.measure.title: (c.cost, c.staff, c.score)
        for c in candidates_for(programme=programme, criteria_set=scored.criteria_set, year=2024)
    }
    assert candidates == {
        "NAV Snuplassen": (Decimal("400000.00"), Decimal(0), 3.0),
        "Nærmiljøarenaer": (Decimal("250000.00"), Decimal(0), 3.0),
        "Leseferdigheter": (Decimal("150000.00"), Decimal("50.5"), 2.0),
        "Sommerjobb": (None, Decimal(0), 0.0),
    }


def test_selection_picks_the_best_combination_and_says_why_the_rest_are_out(scored):
    portfolio = scored.portfolio
    outcome = compute(scored, 500_000)
    assert outcome.result.selected == tuple(
        sorted([portfolio.meeting_places.pk, portfolio.reading.pk])
    )
    assert (outcome.result.total_cost, outcome.result.total_score) == (Decimal(400_000), 5.0)
    assert outcome.result.budget_left == Decimal(100_000)
    assert [(row.measure.title, row.selected, row.reason) for row in outcome.rows] == [
        ("Nærmiljøarenaer", True, Reason.CHOSEN),
        ("Leseferdigheter", True, Reason.CHOSEN),
        ("NAV Snuplassen", False, Reason.OVER_BUDGET),
    ]
    forced = compute(
        scored, 500_000, forced_in=[portfolio.snuplassen.pk], forced_out=[portfolio.reading.pk]
    )
    assert forced.result.selected == (portfolio.snuplassen.pk,)
    assert {row.measure.title: row.reason for row in forced.rows} == {
        "NAV Snuplassen": Reason.FORCED_IN,
        "Nærmiljøarenaer": Reason.OVER_BUDGET,
        "Leseferdigheter": Reason.FORCED_OUT,
    }


def test_a_measure_without_score_is_left_out_unless_forced(scored):
    portfolio = scored.portfolio
    agree(scored.impact, portfolio.reading, 0)
    agree(scored.plan, portfolio.reading, 0)
    outcome = compute(scored, 1_000_000)
    assert {row.measure.title: row.reason for row in outcome.rows}["Leseferdigheter"] == (
        Reason.NO_SCORE
    )
    forced = compute(scored, 1_000_000, forced_in=[portfolio.reading.pk])
    assert portfolio.reading.pk in forced.result.selected


def test_the_staff_limit_counts_the_measures_staff_in_the_year(scored, tenants):
    portfolio = scored.portfolio
    unit_person = person_create(by=None, municipality=tenants.home, name="Lise Leser")
    measure_services.staff_allocation_add(
        by=None, measure=portfolio.reading, year=2024, share=Decimal(60), person=unit_person
    )
    measure_services.staff_allocation_add(
        by=None, measure=portfolio.meeting_places, year=2024, share=Decimal(50), person=unit_person
    )
    outcome = compute(scored, 500_000, staff_limit=Decimal(100))
    # Nærmiljøarenaer and Leseferdigheter need 110 %: the best within 100 % is 3 points.
    assert outcome.result.selected == (portfolio.meeting_places.pk,)
    assert outcome.result.staff_left == Decimal(50)
    assert {row.measure.title: row.reason for row in outcome.rows}["Leseferdigheter"] == (
        Reason.OVER_STAFF
    )


@pytest.mark.parametrize(
    ("options", "field", "message"),
    [
        ({"budget": -1}, "budget", "Budsjettet kan ikke være negativt."),
        ({"budget": 10, "year": 2040}, "year", "Året må være innenfor programperioden 2023–2033."),
        (
            {"budget": 10, "staff_limit": Decimal(-1)},
            "staff_limit",
            "Bemanningen til rådighet kan ikke være negativ.",
        ),
        (
            {"budget": 10, "forced_in": [999_999]},
            "forced_in",
            "Disse tiltakene finnes ikke i programmet: 999999.",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(scored, options, field, message):
    budget = options.pop("budget")
    with pytest.raises(ValidationError) as refused:
        compute(scored, budget, **options)
    assert refused.value.message_dict == {field: [message]}


def test_forced_in_over_the_budget_is_refused_naming_the_measures(scored):
    portfolio = scored.portfolio
    forced = [portfolio.snuplassen.pk, portfolio.meeting_places.pk]
    with pytest.raises(ValidationError) as refused:
        compute(scored, 600_000, forced_in=forced)
    assert refused.value.message_dict == {
        "forced_in": [
            "Tiltakene som er tvunget inn, koster til sammen 650\xa0000 kr, mer enn budsjettet: "
            f"«NAV Snuplassen» ({portfolio.snuplassen.pk}), "
            f"«Nærmiljøarenaer» ({portfolio.meeting_places.pk})."
        ]
    }
    with pytest.raises(ValidationError) as both:
        compute(scored, 600_000, forced_in=forced, forced_out=[portfolio.snuplassen.pk])
    assert both.value.message_dict == {
        "forced_out": [
            "Et tiltak kan ikke både tvinges inn og holdes utenfor: "
            f"«NAV Snuplassen» ({portfolio.snuplassen.pk})."
        ]
    }


def test_a_measure_of_another_programme_cannot_be_forced(scored, tenants):
    from omrade.programmes.services import programme as programme_services

    other = programme_services.programme_create(
        by=None, municipality=tenants.home, name="Annet", start_year=2023, end_year=2030
    )
    foreign = measure_services.measure_create(programme=other, title="Fremmed")
    with pytest.raises(ValidationError) as refused:
        compute(scored, 100, forced_out=[foreign.pk])
    assert list(refused.value.message_dict) == ["forced_out"]


# --- services -----------------------------------------------------------------------------------


def save(scored, tenants, name="Stram ramme", budget=500_000, **options) -> Scenario:
    return services.scenario_save(
        programme=scored.portfolio.setup.programme,
        criteria_set=scored.criteria_set,
        name=name,
        year=2024,
        budget=Decimal(budget),
        by=tenants.users[Role.BOARD_MEMBER],
        **options,
    )


def test_save_stores_inputs_and_result_and_is_audited(scored, tenants):
    portfolio = scored.portfolio
    scenario = save(scored, tenants, forced_out=[portfolio.snuplassen])
    assert set(scenario.selected.all()) == {portfolio.meeting_places, portfolio.reading}
    assert list(scenario.forced_out.all()) == [portfolio.snuplassen]
    assert (scenario.total_cost, scenario.total_score) == (Decimal(400_000), 5.0)
    assert scenario.created_by == tenants.users[Role.BOARD_MEMBER]
    entry = AuditEntry.objects.get(action="scenario.saved")
    assert entry.actor == tenants.users[Role.BOARD_MEMBER]
    assert entry.changes["total_cost"] == [None, "400000.00"]
    assert entry.changes["forced_out"] == [None, str([portfolio.snuplassen.pk])]


def test_save_refuses_a_taken_or_empty_name_and_writes_nothing(scored, tenants):
    save(scored, tenants)
    for name, message in (
        ("Stram ramme", "Programmet har alt et scenario som heter «Stram ramme»."),
        ("  ", "Gi scenarioet et navn."),
    ):
        with pytest.raises(ValidationError) as refused:
            save(scored, tenants, name=name)
        assert refused.value.message_dict == {"name": [message]}
    with pytest.raises(ValidationError):
        save(scored, tenants, name="Negativ", budget=-5)
    assert Scenario.objects.count() == 1
    assert AuditEntry.objects.filter(action="scenario.saved").count() == 1


def test_recompute_follows_changed_figures_and_delete_is_audited(scored, tenants):
    portfolio = scored.portfolio
    scenario = save(scored, tenants)
    measure_services.measure_cost_set(
        by=None, measure=portfolio.snuplassen, year=2024, amount=Decimal(100_000)
    )
    view = scenario_view(scenario)
    assert view.stale
    assert view.current is not None
    assert view.current.result.total_score == 8.0
    services.scenario_recompute(scenario=scenario, by=tenants.users[Role.PROGRAMME_MANAGER])
    scenario.refresh_from_db()
    assert set(scenario.selected.all()) == {
        portfolio.snuplassen,
        portfolio.meeting_places,
        portfolio.reading,
    }
    assert (scenario.total_cost, scenario.total_score) == (Decimal(500_000), 8.0)
    assert not scenario_view(scenario).stale
    entry = AuditEntry.objects.get(action="scenario.recomputed")
    assert entry.changes["total_cost"] == ["400000.00", "500000.00"]
    services.scenario_delete(scenario=scenario, by=tenants.users[Role.PROGRAMME_MANAGER])
    assert not Scenario.objects.exists()
    assert AuditEntry.objects.get(action="scenario.deleted").changes["total_score"] == [8.0, None]


def test_comparison_puts_scenarios_side_by_side(scored, tenants):
    portfolio = scored.portfolio
    tight = save(scored, tenants, name="Stram", budget=300_000)
    wide = save(scored, tenants, name="Romslig", budget=800_000)
    forced = save(scored, tenants, name="Snuplassen først", forced_in=[portfolio.snuplassen])
    comparison = scenario_comparison(
        portfolio.setup.programme, [tight.pk, wide.pk, forced.pk, 999_999]
    )
    assert [totals.scenario.name for totals in comparison.scenarios] == [
        "Stram",
        "Romslig",
        "Snuplassen først",
    ]
    assert [totals.budget_left for totals in comparison.scenarios] == [
        Decimal(50_000),
        Decimal(0),
        Decimal(100_000),
    ]
    assert [(row.measure.title, [cell.label for cell in row.cells]) for row in comparison.rows] == [
        # Chosen in most scenarios first, then by title.
        ("NAV Snuplassen", ["Ikke valgt", "Valgt", "Valgt (tvunget inn)"]),
        ("Nærmiljøarenaer", ["Valgt", "Valgt", "Ikke valgt"]),
        ("Leseferdigheter", ["Ikke valgt", "Valgt", "Ikke valgt"]),
    ]


# --- pages --------------------------------------------------------------------------------------


def url(scored, name, *args) -> str:
    return reverse(f"portfolio:{name}", args=["3107", scored.portfolio.setup.programme.pk, *args])


def form_data(scored, **values) -> dict[str, object]:
    data = {
        "selection-name": "",
        "selection-year": "2024",
        "selection-budget": "500000",
        "selection-staff_limit": "",
        "selection-criteria_set": str(scored.criteria_set.pk),
    }
    data.update({f"selection-{key}": value for key, value in values.items()})
    return data


def test_the_list_page_offers_the_years_budget_and_a_try_without_saving(scored, tenants, client):
    measure_services.year_budget_set(
        by=None, programme=scored.portfolio.setup.programme, year=2024, amount=Decimal(450_000)
    )
    client.force_login(tenants.users[Role.VIEWER])
    page = client.get(url(scored, "scenario_list")).content.decode()
    assert "2024: 450" in page
    assert "Lagre som scenario" not in page  # viewers try, but do not save
    # Budget left empty: the year's frame (450 000 kr) is used.
    response = client.post(url(scored, "scenario_preview"), form_data(scored, budget=""))
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert outcome.budget == Decimal(450_000)
    assert outcome.result.total_score == 5.0
    assert "Resultat (ikke lagret)" in response.content.decode()
    assert not Scenario.objects.exists()


def test_try_without_a_frame_or_budget_names_the_budget(scored, tenants, client):
    client.force_login(tenants.users[Role.VIEWER])
    response = client.post(url(scored, "scenario_preview"), form_data(scored, budget=""))
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "budget": ["Skriv et budsjett: det er ikke registrert en årsramme for 2024."]
    }


def test_a_board_member_saves_and_the_detail_page_explains(scored, tenants, client):
    portfolio = scored.portfolio
    client.force_login(tenants.users[Role.BOARD_MEMBER])
    data = form_data(scored, name="Styrets forslag", forced_out=str(portfolio.snuplassen.pk))
    response = client.post(url(scored, "scenario_save"), data)
    scenario = Scenario.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(scored, "scenario_detail", scenario.pk)
    assert scenario.name == "Styrets forslag"
    page = client.get(response["Location"]).content.decode()
    assert "Holdt utenfor" in page
    assert "✓ Valgt" in page
    assert "400 000" in page or "400\xa0000" in page


def test_save_refused_shows_the_error_and_writes_nothing(scored, tenants, client):
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.post(url(scored, "scenario_save"), form_data(scored, name=""))
    assert response.status_code == 400
    assert response.context["form"].errors == {"name": ["Gi scenarioet et navn."]}
    client.force_login(tenants.users[Role.VIEWER])
    assert client.post(url(scored, "scenario_save"), form_data(scored, name="Y")).status_code == 403
    assert list(Scenario.objects.values_list("name", flat=True)) == []


def test_recompute_delete_and_compare_pages(scored, tenants, client):
    scenario = save(scored, tenants)
    other = save(scored, tenants, name="Romslig", budget=900_000)
    client.force_login(tenants.users[Role.BOARD_MEMBER])
    response = client.post(url(scored, "scenario_recompute", scenario.pk))
    assert response.status_code == 302
    compare = client.get(
        url(scored, "scenario_compare") + f"?scenario={scenario.pk}&scenario={other.pk}"
    )
    assert compare.status_code == 200
    page = compare.content.decode()
    assert "Stram ramme" in page
    assert "Romslig" in page
    assert "Igjen av budsjettet" in page
    response = client.post(url(scored, "scenario_delete", other.pk))
    assert response.status_code == 302
    assert list(Scenario.objects.all()) == [scenario]


def test_scenarios_of_another_programme_answer_404(scored, tenants, client):
    from omrade.programmes.services import programme as programme_services

    scenario = save(scored, tenants)
    other = programme_services.programme_create(
        by=None, municipality=tenants.home, name="Annet", start_year=2023, end_year=2030
    )
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    path = reverse("portfolio:scenario_detail", args=["3107", other.pk, scenario.pk])
    assert client.get(path).status_code == 404
    delete = reverse("portfolio:scenario_delete", args=["3107", other.pk, scenario.pk])
    assert client.post(delete).status_code == 404
    assert Scenario.objects.count() == 1


# --- API ----------------------------------------------------------------------------------------


def test_api_computes_a_selection_and_lists_scenarios(scored, tenants, client):
    portfolio = scored.portfolio
    programme = portfolio.setup.programme
    scenario = save(scored, tenants)
    client.force_login(tenants.users[Role.VIEWER])
    response = client.post(
        f"/api/programmes/{programme.pk}/selection",
        data=json.dumps({"year": 2024, "budget": 500000, "force_in": [portfolio.snuplassen.pk]}),
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["selected"] == [portfolio.snuplassen.pk]
    assert (body["total_cost"], body["total_score"], body["budget_left"]) == (
        400000.0,
        3.0,
        100000.0,
    )
    assert body["criteria_set"] == scored.criteria_set.pk
    listed = client.get(f"/api/programmes/{programme.pk}/scenarios").json()
    assert [(item["id"], item["total_cost"]) for item in listed] == [(scenario.pk, 400000.0)]
    detail = client.get(f"/api/scenarios/{scenario.pk}").json()
    assert detail["stale"] is False
    assert sorted(detail["selected"]) == sorted([portfolio.meeting_places.pk, portfolio.reading.pk])
    assert {row["title"]: row["reason"] for row in detail["measures"]} == {
        "Nærmiljøarenaer": "chosen",
        "Leseferdigheter": "chosen",
        "NAV Snuplassen": "over_budget",
    }


def test_api_refusals_name_the_field(scored, tenants, client):
    programme = scored.portfolio.setup.programme
    client.force_login(tenants.users[Role.VIEWER])

    def post(body):
        return client.post(
            f"/api/programmes/{programme.pk}/selection",
            data=json.dumps(body),
            content_type="application/json",
        )

    assert post({"budget": 10}).json() == {
        "detail": "year: required",
        "errors": {"year": ["required"]},
    }
    assert post({"year": 2024}).json() == {
        "detail": "budget: required (no year budget for 2024)",
        "errors": {"budget": ["required (no year budget for 2024)"]},
    }
    response = post({"year": 2024, "budget": -1})
    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "budget: Budsjettet kan ikke være negativt.",
            "errors": {"budget": ["Budsjettet kan ikke være negativt."]},
        },
    )
    assert post({"year": 2024, "budget": 1, "criteria_set": 999999}).status_code == 400
