"""Reads for surveys and children's map registrations that pages, API and exports share:
the lists, the results per question (with small-number protection on public results), the
hexagon maps, and the export tables.

Small numbers (public results only): a question answered by fewer than `MIN_PUBLIC` (5)
people shows no breakdown at all; a category or hexagon with fewer than 5 answers is shown as
«:» (hexagons are left out); where exactly one category of a single-choice question would be
hidden, the next smallest is hidden too, so it cannot be worked out from the total. Free text
is never public.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from omrade.areas.models import Area
from omrade.participation.core.permissions import can_run_participation
from omrade.participation.surveys.hexbin import epsg_for_country, hexbin
from omrade.participation.surveys.models import (
    CHOICE_KINDS_VALUES,
    Answer,
    ChildMapMark,
    ChildMapSession,
    MarkKind,
    QuestionKind,
    Response,
    Survey,
    SurveyQuestion,
    TransportMode,
    translated,
)
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser

MIN_PUBLIC = 5
HEX_SIZE_M = 200.0
# Public hexagons are larger: fewer of them fall under the small-number rule.
PUBLIC_HEX_SIZE_M = 500.0


# --- lists -----------------------------------------------------------------------------------


def surveys_of(municipality: Municipality) -> QuerySet[Survey]:
    return cast(
        "QuerySet[Survey]",
        Survey.objects.in_municipality(municipality)
        .select_related("programme", "municipality")
        .annotate(answer_count=Count("responses", filter=Q(responses__complete=True)))
        .order_by("-created_at", "-pk"),
    )


def open_surveys_of(municipality: Municipality) -> list[Survey]:
    """Published surveys a resident can answer now, newest first."""
    now = timezone.now()
    candidates = Survey.objects.in_municipality(municipality).filter(is_published=True)
    candidates = candidates.filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
    candidates = candidates.filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
    return list(candidates.select_related("municipality").order_by("-created_at"))


def published_results_of(municipality: Municipality) -> list[Survey]:
    return list(
        Survey.objects.in_municipality(municipality)
        .filter(results_published=True)
        .select_related("municipality")
        .order_by("-created_at")
    )


def survey_questions(survey: Survey) -> list[SurveyQuestion]:
    return list(
        SurveyQuestion.objects.filter(survey=survey)
        .select_related("page", "survey", "condition_question")
        .order_by("page__order", "order", "pk")
    )


def place_choices(survey: Survey) -> list[Area]:
    """The non-map alternative's list: the survey's areas and their sub-areas, by name."""
    areas = list(survey.areas.all())
    children = list(Area.objects.filter(parent__in=areas))
    return sorted({area.pk: area for area in [*areas, *children]}.values(), key=lambda a: a.name)


def survey_map_areas(survey: Survey) -> dict[str, Any]:
    """The survey's area boundaries as GeoJSON for the drawing map."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": area.boundary_for_map or area.boundary,
                "properties": {"name": area.name},
            }
            for area in survey.areas.all()
            if area.boundary
        ],
    }


# --- results ---------------------------------------------------------------------------------


@dataclass
class Cell:
    """One count in a result table: `count` is None when hidden (small number)."""

    label: str
    count: int | None
    percent: float | None

    @property
    def hidden(self) -> bool:
        return self.count is None


@dataclass
class MatrixRow:
    label: str
    cells: list[Cell]
    answered: int
    mean: float | None


@dataclass
class QuestionResult:
    question: SurveyQuestion
    text: str
    kind: str
    answered: int
    breakdown_hidden: bool = False  # public: fewer than MIN_PUBLIC answered
    cells: list[Cell] = field(default_factory=list)
    mean: float | None = None
    matrix_rows: list[MatrixRow] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    places: list[Cell] = field(default_factory=list)
    place_texts: list[str] = field(default_factory=list)
    drawn: int = 0
    hexagons: dict[str, Any] | None = None

    @property
    def hex_id(self) -> str:
        return f"hexagons-{self.question.pk}"

    @property
    def bars(self) -> list[tuple[Cell, int]]:
        """Each cell with its bar width in percent of the largest shown count (for HTML bars)."""
        shown = [cell.count for cell in self.cells if cell.count]
        largest = max(shown) if shown else 0
        return [
            (cell, round(100 * (cell.count or 0) / largest) if largest else 0)
            for cell in self.cells
        ]


