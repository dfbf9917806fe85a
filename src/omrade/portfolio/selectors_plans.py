"""Reads for action plans, the programme's yearly action programme and progress reports,
shared by the pages, the exports and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, DecimalField, Prefetch, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import QueryDict

from omrade.areas.period_choice import PeriodChoice, tertial_choice
from omrade.areas.periods import Period, parse_period
from omrade.common.audit import audit_entries_for
from omrade.portfolio.models import (
    ActionPlan,
    ActionPlanItem,
    Measure,
    MeasureStatus,
    PlanState,
    ProgressReport,
)
from omrade.portfolio.permissions import can_edit_action_plan
from omrade.portfolio.selectors import distinct_values
from omrade.programmes.models import Goal, Programme, SubProgramme
from omrade.tenancy.models import Person
from omrade.tenancy.selectors import AnyUser

ZERO = Decimal(0)
MONEY = DecimalField(max_digits=16, decimal_places=2)

# --- action plans ------------------------------------------------------------------------------


def plans_of(programme: Programme) -> QuerySet[ActionPlan]:
    """The programme's plans, newest year first, by sub-programme and newest version, each
    with `item_count` and `total` (the sum of its items' costs)."""
    return (
        ActionPlan.objects.filter(programme=programme)
        .select_related("sub_programme")
        .annotate(
            item_count=Count("items"), total=Coalesce(Sum("items__cost"), ZERO, output_field=MONEY)
        )
        .order_by("-year", "sub_programme__position", "sub_programme__name", "-version")
    )


def plan_in(programme: Programme, plan_pk: int) -> ActionPlan | None:
    """One of the programme's plans, or None (another programme's plan does not exist here)."""
    return (
        ActionPlan.objects.select_related(
            "programme__municipality", "sub_programme__coordinator", "previous"
        )
        .filter(programme=programme, pk=plan_pk)
        .first()
    )


def plan_items(plan: ActionPlan) -> list[ActionPlanItem]:
    """The plan's items with their measures, goals, areas and responsible units."""
    return list(
        plan.items.select_related(
            "measure__municipality", "measure__responsible_unit", "measure__contact_person"
        )
        .prefetch_related("measure__goals", "measure__areas")
        .order_by("position", "id")
    )


def items_total(items: list[ActionPlanItem]) -> Decimal:
    return sum((item.cost for item in items), ZERO)


def goals_served(items: list[ActionPlanItem]) -> list[Goal]:
    """The goals the plan's measures serve, each once, in the goal tree's order."""
    found: dict[int, Goal] = {}
    for item in items:
        for goal in item.measure.goals.all():
            found.setdefault(goal.pk, goal)
    return sorted(found.values(), key=lambda goal: (goal.position, goal.pk))


def measures_for_plan(plan: ActionPlan) -> QuerySet[Measure]:
    """Measures that can still be put in the plan: the sub-programme's, not stopped, not in."""
    return (
        Measure.objects.filter(programme=plan.programme, sub_programme=plan.sub_programme)
        .exclude(status=MeasureStatus.STOPPED)
        .exclude(plan_items__plan=plan)
        .order_by("title")
    )


def plan_versions(plan: ActionPlan) -> QuerySet[ActionPlan]:
    """Every version of the plan's sub-programme and year, newest first."""
    return ActionPlan.objects.filter(sub_programme=plan.sub_programme, year=plan.year).order_by(
        "-version"
    )


def sub_programmes_for_new_plan(user: AnyUser, programme: Programme) -> list[SubProgramme]:
    """The sub-programmes for which `user` may start an action plan."""
    return [
        sub_programme
        for sub_programme in programme.sub_programmes.select_related("coordinator")
        if can_edit_action_plan(user, programme, sub_programme)
    ]


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str | None
    action: str
    summary: str
    state_from: str | None  # labels of the states, when the state changed
    state_to: str | None
    comment: str


def _state_label(value: object) -> str | None:
    return str(PlanState(value).label) if value in PlanState.values else None


def plan_history(plan: ActionPlan) -> list[HistoryEntry]:
    """Who did what to the plan and when, with the comments, oldest first (the audit log)."""
    entries = []
    for entry in audit_entries_for(plan).order_by("at", "id"):
        state = entry.changes.get("state")
        comment = entry.changes.get("comment")
        actor = entry.actor
        entries.append(
            HistoryEntry(
                at=entry.at,
                actor=(actor.get_full_name() or actor.get_username()) if actor else None,
                action=entry.action,
                summary=entry.summary,
                state_from=_state_label(state[0]) if state else None,
                state_to=_state_label(state[1]) if state else None,
                comment=str(comment[1]) if comment else "",
            )
        )
    return entries


# --- the yearly action programme (handlingsprogram) --------------------------------------------

# Which of a year's plans stands for its sub-programme: the one in force, else the approved
# one, else (after the year, when plans are closed) the newest closed one.
_PROGRAMME_STATE_ORDER = (PlanState.IN_FORCE, PlanState.APPROVED, PlanState.CLOSED)


@dataclass(frozen=True)
class ProgrammeMeasure:
    measure_id: int
    title: str
    kind: str
    status: str
    responsible_unit: str | None
    areas: list[str]
    goals: list[str]
    cost: Decimal
    note: str
    synthetic: bool


@dataclass(frozen=True)
class ProgrammePart:
    sub_programme: SubProgramme
    plan: ActionPlan
    measures: list[ProgrammeMeasure]
    total: Decimal


@dataclass(frozen=True)
class ActionProgramme:
    programme: Programme
    year: int
    parts: list[ProgrammePart]
    missing: list[SubProgramme]  # sub-programmes without an approved plan for the year
    total: Decimal
    synthetic: bool  # some measure's costs are synthetic (demo)
    goals: list[str] = field(default_factory=list)  # the goals the measures serve, each once


def _programme_measure(item: ActionPlanItem) -> ProgrammeMeasure:
    measure = item.measure
    return ProgrammeMeasure(
        measure_id=measure.pk,
        title=measure.title,
        kind=measure.get_kind_display(),
        status=measure.get_status_display(),
        responsible_unit=measure.responsible_unit.name if measure.responsible_unit else None,
        areas=[area.name for area in measure.areas.all()],
        goals=[goal.text for goal in measure.goals.all()],
        cost=item.cost,
        note=item.note,
        synthetic=measure.synthetic,
    )


def action_programme_for(*, programme: Programme, year: int) -> ActionProgramme:
    """The programme's action programme for a year, assembled from each sub-programme's plan
    (in force, else approved, else closed; the newest version of that state)."""
    plans = (
        ActionPlan.objects.filter(programme=programme, year=year, state__in=_PROGRAMME_STATE_ORDER)
        .select_related("sub_programme")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=ActionPlanItem.objects.select_related("measure__responsible_unit")
                .prefetch_related("measure__areas", "measure__goals")
                .order_by("position", "id"),
            )
        )
    )
    chosen: dict[int, ActionPlan] = {}
    for candidate in plans:
        current = chosen.get(candidate.sub_programme_id)
        rank = (_PROGRAMME_STATE_ORDER.index(PlanState(candidate.state)), -candidate.version)
        if current is None or rank < (
            _PROGRAMME_STATE_ORDER.index(PlanState(current.state)),
            -current.version,
        ):
            chosen[candidate.sub_programme_id] = candidate
    parts: list[ProgrammePart] = []
    missing: list[SubProgramme] = []
    goals: dict[int, str] = {}
    for sub_programme in programme.sub_programmes.all():
        plan = chosen.get(sub_programme.pk)
        if plan is None:
            missing.append(sub_programme)
            continue
        items = list(plan.items.all())
        measures = [_programme_measure(item) for item in items]
        for item in items:
            for goal in item.measure.goals.all():
                goals.setdefault(goal.pk, goal.text)
        parts.append(
            ProgrammePart(
                sub_programme=sub_programme,
                plan=plan,
                measures=measures,
                total=sum((m.cost for m in measures), ZERO),
            )
        )
    return ActionProgramme(
        programme=programme,
        year=year,
        parts=parts,
        missing=missing,
        total=sum((part.total for part in parts), ZERO),
        synthetic=any(m.synthetic for part in parts for m in part.measures),
        goals=list(goals.values()),
    )


