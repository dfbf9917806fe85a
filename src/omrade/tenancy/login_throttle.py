"""Login throttling on django-axes: failed logins are counted per account and per address.

- `AXES_FAILURE_LIMIT` (default 5, `OMRADE_LOGIN_FAILURES_PER_ACCOUNT`) failures for one
  username within the cool-off (`AXES_COOLOFF_TIME`, default 15 minutes,
  `OMRADE_LOGIN_COOLOFF_MINUTES`) lock that account, from every address;
  `OMRADE_LOGIN_FAILURES_PER_ADDRESS` (default 30) failures from one address lock that
  address for every account. So a colleague at the same office (one address) is not locked
  out by someone else's typos until the address limit, and a guesser who changes address
  still meets the account limit.
- While locked, even the right password is refused: `LoginThrottleBackend` runs before
  Django's ModelBackend and stops the authentication; the login page answers 429 with a
  translated message saying how long to wait (`lockout_response`). The lock ends by itself
  after the cool-off counted from the last failure.
- A successful login clears the account's own failures (not the address's: an attacker with
  one account must not be able to wipe the address's count).
- Only HTTP logins are throttled: `authenticate()` without a request (the test client,
  scripts) and the API's bearer tokens are not affected.
- Each lockout is audited once (`login.locked_out` in the audit log, with the username, the
  address and the reason) when the limit is crossed; every failure stays in django-axes'
  failure log, which the platform admin reads at /admin/axes/ and the retention task
  (`omrade participation purge`) deletes after 90 days.
The address is `common.clients.client_address`: X-Forwarded-For is believed only from a
proxy listed in `OMRADE_TRUSTED_PROXIES`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt, AccessFailureLog
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import QuerySet, Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from omrade.common.audit import audit_record

ACCOUNT = "account"
ADDRESS = "address"


def address_limit() -> int:
    return int(getattr(settings, "OMRADE_LOGIN_FAILURES_PER_ADDRESS", 30))


def account_limit() -> int:
    return int(settings.AXES_FAILURE_LIMIT)


def _cool_off(request: HttpRequest | None = None) -> timedelta:
    return get_cool_off(request) or timedelta(minutes=15)


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' check before authentication, for HTTP logins only: `authenticate()`
    without a request (the test client's `login`, scripts) has no client to count."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def _failures(**lookup: Any) -> int:
    since = timezone.now() - _cool_off()
    total = AccessAttempt.objects.filter(attempt_time__gte=since, **lookup).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return int(total or 0)


class LoginThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler with two limits instead of one: the account's failures
    against `AXES_FAILURE_LIMIT`, the address's against `OMRADE_LOGIN_FAILURES_PER_ADDRESS`.

    django-axes compares `get_failures` with `AXES_FAILURE_LIMIT`; this returns the
    account's count, or that limit itself once the address is over its own limit, and notes
    on the request which of the two locked it (for the message and the audit entry)."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        username = get_client_username(request, credentials)
        by_account = _failures(username=username) if username else 0
        address = getattr(request, "axes_ip_address", None)
        by_address = _failures(ip_address=address) if address else 0
        request.omrade_login_failures = {ACCOUNT: by_account, ADDRESS: by_address}
        if by_account >= account_limit():
            request.omrade_lockout_reason = ACCOUNT
            return by_account
        if by_address >= address_limit():
            request.omrade_lockout_reason = ADDRESS
            return max(by_account, account_limit())
        return by_account

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        """After a successful login: clear the account's failures only."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _detail = AccessAttempt.objects.filter(username=username).delete()
        return count


@receiver(user_locked_out)
def audit_lockout(
    sender: Any, request: Any, username: str | None, ip_address: Any, **_: Any
) -> None:
    """Write one audit entry when a limit is crossed (not for every refused try after it)."""
    counts = getattr(request, "omrade_login_failures", None) or {}
    reason = getattr(request, "omrade_lockout_reason", ACCOUNT)
    crossed = (
        counts.get(ACCOUNT) == account_limit()
        if reason == ACCOUNT
        else counts.get(ADDRESS) == address_limit()
    )
    if not crossed:
        return
    attempt = (
        AccessAttempt.objects.filter(username=username, ip_address=ip_address)
        .order_by("-attempt_time")
        .first()
    )
    if attempt is None:
        return
    audit_record(
        municipality=None,
        actor=None,
        action="login.locked_out",
        obj=attempt,
        summary=(
            f"Login locked ({reason}): username {username!r} from {ip_address or '-'}, "
            f"{counts.get(ACCOUNT, 0)} failures for the account and {counts.get(ADDRESS, 0)} "
            f"from the address within {int(_cool_off(request).total_seconds() // 60)} minutes"
        ),
        changes={"reason": [None, reason], "username": [None, username]},
    )


def login_failures_before(before: datetime) -> QuerySet[AccessFailureLog]:
    """The failed-login records older than `before` (the retention task deletes them)."""
    return AccessFailureLog.objects.filter(attempt_time__lt=before)


def lockout_message(request: HttpRequest | None = None) -> str:
    minutes = max(1, int(_cool_off(request).total_seconds() // 60))
    return ngettext(
        "For mange mislykkede innloggingsforsøk. Innloggingen er sperret i %(minutes)s minutt "
        "etter siste forsøk; prøv igjen etterpå.",
        "For mange mislykkede innloggingsforsøk. Innloggingen er sperret i %(minutes)s "
        "minutter etter siste forsøk; prøv igjen etterpå.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The login page again, with the lockout message, as 429 with Retry-After."""
    username = get_client_username(request, credentials) or ""
    form = AuthenticationForm(request, initial={"username": username})
    response = render(
        request,
        "registration/login.html",
        {
            "form": form,
            "next": request.POST.get("next", "") or request.GET.get("next", ""),
            "locked_out": lockout_message(request),
            "title": _("Logg inn"),
        },
        status=429,
    )
    response["Retry-After"] = str(int(_cool_off(request).total_seconds()))
    return response
