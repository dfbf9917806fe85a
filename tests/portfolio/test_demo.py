"""The portfolio demo: the seeds' measures scored against the seed's criteria, scenarios, a
settled conflict, action plans in different states, progress, and Fredericia's measures —
dated relative to the day it is loaded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from omrade.areas.models import Observation
from omrade.portfolio.conflicts import conflicts_of
from omrade.portfolio.models import (
    ActionPlan,
    AgreedScore,
    CriteriaSet,
    Measure,
    PlanState,
    Scenario,
    YearBudget,
)
from omrade.portfolio.selectors_plans import progress_missing
from omrade.portfolio.services import progress as progress_services
from omrade.programmes.models import Meeting
from tests.conftest import needs_shared_data

pytestmark = [pytest.mark.django_db, needs_shared_data]


# A load day in the past (reports may only be given for tertials that have begun), so the
# test shows that the synthetic dates follow the load day, not a fixed year.
LOAD_DAY = date(2025, 6, 1)
THIS_YEAR = 2025


def test_the_demo_portfolio_follows_the_seeds():
    from omrade.shell.demo import demo_load

    demo_load(today=LOAD_DAY)
    fredrikstad = Measure.objects.filter(municipality__code="3107")
    snuplassen = fredrikstad.get(title="NAV Snuplassen")
    assert (snuplassen.age_from, snuplassen.age_to, snuplassen.status) == (18, 30, "running")
    assert {area.name for area in snuplassen.areas.all()} == {"Trosvik", "St. Croix"}
    assert {partner.name for partner in snuplassen.partners.all()} == {
        "Fontenehuset",
        "Trosvikstranda Utvikling",
    }
    assert all(measure.synthetic for measure in Measure.objects.all())  # costs are made up
    assert YearBudget.objects.get(programme__municipality__code="3107", year=2023).amount == (
        Decimal(5_000_000)
    )
    assert not YearBudget.objects.get(year=2023).synthetic  # the state's 5 MNOK is the seed's

    criteria = CriteriaSet.objects.get(municipality__code="3107")
    assert [group.name for group in criteria.groups.all()] == [
        "Generelt",
        "Bo- og nærmiljø",
        "Oppvekst og utdanning",
        "Sysselsetting",
    ]
    # The seed marks "Prosjekt B" (Snuplassen here) on NAV's work-inclusion criterion.
    inclusion = AgreedScore.objects.get(
        measure=snuplassen, criterion__text__startswith="Styrker arbeidsinkludering"
    )
    assert inclusion.value == 1

    states = {
        plan.sub_programme.name: plan.state
        for plan in ActionPlan.objects.filter(programme__municipality__code="3107", year=THIS_YEAR)
    }
    assert states == {
        "Bo og nærmiljø": PlanState.IN_FORCE,
        "Oppvekst og utdanning": PlanState.SUBMITTED,
        "Sysselsetting": PlanState.DRAFT,
    }
    assert ActionPlan.objects.get(sub_programme__name="Sysselsetting").return_comment

    for scenario in Scenario.objects.filter(programme__municipality__code="3107"):
        assert scenario.total_cost <= scenario.budget
    reduced = Scenario.objects.get(name__startswith="Redusert ramme")
    assert snuplassen in reduced.selected.all()

    programme = snuplassen.programme
    conflicts = {conflict.kind: conflict for conflict in conflicts_of(programme, year=THIS_YEAR)}
    assert conflicts["staff"].is_resolved
    assert not conflicts["unit"].is_resolved
    assert not conflicts["money"].is_resolved
    # Reports up to the last finished tertial (2025T1 on 1 June 2025); one is missing there.
    missing = {
        row.measure.title
        for row in progress_missing(
            programme=programme, period=progress_services.tertial_of("2025T1")
        )
    }
    assert missing == {"Leseferdigheter og tidlig innsats"}
    assert sorted(snuplassen.progress_reports.values_list("period", flat=True)) == [
        "2024T3",
        "2025T1",
    ]
    assert {cost.year for cost in snuplassen.costs.all()} == {2024, 2025}
    assert list(
        YearBudget.objects.filter(programme=programme).values_list("year", "synthetic")
    ) == [(2023, False), (2024, True), (2025, True)]
    assert {scenario.year for scenario in Scenario.objects.all()} == {THIS_YEAR}
    # The board meeting that decided this year's plan (Mitt arbeid's demo adds a later one).
    meeting = Meeting.objects.filter(body__programme=programme).earliest("starts_at")
    assert meeting.starts_at.date() == date(2025, 4, 2)  # two months before the load day
    # The synthetic statistics end at the last complete year; the SSB data keep their years.
    synthetic_years = set(
        Observation.objects.filter(synthetic=True).values_list("period_code", flat=True)
    )
    assert (min(synthetic_years), max(synthetic_years)) == ("2015", "2024")

    fredericia = Measure.objects.filter(municipality__code="607")
    assert {measure.sub_programme.name for measure in fredericia} == {
        "Uddannelse og livschancer",
        "Beskæftigelse",
        "Kriminalitetsforebyggelse",
        "Sammenhængskraft og medborgerskab",
    }
