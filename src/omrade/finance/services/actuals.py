"""Writes for the actuals: reading the accounts' general-ledger extract (hovedbokutdrag) into
the measures' transactions.

A line is matched to a measure by its project code; its key (see `finance.ledger`) is stored
per municipality and year, so importing the same file again, or an extract whose period
overlaps an earlier one, never counts a line twice. (Within one file the reader refuses a line
that is there twice, so every key of a file is distinct.)

An import is all or nothing: a bad row (`LedgerError`, naming the file, row and column), lines
whose project code matches no measure (`UnmatchedProjectCodes`, unless they are to be skipped)
or a new line on a measure whose programme has closed the year (`ValidationError`) leave the
database as it was. A line already imported may sit on a closed year: only new lines change
it. The import runs in one database transaction and writes batches of 5,000 straight into the
transaction table (executemany; COPY on PostgreSQL), without a model instance per line: a
million lines take seconds (`omrade bench finance-import`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from omrade.common.audit import audit_record
from omrade.common.permissions import require
from omrade.finance.ledger import Columns, LedgerError, LedgerRow, read_ledger
from omrade.finance.models import ActualsImport, ClosedYear, Transaction
from omrade.finance.permissions import can_import_actuals
from omrade.finance.selectors import measures_by_project_code
from omrade.finance.services.checks import actor_id
from omrade.portfolio.models import Measure
from omrade.programmes.models import YEAR_VALIDATORS
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser

__all__ = [
    "BATCH_SIZE",
    "UNMATCHED_LISTED",
    "ImportResult",
    "LedgerError",
    "UnmatchedProjectCodes",
    "UnmatchedRow",
    "actuals_import",
    "actuals_import_rows",
    "file_checksum",
]

BATCH_SIZE = 5000  # rows per INSERT round trip
UNMATCHED_LISTED = 20  # how many unmatched rows a refusal or a result lists

# Column widths of Transaction (kept in step by a test).
_ACCOUNT_WIDTH = 40
_TEXT_WIDTH = 500
_KEY_WIDTH = 100
_INSERTED_FIELDS = (
    "municipality",
    "measure",
    "year",
    "booked_on",
    "amount",
    "project_code",
    "account",
    "text",
    "key",
    "source_import",
    "synthetic",
)


@dataclass(frozen=True)
class UnmatchedRow:
    """A ledger line whose project code belongs to no measure of the municipality."""

    row: int
    project_code: str
    amount: Decimal


@dataclass
class ImportResult:
    rows_read: int
    rows_added: int
    rows_known: int  # already imported earlier (same key, same municipality and year)
    rows_unmatched: int  # skipped: no measure has the project code
    total_added: Decimal
    record: ActualsImport
    unmatched: list[UnmatchedRow] = field(default_factory=list)  # the first 20


class UnmatchedProjectCodes(ValidationError):
    """Lines whose project code matches no measure, when they were not to be skipped."""

    def __init__(self, *, file: str, count: int, rows: list[UnmatchedRow]) -> None:
        self.file = file
        self.count = count
        self.rows = rows
        listed = ", ".join(
            _("rad %(row)s (%(code)s, %(amount)s kr)")
            % {"row": row.row, "code": row.project_code, "amount": row.amount}
            for row in rows
        )
        message = ngettext(
            "Filen %(file)s: %(count)s linje har et prosjektnummer som ikke hører til noe "
            "tiltak: %(rows)s. Gi tiltaket prosjektnummeret, eller hopp over linjer uten tiltak.",
            "Filen %(file)s: %(count)s linjer har et prosjektnummer som ikke hører til noe "
            "tiltak: %(rows)s. Gi tiltakene prosjektnumrene, eller hopp over linjer uten tiltak.",
            count,
        ) % {"file": file, "count": count, "rows": listed}
        super().__init__(message, code="unmatched")


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _checked_year(year: int) -> int:
    try:
        for validator in YEAR_VALIDATORS:
            validator(year)
    except ValidationError as error:
        raise ValidationError({"year": error.messages}) from None
    return year


def _stored_key(key: str) -> str:
    """The reader's key, or a digest of it when it is longer than the column."""
    if len(key) <= _KEY_WIDTH:
        return key
    return "k:" + hashlib.sha256(key.encode()).hexdigest()


def _table_and_columns() -> tuple[str, str]:
    meta = Transaction._meta
    column_of = {field.name: str(field.column) for field in meta.concrete_fields}
    columns = ", ".join(connection.ops.quote_name(column_of[name]) for name in _INSERTED_FIELDS)
    return connection.ops.quote_name(meta.db_table), columns


def transaction_insert_sql() -> str:
    """INSERT of one transaction, the values in the order of `_INSERTED_FIELDS`."""
    table, columns = _table_and_columns()
    marks = ", ".join(["%s"] * len(_INSERTED_FIELDS))
    # Names from the model's own metadata, values as parameters: nothing from the file.
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608


def _batch_writer(cursor: Any) -> Callable[[list[tuple[Any, ...]]], None]:
    """Inserts a batch of transactions: PostgreSQL's COPY (executemany there costs a round trip
    per row), else one executemany."""
    if connection.vendor == "postgresql":
        table, columns = _table_and_columns()
        copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        raw = cursor.cursor  # psycopg's own cursor under Django's wrapper

        def copy_batch(batch: list[tuple[Any, ...]]) -> None:
            with raw.copy(copy_sql) as copy:
                for values in batch:
                    copy.write_row(values)

        return copy_batch
    sql = transaction_insert_sql()

    def insert_batch(batch: list[tuple[Any, ...]]) -> None:
        cursor.executemany(sql, batch)

    return insert_batch