@dataclass
class SurveyResults:
    survey: Survey
    language: str
    public: bool
    responses: int
    assisted: int
    synthetic: int
    questions: list[QuestionResult]
    min_public: int = MIN_PUBLIC


def _protect(cells: list[Cell], *, partition: bool) -> list[Cell]:
    """Hide counts 1–4; for a partition (single choice, scale) hide a second one when only
    one would be hidden. Zero stays zero: nobody can be singled out by it."""
    small = [cell for cell in cells if cell.count is not None and 0 < cell.count < MIN_PUBLIC]
    if partition and len(small) == 1:
        others = sorted(
            (cell for cell in cells if cell.count and cell not in small), key=lambda c: c.count or 0
        )
        if others:
            small.append(others[0])
    for cell in small:
        cell.count = None
        cell.percent = None
    return cells


def _percent(count: int, base: int) -> float | None:
    return round(100.0 * count / base, 1) if base else None


def _counted(labels: list[tuple[str, str]], counts: Counter[str], base: int) -> list[Cell]:
    return [
        Cell(label, counts.get(key, 0), _percent(counts.get(key, 0), base)) for key, label in labels
    ]


def _scale_labels(question: SurveyQuestion, language: str) -> list[tuple[str, str]]:
    low, high = question.scale_min or 0, question.scale_max or 0
    default = question.survey.default_language
    low_text = translated(question.scale_min_label, language, default)
    high_text = translated(question.scale_max_label, language, default)
    labels = []
    for value in range(low, high + 1):
        label = str(value)
        if value == low and low_text:
            label = f"{value} – {low_text}"
        if value == high and high_text:
            label = f"{value} – {high_text}"
        labels.append((str(value), label))
    return labels


def _options(
    question: SurveyQuestion, items: list[dict[str, Any]], language: str
) -> list[tuple[str, str]]:
    return [
        (str(item["id"]), translated(item["text"], language, question.survey.default_language))
        for item in items
    ]


