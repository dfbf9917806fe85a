"""A resident's right to their identified input: export it or delete it, asked for by the
e-mail address they gave. Identified input is what carries that address: ideas (the
optional address for feedback), answers to identified surveys (until the survey's
retention period removes the address), registrations for events, and room bookings where it was
given as the contact.

Residents have no login, so the request is confirmed through a single-use link e-mailed to
that address (queued in the outbox and sent at once, `services/notices.py`), valid 24 hours.
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
import posixpath
import secrets
import zipfile
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
from omrade.participation.core.abuse import keyed_hash
from omrade.participation.core.notices import notice_queue, site_link
from omrade.participation.ideas.models import (
    Idea,
    IdeaStatus,
    NoticeKind,
    PrivacyRequest,
    PrivacyRequestKind,
    ResidentNotice,
)
from omrade.participation.ideas.services.ideas import email_hash
from omrade.participation.places.models import (
    Booking,
    BookingStatus,
    Registration,
    RegistrationStatus,
)
from omrade.participation.places.services.events import event_lock, waiting_list_promote
from omrade.participation.surveys.models import Answer, Response, translated
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


def _matches(request: PrivacyRequest, email: str) -> bool:
    """Is `email` the request's address? Compared by keyed hash, so the log never needs the
    address in clear."""
    return email_hash(email) == request.email_hash


@dataclass
class Identified:
    """Everything given with one e-mail address in one municipality."""

    ideas: list[Idea]
    responses: list[Response]
    registrations: list[Registration]
    bookings: list[Booking]

    @property
    def total(self) -> int:
        return len(self.ideas) + len(self.responses) + len(self.registrations) + len(self.bookings)


RowT = TypeVar("RowT", bound=models.Model)


def _given_with(request: PrivacyRequest, rows: QuerySet[RowT], field: str) -> list[RowT]:
    """The rows whose e-mail `field` is the request's address."""
    rows = rows.exclude(**{field: ""})
    return [row for row in rows if _matches(request, getattr(row, field))]


def _identified(request: PrivacyRequest) -> Identified:
    """Everything given with the request's address in its municipality: ideas, answers to
    identified surveys (until the survey's retention period removed the address), event
    registrations, and room bookings with the address as the contact."""
    municipality = request.municipality
    return Identified(
        ideas=_given_with(
            request,
            Idea.objects.in_municipality(municipality)
            .select_related("theme", "area", "measure")
            .prefetch_related("status_changes"),
            "email",
        ),
        responses=_given_with(
            request,
            Response.objects.filter(survey__municipality=municipality)
            .select_related("survey")
            .prefetch_related("answers__question", "answers__place_area"),
            "respondent_email",
        ),
        registrations=_given_with(
            request,
            Registration.objects.filter(event__municipality=municipality).select_related("event"),
            "email",
        ),
        bookings=_given_with(
            request,
            Booking.objects.filter(room__place__municipality=municipality).select_related(
                "room__place"
            ),
            "contact_email",
        ),
    )


ARCHIVE_NAME = "mine-innspill.zip"
JSON_NAME = "mine-innspill.json"


def _photo_path(idea: Idea) -> str | None:
    """Where the idea's photo goes in the archive."""
    if not idea.photo:
        return None
    extension = posixpath.splitext(str(idea.photo.name))[1].lower()
    return f"bilder/ide-{idea.pk}{extension}"


