"""Exports of what the map shows, as CSV, XLSX or GeoJSON.

They are built from a `ThematicMap`, whose values have already passed small-number
protection: a suppressed value is written as SSB's ':' (CSV, XLSX) or null (GeoJSON).
"""

from __future__ import annotations

import csv
import io
import json

from django.http import Http404, HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook

from omrade.areas.selectors import MapRow, ThematicMap
from omrade.areas.statuses import ValueStatus
from omrade.tenancy.models import Municipality

SUPPRESSED_MARK = ":"
HEADER = ["area_code", "area_name", "level", "period", "measure", "value", "status", "rank"]


def _value_cell(row: MapRow) -> float | str:
    if row.value is not None:
        return row.value
    return SUPPRESSED_MARK if row.status == ValueStatus.SUPPRESSED else ""


def _records(thematic: ThematicMap) -> list[list[object]]:
    measure = thematic.indicator.code if thematic.indicator else "index"
    return [
        [
            row.area.code,
            row.area.name,
            thematic.level.code,
            thematic.period_code or "",
            measure,
            _value_cell(row),
            row.status + (" (unprotected)" if row.unprotected else ""),
            row.rank or "",
        ]
        for row in thematic.rows
    ]


def _file_name(thematic: ThematicMap, municipality: Municipality, extension: str) -> str:
    measure = thematic.indicator.code if thematic.indicator else "index"
    parts = [municipality.code, thematic.level.code, measure, thematic.period_code or "none"]
    synthetic = "-synthetic" if thematic.synthetic else ""
    return f"{slugify('-'.join(parts))}{synthetic}.{extension}"


def thematic_map_response(
    thematic: ThematicMap, municipality: Municipality, file_format: str
) -> HttpResponse:
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(HEADER + (["synthetic"] if thematic.synthetic else []))
        for record in _records(thematic):
            writer.writerow(record + (["yes"] if thematic.synthetic else []))
        content: bytes = ("\ufeff" + buffer.getvalue()).encode()  # BOM: Excel reads UTF-8
        content_type = "text/csv; charset=utf-8"
    elif file_format == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "data"
        sheet.append(HEADER)
        for record in _records(thematic):
            sheet.append(record)
        if thematic.synthetic:
            sheet.append([])
            sheet.append(["Synthetic figures (oppdiktede tall) – not real statistics."])
        output = io.BytesIO()
        workbook.save(output)
        content = output.getvalue()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif file_format == "geojson":
        collection = thematic.features()
        collection["properties"] = {"synthetic": thematic.synthetic}
        content = json.dumps(collection, ensure_ascii=False).encode()
        content_type = "application/geo+json"
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    file_name = _file_name(thematic, municipality, file_format)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
