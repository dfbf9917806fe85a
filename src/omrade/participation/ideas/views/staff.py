"""Staff pages for ideas: the list with every idea, an idea's page with its status steps and
feedback, registering an idea on a resident's behalf, and moderation (the queue of posts
waiting for approval and abuse reports, hiding with a reason, blocking, the moderation mode).

Everyone with a role reads the idea list and pages (`can_view_participation`); programme
staff (`can_run_participation`) change status, register, reply and moderate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omrade.common.views import add_refusal, save_posted, save_with
from omrade.participation.core import notices
from omrade.participation.core.permissions import can_run_participation, can_view_participation
from omrade.participation.core.retention import retention_periods
from omrade.participation.ideas import selectors
from omrade.participation.ideas.forms import (
    BlockForm,
    CommentForm,
    ModerationSettingForm,
    PublicIdeaFilterForm,
    ReasonForm,
    StaffIdeaForm,
    TransitionForm,
)
from omrade.participation.ideas.models import Idea, IdeaComment
from omrade.participation.ideas.services import ideas as services
from omrade.participation.ideas.workflow import (
    ACTION_LABELS,
    IDEA_WORKFLOW,
    NEEDS_LINK,
    NEEDS_REASON,
    IdeaAction,
)
from omrade.portfolio.selectors_plans import measure_result
from omrade.tenancy.access import municipality_view
from omrade.tenancy.models import Municipality


def _staff_idea(municipality: Municipality, idea_pk: int) -> Idea:
    idea = selectors.staff_idea(municipality, idea_pk)
    if idea is None:
        raise Http404
    return idea


def staff_idea_url(idea: Idea) -> str:
    return reverse(
        "participation:idea_staff_detail",
        kwargs={"municipality_code": idea.municipality.code, "idea_pk": idea.pk},
    )


def idea_list_page(
    request: HttpRequest,
    municipality: Municipality,
    template: str,
    ideas_of: Callable[[Municipality, selectors.IdeaFilters], object],
    **context: Any,
) -> HttpResponse:
    """A list of ideas (public or staff), filtered by the query string."""
    form = PublicIdeaFilterForm(request.GET or None, municipality=municipality)
    return render(
        request,
        f"participation/ideas/{template}",
        {
            "municipality": municipality,
            "form": form,
            "ideas": ideas_of(municipality, form.filters()),
            **context,
        },
    )


@municipality_view(can_view_participation)
def idea_staff_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    return idea_list_page(
        request,
        municipality,
        "staff_list.html",
        selectors.staff_ideas,
        can_run=can_run_participation(request.user, municipality),
    )


@municipality_view(can_run_participation)
def idea_register(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Register an idea from a workshop or a conversation, on a resident's behalf."""
    form = StaffIdeaForm(request.POST or None, request.FILES or None, municipality=municipality)
    idea = save_posted(
        request,
        form,
        lambda data: services.idea_register(
            municipality=municipality, by=request.user, **form.service_kwargs()
        ),
        lambda idea: _("Idéen «%(title)s» er registrert.") % {"title": idea},
    )
    if idea is not None:
        return redirect(staff_idea_url(idea))
    return render(
        request,
        "participation/ideas/register_idea.html",
        {"municipality": municipality, "form": form},
        status=400 if form.is_bound else 200,
    )


def _detail_page(
    request: HttpRequest,
    municipality: Municipality,
    idea: Idea,
    *,
    bound: TransitionForm | None = None,
    comment_form: CommentForm | None = None,
) -> HttpResponse:
    can_run = can_run_participation(request.user, municipality)
    actions = [IdeaAction(action) for action in IDEA_WORKFLOW.actions_for(request.user, idea)]
    return render(
        request,
        "participation/ideas/staff_detail.html",
        {
            "municipality": municipality,
            "idea": idea,
            "can_run": can_run,
            "next_steps": IDEA_WORKFLOW.next_actors(idea),
            "my_actions": actions,
            "actions": [
                {
                    "value": action.value,
                    "label": ACTION_LABELS[action],
                    "needs_reason": action in NEEDS_REASON,
                    "needs_link": action in NEEDS_LINK,
                }
                for action in actions
            ],
            "form": bound or TransitionForm(municipality=municipality),
            "comment_form": comment_form or CommentForm(),
            "reason_form": ReasonForm(),
            "feedback": list(selectors.public_feedback(idea)),
            "result": measure_result(idea.measure) if idea.measure is not None else None,
            "comments": list(selectors.idea_comments(idea)),
            "history": selectors.idea_history(idea),
        },
        status=400 if (bound is not None or comment_form is not None) else 200,
    )


