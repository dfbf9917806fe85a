"""A small area tree with statistics, shared by the areas tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from omrade.areas import services
from omrade.areas.models import Area, AreaLevel, Direction, Indicator, Unit
from omrade.areas.readers import read_table
from tests.conftest import Tenants

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def square(west: float, south: float, size: float = 0.01) -> dict[str, object]:
    east, north = west + size, south + size
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


@dataclass
class AreaTree:
    top: Area
    level: AreaLevel
    areas: dict[str, Area]  # by code: 01..04
    poverty: Indicator  # higher is worse
    employment: Indicator  # lower is worse


# area, year, indicator, numerator, denominator, value
STATISTICS = """area;year;indicator;numerator;denominator;value
01;2022;poverty;30;200;15,0
02;2022;poverty;10;200;5,0
03;2022;poverty;20;100;20,0
04;2022;poverty;3;100;3,0
01;2023;poverty;40;200;20,0
02;2023;poverty;10;200;5,0
03;2023;poverty;20;100;20,0
04;2023;poverty;10;100;10,0
01;2023;employment;140;200;70,0
02;2023;employment;180;200;90,0
03;2023;employment;60;100;60,0
04;2023;employment;80;100;80,0
"""


def import_statistics(level: AreaLevel, text: str, **options: object) -> object:
    rows = read_table(
        text.encode(),
        file_label="test.csv",
        file_format="csv",
        area_field="area",
        period_field="year",
        value_field="value",
        indicator_field="indicator",
        numerator_field="numerator",
        denominator_field="denominator",
    )
    return services.statistics_import(by=None, level=level, rows=rows, source="test.csv", **options)


@pytest.fixture
def tree(tenants: Tenants) -> AreaTree:
    municipality = tenants.home
    top_level = services.level_ensure(
        municipality=municipality, code="kommune", name="Kommune", depth=0
    )
    top = services.area_save(
        by=None, level=top_level, code="3107", name="Fredrikstad", boundary=square(10.9, 59.2, 0.02)
    )
    level = services.level_ensure(municipality=municipality, code="bydel", name="Bydel", depth=1)
    areas = {
        code: services.area_save(
            by=None,
            level=level,
            code=code,
            name=name,
            parent=top,
            boundary=square(10.9 + 0.01 * (index % 2), 59.2 + 0.01 * (index // 2)),
            has_initiative=code in {"01", "03"},
        )
        for index, (code, name) in enumerate(
            [("01", "Nord"), ("02", "Sør"), ("03", "Øst"), ("04", "Vest")]
        )
    }
    poverty = services.indicator_create(
        by=None,
        code="poverty",
        name_nb="Fattigdom",
        name_en="Poverty",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER_IS_WORSE,
    )
    employment = services.indicator_create(
        by=None,
        code="employment",
        name_nb="Sysselsetting",
        unit=Unit.PERCENT,
        direction=Direction.LOWER_IS_WORSE,
    )
    import_statistics(level, STATISTICS)
    return AreaTree(top, level, areas, poverty, employment)
