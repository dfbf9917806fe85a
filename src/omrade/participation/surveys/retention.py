"""The surveys context's retention rules (registered with `core.retention`): identified
answers past their survey's retention period, and answers never sent in. They count what
they change, so they run outside a dry run only."""

from __future__ import annotations

from datetime import datetime, timedelta

from omrade.participation.surveys.services.answers import responses_discard_incomplete
from omrade.participation.surveys.services.surveys import surveys_purge_personal_data

PERIODS: dict[str, timedelta] = {}  # each survey sets its own period


def purge(*, now: datetime, periods: dict[str, timedelta], dry_run: bool) -> dict[str, int]:
    if dry_run:
        return {}
    return {
        "survey_personal_data": surveys_purge_personal_data(today=now.date()),
        "survey_incomplete": responses_discard_incomplete(),
    }