def _question_result(
    question: SurveyQuestion,
    answers: list[Answer],
    *,
    language: str,
    public: bool,
    country: str,
) -> QuestionResult:
    result = QuestionResult(
        question=question,
        text=question.text_in(language),
        kind=question.kind,
        answered=len(answers),
    )
    if public and result.answered < MIN_PUBLIC:
        result.breakdown_hidden = True
        return result
    kind = question.kind
    if kind in CHOICE_KINDS_VALUES:
        counts: Counter[str] = Counter(choice for answer in answers for choice in answer.choices)
        result.cells = _counted(
            _options(question, question.options, language), counts, len(answers)
        )
        if public:
            _protect(result.cells, partition=kind == QuestionKind.SINGLE)
    elif kind == QuestionKind.SCALE:
        values = [answer.number for answer in answers if answer.number is not None]
        counts = Counter(str(value) for value in values)
        result.cells = _counted(_scale_labels(question, language), counts, len(values))
        result.mean = round(sum(values) / len(values), 2) if values else None
        if public:
            _protect(result.cells, partition=True)
    elif kind == QuestionKind.RANKING:
        # Average position (1 = first); options nobody ranked come last.
        positions: dict[str, list[int]] = defaultdict(list)
        for answer in answers:
            for position, choice in enumerate(answer.choices, start=1):
                positions[str(choice)].append(position)
        cells = []
        for option_id, label in _options(question, question.options, language):
            ranked = positions.get(option_id, [])
            cells.append(
                Cell(label, len(ranked), round(sum(ranked) / len(ranked), 2) if ranked else None)
            )
        result.cells = sorted(cells, key=lambda cell: (cell.percent is None, cell.percent or 0))
        if public:
            for cell in result.cells:
                if cell.count is not None and 0 < cell.count < MIN_PUBLIC:
                    cell.count, cell.percent = None, None
    elif kind == QuestionKind.MATRIX:
        scale = _scale_labels(question, language)
        result.columns = [label for _key, label in scale]
        for row_id, row_label in _options(question, question.rows, language):
            values = [answer.matrix[row_id] for answer in answers if row_id in answer.matrix]
            counts = Counter(str(value) for value in values)
            cells = _counted(scale, counts, len(values))
            row_hidden = public and len(values) < MIN_PUBLIC
            if row_hidden:
                cells = [Cell(cell.label, None, None) for cell in cells]
            elif public:
                _protect(cells, partition=True)
            result.matrix_rows.append(
                MatrixRow(
                    label=row_label,
                    cells=cells,
                    answered=len(values),
                    mean=None if row_hidden or not values else round(sum(values) / len(values), 2),
                )
            )
    elif kind == QuestionKind.TEXT:
        if not public:
            result.texts = [answer.text for answer in answers if answer.text]
    elif kind == QuestionKind.MAP:
        drawn = [answer for answer in answers if answer.geometry]
        result.drawn = len(drawn)
        result.hexagons = hexbin(
            [answer.geometry for answer in drawn if answer.geometry is not None],
            keys=[answer.response_id for answer in drawn],
            epsg=epsg_for_country(country),
            size_m=PUBLIC_HEX_SIZE_M if public else HEX_SIZE_M,
            min_answers=MIN_PUBLIC if public else 1,
        )
        place_counts: Counter[str] = Counter(
            answer.place_area.name for answer in answers if answer.place_area is not None
        )
        result.places = [
            Cell(name, count, _percent(count, len(answers)))
            for name, count in sorted(place_counts.items())
        ]
        if public:
            _protect(result.places, partition=False)
        else:
            result.place_texts = [answer.place_text for answer in answers if answer.place_text]
    return result


def survey_results(survey: Survey, *, public: bool, language: str = "") -> SurveyResults:
    """Results of the complete responses, per question in order. `public` applies the
    small-number rules and leaves out free text."""
    language = language if language in survey.languages else survey.default_language
    responses = Response.objects.filter(survey=survey, complete=True)
    answers_by_question: dict[int, list[Answer]] = defaultdict(list)
    for answer in Answer.objects.filter(response__in=responses).select_related("place_area"):
        answers_by_question[answer.question_id].append(answer)
    country = survey.municipality.country
    totals = responses.aggregate(
        total=Count("pk"),
        assisted=Count("pk", filter=Q(assisted=True)),
        synthetic=Count("pk", filter=Q(synthetic=True)),
    )
    return SurveyResults(
        survey=survey,
        language=language,
        public=public,
        responses=totals["total"],
        assisted=totals["assisted"],
        synthetic=totals["synthetic"],
        questions=[
            _question_result(
                question,
                answers_by_question.get(question.pk, []),
                language=language,
                public=public,
                country=country,
            )
            for question in survey_questions(survey)
        ],
    )


