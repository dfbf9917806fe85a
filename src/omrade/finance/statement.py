"""The funder's statement (regnskapsoppstilling til tilskuddsgiver): per source and year what
was granted (the version in force and the earlier ones), allocated and spent per sub-programme
and measure, carried over and remaining, the local co-funding achieved and the in-kind staff
time — built once from `selectors.finance_year` and written as a JSON record (the console
command and the API), a text table, an XLSX workbook and a PDF.

Amounts stay `Decimal` all the way: the JSON record writes them as numbers with their øre
(`500000.00`), never through a float. The documents (page, XLSX, PDF) are written in the
municipality's language, whatever language the user reads the site in.

WeasyPrint fetches nothing: the print template holds its CSS inline and the URL fetcher
refuses every URL.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from omrade.finance.models import Allocation, FundingKind, FundingSource, SourceAmount
from omrade.finance.selectors import (
    FinanceYear,
    MeasureYear,
    SourceYear,
    currency_label,
    finance_year,
)
from omrade.portfolio.models import Measure
from omrade.programmes.models import Programme, SubProgramme

ZERO = Decimal(0)
ORE = Decimal("0.01")
FILE_FORMATS = ("xlsx", "pdf")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
PRINT_TEMPLATE = "finance/statement_print.html"
MONEY_FORMAT = "#,##0.00"
FTE_FORMAT = "0.00"


# --- building the statement ----------------------------------------------------------------------


@dataclass(frozen=True)
class SubProgrammeLine:
    sub_programme: SubProgramme | None  # None: measures outside any sub-programme
    allocated: Decimal
    spent: Decimal

    @property
    def name(self) -> str:
        return self.sub_programme.name if self.sub_programme else _("Utenfor delprogram")


@dataclass(frozen=True)
class MeasureLine:
    measure: Measure
    allocated: Decimal
    spent: Decimal


@dataclass
class SourceStatement:
    row: SourceYear
    versions: list[SourceAmount]  # the year's amounts, oldest first; the last is in force
    sub_programmes: list[SubProgrammeLine]
    measures: list[MeasureLine]

    @property
    def source(self) -> FundingSource:
        return self.row.source

    @property
    def earlier_versions(self) -> list[SourceAmount]:
        return self.versions[:-1]

    @property
    def in_force(self) -> SourceAmount | None:
        return self.versions[-1] if self.versions else None


@dataclass(frozen=True)
class InKindMeasure:
    measure: Measure
    fte: Decimal
    value: Decimal


@dataclass
class Statement:
    finance: FinanceYear
    sources: list[SourceStatement]
    in_kind: list[InKindMeasure] = field(default_factory=list)

    @property
    def programme(self) -> Programme:
        return self.finance.programme

    @property
    def year(self) -> int:
        return self.finance.year

    @property
    def currency(self) -> str:
        return self.finance.currency

    @property
    def synthetic(self) -> bool:
        return self.finance.synthetic

    @property
    def granted(self) -> Decimal:
        return sum((line.row.granted for line in self.sources), ZERO)

    @property
    def allocated(self) -> Decimal:
        return sum((line.row.figures.allocated for line in self.sources), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((line.row.figures.spent for line in self.sources), ZERO)

    @property
    def remaining(self) -> Decimal:
        return sum((line.row.remaining for line in self.sources), ZERO)

    @property
    def carried_over(self) -> Decimal:
        return sum((line.row.carried_over for line in self.sources), ZERO)


def _measure_lines(finance: FinanceYear, source_id: int) -> list[MeasureLine]:
    return [
        MeasureLine(row.measure, row.by_source[source_id], row.spent_by_source.get(source_id, ZERO))
        for row in finance.measures
        if source_id in row.by_source
    ]


def _sub_programme_lines(
    finance: FinanceYear, row: SourceYear, undistributed: dict[int | None, Decimal]
) -> list[SubProgrammeLine]:
    """What the source allocated to and spent in each sub-programme, in the programme's order
    of sub-programmes (measures outside any sub-programme last)."""
    allocated: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
    for measure_row in finance.measures:
        if row.source.pk in measure_row.by_source:
            allocated[measure_row.measure.sub_programme_id] += measure_row.by_source[row.source.pk]
    for sub_id, amount in undistributed.items():
        allocated[sub_id] += amount
    wanted = set(allocated) | set(row.to_sub_programmes)
    subs = finance.programme.sub_programmes.order_by("position", "name")
    lines = [
        SubProgrammeLine(sub, allocated.get(sub.pk, ZERO), row.to_sub_programmes.get(sub.pk, ZERO))
        for sub in subs
        if sub.pk in wanted
    ]
    if None in wanted:
        lines.append(
            SubProgrammeLine(None, allocated.get(None, ZERO), row.to_sub_programmes.get(None, ZERO))
        )
    return lines


def _in_kind(finance: FinanceYear) -> list[InKindMeasure]:
    fte: dict[int, Decimal] = defaultdict(lambda: ZERO)
    value: dict[int, Decimal] = defaultdict(lambda: ZERO)
    measures: dict[int, Measure] = {}
    for line in finance.in_kind.lines:
        measures[line.measure.pk] = line.measure
        fte[line.measure.pk] += line.fte
        value[line.measure.pk] += line.value or ZERO
    return [InKindMeasure(measure, fte[pk], value[pk]) for pk, measure in measures.items()]


def statement_for(
    *,
    programme: Programme,
    year: int,
    source: FundingSource | None = None,
    as_of: date | None = None,
) -> Statement:
    """The funder's statement of the programme's year: every source, or the one given."""
    finance = finance_year(programme, year, as_of=as_of)
    rows = [row for row in finance.sources if source is None or row.source.pk == source.pk]
    source_ids = [row.source.pk for row in rows]
    versions: dict[int, list[SourceAmount]] = defaultdict(list)
    for amount in (
        SourceAmount.objects.filter(source__in=source_ids, year=year)
        .select_related("decision", "created_by")
        .order_by("version")
    ):
        versions[amount.source_id].append(amount)
    undistributed: dict[int, dict[int | None, Decimal]] = defaultdict(
        lambda: defaultdict(lambda: ZERO)
    )
    for allocation in Allocation.objects.filter(
        source__in=source_ids, year=year, measure__isnull=True, amount__gt=0
    ):
        undistributed[allocation.source_id][allocation.sub_programme_id] += allocation.amount
    lines = [
        SourceStatement(
            row,
            versions.get(row.source.pk, []),
            _sub_programme_lines(finance, row, undistributed.get(row.source.pk, {})),
            _measure_lines(finance, row.source.pk),
        )
        for row in rows
    ]
    return Statement(finance, lines, _in_kind(finance))


# --- JSON ----------------------------------------------------------------------------------------


def _measure_record(row: MeasureYear, codes: dict[int, str]) -> dict[str, Any]:
    measure = row.measure
    return {
        "id": measure.pk,
        "project_code": measure.project_code,
        "title": measure.title,
        "sub_programme_id": measure.sub_programme_id,
        "need": row.need,
        "allocated": row.figures.allocated,
        "spent": row.figures.spent,
        "remaining": row.figures.remaining,
        "forecast": row.figures.forecast,
        "over_spent": row.figures.over_spent,
        "by_source": [
            {
                "code": codes[source_id],
                "allocated": amount,
                "spent": row.spent_by_source.get(source_id, ZERO),
            }
            for source_id, amount in sorted(row.by_source.items(), key=lambda i: codes[i[0]])
        ],
        "synthetic": measure.synthetic,
    }


def _source_record(line: SourceStatement) -> dict[str, Any]:
    row, source = line.row, line.source
    return {
        "code": source.code,
        "name": source.name,
        "kind": source.kind,
        "funder": source.funder,
        "agreement_id": source.agreement_id,
        "granted": row.granted,
        "version": row.version,
        "versions": [
            {
                "version": amount.version,
                "amount": amount.amount,
                "reason": amount.reason,
                "decision_id": amount.decision_id,
                "created_at": amount.created_at.isoformat(),
            }
            for amount in line.versions
        ],
        "allocated": row.figures.allocated,
        "unallocated": row.unallocated,
        "spent": row.figures.spent,
        "remaining": row.remaining,
        "forecast": row.figures.forecast,
        "carried_over": row.carried_over,
        "carry_over_allowed": source.carry_over_allowed,
        "sub_programmes": [
            {
                "id": sub.sub_programme.pk if sub.sub_programme else None,
                "name": sub.sub_programme.name if sub.sub_programme else None,
                "allocated": sub.allocated,
                "spent": sub.spent,
            }
            for sub in line.sub_programmes
        ],
        "measures": [
            {
                "id": measure.measure.pk,
                "project_code": measure.measure.project_code,
                "allocated": measure.allocated,
                "spent": measure.spent,
            }
            for measure in line.measures
        ],
        "synthetic": source.synthetic,
    }


def statement_record(statement: Statement) -> dict[str, Any]:
    """The statement as a JSON-ready record (amounts as `Decimal`: write it with `dumps`)."""
    finance = statement.finance
    programme = statement.programme
    codes = {row.source.pk: row.source.code for row in finance.sources}
    co_funding = finance.co_funding
    in_kind = finance.in_kind
    return {
        "programme": {
            "id": programme.pk,
            "name": programme.name,
            "municipality": programme.municipality.code,
        },
        "year": statement.year,
        "currency": statement.currency,
        "as_of": finance.as_of.isoformat(),
        "closed": finance.closed,
        "synthetic": statement.synthetic,
        "sources": [_source_record(line) for line in statement.sources],
        "sub_programmes": [
            {
                "id": row.sub_programme.pk if row.sub_programme else None,
                "name": row.sub_programme.name if row.sub_programme else None,
                "allocated": row.figures.allocated,
                "spent": row.figures.spent,
                "remaining": row.figures.remaining,
                "undistributed": row.undistributed,
            }
            for row in finance.sub_programmes
        ],
        "measures": [_measure_record(row, codes) for row in finance.measures],
        "totals": {
            "granted": statement.granted,
            "allocated": statement.allocated,
            "spent": statement.spent,
            "remaining": statement.remaining,
            "carried_over": statement.carried_over,
            "measures_spent": finance.totals.spent,
            "unfunded_spending": finance.unfunded_spending,
        },
        "co_funding": {
            "local": co_funding.local,
            "total": co_funding.total,
            "share": co_funding.share,
            "required": co_funding.required,
            "short": co_funding.short,
        },
        "in_kind": {
            "fte": in_kind.fte,
            "value": in_kind.value,
            "unvalued_fte": sum((line.fte for line in in_kind.unvalued), ZERO),
            "measures": [
                {"id": line.measure.pk, "fte": line.fte, "value": line.value}
                for line in statement.in_kind
            ],
        },
    }


def _encode(value: Any, indent: str, level: int) -> Iterator[str]:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a finite amount: {value}")
        yield format(value, "f")
    elif isinstance(value, dict):
        if not value:
            yield "{}"
            return
        inner = "\n" + indent * (level + 1) if indent else ""
        yield "{"
        for position, (key, item) in enumerate(value.items()):
            yield ("," if position else "") + inner + json.dumps(str(key), ensure_ascii=False)
            yield ": " if indent else ":"
            yield from _encode(item, indent, level + 1)
        yield ("\n" + indent * level if indent else "") + "}"
    elif isinstance(value, list | tuple):
        if not value:
            yield "[]"
            return
        inner = "\n" + indent * (level + 1) if indent else ""
        yield "["
        for position, item in enumerate(value):
            yield ("," if position else "") + inner
            yield from _encode(item, indent, level + 1)
        yield ("\n" + indent * level if indent else "") + "]"
    else:
        yield json.dumps(value, ensure_ascii=False)


def dumps(value: Any, *, indent: int | None = 2) -> str:
    """JSON with every `Decimal` written as a number exactly as it is (`500000.00`), never
    through a float; `json.loads(text, parse_float=Decimal)` gives the same `Decimal` back."""
    return "".join(_encode(value, " " * indent if indent else "", 0))


# --- text table ----------------------------------------------------------------------------------


def _kr(amount: Decimal | None) -> str:
    """12 345.67, the way the console shows kroner (a space between thousands)."""
    if amount is None:
        return "–"
    return f"{amount:,.2f}".replace(",", " ")


def statement_text(statement: Statement) -> str:
    """The statement as plain text tables for the console (English headings)."""
    width = 16
    lines = [
        f"{statement.programme.name} — funder's statement {statement.year} ({statement.currency})"
    ]
    if statement.synthetic:
        lines.append("NOTE: synthetic figures (made up for demonstration)")
    lines.append("")
    header = "".join(
        f"{title:>{width}}" for title in ("granted", "allocated", "spent", "remaining", "carried")
    )
    lines.append(f"{'source':<24}{header}")
    for line in statement.sources:
        row = line.row
        amounts = (row.granted, row.figures.allocated, row.figures.spent, row.remaining)
        numbers = "".join(f"{_kr(amount):>{width}}" for amount in (*amounts, row.carried_over))
        lines.append(f"{line.source.code[:23]:<24}{numbers}")
    totals = (statement.granted, statement.allocated, statement.spent, statement.remaining)
    numbers = "".join(f"{_kr(amount):>{width}}" for amount in (*totals, statement.carried_over))
    lines.append(f"{'total':<24}{numbers}")
    lines.append("")
    lines.append(f"{'measure':<40}{'project':<12}{'allocated':>{width}}{'spent':>{width}}")
    for measure_row in statement.finance.measures:
        measure = measure_row.measure
        title = f"{measure.pk} {measure.title}"[:39]
        lines.append(
            f"{title:<40}{measure.project_code[:11]:<12}"
            f"{_kr(measure_row.figures.allocated):>{width}}{_kr(measure_row.figures.spent):>{width}}"
        )
    totals_row = statement.finance.totals
    lines.append(
        f"{'total':<52}{_kr(totals_row.allocated):>{width}}{_kr(totals_row.spent):>{width}}"
    )
    co_funding = statement.finance.co_funding
    share = "–" if co_funding.share is None else f"{co_funding.share} %"
    required = "" if co_funding.required is None else f" (required {co_funding.required} %)"
    lines.append("")
    lines.append(f"local co-funding: {_kr(co_funding.local)} of {_kr(co_funding.total)}")
    lines[-1] += f" = {share}{required}"
    in_kind = statement.finance.in_kind
    lines.append(f"in-kind staff time: {in_kind.fte} FTE, valued at {_kr(in_kind.value)}")
    return "\n".join(lines) + "\n"


# --- documents: headings shared by page, XLSX and PDF -------------------------------------------


def title_of(statement: Statement) -> str:
    return _("Regnskapsoppstilling %(year)s") % {"year": statement.year}


def synthetic_note() -> str:
    return _(
        "Syntetiske tall: beløpene er oppdiktet for demonstrasjon og kommer ikke fra "
        "kommunens regnskap."
    )


def kind_label(source: FundingSource) -> str:
    return str(FundingKind(source.kind).label)


def version_label(amount: SourceAmount) -> str:
    text = _("Versjon %(version)s: %(amount)s") % {
        "version": amount.version,
        "amount": _kr(amount.amount),
    }
    if amount.reason:
        text += f" ({amount.reason})"
    return text


def currency_name(statement: Statement) -> str:
    return currency_label(statement.currency)


# --- XLSX ----------------------------------------------------------------------------------------


def _sheet_title(code: str, taken: set[str]) -> str:
    """A sheet title Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    cleaned = "".join("_" if char in "[]:*?/\\" else char for char in code)[:28] or "?"
    title, number = cleaned, 2
    while title.lower() in taken:
        title = f"{cleaned[:25]} ({number})"
        number += 1
    taken.add(title.lower())
    return title


