"""The money API: finance_actuals. Importing a general-ledger extract into the measures'
actual spending (the API's version of `omrade finance import-actuals` and the upload page).

`POST /api/municipalities/{code}/actuals?year=YYYY` with the file as multipart form data
(field `file`), a personal token or a browser session (with its CSRF token):

- 201 with the counts (read, added, already imported, unmatched skipped, sum added);
- 422 for a file that cannot be read: `errors` names the row and column
  (`{"file": ["Filen x.csv, rad 3, kolonne «Beløp»: ..."], "row": ["3"], "column": ["Beløp"]}`);
- 409 when lines have project codes that belong to no measure and `skip_unmatched` is false:
  `errors.unmatched` lists the first 20 (`"row 12: X9 (100.00 kr)"`), `detail` gives the count;
- 400 for a closed year; 403 without a role that may import; 404 for an unknown municipality or
  one the caller has no role in.

Nothing is written unless the answer is 201.
"""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from omrade.api.auth import SIGNED_IN
from omrade.api.errors import ApiError, ErrorOut
from omrade.common.params import Year
from omrade.finance.ledger import MAX_FILE_BYTES, Columns, LedgerError
from omrade.finance.permissions import can_import_actuals
from omrade.finance.services.actuals import UnmatchedProjectCodes, actuals_import
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import (
    is_platform_admin,
    municipality_by_code,
    municipality_ids_for_user,
)

router = Router(tags=["finance"])

ColumnName = Annotated[str, Field(max_length=100)]


class UnmatchedOut(Schema):
    row: int
    project_code: str
    amount: Decimal


class ActualsImportOut(Schema):
    id: int
    file_name: str
    year: int
    rows_read: int
    rows_added: int
    rows_known: int = Field(description="Lines imported earlier (same key): not counted again.")
    rows_unmatched: int = Field(description="Lines skipped: no measure has their project code.")
    total_added: Decimal
    unmatched: list[UnmatchedOut] = Field(description="The first 20 skipped lines.")


def _municipality(request: HttpRequest, code: str) -> Municipality:
    """404 for an unknown municipality or one the caller has no role in; 403 without a role
    that may import."""
    municipality = municipality_by_code(code)
    user = request.user
    if municipality is None or not (
        is_platform_admin(user) or municipality.pk in municipality_ids_for_user(user)
    ):
        raise HttpError(404, "Unknown municipality")
    if not can_import_actuals(user, municipality):
        raise HttpError(403, "You have no role in this municipality that may import actuals")
    return municipality


def _saved(upload: UploadedFile) -> Path:
    suffix = Path(upload.name or "").suffix[:10]
    handle, name = tempfile.mkstemp(prefix="omrade-actuals-", suffix=suffix)
    with os.fdopen(handle, "wb") as stream:
        for chunk in upload.chunks():
            stream.write(chunk)
    return Path(name)


@router.post(
    "/municipalities/{code}/actuals",
    response={201: ActualsImportOut, 409: ErrorOut},
    auth=SIGNED_IN,
)
def import_actuals(
    request: HttpRequest,
    code: str,
    year: Year,
    file: File[UploadedFile],
    skip_unmatched: bool = False,
    project_field: ColumnName = "",
    amount_field: ColumnName = "",
    date_field: ColumnName = "",
    account_field: ColumnName = "",
    text_field: ColumnName = "",
) -> Status:
    """Import a general-ledger extract (CSV or XLSX) for the year; see the module's docstring."""
    municipality = _municipality(request, code)
    if file.size is not None and file.size > MAX_FILE_BYTES:
        raise ApiError.invalid("file", f"The file is larger than {MAX_FILE_BYTES} bytes")
    file_name = Path(file.name or "").name or "upload"
    saved = _saved(file)
    try:
        result = actuals_import(
            by=request.user,
            municipality=municipality,
            year=year,
            path=saved,
            file_name=file_name,
            columns=Columns(
                project=project_field or None,
                amount=amount_field or None,
                date=date_field or None,
                account=account_field or None,
                text=text_field or None,
            ),
            skip_unmatched=skip_unmatched,
        )
    except LedgerError as error:
        errors = {"file": [error.message]}
        if error.row is not None:
            errors["row"] = [str(error.row)]
        if error.column is not None:
            errors["column"] = [error.column]
        raise ApiError(422, error.message, errors) from None
    except UnmatchedProjectCodes as refused:
        rows = [f"row {row.row}: {row.project_code} ({row.amount} kr)" for row in refused.rows]
        raise ApiError(409, refused.messages[0], {"unmatched": rows}) from None
    finally:
        saved.unlink(missing_ok=True)
    record = result.record
    return Status(
        201,
        ActualsImportOut(
            id=record.pk,
            file_name=record.file_name,
            year=record.year,
            rows_read=result.rows_read,
            rows_added=result.rows_added,
            rows_known=result.rows_known,
            rows_unmatched=result.rows_unmatched,
            total_added=result.total_added,
            unmatched=[
                UnmatchedOut(row=row.row, project_code=row.project_code, amount=row.amount)
                for row in result.unmatched
            ],
        ),
    )
