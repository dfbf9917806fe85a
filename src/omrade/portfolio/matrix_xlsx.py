"""The prioritisation matrix as an XLSX workbook, and back.

Export: sheet «Matrise» holds the values — one row per criterion (its id in column A, then
group, criterion, scale and weight), one column per measure from column F (the measure's id
in the row above the header, its title in the header) — with a heading row per group that
has no id; sheet «Rangering» holds the weighted totals and ranks for reading. The values are
the effective ones (agreed, else the provisional median), the user's own, or the agreed ones.

Import reads sheet «Matrise» only and checks every cell before anything is written: ids of
criteria in the set and of measures in the programme, each at most once; values on the
criterion's scale (x or 1 / 0 for a mark, 0–3 for the 0–3 scale; an empty cell means "not
scored" and removes a score); no text. Every problem is reported with sheet, row and column
("Ark «Matrise», rad 7, kolonne D: 4 er utenfor skalaen 0–3"); with any problem nothing is
saved, otherwise everything is saved in one transaction (`scores_save`). Columns of measures
the importer may not score are checked but skipped, and named in the report.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from omrade.portfolio.models import CriteriaSet, Criterion, Measure, Scale
from omrade.portfolio.selectors_criteria import Matrix
from omrade.portfolio.services.criteria import SaveReport, ScoreEntry, scores_save
from omrade.tenancy.selectors import AnyUser

VALUES_SHEET = "Matrise"
RANKING_SHEET = "Rangering"
CRITERION_ID_HEADER = "Kriterium-ID"
MEASURE_ID_LABEL = "Tiltak-ID →"
FIRST_VALUE_COLUMN = 6  # F: A id, B group, C criterion, D scale, E weight
MAX_REPORTED = 50
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Values = Literal["effective", "own", "agreed"]


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _scale_label(criterion: Criterion) -> str:
    return "x" if Scale(criterion.scale) == Scale.MARK else "0–3"


def _cell_value(criterion: Criterion, value: int | None) -> int | str | None:
    if value is None:
        return None
    if Scale(criterion.scale) == Scale.MARK:
        return "x" if value == 1 else 0
    return value


def matrix_workbook(matrix: Matrix, *, values: Values = "effective") -> bytes:
    """The workbook of a matrix (as `matrix_for` built it for the exporting user)."""
    from openpyxl import Workbook  # imported here: slow to import, only for spreadsheets
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = VALUES_SHEET
    bold = Font(bold=True)
    criteria_set = matrix.criteria_set
    described = {
        "effective": _("omforent poeng der det finnes, ellers foreløpig median (rundet ned)"),
        "own": _("dine egne vurderinger"),
        "agreed": _("omforente poeng"),
    }[values]
    sheet.append([_("Prioriteringsmatrise: %(name)s") % {"name": criteria_set.name}])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [
            _(
                "Verdier: %(values)s. Kryss: x = ja, 0 = nei; 0–3: hele tall. Tom celle = ikke "
                "vurdert. Ikke endre ID-ene i kolonne A og rad 3."
            )
            % {"values": described}
        ]
    )
    columns = matrix.columns
    sheet.append(
        [None, None, None, None, MEASURE_ID_LABEL, *(column.measure.pk for column in columns)]
    )
    sheet.append(
        [
            CRITERION_ID_HEADER,
            _("Gruppe"),
            _("Kriterium"),
            _("Skala"),
            _("Vekt"),
            *(column.measure.title for column in columns),
        ]
    )
    for cell in sheet[4]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for group in matrix.groups:
        sheet.append([None, group.group.name])
        sheet.cell(row=sheet.max_row, column=2).font = bold
        for row in group.rows:
            criterion = row.criterion
            picked = [
                {"effective": cell.effective, "own": cell.own, "agreed": cell.agreed}[values]
                for cell in row.cells
            ]
            sheet.append(
                [
                    criterion.pk,
                    group.group.name,
                    criterion.text,
                    _scale_label(criterion),
                    round(criterion.weight, 6),
                    *(_cell_value(criterion, value) for value in picked),
                ]
            )
            sheet.cell(row=sheet.max_row, column=3).alignment = Alignment(wrap_text=True)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 20
    sheet.column_dimensions["C"].width = 60
    for index in range(len(columns)):
        sheet.column_dimensions[column_letter(FIRST_VALUE_COLUMN + index)].width = 16
    sheet.freeze_panes = "F5"

    ranking = workbook.create_sheet(RANKING_SHEET)
    ranking.append(
        [
            _("Rang"),
            _("Tiltak-ID"),
            _("Tiltak"),
            _("Delprogram"),
            _("Vektet sum"),
            _("Kriterier vurdert"),
        ]
    )
    for cell in ranking[1]:
        cell.font = bold
    for column in matrix.ranking:
        ranking.append(
            [
                column.rank,
                column.measure.pk,
                column.measure.title,
                column.measure.sub_programme.name if column.measure.sub_programme else "",
                round(column.total, 6),
                column.scored,
            ]
        )
    ranking.append([])
    ranking.append(
        [_("Vektet sum = Σ vekt × verdi / skalaens maksimum (omforent poeng, ellers median).")]
    )
    ranking.column_dimensions["C"].width = 40
    ranking.column_dimensions["D"].width = 24
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# --- import -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportReport:
    saved: SaveReport
    cells: int  # cells read from the columns that were saved
    skipped: tuple[str, ...]  # titles of measures the importer may not score


class MatrixImportError(ValidationError):
    """Problems in the file, each naming sheet, row and column."""


def _where(row: int, column: int) -> str:
    return _("Ark «%(sheet)s», rad %(row)s, kolonne %(column)s") % {
        "sheet": VALUES_SHEET,
        "row": row,
        "column": column_letter(column),
    }


def _as_int(value: Any) -> int | None:
    """An integer cell (7, 7.0, "7"), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _parse_value(criterion: Criterion, value: Any) -> tuple[int | None, str | None]:
    """(value, None) or (None, the problem)."""
    if _blank(value):
        return None, None
    mark = Scale(criterion.scale) == Scale.MARK
    if mark and isinstance(value, str) and value.strip().lower() == "x":
        return 1, None
    number = _as_int(value)
    shown = str(value).strip() if not isinstance(value, float) else f"{value:g}"
    if number is None and isinstance(value, int | float) and not isinstance(value, bool):
        return None, _("%(value)s er ikke et helt tall") % {"value": shown}
    if number is None:
        if mark:
            return None, _("«%(value)s» er ikke x, 1 eller 0") % {"value": shown}
        return None, _("«%(value)s» er ikke et tall") % {"value": shown}
    maximum = criterion.maximum
    if not 0 <= number <= maximum:
        scale = _("0–1 (x)") if mark else f"0–{maximum}"
        return None, _("%(value)s er utenfor skalaen %(scale)s") % {"value": number, "scale": scale}
    return number, None


