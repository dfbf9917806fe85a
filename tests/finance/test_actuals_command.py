"""`omrade finance import-actuals`: the summary, and exit code 2 with nothing written for every
kind of bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from omrade.cli import main
from omrade.finance.models import ActualsImport, Transaction
from tests.finance.actuals_helpers import HEADER, give_codes, lines, write_csv
from tests.finance.conftest import Money

pytestmark = pytest.mark.django_db


def import_actuals(path: Path, *extra: str, municipality: str = "3107") -> int:
    return main(
        [
            "finance",
            "import-actuals",
            str(path),
            "--municipality",
            municipality,
            "--year",
            "2024",
            *list(extra),
        ]
    )


def test_summary_and_reimport(money: Money, tmp_path: Path, capsys) -> None:
    give_codes(money)
    path = write_csv(tmp_path / "hovedbok.csv", lines(12))
    assert import_actuals(path) == 0
    out = capsys.readouterr().out
    assert "12 read, 12 added, 0 already imported, 0 unmatched skipped" in out
    assert import_actuals(path) == 0
    assert "12 read, 0 added, 12 already imported" in capsys.readouterr().out
    assert Transaction.objects.count() == 12


def test_custom_fields_and_synthetic(money: Money, tmp_path: Path) -> None:
    give_codes(money)
    header = "Prosj;Dato;Art;Tekst;Bilagsnr;Linje;Sum"
    path = write_csv(tmp_path / "egen.csv", lines(3), header=header)
    extra = ("--project-field", "Prosj", "--amount-field", "Sum", "--date-field", "Dato")
    assert import_actuals(path, *extra, "--account-field", "Art", "--synthetic") == 0
    assert list(Transaction.objects.values_list("synthetic", flat=True)) == [True] * 3


def test_unmatched_lists_the_rows_and_skip_unmatched_imports(
    money: Money, tmp_path: Path, capsys
) -> None:
    give_codes(money)
    path = write_csv(tmp_path / "h.csv", lines(4) + lines(30, start=4, codes=("Z1",)))
    assert import_actuals(path) == 2
    err = capsys.readouterr().err
    assert "30 line(s)" in err
    assert "row 6: project Z1" in err
    assert err.count("project Z1") == 20
    assert Transaction.objects.count() == 0
    assert import_actuals(path, "--skip-unmatched") == 0
    assert "30 unmatched skipped" in capsys.readouterr().out
    assert Transaction.objects.count() == 4


def test_unknown_municipality(money: Money, tmp_path: Path, capsys) -> None:
    give_codes(money)
    path = write_csv(tmp_path / "h.csv", lines(2))
    assert import_actuals(path, municipality="9999") == 2
    assert "9999" in capsys.readouterr().err
    assert Transaction.objects.count() == 0


def _line(amount: str = "100,00", project: str = "P100", voucher: int = 77) -> str:
    return f"{project};05.01.2024;10700;Faktura;{voucher};1;{amount}"


BAD_FILES: dict[str, tuple[bytes, str]] = {
    # name: (content, what stderr must name)
    "wrong_delimiter": (
        ("\n".join([HEADER.replace(";", "|"), _line().replace(";", "|")]) + "\n").encode(),
        "wrong_delimiter.csv",
    ),
    "text_in_amounts": (
        ("\n".join([HEADER, _line(), _line("hundre kroner", voucher=78)]) + "\n").encode(),
        "rad 3",
    ),
    "unknown_project_codes": (
        ("\n".join([HEADER, _line(), _line(project="UKJENT", voucher=78)]) + "\n").encode(),
        "project UKJENT",
    ),
    # A voucher's line twice (an identical line twice): a broken export, both rows named.
    "duplicate_lines": (("\n".join([HEADER, _line(), _line()]) + "\n").encode(), "rad 2"),
    "empty": (b"", "empty.csv"),
    "header_only": ((HEADER + "\n").encode(), "header_only.csv"),
    "wrong_encoding": (
        ("\n".join([HEADER, _line(), "P100;05.01.2024;10700;Møte \x80\x81;78;1;5,00"]) + "\n")
        .encode("latin-1", errors="strict")
        .replace(b"\xc3", b"\x81"),
        "wrong_encoding.csv",
    ),
    "utf16_without_bom": (
        ("\n".join([HEADER, _line()]) + "\n").encode("utf-16-le"),
        "utf16_without_bom.csv",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_exit_2_and_write_nothing(
    money: Money, tmp_path: Path, capsys, name: str
) -> None:
    give_codes(money)
    good = write_csv(tmp_path / "good.csv", lines(5))
    assert import_actuals(good) == 0
    before = Transaction.objects.count()
    imports_before = ActualsImport.objects.count()
    capsys.readouterr()
    content, named = BAD_FILES[name]
    path = tmp_path / f"{name}.csv"
    path.write_bytes(content)
    assert import_actuals(path) == 2
    err = capsys.readouterr().err
    assert named in err
    assert f"{name}.csv" in err
    assert Transaction.objects.count() == before
    assert ActualsImport.objects.count() == imports_before


def test_missing_file_exit_2(money: Money, tmp_path: Path, capsys) -> None:
    assert import_actuals(tmp_path / "finnes-ikke.csv") == 2
    assert "finnes-ikke.csv" in capsys.readouterr().err