def statement_xlsx(statement: Statement) -> bytes:
    """A summary sheet and a sheet per source; amounts as numbers formatted #,##0.00."""
    from openpyxl import Workbook  # imported here: slow to import, only for spreadsheets
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = Workbook()
    summary = workbook.active
    summary.title = _sheet_title(_("Sammendrag"), set())
    taken = {summary.title.lower()}

    def heading(sheet: Any, text: str) -> None:
        sheet.append([text])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=14)

    def header(sheet: Any, titles: list[str | None]) -> None:
        sheet.append(titles)
        for cell in sheet[sheet.max_row]:
            cell.font = bold

    def numbers(sheet: Any, first_column: int, *, fmt: str = MONEY_FORMAT) -> None:
        for cell in sheet[sheet.max_row][first_column - 1 :]:
            if isinstance(cell.value, int | float | Decimal):
                cell.number_format = fmt

    def preamble(sheet: Any, title: str) -> None:
        heading(sheet, title)
        sheet.append([f"{statement.programme.name}, {statement.programme.municipality.name}"])
        sheet.append([f"{_('Valuta')}: {statement.currency} ({currency_name(statement)})"])
        if statement.synthetic:
            sheet.append([synthetic_note()])
            sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.append([])

    preamble(summary, title_of(statement))
    header(
        summary,
        [
            _("Kilde"),
            _("Navn"),
            _("Bevilget"),
            _("Fordelt"),
            _("Brukt"),
            _("Gjenstår"),
            _("Overført"),
        ],
    )
    for line in statement.sources:
        row = line.row
        summary.append(
            [
                line.source.code,
                line.source.name,
                row.granted,
                row.figures.allocated,
                row.figures.spent,
                row.remaining,
                row.carried_over,
            ]
        )
        numbers(summary, 3)
    summary.append(
        [
            _("Sum"),
            None,
            statement.granted,
            statement.allocated,
            statement.spent,
            statement.remaining,
            statement.carried_over,
        ]
    )
    numbers(summary, 3)
    for cell in summary[summary.max_row]:
        cell.font = bold
    co_funding = statement.finance.co_funding
    summary.append([])
    header(summary, [_("Lokal medfinansiering"), None, _("Lokalt"), _("Totalt"), _("Andel (%)")])
    summary.append(
        [
            _("Oppnådd"),
            None,
            co_funding.local,
            co_funding.total,
            co_funding.share,
        ]
    )
    numbers(summary, 3)
    if co_funding.required is not None:
        summary.append([_("Krav (%)"), None, None, None, co_funding.required])
        numbers(summary, 5)
    summary.append([])
    header(summary, [_("Egeninnsats (arbeidstid)"), None, _("Årsverk"), _("Verdi")])
    for item in statement.in_kind:
        summary.append([item.measure.title, None, item.fte, item.value])
        numbers(summary, 3)
        summary.cell(row=summary.max_row, column=3).number_format = FTE_FORMAT
    summary.append([_("Sum"), None, statement.finance.in_kind.fte, statement.finance.in_kind.value])
    numbers(summary, 3)
    summary.cell(row=summary.max_row, column=3).number_format = FTE_FORMAT
    summary.column_dimensions["A"].width = 34
    summary.column_dimensions["B"].width = 28
    for letter in "CDEFG":
        summary.column_dimensions[letter].width = 16

    for line in statement.sources:
        sheet = workbook.create_sheet(_sheet_title(line.source.code, taken))
        row = line.row
        preamble(sheet, f"{line.source.code}: {line.source.name}")
        for label, value in (
            (_("Type"), kind_label(line.source)),
            (_("Giver"), line.source.funder or None),
            (_("Vilkår"), line.source.conditions or None),
        ):
            if value:
                sheet.append([label, value])
        for label, amount in (
            (_("Bevilget"), row.granted),
            (_("Fordelt"), row.figures.allocated),
            (_("Brukt"), row.figures.spent),
            (_("Gjenstår"), row.remaining),
            (_("Overført til neste år"), row.carried_over),
        ):
            sheet.append([label, amount])
            numbers(sheet, 2)
        sheet.append([])
        header(sheet, [_("Bevilgning"), _("Beløp"), _("Begrunnelse")])
        for amount_row in line.versions:
            label = _("Versjon %(version)s") % {"version": amount_row.version}
            if amount_row is line.in_force:
                label += f" ({_('gjeldende')})"
            sheet.append([label, amount_row.amount, amount_row.reason or None])
            numbers(sheet, 2)
        sheet.append([])
        header(sheet, [_("Delprogram"), _("Fordelt"), _("Brukt")])
        for sub in line.sub_programmes:
            sheet.append([sub.name, sub.allocated, sub.spent])
            numbers(sheet, 2)
        sheet.append([])
        header(sheet, [_("Tiltak"), _("Fordelt"), _("Brukt"), _("Prosjektnummer")])
        for measure in line.measures:
            sheet.append(
                [
                    measure.measure.title,
                    measure.allocated,
                    measure.spent,
                    measure.measure.project_code or None,
                ]
            )
            numbers(sheet, 2)
        sheet.column_dimensions["A"].width = 40
        for letter in "BCD":
            sheet.column_dimensions[letter].width = 18
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# --- PDF -----------------------------------------------------------------------------------------


