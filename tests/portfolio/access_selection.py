"""The access matrix's expectations for the portfolio's selection routes (merged in
tests/test_access_matrix.py): scenarios, resource conflicts and the year's frames.

Everyone with a role reads and may try a selection (it saves nothing); structure editors and
board members save, recompute and delete scenarios and record conflict resolutions;
structure editors record the year's money and the units' commitments.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from omrade.portfolio.models import CriteriaSet, Scenario
from omrade.tenancy.models import Role
from tests.access import ALL_ROLES, OTHER, PROGRAMME_EDITORS, Probe, access

SCENARIO_MANAGERS = PROGRAMME_EDITORS | {Role.BOARD_MEMBER}


def programme_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return {"pk": objects["programme"].pk}


def _scenario(objects: dict[str, Any]) -> Scenario:
    """A fresh scenario (recomputing and deleting change it) in the probe programme."""
    programme = objects["programme"]
    criteria_set, _created = CriteriaSet.objects.get_or_create(
        programme=programme, name="Probe", defaults={"municipality": programme.municipality}
    )
    return Scenario.objects.create(
        programme=programme,
        criteria_set=criteria_set,
        name=f"Probe {Scenario.objects.count()}",
        year=2024,
        budget=Decimal(1000),
    )


def scenario_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return programme_kwargs(objects) | {"scenario_pk": _scenario(objects).pk}


EXPECTED: dict[str, Any] = {
    "portfolio:scenario_list": Probe(access(roles=ALL_ROLES), programme_kwargs),
    # An empty POST is an invalid form: 400 for those allowed.
    "portfolio:scenario_preview": Probe(
        access(roles=ALL_ROLES, allowed_status=400), programme_kwargs, method="post"
    ),
    "portfolio:scenario_save": Probe(
        access(roles=SCENARIO_MANAGERS, allowed_status=400), programme_kwargs, method="post"
    ),
    "portfolio:scenario_compare": Probe(access(roles=ALL_ROLES), programme_kwargs),
    "portfolio:scenario_detail": Probe(access(roles=ALL_ROLES), scenario_kwargs),
    "portfolio:scenario_recompute": Probe(
        access(roles=SCENARIO_MANAGERS, allowed_status=302), scenario_kwargs, method="post"
    ),
    "portfolio:scenario_delete": Probe(
        access(roles=SCENARIO_MANAGERS, allowed_status=302), scenario_kwargs, method="post"
    ),
    "portfolio:conflict_list": Probe(access(roles=ALL_ROLES), programme_kwargs),
    "portfolio:conflict_resolve": Probe(
        access(roles=SCENARIO_MANAGERS, allowed_status=400), programme_kwargs, method="post"
    ),
    "portfolio:frames": Probe(access(roles=ALL_ROLES), programme_kwargs),
    "portfolio:frames_budget_set": Probe(
        access(roles=PROGRAMME_EDITORS, allowed_status=400), programme_kwargs, method="post"
    ),
    "portfolio:frames_commitment_set": Probe(
        access(roles=PROGRAMME_EDITORS, allowed_status=400), programme_kwargs, method="post"
    ),
}

_READ = access(roles=ALL_ROLES, anonymous=401) | {OTHER: 404}
API_EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("get", "/api/programmes/{programme_id}/scenarios"): _READ,
    ("get", "/api/scenarios/{scenario_id}"): _READ,
    # The probe's body has no year: 400 naming it, after the programme is found.
    ("post", "/api/programmes/{programme_id}/selection"): access(
        roles=ALL_ROLES, anonymous=401, allowed_status=400
    )
    | {OTHER: 404},
    ("get", "/api/programmes/{programme_id}/conflicts"): _READ,
}
API_QUERY: dict[tuple[str, str], str] = {
    ("get", "/api/programmes/{programme_id}/conflicts"): "?year=2024",
}


def api_placeholders(objects: dict[str, Any]) -> dict[str, object]:
    """Values for the {placeholders} of this module's API paths."""
    return {"scenario_id": _scenario(objects).pk}
