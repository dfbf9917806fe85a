"""Every set of roles the permission rules name: the one place they are defined.

The rules in each app's `permissions.py` (and the selectors that say what waits for whom)
combine these sets; no other module spells out a set of roles. A set has one name: when two
rules need the same roles they use the same set.
"""

from __future__ import annotations

from omrade.tenancy.models import Role

# Every municipal role reads the municipality's internal pages.
INTERNAL_READERS = frozenset(Role)

# The municipality's administrators: grant roles, change the municipality's settings, and act
# as the programme's commissioner (oppdragsgiver).
ADMINISTRATORS = frozenset({Role.PLATFORM_ADMIN, Role.MUNICIPAL_ADMIN})
# Change the directory (units, organisations, people), the programmes' structure, governance
# and documents, the portfolio; handle barriers at every level.
STRUCTURE_EDITORS = ADMINISTRATORS | {Role.PROGRAMME_MANAGER}

# Single roles, as sets, for rules that ask for exactly that role.
MANAGERS = frozenset({Role.PROGRAMME_MANAGER})
COORDINATORS = frozenset({Role.COORDINATOR})
BOARD = frozenset({Role.BOARD_MEMBER})
ANALYSTS = frozenset({Role.ANALYST})

# Areas and statistics: analysts own the statistics; only they (and the platform admin) see
# values below the small-number threshold.
STATISTICS_EDITORS = ADMINISTRATORS | ANALYSTS
AREA_EDITORS = STRUCTURE_EDITORS | ANALYSTS
UNPROTECTED_VALUE_READERS = frozenset({Role.ANALYST, Role.PLATFORM_ADMIN})

# Programme staff: who runs participation (surveys, events, meeting places, moderation, ideas).
PARTICIPATION_STAFF = STRUCTURE_EDITORS | COORDINATORS

# The board: compares and saves scenarios and settles resource conflicts with the structure
# editors; handles barriers below the commissioner's level with them.
STRUCTURE_EDITORS_AND_BOARD = STRUCTURE_EDITORS | BOARD

# Money (finance): the finance officer (økonomi) imports the accounts' actuals and sets the
# cost per full-time equivalent; structure editors change sources and allocations; the board
# reads (coordinators read their own sub-programme's money only).
FINANCE_OFFICERS = frozenset({Role.FINANCE_OFFICER})
FINANCE_READERS = STRUCTURE_EDITORS_AND_BOARD | FINANCE_OFFICERS
ACTUALS_IMPORTERS = STRUCTURE_EDITORS | FINANCE_OFFICERS
STAFF_COST_EDITORS = ADMINISTRATORS | FINANCE_OFFICERS
