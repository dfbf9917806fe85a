"""The access matrix's expectations for measures and the benefits map (merged in
tests/test_access_matrix.py)."""

from __future__ import annotations

from typing import Any

from omrade.portfolio.models import Measure
from omrade.portfolio.services import measures as measure_services
from tests.access import ALL_ROLES, PROGRAMME_EDITORS, Probe, access

_probes = {"count": 0}


def fresh_measure(objects: dict[str, Any]) -> Measure:
    """A measure of its own for a request that may change or remove it."""
    _probes["count"] += 1
    return measure_services.measure_create(
        programme=objects["programme"],
        title=f"Probe measure {_probes['count']}",
        sub_programme=objects["goal"].sub_programme,
    )


def measure_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return {"pk": objects["programme"].pk, "measure_pk": fresh_measure(objects).pk}


def programme_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return {"pk": objects["programme"].pk}


EXPECTED: dict[str, Any] = {
    "portfolio:measure_list": Probe(access(roles=ALL_ROLES), programme_kwargs),
    "portfolio:measure_detail": Probe(access(roles=ALL_ROLES), measure_kwargs),
    "portfolio:measure_edit": Probe(access(roles=PROGRAMME_EDITORS), measure_kwargs),
    "portfolio:measure_delete": Probe(
        access(roles=PROGRAMME_EDITORS, allowed_status=302), measure_kwargs, method="post"
    ),
    "portfolio:benefits_map": Probe(access(roles=ALL_ROLES), programme_kwargs),
}

READERS = access(roles=ALL_ROLES, anonymous=401) | {"other-municipality-admin": 404}
WRITERS = access(roles=PROGRAMME_EDITORS, anonymous=401) | {"other-municipality-admin": 404}
API_EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("get", "/api/programmes/{programme_id}/measures"): READERS,
    ("post", "/api/programmes/{programme_id}/measures"): WRITERS,
    ("get", "/api/measures/{measure_id}"): READERS,
    ("post", "/api/measures/{measure_id}/status"): WRITERS,
}
API_QUERY: dict[tuple[str, str], str] = {}
API_CREATED = {("post", "/api/programmes/{programme_id}/measures")}


def _new_measure() -> dict[str, object]:
    _probes["count"] += 1
    return {"title": f"Probe API measure {_probes['count']}", "costs": {"2024": "1000.00"}}


# A body, or a function that makes a new one for every request.
API_BODY: dict[tuple[str, str], Any] = {
    ("post", "/api/programmes/{programme_id}/measures"): _new_measure,
    ("post", "/api/measures/{measure_id}/status"): {"status": "planned"},
}


def api_placeholders(objects: dict[str, Any]) -> dict[str, object]:
    """A fresh measure per request: the status route changes it."""
    return {"measure_id": fresh_measure(objects).pk}
