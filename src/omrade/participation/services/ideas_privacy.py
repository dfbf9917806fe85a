"""A resident's right to their input: export it or delete it, asked for by the e-mail
address they gave with their ideas.

Residents have no login, so the request is confirmed through a single-use link e-mailed to
that address (queued in the outbox and sent at once, `services/notices.py`), valid 24 hours.
The link's token is never stored, only its keyed hash; the log keeps a masked address.
Whether any input exists for the address is not revealed when asking. Children's input
(surveys) is never identified, so it is never part of these requests.

The export is one ZIP file, `mine-innspill.zip`: `mine-innspill.json` (every idea with its
text, area, theme, e-mail address, status and the feedback given, and for an idea with a
photo its path in the archive and its description) and the photos themselves under
`bilder/`, named `ide-<id>` with the stored file's extension. Deletion removes the ideas
with their comments, supports and photo files, and the e-mails to the address still in the
outbox.
"""

from __future__ import annotations

import io
import json
import posixpath
import secrets
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from omrade.common.audit import audit_record
from omrade.participation.abuse import keyed_hash
from omrade.participation.models.ideas import (
    Idea,
    IdeaStatus,
    NoticeKind,
    PrivacyRequest,
    PrivacyRequestKind,
    ResidentNotice,
)
from omrade.participation.services.ideas import email_hash
from omrade.participation.services.notices import notice_queue
from omrade.tenancy.models import Municipality

LINK_VALID = timedelta(hours=24)


def token_hash(token: str) -> str:
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
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + LINK_VALID,
    )
    link = str(getattr(settings, "OMRADE_SITE_URL", "")).rstrip("/") + reverse(
        "participation:privacy_confirm",
        kwargs={"municipality_code": municipality.code, "token": token},
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
    request = requests.filter(token_hash=token_hash(token)).first()
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


def _ideas_of(request: PrivacyRequest) -> list[Idea]:
    """Ideas given with the request's e-mail address. Compared by keyed hash, so the log
    never needs the address in clear."""
    ideas = (
        Idea.objects.in_municipality(request.municipality)
        .exclude(email="")
        .select_related("theme", "area", "measure")
        .prefetch_related("status_changes")
    )
    return [idea for idea in ideas if email_hash(idea.email) == request.email_hash]


ARCHIVE_NAME = "mine-innspill.zip"
JSON_NAME = "mine-innspill.json"


def _photo_path(idea: Idea) -> str | None:
    """Where the idea's photo goes in the archive."""
    if not idea.photo:
        return None
    extension = posixpath.splitext(str(idea.photo.name))[1].lower()
    return f"bilder/ide-{idea.pk}{extension}"


def _export(ideas: list[Idea], photos: dict[int, str | None]) -> dict[str, Any]:
    return {
        "ideas": [
            {
                "id": idea.pk,
                "created_at": idea.created_at.isoformat(),
                "title": idea.title,
                "text": idea.text,
                "area": idea.area.name if idea.area else None,
                "theme": idea.theme.name if idea.theme else None,
                "email": idea.email,
                "photo": photos.get(idea.pk),
                "photo_description": idea.photo_description,
                "status": idea.status,
                "status_label": str(IdeaStatus(idea.status).label),
                "not_taken_reason": idea.not_taken_reason,
                "feedback": [
                    {
                        "at": change.changed_at.isoformat(),
                        "status": change.to_status,
                        "text": change.feedback,
                    }
                    for change in idea.status_changes.all()
                ],
            }
            for idea in ideas
        ]
    }


def _archive(ideas: list[Idea], header: dict[str, Any]) -> tuple[bytes, dict[str, Any]]:
    """The ZIP with the JSON and the photo files, and the JSON itself. A photo whose file
    is missing from storage is left out, and its `photo` is null."""
    buffer = io.BytesIO()
    photos: dict[int, str | None] = {}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for idea in ideas:
            path = _photo_path(idea)
            if path is None:
                continue
            try:
                with idea.photo.open("rb") as stored:
                    content = stored.read()
            except OSError:
                photos[idea.pk] = None
                continue
            # Photos are JPEG, PNG or WebP: compressed already.
            archive.writestr(path, content, compress_type=zipfile.ZIP_STORED)
            photos[idea.pk] = path
        export = header | _export(ideas, photos)
        archive.writestr(JSON_NAME, json.dumps(export, ensure_ascii=False, indent=2))
    return buffer.getvalue(), export


def _forget_notices(request: PrivacyRequest) -> int:
    """Delete the e-mails to the request's address still in the outbox (sent or not)."""
    notices = ResidentNotice.objects.in_municipality(request.municipality)
    ids = [
        notice_id
        for notice_id, email in notices.values_list("pk", "email")
        if email_hash(email) == request.email_hash
    ]
    return ResidentNotice.objects.filter(pk__in=ids).delete()[0]


@dataclass
class PrivacyResult:
    kind: str
    items: int
    export: dict[str, Any] = field(default_factory=dict)
    archive: bytes = b""  # the export as one ZIP file (see the module's docstring)


@transaction.atomic
def privacy_request_confirm(
    *, municipality: Municipality, token: str, now: datetime | None = None
) -> PrivacyResult:
    """Use the link: returns the export (the ZIP and its JSON), or deletes the ideas (with
    their photo files, comments and supports) and the outbox's e-mails to the address.
    Works once, within 24 hours."""
    now = now or timezone.now()
    request = _pending(municipality, token, now, lock=True)
    ideas = _ideas_of(request)
    result = PrivacyResult(kind=request.kind, items=len(ideas))
    if request.kind == PrivacyRequestKind.EXPORT:
        result.archive, result.export = _archive(
            ideas, {"municipality": municipality.name, "exported_at": now.isoformat()}
        )
    else:
        for idea in ideas:
            if idea.photo:
                # The file goes only once the rows are gone for good.
                transaction.on_commit(partial(idea.photo.storage.delete, str(idea.photo.name)))
            audit_record(
                municipality=municipality,
                actor=None,
                action="idea.deleted_on_request",
                obj=idea,
                summary=_("Idé slettet etter ønske fra innbyggeren."),
            )
            idea.delete()
        _forget_notices(request)
    request.confirmed_at = now
    request.items = len(ideas)
    request.save(update_fields=["confirmed_at", "items"])
    return result
