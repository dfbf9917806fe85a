"""Money pages: the funder's statement (regnskapsoppstilling) of a programme's year, per source
or for all of them, as a page and as XLSX and PDF downloads — all in the municipality's
language. Readers of all the programme's money only (`can_view_all_finance`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import override

from omrade.finance import statement as statements
from omrade.finance.models import FundingSource
from omrade.finance.permissions import can_view_all_finance
from omrade.finance.selectors import finance_year_choice
from omrade.programmes.models import Programme
from omrade.tenancy.access import get_in_municipality, municipality_view
from omrade.tenancy.models import Municipality


def _programme(request: HttpRequest, municipality: Municipality, pk: int) -> Programme:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    if not can_view_all_finance(request.user, programme):
        raise PermissionDenied
    return programme


def _source(programme: Programme, query: QueryDict) -> FundingSource | None:
    """?source=CODE: one source; empty or absent: all of them; an unknown code is a 404."""
    code = query.get("source", "").strip()
    if not code:
        return None
    source = FundingSource.objects.filter(programme=programme, code=code).first()
    if source is None:
        raise Http404
    return source


@municipality_view()
def statement_page(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = _programme(request, municipality, pk)
    choice = finance_year_choice(programme, request.GET)
    source = _source(programme, request.GET)
    language = statements.statement_language(programme)
    with override(language):
        statement = statements.statement_for(programme=programme, year=choice.year, source=source)
        document_title = statements.title_of(statement)
        synthetic_note = statements.synthetic_note()
        currency_name = statements.currency_name(statement)
    return render(
        request,
        "finance/statement.html",
        {
            "municipality": municipality,
            "programme": programme,
            "choice": choice,
            "statement": statement,
            "source": source,
            "sources": FundingSource.objects.filter(programme=programme).order_by("code"),
            "language": language,
            "document_title": document_title,
            "document_language": municipality.get_default_language_display(),
            "currency_name": currency_name,
            "synthetic_note": synthetic_note,
        },
        status=choice.status,
    )


def _export(
    request: HttpRequest, municipality: Municipality, pk: int, file_format: str
) -> HttpResponse:
    programme = _programme(request, municipality, pk)
    choice = finance_year_choice(programme, request.GET)
    if choice.error:
        raise Http404
    export = statements.statement_export(
        programme=programme,
        year=choice.year,
        file_format=file_format,
        source=_source(programme, request.GET),
    )
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
    return response


@municipality_view()
def statement_xlsx(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    return _export(request, municipality, pk, "xlsx")


@municipality_view()
def statement_pdf(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    return _export(request, municipality, pk, "pdf")


urlpatterns: list[URLPattern] = [
    path(
        "programmes/<int:pk>/finance/statement/",
        statement_page,
        name="statement",
    ),
    path(
        "programmes/<int:pk>/finance/statement/xlsx/",
        statement_xlsx,
        name="statement_xlsx",
    ),
    path(
        "programmes/<int:pk>/finance/statement/pdf/",
        statement_pdf,
        name="statement_pdf",
    ),
]
