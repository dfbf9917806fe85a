"""Reads for ideas that the public pages, the staff pages, the API and the demo share."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from omrade.areas.models import Area
from omrade.common.audit import audit_entries_for
from omrade.common.models import AuditEntry
from omrade.participation.core.models import ResidentNotice
from omrade.participation.core.permissions import can_run_participation
from omrade.participation.ideas.models import (
    AbuseReport,
    Block,
    Idea,
    IdeaComment,
    IdeaStatus,
    IdeaStatusChange,
    KeyPersonInterview,
    ModerationSetting,
    ModerationState,
)
from omrade.portfolio.models import ActionPlan, Measure
from omrade.programmes.models import Programme
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser

PUBLIC = Q(moderation=ModerationState.PUBLISHED) | Q(
    moderation=ModerationState.HIDDEN, published_at__isnull=False
)


def programmes_of(municipality: Municipality) -> QuerySet[Programme]:
    return Programme.objects.in_municipality(municipality).order_by("name")


def idea_areas(municipality: Municipality) -> list[Area]:
    """The areas residents choose from: the programmes' areas and the areas right under
    them; without programme areas, the areas with an initiative; else the areas of the
    municipality's top two levels."""
    areas = Area.objects.in_municipality(municipality).select_related("level")
    programme_areas = areas.filter(programmes__municipality=municipality).distinct()
    chosen = areas.filter(Q(pk__in=programme_areas) | Q(parent__in=programme_areas))
    if not chosen.exists():
        chosen = areas.filter(has_initiative=True)
    if not chosen.exists():
        chosen = areas.filter(level__depth__lte=2)
    return sorted(chosen.distinct()[:300], key=lambda area: area.name)


@dataclass(frozen=True)
class IdeaFilters:
    area: int | None = None
    theme: int | None = None
    status: str | None = None
    q: str | None = None


