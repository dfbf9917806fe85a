"""E-mails to residents: queue them in the outbox (`ResidentNotice`) and send them.

Every message to a resident (feedback on an idea, the confirmation link of a privacy
request) is first a row in the outbox, written in the same transaction as what caused it.
When sending is configured (`OMRADE_EMAIL_HOST`, see `settings.py`), the notice is sent
right after that transaction commits, so a resident gets a link at once; whatever fails, or
was queued while sending was not configured, is sent by `notices_send`, run by
`omrade participation send-notices [--limit N]` (e.g. every five minutes).

A notice is never sent twice, even when runs overlap: a run first *claims* a notice with
one conditional UPDATE (unsent, not given up, and due: `next_attempt_at` empty or past),
which moves `next_attempt_at` a lease ahead and counts the attempt. Only the run whose
UPDATE changed the row sends it; on SQLite writes are serialised, on PostgreSQL the second
UPDATE waits for the first and then re-checks its condition, so it matches nothing. After
sending, the row is marked sent; after a failure it records the error and is due again
after a back-off that doubles per attempt, until `MAX_ATTEMPTS`. A run that dies between
sending and marking leaves the claim to expire after `CLAIM_LEASE`, and the notice is then
sent again: that is the one case of a duplicate, and it needs a crash. Each write is one
statement in autocommit, repeated by `abuse.sqlite_write` if SQLite stays locked by other
writers; nothing holds the database while talking to the mail server.

Without a configured server nothing is sent and the notices stay queued; the staff outbox
says so. Sent notices stay until the retention purge removes them (`retention.py`).
"""

from __future__ import annotations

import logging
import smtplib
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import formataddr, parseaddr
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from omrade.participation.core.abuse import sqlite_write
from omrade.participation.core.models import ResidentNotice
from omrade.tenancy.models import Municipality

if TYPE_CHECKING:  # the ideas context's model; core does not import it
    from omrade.participation.ideas.models import Idea

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
FIRST_RETRY = timedelta(minutes=5)
LONGEST_RETRY = timedelta(hours=6)
CLAIM_LEASE = timedelta(minutes=15)
DEFAULT_BATCH = 100

# Refused for this one message; other messages may still go through the same connection.
MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    BadHeaderError,
    ValueError,
)


def sending_configured() -> bool:
    """Is a mail server configured (`OMRADE_EMAIL_HOST`)? Without one, notices stay queued."""
    return bool(getattr(settings, "OMRADE_EMAIL_ENABLED", False))


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: 5 minutes, doubling, at most
    6 hours (ten attempts span about 22 hours)."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def site_link(path: str) -> str:
    """An absolute link for an e-mail: the site's public address (`OMRADE_SITE_URL`) and the
    path; a relative path while no address is configured (nothing is sent then)."""
    return str(settings.OMRADE_SITE_URL) + path


def notice_queue(
    *,
    municipality: Municipality,
    kind: str,
    email: str,
    subject: str,
    body: str,
    language: str = "",
    idea: Idea | None = None,
    now: datetime | None = None,
) -> ResidentNotice:
    """Put an e-mail to a resident in the outbox; when sending is configured it is sent once
    the current transaction commits (a failure leaves it queued for `send-notices`).
    `language` is the language the subject and body are written in (the active one if not
    given)."""
    notice = ResidentNotice.objects.create(
        municipality=municipality,
        kind=kind,
        email=email.strip(),
        subject=" ".join(subject.split())[:200],
        body=body,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        idea=idea,
        created_at=now or timezone.now(),
    )
    if sending_configured():
        transaction.on_commit(partial(_send_after_commit, notice.pk), robust=True)
    return notice


def _send_after_commit(notice_id: int) -> None:
    try:
        notices_send(ids=[notice_id])
    except Exception:  # the request has committed; the command retries what is left
        logger.exception("Sending resident notice %s failed", notice_id)


@dataclass
class SendReport:
    """What one run did: sent, failed (to be retried, or given up), and still due."""

    configured: bool
    sent: int = 0
    failed: int = 0
    gave_up: int = 0
    remaining: int = 0


