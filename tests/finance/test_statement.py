"""The funder's statement: its figures reconcile with the ledger to the øre, the JSON record
keeps every Decimal exact, and the text table, XLSX and PDF hold the same numbers."""

from __future__ import annotations

import io
import json
import re
import zlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from omrade.finance import statement as statements
from omrade.finance.models import Transaction
from omrade.finance.services import budgets, sources
from omrade.portfolio.models import Measure
from omrade.portfolio.services import measures as measure_services
from tests.factories import MunicipalUnitFactory
from tests.finance.conftest import Money

pytestmark = pytest.mark.django_db

AFTER_THE_YEAR = date(2025, 1, 15)


@dataclass
class Booked:
    money: Money
    transactions: list[Transaction]


def book(
    measure: Measure, key: str, amount: str, booked_on: date = date(2024, 3, 1)
) -> Transaction:
    return Transaction.objects.create(
        municipality=measure.municipality,
        measure=measure,
        year=booked_on.year,
        booked_on=booked_on,
        amount=Decimal(amount),
        project_code=measure.project_code,
        key=key,
    )


@pytest.fixture
def booked(money: Money, tenants) -> Booked:
    """KDD pays Snuplassen 300 000 and the meeting places 150 000; KOM pays Snuplassen
    100 000, reading 150 000 and keeps 20 000 for housing undistributed. The ledger holds
    153 333.33 on Snuplassen, 79 500.25 on the meeting places (a credit included) and
    10 000 on reading. Half a position on Snuplassen and 20 % on reading, at 800 000 kr."""
    portfolio = money.portfolio
    for measure, code in (
        (portfolio.snuplassen, "P-100"),
        (portfolio.meeting_places, "P-200"),
        (portfolio.reading, "P-300"),
    ):
        Measure.objects.filter(pk=measure.pk).update(project_code=code)
        measure.refresh_from_db()

    def allocate(source, amount: str, **receiver) -> None:
        budgets.allocation_set(
            by=None,
            source=source,
            year=2024,
            amount=Decimal(amount),
            reason="Handlingsplan 2024",
            **receiver,
        )

    allocate(money.municipal, "100000", measure=portfolio.snuplassen)
    allocate(money.municipal, "150000", measure=portfolio.reading)
    allocate(money.municipal, "20000", sub_programme=portfolio.setup.housing)
    allocate(money.state, "300000", measure=portfolio.snuplassen)
    allocate(money.state, "150000", measure=portfolio.meeting_places)
    transactions = [
        book(portfolio.snuplassen, "1-1", "120000.00"),
        book(portfolio.snuplassen, "1-2", "33333.33", date(2024, 6, 30)),
        book(portfolio.meeting_places, "2-1", "80000.50"),
        book(portfolio.meeting_places, "2-2", "-500.25", date(2024, 11, 2)),
        book(portfolio.reading, "3-1", "10000"),
    ]
    unit = MunicipalUnitFactory(municipality=tenants.home, name="NAV Fredrikstad")
    measure_services.staff_allocation_add(
        by=None, measure=portfolio.snuplassen, year=2024, share=Decimal(50), unit=unit
    )
    measure_services.staff_allocation_add(
        by=None, measure=portfolio.reading, year=2024, share=Decimal(20), unit=unit
    )
    budgets.staff_cost_set(
        by=None, municipality=tenants.home, year=2024, cost_per_fte=Decimal("800000")
    )
    return Booked(money, transactions)


