"""Survey results: counts and percentages, small-number protection on public results, the
hexagon aggregation, and the exports parsed back."""

from __future__ import annotations

import csv
import io
import math
from typing import Any

import pytest
from openpyxl import load_workbook
from pyproj import Transformer

from omrade.participation.surveys import selectors
from omrade.participation.surveys.hexbin import (
    counted_positions,
    epsg_for_country,
    hex_center,
    hex_of,
    hexbin,
)
from omrade.participation.surveys.services import answers as answering
from omrade.participation.surveys.services import surveys as services
from tests.participation.test_surveys import make_survey, publish

pytestmark = pytest.mark.django_db


def survey_with_choice(tenants: Any) -> tuple[Any, Any, Any, Any]:
    survey = make_survey(tenants.home)
    page = survey.pages.get()
    choice = services.survey_question_add(
        page=page,
        kind="single",
        text={"nb": "Trives du?", "en": "Do you like it here?"},
        options=[
            {"id": "yes", "text": {"nb": "Ja", "en": "Yes"}},
            {"id": "no", "text": {"nb": "Nei"}},
            {"id": "unsure", "text": {"nb": "Vet ikke"}},
        ],
    )
    text = services.survey_question_add(page=page, kind="text", text={"nb": "Hvorfor?"})
    where = services.survey_question_add(
        page=page, kind="map", text={"nb": "Hvor er det godt å være?"}, geometry_kind="point"
    )
    publish(survey)
    return survey, choice, text, where


def answer(survey: Any, number: int, choice: Any, option: str, **more: Any) -> None:
    answers = {choice.pk: {"choices": [option]}}
    for question, raw in more.items():
        answers[int(question)] = raw
    answering.response_submit(survey=survey, answers=answers, fingerprint=f"client-{number}")


def test_staff_results_count_everything(tenants: Any) -> None:
    survey, choice, text, _where = survey_with_choice(tenants)
    for number, option in enumerate(["yes", "yes", "no"]):
        answer(survey, number, choice, option, **{str(text.pk): {"text": f"Svar {number}"}})
    results = selectors.survey_results(survey, public=False)
    assert results.responses == 3
    first = results.questions[0]
    assert [(cell.label, cell.count, cell.percent) for cell in first.cells] == [
        ("Ja", 2, 66.7),
        ("Nei", 1, 33.3),
        ("Vet ikke", 0, 0.0),
    ]
    assert results.questions[1].texts == ["Svar 0", "Svar 1", "Svar 2"]
    english = selectors.survey_results(survey, public=False, language="en")
    assert [cell.label for cell in english.questions[0].cells] == ["Yes", "Nei", "Vet ikke"]


def test_public_results_with_four_answers_show_no_breakdown(tenants: Any) -> None:
    survey, choice, text, _where = survey_with_choice(tenants)
    for number in range(4):
        answer(survey, number, choice, "yes", **{str(text.pk): {"text": "hemmelig"}})
    public = selectors.survey_results(survey, public=True)
    first = public.questions[0]
    assert first.answered == 4
    assert first.breakdown_hidden is True
    assert first.cells == []
    assert public.questions[1].texts == []  # free text is never public


def test_public_results_with_five_answers_are_shown(tenants: Any) -> None:
    survey, choice, _text, _where = survey_with_choice(tenants)
    for number in range(5):
        answer(survey, number, choice, "yes")
    first = selectors.survey_results(survey, public=True).questions[0]
    assert first.breakdown_hidden is False
    assert [(cell.label, cell.count) for cell in first.cells] == [
        ("Ja", 5),
        ("Nei", 0),
        ("Vet ikke", 0),
    ]


def test_public_small_categories_are_hidden_with_a_second_one(tenants: Any) -> None:
    survey, choice, _text, _where = survey_with_choice(tenants)
    options = ["yes"] * 6 + ["no"] * 5 + ["unsure"] * 2
    for number, option in enumerate(options):
        answer(survey, number, choice, option)
    cells = selectors.survey_results(survey, public=True).questions[0].cells
    # "Vet ikke" (2) is small; "Nei" (5) is hidden too, so 2 cannot be worked out from 13.
    assert [(cell.label, cell.count, cell.hidden) for cell in cells] == [
        ("Ja", 6, False),
        ("Nei", None, True),
        ("Vet ikke", None, True),
    ]
    staff = selectors.survey_results(survey, public=False).questions[0].cells
    assert [cell.count for cell in staff] == [6, 5, 2]


def test_public_hexagons_need_five_answers(tenants: Any) -> None:
    survey, choice, _text, where = survey_with_choice(tenants)
    for number in range(5):  # five answers in one spot, one elsewhere
        answer(
            survey,
            number,
            choice,
            "yes",
            **{str(where.pk): {"geometry": {"type": "Point", "coordinates": [10.93, 59.215]}}},
        )
    answer(
        survey,
        9,
        choice,
        "no",
        **{str(where.pk): {"geometry": {"type": "Point", "coordinates": [10.905, 59.205]}}},
    )
    public = selectors.survey_results(survey, public=True).questions[2].hexagons
    assert public is not None
    assert [feature["properties"]["count"] for feature in public["features"]] == [5]
    assert public["hexagons_left_out"] == 1
    staff = selectors.survey_results(survey, public=False).questions[2].hexagons
    assert staff is not None
    assert sorted(feature["properties"]["count"] for feature in staff["features"]) == [1, 5]