def _export_idea(idea: Idea, photo: str | None) -> dict[str, Any]:
    return {
        "id": idea.pk,
        "created_at": idea.created_at.isoformat(),
        "title": idea.title,
        "text": idea.text,
        "area": idea.area.name if idea.area else None,
        "theme": idea.theme.name if idea.theme else None,
        "email": idea.email,
        "photo": photo,
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


def _labels(items: list[dict[str, Any]], language: str, default: str) -> dict[str, str]:
    """Option or row id → its text in the answer's language."""
    return {str(item["id"]): translated(item.get("text"), language, default) for item in items}


def _export_answer(answer: Answer, language: str) -> dict[str, Any]:
    question = answer.question
    default = answer.response.survey.default_language
    options = _labels(question.options, language, default)
    rows = _labels(question.rows, language, default)
    return {
        "question": question.text_in(language),
        "choices": [options.get(str(choice), str(choice)) for choice in answer.choices],
        "number": answer.number,
        "matrix": {rows.get(str(row), str(row)): value for row, value in answer.matrix.items()},
        "text": answer.text,
        "geometry": answer.geometry,
        "place": answer.place_area.name if answer.place_area else answer.place_text,
    }


def _export_response(response: Response) -> dict[str, Any]:
    language = response.language or response.survey.default_language
    return {
        "id": response.pk,
        "survey": response.survey.title_in(language),
        "started_at": response.started_at.isoformat(),
        "submitted_at": response.submitted_at.isoformat() if response.submitted_at else None,
        "name": response.respondent_name,
        "email": response.respondent_email,
        "answers": [_export_answer(answer, language) for answer in response.answers.all()],
    }


def _export_registration(registration: Registration) -> dict[str, Any]:
    return {
        "id": registration.pk,
        "event": registration.event.title,
        "starts_at": registration.event.starts_at.isoformat(),
        "name": registration.name,
        "email": registration.email,
        "phone": registration.phone,
        "people": registration.people,
        "status": registration.status,
        "status_label": str(RegistrationStatus(registration.status).label),
        "registered_at": registration.registered_at.isoformat(),
        "cancelled_at": (
            registration.cancelled_at.isoformat() if registration.cancelled_at else None
        ),
    }


def _export_booking(booking: Booking) -> dict[str, Any]:
    return {
        "id": booking.pk,
        "place": booking.room.place.name,
        "room": booking.room.name,
        "group": booking.group_name,
        "purpose": booking.purpose,
        "starts_at": booking.starts_at.isoformat(),
        "ends_at": booking.ends_at.isoformat(),
        "status": booking.status,
        "status_label": str(BookingStatus(booking.status).label),
        "contact_name": booking.contact_name,
        "contact_email": booking.contact_email,
        "contact_phone": booking.contact_phone,
        "requested_at": booking.requested_at.isoformat(),
    }


def _archive(found: Identified, header: dict[str, Any]) -> tuple[bytes, dict[str, Any]]:
    """The ZIP with the JSON and the photo files, and the JSON itself. A photo whose file
    is missing from storage is left out, and its `photo` is null."""
    buffer = io.BytesIO()
    photos: dict[int, str | None] = {}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for idea in found.ideas:
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
        export = header | {
            "ideas": [_export_idea(idea, photos.get(idea.pk)) for idea in found.ideas],
            "survey_answers": [_export_response(response) for response in found.responses],
            "event_registrations": [_export_registration(item) for item in found.registrations],
            "room_bookings": [_export_booking(item) for item in found.bookings],
        }
        archive.writestr(JSON_NAME, json.dumps(export, ensure_ascii=False, indent=2))
    return buffer.getvalue(), export


def _forget_notices(request: PrivacyRequest) -> int:
    """Delete the e-mails to the request's address still in the outbox (sent or not)."""
    notices = ResidentNotice.objects.in_municipality(request.municipality)
    ids = [pk for pk, email in notices.values_list("pk", "email") if _matches(request, email)]
    return ResidentNotice.objects.filter(pk__in=ids).delete()[0]


def _delete(municipality: Municipality, found: Identified, now: datetime) -> None:
    """Delete what the address gave. The audit log says what kind of input went, never
    whose. Freed places at an event that has not started move its waiting list up."""
    for idea in found.ideas:
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
    for response in found.responses:
        audit_record(
            municipality=municipality,
            actor=None,
            action="survey_response.deleted_on_request",
            obj=response.survey,
            summary=_("Et svar er slettet etter ønske fra innbyggeren."),
        )
        response.delete()
    events = {item.event_id: item.event for item in found.registrations}
    for event in events.values():
        event_lock(event)
        Registration.objects.filter(
            pk__in=[item.pk for item in found.registrations if item.event_id == event.pk]
        ).delete()
        audit_record(
            municipality=municipality,
            actor=None,
            action="registration.deleted_on_request",
            obj=event,
            summary=_("En påmelding er slettet etter ønske fra innbyggeren."),
        )
        if event.starts_at > now:
            waiting_list_promote(event)
    for booking in found.bookings:
        audit_record(
            municipality=municipality,
            actor=None,
            action="booking.contact_erased_on_request",
            obj=booking,
            summary=_("Kontaktopplysningene i en booking er slettet etter ønske fra innbyggeren."),
        )
    # A booking names who borrows the room (see Booking.clean): a marker stands in.
    Booking.objects.filter(pk__in=[item.pk for item in found.bookings]).update(
        contact_name=_("(slettet etter ønske)"), contact_email="", contact_phone=""
    )


@dataclass
class PrivacyResult:
    kind: str
    items: int
    export: dict[str, Any] = field(default_factory=dict)
    archive: bytes = b""  # the export as one ZIP file (see the module's docstring)
    ideas: int = 0
    survey_answers: int = 0
    registrations: int = 0
    bookings: int = 0


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
    result = PrivacyResult(
        kind=request.kind,
        items=found.total,
        ideas=len(found.ideas),
        survey_answers=len(found.responses),
        registrations=len(found.registrations),
        bookings=len(found.bookings),
    )
    if request.kind == PrivacyRequestKind.EXPORT:
        result.archive, result.export = _archive(
            found, {"municipality": municipality.name, "exported_at": now.isoformat()}
        )
    else:
        _delete(municipality, found, now)
        _forget_notices(request)
    request.confirmed_at = now
    request.items = found.total
    request.save(update_fields=["confirmed_at", "items"])
    return result