def test_statement_figures_per_source(booked: Booked) -> None:
    money = booked.money
    statement = statements.statement_for(
        programme=money.portfolio.setup.programme, year=2024, as_of=AFTER_THE_YEAR
    )
    by_code = {line.source.code: line for line in statement.sources}
    assert list(by_code) == ["KDD", "KOM"]
    state, municipal = by_code["KDD"], by_code["KOM"]
    # Snuplassen's 153 333.33 splits 3 : 1; the øre left by rounding goes to KDD.
    assert (state.row.granted, state.row.figures.allocated) == (Decimal(500000), Decimal(450000))
    assert state.row.figures.spent == Decimal("115000.00") + Decimal("79500.25")
    assert state.row.remaining == Decimal("305499.75")
    assert state.row.carried_over == Decimal(0)  # KDD does not allow carrying over
    assert municipal.row.figures.spent == Decimal("38333.33") + Decimal("10000")
    assert municipal.row.remaining == Decimal("251666.67")
    assert municipal.row.carried_over == Decimal("251666.67")
    assert {line.measure.pk: (line.allocated, line.spent) for line in state.measures} == {
        money.portfolio.snuplassen.pk: (Decimal(300000), Decimal("115000.00")),
        money.portfolio.meeting_places.pk: (Decimal(150000), Decimal("79500.25")),
    }
    subs = [
        (line.sub_programme.name if line.sub_programme else None, line.allocated, line.spent)
        for line in municipal.sub_programmes
    ]
    assert subs == [
        ("Bo og nærmiljø", Decimal(170000), Decimal("10000.00")),  # 20 000 undistributed
        ("Sysselsetting", Decimal(100000), Decimal("38333.33")),
    ]
    co_funding = statement.finance.co_funding
    assert (co_funding.local, co_funding.total, co_funding.share) == (
        Decimal(270000),
        Decimal(720000),
        Decimal("37.5"),
    )
    assert [(item.measure.pk, item.fte, item.value) for item in statement.in_kind] == [
        (money.portfolio.reading.pk, Decimal("0.2"), Decimal("160000.00")),
        (money.portfolio.snuplassen.pk, Decimal("0.5"), Decimal("400000.00")),
    ]


def test_statement_reconciles_with_the_ledger_to_the_ore(booked: Booked) -> None:
    programme = booked.money.portfolio.setup.programme
    statement = statements.statement_for(programme=programme, year=2024, as_of=AFTER_THE_YEAR)
    ledger = sum((row.amount for row in booked.transactions), Decimal(0))
    measures = sum((row.figures.spent for row in statement.finance.measures), Decimal(0))
    by_source = sum((line.row.figures.spent for line in statement.sources), Decimal(0))
    by_sub_programme = sum(
        (sub.spent for line in statement.sources for sub in line.sub_programmes), Decimal(0)
    )
    assert ledger == measures == by_source == by_sub_programme == Decimal("242833.58")
    for line in statement.sources:
        assert sum((m.spent for m in line.measures), Decimal(0)) == line.row.figures.spent


def test_spending_no_source_pays_is_shown_and_still_reconciles(booked: Booked) -> None:
    portfolio = booked.money.portfolio
    orphan = measure_services.measure_create(
        programme=portfolio.setup.programme, title="Uten midler", sub_programme=None
    )
    Measure.objects.filter(pk=orphan.pk).update(project_code="P-900")
    orphan.refresh_from_db()
    book(orphan, "9-1", "999.99")
    statement = statements.statement_for(
        programme=portfolio.setup.programme, year=2024, as_of=AFTER_THE_YEAR
    )
    record = statements.statement_record(statement)
    assert record["totals"]["unfunded_spending"] == Decimal("999.99")
    assert record["totals"]["measures_spent"] == Decimal("242833.58") + Decimal("999.99")
    assert (
        record["totals"]["spent"] + record["totals"]["unfunded_spending"]
        == (record["totals"]["measures_spent"])
    )


def test_one_source_only(booked: Booked) -> None:
    money = booked.money
    statement = statements.statement_for(
        programme=money.portfolio.setup.programme, year=2024, source=money.municipal
    )
    assert [line.source.code for line in statement.sources] == ["KOM"]


