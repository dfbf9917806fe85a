"""Importing the accounts' actual spending: idempotent re-imports, overlapping periods,
unmatched project codes, closed years and who may import."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from omrade.common.models import AuditEntry
from omrade.finance.ledger import Columns, LedgerError, read_ledger
from omrade.finance.models import ActualsImport, ClosedYear, Transaction
from omrade.finance.services import actuals
from omrade.finance.services.actuals import UnmatchedProjectCodes
from omrade.tenancy.models import Role
from tests.conftest import Tenants
from tests.finance.actuals_helpers import amount_of, give_codes, lines, write_csv
from tests.finance.conftest import Money

pytestmark = pytest.mark.django_db


def run(money: Money, path: Path, **kwargs) -> actuals.ImportResult:
    options = {"by": None, "year": 2024, "skip_unmatched": False} | kwargs
    return actuals.actuals_import(
        municipality=money.portfolio.setup.programme.municipality, path=path, **options
    )


def stored() -> list[tuple[str, Decimal]]:
    return sorted(Transaction.objects.values_list("key", "amount"))


def test_import_twice_adds_nothing_the_second_time(money: Money, tmp_path: Path) -> None:
    give_codes(money)
    made = lines(300)
    path = write_csv(tmp_path / "hovedbok.csv", made)
    first = run(money, path)
    assert (first.rows_read, first.rows_added, first.rows_known) == (300, 300, 0)
    file_sum = sum((amount_of(line) for line in made), Decimal(0))
    # The sum reconciles to the øre with the file, in Python's Decimal, not the database's sum.
    assert sum(Transaction.objects.values_list("amount", flat=True), Decimal(0)) == file_sum
    assert first.total_added == file_sum
    second = run(money, path)
    assert (second.rows_read, second.rows_added, second.rows_known) == (300, 0, 300)
    assert second.total_added == Decimal(0)
    assert Transaction.objects.count() == 300
    assert sum(Transaction.objects.values_list("amount", flat=True), Decimal(0)) == file_sum
    records = list(ActualsImport.objects.order_by("id"))
    assert [(r.rows_added, r.rows_known) for r in records] == [(300, 0), (0, 300)]
    assert records[0].checksum == records[1].checksum
    assert len(records[0].checksum) == 64
    assert AuditEntry.objects.filter(action="finance.actuals_import").count() == 2
    snuplassen = Transaction.objects.filter(measure=money.portfolio.snuplassen)
    assert set(snuplassen.values_list("project_code", flat=True)) == {"P100"}


def test_overlapping_period_adds_only_the_new_lines(money: Money, tmp_path: Path) -> None:
    give_codes(money)
    january = lines(100)
    run(money, write_csv(tmp_path / "jan.csv", january))
    overlapping = january[50:] + lines(70, start=100)
    result = run(money, write_csv(tmp_path / "jan-feb.csv", overlapping))
    assert (result.rows_read, result.rows_added, result.rows_known) == (120, 70, 50)
    assert result.total_added == sum((amount_of(line) for line in lines(70, start=100)), Decimal(0))
    assert Transaction.objects.count() == 170


def test_a_line_twice_in_one_file_is_refused(money: Money, tmp_path: Path) -> None:
    """A voucher's line is booked once: the reader refuses a file holding it twice, with both
    rows named, and nothing is written."""
    give_codes(money)
    made = lines(4)
    made.append(made[1])
    with pytest.raises(LedgerError) as error:
        run(money, write_csv(tmp_path / "dup.csv", made))
    assert error.value.row == 6
    assert "rad 3" in error.value.message
    assert Transaction.objects.count() == 0
    assert ActualsImport.objects.count() == 0


def test_unmatched_refused_and_listed_nothing_written(money: Money, tmp_path: Path) -> None:
    give_codes(money)
    made = lines(10) + lines(25, start=10, codes=("X9",))
    with pytest.raises(UnmatchedProjectCodes) as refusal:
        run(money, write_csv(tmp_path / "ukjent.csv", made))
    assert refusal.value.count == 25
    assert len(refusal.value.rows) == 20
    assert refusal.value.rows[0].row == 12  # header is row 1, the 11th line is row 12
    assert refusal.value.rows[0].project_code == "X9"
    assert "ukjent.csv" in refusal.value.messages[0]
    assert "25" in refusal.value.messages[0]
    assert Transaction.objects.count() == 0
    assert ActualsImport.objects.count() == 0
    assert not AuditEntry.objects.filter(action="finance.actuals_import").exists()


def test_skip_unmatched_writes_the_matched(money: Money, tmp_path: Path) -> None:
    give_codes(money)
    matched = lines(10)
    made = matched + lines(3, start=10, codes=("X9",))
    result = run(money, write_csv(tmp_path / "delvis.csv", made), skip_unmatched=True)
    assert (result.rows_read, result.rows_added, result.rows_unmatched) == (13, 10, 3)
    assert [row.project_code for row in result.unmatched] == ["X9"] * 3
    assert Transaction.objects.count() == 10
    assert result.record.rows_unmatched == 3


def test_closed_year_refused(money: Money, tmp_path: Path) -> None:
    give_codes(money)
    ClosedYear.objects.create(programme=money.portfolio.setup.programme, year=2024)
    with pytest.raises(ValidationError, match="avsluttet"):
        run(money, write_csv(tmp_path / "hovedbok.csv", lines(5)))
    assert Transaction.objects.count() == 0
    assert ActualsImport.objects.count() == 0


def test_closed_year_still_accepts_a_reimport_that_adds_nothing(
    money: Money, tmp_path: Path
) -> None:
    """Only new lines change a closed year: the same extract read again is harmless."""
    give_codes(money)
    path = write_csv(tmp_path / "hovedbok.csv", lines(5))
    run(money, path)
    ClosedYear.objects.create(programme=money.portfolio.setup.programme, year=2024)
    assert run(money, path).rows_known == 5
    assert Transaction.objects.count() == 5


def test_bad_row_writes_nothing(money: Money, tmp_path: Path) -> None:
    give_codes(money)
    made = lines(20)
    made[15] = (*made[15][:6], "tolv kroner")
    with pytest.raises(LedgerError) as error:
        run(money, write_csv(tmp_path / "feil.csv", made))
    assert (error.value.file, error.value.row) == ("feil.csv", 17)
    assert Transaction.objects.count() == 0
    assert ActualsImport.objects.count() == 0


def test_date_outside_the_year_refused(money: Money, tmp_path: Path) -> None:
    give_codes(money)
    with pytest.raises(LedgerError):
        run(money, write_csv(tmp_path / "hovedbok.csv", lines(5)), year=2025)
    assert Transaction.objects.count() == 0


def test_column_names_chosen_by_the_user(money: Money, tmp_path: Path) -> None:
    give_codes(money)
    header = "Prosj;Dato;Art;Tekst;Bilagsnr;Linje;Sum"
    path = write_csv(tmp_path / "egen.csv", lines(4), header=header)
    result = run(money, path, columns=Columns(project="Prosj", amount="Sum"))
    assert result.rows_added == 4


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.FINANCE_OFFICER, True),
        (Role.PROGRAMME_MANAGER, True),
        (Role.MUNICIPAL_ADMIN, True),
        (Role.VIEWER, False),
        (Role.COORDINATOR, False),
        (Role.BOARD_MEMBER, False),
    ],
)
def test_who_may_import(
    money: Money, tenants: Tenants, tmp_path: Path, role: Role, allowed: bool
) -> None:
    give_codes(money)
    path = write_csv(tmp_path / "hovedbok.csv", lines(3))
    if allowed:
        assert run(money, path, by=tenants.users[role]).rows_added == 3
        assert ActualsImport.objects.get().imported_by == tenants.users[role]
    else:
        with pytest.raises(PermissionDenied):
            run(money, path, by=tenants.users[role])
        assert Transaction.objects.count() == 0
        assert ActualsImport.objects.count() == 0


def test_another_municipalitys_admin_refused(
    money: Money, tenants: Tenants, tmp_path: Path
) -> None:
    give_codes(money)
    with pytest.raises(PermissionDenied):
        run(money, write_csv(tmp_path / "h.csv", lines(3)), by=tenants.other_admin)
    assert Transaction.objects.count() == 0


def test_synthetic_flag_stored(money: Money, tmp_path: Path) -> None:
    give_codes(money)
    run(money, write_csv(tmp_path / "demo.csv", lines(3)), synthetic=True)
    assert set(Transaction.objects.values_list("synthetic", flat=True)) == {True}


def test_rows_entry_point(money: Money, tmp_path: Path) -> None:
    give_codes(money)
    rows = list(read_ledger(write_csv(tmp_path / "h.csv", lines(6)), year=2024))
    result = actuals.actuals_import_rows(
        by=None,
        municipality=money.portfolio.setup.programme.municipality,
        year=2024,
        rows=rows,
        file_name="h.csv",
    )
    assert result.rows_added == 6
    assert sorted(Transaction.objects.values_list("key", flat=True)) == sorted(r.key for r in rows)


def test_column_widths_match_the_model() -> None:
    widths = {f.name: getattr(f, "max_length", None) for f in Transaction._meta.get_fields()}
    assert widths["account"] == actuals._ACCOUNT_WIDTH
    assert widths["text"] == actuals._TEXT_WIDTH
    assert widths["key"] == actuals._KEY_WIDTH


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    subset=st.lists(st.integers(min_value=0, max_value=39), unique=True, min_size=1, max_size=40)
)
def test_any_subset_then_the_whole_file_equals_the_whole_file(
    money: Money, tmp_path_factory: pytest.TempPathFactory, subset: list[int]
) -> None:
    give_codes(money)
    Transaction.objects.all().delete()
    ActualsImport.objects.all().delete()
    whole = lines(40)
    folder = tmp_path_factory.mktemp("subset")
    whole_path = write_csv(folder / "whole.csv", whole)
    once = [
        (row.key, row.amount) for row in read_ledger(whole_path, year=2024)
    ]  # what importing the whole file once stores
    run(money, write_csv(folder / "part.csv", [whole[index] for index in sorted(subset)]))
    run(money, whole_path)
    assert stored() == sorted(once)


def test_xlsx_extract(money: Money, tmp_path: Path) -> None:
    give_codes(money)
    book = Workbook()
    sheet = book.active
    sheet.append(["Prosjekt", "Bilagsdato", "Art", "Tekst", "Bilagsnr", "Linje", "Beløp"])
    sheet.append(["P100", date(2024, 3, 5), "10700", "Honorar", 9001, 1, 1234.5])
    sheet.append(["P300", date(2024, 3, 6), "10700", "Bøker", 9002, 1, -99.99])
    path = tmp_path / "hovedbok.xlsx"
    book.save(path)
    result = run(money, path)
    assert result.rows_added == 2
    assert result.total_added == Decimal("1134.51")
    assert sorted(Transaction.objects.values_list("amount", flat=True)) == [
        Decimal("-99.99"),
        Decimal("1234.50"),
    ]