@municipality_view(can_view_participation)
def idea_staff_detail(
    request: HttpRequest, municipality: Municipality, idea_pk: int
) -> HttpResponse:
    return _detail_page(request, municipality, _staff_idea(municipality, idea_pk))


@require_POST
@municipality_view(can_run_participation)
def idea_transition(
    request: HttpRequest, municipality: Municipality, idea_pk: int, action: str
) -> HttpResponse:
    idea = _staff_idea(municipality, idea_pk)
    if action not in IdeaAction.__members__.values():
        raise Http404
    form = TransitionForm(request.POST, municipality=municipality)
    if not form.is_valid():
        return _detail_page(request, municipality, idea, bound=form)
    try:
        services.idea_transition(
            idea=idea,
            action=IdeaAction(action),
            by=request.user,
            feedback=form.cleaned_data["feedback"],
            reason=form.cleaned_data["reason"],
            measure=form.cleaned_data["measure"] if action in NEEDS_LINK else None,
            action_plan=form.cleaned_data["action_plan"] if action in NEEDS_LINK else None,
        )
    except ValidationError as refused:
        add_refusal(form, refused)
        return _detail_page(request, municipality, _staff_idea(municipality, idea_pk), bound=form)
    idea.refresh_from_db()
    messages.success(
        request,
        _("«%(title)s» har nå status «%(status)s».")
        % {"title": idea.title, "status": idea.get_status_display()},
    )
    return redirect(staff_idea_url(idea))


@require_POST
@municipality_view(can_run_participation)
def idea_staff_comment(
    request: HttpRequest, municipality: Municipality, idea_pk: int
) -> HttpResponse:
    """The municipality answers in the idea's comments (public at once)."""
    idea = _staff_idea(municipality, idea_pk)
    form = CommentForm(request.POST)
    comment = save_with(
        form,
        lambda data: services.idea_comment(idea=idea, text=data["text"], by_staff=request.user),
    )
    if comment is None:
        return _detail_page(request, municipality, idea, comment_form=form)
    messages.success(request, _("Svaret er publisert."))
    return redirect(staff_idea_url(idea))


# --- moderation ------------------------------------------------------------------------------


def _moderation_page(
    request: HttpRequest,
    municipality: Municipality,
    *,
    setting_form: ModerationSettingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "participation/ideas/moderation.html",
        {
            "municipality": municipality,
            "queue": selectors.moderation_queue(municipality),
            "settings": selectors.moderation_settings_of(municipality),
            "default_mode": services.moderation_mode_of(municipality, None),
            "setting_form": setting_form or ModerationSettingForm(municipality=municipality),
            "reason_form": ReasonForm(),
        },
        status=status,
    )