def test_earlier_versions_of_the_grant_are_kept(booked: Booked) -> None:
    money = booked.money
    sources.source_amount_set(
        by=None, source=money.state, year=2024, amount=Decimal("550000"), reason="Tilleggsbrev"
    )
    statement = statements.statement_for(
        programme=money.portfolio.setup.programme, year=2024, source=money.state
    )
    line = statement.sources[0]
    assert [(a.version, a.amount) for a in line.versions] == [
        (1, Decimal("500000.00")),
        (2, Decimal("550000.00")),
    ]
    assert line.row.granted == Decimal("550000.00")
    assert line.row.version == 2
    assert [a.version for a in line.earlier_versions] == [1]
    record = statements.statement_record(statement)
    assert [v["amount"] for v in record["sources"][0]["versions"]] == [
        Decimal("500000.00"),
        Decimal("550000.00"),
    ]


def test_dumps_writes_decimals_exactly() -> None:
    record = {"a": Decimal("500000.00"), "b": [Decimal("0.10"), Decimal("-12.5")], "c": 'x"y'}
    text = statements.dumps(record)
    assert '"a": 500000.00' in text
    assert json.loads(text, parse_float=Decimal) == record
    assert json.loads(statements.dumps(record, indent=None), parse_float=Decimal) == record
    with pytest.raises(ValueError, match="finite"):
        statements.dumps({"a": Decimal("NaN")})


def test_xlsx_holds_the_numbers(booked: Booked) -> None:
    from openpyxl import load_workbook

    programme = booked.money.portfolio.setup.programme
    export = statements.statement_export(
        programme=programme, year=2024, file_format="xlsx", as_of=AFTER_THE_YEAR
    )
    assert export.file_name.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(export.content))
    assert workbook.sheetnames == ["Sammendrag", "KDD", "KOM"]
    summary = workbook["Sammendrag"]
    rows = {row[0].value: row for row in summary.iter_rows() if row[0].value in ("KDD", "KOM")}
    kdd = rows["KDD"]
    assert [cell.value for cell in kdd[2:6]] == [500000, 450000, 194500.25, 305499.75]
    assert all(cell.number_format == "#,##0.00" for cell in kdd[2:7])
    headers = next(row for row in summary.iter_rows() if row[0].value == "Kilde")
    assert all(cell.font.bold for cell in headers if cell.value)
    state_sheet = workbook["KDD"]
    spent = {
        row[0].value: row[2].value
        for row in state_sheet.iter_rows()
        if row[0].value in ("NAV Snuplassen", "Nærmiljøarenaer")
    }
    assert spent == {"NAV Snuplassen": 115000, "Nærmiljøarenaer": 79500.25}


def test_synthetic_figures_are_marked_everywhere(booked: Booked) -> None:
    from openpyxl import load_workbook

    programme = booked.money.portfolio.setup.programme
    Transaction.objects.filter(key="1-1").update(synthetic=True)
    statement = statements.statement_for(programme=programme, year=2024)
    assert statements.statement_record(statement)["synthetic"] is True
    assert "synthetic" in statements.statement_text(statement)
    export = statements.statement_export(programme=programme, year=2024, file_format="xlsx")
    summary = load_workbook(io.BytesIO(export.content))["Sammendrag"]
    texts = [row[0].value or "" for row in summary.iter_rows()]
    assert any(text.startswith("Syntetiske tall") for text in texts)
    html = statements.statement_html(statement, language="nb")
    assert "Syntetiske tall" in html


def test_pdf(booked: Booked) -> None:
    pytest.importorskip("weasyprint")
    programme = booked.money.portfolio.setup.programme
    try:
        export = statements.statement_export(programme=programme, year=2024, file_format="pdf")
    except OSError as missing:  # pango or its fonts missing
        pytest.skip(f"WeasyPrint cannot render here: {missing}")
    assert export.content.startswith(b"%PDF")
    assert export.content_type == "application/pdf"
    assert b"/StructTreeRoot" in _inflated(export.content)  # tagged, for screen readers


def _inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams included) inflated."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"".join(parts)


def test_text_table(booked: Booked) -> None:
    programme = booked.money.portfolio.setup.programme
    text = statements.statement_text(
        statements.statement_for(programme=programme, year=2024, as_of=AFTER_THE_YEAR)
    )
    assert "KDD" in text
    assert "500 000.00" in text
    assert "194 500.25" in text
    assert "P-100" in text
