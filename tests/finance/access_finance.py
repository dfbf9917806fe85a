"""The access matrix's expectations for the money routes (merged in tests/test_access_matrix.py).

Readers of all of a programme's money: structure editors, the board, the finance officer (and
the commissioner: the municipal admin here). A coordinator reads their own sub-programme's
money — the probe's sub-programme has no coordinator, so coordinators are refused here.
Writers: structure editors; the finance officer imports actuals and sets staff costs.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from omrade.finance.models import FundingKind, FundingSource
from omrade.finance.services import sources as source_services
from omrade.portfolio.models import Measure
from omrade.portfolio.services import measures as measure_services
from omrade.tenancy.models import Role
from tests.access import ANONYMOUS, PROGRAMME_EDITORS, Probe, access

READERS = {Role.MUNICIPAL_ADMIN, Role.PROGRAMME_MANAGER, Role.BOARD_MEMBER, Role.FINANCE_OFFICER}
STAFF_COST_READERS = READERS
IMPORTERS = {Role.MUNICIPAL_ADMIN, Role.PROGRAMME_MANAGER, Role.FINANCE_OFFICER}


def _programme(objects: dict[str, Any]) -> dict[str, object]:
    return {"pk": objects["programme"].pk}


def probe_source(objects: dict[str, Any]) -> FundingSource:
    programme = objects["programme"]
    source = FundingSource.objects.filter(programme=programme, code="PROBE").first()
    return source or source_services.source_create(
        by=None,
        programme=programme,
        code="PROBE",
        name="Probe",
        kind=FundingKind.STATE_GRANT,
        amounts={2024: Decimal(1000)},
    )


def _source(objects: dict[str, Any]) -> dict[str, object]:
    return _programme(objects) | {"source_pk": probe_source(objects).pk}


def _measure(objects: dict[str, Any]) -> dict[str, object]:
    measure = Measure.objects.filter(programme=objects["programme"], title="Probe money").first()
    measure = measure or measure_services.measure_create(
        programme=objects["programme"],
        title="Probe money",
        sub_programme=objects["goal"].sub_programme,
    )
    return _programme(objects) | {"measure_pk": measure.pk}


EXPECTED: dict[str, Any] = {
    "finance:overview": Probe(access(roles=READERS), _programme),
    "finance:source_list": Probe(access(roles=READERS), _programme),
    "finance:source_create": Probe(access(roles=PROGRAMME_EDITORS), _programme),
    "finance:source_detail": Probe(access(roles=READERS), _source),
    "finance:source_edit": Probe(access(roles=PROGRAMME_EDITORS), _source),
    "finance:allocations": Probe(access(roles=READERS), _programme),
    # An empty POST saves nothing and goes back to the measure with the refusal.
    "finance:forecast_set": Probe(
        access(roles=PROGRAMME_EDITORS, allowed_status=302), _measure, method="post"
    ),
    "finance:staff_costs": Probe(access(roles=STAFF_COST_READERS)),
    "finance:actuals": Probe(access(roles=IMPORTERS)),
}
# The matrix posts JSON; the actuals route reads a multipart file, so every signed-in caller
# gets 422 for the missing file before the route asks who they are. Who may import (403, 404
# for another municipality) is proved with real files in tests/finance/test_actuals_api.py.
API_EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("post", "/api/municipalities/{code}/actuals"): access(422) | {ANONYMOUS: 401},
}
API_QUERY: dict[tuple[str, str], str] = {
    ("post", "/api/municipalities/{code}/actuals"): "?year=2024",
}


def api_placeholders(objects: dict[str, Any]) -> dict[str, object]:
    return {}