def results_as_dict(results: SurveyResults) -> dict[str, Any]:
    """The results as plain data for the API (hidden counts as null)."""

    def cells(items: list[Cell]) -> list[dict[str, Any]]:
        return [
            {
                "label": cell.label,
                "count": cell.count,
                "percent": cell.percent,
                "hidden": cell.hidden,
            }
            for cell in items
        ]

    return {
        "survey_id": results.survey.pk,
        "public": results.public,
        "language": results.language,
        "responses": results.responses,
        "min_public": MIN_PUBLIC,
        "questions": [
            {
                "id": item.question.pk,
                "text": item.text,
                "kind": item.kind,
                "answered": item.answered,
                "breakdown_hidden": item.breakdown_hidden,
                "cells": cells(item.cells),
                "mean": item.mean,
                "matrix": [
                    {
                        "row": row.label,
                        "answered": row.answered,
                        "mean": row.mean,
                        "cells": cells(row.cells),
                    }
                    for row in item.matrix_rows
                ],
                "texts": item.texts,
                "places": cells(item.places),
                "place_texts": item.place_texts,
                "hexagons": item.hexagons,
            }
            for item in results.questions
        ],
    }


# --- exports ---------------------------------------------------------------------------------


def _answer_cells(question: SurveyQuestion, answer: Answer | None, language: str) -> list[str]:
    if question.kind == QuestionKind.MATRIX:
        return [
            "" if answer is None or row_id not in answer.matrix else str(answer.matrix[row_id])
            for row_id in question.row_ids()
        ]
    if answer is None:
        return [""] if question.kind != QuestionKind.MAP else ["", "", ""]
    if question.kind in CHOICE_KINDS_VALUES or question.kind == QuestionKind.RANKING:
        labels = dict(_options(question, question.options, language))
        separator = " > " if question.kind == QuestionKind.RANKING else "; "
        return [separator.join(labels.get(str(choice), str(choice)) for choice in answer.choices)]
    if question.kind == QuestionKind.SCALE:
        return ["" if answer.number is None else str(answer.number)]
    if question.kind == QuestionKind.TEXT:
        return [answer.text]
    return [
        json.dumps(answer.geometry, separators=(",", ":")) if answer.geometry else "",
        answer.place_area.name if answer.place_area is not None else "",
        answer.place_text,
    ]


def _headers(question: SurveyQuestion, language: str) -> list[str]:
    text = question.text_in(language)
    if question.kind == QuestionKind.MATRIX:
        return [f"{text}: {label}" for _key, label in _options(question, question.rows, language)]
    if question.kind == QuestionKind.MAP:
        return [
            f"{text} (GeoJSON)",
            f"{text} ({_('sted fra listen')})",
            f"{text} ({_('sted med ord')})",
        ]
    return [text]


def export_rows(survey: Survey) -> list[list[str]]:
    """One header row, then one row per complete response (staff exports; no names)."""
    language = survey.default_language
    questions = survey_questions(survey)
    header = [_("svar-id"), _("sendt inn"), _("språk"), _("registrert av ansatt"), _("oppdiktet")]
    for question in questions:
        header.extend(_headers(question, language))
    rows = [header]
    responses = Response.objects.filter(survey=survey, complete=True).order_by("submitted_at", "pk")
    answers: dict[tuple[int, int], Answer] = {
        (answer.response_id, answer.question_id): answer
        for answer in Answer.objects.filter(response__in=responses).select_related("place_area")
    }
    for response in responses:
        submitted = timezone.localtime(response.submitted_at) if response.submitted_at else None
        row = [
            str(response.pk),
            submitted.isoformat(timespec="seconds") if submitted else "",
            response.language,
            _("ja") if response.assisted else _("nei"),
            _("ja") if response.synthetic else _("nei"),
        ]
        for question in questions:
            row.extend(_answer_cells(question, answers.get((response.pk, question.pk)), language))
        rows.append(row)
    return rows


def export_csv(survey: Survey) -> str:
    output = io.StringIO()
    writer = csv.writer(output)
    for row in export_rows(survey):
        writer.writerow([_spreadsheet_safe(value) for value in row])
    return output.getvalue()