# --- progress reports --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressRow:
    measure: Measure
    report: ProgressReport | None
    contact_person: Person | None
    coordinator: Person | None


def _reporting_measures(programme: Programme, period: Period) -> QuerySet[Measure]:
    """Running measures that were under way in the tertial (not starting after it, not ending
    before it)."""
    return (
        Measure.objects.filter(programme=programme, status=MeasureStatus.RUNNING)
        .exclude(starts_on__gt=period.end)
        .exclude(ends_on__lt=period.start)
        .select_related("sub_programme__coordinator", "contact_person")
        .order_by("sub_programme__position", "sub_programme__name", "title")
    )


def progress_overview(*, programme: Programme, period: Period) -> list[ProgressRow]:
    """Every running measure of the tertial with its report (None where none came in)."""
    measures = list(_reporting_measures(programme, period))
    reports = {
        report.measure_id: report
        for report in ProgressReport.objects.filter(
            measure__in=measures, period=period.code
        ).select_related("reported_by")
    }
    return [
        ProgressRow(
            measure=measure,
            report=reports.get(measure.pk),
            contact_person=measure.contact_person,
            coordinator=measure.sub_programme.coordinator if measure.sub_programme else None,
        )
        for measure in measures
    ]


def progress_missing(*, programme: Programme, period: Period) -> list[ProgressRow]:
    """Who has not reported for the tertial: the measures, their contact people and the
    coordinators of their sub-programmes."""
    return [row for row in progress_overview(programme=programme, period=period) if not row.report]


def progress_periods_of(programme: Programme) -> list[str]:
    """The tertials (codes) someone has reported progress for in the programme."""
    return distinct_values(ProgressReport.objects.filter(measure__programme=programme), "period")


def progress_period_choice(programme: Programme, query: QueryDict) -> PeriodChoice:
    """The tertial the progress pages show: ?period=, else the latest tertial with reports."""
    return tertial_choice(
        query,
        first_year=programme.start_year,
        last_year=programme.end_year,
        tertials_with_data=progress_periods_of(programme),
    )


@dataclass(frozen=True)
class MeasureResult:
    """What became of a measure, as an idea taken into it shows it (like Decidim's
    accountability): its status, progress and latest tertial report."""

    measure: Measure
    latest_report: ProgressReport | None

    @property
    def latest_period(self) -> Period | None:
        return parse_period(self.latest_report.period) if self.latest_report else None


def measure_result(measure: Measure) -> MeasureResult:
    return MeasureResult(
        measure=measure, latest_report=measure.progress_reports.order_by("-period").first()
    )


def progress_reports_of(measure: Measure) -> QuerySet[ProgressReport]:
    """A measure's reports, newest tertial first."""
    return measure.progress_reports.select_related("reported_by").order_by("-period")
