"""API route for "Mitt arbeid": what waits for the signed-in user (or the token's user)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema

from omrade.api.auth import SIGNED_IN, municipality_for
from omrade.shell.my_work import my_work

router = Router(tags=["my work"])


class WorkItemOut(Schema):
    kind: str  # action_plan, progress_report, follow_up, barrier, resource_conflict, idea, ...
    kind_label: str
    title: str
    step: str
    url: str
    due: date | None


@router.get("/municipalities/{code}/my-work", response=list[WorkItemOut], auth=SIGNED_IN)
def list_my_work(request: HttpRequest, code: str) -> list[WorkItemOut]:
    """What waits for the user in the municipality, grouped by kind (the same items as the
    "Mitt arbeid" page; each kind lists at most 25). `url` is the page where the step is
    taken; `due` is the deadline where there is one."""
    municipality = municipality_for(request, code)
    return [
        WorkItemOut(
            kind=item.kind,
            kind_label=group.label,
            title=item.title,
            step=item.step,
            url=request.build_absolute_uri(item.url),
            due=item.due,
        )
        for group in my_work(request.user, municipality)
        for item in group.items
    ]