def _spreadsheet_safe(value: str) -> str:
    """Free text that starts like a formula is prefixed, so a spreadsheet shows it as text."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") and not _is_number(value) else value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def export_xlsx(survey: Survey) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Svar")[:31]
    for row in export_rows(survey):
        sheet.append([_spreadsheet_safe(value) for value in row])
    if survey.synthetic:
        notes = workbook.create_sheet(_("Merknad")[:31])
        notes.append([_("Svarene er oppdiktet (syntetiske) eksempler.")])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def export_geojson(survey: Survey) -> dict[str, Any]:
    """Every drawn map answer as a feature (staff export)."""
    language = survey.default_language
    features = []
    answers = (
        Answer.objects.filter(
            response__survey=survey, response__complete=True, question__kind=QuestionKind.MAP
        )
        .exclude(geometry=None)
        .select_related("question", "question__survey", "response")
        .order_by("response_id", "question_id")
    )
    for answer in answers:
        features.append(
            {
                "type": "Feature",
                "geometry": answer.geometry,
                "properties": {
                    "response_id": answer.response_id,
                    "question_id": answer.question_id,
                    "question": answer.question.text_in(language),
                    "language": answer.response.language,
                    "submitted_at": _iso(answer.response.submitted_at),
                    "assisted": answer.response.assisted,
                    "synthetic": answer.response.synthetic,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


# --- children's map registrations ------------------------------------------------------------


def childmap_sessions_of(municipality: Municipality) -> QuerySet[ChildMapSession]:
    return cast(
        "QuerySet[ChildMapSession]",
        ChildMapSession.objects.in_municipality(municipality)
        .select_related("area", "municipality")
        .annotate(mark_count=Count("marks"))
        .order_by("-opens_at", "-pk"),
    )


def childmap_session_by_code(municipality: Municipality, code: str) -> ChildMapSession | None:
    """The open session with this code in this municipality (children type the code)."""
    return (
        ChildMapSession.objects.in_municipality(municipality)
        .filter(code=code, is_open=True)
        .select_related("area", "municipality")
        .first()
    )


def childmap_open_session_by_code(code: str) -> ChildMapSession | None:
    return (
        ChildMapSession.objects.filter(code=code, is_open=True)
        .select_related("area", "municipality")
        .first()
    )


def childmap_place_choices(session: ChildMapSession) -> list[Area]:
    if session.area is None:
        return list(Area.objects.in_municipality(session.municipality).order_by("name")[:200])
    return [session.area, *session.area.children.order_by("name")]


@dataclass
class ChildMapSummary:
    marks: int
    by_kind: list[tuple[str, int]]
    by_transport: list[tuple[str, int]]
    want_change: int
    hexagons: dict[str, dict[str, Any]]
    comments: list[ChildMapMark]
    places_in_words: list[ChildMapMark]


def childmap_marks(
    municipality: Municipality,
    *,
    session: ChildMapSession | None = None,
    school_name: str = "",
    grade_group: str = "",
) -> QuerySet[ChildMapMark]:
    marks = ChildMapMark.objects.filter(session__municipality=municipality)
    if session is not None:
        marks = marks.filter(session=session)
    if school_name:
        marks = marks.filter(session__school_name=school_name)
    if grade_group:
        marks = marks.filter(session__grade_group=grade_group)
    return marks.select_related("session", "place_area").order_by("session_id", "pk")


def childmap_summary(marks: QuerySet[ChildMapMark], *, country: str) -> ChildMapSummary:
    """Staff's view: counts per type and transport mode, a hexagon map per type, comments."""
    rows = list(marks)
    kinds = Counter(mark.kind for mark in rows)
    transports = Counter(mark.transport_mode for mark in rows if mark.transport_mode)
    epsg = epsg_for_country(country)
    hexagons = {
        kind.value: hexbin(
            [mark.geometry for mark in rows if mark.kind == kind and mark.geometry],
            epsg=epsg,
            size_m=HEX_SIZE_M,
        )
        for kind in MarkKind
    }
    return ChildMapSummary(
        marks=len(rows),
        by_kind=[(str(kind.label), kinds.get(kind.value, 0)) for kind in MarkKind],
        by_transport=[(str(mode.label), transports.get(mode.value, 0)) for mode in TransportMode],
        want_change=sum(1 for mark in rows if mark.want_change),
        hexagons=hexagons,
        comments=[mark for mark in rows if mark.comment],
        places_in_words=[mark for mark in rows if mark.place_text or mark.place_area_id],
    )


