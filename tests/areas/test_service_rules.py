"""The area and statistics services check their rule themselves (`can_manage_areas`,
`can_manage_statistics`, `can_manage_indicators`): a user the rule refuses gets
PermissionDenied and nothing is written."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from omrade.areas import services
from omrade.areas.geo import BoundaryFeature, BoundaryReadResult
from omrade.areas.index import IndexMethod
from omrade.areas.models import Area, Direction, IndexDefinition, Indicator, Observation, Unit
from omrade.areas.readers import read_table
from omrade.tenancy.models import Role
from tests.areas.conftest import STATISTICS, AreaTree, square

pytestmark = pytest.mark.django_db


def _rows() -> list[object]:
    return read_table(
        STATISTICS.replace(";2023;", ";2024;").encode(),
        file_label="test.csv",
        file_format="csv",
        area_field="area",
        period_field="year",
        value_field="value",
        indicator_field="indicator",
    )


def test_area_and_statistics_services_refuse_users_without_the_rule(tenants, tree: AreaTree):
    home = tenants.home
    area = tree.areas["02"]
    boundaries = BoundaryReadResult(
        features=[
            BoundaryFeature(
                code="05",
                name="Midt",
                parent_code=None,
                geometry=square(10.95, 59.25),
                source_features=(0,),
            )
        ]
    )
    writes = [
        (services.area_save, {"level": tree.level, "code": "06", "name": "Ny"}),
        (services.boundaries_import, {"level": tree.level, "boundaries": boundaries}),
        (services.area_set_initiative, {"area": area, "has_initiative": True}),
        (
            services.indicator_create,
            {
                "municipality": home,
                "code": "own",
                "name_nb": "Egen",
                "unit": Unit.PERCENT,
                "direction": Direction.HIGHER_IS_WORSE,
            },
        ),
        (services.statistics_import, {"level": tree.level, "rows": _rows(), "source": "x.csv"}),
        (
            services.index_definition_save,
            {
                "municipality": home,
                "name": "Indeks",
                "level": tree.level,
                "method": IndexMethod.ZSCORE,
                "weights": {"poverty": 1.0},
            },
        ),
    ]
    observations = Observation.objects.count()
    for user in (tenants.users[Role.VIEWER], tenants.other_admin):
        for write, fields in writes:
            with pytest.raises(PermissionDenied):
                write(by=user, **fields)
    assert sorted(Area.objects.filter(level=tree.level).values_list("code", flat=True)) == [
        "01",
        "02",
        "03",
        "04",
    ]
    area.refresh_from_db()
    assert not area.has_initiative
    assert not Indicator.objects.filter(code="own").exists()
    assert Observation.objects.count() == observations
    assert not IndexDefinition.objects.exists()
    # The rule's own roles pass: an analyst marks an initiative area.
    services.area_set_initiative(by=tenants.users[Role.ANALYST], area=area, has_initiative=True)
    area.refresh_from_db()
    assert area.has_initiative


def test_only_platform_admins_add_to_the_shared_catalogue(tenants):
    fields = {
        "code": "shared",
        "name_nb": "Felles",
        "unit": Unit.PERCENT,
        "direction": Direction.HIGHER_IS_WORSE,
    }
    for user in (tenants.users[Role.ANALYST], tenants.users[Role.MUNICIPAL_ADMIN]):
        with pytest.raises(PermissionDenied):
            services.indicator_create(by=user, **fields)
    assert not Indicator.objects.filter(code="shared").exists()
    services.indicator_create(by=tenants.platform_admin, **fields)
    assert Indicator.objects.filter(code="shared", municipality=None).exists()
