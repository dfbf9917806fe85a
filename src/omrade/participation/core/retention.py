"""Retention periods for participation's personal data, and the task that deletes what has
expired (`retention_purge`, run by `omrade participation purge [--dry-run]`, e.g. nightly).

Core keeps the rules of its own data; each context registers the rules of its data with
`register_retention` (from `ParticipationConfig.ready`): `ideas/retention.py` (idea e-mail,
client hashes, interview notes, blocks) and `surveys/retention.py` (identified answers past
their survey's retention period, answers never sent in). The periods are the defaults; a
deployment overrides any of them with the setting `OMRADE_PARTICIPATION_RETENTION` (a dict
with the same keys and `timedelta` values). What is purged, and what stays:

- `idea_email`: the e-mail address a resident gave for feedback, counted from the idea's
  last status change. The idea itself stays (it is public input); only the address goes.
- `client_hash`: the keyed hash of the poster's client on ideas, comments and abuse
  reports (used to block abusers), counted from when it was posted.
- `interview_notes`: interview notes and the interviewee's optional name, counted from the
  interview date; the coded record (role, date, themes) stays for the register.
- `resident_notice`: outbox rows, sent or not (they hold an e-mail address), counted from
  when queued. Sending (`core/notices.py`) gives up long before this.
- `privacy_request`: the log of export and deletion requests (masked address only).
- `block`: blocks of a client or an e-mail address without an end date.
- `rate_limit`: the rate limiter's counters, one day after their window ended.
- `login_failure`: the records of failed logins (username, address; django-axes' failure
  log, `tenancy.login_throttle`), 90 days after the attempt. Not participation's data, but
  this is the retention task a deployment runs.
- `survey_personal_data`, `survey_incomplete`: the surveys' own rules (they count what they
  change, so they run outside a dry run only).
- Photos' metadata is never stored: `abuse.check_image` re-encodes every photo without it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from omrade.participation.core.models import PrivacyRequest, RateLimitHit, ResidentNotice
from omrade.tenancy.login_throttle import login_failures_before

# Core's own periods; each context adds its own with `register_retention`.
DEFAULT_RETENTION: dict[str, timedelta] = {
    "resident_notice": timedelta(days=30),
    "privacy_request": timedelta(days=3 * 365),
    "rate_limit": timedelta(days=1),
    "login_failure": timedelta(days=90),
}

# `purge(now=..., periods=..., dry_run=...)` returns how many rows each of its rules changed
# (or would change, in a dry run), by the rule's key.
PurgeFn = Callable[..., dict[str, int]]


@dataclass(frozen=True)
class RetentionPart:
    """One context's personal data: its default periods and the function that purges it."""

    name: str
    periods: dict[str, timedelta]
    purge: PurgeFn


_PARTS: dict[str, RetentionPart] = {}


def register_retention(name: str, *, periods: dict[str, timedelta], purge: PurgeFn) -> None:
    """Add (or replace) a context's retention rules (called from `ParticipationConfig.ready`)."""
    _PARTS[name] = RetentionPart(name=name, periods=dict(periods), purge=purge)


def default_periods() -> dict[str, timedelta]:
    """Core's periods and every registered context's."""
    found = dict(DEFAULT_RETENTION)
    for part in _PARTS.values():
        found |= part.periods
    return found


def retention_periods() -> dict[str, timedelta]:
    """The defaults with the deployment's overrides."""
    defaults = default_periods()
    configured: dict[str, Any] = getattr(settings, "OMRADE_PARTICIPATION_RETENTION", {}) or {}
    unknown = set(configured) - set(defaults)
    if unknown:
        raise ValueError(f"OMRADE_PARTICIPATION_RETENTION: unknown keys {sorted(unknown)}")
    return defaults | dict(configured)


@dataclass
class PurgeReport:
    """How many rows each rule changed (or would change, in a dry run)."""

    now: datetime
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@transaction.atomic
def retention_purge(*, now: datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """Delete the personal data whose retention period has ended: core's own (outbox,
    privacy requests, rate-limit counters, failed logins), then each registered context's.
    In a dry run nothing is changed and the report says what would be."""
    now = now or timezone.now()
    periods = retention_periods()
    report = PurgeReport(now=now, dry_run=dry_run)
    notices = ResidentNotice.objects.filter(created_at__lte=now - periods["resident_notice"])
    requests = PrivacyRequest.objects.filter(created_at__lte=now - periods["privacy_request"])
    rate_rows = RateLimitHit.objects.filter(expires_at__lte=now - periods["rate_limit"])
    login_failures = login_failures_before(now - periods["login_failure"])
    report.counts = {
        "resident_notice": notices.count(),
        "privacy_request": requests.count(),
        "rate_limit": rate_rows.count(),
        "login_failure": login_failures.count(),
    }
    if not dry_run:
        notices.delete()
        requests.delete()
        rate_rows.delete()
        login_failures.delete()
    for part in _PARTS.values():
        report.counts |= part.purge(now=now, periods=periods, dry_run=dry_run)
    return report