def childmap_school_point(session: ChildMapSession) -> dict[str, Any] | None:
    """Where the school is (a GeoJSON Point, WGS84), or None when not set or not a point."""
    location = session.school_location
    if (
        isinstance(location, dict)
        and location.get("type") == "Point"
        and isinstance(location.get("coordinates"), list)
        and len(location["coordinates"]) == 2
    ):
        return location
    return None


def childmap_school_geojson(session: ChildMapSession) -> dict[str, Any]:
    """The school as a one-feature collection for the children's map (labelled "Skolen" and
    the school's name), or an empty collection."""
    point = childmap_school_point(session)
    label = _("Skolen: %(name)s") % {"name": session.school_name}
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": point,
                "properties": {"kind": "school", "name": session.school_name, "label": label},
            }
        ]
        if point is not None
        else [],
    }


def childmap_geojson(
    marks: QuerySet[ChildMapMark], *, session: ChildMapSession | None = None
) -> dict[str, Any]:
    """The drawn marks with Barnetråkk's object type (`objekttype`) as a property (staff);
    with a session whose school has a place, the school last (`objekttype` "Skole")."""
    school = childmap_school_point(session) if session is not None else None
    school_features = (
        [
            {
                "type": "Feature",
                "geometry": school,
                "properties": {
                    "objekttype": "Skole",
                    "skole": session.school_name,
                    "trinn": session.grade_group,
                    "okt": session.pk,
                    "syntetisk": session.synthetic,
                },
            }
        ]
        if session is not None and school is not None
        else []
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": mark.geometry,
                "properties": {
                    "objekttype": mark.kind,
                    "onsker_endring": mark.want_change,
                    "transportmiddel": mark.transport_mode or None,
                    "kommentar": mark.comment,
                    "skole": mark.session.school_name,
                    "trinn": mark.session.grade_group,
                    "okt": mark.session_id,
                    "registrert": _iso(mark.created_at),
                    "syntetisk": mark.synthetic or mark.session.synthetic,
                },
            }
            for mark in marks
            if mark.geometry
        ]
        + school_features,
    }


SURVEY_CLOSING_SOON_DAYS = 14


def surveys_closing_soon(user: AnyUser, municipality: Municipality) -> list[Survey]:
    """Open surveys that close within two weeks, for the participation staff who run them
    ("Mitt arbeid"), soonest closing first; nothing for anyone else."""
    if not can_run_participation(user, municipality):
        return []
    now = timezone.now()
    soon = now + timedelta(days=SURVEY_CLOSING_SOON_DAYS)
    surveys = (
        Survey.objects.in_municipality(municipality)
        .filter(is_published=True, closes_at__gt=now, closes_at__lte=soon)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .select_related("municipality")
        .order_by("closes_at", "pk")
    )
    return list(surveys)


def childmap_own_marks(session: ChildMapSession, mark_ids: Sequence[int]) -> list[ChildMapMark]:
    """What one child has saved in the session, by the ids their browser remembers (a signed
    cookie: nothing on the server ties a mark to a child)."""
    return list(
        ChildMapMark.objects.filter(session=session, pk__in=list(mark_ids))
        .select_related("place_area")
        .order_by("pk")
    )


def childmap_own_geojson(marks: Sequence[ChildMapMark]) -> dict[str, Any]:
    """The child's own drawings for the map, without the free text."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": mark.geometry,
                "properties": {"kind": mark.kind, "label": mark.get_kind_display()},
            }
            for mark in marks
            if mark.geometry
        ],
    }
