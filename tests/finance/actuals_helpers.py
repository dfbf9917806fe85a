"""Ledger files for the actuals tests: measures with project codes and CSV extracts."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from tests.finance.conftest import Money

HEADER = "Prosjekt;Bilagsdato;Art;Tekst;Bilagsnr;Linje;Beløp"

# (project, date, account, text, voucher, line, amount with decimal comma)
Line = tuple[str, str, str, str, str, str, str]


def give_codes(money: Money) -> None:
    """Snuplassen P100, the meeting places P200, reading P300."""
    for measure, code in (
        (money.portfolio.snuplassen, "P100"),
        (money.portfolio.meeting_places, "P200"),
        (money.portfolio.reading, "P300"),
    ):
        measure.project_code = code
        measure.save(update_fields=["project_code"])


def lines(
    count: int, *, start: int = 0, codes: Sequence[str] = ("P100", "P200", "P300")
) -> list[Line]:
    """`count` distinct ledger lines of 2024, numbered from `start`."""
    made: list[Line] = []
    for number in range(start, start + count):
        amount = f"{(number * 7919) % 100000 - 5000},{number % 100:02d}"
        made.append(
            (
                codes[number % len(codes)],
                f"{1 + number % 28:02d}.{1 + number % 12:02d}.2024",
                "10700",
                f"Faktura {number}",
                str(5000 + number),
                "1",
                amount,
            )
        )
    return made


def write_csv(path: Path, rows: Sequence[Line], *, header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *(";".join(row) for row in rows)]) + "\n", encoding="utf-8")
    return path


def amount_of(line: Line) -> Decimal:
    return Decimal(line[6].replace(",", "."))
