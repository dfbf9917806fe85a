"""A resident's right to their identified input: export it or delete it, asked for by the
e-mail address they gave. Identified input is what carries that address: ideas (the
optional address for feedback), answers to identified surveys (until the survey's
retention period removes the address), registrations for events, and room bookings where it was
given as the contact.

Residents have no login, so the request is confirmed through a single-use link e-mailed to
that address (queued in the outbox and sent at once, `core/notices.py`), valid 24 hours.
The link's token is never stored, only its keyed hash; the log keeps a masked address.
Whether any input exists for the address is not revealed when asking. Children's input
(map sessions, anonymous surveys) is never identified, so it is never part of these
requests.

The export is one ZIP file, `mine-innspill.zip`, holding `mine-innspill.json` and the
photos of the resident's ideas under `bilder/`, named `ide-<id>` with the stored file's
extension. The JSON has `municipality`, `exported_at` and three lists: `ideas` (text, area,
theme, e-mail address, status, the feedback given, and for an idea with a photo its path
in the archive and its description), `survey_answers` (survey, name, e-mail address and
every answer with its question, in the language answered) and `event_registrations`
(event, name, contact details, people, status) and `room_bookings` (place, room, group,
purpose, time, status, contact details).

Each context says what it holds for an address through a `PrivacyKind` registered with
`register_privacy_kind` (from `ParticipationConfig.ready`): `ideas/privacy.py` (ideas),
`surveys/privacy.py` (survey answers), `places/privacy.py` (event registrations and room
bookings). Core runs the request, builds the archive and forgets the outbox's e-mails.

Deletion removes the ideas with their comments, supports and photo files (once the
transaction commits), the survey answers, the registrations (an event that has not started
moves its waiting list up) and the e-mails to the address in the outbox. A room booking is the
place's record of who used its rooms, so it stays, without the contact person's name, e-mail
and phone. The audit log
records what kind of input went, never whose.
"""

from __future__ import annotations

import io
import json
import secrets
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from omrade.common.audit import audit_record
from omrade.participation.core.abuse import email_hash, keyed_hash
from omrade.participation.core.models import (
    NoticeKind,
    PrivacyRequest,
    PrivacyRequestKind,
    ResidentNotice,
)
from omrade.participation.core.notices import notice_queue, site_link
from omrade.tenancy.models import Municipality

LINK_VALID = timedelta(hours=24)


def _link_hash(token: str) -> str:
    """The stored form of a confirmation link's token: unlike other tokens
    (`common.tokens.token_hash`) a keyed hash, as it always was (stored hashes must match)."""
    return keyed_hash("privacy-token", token)


def mask_email(email: str) -> str:
    """`k***@e***.no`: enough for staff to tell requests apart, not enough to write to."""
    local, _at, domain = email.strip().partition("@")
    host, _dot, tld = domain.rpartition(".")
    return f"{local[:1]}***@{host[:1]}***.{tld}" if host else f"{local[:1]}***@{domain[:1]}***"


@dataclass
class StartedRequest:
    request: PrivacyRequest
    token: str  # only in the notice's link; not stored


@transaction.atomic
def privacy_request_start(
    *, municipality: Municipality, email: str, kind: str, now: datetime | None = None
) -> StartedRequest:
    """Ask for an export or deletion: logs the request and queues the confirmation link."""
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Skriv en gyldig e-postadresse.")}) from None
    if kind not in PrivacyRequestKind.values:
        raise ValidationError({"kind": _("Velg uttrekk eller sletting.")})
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    request = PrivacyRequest.objects.create(
        municipality=municipality,
        kind=kind,
        email_masked=mask_email(email),
        email_hash=email_hash(email),
        token_hash=_link_hash(token),
        created_at=now,
        expires_at=now + LINK_VALID,
    )
    link = site_link(
        reverse(
            "participation:privacy_confirm",
            kwargs={"municipality_code": municipality.code, "token": token},
        )
    )
    language = municipality.default_language
    with translation.override(language):
        if kind == PrivacyRequestKind.EXPORT:
            subject = _("Bekreft at du vil få en kopi av innspillene dine")
            action = _("få en kopi av innspillene du har sendt inn med denne e-postadressen")
        else:
            subject = _("Bekreft at du vil slette innspillene dine")
            action = _("slette innspillene du har sendt inn med denne e-postadressen")
        body = "\n".join(
            [
                _("Hei!"),
                "",
                _("Noen (forhåpentlig du) ba om å %(action)s hos %(municipality)s.")
                % {"action": action, "municipality": municipality.name},
                "",
                _("Åpne lenken for å bekrefte. Den virker én gang og i 24 timer:"),
                link,
                "",
                _("Ba du ikke om dette, kan du se bort fra e-posten."),
            ]
        )
    notice_queue(
        municipality=municipality,
        kind=NoticeKind.CONFIRM_EXPORT
        if kind == PrivacyRequestKind.EXPORT
        else NoticeKind.CONFIRM_DELETE,
        email=email,
        subject=subject,
        body=body,
        language=language,
        now=now,
    )
    return StartedRequest(request=request, token=token)


