"""Who may do what with the programme's money: the one place views, API and commands ask.

- The programme's structure editors (municipal admins, programme managers) change funding
  sources, allocations, forecasts and close a year.
- The board and the commissioner (oppdragsgiver) read everything; a sub-programme's coordinator
  reads the money of their own sub-programme and its measures, and enters their forecasts.
- The finance officer (økonomi) reads, imports the actuals from the accounts and sets the cost
  per full-time equivalent; structure editors import too.
"""

from __future__ import annotations

from omrade.portfolio.models import Measure
from omrade.portfolio.permissions import is_commissioner, is_coordinator_of
from omrade.programmes.models import Programme, SubProgramme
from omrade.tenancy.models import Municipality
from omrade.tenancy.permissions import has_role
from omrade.tenancy.roles import (
    ACTUALS_IMPORTERS,
    COORDINATORS,
    FINANCE_READERS,
    STAFF_COST_EDITORS,
    STRUCTURE_EDITORS,
)
from omrade.tenancy.selectors import AnyUser, person_of


def can_view_all_finance(user: AnyUser, programme: Programme) -> bool:
    """Every source, allocation and transaction of the programme."""
    return has_role(user, programme.municipality, FINANCE_READERS) or is_commissioner(
        user, programme
    )


def coordinated_sub_programmes(user: AnyUser, programme: Programme) -> list[SubProgramme]:
    """The programme's sub-programmes the user coordinates (none for others)."""
    municipality = programme.municipality
    if not has_role(user, municipality, COORDINATORS):
        return []
    person = person_of(user, municipality)
    if person is None:
        return []
    return list(programme.sub_programmes.filter(coordinator=person))


def can_view_finance(user: AnyUser, programme: Programme) -> bool:
    """The programme's money pages: all of it, or a coordinator's own sub-programmes."""
    return can_view_all_finance(user, programme) or bool(
        coordinated_sub_programmes(user, programme)
    )


def can_view_measure_finance(user: AnyUser, measure: Measure) -> bool:
    return can_view_all_finance(user, measure.programme) or is_coordinator_of(
        user, measure.sub_programme
    )


def can_manage_finance(user: AnyUser, programme: Programme) -> bool:
    """Funding sources, their amounts, earmarks and duties, allocations, closing a year."""
    return has_role(user, programme.municipality, STRUCTURE_EDITORS)


def can_enter_forecast(user: AnyUser, measure: Measure) -> bool:
    """The expected spending at year end: structure editors and the measure's coordinator."""
    return can_manage_finance(user, measure.programme) or is_coordinator_of(
        user, measure.sub_programme
    )


def can_import_actuals(user: AnyUser, municipality: Municipality) -> bool:
    return has_role(user, municipality, ACTUALS_IMPORTERS)


def can_set_staff_costs(user: AnyUser, municipality: Municipality) -> bool:
    return has_role(user, municipality, STAFF_COST_EDITORS)
