"""Retention periods for participation's personal data, and the task that deletes what has
expired (`retention_purge`, run by `omrade participation purge [--dry-run]`, e.g. nightly).

The periods below are the defaults; a deployment overrides any of them with the setting
`OMRADE_PARTICIPATION_RETENTION` (a dict with the same keys and `timedelta` values).
What is purged, and what stays:

- `idea_email`: the e-mail address a resident gave for feedback, counted from the idea's
  last status change. The idea itself stays (it is public input); only the address goes.
- `client_hash`: the keyed hash of the poster's client on ideas, comments and abuse
  reports (used to block abusers), counted from when it was posted.
- `interview_notes`: interview notes and the interviewee's optional name, counted from the
  interview date; the coded record (role, date, themes) stays for the register.
- `resident_notice`: outbox rows, sent or not (they hold an e-mail address), counted from
  when queued. Sending (`services/notices.py`) gives up long before this.
- `privacy_request`: the log of export and deletion requests (masked address only).
- `block`: blocks of a client or an e-mail address without an end date.
- `rate_limit`: the rate limiter's counters, one day after their window ended.
- `login_failure`: the records of failed logins (username, address; django-axes' failure
  log, `tenancy.login_throttle`), 90 days after the attempt. Not participation's data, but
  this is the retention task a deployment runs.
- Photos' metadata is never stored: `abuse.check_image` re-encodes every photo without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from omrade.participation.ideas.models import (
    AbuseReport,
    Block,
    Idea,
    IdeaComment,
    KeyPersonInterview,
    PrivacyRequest,
    ResidentNotice,
)
from omrade.tenancy.login_throttle import login_failures_before

DEFAULT_RETENTION: dict[str, timedelta] = {
    "idea_email": timedelta(days=365),
    "client_hash": timedelta(days=180),
    "interview_notes": timedelta(days=5 * 365),
    "resident_notice": timedelta(days=30),
    "privacy_request": timedelta(days=3 * 365),
    "block": timedelta(days=2 * 365),
    "rate_limit": timedelta(days=1),
    "login_failure": timedelta(days=90),
}


def retention_periods() -> dict[str, timedelta]:
    """The defaults with the deployment's overrides."""
    configured: dict[str, Any] = getattr(settings, "OMRADE_PARTICIPATION_RETENTION", {}) or {}
    unknown = set(configured) - set(DEFAULT_RETENTION)
    if unknown:
        raise ValueError(f"OMRADE_PARTICIPATION_RETENTION: unknown keys {sorted(unknown)}")
    return DEFAULT_RETENTION | dict(configured)


@dataclass
class PurgeReport:
    """How many rows each rule changed (or would change, in a dry run)."""

    now: datetime
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _rate_limit_rows(before: datetime) -> Any:
    from omrade.participation.surveys.models import RateLimitHit

    return RateLimitHit.objects.filter(expires_at__lte=before)


@transaction.atomic
def retention_purge(*, now: datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """Delete the personal data whose retention period has ended. In a dry run nothing is
    changed and the report says what would be."""
    now = now or timezone.now()
    periods = retention_periods()
    report = PurgeReport(now=now, dry_run=dry_run)

    def cutoff(key: str) -> datetime:
        return now - periods[key]

    emails = Idea.objects.exclude(email="").filter(status_changed_at__lte=cutoff("idea_email"))
    hashes: list[QuerySet[Any]] = [
        Idea.objects.exclude(client_hash="").filter(created_at__lte=cutoff("client_hash")),
        IdeaComment.objects.exclude(client_hash="").filter(created_at__lte=cutoff("client_hash")),
        AbuseReport.objects.exclude(client_hash="").filter(created_at__lte=cutoff("client_hash")),
    ]
    notes = KeyPersonInterview.objects.filter(
        interviewed_on__lte=cutoff("interview_notes").date()
    ).filter(~Q(notes="") | ~Q(name=""))
    notices = ResidentNotice.objects.filter(created_at__lte=cutoff("resident_notice"))
    requests = PrivacyRequest.objects.filter(created_at__lte=cutoff("privacy_request"))
    blocks = Block.objects.filter(expires_at__isnull=True, created_at__lte=cutoff("block"))
    expired_blocks = Block.objects.filter(expires_at__lte=now)
    rate_rows = _rate_limit_rows(now - periods["rate_limit"])
    login_failures = login_failures_before(now - periods["login_failure"])

    report.counts = {
        "idea_email": emails.count(),
        "client_hash": sum(queryset.count() for queryset in hashes),
        "interview_notes": notes.count(),
        "resident_notice": notices.count(),
        "privacy_request": requests.count(),
        "block": blocks.count() + expired_blocks.count(),
        "rate_limit": rate_rows.count(),
        "login_failure": login_failures.count(),
    }
    if dry_run:
        return report
    emails.update(email="")
    for queryset in hashes:
        queryset.update(client_hash="")
    notes.update(notes="", name="", notes_deleted_at=now)
    notices.delete()
    requests.delete()
    blocks.delete()
    expired_blocks.delete()
    rate_rows.delete()
    login_failures.delete()
    # The surveys' own rules (identified answers past their survey's retention period, and
    # answers never sent in); they count what they change, so they run outside a dry run only.
    from omrade.participation.surveys.services.answers import responses_discard_incomplete
    from omrade.participation.surveys.services.surveys import surveys_purge_personal_data

    report.counts["survey_personal_data"] = surveys_purge_personal_data(today=now.date())
    report.counts["survey_incomplete"] = responses_discard_incomplete()
    return report