@municipality_view(can_run_participation)
def moderation_queue(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    return _moderation_page(request, municipality)


@require_POST
@municipality_view(can_run_participation)
def moderation_setting(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form = ModerationSettingForm(request.POST, municipality=municipality)
    setting = save_with(
        form,
        lambda data: services.moderation_mode_set(
            municipality=municipality,
            programme=data["programme"],
            mode=data["mode"],
            by=request.user,
        ),
    )
    if setting is None:
        return _moderation_page(request, municipality, setting_form=form, status=400)
    messages.success(request, _("Modereringen er lagret: %(setting)s") % {"setting": setting})
    return redirect("participation:moderation_queue", municipality_code=municipality.code)


MODERATION_ACTIONS = ("approve", "hide", "restore", "block")


def _moderate(
    request: HttpRequest, municipality: Municipality, item: Idea | IdeaComment, action: str
) -> HttpResponse:
    if action not in MODERATION_ACTIONS:
        raise Http404
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    try:
        match action:
            case "approve":
                services.content_approve(item=item, by=request.user)
                messages.success(request, _("Innlegget er godkjent og publisert."))
            case "hide":
                services.content_hide(item=item, reason=reason, by=request.user)
                messages.success(request, _("Innlegget er skjult."))
            case "restore":
                services.content_restore(item=item, by=request.user)
                messages.success(request, _("Innlegget vises igjen."))
            case "block":
                services.content_block(item=item, reason=reason, by=request.user)
                messages.success(request, _("Avsenderen er blokkert og innlegget skjult."))
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
        return _moderation_page(request, municipality, status=400)
    target = request.POST.get("next", "")
    if target == "idea":
        idea = item if isinstance(item, Idea) else item.idea
        return redirect(staff_idea_url(idea))
    return redirect("participation:moderation_queue", municipality_code=municipality.code)


@require_POST
@municipality_view(can_run_participation)
def idea_moderate(
    request: HttpRequest, municipality: Municipality, idea_pk: int, action: str
) -> HttpResponse:
    return _moderate(request, municipality, _staff_idea(municipality, idea_pk), action)


@require_POST
@municipality_view(can_run_participation)
def comment_moderate(
    request: HttpRequest, municipality: Municipality, comment_pk: int, action: str
) -> HttpResponse:
    comment = selectors.comment_in(municipality, comment_pk)
    if comment is None:
        raise Http404
    return _moderate(request, municipality, comment, action)


@require_POST
@municipality_view(can_run_participation)
def report_dismiss(
    request: HttpRequest, municipality: Municipality, report_pk: int
) -> HttpResponse:
    report = selectors.report_in(municipality, report_pk)
    if report is None:
        raise Http404
    try:
        services.report_dismiss(report=report, by=request.user)
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Rapporten er avvist; innlegget står."))
    return redirect("participation:moderation_queue", municipality_code=municipality.code)


@municipality_view(can_run_participation)
def block_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form = BlockForm(request.POST or None)
    block = save_posted(
        request,
        form,
        lambda data: services.block_create(
            municipality=municipality,
            email=data["email"],
            reason=data["reason"],
            by=request.user,
        ),
        lambda block: _("E-postadressen er blokkert."),
    )
    if block is not None:
        return redirect("participation:block_list", municipality_code=municipality.code)
    return render(
        request,
        "participation/ideas/blocks.html",
        {"municipality": municipality, "blocks": selectors.blocks_of(municipality), "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
@municipality_view(can_run_participation)
def block_remove(request: HttpRequest, municipality: Municipality, block_pk: int) -> HttpResponse:
    block = selectors.blocks_of(municipality).filter(pk=block_pk).first()
    if block is None:
        raise Http404
    services.block_remove(block=block, by=request.user)
    messages.success(request, _("Blokkeringen er opphevet."))
    return redirect("participation:block_list", municipality_code=municipality.code)


@municipality_view(can_run_participation)
def notice_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """The outbox: feedback notices and confirmation links e-mailed to residents, whether
    they are sent, and whether sending is configured at all."""
    return render(
        request,
        "participation/ideas/notices.html",
        {
            "municipality": municipality,
            "notices": selectors.notices_of(municipality)[:200],
            "sending_configured": notices.sending_configured(),
            "due": len(notices.due_notice_ids(municipality)),
            "max_attempts": notices.MAX_ATTEMPTS,
            "kept_days": retention_periods()["resident_notice"].days,
        },
    )


@require_POST
@municipality_view(can_run_participation)
def notice_send_now(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Send this municipality's due notices at once (after the mail server was down, say),
    instead of waiting for the next `send-notices` run."""
    if not notices.sending_configured():
        messages.error(request, _("Sending av e-post er ikke satt opp."))
    else:
        due = notices.due_notice_ids(municipality)
        report = notices.notices_send(limit=max(len(due), 1), ids=due)
        messages.success(
            request,
            _("%(sent)s sendt, %(failed)s feilet.")
            % {"sent": report.sent, "failed": report.failed},
        )
    return redirect("participation:notice_list", municipality_code=municipality.code)


urlpatterns: list[URLPattern] = [
    path("medvirkning/arbeid/ideer/", idea_staff_list, name="idea_staff_list"),
    path("medvirkning/arbeid/ideer/registrer/", idea_register, name="idea_register"),
    path("medvirkning/arbeid/ideer/<int:idea_pk>/", idea_staff_detail, name="idea_staff_detail"),
    path(
        "medvirkning/arbeid/ideer/<int:idea_pk>/status/<str:action>/",
        idea_transition,
        name="idea_transition",
    ),
    path(
        "medvirkning/arbeid/ideer/<int:idea_pk>/svar/",
        idea_staff_comment,
        name="idea_staff_comment",
    ),
    path("medvirkning/arbeid/moderering/", moderation_queue, name="moderation_queue"),
    path("medvirkning/arbeid/moderering/valg/", moderation_setting, name="moderation_setting"),
    path(
        "medvirkning/arbeid/moderering/ideer/<int:idea_pk>/<str:action>/",
        idea_moderate,
        name="idea_moderate",
    ),
    path(
        "medvirkning/arbeid/moderering/kommentarer/<int:comment_pk>/<str:action>/",
        comment_moderate,
        name="comment_moderate",
    ),
    path(
        "medvirkning/arbeid/moderering/rapporter/<int:report_pk>/avvis/",
        report_dismiss,
        name="report_dismiss",
    ),
    path("medvirkning/arbeid/blokkeringer/", block_list, name="block_list"),
    path(
        "medvirkning/arbeid/blokkeringer/<int:block_pk>/fjern/", block_remove, name="block_remove"
    ),
    path("medvirkning/arbeid/varsler/", notice_list, name="notice_list"),
    path("medvirkning/arbeid/varsler/send/", notice_send_now, name="notice_send_now"),
]