def _due(now: datetime) -> Q:
    return Q(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def notices_due(now: datetime | None = None) -> int:
    """How many notices are waiting to be sent now."""
    return ResidentNotice.objects.filter(_due(now or timezone.now())).count()


def due_notice_ids(municipality: Municipality, now: datetime | None = None) -> list[int]:
    """The municipality's notices waiting to be sent now (for `notices_send(ids=...)`)."""
    due = ResidentNotice.objects.in_municipality(municipality).filter(_due(now or timezone.now()))
    return list(due.values_list("pk", flat=True))


def _claim(notice_id: int, now: datetime) -> int | None:
    """Take the notice for this run; returns its attempt number, or None when it is not
    due any more (sent, or claimed by another run). One conditional UPDATE, committed at
    once when not inside a transaction."""
    claimed = (
        ResidentNotice.objects.filter(pk=notice_id)
        .filter(_due(now))
        .update(attempts=F("attempts") + 1, next_attempt_at=now + CLAIM_LEASE)
    )
    if not claimed:
        return None
    return ResidentNotice.objects.values_list("attempts", flat=True).get(pk=notice_id)


def _sender(municipality: Municipality) -> str:
    """`OMRADE_EMAIL_FROM`, named after the municipality unless it names itself."""
    configured = str(settings.DEFAULT_FROM_EMAIL)
    name, address = parseaddr(configured)
    if name or not address:
        return configured
    return formataddr((municipality.name, address))


def _message(notice: ResidentNotice, connection: BaseEmailBackend) -> EmailMessage:
    headers = {"Auto-Submitted": "auto-generated"}
    if notice.language:
        headers["Content-Language"] = notice.language
    return EmailMessage(
        subject=notice.subject,
        body=notice.body,
        from_email=_sender(notice.municipality),
        to=[notice.email],
        headers=headers,
        connection=connection,
    )


def _failed(notice: ResidentNotice, attempt: int, error: Exception, now: datetime) -> bool:
    """Record a failed attempt; returns True if the notice is given up."""
    gave_up = attempt >= MAX_ATTEMPTS
    unsent = ResidentNotice.objects.filter(pk=notice.pk, attempts=attempt, sent_at__isnull=True)
    sqlite_write(
        lambda: unsent.update(
            next_attempt_at=None if gave_up else now + retry_delay(attempt),
            last_error=f"{type(error).__name__}: {error}"[:300],
        )
    )
    logger.warning("Resident notice %s: attempt %s failed: %s", notice.pk, attempt, error)
    return gave_up


def notices_send(
    *, limit: int = DEFAULT_BATCH, ids: list[int] | None = None, now: datetime | None = None
) -> SendReport:
    """Send up to `limit` due notices (oldest first; only those in `ids` if given) through
    one connection to the mail server. Each is marked sent, or its failure is recorded for
    a later attempt. A failure of the connection itself (server down, login refused) ends
    the run: the rest stay due. Without a configured server nothing is sent."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    now = now or timezone.now()
    started = time.monotonic()

    def clock() -> datetime:  # the run's time, moving on while it sends
        return now + timedelta(seconds=time.monotonic() - started)

    report = SendReport(configured=sending_configured())
    if not report.configured:
        report.remaining = notices_due(now)
        return report
    candidates = ResidentNotice.objects.filter(_due(now)).order_by("created_at", "id")
    if ids is not None:
        candidates = candidates.filter(pk__in=ids)
    candidate_ids = list(candidates.values_list("pk", flat=True)[:limit])
    connection = get_connection(fail_silently=False)
    opened = False
    try:
        for notice_id in candidate_ids:
            attempt = sqlite_write(partial(_claim, notice_id, clock()))
            if attempt is None:
                continue  # another run has it
            notice = ResidentNotice.objects.select_related("municipality").get(pk=notice_id)
            try:
                if not opened:
                    connection.open()
                    opened = True
                _message(notice, connection).send()
            except MESSAGE_ERRORS as error:
                report.failed += 1
                report.gave_up += _failed(notice, attempt, error, clock())
                continue
            except Exception as error:  # the connection: stop, the rest stay due
                report.failed += 1
                report.gave_up += _failed(notice, attempt, error, clock())
                break
            claimed = ResidentNotice.objects.filter(pk=notice_id, attempts=attempt)
            sqlite_write(
                partial(claimed.update, sent_at=clock(), next_attempt_at=None, last_error="")
            )
            report.sent += 1
    finally:
        if opened:
            try:
                connection.close()
            except Exception:  # the messages are sent; a failing QUIT changes nothing
                logger.warning("Closing the mail connection failed", exc_info=True)
    report.remaining = notices_due(clock())
    return report
