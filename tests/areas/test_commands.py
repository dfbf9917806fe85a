"""The console: import-geo, indicator, import-stats, index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from omrade.areas.models import Area, AreaLevel, Indicator, Observation
from omrade.cli import main
from omrade.tenancy.services import municipality_create
from tests.areas.conftest import SHARED_DATA

pytestmark = pytest.mark.django_db(transaction=True)
needs_shared_data = pytest.mark.skipif(not SHARED_DATA.exists(), reason="../shared/data is missing")


@pytest.fixture
def baerum(db: None) -> None:
    municipality_create(by=None, code="0219", name="Bærum", country="NO")
    municipality_create(by=None, code="0220", name="Asker", country="NO")


@needs_shared_data
def test_import_geo_reprojects_real_grunnkretser(
    baerum: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = SHARED_DATA / "baerum-asker-grunnkretser" / "ab.geojson"
    argv = [
        "import-geo",
        str(path),
        "--municipality",
        "0219",
        "--level",
        "grunnkrets",
        "--code-field",
        "grunnkretsnummer",
        "--name-field",
        "grunnkretsnavn",
    ]
    assert main(argv) == 0
    assert "535 areas created, 0 updated" in capsys.readouterr().out
    level = AreaLevel.objects.get(code="grunnkrets")
    assert level.depth == 3
    assert main(argv) == 0  # again: updated in place
    assert "0 areas created, 535 updated" in capsys.readouterr().out
    assert Area.objects.filter(level=level).count() == 535


@needs_shared_data
def test_import_stats_reads_real_counts_with_suppressed_cells(
    baerum: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = SHARED_DATA / "baerum-asker-grunnkretser" / "ab.geojson"
    assert (
        main(
            [
                "import-geo",
                str(path),
                "--municipality",
                "0219",
                "--level",
                "grunnkrets",
                "--code-field",
                "grunnkretsnummer",
                "--name-field",
                "grunnkretsnavn",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "indicator",
                "add",
                "non-western",
                "--name",
                "Ikke-vestlige innvandrere",
                "--unit",
                "count",
                "--direction",
                "higher-is-worse",
            ]
        )
        == 0
    )
    stats = SHARED_DATA / "baerum-asker-grunnkretser" / "immigrants.json"
    argv = [
        "import-stats",
        str(stats),
        "--municipality",
        "0219",
        "--level",
        "grunnkrets",
        "--area-field",
        "grunnkrets",
        "--period",
        "2016",
        "--value-field",
        "non-western-count",
        "--indicator",
        "non-western",
        "--symbol=-=suppressed",
    ]
    # The file has "unknown grunnkrets" rows (…9999) that no boundary file has.
    assert main(argv) == 2
    assert "02199999, 02209999 (2)" in capsys.readouterr().err
    assert not Observation.objects.exists()
    assert main([*argv, "--skip-unknown-areas"]) == 0
    output = capsys.readouterr().out
    assert "observations written" in output
    first = Observation.objects.get(area__code="02190101")
    assert first.value == 17.0
    suppressed = Observation.objects.filter(status="suppressed")
    assert suppressed.exists()
    assert not suppressed.exclude(value=None).exists()


@needs_shared_data
def test_import_stats_reads_real_jsonstat(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # SSB table 03024 is not regional: its product groups stand in for areas here.
    municipality_create(by=None, code="0301", name="Oslo", country="NO")
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": code, "name": code},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[10, 59], [10.1, 59], [10.1, 59.1], [10, 59]]],
                },
            }
            for code in ("01", "02")
        ],
    }
    geo = tmp_path / "groups.geojson"
    geo.write_text(json.dumps(data))
    assert (
        main(
            [
                "import-geo",
                str(geo),
                "--municipality",
                "0301",
                "--level",
                "bydel",
                "--code-field",
                "code",
                "--name-field",
                "name",
            ]
        )
        == 0
    )
    for code in ("weight", "price"):
        assert (
            main(
                [
                    "indicator",
                    "add",
                    code,
                    "--name",
                    code,
                    "--unit",
                    "count",
                    "--direction",
                    "lower-is-worse",
                ]
            )
            == 0
        )
    path = SHARED_DATA / "ssb-jsonstat2" / "ssb_03024_pxwebapi_v2_no.json"
    assert (
        main(
            [
                "import-stats",
                str(path),
                "--municipality",
                "0301",
                "--level",
                "bydel",
                "--area-dimension",
                "VareGrupper2",
                "--period-dimension",
                "Tid",
                "--indicator-dimension",
                "ContentsCode",
                "--indicator-map",
                "Vekt=weight,Kilopris=price",
            ]
        )
        == 0
    )
    assert Observation.objects.count() == 2 * 2 * 39
    first = Observation.objects.get(
        area__code="01", indicator__code="weight", period_code="2025U01"
    )
    assert first.value == 11364


def test_indicator_add_and_list(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "indicator",
                "add",
                "crowding",
                "--name",
                "Trangbodde",
                "--unit",
                "percent",
                "--direction",
                "higher-is-worse",
                "--min-count",
                "10",
            ]
        )
        == 0
    )
    indicator = Indicator.objects.get(code="crowding")
    assert (indicator.name_nb, indicator.min_count, indicator.municipality) == (
        "Trangbodde",
        10,
        None,
    )
    assert (
        main(
            [
                "indicator",
                "add",
                "crowding",
                "--name",
                "X",
                "--unit",
                "percent",
                "--direction",
                "higher-is-worse",
            ]
        )
        == 2
    )
    assert "crowding" in capsys.readouterr().err
    assert main(["indicator", "install-catalogue"]) == 0
    capsys.readouterr()
    assert main(["indicator", "list"]) == 0
    assert "social-assistance" in capsys.readouterr().out


def _small_tree() -> None:
    municipality_create(by=None, code="3107", name="Fredrikstad", country="NO")
    features = [
        {
            "type": "Feature",
            "properties": {"code": code, "name": name},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [
                        [10 + i / 10, 59],
                        [10.1 + i / 10, 59],
                        [10.1 + i / 10, 59.1],
                        [10 + i / 10, 59],
                    ]
                ],
            },
        }
        for i, (code, name) in enumerate([("30", "Lisleby"), ("31", "Trosvik"), ("32", "Begby")])
    ]
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".geojson", delete=False) as handle:
        json.dump({"type": "FeatureCollection", "features": features}, handle)
    assert (
        main(
            [
                "import-geo",
                handle.name,
                "--municipality",
                "3107",
                "--level",
                "lokalsamfunn",
                "--code-field",
                "code",
                "--name-field",
                "name",
            ]
        )
        == 0
    )
    for code, direction in (("a", "higher-is-worse"), ("b", "lower-is-worse")):
        assert (
            main(
                [
                    "indicator",
                    "add",
                    code,
                    "--name",
                    code,
                    "--unit",
                    "percent",
                    "--direction",
                    direction,
                ]
            )
            == 0
        )
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as handle:
        handle.write(
            'sone,år,indikator,verdi\n30,2024,a,"7,5"\n31,2024,a,2\n32,2024,a,4\n30,2024,b,50\n31,2024,b,80\n32,2024,b,50\n'
        )
    assert (
        main(
            [
                "import-stats",
                handle.name,
                "--municipality",
                "3107",
                "--level",
                "lokalsamfunn",
                "--area-field",
                "sone",
                "--period-field",
                "år",
                "--value-field",
                "verdi",
                "--indicator-field",
                "indikator",
            ]
        )
        == 0
    )


def test_index_prints_json_sorted_by_rank(capsys: pytest.CaptureFixture[str]) -> None:
    _small_tree()
    capsys.readouterr()
    assert (
        main(
            [
                "index",
                "--municipality",
                "3107",
                "--level",
                "lokalsamfunn",
                "--period",
                "2024",
                "--method",
                "ranksum",
                "--indicators",
                "a,b",
                "--format",
                "json",
            ]
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    # a (higher worse) 7.5, 2, 4 → ranks 3, 1, 2; b (lower worse) 50, 80, 50 → oriented −50, −80,
    # −50 → ranks 2.5, 1, 2.5. Scores: 30 → 2.75, 31 → 1, 32 → 2.25.
    assert [(row["area_code"], row["rank"], row["score"]) for row in rows] == [
        ("30", 1, 2.75),
        ("32", 2, 2.25),
        ("31", 3, 1.0),
    ]
    assert rows[0]["indicators"]["a"] == {"value": 7.5, "score": 3.0, "status": "ok"}
    assert rows[0]["area_name"] == "Lisleby"


def test_index_csv_and_table_formats(capsys: pytest.CaptureFixture[str]) -> None:
    _small_tree()
    capsys.readouterr()
    assert (
        main(
            [
                "index",
                "--municipality",
                "3107",
                "--level",
                "lokalsamfunn",
                "--period",
                "2024",
                "--method",
                "decile",
                "--weights",
                "a=2,b=1",
                "--format",
                "csv",
            ]
        )
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "rank,area_code,area_name,score,a,b"
    assert lines[1].startswith("1,30,Lisleby,")
    assert (
        main(["index", "--municipality", "3107", "--level", "lokalsamfunn", "--period", "2024"])
        == 0
    )
    assert "Lisleby" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--period", "2024K5"], "--period"),
        (["--period", "2024", "--weights", "a=x"], "not a number"),
        (["--period", "2024", "--indicators", "a,zzz"], "zzz"),
        (["--period", "2024", "--weights", "a=0"], "above 0"),
    ],
)
def test_index_bad_input(
    capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    _small_tree()
    capsys.readouterr()
    assert main(["index", "--municipality", "3107", "--level", "lokalsamfunn", *extra]) == 2
    assert message in capsys.readouterr().err


def test_import_stats_bad_files_exit_2_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _small_tree()
    before = Observation.objects.count()
    cases = {
        "empty.csv": b"",
        "latin1.csv": "sone,år,indikator,verdi\n30,2024,a,7\n".encode("latin-1"),
        "text.csv": "sone,år,indikator,verdi\n30,2024,a,12abc\n".encode(),
        "duplicate.csv": "sone,år,indikator,verdi\n30,2024,a,1\n30,2024,a,2\n".encode(),
        "unknown.csv": "sone,år,indikator,verdi\n99,2024,a,1\n30,2024,a,2\n".encode(),
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        code = main(
            [
                "import-stats",
                str(path),
                "--municipality",
                "3107",
                "--level",
                "lokalsamfunn",
                "--area-field",
                "sone",
                "--period-field",
                "år",
                "--value-field",
                "verdi",
                "--indicator-field",
                "indikator",
            ]
        )
        error = capsys.readouterr().err
        assert code == 2, name
        assert name in error or "99" in error, (name, error)
    assert Observation.objects.count() == before