# --- hexbin ----------------------------------------------------------------------------------


def test_hexbin_counts_points_line_vertices_and_polygon_centroids() -> None:
    epsg = epsg_for_country("NO")
    forward = Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True)
    backward = Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4326", always_xy=True)
    size = 100.0
    # Two hexagon centres far apart, in metres, back to lon/lat.
    x0, y0 = forward.transform(10.93, 59.215)
    q0, r0 = hex_of(x0, y0, size)
    cx0, cy0 = hex_center(q0, r0, size)
    cx1, cy1 = hex_center(q0 + 4, r0, size)
    a = backward.transform(cx0, cy0)
    b = backward.transform(cx1, cy1)
    near_a = backward.transform(cx0 + 10, cy0 - 10)
    geometries = [
        {"type": "Point", "coordinates": list(a)},
        {"type": "Point", "coordinates": list(near_a)},
        {"type": "LineString", "coordinates": [list(a), list(b), list(b)]},  # 1 in a, 2 in b
        {
            "type": "Polygon",  # centroid at b
            "coordinates": [
                [
                    list(backward.transform(cx1 - 20, cy1 - 20)),
                    list(backward.transform(cx1 + 20, cy1 - 20)),
                    list(backward.transform(cx1 + 20, cy1 + 20)),
                    list(backward.transform(cx1 - 20, cy1 + 20)),
                    list(backward.transform(cx1 - 20, cy1 - 20)),
                ]
            ],
        },
    ]
    result = hexbin(geometries, keys=["r1", "r2", "r3", "r4"], epsg=epsg, size_m=size)
    cells = {
        (f["properties"]["q"], f["properties"]["r"]): f["properties"] for f in result["features"]
    }
    assert cells[(q0, r0)]["count"] == 3
    assert cells[(q0, r0)]["answers"] == 3
    assert cells[(q0 + 4, r0)]["count"] == 3
    assert cells[(q0 + 4, r0)]["answers"] == 2
    assert len(cells) == 2
    ring = result["features"][0]["geometry"]["coordinates"][0]
    assert len(ring) == 7  # a closed hexagon
    assert ring[0] == ring[-1]
    only_big = hexbin(
        geometries, keys=["r1", "r2", "r3", "r4"], epsg=epsg, size_m=size, min_answers=3
    )
    assert [f["properties"]["answers"] for f in only_big["features"]] == [3]
    assert only_big["hexagons_left_out"] == 1


def test_hexagon_geometry_is_flat_top_with_the_right_size() -> None:
    corners_x = [
        hex_center(0, 0, 100.0)[0] + 100.0 * math.cos(math.radians(60 * k)) for k in range(6)
    ]
    assert max(corners_x) - min(corners_x) == pytest.approx(200.0)
    assert hex_of(0.0, 0.0, 100.0) == (0, 0)
    assert hex_of(150.0, 86.6, 100.0) == (1, 0)
    assert counted_positions({"type": "MultiPoint", "coordinates": [[1, 2], [3, 4]]}) == [
        (1.0, 2.0),
        (3.0, 4.0),
    ]
    assert epsg_for_country("DK") == 25832


# --- exports ---------------------------------------------------------------------------------


def test_exports_parse_back(tenants: Any) -> None:
    survey, choice, text, where = survey_with_choice(tenants)
    answer(
        survey,
        1,
        choice,
        "yes",
        **{
            str(text.pk): {"text": '=HYPERLINK("x")'},
            str(where.pk): {"geometry": {"type": "Point", "coordinates": [10.93, 59.215]}},
        },
    )
    answer(survey, 2, choice, "no", **{str(where.pk): {"place_text": "Ved kirka"}})
    rows = list(csv.reader(io.StringIO(selectors.export_csv(survey))))
    assert rows[0][5:] == [
        "Trives du?",
        "Hvorfor?",
        "Hvor er det godt å være? (GeoJSON)",
        "Hvor er det godt å være? (sted fra listen)",
        "Hvor er det godt å være? (sted med ord)",
    ]
    assert rows[1][5:7] == ["Ja", '\'=HYPERLINK("x")']  # a formula stays text
    assert rows[1][7] == '{"type":"Point","coordinates":[10.93,59.215]}'
    assert rows[2][5] == "Nei"
    assert rows[2][9] == "Ved kirka"
    assert len(rows) == 3

    sheet = load_workbook(io.BytesIO(selectors.export_xlsx(survey))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][5] == "Trives du?"
    assert values[1][5] == "Ja"
    assert len(values) == 3

    geojson = selectors.export_geojson(survey)
    assert len(geojson["features"]) == 1
    feature = geojson["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [10.93, 59.215]}
    assert feature["properties"]["question"] == "Hvor er det godt å være?"
