"""Money pages: actuals. The municipality's upload of a general-ledger extract (the page's
version of `omrade finance import-actuals`), with its result or its refusal, and the earlier
imports. Only `can_import_actuals` (finance officers, structure editors) sees it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omrade.finance import selectors
from omrade.finance.ledger import MAX_FILE_BYTES, Columns, LedgerError
from omrade.finance.permissions import can_import_actuals
from omrade.finance.services.actuals import ImportResult, UnmatchedProjectCodes, actuals_import
from omrade.programmes.models import YEAR_VALIDATORS
from omrade.tenancy.access import municipality_view
from omrade.tenancy.models import Municipality

COLUMN_FIELDS = ("project_field", "amount_field", "date_field", "account_field", "text_field")


class ActualsImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Regnskapsutdrag (hovedbok)"),
        help_text=gettext_lazy(
            "CSV eller XLSX fra økonomisystemet, én linje per postering, med prosjektnummer, "
            "beløp og bilagsdato. Høyst 200 MB."
        ),
    )
    year = forms.IntegerField(label=gettext_lazy("Regnskapsår"), validators=YEAR_VALIDATORS)
    skip_unmatched = forms.BooleanField(
        label=gettext_lazy("Hopp over linjer med prosjektnummer som ikke hører til noe tiltak"),
        required=False,
        help_text=gettext_lazy("Ellers avvises hele filen og linjene listes."),
    )
    project_field = forms.CharField(
        label=gettext_lazy("Kolonne for prosjektnummer"), max_length=100, required=False
    )
    amount_field = forms.CharField(
        label=gettext_lazy("Kolonne for beløp"), max_length=100, required=False
    )
    date_field = forms.CharField(
        label=gettext_lazy("Kolonne for bilagsdato"), max_length=100, required=False
    )
    account_field = forms.CharField(
        label=gettext_lazy("Kolonne for art/konto"), max_length=100, required=False
    )
    text_field = forms.CharField(
        label=gettext_lazy("Kolonne for tekst"), max_length=100, required=False
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("Filen er for stor: høyst %(limit)s MB.")
                % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload

    def columns(self) -> Columns:
        data = self.cleaned_data
        return Columns(
            project=data["project_field"].strip() or None,
            amount=data["amount_field"].strip() or None,
            date=data["date_field"].strip() or None,
            account=data["account_field"].strip() or None,
            text=data["text_field"].strip() or None,
        )

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("file", "year", "skip_unmatched")]

    def column_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in COLUMN_FIELDS]

    def columns_given(self) -> bool:
        return any(self[name].value() for name in COLUMN_FIELDS) or any(
            self[name].errors for name in COLUMN_FIELDS
        )


def _saved_upload(upload: UploadedFile) -> Path:
    """The upload in a temporary file of its own (the reader wants a path); the caller
    deletes it."""
    suffix = Path(upload.name or "").suffix[:10]
    handle, name = tempfile.mkstemp(prefix="omrade-actuals-", suffix=suffix)
    with os.fdopen(handle, "wb") as stream:
        for chunk in upload.chunks():
            stream.write(chunk)
    return Path(name)


@municipality_view(can_import_actuals)
def actuals(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Upload a general-ledger extract; show what was added, or why nothing was."""
    initial = {"year": timezone.localdate().year}
    form = ActualsImportForm(request.POST or None, request.FILES or None, initial=initial)
    result: ImportResult | None = None
    unmatched: UnmatchedProjectCodes | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        saved = _saved_upload(upload)
        try:
            result = actuals_import(
                by=request.user,
                municipality=municipality,
                year=form.cleaned_data["year"],
                path=saved,
                file_name=Path(upload.name or "").name or saved.name,
                columns=form.columns(),
                skip_unmatched=form.cleaned_data["skip_unmatched"],
            )
        except LedgerError as error:
            form.add_error(None, error.message)
        except UnmatchedProjectCodes as refused:
            unmatched = refused
            form.add_error(
                None,
                _(
                    "%(count)s linjer i %(file)s har et prosjektnummer som ikke hører til noe "
                    "tiltak, så ingenting er lest inn. Se listen under."
                )
                % {"count": refused.count, "file": refused.file},
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        finally:
            saved.unlink(missing_ok=True)
    context: dict[str, Any] = {
        "municipality": municipality,
        "form": form,
        "result": result,
        "unmatched": unmatched,
        # The lines without a measure: refused (the file was not read in) or skipped.
        "unmatched_rows": unmatched.rows if unmatched else result.unmatched if result else [],
        "unmatched_count": unmatched.count if unmatched else result.rows_unmatched if result else 0,
        "imports": selectors.imports_of(municipality),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "finance/actuals.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("finance/actuals/", actuals, name="actuals"),
]