def _with_support(ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    return ideas.select_related("theme", "area", "programme", "measure", "municipality").annotate(
        support_count=Count("supports", distinct=True),
        comment_count=Count(
            "comments",
            filter=Q(comments__moderation=ModerationState.PUBLISHED),
            distinct=True,
        ),
    )


def _filtered(ideas: QuerySet[Idea], filters: IdeaFilters) -> QuerySet[Idea]:
    """The filters both lists take: an area (with the areas below it), a theme, a status and
    words in the title or text."""
    if filters.area is not None:
        ideas = ideas.filter(Q(area_id=filters.area) | Q(area__parent_id=filters.area))
    if filters.theme is not None:
        ideas = ideas.filter(theme_id=filters.theme)
    if filters.status:
        ideas = ideas.filter(status=filters.status)
    if filters.q:
        ideas = ideas.filter(Q(title__icontains=filters.q) | Q(text__icontains=filters.q))
    return ideas


def public_ideas(municipality: Municipality, filters: IdeaFilters | None = None) -> QuerySet[Idea]:
    """What residents see: published ideas, and hidden ones that had been published (shown
    without their text), newest first, with their support and comment counts."""
    filters = filters or IdeaFilters()
    ideas = Idea.objects.in_municipality(municipality).filter(PUBLIC)
    if filters.q:  # a hidden idea's text is not shown, so it is not searched either
        ideas = ideas.filter(moderation=ModerationState.PUBLISHED)
    return _with_support(_filtered(ideas, filters))


def public_idea(municipality: Municipality, idea_pk: int) -> Idea | None:
    return public_ideas(municipality).filter(pk=idea_pk).first()


def public_comments(idea: Idea) -> QuerySet[IdeaComment]:
    return idea.comments.filter(PUBLIC).select_related("by_staff")


def public_feedback(idea: Idea) -> QuerySet[IdeaStatusChange]:
    """«What happened to your idea»: every status step with its feedback, oldest first."""
    return idea.status_changes.select_related("measure", "action_plan__sub_programme")


def staff_ideas(municipality: Municipality, filters: IdeaFilters | None = None) -> QuerySet[Idea]:
    """Every idea, whatever its moderation, for the staff pages."""
    ideas = _filtered(Idea.objects.in_municipality(municipality), filters or IdeaFilters())
    return _with_support(ideas).select_related("registered_by", "event")


def staff_idea(municipality: Municipality, idea_pk: int) -> Idea | None:
    return staff_ideas(municipality).filter(pk=idea_pk).first()


def idea_comments(idea: Idea) -> QuerySet[IdeaComment]:
    return idea.comments.select_related("by_staff", "moderated_by")


def idea_history(idea: Idea) -> QuerySet[AuditEntry]:
    return audit_entries_for(idea)


@dataclass
class ModerationQueue:
    ideas: list[Idea]
    comments: list[IdeaComment]
    reports: list[AbuseReport]

    @property
    def size(self) -> int:
        return len(self.ideas) + len(self.comments) + len(self.reports)


def moderation_queue(municipality: Municipality) -> ModerationQueue:
    """What waits for a moderator: posts under pre-moderation, and open abuse reports."""
    return ModerationQueue(
        ideas=list(
            Idea.objects.in_municipality(municipality)
            .filter(moderation=ModerationState.PENDING)
            .select_related("theme", "area")
            .order_by("created_at")
        ),
        comments=list(
            IdeaComment.objects.in_municipality(municipality)
            .filter(moderation=ModerationState.PENDING)
            .select_related("idea")
            .order_by("created_at")
        ),
        reports=list(
            AbuseReport.objects.in_municipality(municipality)
            .filter(handled_at__isnull=True)
            .select_related("idea", "comment__idea")
        ),
    )


def report_in(municipality: Municipality, report_pk: int) -> AbuseReport | None:
    return AbuseReport.objects.in_municipality(municipality).filter(pk=report_pk).first()


def comment_in(municipality: Municipality, comment_pk: int) -> IdeaComment | None:
    return (
        IdeaComment.objects.in_municipality(municipality)
        .select_related("idea")
        .filter(pk=comment_pk)
        .first()
    )


def blocks_of(municipality: Municipality) -> QuerySet[Block]:
    return Block.objects.in_municipality(municipality).select_related("created_by")


def moderation_settings_of(municipality: Municipality) -> QuerySet[ModerationSetting]:
    return ModerationSetting.objects.in_municipality(municipality).select_related("programme")


def measures_for_ideas(municipality: Municipality) -> QuerySet[Measure]:
    return Measure.objects.in_municipality(municipality).select_related("programme")


def action_plans_for_ideas(municipality: Municipality) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(programme__municipality=municipality).select_related(
        "sub_programme", "programme"
    )


def interviews_of(municipality: Municipality) -> QuerySet[KeyPersonInterview]:
    return (
        KeyPersonInterview.objects.in_municipality(municipality)
        .select_related("interviewer", "area", "sub_programme", "programme")
        .prefetch_related("themes")
    )


def notices_of(municipality: Municipality) -> QuerySet[ResidentNotice]:
    return ResidentNotice.objects.in_municipality(municipality).select_related("idea")


@dataclass
class StatusCount:
    status: str
    label: str
    count: int


def status_counts(municipality: Municipality) -> list[StatusCount]:
    """Public ideas per status, for the landing page."""
    counts = dict(
        Idea.objects.in_municipality(municipality)
        .filter(moderation=ModerationState.PUBLISHED)
        .values_list("status")
        .annotate(count=Count("id"))
        .values_list("status", "count")
    )
    return [
        StatusCount(status=status.value, label=str(status.label), count=counts.get(status, 0))
        for status in IdeaStatus
    ]


# Ideas waiting for an assessment: received (start it) or being assessed (take or decline).
IDEAS_TO_ASSESS = (IdeaStatus.RECEIVED, IdeaStatus.ASSESSING)


def ideas_awaiting(user: AnyUser, municipality: Municipality) -> QuerySet[Idea]:
    """Ideas the user may assess ("Mitt arbeid"): for participation staff, every received or
    assessing idea of the municipality, oldest first; nothing for anyone else."""
    if not can_run_participation(user, municipality):
        return Idea.objects.none()
    return (
        Idea.objects.in_municipality(municipality)
        .filter(status__in=IDEAS_TO_ASSESS)
        .select_related("municipality")
        .order_by("created_at", "pk")
    )
