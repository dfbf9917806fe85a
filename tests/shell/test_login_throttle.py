"""Login throttling (tenancy.login_throttle on django-axes): failures counted per account and
per address, the right password refused while locked, a cool-off, audited lockouts, and
the API's bearer tokens untouched."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from omrade.common.models import AuditEntry
from omrade.tenancy.login_throttle import lockout_message
from omrade.tenancy.models import Role
from omrade.tenancy.services import token_create
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

OFFICE = "203.0.113.20"


def log_in(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(client: Client, username: str, times: int) -> list[int]:
    return [log_in(client, username, "wrong-password").status_code for _ in range(times)]


def test_forty_wrong_passwords_then_the_right_one_is_refused(tenants: Any) -> None:
    user = tenants.users[Role.COORDINATOR]
    client = Client(REMOTE_ADDR=OFFICE)
    statuses = fail(client, user.username, 40)
    assert statuses[:4] == [200] * 4  # the login form again, with its error
    assert set(statuses[4:]) == {429}  # the fifth failure locks the account
    right = log_in(client, user.username, PASSWORD)
    assert right.status_code == 429
    assert not logged_in(client)
    html = right.content.decode()
    assert lockout_message() in html
    assert "sperret i 15 minutter" in html
    assert right["Retry-After"] == "900"
    # From another address too: the account is locked, not just the address.
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    assert log_in(elsewhere, user.username, PASSWORD).status_code == 429
    assert not logged_in(elsewhere)
    # Recorded for the admin: every failure, and one audit entry for the lockout.
    assert AccessFailureLog.objects.filter(username=user.username).count() == 42
    entries = AuditEntry.objects.filter(action="login.locked_out")
    assert entries.count() == 1
    assert user.username in entries.get().summary
    assert OFFICE in entries.get().summary
    assert entries.get().changes["reason"] == [None, "account"]


def test_the_lockout_message_is_translated(tenants: Any) -> None:
    user = tenants.users[Role.VIEWER]
    client = Client(REMOTE_ADDR=OFFICE, HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    fail(client, user.username, 5)
    refused = log_in(client, user.username, PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed login attempts" in refused.content.decode()


def test_another_user_at_the_same_address_is_not_locked_below_the_address_limit(
    tenants: Any,
) -> None:
    careless, colleague = tenants.users[Role.VIEWER], tenants.users[Role.ANALYST]
    office = Client(REMOTE_ADDR=OFFICE)
    fail(office, careless.username, 10)
    assert log_in(office, careless.username, PASSWORD).status_code == 429
    neighbour_desk = Client(REMOTE_ADDR=OFFICE)
    assert log_in(neighbour_desk, colleague.username, PASSWORD).status_code == 302
    assert logged_in(neighbour_desk)


def test_the_address_is_locked_after_its_own_limit(tenants: Any, settings: Any) -> None:
    settings.OMRADE_LOGIN_FAILURES_PER_ADDRESS = 12
    guesser = Client(REMOTE_ADDR=OFFICE)
    for number in range(12):  # four guesses each at three names: no account reaches five
        fail(guesser, f"guess-{number % 3}", 1)
    colleague = tenants.users[Role.ANALYST]
    same_address = Client(REMOTE_ADDR=OFFICE)
    assert log_in(same_address, colleague.username, PASSWORD).status_code == 429
    assert not logged_in(same_address)
    entry = AuditEntry.objects.get(action="login.locked_out")
    assert entry.changes["reason"] == [None, "address"]
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    assert log_in(elsewhere, colleague.username, PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(tenants: Any) -> None:
    user = tenants.users[Role.VIEWER]
    client = Client(REMOTE_ADDR=OFFICE)
    fail(client, user.username, 6)
    assert log_in(client, user.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert log_in(client, user.username, PASSWORD).status_code == 302
    assert logged_in(client)


def test_a_successful_login_clears_the_accounts_failures(tenants: Any) -> None:
    user = tenants.users[Role.VIEWER]
    client = Client(REMOTE_ADDR=OFFICE)
    assert fail(client, user.username, 4) == [200] * 4
    assert log_in(client, user.username, PASSWORD).status_code == 302
    client.logout()
    assert fail(client, user.username, 4) == [200] * 4
    assert log_in(client, user.username, PASSWORD).status_code == 302


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(tenants: Any, settings: Any) -> None:
    user = tenants.users[Role.VIEWER]
    settings.OMRADE_TRUSTED_PROXIES = []
    # A client that sends X-Forwarded-For itself is counted by its own address.
    fail(Client(REMOTE_ADDR=OFFICE, HTTP_X_FORWARDED_FOR="198.51.100.1"), "someone", 2)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {OFFICE}
    settings.OMRADE_TRUSTED_PROXIES = ["127.0.0.1"]
    fail(Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1"), user.username, 1)
    assert AccessAttempt.objects.filter(username=user.username).get().ip_address == ("198.51.100.1")


def test_api_tokens_are_not_affected_by_a_lockout(tenants: Any) -> None:
    user = tenants.users[Role.MUNICIPAL_ADMIN]
    _token, key = token_create(by=None, user=user, name="script")
    client = Client(REMOTE_ADDR=OFFICE)
    fail(client, user.username, 6)
    assert log_in(client, user.username, PASSWORD).status_code == 429
    response = Client(REMOTE_ADDR=OFFICE).get(
        "/api/municipalities/3107/people", headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 200


def test_the_test_clients_login_is_not_throttled(tenants: Any) -> None:
    """authenticate() without a request (the test client, scripts) has no client to count."""
    client = Client()
    assert client.login(username=tenants.users[Role.VIEWER].username, password=PASSWORD)
    assert not client.login(username=tenants.users[Role.VIEWER].username, password="wrong")
    assert not AccessAttempt.objects.exists()


def test_the_retention_task_deletes_failed_login_records_after_90_days(tenants: Any) -> None:
    from omrade.participation.core.retention import retention_purge

    fail(Client(REMOTE_ADDR=OFFICE), "someone", 2)
    AccessFailureLog.objects.filter(pk=AccessFailureLog.objects.first().pk).update(
        attempt_time=timezone.now() - timedelta(days=91)
    )
    assert retention_purge(dry_run=True).counts["login_failure"] == 1
    assert AccessFailureLog.objects.count() == 2
    assert retention_purge().counts["login_failure"] == 1
    assert AccessFailureLog.objects.count() == 1


def test_the_platform_admin_sees_failed_logins_and_lockouts(tenants: Any) -> None:
    user = tenants.users[Role.VIEWER]
    fail(Client(REMOTE_ADDR=OFFICE), user.username, 5)
    admin = Client()
    admin.force_login(tenants.platform_admin)
    failures = admin.get("/admin/axes/accessfailurelog/")
    assert failures.status_code == 200
    assert user.username in failures.content.decode()
    municipal_admin = Client()
    municipal_admin.force_login(tenants.users[Role.MUNICIPAL_ADMIN])
    assert municipal_admin.get("/admin/axes/accessfailurelog/").status_code in {302, 403}