class LinkRefused(ValidationError):
    """The confirmation link cannot be used: `reason` is "unknown", "used" or "expired"."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__({"token": message})
        self.reason = reason


def _pending(
    municipality: Municipality, token: str, now: datetime, *, lock: bool = False
) -> PrivacyRequest:
    requests = PrivacyRequest.objects.in_municipality(municipality)
    if lock:  # inside the confirming transaction: two clicks at once use the link once
        requests = requests.select_for_update()
    request = requests.filter(token_hash=_link_hash(token)).first()
    if request is None:
        raise LinkRefused("unknown", _("Lenken er ukjent."))
    if request.confirmed_at is not None:
        raise LinkRefused("used", _("Lenken er allerede brukt."))
    if request.expires_at <= now:
        raise LinkRefused("expired", _("Lenken er utløpt. Be om en ny lenke."))
    return request


def privacy_request_lookup(
    *, municipality: Municipality, token: str, now: datetime | None = None
) -> PrivacyRequest:
    """The request a link belongs to, if it may still be used (else a ValidationError)."""
    return _pending(municipality, token, now or timezone.now())


def _matches(request: PrivacyRequest, email: str) -> bool:
    """Is `email` the request's address? Compared by keyed hash, so the log never needs the
    address in clear."""
    return email_hash(email) == request.email_hash


Matches = Callable[[str], bool]  # is this e-mail address the request's?


@dataclass(frozen=True)
class PrivacyKind:
    """One kind of identified input a context holds (see the module's docstring).

    - `rows(municipality)`: the rows that may hold an address in the municipality; those
      whose `email_field` is the request's address (compared by keyed hash) are its input.
    - `export(rows, archive)`: the rows as JSON-ready dicts; may add files to the ZIP.
    - `delete(municipality, rows, now)`: delete (or anonymise) them, audited without whose.
    """

    key: str  # its list in the export and its count in the result, e.g. "ideas"
    rows: Callable[[Municipality], QuerySet[Any]]
    email_field: str
    export: Callable[[list[Any], zipfile.ZipFile], list[dict[str, Any]]]
    delete: Callable[[Municipality, list[Any], datetime], None]


_KINDS: dict[str, PrivacyKind] = {}


def register_privacy_kind(kind: PrivacyKind) -> None:
    """Add (or replace) a kind of identified input (called from `ParticipationConfig.ready`)."""
    _KINDS[kind.key] = kind


def privacy_kinds() -> list[PrivacyKind]:
    return list(_KINDS.values())


RowT = TypeVar("RowT", bound=models.Model)


def audit_erasure(
    municipality: Municipality, *, action: str, obj: models.Model, summary: str
) -> None:
    """Record that input went on a resident's request: what kind, never whose (no actor)."""
    audit_record(municipality=municipality, actor=None, action=action, obj=obj, summary=summary)


def _given_with(matches: Matches, rows: QuerySet[RowT], field: str) -> list[RowT]:
    """The rows whose e-mail `field` is the request's address."""
    rows = rows.exclude(**{field: ""})
    return [row for row in rows if matches(getattr(row, field))]


def _identified(request: PrivacyRequest) -> dict[str, list[Any]]:
    """Everything given with the request's address in its municipality, by kind."""
    matches = partial(_matches, request)
    return {
        kind.key: _given_with(matches, kind.rows(request.municipality), kind.email_field)
        for kind in _KINDS.values()
    }


ARCHIVE_NAME = "mine-innspill.zip"
JSON_NAME = "mine-innspill.json"


def _archive(found: dict[str, list[Any]], header: dict[str, Any]) -> tuple[bytes, dict[str, Any]]:
    """The ZIP with the JSON and the files the kinds add (photos), and the JSON itself."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        export = dict(header)
        for kind in _KINDS.values():
            export[kind.key] = kind.export(found[kind.key], archive)
        archive.writestr(JSON_NAME, json.dumps(export, ensure_ascii=False, indent=2))
    return buffer.getvalue(), export


def _forget_notices(request: PrivacyRequest) -> int:
    """Delete the e-mails to the request's address still in the outbox (sent or not)."""
    notices = ResidentNotice.objects.in_municipality(request.municipality)
    ids = [pk for pk, email in notices.values_list("pk", "email") if _matches(request, email)]
    return ResidentNotice.objects.filter(pk__in=ids).delete()[0]


@dataclass
class PrivacyResult:
    kind: str
    items: int
    export: dict[str, Any] = field(default_factory=dict)
    archive: bytes = b""  # the export as one ZIP file (see the module's docstring)
    counts: dict[str, int] = field(default_factory=dict)  # by kind, e.g. {"ideas": 1, ...}


@transaction.atomic
def privacy_request_confirm(
    *, municipality: Municipality, token: str, now: datetime | None = None
) -> PrivacyResult:
    """Use the link: returns the export (the ZIP and its JSON), or deletes the ideas (with
    their photo files, comments and supports), the answers to identified surveys, the
    event registrations, the contact details of room bookings and the outbox's e-mails to
    the address. Works once, within 24
    hours."""
    now = now or timezone.now()
    request = _pending(municipality, token, now, lock=True)
    found = _identified(request)
    counts = {key: len(rows) for key, rows in found.items()}
    total = sum(counts.values())
    result = PrivacyResult(kind=request.kind, items=total, counts=counts)
    if request.kind == PrivacyRequestKind.EXPORT:
        result.archive, result.export = _archive(
            found, {"municipality": municipality.name, "exported_at": now.isoformat()}
        )
    else:
        for kind in _KINDS.values():
            kind.delete(municipality, found[kind.key], now)
        _forget_notices(request)
    request.confirmed_at = now
    request.items = total
    request.save(update_fields=["confirmed_at", "items"])
    return result
