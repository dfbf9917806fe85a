"""Reading statistics files: real SSB JSON-stat 2 and grunnkrets JSON, and small hand-made
JSON-stat, CSV, XLSX and JSON files covering every shape and every mistake we refuse."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from omrade.areas.periods import Period, PeriodKind, parse_period
from omrade.areas.readers import (
    DEFAULT_SYMBOLS,
    ReadError,
    StatisticRow,
    _new_row,
    detect_format,
    parse_value,
    read_jsonstat,
    read_table,
)
from omrade.areas.statuses import ValueStatus
from tests.conftest import needs_shared_data

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
FILES = Path(__file__).resolve().parent / "files" / "readers"
SSB_EN = SHARED_DATA / "ssb-jsonstat2" / "ssb_03024_pxwebapi_v2_en.json"
SSB_NO = SHARED_DATA / "ssb-jsonstat2" / "ssb_03024_pxwebapi_v2_no.json"
IMMIGRANTS = SHARED_DATA / "baerum-asker-grunnkretser" / "immigrants.json"

OK = ValueStatus.OK
Y2024 = parse_period("2024")
Y2023 = parse_period("2023")


# ---------------------------------------------------------------------------------------------
# parse_value


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (7, 7.0),
        (7.25, 7.25),
        (-3, -3.0),
        ("7.53", 7.53),
        ("7,53", 7.53),
        (" 12 ", 12.0),
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),  # no-break space, as spreadsheets write thousands
        ("1\u202f234", 1234.0),  # narrow no-break space
        ("−3,5", -3.5),  # typographic minus sign
        ("1.234,5", 1234.5),  # Danish thousands
        ("1,234.5", 1234.5),  # English thousands
        ("0", 0.0),
        ("1e3", 1000.0),
    ],
)
def test_parse_value_reads_numbers(raw: object, value: float) -> None:
    assert parse_value(raw) == (value, OK)


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (None, ValueStatus.NOT_AVAILABLE),
        ("", ValueStatus.NOT_AVAILABLE),
        ("   ", ValueStatus.NOT_AVAILABLE),
        (".", ValueStatus.NOT_APPLICABLE),
        ("..", ValueStatus.NOT_AVAILABLE),
        ("...", ValueStatus.NOT_YET_AVAILABLE),
        (":", ValueStatus.SUPPRESSED),
        (" : ", ValueStatus.SUPPRESSED),
        ("-", ValueStatus.NIL),
        ("*", ValueStatus.NOT_AVAILABLE),
        ("x", ValueStatus.SUPPRESSED),
        ("X", ValueStatus.SUPPRESSED),
    ],
)
def test_parse_value_reads_every_symbol_without_inventing_a_number(
    raw: object, status: ValueStatus
) -> None:
    assert parse_value(raw) == (None, status)


def test_a_trailing_star_marks_a_provisional_value() -> None:
    assert parse_value("7,5*") == (7.5, ValueStatus.PROVISIONAL)
    assert parse_value("1 234 *") == (1234.0, ValueStatus.PROVISIONAL)


def test_symbols_can_be_given_other_meanings() -> None:
    suppressed_dash = {"-": ValueStatus.SUPPRESSED}

    assert parse_value("-", symbols=suppressed_dash) == (None, ValueStatus.SUPPRESSED)
    assert parse_value("..", symbols=suppressed_dash) == (None, ValueStatus.NOT_AVAILABLE)
    assert parse_value("-", symbols={}) == (None, ValueStatus.NIL)
    assert parse_value("n/a", symbols={"n/a": ValueStatus.NOT_APPLICABLE}) == (
        None,
        ValueStatus.NOT_APPLICABLE,
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("12abc", "«12abc» er ikke et tall."),
        (" 12abc ", "«12abc» er ikke et tall."),
        ("nan", "«nan» er ikke et tall."),
        ("NaN", "«NaN» er ikke et tall."),
        ("inf", "«inf» er ikke et tall."),
        ("-Infinity", "«-Infinity» er ikke et tall."),
        (float("nan"), "«nan» er ikke et tall."),
        (float("inf"), "«inf» er ikke et tall."),
        ("1_000", "«1_000» er ikke et tall."),
        ("1,2,3", "«1,2,3» er ikke et tall."),
        ("1.2,3.4", "«1.2,3.4» er ikke et tall."),
        ("**", "«**» er ikke et tall."),
        (True, "«True» er ikke et tall."),
        ([1], "«[1]» er ikke et tall."),
    ],
)
def test_parse_value_refuses_what_is_not_a_number(raw: object, message: str) -> None:
    with pytest.raises(ValueError, match="er ikke et tall") as caught:
        parse_value(raw)

    assert str(caught.value) == message


def test_a_symbol_that_means_a_value_needs_a_number() -> None:
    with pytest.raises(ValueError, match="status med verdi") as caught:
        parse_value("*", symbols={"*": ValueStatus.PROVISIONAL})

    assert str(caught.value) == "«*» betyr en status med verdi, men feltet har ikke noe tall."


def test_default_symbols_are_read_only() -> None:
    with pytest.raises(TypeError):
        DEFAULT_SYMBOLS["-"] = ValueStatus.SUPPRESSED  # type: ignore[index]


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_finite_number_survives_text_with_dot_or_comma(number: float) -> None:
    assert parse_value(repr(number)) == (number, OK)
    assert parse_value(repr(number).replace(".", ",")) == (number, OK)
    assert parse_value(number) == (number, OK)


# ---------------------------------------------------------------------------------------------
# StatisticRow


def test_fast_rows_equal_rows_made_the_ordinary_way() -> None:
    fast = _new_row("rad 2", "0301", Y2024, "poverty", 7.5, OK, 75.0, 1000.0)
    ordinary = StatisticRow("rad 2", "0301", Y2024, "poverty", 7.5, OK, 75.0, 1000.0)

    assert type(fast) is StatisticRow
    assert fast == ordinary
    assert hash(fast) == hash(ordinary)
    assert repr(fast) == repr(ordinary)
    assert dataclasses.replace(fast, value=8.0).value == 8.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.value = 1.0  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------
# detect_format


def _xlsx(rows: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@needs_shared_data
def test_detect_format() -> None:
    assert detect_format(SSB_EN.name, SSB_EN.read_bytes()) == "jsonstat"
    assert detect_format("download.txt", SSB_NO.read_bytes()) == "jsonstat"
    pxweb_v1 = (FILES / "pxwebapi_v1_jsonstat1.json").read_bytes()
    assert detect_format("befolkning.json", pxweb_v1) == "jsonstat"
    assert detect_format(IMMIGRANTS.name, IMMIGRANTS.read_bytes()) == "json"
    assert detect_format("records", b'\xef\xbb\xbf[{"a": 1}]') == "json"
    assert detect_format("data.xlsx", _xlsx([["a"]])) == "xlsx"
    assert detect_format("wrongly-named.csv", _xlsx([["a"]])) == "xlsx"
    assert detect_format("data.csv", b"area;year;value\n0301;2024;1\n") == "csv"
    assert detect_format("data", b"area,year,value\n") == "csv"


def test_detect_format_refuses_old_spreadsheets() -> None:
    with pytest.raises(ReadError) as caught:
        detect_format("tall.xls", b"\xd0\xcf\x11\xe0")

    assert str(caught.value) == (
        "Filen tall.xls er ikke en XLSX-fil. Lagre den som XLSX eller CSV (UTF-8)."
    )


# ---------------------------------------------------------------------------------------------
# JSON-stat: the real SSB files (table 03024, weekly salmon exports; not regional, so the
# commodity group stands in for the area)


def _read_ssb(path: Path, **options: Any) -> list[StatisticRow]:
    arguments: dict[str, Any] = {
        "file_label": path.name,
        "area_dimension": "VareGrupper2",
        "period_dimension": "Tid",
        "indicator_dimension": "ContentsCode",
    }
    return read_jsonstat(path.read_bytes(), **(arguments | options))


@needs_shared_data
def test_real_ssb_file_in_english() -> None:
    rows = _read_ssb(SSB_EN)

    assert len(rows) == 2 * 2 * 43
    week_1 = Period(date(2024, 12, 30), date(2025, 1, 5), PeriodKind.WEEK)
    assert rows[0] == StatisticRow(
        "verdi 0 (VareGrupper2=01, ContentsCode=Vekt, Tid=2025U01)",
        "01",
        week_1,
        "Vekt",
        11364.0,
        OK,
    )
    assert rows[42].period.code == "2025U43"
    assert rows[42].value == 25886.0
    assert (rows[43].indicator_code, rows[43].period, rows[43].value) == (
        "Kilopris",
        week_1,
        125.36,
    )
    assert rows[86].source == "verdi 86 (VareGrupper2=02, ContentsCode=Vekt, Tid=2025U01)"
    assert (rows[86].area_code, rows[86].value) == ("02", 255.0)
    assert rows[-1] == StatisticRow(
        "verdi 171 (VareGrupper2=02, ContentsCode=Kilopris, Tid=2025U43)",
        "02",
        parse_period("2025U43"),
        "Kilopris",
        74.86,
        OK,
    )
    assert {row.status for row in rows} == {OK}
    assert sum(row.value or 0 for row in rows if row.indicator_code == "Vekt") == sum(
        json.loads(SSB_EN.read_bytes())["value"][i] for i in (*range(43), *range(86, 129))
    )


@needs_shared_data
def test_real_ssb_file_in_norwegian_with_an_indicator_map() -> None:
    rows = _read_ssb(SSB_NO, indicator_map={"Vekt": "laks-tonn", "Kilopris": "laks-kilopris"})

    assert len(rows) == 2 * 2 * 39
    assert {row.indicator_code for row in rows} == {"laks-tonn", "laks-kilopris"}
    last = rows[-1]
    assert (last.area_code, last.indicator_code, last.period.code, last.value) == (
        "02",
        "laks-kilopris",
        "2025U39",
        71.33,
    )
    assert [row.value for row in rows[:3]] == [11364.0, 15939.0, 17325.0]


@needs_shared_data
def test_real_ssb_file_with_an_unmapped_category() -> None:
    with pytest.raises(ReadError) as caught:
        _read_ssb(SSB_EN, indicator_map={"Vekt": "laks-tonn"})

    assert str(caught.value) == (
        "Filen ssb_03024_pxwebapi_v2_en.json: dimensjonen ContentsCode har kategorier uten "
        "indikator: Kilopris."
    )


@needs_shared_data
def test_real_ssb_file_needs_its_contents_dimension_named() -> None:
    with pytest.raises(ReadError) as caught:
        _read_ssb(SSB_EN, indicator_dimension=None, indicator="laks")

    assert str(caught.value) == (
        "Filen ssb_03024_pxwebapi_v2_en.json: dimensjonen ContentsCode har 2 kategorier; "
        "oppgi --indicator-dimension ContentsCode hvis den holder indikatorene, ellers hent ut "
        "én kategori."
    )


@needs_shared_data
def test_unknown_dimension_lists_the_dimensions_there_are() -> None:
    with pytest.raises(ReadError) as caught:
        _read_ssb(SSB_EN, area_dimension="Region")

    assert str(caught.value) == (
        "Filen ssb_03024_pxwebapi_v2_en.json har ingen dimensjon «Region». "
        "Dimensjonene er: VareGrupper2, ContentsCode, Tid."
    )


@needs_shared_data
def test_indicator_and_indicator_dimension_exclude_each_other() -> None:
    expected = (
        "Filen ssb_03024_pxwebapi_v2_en.json: oppgi enten --indicator eller "
        "--indicator-dimension (én av dem)."
    )
    with pytest.raises(ReadError) as caught:
        _read_ssb(SSB_EN, indicator="laks")
    assert str(caught.value) == expected
    with pytest.raises(ReadError) as caught:
        _read_ssb(SSB_EN, indicator_dimension=None)
    assert str(caught.value) == expected


# ---------------------------------------------------------------------------------------------
# JSON-stat: small hand-made datasets, one variation of the standard each


def _dataset(**changes: Any) -> dict[str, Any]:
    """Two regions x two periods x one contents code; role null, index as objects."""
    dataset: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": "Test",
        "role": None,
        "id": ["Region", "ContentsCode", "Tid"],
        "size": [2, 1, 2],
        "dimension": {
            "Region": {
                "label": "region",
                "category": {
                    "index": {"0301": 0, "4601": 1},
                    "label": {"0301": "Oslo", "4601": "Bergen"},
                },
            },
            # No index: a single category named by its label, as the standard allows.
            "ContentsCode": {"label": "innhold", "category": {"label": {"Andel": "Andel"}}},
            "Tid": {
                "label": "tid",
                "category": {"index": {"2020_2020": 0, "2024K3": 1}},
            },
        },
        "value": [1.5, 2, None, 4],
    }
    dataset.update(changes)
    return dataset


def _read(dataset: dict[str, Any], **options: Any) -> list[StatisticRow]:
    arguments: dict[str, Any] = {
        "file_label": "test.json",
        "area_dimension": "Region",
        "period_dimension": "Tid",
        "indicator": "andel",
    }
    return read_jsonstat(json.dumps(dataset).encode(), **(arguments | options))


def _cells(rows: list[StatisticRow]) -> list[tuple[str, str, float | None, ValueStatus]]:
    return [(row.area_code, row.period.code, row.value, row.status) for row in rows]


Q3 = parse_period("2024K3")


def test_hand_made_dataset() -> None:
    rows = _read(_dataset())

    assert rows == [
        StatisticRow(
            "verdi 0 (Region=0301, Tid=2020_2020)", "0301", parse_period(2020), "andel", 1.5, OK
        ),
        StatisticRow("verdi 1 (Region=0301, Tid=2024K3)", "0301", Q3, "andel", 2.0, OK),
        StatisticRow(
            "verdi 2 (Region=4601, Tid=2020_2020)",
            "4601",
            parse_period(2020),
            "andel",
            None,
            ValueStatus.NOT_AVAILABLE,
        ),
        StatisticRow("verdi 3 (Region=4601, Tid=2024K3)", "4601", Q3, "andel", 4.0, OK),
    ]
    assert rows[0].period.kind is PeriodKind.YEAR
    assert rows[1].period.kind is PeriodKind.QUARTER


def test_category_index_as_array_reads_like_an_object() -> None:
    dataset = _dataset()
    dataset["dimension"]["Region"]["category"]["index"] = ["0301", "4601"]
    dataset["dimension"]["Tid"]["category"]["index"] = ["2020_2020", "2024K3"]

    assert _read(dataset) == _read(_dataset())


def test_category_index_object_order_is_by_position_not_by_key() -> None:
    dataset = _dataset()
    dataset["dimension"]["Region"]["category"]["index"] = {"4601": 1, "0301": 0}

    assert [row.area_code for row in _read(dataset)] == ["0301", "0301", "4601", "4601"]


def test_missing_role_and_version() -> None:
    dataset = _dataset()
    del dataset["role"]

    assert _cells(_read(dataset)) == _cells(_read(_dataset()))


def test_sparse_value_object() -> None:
    rows = _read(_dataset(value={"3": 4, "0": 1.5}))

    assert _cells(rows) == [("0301", "2020", 1.5, OK), ("4601", "2024K3", 4.0, OK)]
    assert [row.source for row in rows] == [
        "verdi 0 (Region=0301, Tid=2020_2020)",
        "verdi 3 (Region=4601, Tid=2024K3)",
    ]


def test_status_as_one_string_for_all_values() -> None:
    rows = _read(_dataset(status="*"))

    assert _cells(rows) == [
        ("0301", "2020", 1.5, ValueStatus.PROVISIONAL),
        ("0301", "2024K3", 2.0, ValueStatus.PROVISIONAL),
        ("4601", "2020", None, ValueStatus.NOT_AVAILABLE),  # provisional, but nothing sent
        ("4601", "2024K3", 4.0, ValueStatus.PROVISIONAL),
    ]


def test_status_as_array_maps_every_ssb_symbol() -> None:
    rows = _read(_dataset(value=[1, 2, 3, 4], status=[None, ":", "..", "-"]))

    assert _cells(rows) == [
        ("0301", "2020", 1.0, OK),
        ("0301", "2024K3", None, ValueStatus.SUPPRESSED),  # the number sent is not kept
        ("4601", "2020", None, ValueStatus.NOT_AVAILABLE),
        ("4601", "2024K3", None, ValueStatus.NIL),
    ]


def test_status_as_object_keyed_by_position() -> None:
    rows = _read(_dataset(value=[1, 0, 3, None], status={"1": ":", "3": "..."}))

    assert _cells(rows) == [
        ("0301", "2020", 1.0, OK),
        ("0301", "2024K3", None, ValueStatus.SUPPRESSED),
        ("4601", "2020", 3.0, OK),
        ("4601", "2024K3", None, ValueStatus.NOT_YET_AVAILABLE),
    ]


def test_sparse_values_with_a_status_but_no_value() -> None:
    rows = _read(_dataset(value={"0": 5}, status={"2": "."}))

    assert _cells(rows) == [("0301", "2020", 5.0, OK), ("4601", "2020", None, "not_applicable")]


def test_symbols_override_status_meanings() -> None:
    rows = _read(
        _dataset(value=[1, 2, 3, 4], status=["-", "e", None, None]),
        symbols={
            "-": ValueStatus.SUPPRESSED,
            "e": OK,  # Eurostat's "estimated": keep the value
        },
    )

    assert _cells(rows)[:2] == [
        ("0301", "2020", None, ValueStatus.SUPPRESSED),
        ("0301", "2024K3", 2.0, OK),
    ]


def test_unknown_status_symbol() -> None:
    with pytest.raises(ReadError) as caught:
        _read(_dataset(status={"1": "e"}))

    assert str(caught.value) == (
        "Filen test.json, verdi 1 (Region=0301, Tid=2024K3), felt «status»: ukjent statussymbol «e»"
    )


def test_symbols_sent_as_values() -> None:
    rows = _read(_dataset(value=["..", ":", "1,5", None]))

    assert [row.status for row in rows] == [
        ValueStatus.NOT_AVAILABLE,
        ValueStatus.SUPPRESSED,
        OK,
        ValueStatus.NOT_AVAILABLE,
    ]
    assert rows[2].value == 1.5


def test_indicator_dimension_without_a_map_uses_category_codes() -> None:
    rows = _read(_dataset(), indicator=None, indicator_dimension="ContentsCode")

    assert {row.indicator_code for row in rows} == {"Andel"}
    assert rows[0].source == "verdi 0 (Region=0301, ContentsCode=Andel, Tid=2020_2020)"


def test_indicator_map_merging_two_categories_with_different_values_is_refused() -> None:
    dataset = _dataset(size=[2, 2, 2], value=[1, 2, 3, 4, 5, 6, 7, 8])
    dataset["dimension"]["ContentsCode"]["category"] = {"index": ["A", "B"]}

    with pytest.raises(ReadError) as caught:
        _read(
            dataset,
            indicator=None,
            indicator_dimension="ContentsCode",
            indicator_map={
                "A": "andel",
                "B": "andel",
            },
        )

    assert str(caught.value) == (
        "Filen test.json har to ulike verdier for område 0301, indikator andel og periode 2020: "
        "verdi 0 (Region=0301, ContentsCode=A, Tid=2020_2020) og "
        "verdi 2 (Region=0301, ContentsCode=B, Tid=2020_2020)."
    )


def test_extra_dimension_with_one_category_is_fine_and_two_are_refused() -> None:
    dataset = _dataset(id=["Kjonn", "Region", "ContentsCode", "Tid"], size=[1, 2, 1, 2])
    dataset["dimension"]["Kjonn"] = {"category": {"index": {"0": 0}}}
    assert len(_read(dataset)) == 4

    dataset["size"][0] = 2
    dataset["value"] = [1] * 8
    dataset["dimension"]["Kjonn"] = {"category": {"index": ["1", "2"]}}
    with pytest.raises(ReadError, match="dimensjonen Kjonn har 2 kategorier"):
        _read(dataset)


def test_bad_period_category_names_dimension_and_category() -> None:
    dataset = _dataset()
    dataset["dimension"]["Tid"]["category"]["index"] = {"2020": 0, "2024K5": 1}

    with pytest.raises(ReadError) as caught:
        _read(dataset)

    assert str(caught.value) == (
        "Filen test.json, dimensjon «Tid», kategori «2024K5»: "
        "Perioden «2024K5» har kvartal 5, men et år har kvartal 1–4."
    )


@pytest.mark.parametrize(
    ("changes", "detail"),
    [
        ({"value": [1, 2, 3]}, "value has 3 entries, expected 4"),
        ({"value": {"4": 1}}, "value keys"),
        ({"value": {"first": 1}}, "value keys"),
        ({"value": 7}, "value"),
        ({"size": [2, 1, 3]}, "dimension Tid: 2 categories, size 3"),
        ({"id": ["Region", "Tid"]}, "id/size"),
        ({"status": 7}, "status"),
    ],
)
def test_malformed_jsonstat(changes: dict[str, Any], detail: str) -> None:
    with pytest.raises(ReadError) as caught:
        _read(_dataset(**changes))

    assert str(caught.value) == f"Filen test.json er ikke gyldig JSON-stat: {detail}."


def test_not_a_dataset_and_not_json() -> None:
    with pytest.raises(ReadError) as caught:
        read_jsonstat(b'{"a": 1}', file_label="a.json", area_dimension="R", period_dimension="T")
    assert str(caught.value) == "Filen a.json er ikke et JSON-stat-datasett."

    with pytest.raises(ReadError) as caught:
        read_jsonstat(b'{"a": 1,\n', file_label="a.json", area_dimension="R", period_dimension="T")
    assert str(caught.value) == "Filen a.json er ikke gyldig JSON (feil på linje 2, kolonne 1)."


def test_empty_sparse_dataset_has_no_rows() -> None:
    with pytest.raises(ReadError, match=r"^Filen test.json har ingen rader\.$"):
        _read(_dataset(value={}))


def test_pxwebapi_v1_jsonstat1_wrapper() -> None:
    rows = read_jsonstat(
        (FILES / "pxwebapi_v1_jsonstat1.json").read_bytes(),
        file_label="befolkning.json",
        area_dimension="Region",
        period_dimension="Tid",
        indicator="befolkning",
    )

    assert _cells(rows) == [
        ("0301", "2022", 709037.0, OK),
        ("0301", "2023", 717710.0, OK),
        ("4601", "2022", 289330.0, OK),
        ("4601", "2023", 291189.0, ValueStatus.PROVISIONAL),
    ]


# ---------------------------------------------------------------------------------------------
# CSV


def _csv(text: str | bytes, **options: Any) -> list[StatisticRow]:
    arguments: dict[str, Any] = {
        "file_label": "data.csv",
        "file_format": "csv",
        "area_field": "area",
        "period_field": "year",
        "value_field": "value",
        "indicator": "poverty",
    }
    data = text.encode() if isinstance(text, str) else text
    return read_table(data, **(arguments | options))


def _csv_error(text: str | bytes, **options: Any) -> str:
    with pytest.raises(ReadError) as caught:
        _csv(text, **options)
    return str(caught.value)


def test_csv_with_commas() -> None:
    rows = _csv("area,year,value\n0301,2024,7.5\n3107,2023,12\n")

    assert rows == [
        StatisticRow("rad 2", "0301", Y2024, "poverty", 7.5, OK),
        StatisticRow("rad 3", "3107", Y2023, "poverty", 12.0, OK),
    ]


def test_csv_with_semicolons_decimal_commas_and_quotes() -> None:
    rows = _csv('area;year;value\n"0301";2024;"7,5"\n 0219 ;2023;1 234,5\n')

    assert _cells(rows) == [("0301", "2024", 7.5, OK), ("0219", "2023", 1234.5, OK)]


def test_csv_with_tabs() -> None:
    assert _cells(_csv("area\tyear\tvalue\n0301\t2024\t7,5\n")) == [("0301", "2024", 7.5, OK)]


def test_csv_delimiter_follows_the_header_when_the_sniffer_is_fooled() -> None:
    # Every data line has one comma, the header none: a sniffer may pick ",".
    text = "area;year;value\n" + "".join(f"{n:04d};2024;{n},5\n" for n in range(1, 30))

    rows = _csv(text)

    assert (rows[0].area_code, rows[0].value) == ("0001", 1.5)
    assert len(rows) == 29


def test_csv_header_that_only_one_delimiter_splits_skips_the_sniffer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*_arguments: object, **_options: object) -> None:
        raise AssertionError("the sniffer was asked")

    monkeypatch.setattr(csv.Sniffer, "sniff", refuse)

    assert _cells(_csv("area;year;value\n0301;2024;7,5\n")) == [("0301", "2024", 7.5, OK)]


@pytest.mark.parametrize(("sniffed", "area", "value"), [(",", "1", 2.0), (";", "4", 5.0)])
def test_csv_header_that_two_delimiters_split_asks_the_sniffer(
    monkeypatch: pytest.MonkeyPatch, sniffed: str, area: str, value: float
) -> None:
    # "a,v,b;a;v" has the fields a and v whether split on "," or on ";".
    monkeypatch.setattr(
        csv.Sniffer, "sniff", lambda *_arguments, **_options: type("D", (), {"delimiter": sniffed})
    )
    text = "a,v,b;a;v\n1,2,3;4;5\n"

    rows = _csv(text, area_field="a", value_field="v", period_field=None, period="2024")

    assert _cells(rows) == [(area, "2024", value, OK)]


def test_csv_file_with_bom_every_ssb_symbol_numerator_and_denominator() -> None:
    rows = read_table(
        (FILES / "ssb_symbols.csv").read_bytes(),
        file_label="ssb_symbols.csv",
        file_format="csv",
        area_field="kommune",
        period_field="år",
        indicator_field="indikator",
        value_field="verdi",
        numerator_field="teller",
        denominator_field="nevner",
    )

    assert [
        (
            row.source,
            row.area_code,
            row.period.code,
            row.value,
            row.status,
            row.numerator,
            row.denominator,
        )
        for row in rows
    ] == [
        ("rad 2", "0301", "2024", 7.53, OK, 753.0, 10000.0),
        ("rad 3", "0301", "2023", 7.5, ValueStatus.PROVISIONAL, 750.0, 10000.0),
        ("rad 4", "3107", "2024", None, ValueStatus.NOT_APPLICABLE, None, None),
        ("rad 5", "3107", "2023", None, ValueStatus.NOT_AVAILABLE, None, None),
        ("rad 6", "4601", "2024", None, ValueStatus.NOT_YET_AVAILABLE, None, None),
        ("rad 7", "4601", "2023", None, ValueStatus.SUPPRESSED, None, 1234.0),
        ("rad 8", "0219", "2024", None, ValueStatus.NIL, 0.0, 1234.0),
        ("rad 9", "0219", "2023", 1234.5, OK, None, None),
        ("rad 10", "0220", "2024", None, ValueStatus.SUPPRESSED, None, None),
        ("rad 11", "0220", "2023", None, ValueStatus.NOT_AVAILABLE, None, None),
    ]
    assert {row.indicator_code for row in rows} == {"sysselsatte"}


def test_csv_symbols_override() -> None:
    rows = _csv("area;year;value\n0301;2024;-\n", symbols={"-": ValueStatus.SUPPRESSED})

    assert _cells(rows) == [("0301", "2024", None, ValueStatus.SUPPRESSED)]


def test_csv_integer_area_codes_stay_text_and_keep_leading_zeros() -> None:
    rows = _csv("area;year;value\n7;2024;1\n0007;2024;2\n")

    assert [row.area_code for row in rows] == ["7", "0007"]


def test_csv_skips_blank_lines_but_counts_them() -> None:
    rows = _csv("area;year;value\n\n0301;2024;1\n;;\n\n3107;2024;2\n")

    assert [(row.source, row.area_code) for row in rows] == [("rad 3", "0301"), ("rad 6", "3107")]


def test_csv_indicator_field_with_a_map() -> None:
    text = "area;year;ind;value\n0301;2024;fattig;1\n0301;2024;sysselsatt;2\n"

    rows = _csv(
        text,
        indicator=None,
        indicator_field="ind",
        indicator_map={"fattig": "poverty", "sysselsatt": "employment"},
    )

    assert [row.indicator_code for row in rows] == ["poverty", "employment"]


def test_csv_indicator_field_with_an_unmapped_code() -> None:
    message = _csv_error(
        "area;year;ind;value\n0301;2024;fattig;1\n0301;2024;ukjent;2\n",
        indicator=None,
        indicator_field="ind",
        indicator_map={"fattig": "poverty"},
    )

    assert message == (
        "Filen data.csv, rad 3, felt «ind»: «ukjent» har ingen indikator (kjente koder: fattig)"
    )


def test_csv_with_a_fixed_period() -> None:
    rows = _csv("area;value\n0301;1\n", period_field=None, period="2024T2")

    assert rows[0].period == parse_period("2024T2")


def test_period_field_and_fixed_period_exclude_each_other() -> None:
    expected = "Filen data.csv: oppgi enten periodefeltet eller en fast periode (én av dem)."
    assert _csv_error("area;year;value\n", period="2024") == expected
    assert _csv_error("area;year;value\n", period_field=None) == expected


def test_bad_fixed_period() -> None:
    assert _csv_error("area;value\n0301;1\n", period_field=None, period="2024M13") == (
        "Filen data.csv: Perioden «2024M13» har måned 13, men et år har måned 1–12."
    )


def test_csv_exact_duplicates_collapse_to_one_row() -> None:
    rows = _csv("area;year;value\n0301;2024;7,5\n0301;2024;7.5\n3107;2024;1\n")

    assert [row.source for row in rows] == ["rad 2", "rad 4"]


def test_csv_duplicates_with_different_values_are_refused() -> None:
    message = _csv_error("area;year;value\n0301;2024K3;7,5\n3107;2024;1\n0301;2024Q3;8\n")

    assert message == (
        "Filen data.csv har to ulike verdier for område 0301, indikator poverty og periode "
        "2024K3: rad 2 og rad 4."
    )


def test_csv_duplicate_with_a_different_status_is_refused() -> None:
    message = _csv_error("area;year;value\n0301;2024;:\n0301;2024;..\n")

    assert message.endswith("rad 2 og rad 3.")


def test_csv_text_in_a_number_field() -> None:
    years = "".join(f"0301;{year};1\n" for year in range(2019, 2024))
    text = f"area;year;value\n{years}0301;2024;12abc\n"

    assert _csv_error(text) == "Filen data.csv, rad 7, felt «value»: «12abc» er ikke et tall."


def test_csv_text_in_a_numerator_field() -> None:
    message = _csv_error("area;year;value;n\n0301;2024;1;mange\n", numerator_field="n")

    assert message == "Filen data.csv, rad 2, felt «n»: «mange» er ikke et tall."


def test_csv_unknown_period() -> None:
    assert _csv_error("area;year;value\n0301;2024;1\n0301;i fjor;2\n") == (
        "Filen data.csv, rad 3, felt «year»: «i fjor» er ikke en periode. Bruk for eksempel "
        "2024, 2024H1, 2024T2, 2024K3, 2024M05, 2025U01 eller 2018_2020."
    )
    assert _csv_error("area;year;value\n0301;;2\n") == (
        "Filen data.csv, rad 2, felt «year»: Perioden mangler."
    )


def test_csv_blank_area_code() -> None:
    assert _csv_error("area;year;value\n ;2024;1\n") == (
        "Filen data.csv, rad 2, felt «area»: Koden mangler."
    )


def test_csv_short_row() -> None:
    assert _csv_error("area;year;value\n0301;2024\n") == (
        "Filen data.csv, rad 2: feltet «value» mangler."
    )


def test_csv_missing_header_field_lists_the_fields() -> None:
    assert _csv_error("kommune;år;verdi\n0301;2024;1\n") == (
        "Filen data.csv mangler feltet «area». Feltene er: kommune, år, verdi."
    )


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n\n", b"area;year;value\n"])
def test_csv_without_rows(data: bytes) -> None:
    assert _csv_error(data) == "Filen data.csv har ingen rader."


def test_csv_in_latin1_is_refused_with_the_line() -> None:
    message = _csv_error(
        (FILES / "latin1.csv").read_bytes(),
        file_label="latin1.csv",
        area_field="kommune",
        period_field="periode",
        value_field="verdi",
    )

    assert message == (
        "Filen latin1.csv er ikke UTF-8 (første ugyldige byte er 0xE6 på linje 3). "
        "Lagre filen som UTF-8 og prøv igjen."
    )


def test_csv_bad_byte_after_the_first_block_is_found_too() -> None:
    lines = "area;year;value\n" + "".join(f"{n:06d};2024;1\n" for n in range(10_000))
    data = lines.encode() + "999999;2024;Bærum\n".encode("latin-1")

    assert _csv_error(data) == (
        "Filen data.csv er ikke UTF-8 (første ugyldige byte er 0xE6 på linje 10002). "
        "Lagre filen som UTF-8 og prøv igjen."
    )


def test_csv_in_utf16_with_bom_as_excel_saves_unicode_text() -> None:
    data = codecs.BOM_UTF16_LE + "area\tyear\tvalue\nBærum\t2024\t7,5\n".encode("utf-16-le")

    assert _cells(_csv(data)) == [("Bærum", "2024", 7.5, OK)]


def test_many_rows_keep_their_numbers() -> None:
    text = "area;year;value\n" + "".join(f"{n:05d};2024;{n},5\n" for n in range(20_000))

    rows = _csv(text)

    assert len(rows) == 20_000
    assert (rows[-1].source, rows[-1].area_code, rows[-1].value) == ("rad 20001", "19999", 19999.5)


# ---------------------------------------------------------------------------------------------
# XLSX


def _read_xlsx(rows: list[list[Any]], **options: Any) -> list[StatisticRow]:
    arguments: dict[str, Any] = {
        "file_label": "data.xlsx",
        "file_format": "xlsx",
        "area_field": "area",
        "period_field": "year",
        "value_field": "value",
        "indicator": "poverty",
    }
    return read_table(_xlsx(rows), **(arguments | options))


def test_xlsx_numbers_text_numbers_and_symbols() -> None:
    rows = _read_xlsx(
        [
            ["area", "year", "value", "note"],
            ["0301", 2024, 7.5, "text"],
            [301, 2023, "7,5", None],
            [3107.0, "2024K3", ":", None],
            [None, None, None, None],
            ["4601", 2024.0, None],
        ]
    )

    assert [(row.source, *cell) for row, cell in zip(rows, _cells(rows), strict=True)] == [
        ("rad 2", "0301", "2024", 7.5, OK),
        ("rad 3", "301", "2023", 7.5, OK),
        ("rad 4", "3107", "2024K3", None, ValueStatus.SUPPRESSED),
        ("rad 6", "4601", "2024", None, ValueStatus.NOT_AVAILABLE),
    ]


def test_xlsx_text_in_a_number_field() -> None:
    with pytest.raises(ReadError) as caught:
        _read_xlsx([["area", "year", "value"], ["0301", 2024, 1], ["0301", 2023, "12abc"]])

    assert str(caught.value) == "Filen data.xlsx, rad 3, felt «value»: «12abc» er ikke et tall."


def test_xlsx_missing_field() -> None:
    with pytest.raises(ReadError) as caught:
        _read_xlsx([["area", "year", "verdi"], ["0301", 2024, 1]])

    assert str(caught.value) == (
        "Filen data.xlsx mangler feltet «value». Feltene er: area, year, verdi."
    )


def test_xlsx_without_rows() -> None:
    for rows in ([], [["area", "year", "value"]]):
        with pytest.raises(ReadError, match=r"^Filen data.xlsx har ingen rader\.$"):
            _read_xlsx(rows)


def test_broken_xlsx() -> None:
    with pytest.raises(ReadError) as caught:
        read_table(
            b"PK\x03\x04 not really",
            file_label="data.xlsx",
            file_format="xlsx",
            area_field="area",
            period_field="year",
            value_field="value",
            indicator="poverty",
        )

    assert str(caught.value) == "Filen data.xlsx er ikke en gyldig XLSX-fil."


# ---------------------------------------------------------------------------------------------
# JSON records


def _read_json(document: Any, **options: Any) -> list[StatisticRow]:
    arguments: dict[str, Any] = {
        "file_label": "data.json",
        "file_format": "json",
        "area_field": "area",
        "period_field": "year",
        "value_field": "value",
        "indicator": "poverty",
    }
    return read_table(json.dumps(document).encode(), **(arguments | options))


def test_json_array_of_records_with_integer_codes() -> None:
    rows = _read_json(
        [
            {"area": 7, "year": 2024, "value": 1.5},
            {"area": "0301", "year": "2024", "value": "7,5"},
            {"area": "0302", "year": "2024", "value": None},
        ]
    )

    assert [(row.source, *cell) for row, cell in zip(rows, _cells(rows), strict=True)] == [
        ("post 1", "7", "2024", 1.5, OK),
        ("post 2", "0301", "2024", 7.5, OK),
        ("post 3", "0302", "2024", None, ValueStatus.NOT_AVAILABLE),
    ]


def test_json_record_missing_a_field() -> None:
    with pytest.raises(ReadError) as caught:
        _read_json([{"area": "0301", "year": 2024, "value": 1}, {"area": "0302", "year": 2024}])
    assert str(caught.value) == "Filen data.json, post 2: feltet «value» mangler."

    with pytest.raises(ReadError) as caught:
        _read_json([{"area": "0301", "aar": 2024, "value": 1}])
    assert str(caught.value) == (
        "Filen data.json mangler feltet «year». Feltene er: area, aar, value."
    )


def test_json_refuses_other_shapes() -> None:
    with pytest.raises(ReadError) as caught:
        _read_json(7)
    assert str(caught.value) == (
        "Filen data.json må holde en liste med objekter, eller et objekt med ett objekt per område."
    )
    with pytest.raises(ReadError) as caught:
        _read_json([{"area": "0301", "year": 2024, "value": 1}, 7])
    assert str(caught.value) == "Filen data.json, post 2: posten er ikke et objekt."
    with pytest.raises(ReadError, match=r"^Filen data.json har ingen rader\.$"):
        _read_json([])


def test_json_unhashable_values_are_refused() -> None:
    with pytest.raises(ReadError) as caught:
        _read_json([{"area": ["0301"], "year": 2024, "value": 1}])
    assert str(caught.value) == "Filen data.json, post 1, felt «area»: «['0301']» er ikke en kode."

    with pytest.raises(ReadError, match="felt «year»: «\\[2024\\]» er ikke en periode"):
        _read_json([{"area": "0301", "year": [2024], "value": 1}])


@needs_shared_data
def test_real_grunnkrets_file_keyed_by_area_code() -> None:
    rows = read_table(
        IMMIGRANTS.read_bytes(),
        file_label=IMMIGRANTS.name,
        file_format="json",
        area_field="grunnkrets",
        period_field=None,
        period="2016",
        value_field="non-western-count",
        indicator="innvandrere-ikke-vestlige",
        symbols={"-": ValueStatus.SUPPRESSED},  # this source prikker small numbers with "-"
    )

    assert len(rows) == 518
    assert rows[0] == StatisticRow(
        "post 02190101",
        "02190101",
        parse_period(2016),
        "innvandrere-ikke-vestlige",
        17.0,
        OK,
    )
    by_area = {row.area_code: row for row in rows}
    assert (by_area["02190207"].value, by_area["02190207"].status) == (
        None,
        ValueStatus.SUPPRESSED,
    )
    assert sum(row.status is ValueStatus.SUPPRESSED for row in rows) == 27
    assert all(row.area_code.startswith(("0219", "0220")) for row in rows)


@needs_shared_data
def test_real_grunnkrets_file_with_the_default_symbols_reads_dash_as_nil() -> None:
    rows = read_table(
        IMMIGRANTS.read_bytes(),
        file_label=IMMIGRANTS.name,
        file_format="json",
        area_field="grunnkrets",
        period_field=None,
        period="2016",
        value_field="western-count",
        indicator="innvandrere-vestlige",
    )

    by_area = {row.area_code: row for row in rows}
    assert by_area["02190101"].value == 54.0
    assert by_area["02190207"].value == 44.0
    assert all(row.value != 0 for row in rows if row.status is not OK)
