"""The areas part of the demo: real boundaries and counts where we have them, synthetic
series (marked) where we do not.

- Oslo (0301): the real bydel and delbydel boundaries (Oslo kommune, bydelsfakta).
- Bærum (0219): the real grunnkrets boundaries (Kartverket) and immigrant counts, with
  their real suppressed cells.
- Fredrikstad, Bergen, Oslo, Bærum: their real outlines (Kartverket via robhop).
- Fredrikstad's 21 local communities and Bergen's 51 levekårssoner: synthetic boundaries
  (Voronoi cells inside the real outline) and synthetic indicator series from 2015 to the
  last complete year before the day the demo is loaded.

Everything goes through the importers and services users have (readers, geo, services).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from django.conf import settings
from shapely.geometry import MultiPoint, mapping, shape

from omrade.areas import services
from omrade.areas.geo import read_boundaries
from omrade.areas.models import AreaLevel
from omrade.areas.readers import read_table
from omrade.areas.statuses import ValueStatus
from omrade.tenancy.models import Country, Municipality
from omrade.tenancy.services import municipality_create

if TYPE_CHECKING:
    from omrade.shell.demo import DemoContext

DATA = Path(settings.SHARED_DATA_DIR)
OUTLINES = DATA / "norway-kommuner-fylker" / "Kommuner-S.geojson"
KARTVERKET = "Kartverket (CC BY 4.0), forenklet av robhop/fylker-og-kommuner"

# Oslo's bydel numbers (the first two digits of a delbydel code); the file has names only.
OSLO_BYDEL_NUMBERS = {
    "Gamle Oslo": "01", "Grünerløkka": "02", "Sagene": "03", "St. Hanshaugen": "04",
    "Frogner": "05", "Ullern": "06", "Vestre Aker": "07", "Nordre Aker": "08", "Bjerke": "09",
    "Grorud": "10", "Stovner": "11", "Alna": "12", "Østensjø": "13", "Nordstrand": "14",
    "Søndre Nordstrand": "15", "Sentrum": "16",
}  # fmt: skip

FREDRIKSTAD_COMMUNITIES = [
    "Ambjørnrød", "Begby", "Borge", "Cicignon", "Fjeldberg", "Gressvik", "Gudeberg", "Hauge",
    "Kråkerøy", "Lisleby", "Lunde", "Manstad", "Rolvsøy", "Rød", "Sellebakk", "Slevik",
    "St. Croix", "Torp", "Torsnes", "Trosvik", "Østsiden",
]  # fmt: skip
FREDRIKSTAD_INITIATIVE = {"Lisleby", "Trosvik", "St. Croix"}

BERGEN_ZONES = [
    "Arna", "Bjørndalen", "Blomsterdalen", "Breistein", "Eidsvåg", "Fana", "Flaktveit",
    "Fridalen", "Fyllingsdalen nord", "Fyllingsdalen sør", "Garnes", "Gyldenpris", "Haukeland",
    "Hetlevik", "Hop", "Hylkje", "Indre Arna", "Kalandseidet", "Kokstad", "Kringsjå",
    "Kronstad", "Lagunen", "Laksevåg", "Landås", "Loddefjord", "Løvstakken", "Mathopen",
    "Minde", "Møhlenpris", "Nesttun", "Nordnes", "Oasen", "Olsvik", "Paradis", "Rådal",
    "Salhus", "Sandviken", "Sentrum", "Skjold", "Slettebakken", "Sletten", "Solheim",
    "Storavatnet", "Sælen", "Søreide", "Tertnes", "Ulset", "Vadmyra", "Wergeland",
    "Ytre Arna", "Åsane sentrum",
]  # fmt: skip
BERGEN_INITIATIVE = {"Solheim", "Slettebakken", "Loddefjord", "Olsvik"}

# Synthetic series run from here to the last complete year before the load day.
FIRST_SYNTHETIC_YEAR = 2015
# Typical levels (share in percent, or per 1000) of the standard indicators.
TYPICAL_RATE = {
    "social-assistance": 3.5,
    "disability-benefit": 9.0,
    "unemployment": 2.5,
    "low-education": 22.0,
    "transitional-benefit": 1.0,
    "mortality": 0.8,  # shown per 1000
    "persistent-low-income-children": 11.0,
    "crowded-housing": 8.0,
    "upper-secondary-not-completed": 20.0,
    "not-employed-30-59": 20.0,
}

SCALE = {code: 1000 if code == "mortality" else 100 for code in TYPICAL_RATE}


def load(demo: DemoContext) -> None:
    services.catalogue_install()
    if "607" in demo.municipalities:
        _load_fredericia_udsat(demo.municipalities["607"])
    if not OUTLINES.exists():
        # Without ../shared/data the demo has the catalogue but no areas.
        print(f"Areas demo skipped: {DATA} is missing (set OMRADE_SHARED_DATA)")
        return
    municipalities = demo.municipalities
    for code, name in (("0301", "Oslo"), ("0219", "Bærum")):
        if code not in municipalities:
            municipalities[code] = municipality_create(
                by=None, code=code, name=name, country=Country.NORWAY
            )
    outlines = {
        code: _outline_level(municipalities[code]) for code in ("0301", "0219", "3107", "4601")
    }
    years = range(FIRST_SYNTHETIC_YEAR, demo.last_complete_year + 1)
    _load_oslo(municipalities["0301"], outlines["0301"])
    _load_baerum(municipalities["0219"], outlines["0219"])
    _load_synthetic(
        municipalities["3107"],
        outlines["3107"],
        level_code="lokalsamfunn",
        names=FREDRIKSTAD_COMMUNITIES,
        initiative=FREDRIKSTAD_INITIATIVE,
        seed=3107,
        years=years,
    )
    _load_synthetic(
        municipalities["4601"],
        outlines["4601"],
        level_code="levekarssone",
        names=BERGEN_ZONES,
        initiative=BERGEN_INITIATIVE,
        seed=4601,
        years=years,
    )


def _features_bytes(features: list[dict[str, Any]], crs: Any = None) -> bytes:
    collection: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if crs:
        collection["crs"] = crs
    return json.dumps(collection).encode()


# The outlines carry 2024 numbers; Bærum's grunnkrets codes (and its tenant) use 0219.
OUTLINE_CODES = {"0219": "3201"}


def _outline_level(municipality: Municipality) -> AreaLevel:
    """The municipality as the one area of the top level, with its real outline."""
    document = json.loads(OUTLINES.read_bytes())
    wanted = OUTLINE_CODES.get(municipality.code, municipality.code)
    features = [f for f in document["features"] if f["properties"]["kommunenummer"] == wanted]
    for feature in features:
        feature["properties"]["kommunenummer"] = municipality.code
    level = services.level_ensure(
        municipality=municipality,
        code="kommune",
        name="Kommune",
        depth=0,
        boundary_source=KARTVERKET,
    )
    boundaries = read_boundaries(
        _features_bytes(features),
        file_label=OUTLINES.name,
        code_field="kommunenummer",
        name_field="kommunenavn",
    )
    services.boundaries_import(by=None, level=level, boundaries=boundaries)
    return level


def _load_oslo(oslo: Municipality, top: AreaLevel) -> None:
    source = "Oslo kommune, bydelsfakta (MIT)"
    path = DATA / "oslo-delbydeler" / "oslo_bydeler2.geojson"
    document = json.loads(path.read_bytes())
    for feature in document["features"]:
        feature["properties"]["bydelsnummer"] = (
            "0301" + OSLO_BYDEL_NUMBERS[feature["properties"]["bnavn"]]
        )
        feature["properties"]["kommune"] = "0301"
    bydel = services.level_ensure(
        municipality=oslo, code="bydel", name="Bydel", depth=1, boundary_source=source
    )
    services.boundaries_import(
        by=None,
        level=bydel,
        parent_level=top,
        boundaries=read_boundaries(
            _features_bytes(document["features"], document.get("crs")),
            file_label=path.name,
            code_field="bydelsnummer",
            name_field="bnavn",
            parent_field="kommune",
        ),
    )
    path = DATA / "oslo-delbydeler" / "oslo_delbydeler.geojson"
    document = json.loads(path.read_bytes())
    for feature in document["features"]:
        properties = feature["properties"]
        properties["delbydelsnummer"] = "0301" + properties["DELBYDEL"]
        properties["bydelsnummer"] = "0301" + properties["DELBYDEL"][:2]
    delbydel = services.level_ensure(
        municipality=oslo, code="delbydel", name="Delbydel", depth=2, boundary_source=source
    )
    services.boundaries_import(
        by=None,
        level=delbydel,
        parent_level=bydel,
        boundaries=read_boundaries(
            _features_bytes(document["features"], document.get("crs")),
            file_label=path.name,
            code_field="delbydelsnummer",
            name_field="DELBYDELSN",
            parent_field="bydelsnummer",
        ),
    )


def _load_baerum(baerum: Municipality, top: AreaLevel) -> None:
    folder = DATA / "baerum-asker-grunnkretser"
    document = json.loads((folder / "ab.geojson").read_bytes())
    features = [f for f in document["features"] if f["properties"]["kommunenummer"] == "0219"]
    level = services.level_ensure(
        municipality=baerum,
        code="grunnkrets",
        name="Grunnkrets",
        depth=3,
        boundary_source="Kartverket, via phaza/innvandring-grunnkrets (MIT)",
    )
    services.boundaries_import(
        by=None,
        level=level,
        parent_level=top,
        boundaries=read_boundaries(
            _features_bytes(features, document["crs"]),
            file_label="ab.geojson",
            code_field="grunnkretsnummer",
            name_field="grunnkretsnavn",
            parent_field="kommunenummer",
        ),
    )
    for code, name, field in (
        ("innvandrere-vestlige", "Innvandrere fra vestlige land", "western-count"),
        ("innvandrere-ikke-vestlige", "Innvandrere fra ikke-vestlige land", "non-western-count"),
    ):
        services.indicator_create(
            by=None,
            municipality=baerum,
            code=code,
            name_nb=name,
            name_en=name.replace(
                "Innvandrere fra vestlige land", "Immigrants from Western countries"
            ).replace(
                "Innvandrere fra ikke-vestlige land", "Immigrants from non-Western countries"
            ),
            name_da=name.replace("Innvandrere", "Indvandrere").replace("land", "lande"),
            unit="count",
            direction="higher-is-worse",
            source="SSB via phaza/innvandring-grunnkrets (MIT); «-» er prikkede celler",
            numerator_definition=name,
            note="Antall personer, ikke et mål på levekår.",
            use_in_index=False,
        )
        # The file names no year; it is the counts the repository published (2016).
        rows = read_table(
            (folder / "immigrants.json").read_bytes(),
            file_label="immigrants.json",
            file_format="json",
            area_field="grunnkrets",
            period_field=None,
            period="2016",
            value_field=field,
            indicator=code,
            symbols={"-": ValueStatus.SUPPRESSED},
        )
        # Asker's rows, and the "unknown grunnkrets" rows (…9999), have no area in Bærum.
        services.statistics_import(
            by=None, level=level, rows=rows, source="immigrants.json", skip_unknown_areas=True
        )


def _synthetic_cells(outline: dict[str, Any], count: int, rng: np.random.Generator) -> list[Any]:
    """Split a real outline into `count` Voronoi cells around random points inside it."""
    polygon = shapely.make_valid(shape(outline))
    shapely.prepare(polygon)
    west, south, east, north = polygon.bounds
    points: list[tuple[float, float]] = []
    while len(points) < count:
        x, y = rng.uniform(west, east), rng.uniform(south, north)
        if polygon.contains(shapely.Point(x, y)):
            points.append((x, y))
    cells = shapely.voronoi_polygons(MultiPoint(points), extend_to=polygon)
    ordered = sorted(cells.geoms, key=lambda cell: (round(-cell.centroid.y, 3), cell.centroid.x))
    return [cell.intersection(polygon) for cell in ordered]


def _load_synthetic(
    municipality: Municipality,
    top: AreaLevel,
    *,
    level_code: str,
    names: list[str],
    initiative: set[str],
    seed: int,
    years: range,
) -> None:
    rng = np.random.default_rng(seed)
    whole = top.areas.get()
    assert whole.boundary is not None, "the outline is imported first"
    cells = _synthetic_cells(whole.boundary, len(names), rng)
    level_name = "Lokalsamfunn" if level_code == "lokalsamfunn" else "Levekårssone"
    level = services.level_ensure(
        municipality=municipality,
        code=level_code,
        name=level_name,
        depth=2,
        boundary_source="Oppdiktede grenser (syntetiske) inne i kommunens ekte yttergrense",
    )
    features = [
        {
            "type": "Feature",
            "geometry": mapping(cell),
            "properties": {"code": f"{number + 1:02d}", "name": name, "kommune": municipality.code},
        }
        for number, (name, cell) in enumerate(zip(sorted(names), cells, strict=True))
    ]
    services.boundaries_import(
        by=None,
        level=level,
        parent_level=top,
        synthetic=True,
        boundaries=read_boundaries(
            _features_bytes(features),
            file_label="synthetic",
            code_field="code",
            name_field="name",
            parent_field="kommune",
        ),
    )
    for area in level.areas.all():
        services.area_save(
            by=None,
            level=level,
            code=area.code,
            name=area.name,
            parent=area.parent,
            population=int(rng.integers(60, 6000))
            if area.name not in initiative
            else int(rng.integers(2500, 7000)),
            has_initiative=area.name in initiative,
        )
    _import_synthetic_series(level, whole, initiative, rng, years)


def _import_synthetic_series(
    level: AreaLevel, whole: Any, initiative: set[str], rng: np.random.Generator, years: range
) -> None:
    """Counts and rates per area and year; initiative areas start worse and the gap grows
    a little each year, as BRIEF.md says it does without an initiative."""
    lines: list[str] = []
    totals: dict[tuple[int, str], list[int]] = {}
    for area in level.areas.all():
        burden = rng.normal(0, 0.35) + (0.8 if area.name in initiative else 0.0)
        for year in years:
            step = year - FIRST_SYNTHETIC_YEAR
            drift = 0.02 * step if area.name in initiative else -0.005 * step
            for code, typical in TYPICAL_RATE.items():
                share = min(
                    0.9, typical / 100 * float(np.exp(burden + drift + rng.normal(0, 0.05)))
                )
                children = code == "persistent-low-income-children"
                denominator = max(1, int((area.population or 0) * (0.22 if children else 0.6)))
                numerator = int(rng.binomial(denominator, share))
                value = round(SCALE[code] * numerator / denominator, 2)
                lines.append(f"{area.code};{year};{code};{numerator};{denominator};{value}")
                total = totals.setdefault((year, code), [0, 0])
                total[0] += numerator
                total[1] += denominator
    _import_synthetic_csv(level, lines, "synthetic.csv")
    # The whole municipality's value is the sum of its areas, so the gap has a reference.
    _import_synthetic_csv(
        whole.level,
        [
            f"{whole.code};{year};{code};{numerator};{denominator};"
            f"{round(SCALE[code] * numerator / denominator, 2)}"
            for (year, code), (numerator, denominator) in totals.items()
        ],
        "synthetic-total.csv",
    )


def _import_synthetic_csv(level: AreaLevel, lines: list[str], file_label: str) -> None:
    """Import synthetic rows (area;year;indicator;numerator;denominator;value) as a user
    would import a CSV file."""
    header = "area;year;indicator;numerator;denominator;value"
    rows = read_table(
        ("\n".join([header, *lines]) + "\n").encode(),
        file_label=file_label,
        file_format="csv",
        area_field="area",
        period_field="year",
        value_field="value",
        indicator_field="indicator",
        numerator_field="numerator",
        denominator_field="denominator",
    )
    services.statistics_import(by=None, level=level, rows=rows, source=file_label, synthetic=True)


# Fredericia (DK 607): synthetic figures (marked) for the criteria of almenboligloven § 61 a,
# so the area profile can show which thresholds each housing department passes. Sønderparken
# is made to pass three of four criteria (an udsat boligområde), Korskærparken none.
FREDERICIA_YEARS = range(2020, 2025)
FREDERICIA_DEPARTMENTS = {
    # code: (name, residents in 2020, yearly change, start values of the four criteria)
    "SP": ("Sønderparken", 1420, 12, (45.0, 2.9, 54.0, 50.0)),
    "KP": ("Korskærparken", 1090, 5, (34.0, 1.4, 47.0, 61.0)),
}
FREDERICIA_CRITERIA = (
    "dk-outside-labour-market-education",
    "dk-convicted",
    "dk-basic-education-only",
    "dk-gross-income",
)
# Share of the residents each criterion counts among (18–64, 18+, 30–59; income has no counts).
FREDERICIA_AGE_SHARE = (0.62, 0.78, 0.41, None)


def _load_fredericia_udsat(fredericia: Municipality) -> None:
    """The municipality as the top area and its two housing departments in the helhedsplan,
    with synthetic series 2020–2024 imported as a user would import a CSV file."""
    top_level = services.level_ensure(
        municipality=fredericia, code="kommune", name="Kommune", depth=0
    )
    top = services.area_save(
        by=None, level=top_level, code="607", name="Fredericia", population=52000
    )
    level = services.level_ensure(
        municipality=fredericia, code="boligafdeling", name="Boligafdeling", depth=2
    )
    rng = np.random.default_rng(607)
    lines: list[str] = []
    top_lines: list[str] = []
    for code, (name, residents, change, starts) in FREDERICIA_DEPARTMENTS.items():
        services.area_save(
            by=None,
            level=level,
            code=code,
            name=name,
            parent=top,
            population=residents + 4 * change,
            has_initiative=True,
        )
        for year in FREDERICIA_YEARS:
            step = year - FREDERICIA_YEARS.start
            people = residents + step * change
            lines.append(f"{code};{year};dk-residents;;;{people}")
            for indicator, start, share in zip(
                FREDERICIA_CRITERIA, starts, FREDERICIA_AGE_SHARE, strict=True
            ):
                if share is None:  # income: a little closer to the region each year
                    value = start + 0.5 * step + float(rng.normal(0, 0.2))
                    lines.append(f"{code};{year};{indicator};;;{round(value, 1)}")
                    continue
                # The other shares fall by about 1.5 % a year.
                value = start * (1 - 0.015 * step) * float(rng.normal(1, 0.005))
                denominator = int(people * share)
                numerator = round(denominator * value / 100)
                lines.append(
                    f"{code};{year};{indicator};{numerator};{denominator};"
                    f"{round(100 * numerator / denominator, 2)}"
                )
    for year in FREDERICIA_YEARS:
        step = year - FREDERICIA_YEARS.start
        top_lines += [
            f"607;{year};dk-residents;;;{52000 + 150 * step}",
            f"607;{year};dk-convicted-national;;;{round(0.82 - 0.01 * step, 2)}",
            f"607;{year};dk-outside-labour-market-education;;;{round(21.0 - 0.2 * step, 1)}",
            f"607;{year};dk-convicted;;;{round(0.9 - 0.01 * step, 2)}",
            f"607;{year};dk-basic-education-only;;;{round(24.0 - 0.3 * step, 1)}",
            f"607;{year};dk-gross-income;;;{round(97.0 + 0.1 * step, 1)}",
        ]
    _import_synthetic_csv(level, lines, "synthetic-fredericia-61a.csv")
    _import_synthetic_csv(top_level, top_lines, "synthetic-fredericia-61a-total.csv")
