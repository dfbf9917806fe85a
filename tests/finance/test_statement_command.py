"""`omrade finance statement`: the funder's statement on the console."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from omrade.cli import main
from tests.finance.test_statement import Booked, booked  # noqa: F401 - the booked fixture

pytestmark = pytest.mark.django_db


def statement(booked: Booked, *extra: str) -> list[str]:  # noqa: F811
    programme = booked.money.portfolio.setup.programme
    return ["finance", "statement", "--programme", str(programme.pk), *extra]


def test_json_has_the_keys_and_exact_decimals(booked: Booked, capsys) -> None:  # noqa: F811
    portfolio = booked.money.portfolio
    assert main(statement(booked, "--year", "2024", "--format", "json")) == 0
    out = capsys.readouterr().out
    record = json.loads(out, parse_float=Decimal)
    assert {"year", "currency", "sources", "measures", "in_kind"} <= set(record)
    assert (record["year"], record["currency"]) == (2024, "NOK")
    kdd = record["sources"][0]
    assert {"code", "name", "granted", "allocated", "spent", "remaining"} <= set(kdd)
    assert (kdd["code"], kdd["name"]) == ("KDD", "Statlig tilskudd")
    assert kdd["granted"] == Decimal("500000.00")
    assert str(kdd["granted"]) == "500000.00"  # written with its øre, not as 500000.0
    assert '"granted": 500000.00' in out
    assert (kdd["allocated"], kdd["spent"], kdd["remaining"]) == (
        Decimal("450000.00"),
        Decimal("194500.25"),
        Decimal("305499.75"),
    )
    measures = {row["id"]: row for row in record["measures"]}
    snuplassen = measures[portfolio.snuplassen.pk]
    assert {"id", "project_code", "allocated", "spent"} <= set(snuplassen)
    assert (snuplassen["project_code"], snuplassen["allocated"], snuplassen["spent"]) == (
        "P-100",
        Decimal("400000.00"),
        Decimal("153333.33"),
    )
    spent = [row["spent"] for row in record["sources"]]
    assert sum(spent) == sum(row["spent"] for row in record["measures"]) == Decimal("242833.58")
    assert record["in_kind"]["fte"] == Decimal("0.7")
    assert record["in_kind"]["value"] == Decimal("560000.00")
    assert {row["id"]: row["value"] for row in record["in_kind"]["measures"]} == {
        portfolio.snuplassen.pk: Decimal("400000.00"),
        portfolio.reading.pk: Decimal("160000.00"),
    }
    assert record["co_funding"]["share"] == Decimal("37.5")
    assert record["synthetic"] is False


def test_one_source(booked: Booked, capsys) -> None:  # noqa: F811
    argv = statement(booked, "--year", "2024", "--source", "KOM", "--format", "json")
    assert main(argv) == 0
    record = json.loads(capsys.readouterr().out, parse_float=Decimal)
    assert [row["code"] for row in record["sources"]] == ["KOM"]


def test_table(booked: Booked, capsys) -> None:  # noqa: F811
    assert main(statement(booked, "--year", "2024", "--format", "table")) == 0
    out = capsys.readouterr().out
    assert "KDD" in out
    assert "194 500.25" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--year", "2022"], "--year: 2022 is outside"),
        (["--year", "2034"], "--year: 2034 is outside"),
        (["--year", "2024", "--source", "NOPE"], "--source"),
    ],
)
def test_bad_input_exits_2(booked: Booked, capsys, argv, message) -> None:  # noqa: F811
    assert main(statement(booked, *argv)) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


def test_unknown_programme_exits_2(capsys, db) -> None:
    argv = ["finance", "statement", "--programme", "999999", "--year", "2024"]
    assert main(argv) == 2
    assert "--programme: no programme with id 999999" in capsys.readouterr().err