def _closed_measures(municipality: Municipality, year: int) -> dict[int, str]:
    """Measure id → its programme's name, for the measures whose programme closed the year."""
    closed = ClosedYear.objects.filter(programme__municipality=municipality, year=year)
    rows = Measure.objects.filter(
        municipality=municipality, programme__in=closed.values("programme")
    ).values_list("pk", "programme__name")
    return dict(rows)


@transaction.atomic
def actuals_import_rows(
    *,
    by: AnyUser | None,
    municipality: Municipality,
    year: int,
    rows: Iterable[LedgerRow],
    file_name: str,
    checksum: str = "",
    skip_unmatched: bool = False,
    synthetic: bool = False,
) -> ImportResult:
    """Store the ledger lines of `rows` (already read, or read as they are consumed) as the
    measures' transactions of `year`; see the module's docstring for what is refused."""
    require(can_import_actuals, by, municipality)
    _checked_year(year)
    # One import at a time per municipality: the known keys read below cannot go stale.
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    record = ActualsImport.objects.create(
        municipality=municipality,
        year=year,
        file_name=file_name[:255],
        checksum=checksum,
        imported_by_id=actor_id(by),
    )
    codes = measures_by_project_code(municipality)
    closed = _closed_measures(municipality, year)
    known = set(
        Transaction.objects.filter(municipality=municipality, year=year).values_list(
            "key", flat=True
        )
    )
    municipality_id, record_id = municipality.pk, record.pk
    read = added = known_count = unmatched_count = 0
    unmatched: list[UnmatchedRow] = []
    total = Decimal("0.00")
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        write = _batch_writer(cursor)
        for row in rows:
            read += 1
            measure_id = codes.get(row.project_code)
            if measure_id is None:
                unmatched_count += 1
                if len(unmatched) < UNMATCHED_LISTED:
                    unmatched.append(UnmatchedRow(row.row, row.project_code, row.amount))
                continue
            key = row.key if len(row.key) <= _KEY_WIDTH else _stored_key(row.key)
            if key in known:
                known_count += 1
                continue
            if measure_id in closed:
                raise ValidationError(
                    {
                        "year": _(
                            "Filen %(file)s, rad %(row)s: %(year)s er avsluttet for programmet "
                            "«%(programme)s», og linjen er ny. Åpne året igjen først."
                        )
                        % {
                            "file": file_name,
                            "row": row.row,
                            "year": year,
                            "programme": closed[measure_id],
                        }
                    }
                )
            account = row.account
            if len(account) > _ACCOUNT_WIDTH:
                raise LedgerError(
                    _("kontoen har mer enn %(width)s tegn.") % {"width": _ACCOUNT_WIDTH},
                    file=file_name,
                    row=row.row,
                    column="account",
                )
            known.add(key)
            total += row.amount
            batch.append(
                (
                    municipality_id,
                    measure_id,
                    year,
                    row.booked_on,
                    row.amount,
                    row.project_code,
                    account,
                    row.text[:_TEXT_WIDTH],
                    key,
                    record_id,
                    synthetic,
                )
            )
            if len(batch) >= BATCH_SIZE:
                write(batch)
                added += len(batch)
                batch = []
        if unmatched_count and not skip_unmatched:
            raise UnmatchedProjectCodes(file=file_name, count=unmatched_count, rows=unmatched)
        if batch:
            write(batch)
            added += len(batch)
    record.rows_read, record.rows_added = read, added
    record.rows_known, record.rows_unmatched = known_count, unmatched_count
    record.save(update_fields=["rows_read", "rows_added", "rows_known", "rows_unmatched"])
    counts = {
        "rows_read": read,
        "rows_added": added,
        "rows_known": known_count,
        "rows_unmatched": unmatched_count,
        "total_added": str(total),
    }
    audit_record(
        municipality=municipality,
        actor=by,
        action="finance.actuals_import",
        obj=record,
        summary=_(
            "%(file)s (%(year)s): %(read)s linjer lest, %(added)s nye, %(known)s alt innlest, "
            "%(unmatched)s uten tiltak; %(total)s kr lagt til"
        )
        % {
            "file": file_name,
            "year": year,
            "read": read,
            "added": added,
            "known": known_count,
            "unmatched": unmatched_count,
            "total": total,
        },
        changes={name: [None, value] for name, value in counts.items()},
    )
    return ImportResult(
        rows_read=read,
        rows_added=added,
        rows_known=known_count,
        rows_unmatched=unmatched_count,
        total_added=total,
        record=record,
        unmatched=unmatched,
    )


def actuals_import(
    *,
    by: AnyUser | None,
    municipality: Municipality,
    year: int,
    path: Path,
    file_name: str | None = None,
    columns: Columns | None = None,
    skip_unmatched: bool = False,
    synthetic: bool = False,
) -> ImportResult:
    """Read a general-ledger extract (CSV or XLSX) at `path` into the measures' transactions
    of `year`. `file_name` names the file in messages and in the import's record (an upload's
    own name rather than its temporary path). Raises `LedgerError` for a bad file,
    `UnmatchedProjectCodes` for lines without a measure unless `skip_unmatched`, and
    `ValidationError` for a closed year; nothing is written then."""
    require(can_import_actuals, by, municipality)
    label = file_name or path.name
    _checked_year(year)
    rows = read_ledger(path, columns or Columns(), year=year, label=label)
    return actuals_import_rows(
        by=by,
        municipality=municipality,
        year=year,
        rows=rows,
        file_name=label,
        checksum=file_checksum(path),
        skip_unmatched=skip_unmatched,
        synthetic=synthetic,
    )