def statement_html(statement: Statement, *, language: str) -> str:
    """The print template, rendered in the active language."""
    return render_to_string(
        PRINT_TEMPLATE,
        {
            "statement": statement,
            "title": title_of(statement),
            "synthetic_note": synthetic_note() if statement.synthetic else "",
            "currency_name": currency_name(statement),
            "language": language,
        },
    )


def statement_pdf(statement: Statement, *, language: str) -> bytes:
    from weasyprint import HTML  # imported here: slow to import, only for PDFs
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=frozenset(), allow_redirects=False)
    document = HTML(string=statement_html(statement, language=language), url_fetcher=fetcher)
    return bytes(document.write_pdf(pdf_tags=True))


# --- the export ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    file_name: str


def statement_language(programme: Programme) -> str:
    """The municipality's language: the funder reads the statement in it."""
    return programme.municipality.default_language


def statement_export(
    *,
    programme: Programme,
    year: int,
    file_format: str,
    source: FundingSource | None = None,
    as_of: date | None = None,
) -> ExportFile:
    """The statement as XLSX or PDF, in the municipality's language."""
    if file_format not in FILE_FORMATS:
        raise ValueError(f"unknown file format: {file_format}")
    language = statement_language(programme)
    with override(language):
        statement = statement_for(programme=programme, year=year, source=source, as_of=as_of)
        if file_format == "xlsx":
            content = statement_xlsx(statement)
        else:
            content = statement_pdf(statement, language=language)
        name = slugify(title_of(statement))
    suffix = f"-{slugify(source.code)}" if source is not None else ""
    return ExportFile(
        content=content,
        content_type=CONTENT_TYPES[file_format],
        file_name=f"{name}-{slugify(programme.name)}{suffix}.{file_format}",
    )
