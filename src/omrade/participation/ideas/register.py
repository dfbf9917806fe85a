"""The input register's providers for ideas, comments and interviews (staff only)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omrade.participation.core.permissions import can_run_participation
from omrade.participation.core.register import (
    InputItem,
    RegisterFilters,
    excerpt,
    narrowed,
    register_provider,
)
from omrade.participation.ideas.models import Idea, IdeaComment, KeyPersonInterview
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser


def _ideas(municipality: Municipality, filters: RegisterFilters) -> QuerySet[Idea]:
    ideas = Idea.objects.in_municipality(municipality).select_related(
        "theme__sub_programme", "area", "measure"
    )
    return narrowed(ideas, filters, day="created_at__date")


def _idea_item(idea: Idea, *, kind: str, item_id: int, text: str, url: str) -> InputItem:
    theme = idea.theme
    sub_programme = theme.sub_programme if theme is not None else None
    return InputItem(
        kind=kind,
        id=item_id,
        date=timezone.localtime(idea.created_at).date(),
        text=text,
        url=url,
        themes=[theme.name] if theme is not None else [],
        theme_ids={theme.pk} if theme is not None else set(),
        area=idea.area.name if idea.area is not None else None,
        area_id=idea.area_id,
        sub_programme=sub_programme.name if sub_programme is not None else None,
        sub_programme_id=sub_programme.pk if sub_programme is not None else None,
        measures=[idea.measure.title] if idea.measure is not None else [],
        public=idea.is_public,
    )


def _staff_url(idea: Idea) -> str:
    return reverse(
        "participation:idea_staff_detail",
        kwargs={"municipality_code": idea.municipality.code, "idea_pk": idea.pk},
    )


def idea_items(
    *, municipality: Municipality, user: AnyUser, filters: RegisterFilters
) -> Iterable[InputItem]:
    for idea in _ideas(municipality, filters).select_related("municipality"):
        yield _idea_item(
            idea,
            kind="idea",
            item_id=idea.pk,
            text=excerpt(f"{idea.title}: {idea.text}"),
            url=_staff_url(idea),
        )


def comment_items(
    *, municipality: Municipality, user: AnyUser, filters: RegisterFilters
) -> Iterable[InputItem]:
    comments = IdeaComment.objects.in_municipality(municipality).select_related(
        "idea__theme__sub_programme", "idea__area", "idea__measure", "idea__municipality"
    )
    comments = narrowed(comments, filters)
    for comment in comments:
        item = _idea_item(
            comment.idea,
            kind="comment",
            item_id=comment.pk,
            text=excerpt(comment.text),
            url=f"{_staff_url(comment.idea)}#comment-{comment.pk}",
        )
        item.date = timezone.localtime(comment.created_at).date()
        item.public = comment.is_public
        item.measures = []
        yield item


def interview_items(
    *, municipality: Municipality, user: AnyUser, filters: RegisterFilters
) -> Iterable[InputItem]:
    if not can_run_participation(user, municipality):
        return
    interviews = (
        KeyPersonInterview.objects.in_municipality(municipality)
        .select_related("area", "sub_programme", "municipality")
        .prefetch_related("themes")
    )
    interviews = narrowed(interviews, filters)
    for interview in interviews:
        themes = list(interview.themes.all())
        notes = interview.notes or _("(ingen notater lagret)")
        yield InputItem(
            kind="interview",
            id=interview.pk,
            date=interview.interviewed_on,
            text=excerpt(f"{interview.role_or_organisation}: {notes}"),
            url=reverse(
                "participation:interview_detail",
                kwargs={"municipality_code": municipality.code, "interview_pk": interview.pk},
            ),
            themes=[theme.name for theme in themes],
            theme_ids={theme.pk for theme in themes},
            area=interview.area.name if interview.area is not None else None,
            area_id=interview.area_id,
            sub_programme=interview.sub_programme.name if interview.sub_programme else None,
            sub_programme_id=interview.sub_programme_id,
        )


def register_providers() -> None:
    register_provider("idea", idea_items, label=gettext_lazy("Idé"))
    register_provider("comment", comment_items, label=gettext_lazy("Kommentar"))
    register_provider(
        "interview", interview_items, label=gettext_lazy("Intervju (internt)"), staff_only=True
    )
