"""The ideas context's retention rules (registered with `core.retention`): the e-mail
address given for feedback, the keyed client hashes on ideas, comments and abuse reports,
interview notes and names, and blocks (see `core/retention.py` for what each key means)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from omrade.participation.ideas.models import (
    AbuseReport,
    Block,
    Idea,
    IdeaComment,
    KeyPersonInterview,
)

PERIODS: dict[str, timedelta] = {
    "idea_email": timedelta(days=365),
    "client_hash": timedelta(days=180),
    "interview_notes": timedelta(days=5 * 365),
    "block": timedelta(days=2 * 365),
}


def purge(*, now: datetime, periods: dict[str, timedelta], dry_run: bool) -> dict[str, int]:
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
    blocks = Block.objects.filter(expires_at__isnull=True, created_at__lte=cutoff("block"))
    expired_blocks = Block.objects.filter(expires_at__lte=now)
    counts = {
        "idea_email": emails.count(),
        "client_hash": sum(queryset.count() for queryset in hashes),
        "interview_notes": notes.count(),
        "block": blocks.count() + expired_blocks.count(),
    }
    if not dry_run:
        emails.update(email="")
        for queryset in hashes:
            queryset.update(client_hash="")
        notes.update(notes="", name="", notes_deleted_at=now)
        blocks.delete()
        expired_blocks.delete()
    return counts
