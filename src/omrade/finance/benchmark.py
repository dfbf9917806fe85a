"""`omrade bench finance-import`: import a synthetic general-ledger extract of a million lines
through the actuals service, and time it against the floor.

Runs in a child process on its own database (a scratch SQLite file under var/ unless a
`--database-url` is given), so the user's data is never touched. The child makes a
municipality with one programme of 200 measures, each with a project code, writes the extract
(`;`, decimal comma, as Norwegian ERP systems export it) under var/, and times:

- the import end to end: `actuals_import` reading the file, matching, skipping known keys and
  inserting in one transaction, exactly what the command and the upload page do;
- the reading alone (`read_ledger`), to show where the time goes;
- the floor: the same rows, already parsed into tuples, inserted the simplest way
  (`executemany` in batches, in one transaction, without any checks) into the same, empty
  table (before the import; its rows are deleted again).
"""

from __future__ import annotations

import resource
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from omrade.common.benchmark import in_child, run_in_child

MEASURES = 200
YEAR = 2024


def run_import_benchmark(*, lines: int, database_url: str | None) -> dict[str, Any]:
    if not in_child():
        return run_in_child(
            ["finance-import", f"--lines={lines}"], database_url, "bench-finance.sqlite3"
        )
    return _measure(lines)


def write_extract(path: Path, *, lines: int, codes: list[str], year: int = YEAR) -> Decimal:
    """A general-ledger extract of `lines` lines spread over `codes`; returns its sum."""
    total = 0  # in øre
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.write("Prosjekt;Bilagsdato;Art;Tekst;Bilagsnr;Linje;Beløp\n")
        chunk: list[str] = []
        for number in range(lines):
            ore = (number * 7919) % 5_000_000 - 100_000  # −1 000,00 to 48 999,99 kr
            total += ore
            sign = "-" if ore < 0 else ""
            kroner, rest = divmod(abs(ore), 100)
            chunk.append(
                f"{codes[number % len(codes)]};{1 + number % 28:02d}.{1 + number % 12:02d}."
                f"{year};{10000 + number % 900};Faktura {number};{100000 + number // 4};"
                f"{number % 4 + 1};{sign}{kroner},{rest:02d}\n"
            )
            if len(chunk) == 10_000:
                stream.write("".join(chunk))
                chunk = []
        stream.write("".join(chunk))
    return Decimal(total) / 100


def _measure(lines: int) -> dict[str, Any]:
    from django.conf import settings
    from django.db import connection, transaction

    from omrade.finance.ledger import read_ledger
    from omrade.finance.models import Transaction
    from omrade.finance.services.actuals import BATCH_SIZE, actuals_import, transaction_insert_sql
    from omrade.portfolio.models import Measure
    from omrade.programmes.services.programme import programme_create
    from omrade.tenancy.models import Country
    from omrade.tenancy.services import municipality_create

    municipality = municipality_create(
        by=None, code="9001", name="Benchmark", country=Country.NORWAY
    )
    programme = programme_create(
        by=None, municipality=municipality, name="Benchmark", start_year=2020, end_year=2030
    )
    codes = [f"P{number:04d}" for number in range(MEASURES)]
    Measure.objects.bulk_create(
        Measure(
            municipality=municipality,
            programme=programme,
            title=f"Tiltak {code}",
            project_code=code,
        )
        for code in codes
    )
    extract = settings.VAR_DIR / "bench-finance-ledger.csv"
    extract.parent.mkdir(parents=True, exist_ok=True)
    sql = transaction_insert_sql()
    try:
        file_sum = write_extract(extract, lines=lines, codes=codes)

        started = time.perf_counter()
        rows = list(read_ledger(extract, year=YEAR))
        read_seconds = time.perf_counter() - started

        # The floor, first, into the empty table: the same rows as ready tuples, inserted
        # without any checks; then removed again, so the import starts from the same table.
        measure_of = dict(
            Measure.objects.filter(municipality=municipality).values_list("project_code", "pk")
        )
        tuples = [
            (
                municipality.pk,
                measure_of[row.project_code],
                YEAR,
                row.booked_on,
                row.amount,
                row.project_code,
                row.account,
                row.text,
                row.key,
                None,
                False,
            )
            for row in rows
        ]
        del rows
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            for start in range(0, len(tuples), BATCH_SIZE):
                cursor.executemany(sql, tuples[start : start + BATCH_SIZE])
        floor_seconds = time.perf_counter() - started
        del tuples
        table = connection.ops.quote_name(Transaction._meta.db_table)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - the model's own table

        started = time.perf_counter()
        result = actuals_import(
            by=None, municipality=municipality, year=YEAR, path=extract, file_name=extract.name
        )
        import_seconds = time.perf_counter() - started

        started = time.perf_counter()
        reimport = actuals_import(
            by=None, municipality=municipality, year=YEAR, path=extract, file_name=extract.name
        )
        reimport_seconds = time.perf_counter() - started
    finally:
        extract.unlink(missing_ok=True)

    stored = Transaction.objects.filter(municipality=municipality, year=YEAR)
    reconciled = sum(stored.values_list("amount", flat=True), Decimal(0)) == file_sum
    return {
        "database": connection.vendor,
        "lines": lines,
        "measures": MEASURES,
        "rows_added": result.rows_added,
        "sum_reconciles": reconciled and result.total_added == file_sum,
        "import_seconds": round(import_seconds, 3),
        "import_lines_per_second": round(lines / import_seconds),
        "reimport_seconds": round(reimport_seconds, 3),
        "reimport_rows_known": reimport.rows_known,
        "read_only_seconds": round(read_seconds, 3),
        "floor_insert_seconds": round(floor_seconds, 3),
        "floor_lines_per_second": round(lines / floor_seconds),
        "ratio_to_floor": round(import_seconds / floor_seconds, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
