"""A programme like Fredrikstad's, for the programmes tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from omrade.programmes.models import Goal, GoalKind, Programme, SubProgramme
from omrade.programmes.services import programme as services
from omrade.tenancy.models import Role
from omrade.tenancy.services import person_create
from tests.areas.conftest import tree  # noqa: F401 - the area statistics fixture
from tests.conftest import Tenants


@dataclass
class Setup:
    programme: Programme
    main: Goal
    housing: SubProgramme  # coordinated by the coordinator user
    employment: SubProgramme
    housing_goal: Goal
    employment_goal: Goal


@pytest.fixture
def setup(tenants: Tenants) -> Setup:
    programme = services.programme_create(
        by=None, municipality=tenants.home, name="Områdesatsing", start_year=2023, end_year=2033
    )
    coordinator = person_create(by=None, municipality=tenants.home, name="Koordinator Kari")
    coordinator.user = tenants.users[Role.COORDINATOR]
    coordinator.save()
    main = services.goal_create(by=None, programme=programme, kind=GoalKind.MAIN, text="Hovedmål")
    housing = services.sub_programme_create(
        by=None, programme=programme, name="Bo og nærmiljø", coordinator=coordinator
    )
    employment = services.sub_programme_create(by=None, programme=programme, name="Sysselsetting")
    housing_goal = services.goal_create(
        by=None,
        programme=programme,
        kind=GoalKind.OVERARCHING,
        text="Bedre nærmiljø",
        parent=main,
        sub_programme=housing,
    )
    employment_goal = services.goal_create(
        by=None,
        programme=programme,
        kind=GoalKind.OVERARCHING,
        text="Flere i arbeid",
        parent=main,
        sub_programme=employment,
    )
    return Setup(programme, main, housing, employment, housing_goal, employment_goal)
