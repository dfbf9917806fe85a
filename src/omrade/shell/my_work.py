"""The "Mitt arbeid" page: what waits for a user in a municipality, gathered from every app.

Each app says what waits in its own selectors (they decide from the apps' workflow tables
and permission rules what this user may act on); this module only turns their answers into
items with a title, the page where the step is taken, and a due date where there is one. A
later app (finance, grants, reporting) adds its kinds with `@work_kind(...)` below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from omrade.finance.selectors import duties_awaiting
from omrade.participation.ideas.models import IdeaStatus
from omrade.participation.ideas.selectors import ideas_awaiting
from omrade.participation.places.selectors import bookings_awaiting
from omrade.participation.surveys.selectors import surveys_closing_soon
from omrade.portfolio.selectors_work import (
    action_plans_awaiting,
    conflicts_awaiting,
    last_finished_tertial,
    progress_reports_owed,
)
from omrade.portfolio.workflow import PLAN_ACTION_LABELS, PlanAction
from omrade.programmes.selectors_meetings import barriers_awaiting, overdue_actions_for
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser

# A group shows at most this many items; its count says how many there are.
SHOWN_PER_KIND = 25


@dataclass(frozen=True)
class WorkItem:
    kind: str
    title: str
    url: str  # the page where the step is taken
    due: date | None = None
    step: str = ""  # what to do there, where the kind has several steps


@dataclass(frozen=True)
class WorkKind:
    kind: str
    label: str | Promise
    read: Callable[[AnyUser, Municipality], list[WorkItem]]


@dataclass(frozen=True)
class WorkGroup:
    kind: str
    label: str
    count: int
    items: list[WorkItem]  # the first SHOWN_PER_KIND

    @property
    def more(self) -> int:
        return self.count - len(self.items)


WORK_KINDS: list[WorkKind] = []

Reader = Callable[[AnyUser, Municipality], list[WorkItem]]


def work_kind(kind: str, label: str | Promise) -> Callable[[Reader], Reader]:
    """Register what waits of one kind, in the order the home page shows the kinds."""

    def register(read: Reader) -> Reader:
        WORK_KINDS.append(WorkKind(kind, label, read))
        return read

    return register


def my_work(user: AnyUser, municipality: Municipality) -> list[WorkGroup]:
    """The kinds that have something waiting for the user, each with its items."""
    groups = []
    for kind in WORK_KINDS:
        items = kind.read(user, municipality)
        if items:
            groups.append(WorkGroup(kind.kind, str(kind.label), len(items), items[:SHOWN_PER_KIND]))
    return groups


def all_items(groups: list[WorkGroup]) -> list[WorkItem]:
    return [item for group in groups for item in group.items]


# --- the kinds ---------------------------------------------------------------------------------


@work_kind("action_plan", gettext_lazy("Handlingsplaner som venter på ditt steg"))
def _action_plans(user: AnyUser, municipality: Municipality) -> list[WorkItem]:
    return [
        WorkItem(
            kind="action_plan",
            title=_("Handlingsplan %(sub_programme)s %(year)s (versjon %(version)s)")
            % {
                "sub_programme": waiting.plan.sub_programme.name,
                "year": waiting.plan.year,
                "version": waiting.plan.version,
            },
            url=waiting.plan.get_absolute_url(),
            step=str(PLAN_ACTION_LABELS[PlanAction(waiting.transition.action)]),
        )
        for waiting in action_plans_awaiting(user, municipality)
    ]


@work_kind("progress_report", gettext_lazy("Statusrapporter dine tiltak skylder"))
def _progress_reports(user: AnyUser, municipality: Municipality) -> list[WorkItem]:
    period = last_finished_tertial()
    query = urlencode({"period": period.code})
    return [
        WorkItem(
            kind="progress_report",
            title=_("%(measure)s: statusrapport for %(period)s")
            % {"measure": row.measure.title, "period": period.label},
            url=reverse(
                "portfolio:progress_report",
                args=[municipality.code, row.measure.programme_id, row.measure.pk],
            )
            + f"?{query}",
            due=period.end,
            step=_("Skriv statusrapporten"),
        )
        for row in progress_reports_owed(user, municipality)
    ]


@work_kind("follow_up", gettext_lazy("Oppfølgingspunkter på overtid"))
def _follow_ups(user: AnyUser, municipality: Municipality) -> list[WorkItem]:
    return [
        WorkItem(
            kind="follow_up",
            title=str(action),
            url=reverse("programmes:my_actions", args=[municipality.code]) + "#overdue-heading",
            due=action.due_date,
            step=_("Følg opp og oppdater statusen"),
        )
        for action in overdue_actions_for(user, municipality)
    ]


@work_kind("barrier", gettext_lazy("Strukturelle barrierer på ditt nivå"))
def _barriers(user: AnyUser, municipality: Municipality) -> list[WorkItem]:
    return [
        WorkItem(
            kind="barrier",
            title=barrier.title,
            url=barrier.get_absolute_url(),
            step=_("Løs, avvis eller løft barrieren"),
        )
        for barrier in barriers_awaiting(user, municipality)
    ]


@work_kind("resource_conflict", gettext_lazy("Ressurskonflikter styret må avgjøre"))
def _conflicts(user: AnyUser, municipality: Municipality) -> list[WorkItem]:
    items = []
    for waiting in conflicts_awaiting(user, municipality):
        conflict = waiting.conflict
        url = reverse("portfolio:conflict_list", args=[municipality.code, waiting.programme.pk])
        items.append(
            WorkItem(
                kind="resource_conflict",
                title=_("%(year)s: %(text)s") % {"year": conflict.year, "text": conflict.text},
                url=f"{url}?{urlencode({'year': conflict.year})}",
                step=_("Knytt konflikten til et styrevedtak"),
            )
        )
    return items


@work_kind("idea", gettext_lazy("Idéer som skal vurderes"))
def _ideas(user: AnyUser, municipality: Municipality) -> list[WorkItem]:
    return [
        WorkItem(
            kind="idea",
            title=idea.title,
            url=reverse("participation:idea_staff_detail", args=[municipality.code, idea.pk]),
            step=_("Start vurderingen")
            if idea.status == IdeaStatus.RECEIVED
            else _("Ta inn eller avslå"),
        )
        for idea in ideas_awaiting(user, municipality)
    ]


@work_kind("booking", gettext_lazy("Bookinger som skal bekreftes"))
def _bookings(user: AnyUser, municipality: Municipality) -> list[WorkItem]:
    items = []
    for booking in bookings_awaiting(user, municipality):
        starts = timezone.localtime(booking.starts_at)
        place = booking.room.place
        items.append(
            WorkItem(
                kind="booking",
                title=_("%(room)s, %(place)s, %(when)s: %(who)s")
                % {
                    "room": booking.room.name,
                    "place": place.name,
                    "when": date_format(starts, "SHORT_DATETIME_FORMAT"),
                    "who": booking.who,
                },
                url=reverse("participation:place_detail", args=[municipality.code, place.pk])
                + "#bookings-heading",
                due=starts.date(),
                step=_("Bekreft eller avslå"),
            )
        )
    return items


@work_kind("survey", gettext_lazy("Spørreundersøkelser som stenger snart"))
def _surveys(user: AnyUser, municipality: Municipality) -> list[WorkItem]:
    language = (get_language() or "nb").split("-")[0]
    return [
        WorkItem(
            kind="survey",
            title=survey.title_in(language),
            url=survey.get_absolute_url(),
            due=timezone.localtime(survey.closes_at).date() if survey.closes_at else None,
            step=_("Følg med på svarene før den stenger"),
        )
        for survey in surveys_closing_soon(user, municipality)
    ]


@work_kind("reporting_duty", gettext_lazy("Rapporter til finansieringskilder med frist snart"))
def _reporting_duties(user: AnyUser, municipality: Municipality) -> list[WorkItem]:
    return [
        WorkItem(
            kind="reporting_duty",
            title=_("%(code)s: %(title)s") % {"code": duty.source.code, "title": duty.title},
            url=reverse(
                "finance:source_detail",
                args=[municipality.code, duty.source.programme_id, duty.source_id],
            )
            + "#duties-heading",
            due=duty.due_on,
            step=_("Lever rapporten og marker den som levert"),
        )
        for duty in duties_awaiting(user, municipality)
    ]
