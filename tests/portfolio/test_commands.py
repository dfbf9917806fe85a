"""`omrade portfolio select`: the best selection under a budget on the console."""

from __future__ import annotations

import json

import pytest

from omrade.cli import main
from omrade.portfolio.models import CriteriaSet, Scenario
from omrade.programmes.services import programme as programme_services
from tests.portfolio.test_scenarios import Scored, scored  # noqa: F401 - the scored fixture

pytestmark = pytest.mark.django_db


def select(scored: Scored, *extra: str) -> list[str]:  # noqa: F811
    return [
        "portfolio",
        "select",
        "--programme",
        str(scored.portfolio.setup.programme.pk),
        "--year",
        "2024",
        *extra,
    ]


def test_json_prints_the_selection_with_numbers(scored, capsys):  # noqa: F811
    portfolio = scored.portfolio
    assert main(select(scored, "--budget", "500000", "--format", "json")) == 0
    captured = capsys.readouterr()
    record = json.loads(captured.out)
    assert record["selected"] == sorted([portfolio.meeting_places.pk, portfolio.reading.pk])
    assert (record["total_cost"], record["total_score"]) == (400000, 5.0)
    assert (record["budget"], record["budget_left"], record["year"]) == (500000, 100000, 2024)
    assert record["criteria_set"] == scored.criteria_set.pk
    assert {row["title"]: row["reason"] for row in record["measures"]} == {
        "Nærmiljøarenaer": "chosen",
        "Leseferdigheter": "chosen",
        "NAV Snuplassen": "over_budget",
    }
    # Without --criteria-set the programme's first is used, and the command says which.
    assert captured.err == f"criteria set: {scored.criteria_set.pk} (Folkehelseplanen)\n"
    assert not Scenario.objects.exists()  # nothing is saved


def test_forcing_staff_limit_and_the_criteria_set(scored, capsys):  # noqa: F811
    portfolio = scored.portfolio
    argv = select(
        scored,
        "--budget",
        "1 000 000,50",
        "--force-in",
        f"{portfolio.snuplassen.pk}",
        "--force-out",
        f"{portfolio.reading.pk}",
        "--staff-limit",
        "100",
        "--criteria-set",
        str(scored.criteria_set.pk),
        "--format",
        "json",
    )
    assert main(argv) == 0
    captured = capsys.readouterr()
    record = json.loads(captured.out)
    assert record["selected"] == sorted([portfolio.snuplassen.pk, portfolio.meeting_places.pk])
    assert (record["total_cost"], record["budget_left"]) == (650000, 350000.5)
    assert (record["staff_limit"], record["staff_left"]) == (100, 100)
    assert captured.err == ""


def test_table_format(scored, capsys):  # noqa: F811
    assert main(select(scored, "--budget", "300000")) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["id", "cost", "(kr)", "score", "staff", "%", "measure"]
    assert "x" in out[1]
    assert "Nærmiljøarenaer (chosen)" in out[1]
    assert out[-1] == "selected 1 of 3: 250 000.00 kr, score 3.000, staff 0.00 %, 50 000.00 kr left"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--budget", "-5"], "--budget: cannot be negative (-5)"),
        (["--budget", "mye"], "--budget: 'mye' is not a number"),
        (["--budget", "10", "--force-in", "x"], "--force-in: 'x' is not a measure id"),
        (
            ["--budget", "10", "--force-out", "999999"],
            "--force-out: Disse tiltakene finnes ikke i programmet: 999999.",
        ),
        (
            ["--budget", "10", "--criteria-set", "999999"],
            "--criteria-set: programme {programme} has no criteria set 999999",
        ),
        (
            ["--budget", "10", "--staff-limit", "-1"],
            "--staff-limit: cannot be negative (-1)",
        ),
    ],
)
def test_bad_input_exits_2_naming_the_argument(scored, capsys, extra, message):  # noqa: F811
    assert main(select(scored, *extra)) == 2
    captured = capsys.readouterr()
    programme = scored.portfolio.setup.programme.pk
    # The criteria-set line comes first when the set is looked up before the refusal.
    assert captured.err.splitlines()[-1] == (
        f"omrade portfolio: {message.format(programme=programme)}"
    )
    assert captured.out == ""


def test_forced_in_over_the_budget_names_the_measures(scored, capsys):  # noqa: F811
    snuplassen = scored.portfolio.snuplassen
    argv = select(scored, "--budget", "100000", "--force-in", str(snuplassen.pk))
    assert main(argv) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"criteria set: {scored.criteria_set.pk} (Folkehelseplanen)",
        "omrade portfolio: --force-in: Tiltakene som er tvunget inn, koster til sammen "
        f"400\xa0000 kr, mer enn budsjettet: «NAV Snuplassen» ({snuplassen.pk}).",
    ]


def test_unknown_programme_and_a_programme_without_criteria(portfolio, tenants, capsys):
    assert (
        main(["portfolio", "select", "--programme", "999999", "--year", "2024", "--budget", "1"])
        == 2
    )
    assert capsys.readouterr().err == "omrade portfolio: --programme: no programme with id 999999\n"
    programme = programme_services.programme_create(
        by=None, municipality=tenants.home, name="Uten kriterier", start_year=2023, end_year=2030
    )
    argv = ["portfolio", "select", "--programme", str(programme.pk), "--year", "2024"]
    assert main([*argv, "--budget", "1"]) == 2
    assert capsys.readouterr().err == (
        f"omrade portfolio: --criteria-set: programme {programme.pk} (Uten kriterier) has no "
        "criteria set to score the measures by\n"
    )
    assert not CriteriaSet.objects.filter(programme=programme).exists()
