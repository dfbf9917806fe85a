"""The programme's yearly action programme (handlingsprogram) as a document: DOCX
(python-docx) to edit, PDF (WeasyPrint, from a Django template with its own print CSS) to
read — both in the municipality's language, whatever language the user reads the site in.

WeasyPrint never fetches anything: the template holds its CSS inline and has no images or
links to load, and the URL fetcher refuses every URL, so a stray reference cannot reach the
network or the file system.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from omrade.portfolio.models import PlanState
from omrade.portfolio.selectors_plans import ActionProgramme, ProgrammePart, action_programme_for
from omrade.programmes.models import Programme

FILE_FORMATS = ("docx", "pdf")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
PRINT_TEMPLATE = "portfolio/plans/action_programme_print.html"


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    file_name: str


def money(amount: Decimal) -> str:
    """Whole kroner with the active language's grouping, as on the pages."""
    return f"{floatformat(amount, '0g')} kr"


def title_of(action_programme: ActionProgramme) -> str:
    return _("Handlingsprogram %(year)s") % {"year": action_programme.year}


def plan_line(part: ProgrammePart) -> str:
    """«Handlingsplan, versjon 2: Godkjent av oppdragsgiver 12.03.2024»."""
    plan = part.plan
    line = f"{_('Handlingsplan')}, {_('Versjon').lower()} {plan.version}: "
    line += PlanState(plan.state).label
    if plan.approved_at is not None:
        line += " " + date_format(timezone.localtime(plan.approved_at), "SHORT_DATE_FORMAT")
    return line


def synthetic_note() -> str:
    return "{}: {}".format(
        _("Tallene er oppdiktet (syntetiske)"),
        _(
            "kostnadene for tiltak merket med * er laget for demonstrasjon, ikke hentet fra "
            "budsjettet."
        ),
    )


def column_headings() -> list[str]:
    return [_("Tiltak"), _("Ansvarlig enhet"), _("Områder"), _("Mål"), _("Kostnad")]


# --- DOCX ----------------------------------------------------------------------------------------


def _cell_text(cell: Any, text: str, *, bold: bool = False, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def action_programme_docx(action_programme: ActionProgramme) -> bytes:
    """The action programme as a Word document, in the active language."""
    programme = action_programme.programme
    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    properties = document.core_properties
    properties.title = f"{title_of(action_programme)} – {programme.name}"
    properties.language = programme.municipality.default_language
    document.add_heading(title_of(action_programme), level=0)
    document.add_paragraph(f"{programme.name}, {programme.municipality.name}")
    if action_programme.synthetic:
        document.add_paragraph(synthetic_note()).runs[0].bold = True
    for part in action_programme.parts:
        document.add_heading(f"{_('Delprogram')}: {part.sub_programme.name}", level=1)
        document.add_paragraph(plan_line(part))
        if part.plan.summary:
            document.add_paragraph(part.plan.summary)
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, heading in zip(table.rows[0].cells, column_headings(), strict=True):
            _cell_text(cell, heading, bold=True)
        for measure in part.measures:
            cells = table.add_row().cells
            _cell_text(cells[0], measure.title + (" *" if measure.synthetic else ""))
            _cell_text(cells[1], measure.responsible_unit or "–")
            _cell_text(cells[2], ", ".join(measure.areas) or "–")
            _cell_text(cells[3], "\n".join(measure.goals) or "–")
            _cell_text(cells[4], money(measure.cost), right=True)
        cells = table.add_row().cells
        _cell_text(cells[0], _("Sum"), bold=True)
        _cell_text(cells[4], money(part.total), bold=True, right=True)
    document.add_heading(_("Samlet kostnad"), level=1)
    document.add_paragraph(money(action_programme.total))
    if action_programme.missing:
        document.add_heading(_("Delprogrammer uten godkjent handlingsplan"), level=1)
        for sub_programme in action_programme.missing:
            document.add_paragraph(sub_programme.name, style="List Bullet")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


# --- PDF -----------------------------------------------------------------------------------------


def _no_fetching() -> URLFetcher:
    """A fetcher that allows no protocol at all: nothing is loaded from anywhere."""
    return URLFetcher(allowed_protocols=frozenset(), allow_redirects=False)


def action_programme_html(action_programme: ActionProgramme) -> str:
    """The print template, rendered in the active language."""
    return render_to_string(
        PRINT_TEMPLATE,
        {
            "action_programme": action_programme,
            "title": title_of(action_programme),
            "parts": [(part, plan_line(part)) for part in action_programme.parts],
            "synthetic_note": synthetic_note() if action_programme.synthetic else "",
            "headings": column_headings(),
            "language": programme_language(action_programme.programme),
        },
    )


def action_programme_pdf_document(action_programme: ActionProgramme) -> Any:
    """WeasyPrint's rendered document (pages, metadata) before it is written."""
    return HTML(string=action_programme_html(action_programme), url_fetcher=_no_fetching()).render()


def action_programme_pdf(action_programme: ActionProgramme) -> bytes:
    return bytes(action_programme_pdf_document(action_programme).write_pdf())


# --- the export ----------------------------------------------------------------------------------


def programme_language(programme: Programme) -> str:
    return programme.municipality.default_language


def action_programme_export(*, programme: Programme, year: int, file_format: str) -> ExportFile:
    """The year's action programme as DOCX or PDF, in the municipality's language."""
    if file_format not in FILE_FORMATS:
        raise ValueError(f"unknown file format: {file_format}")
    with override(programme_language(programme)):
        action_programme = action_programme_for(programme=programme, year=year)
        if file_format == "docx":
            content = action_programme_docx(action_programme)
        else:
            content = action_programme_pdf(action_programme)
        file_name = f"{slugify(title_of(action_programme))}-{slugify(programme.name)}"
    return ExportFile(
        content=content,
        content_type=CONTENT_TYPES[file_format],
        file_name=f"{file_name}.{file_format}",
    )
