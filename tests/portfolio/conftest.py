"""A Fredrikstad-like programme with measures, for the portfolio tests."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from omrade.portfolio.models import Measure
from omrade.portfolio.services import measures as measure_services
from omrade.programmes.models import Body, BodyKind, MemberRole
from omrade.tenancy.models import Role
from omrade.tenancy.services import person_create
from tests.conftest import Tenants
from tests.programmes.conftest import Setup, setup  # noqa: F401 - the programme fixture


@dataclass
class Portfolio:
    setup: Setup
    snuplassen: Measure  # employment, 2024: 400 000 kr
    meeting_places: Measure  # housing (the coordinator's sub-programme), 2024: 250 000 kr
    reading: Measure  # housing, 2024: 150 000 kr
    working_group: Body  # the housing sub-programme's working group; the analyst is a member


@pytest.fixture
def portfolio(setup: Setup, tenants: Tenants) -> Portfolio:  # noqa: F811 - pytest fixture
    programme = setup.programme

    def measure(title: str, sub_programme, cost: int) -> Measure:
        created = measure_services.measure_create(
            programme=programme, title=title, sub_programme=sub_programme
        )
        measure_services.measure_cost_set(by=None, measure=created, year=2024, amount=Decimal(cost))
        return created

    snuplassen = measure("NAV Snuplassen", setup.employment, 400_000)
    meeting_places = measure("Nærmiljøarenaer", setup.housing, 250_000)
    reading = measure("Leseferdigheter", setup.housing, 150_000)
    working_group = Body.objects.create(
        programme=programme,
        kind=BodyKind.WORKING_GROUP,
        name="Arbeidsgruppe Bo og nærmiljø",
        sub_programme=setup.housing,
    )
    analyst = person_create(by=None, municipality=tenants.home, name="Analytiker Anne")
    analyst.user = tenants.users[Role.ANALYST]
    analyst.save()
    working_group.members.create(person=analyst, role=MemberRole.MEMBER)
    return Portfolio(setup, snuplassen, meeting_places, reading, working_group)