def _load_rows(data: bytes, file_name: str) -> list[tuple[Any, ...]]:
    label = file_name or _("Filen")
    if not data:
        raise MatrixImportError(_("%(file)s er tom.") % {"file": label})
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise MatrixImportError(
            _("%(file)s er ikke en XLSX-fil (Excel-arbeidsbok). Lagre som .xlsx og prøv igjen.")
            % {"file": label}
        )
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises zip, XML and key errors alike for broken files
        raise MatrixImportError(
            _("%(file)s er ikke en gyldig XLSX-fil.") % {"file": label}
        ) from None
    try:
        if VALUES_SHEET not in workbook.sheetnames:
            raise MatrixImportError(
                _("%(file)s har ikke arket «%(sheet)s» (arkene heter %(names)s).")
                % {
                    "file": label,
                    "sheet": VALUES_SHEET,
                    "names": ", ".join(f"«{name}»" for name in workbook.sheetnames),
                }
            )
        rows = [tuple(row) for row in workbook[VALUES_SHEET].iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not any(any(not _blank(value) for value in row) for row in rows):
        raise MatrixImportError(_("Arket «%(sheet)s» er tomt.") % {"sheet": VALUES_SHEET})
    return rows


def read_matrix(
    data: bytes, *, criteria_set: CriteriaSet, file_name: str = ""
) -> tuple[list[ScoreEntry], dict[int, Measure]]:
    """Every value cell of the file as a score entry (column by column), and the measures of
    its columns; or MatrixImportError listing every problem."""
    rows = _load_rows(data, file_name)
    header_index = next(
        (
            index
            for index, row in enumerate(rows[:30])
            if row and isinstance(row[0], str) and row[0].strip() == CRITERION_ID_HEADER
        ),
        None,
    )
    if header_index is None or header_index == 0:
        raise MatrixImportError(
            _(
                "Ark «%(sheet)s»: fant ikke overskriftsraden med «%(header)s» i kolonne A og "
                "tiltak-ID-ene i raden over. Bruk en fil eksportert fra matrisen."
            )
            % {"sheet": VALUES_SHEET, "header": CRITERION_ID_HEADER}
        )
    errors: list[str] = []
    id_row = rows[header_index - 1]
    id_row_number = header_index  # 1-based number of the row above the header
    criteria = {
        criterion.pk: criterion
        for criterion in Criterion.objects.filter(group__criteria_set=criteria_set)
    }
    measures = {
        measure.pk: measure
        for measure in Measure.objects.filter(programme_id=criteria_set.programme_id)
    }
    header = rows[header_index]
    width = max(len(row) for row in rows)
    columns: dict[int, Measure] = {}  # 1-based column number → measure
    seen_measures: dict[int, int] = {}
    for number in range(FIRST_VALUE_COLUMN, width + 1):
        raw = id_row[number - 1] if number - 1 < len(id_row) else None
        title = header[number - 1] if number - 1 < len(header) else None
        column_has_values = any(
            number - 1 < len(row) and not _blank(row[number - 1])
            for row in rows[header_index + 1 :]
        )
        if _blank(raw):
            if not _blank(title) or column_has_values:
                errors.append(
                    _("%(where)s: mangler tiltak-ID") % {"where": _where(id_row_number, number)}
                )
            continue
        measure_id = _as_int(raw)
        if measure_id is None:
            errors.append(
                _("%(where)s: «%(value)s» er ikke en tiltak-ID")
                % {"where": _where(id_row_number, number), "value": raw}
            )
            continue
        if measure_id not in measures:
            errors.append(
                _("%(where)s: tiltak %(id)s finnes ikke i programmet")
                % {"where": _where(id_row_number, number), "id": measure_id}
            )
            continue
        if measure_id in seen_measures:
            errors.append(
                _("%(where)s: tiltak %(id)s står også i kolonne %(other)s")
                % {
                    "where": _where(id_row_number, number),
                    "id": measure_id,
                    "other": column_letter(seen_measures[measure_id]),
                }
            )
            continue
        seen_measures[measure_id] = number
        columns[number] = measures[measure_id]
    entries: list[ScoreEntry] = []
    seen_criteria: dict[int, int] = {}
    for offset, row in enumerate(rows[header_index + 1 :]):
        row_number = header_index + 2 + offset
        raw = row[0] if row else None
        values_present = any(
            not _blank(row[number - 1]) for number in columns if number - 1 < len(row)
        )
        if _blank(raw):
            if values_present:
                errors.append(
                    _("%(where)s: mangler kriterium-ID") % {"where": _where(row_number, 1)}
                )
            continue  # a group heading or an empty row
        criterion_id = _as_int(raw)
        if criterion_id is None:
            errors.append(
                _("%(where)s: «%(value)s» er ikke en kriterium-ID")
                % {"where": _where(row_number, 1), "value": raw}
            )
            continue
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors.append(
                _("%(where)s: kriterium %(id)s finnes ikke i kriteriesettet")
                % {"where": _where(row_number, 1), "id": criterion_id}
            )
            continue
        if criterion_id in seen_criteria:
            errors.append(
                _("%(where)s: kriterium %(id)s står også på rad %(other)s")
                % {
                    "where": _where(row_number, 1),
                    "id": criterion_id,
                    "other": seen_criteria[criterion_id],
                }
            )
            continue
        seen_criteria[criterion_id] = row_number
        for number, measure in columns.items():
            value = row[number - 1] if number - 1 < len(row) else None
            parsed, problem = _parse_value(criterion, value)
            if problem is not None:
                errors.append(f"{_where(row_number, number)}: {problem}")
                continue
            entries.append(
                ScoreEntry(
                    criterion_id=criterion_id,
                    measure_id=measure.pk,
                    value=parsed,
                    label=_where(row_number, number),
                )
            )
    if not columns and not errors:
        errors.append(
            _("Ark «%(sheet)s»: ingen tiltakskolonner (tiltak-ID-er i rad %(row)s fra kolonne F).")
            % {"sheet": VALUES_SHEET, "row": id_row_number}
        )
    if not seen_criteria and not errors:
        errors.append(
            _("Ark «%(sheet)s»: ingen kriterierader (kriterium-ID-er i kolonne A).")
            % {"sheet": VALUES_SHEET}
        )
    if errors:
        shown = errors[:MAX_REPORTED]
        if len(errors) > MAX_REPORTED:
            shown.append(_("… og %(count)s feil til.") % {"count": len(errors) - MAX_REPORTED})
        raise MatrixImportError(shown)
    return entries, columns


def matrix_import(
    *,
    criteria_set: CriteriaSet,
    data: bytes,
    by: AnyUser,
    allowed_measure_ids: Collection[int],
    agreed: bool = False,
    file_name: str = "",
) -> ImportReport:
    """Check the whole file, then save its values as `by`'s own scores (or, `agreed=True`, as
    the agreed scores) for the measures in `allowed_measure_ids` — all or nothing."""
    entries, columns = read_matrix(data, criteria_set=criteria_set, file_name=file_name)
    allowed = set(allowed_measure_ids)
    kept = [entry for entry in entries if entry.measure_id in allowed]
    skipped = tuple(measure.title for measure in columns.values() if measure.pk not in allowed)
    saved = scores_save(criteria_set=criteria_set, by=by, entries=kept, agreed=agreed)
    return ImportReport(saved=saved, cells=len(kept), skipped=skipped)
