"""Schemathesis against the OpenAPI schema: no input, valid or not, makes the API answer 5xx
or answer a body its schema does not declare (error responses included).

Every operation gets a few generated requests (valid and invalid parameters and bodies), sent
once with a platform admin's token and once anonymously; the budget is small and fixed
(`MAX_EXAMPLES` per operation, no deadline, no example database) so the whole run stays
within a couple of minutes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from omrade.tenancy import services as tenancy_services

MAX_EXAMPLES = 4
# No 5xx, and every answer (errors too: the one `ErrorOut` body) matches its declared schema.
CHECKS = [not_a_server_error, response_schema_conformance]

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """Django closes the database connection when a request starts and finishes (inside the
    test's transaction it counts as unusable); its test client turns that off, and a WSGI call
    from schemathesis must too, or PostgreSQL answers "the connection is closed"."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def admin_headers(tenants) -> dict[str, str]:
    _token, key = tenancy_services.token_create(by=None, user=tenants.platform_admin)
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors(case, admin_headers, keep_test_connection) -> None:
    for headers in (admin_headers, {}):
        case.call_and_validate(headers=headers, checks=CHECKS)
