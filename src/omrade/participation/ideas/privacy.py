"""The ideas context's identified input for residents' privacy requests (`core/privacy.py`):
ideas given with an e-mail address, exported with their photos under `bilder/` (named
`ide-<id>` with the stored file's extension) and deleted with their comments, supports and
photo files (once the transaction commits)."""

from __future__ import annotations

import posixpath
import zipfile
from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from omrade.participation.core.privacy import (
    PrivacyKind,
    audit_erasure,
)
from omrade.participation.ideas.models import Idea, IdeaStatus
from omrade.tenancy.models import Municipality


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


def _export(ideas: list[Idea], archive: zipfile.ZipFile) -> list[dict[str, Any]]:
    """The ideas, with their photos in the archive. A photo whose file is missing from
    storage is left out, and its `photo` is null."""
    photos: dict[int, str | None] = {}
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
    return [_export_idea(idea, photos.get(idea.pk)) for idea in ideas]


def _delete(municipality: Municipality, ideas: list[Idea], now: datetime) -> None:
    for idea in ideas:
        if idea.photo:
            # The file goes only once the rows are gone for good.
            transaction.on_commit(partial(idea.photo.storage.delete, str(idea.photo.name)))
        audit_erasure(
            municipality,
            action="idea.deleted_on_request",
            obj=idea,
            summary=_("Idé slettet etter ønske fra innbyggeren."),
        )
        idea.delete()


IDEAS = PrivacyKind(
    key="ideas",
    rows=lambda municipality: (
        Idea.objects.in_municipality(municipality)
        .select_related("theme", "area", "measure")
        .prefetch_related("status_changes")
    ),
    email_field="email",
    export=_export,
    delete=_delete,
)
