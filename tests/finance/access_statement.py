"""The access matrix's expectations for the funder's statement pages and the money API
(merged in tests/test_access_matrix.py).

Reading all of a programme's money (the statement, the funding, the finance record) is for
`can_view_all_finance`: municipal admins, programme managers, the board and the finance
officer. Setting an allocation is for the structure editors (admins, programme managers)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from omrade.finance.models import FundingKind, FundingSource
from omrade.finance.services import sources as source_services
from omrade.programmes.services import programme as programme_services
from omrade.tenancy.models import Role
from tests.access import OTHER, PROGRAMME_EDITORS, Probe, access

FINANCE_READERS = PROGRAMME_EDITORS | {Role.BOARD_MEMBER, Role.FINANCE_OFFICER}
_probes: dict[str, Any] = {"count": 0}


def _programme(objects: dict[str, Any]) -> dict[str, object]:
    return {"pk": objects["programme"].pk}


EXPECTED: dict[str, Any] = {
    "finance:statement": Probe(access(roles=FINANCE_READERS), _programme),
    "finance:statement_xlsx": Probe(access(roles=FINANCE_READERS), _programme),
    "finance:statement_pdf": Probe(access(roles=FINANCE_READERS), _programme),
}

_READ = access(roles=FINANCE_READERS, anonymous=401) | {OTHER: 404}
API_EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("get", "/api/programmes/{programme_id}/funding"): _READ,
    ("get", "/api/programmes/{programme_id}/finance"): _READ,
    ("post", "/api/programmes/{programme_id}/allocations"): access(
        roles=PROGRAMME_EDITORS, anonymous=401
    )
    | {OTHER: 404},
}
API_QUERY: dict[tuple[str, str], str] = {
    ("get", "/api/programmes/{programme_id}/finance"): "?year=2024",
}
# Every allocation goes to a sub-programme of its own: a new allocation answers 201.
API_CREATED = {("post", "/api/programmes/{programme_id}/allocations")}


def _new_allocation() -> dict[str, object]:
    _probes["count"] += 1
    sub_programme = programme_services.sub_programme_create(
        by=None, programme=_probes["programme"], name=f"Probe money {_probes['count']}"
    )
    return {
        "source_code": "PROBE",
        "year": 2024,
        "sub_programme_id": sub_programme.pk,
        "amount": "1.00",
        "reason": "Probe",
    }


API_BODY: dict[tuple[str, str], Any] = {
    ("post", "/api/programmes/{programme_id}/allocations"): _new_allocation,
}


def api_placeholders(objects: dict[str, Any]) -> dict[str, object]:
    """The probe programme gets a funding source with money for 2024 (once)."""
    programme = objects["programme"]
    _probes["programme"] = programme
    if not FundingSource.objects.filter(programme=programme, code="PROBE").exists():
        source_services.source_create(
            by=None,
            programme=programme,
            code="PROBE",
            name="Probe",
            kind=FundingKind.MUNICIPAL_BUDGET,
            amounts={2024: Decimal(1000)},
        )
    return {}
