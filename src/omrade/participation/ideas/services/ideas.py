"""Writes for ideas: submitting (residents, anonymously) and registering on a resident's behalf
(staff), support, comments, abuse reports, moderation (approve, hide with a reason, block)
and the status workflow with its public feedback.

Text is stored as plain words (`abuse.clean_text`); photos are checked by content and
re-encoded without metadata (`abuse.check_image`). A blocked client or e-mail address gets
the same neutral refusal as a robot. Every status change goes through the table in
`workflow_ideas.py`, is audited, becomes public feedback on the idea's page, and — when the
resident left an e-mail address — an e-mail to the resident, queued in the outbox and sent
once the change commits (`core/notices.py`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Required, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from omrade.areas.models import Area
from omrade.common.audit import audit_record, changes_between
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.common.workflow import Transition
from omrade.participation.core.abuse import (
    check_image,
    clean_text,
    email_hash,
    refusal_message,
)
from omrade.participation.core.models import NoticeKind, Theme
from omrade.participation.core.notices import notice_queue, site_link
from omrade.participation.core.permissions import can_run_participation
from omrade.participation.ideas.models import (
    COMMENT_TEXT_MAX,
    IDEA_TEXT_MAX,
    IDEA_TITLE_MAX,
    REASON_MAX,
    AbuseReport,
    Block,
    Idea,
    IdeaComment,
    IdeaSource,
    IdeaStatus,
    IdeaStatusChange,
    IdeaSupport,
    ModerationMode,
    ModerationSetting,
    ModerationState,
)
from omrade.participation.ideas.workflow import (
    IDEA_WORKFLOW,
    NEEDS_LINK,
    NEEDS_REASON,
    IdeaAction,
    default_feedback_to_store,
    feedback_for_reader,
)
from omrade.portfolio.models import ActionPlan, Measure
from omrade.programmes.models import Programme
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser

if TYPE_CHECKING:  # the places context's model, named by the idea's foreign key
    from omrade.participation.places.models import Event

Moderated = Idea | IdeaComment


def _pk(user: AnyUser | None) -> Any:
    """The user's key for a `..._by` column: None for the system and anonymous visitors."""
    return user.pk if user is not None and user.is_authenticated else None


def moderation_mode_of(municipality: Municipality, programme: Programme | None) -> str:
    """The programme's moderation, else the municipality's, else pre-moderation."""
    settings_found = {
        setting.programme_id: setting.mode
        for setting in ModerationSetting.objects.in_municipality(municipality).filter(
            Q(programme__isnull=True) | Q(programme=programme)
        )
    }
    if programme is not None and programme.pk in settings_found:
        return settings_found[programme.pk]
    return settings_found.get(None, ModerationMode.PRE)


def is_blocked(municipality: Municipality, *, client_hash: str = "", email: str = "") -> bool:
    now = timezone.now()
    targets = Q()
    if client_hash:
        targets |= Q(client_hash=client_hash)
    if email.strip():
        targets |= Q(email_hash=email_hash(email))
    if not targets:
        return False
    return (
        Block.objects.in_municipality(municipality)
        .filter(targets)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .exists()
    )


def _refuse_blocked(municipality: Municipality, *, client_hash: str, email: str = "") -> None:
    if is_blocked(municipality, client_hash=client_hash, email=email):
        # The same neutral words a robot gets: a blocked poster learns nothing.
        raise ValidationError(refusal_message(), code="refused")


def _required_text(value: str, field: str, max_length: int, message: str) -> str:
    cleaned = clean_text(value, max_length=max_length)
    if not cleaned:
        raise ValidationError({field: message})
    return cleaned


# --- moderation settings and themes ----------------------------------------------------------


@transaction.atomic
def moderation_mode_set(
    *, municipality: Municipality, mode: str, by: AnyUser | None, programme: Programme | None = None
) -> ModerationSetting:
    """Choose pre- or post-moderation for a programme (or the municipality's default)."""
    require(can_run_participation, by, municipality)
    if mode not in ModerationMode.values:
        raise ValidationError({"mode": _("Velg forhånds- eller etterhåndsmoderering.")})
    if programme is not None and programme.municipality_id != municipality.pk:
        raise ValidationError({"programme": _("Programmet må høre til samme kommune.")})
    setting = (
        ModerationSetting.objects.in_municipality(municipality).filter(programme=programme).first()
    ) or ModerationSetting(municipality=municipality, programme=programme)
    before = setting.mode if setting.pk else None
    setting.mode = mode
    save_validated(setting)
    audit_record(
        municipality=municipality,
        actor=by,
        action="participation.moderation_mode_set",
        obj=setting,
        summary=str(setting),
        changes=changes_between({"mode": before}, {"mode": mode}),
    )
    return setting


# --- ideas -----------------------------------------------------------------------------------


def _check_links(
    municipality: Municipality,
    *,
    programme: Programme | None,
    area: Area | None,
    theme: Theme | None,
) -> None:
    if programme is not None and programme.municipality_id != municipality.pk:
        raise ValidationError({"programme": _("Programmet må høre til samme kommune.")})
    if area is not None and area.municipality_id != municipality.pk:
        raise ValidationError({"area": _("Området må høre til samme kommune.")})
    if theme is not None and theme.municipality_id != municipality.pk:
        raise ValidationError({"theme": _("Temaet må høre til samme kommune.")})


class IdeaContent(TypedDict, total=False):
    """What a resident's idea says, whoever records it (`idea_submit`, `idea_register`)."""

    title: Required[str]
    text: Required[str]
    programme: Programme | None
    area: Area | None
    theme: Theme | None
    email: str
    photo: Any
    photo_description: str


def _idea(*, municipality: Municipality, **content: Unpack[IdeaContent]) -> Idea:
    programme, area, theme = content.get("programme"), content.get("area"), content.get("theme")
    _check_links(municipality, programme=programme, area=area, theme=theme)
    idea = Idea(
        municipality=municipality,
        programme=programme,
        area=area,
        theme=theme,
        title=_required_text(
            content["title"], "title", IDEA_TITLE_MAX, _("Skriv en kort overskrift for idéen.")
        ),
        text=_required_text(
            content["text"], "text", IDEA_TEXT_MAX, _("Beskriv idéen med noen ord.")
        ),
        email=content.get("email", "").strip(),
        photo_description=clean_text(content.get("photo_description", ""), max_length=200),
    )
    if photo := content.get("photo"):
        try:
            idea.photo = check_image(photo)
        except ValidationError as refused:
            raise ValidationError({"photo": refused.messages}) from None
    return idea


@transaction.atomic
def idea_submit(
    *,
    municipality: Municipality,
    client_hash: str = "",
    synthetic: bool = False,
    **content: Unpack[IdeaContent],
) -> Idea:
    """A resident's idea from the web. Public at once under post-moderation, after approval
    under pre-moderation. A blocked client or e-mail address is refused neutrally."""
    _refuse_blocked(municipality, client_hash=client_hash, email=content.get("email", ""))
    idea = _idea(municipality=municipality, **content)
    idea.source = IdeaSource.WEB
    idea.client_hash = client_hash
    idea.synthetic = synthetic  # demo data only; never from a form or the API
    if moderation_mode_of(municipality, content.get("programme")) == ModerationMode.POST:
        idea.moderation, idea.published_at = ModerationState.PUBLISHED, timezone.now()
    save_validated(idea)
    audit_record(
        municipality=municipality,
        actor=None,
        action="idea.submitted",
        obj=idea,
        summary=_("Idéen «%(title)s» er sendt inn.") % {"title": idea.title},
        changes=changes_between({}, {"status": idea.status, "moderation": idea.moderation}),
    )
    return idea


@transaction.atomic
def idea_register(
    *,
    municipality: Municipality,
    by: AnyUser | None,
    where: str = "",
    event: Event | None = None,
    on_behalf: bool = True,
    synthetic: bool = False,
    **content: Unpack[IdeaContent],
) -> Idea:
    """Staff register an idea they received from a resident (at a workshop, a meeting place,
    in a conversation): recorded as registered by them on the resident's behalf, public at
    once."""
    require(can_run_participation, by, municipality)
    idea = _idea(municipality=municipality, **content)
    idea.source = IdeaSource.STAFF
    idea.on_behalf = on_behalf
    if event is not None and event.municipality_id != municipality.pk:
        raise ValidationError({"event": _("Arrangementet må høre til samme kommune.")})
    idea.event = event
    idea.where = clean_text(where, max_length=200) or (
        f"{event.title}, {timezone.localtime(event.starts_at):%d.%m.%Y}" if event else ""
    )
    idea.registered_by = by if by is not None and by.is_authenticated else None  # type: ignore[assignment]
    idea.moderation, idea.published_at = ModerationState.PUBLISHED, timezone.now()
    idea.synthetic = synthetic
    save_validated(idea)
    audit_record(
        municipality=municipality,
        actor=by,
        action="idea.registered",
        obj=idea,
        summary=_("Idéen «%(title)s» er registrert på vegne av en innbygger.")
        % {"title": idea.title},
        changes=changes_between({}, {"status": idea.status, "where": idea.where}),
    )
    return idea


def _refuse_unless_public(idea: Idea) -> None:
    if idea.moderation != ModerationState.PUBLISHED:
        raise ValidationError({"idea": _("Idéen er ikke åpen for støtte eller kommentarer.")})


@transaction.atomic
def idea_support(*, idea: Idea, client_hash: str = "", user: AnyUser | None = None) -> bool:
    """Count one support: once per signed-in user, else once per browser. True when it was
    counted now, False when this browser or user had already supported the idea."""
    _refuse_unless_public(idea)
    signed_in = user is not None and user.is_authenticated
    if not signed_in and not client_hash:
        raise ValidationError({"idea": _("Støtten kunne ikke registreres.")})
    user_pk = user.pk if user is not None and signed_in else None
    existing = IdeaSupport.objects.filter(idea=idea)
    if user_pk is not None:
        existing = existing.filter(user_id=user_pk)
    else:
        existing = existing.filter(user__isnull=True, client_hash=client_hash)
    if existing.exists():
        return False
    try:
        with transaction.atomic():
            IdeaSupport.objects.create(
                idea=idea, user_id=user_pk, client_hash="" if signed_in else client_hash
            )
    except IntegrityError:  # the same browser twice at once
        return False
    return True


@transaction.atomic
def idea_comment(
    *,
    idea: Idea,
    text: str,
    client_hash: str = "",
    by_staff: AnyUser | None = None,
    synthetic: bool = False,
) -> IdeaComment:
    """A comment on a public idea. Staff comments are public at once; residents' comments
    follow the programme's moderation."""
    _refuse_unless_public(idea)
    staff = by_staff is not None and by_staff.is_authenticated
    if not staff:
        _refuse_blocked(idea.municipality, client_hash=client_hash)
    comment = IdeaComment(
        municipality=idea.municipality,
        idea=idea,
        text=_required_text(text, "text", COMMENT_TEXT_MAX, _("Skriv en kommentar.")),
        client_hash="" if staff else client_hash,
        by_staff_id=by_staff.pk if staff else None,  # type: ignore[union-attr]
        synthetic=synthetic,
    )
    if staff or moderation_mode_of(idea.municipality, idea.programme) == ModerationMode.POST:
        comment.moderation, comment.published_at = ModerationState.PUBLISHED, timezone.now()
    save_validated(comment)
    return comment


@transaction.atomic
def abuse_report(
    *,
    reason: str,
    idea: Idea | None = None,
    comment: IdeaComment | None = None,
    client_hash: str = "",
) -> AbuseReport:
    """Anyone may report an idea or a comment; the report waits in the staff's queue."""
    target = idea if idea is not None else comment
    if target is None or (idea is not None and comment is not None):
        raise ValidationError({"reason": _("Velg én idé eller kommentar å rapportere.")})
    if not target.is_public:
        raise ValidationError({"reason": _("Dette innlegget kan ikke rapporteres.")})
    _refuse_blocked(target.municipality, client_hash=client_hash)
    report = AbuseReport(
        municipality=target.municipality,
        idea=idea,
        comment=comment,
        reason=_required_text(
            reason, "reason", REASON_MAX, _("Skriv kort hva som er galt med innlegget.")
        ),
        client_hash=client_hash,
    )
    save_validated(report)
    return report


def _close_reports(item: Moderated, *, by: AnyUser | None, outcome: str) -> None:
    reports = item.reports.filter(handled_at__isnull=True)
    reports.update(
        handled_at=timezone.now(),
        handled_by_id=by.pk if by is not None and by.is_authenticated else None,
        outcome=outcome,
    )


@transaction.atomic
def report_dismiss(*, report: AbuseReport, by: AnyUser | None) -> AbuseReport:
    """The report was not abuse: close it, the post stays."""
    require(can_run_participation, by, report.municipality)
    if report.handled_at is not None:
        raise ValidationError({"report": _("Rapporten er allerede behandlet.")})
    report.handled_at = timezone.now()
    report.handled_by = by if by is not None and by.is_authenticated else None  # type: ignore[assignment]
    report.outcome = _("Avvist: innlegget er i orden.")
    save_validated(report)
    audit_record(
        municipality=report.municipality,
        actor=by,
        action="participation.report_dismissed",
        obj=report,
        summary=report.outcome,
    )
    return report


def _moderation_state(item: Moderated) -> dict[str, object]:
    return {"moderation": item.moderation, "hidden_reason": item.hidden_reason}


def _lock(item: Moderated) -> None:
    type(item).objects.select_for_update().filter(pk=item.pk).first()
    item.refresh_from_db()


def _moderated(
    item: Moderated,
    *,
    by: AnyUser | None,
    action: str,
    moderation: str,
    reason: str = "",
) -> Moderated:
    require(can_run_participation, by, item.municipality)
    before = _moderation_state(item)
    item.moderation, item.hidden_reason = moderation, reason
    item.moderated_at = timezone.now()
    item.moderated_by = by if by is not None and by.is_authenticated else None  # type: ignore[assignment]
    if moderation == ModerationState.PUBLISHED and item.published_at is None:
        item.published_at = item.moderated_at
    save_validated(item)
    audit_record(
        municipality=item.municipality,
        actor=by,
        action=action,
        obj=item,
        summary=str(item),
        changes=changes_between(before, _moderation_state(item)),
    )
    return item


def _publish_from(item: Moderated, *, by: AnyUser | None, state: ModerationState) -> Moderated:
    """Publish a post that waits (approve) or is hidden (restore); refuse any other."""
    _lock(item)
    if item.moderation != state:
        refusals = {
            ModerationState.PENDING: _("Bare innlegg som venter, kan godkjennes."),
            ModerationState.HIDDEN: _("Bare skjulte innlegg kan vises igjen."),
        }
        raise ValidationError({"moderation": refusals[state]})
    action = (
        "participation.approved" if state == ModerationState.PENDING else "participation.restored"
    )
    return _moderated(item, by=by, action=action, moderation=ModerationState.PUBLISHED)


@transaction.atomic
def content_approve(*, item: Moderated, by: AnyUser | None) -> Moderated:
    """Publish a post that waits for pre-moderation."""
    return _publish_from(item, by=by, state=ModerationState.PENDING)


@transaction.atomic
def content_hide(*, item: Moderated, reason: str, by: AnyUser | None) -> Moderated:
    """Hide a post with a reason; the public pages show «skjult av moderator: <reason>»
    instead of the text (when it had been published)."""
    _lock(item)
    reason = clean_text(reason, max_length=REASON_MAX)
    if not reason:
        raise ValidationError({"reason": _("Skriv hvorfor innlegget skjules.")})
    if item.moderation == ModerationState.HIDDEN:
        raise ValidationError({"moderation": _("Innlegget er allerede skjult.")})
    hidden = _moderated(
        item,
        by=by,
        action="participation.hidden",
        moderation=ModerationState.HIDDEN,
        reason=reason,
    )
    _close_reports(item, by=by, outcome=_("Skjult: %(reason)s") % {"reason": reason})
    return hidden


@transaction.atomic
def content_restore(*, item: Moderated, by: AnyUser | None) -> Moderated:
    """Show a hidden post again."""
    return _publish_from(item, by=by, state=ModerationState.HIDDEN)


@transaction.atomic
def content_block(*, item: Moderated, reason: str, by: AnyUser | None) -> Block:
    """Block whoever posted this (their client hash and, for an idea, its e-mail address)
    from posting again, and hide the post if it is not hidden already."""
    require(can_run_participation, by, item.municipality)
    reason = clean_text(reason, max_length=REASON_MAX)
    if not reason:
        raise ValidationError({"reason": _("Skriv hvorfor avsenderen blokkeres.")})
    email = item.email if isinstance(item, Idea) else ""
    if not item.client_hash and not email:
        raise ValidationError(
            {"reason": _("Innlegget ble registrert av en ansatt og kan ikke knyttes til noen.")}
        )
    block = Block(
        municipality=item.municipality,
        client_hash=item.client_hash,
        email_hash=email_hash(email) if email else "",
        reason=reason,
        created_by_id=_pk(by),
    )
    save_validated(block)
    audit_record(
        municipality=item.municipality,
        actor=by,
        action="participation.blocked",
        obj=block,
        summary=_("Avsenderen av «%(item)s» er blokkert: %(reason)s")
        % {"item": item, "reason": reason},
    )
    if item.moderation != ModerationState.HIDDEN:
        content_hide(item=item, reason=reason, by=by)
    return block


@transaction.atomic
def block_create(
    *,
    municipality: Municipality,
    reason: str,
    by: AnyUser | None,
    email: str = "",
    client_hash: str = "",
    expires_at: datetime | None = None,
) -> Block:
    """Block an e-mail address (or a client hash) by hand."""
    require(can_run_participation, by, municipality)
    reason = clean_text(reason, max_length=REASON_MAX)
    if not reason:
        raise ValidationError({"reason": _("Skriv hvorfor avsenderen blokkeres.")})
    if not email.strip() and not client_hash:
        raise ValidationError({"email": _("Skriv e-postadressen som skal blokkeres.")})
    block = Block(
        municipality=municipality,
        client_hash=client_hash,
        email_hash=email_hash(email) if email.strip() else "",
        reason=reason,
        created_by_id=_pk(by),
        expires_at=expires_at,
    )
    save_validated(block)
    audit_record(
        municipality=municipality,
        actor=by,
        action="participation.blocked",
        obj=block,
        summary=reason,
    )
    return block


@transaction.atomic
def block_remove(*, block: Block, by: AnyUser | None) -> None:
    require(can_run_participation, by, block.municipality)
    audit_record(
        municipality=block.municipality,
        actor=by,
        action="participation.unblocked",
        obj=block,
        summary=block.reason,
    )
    block.delete()


# --- the status workflow and its public feedback ---------------------------------------------


def public_idea_path(idea: Idea) -> str:
    return reverse(
        "participation:idea_public_detail",
        kwargs={"municipality_code": idea.municipality.code, "idea_pk": idea.pk},
    )


def _notice_body(idea: Idea, change: IdeaStatusChange) -> str:
    lines = [
        _("Hei!"),
        "",
        _("Du sendte inn idéen «%(title)s». Den har nå status «%(status)s».")
        % {"title": idea.title, "status": IdeaStatus(change.to_status).label},
        "",
        feedback_for_reader(change.feedback),
    ]
    if change.to_status == IdeaStatus.NOT_TAKEN and idea.not_taken_reason:
        lines += ["", _("Begrunnelse: %(reason)s") % {"reason": idea.not_taken_reason}]
    if change.measure is not None:
        lines += ["", _("Tiltak: %(title)s") % {"title": change.measure.title}]
        if change.measure.description:
            lines.append(change.measure.description)
    lines += [
        "",
        _("Les mer: %(url)s") % {"url": site_link(public_idea_path(idea))},
        "",
        _("Du får denne e-posten fordi du ga oss adressen for tilbakemelding."),
    ]
    return "\n".join(lines)


def _queue_feedback_notice(idea: Idea, change: IdeaStatusChange) -> None:
    if not idea.email:
        return
    language = idea.municipality.default_language
    with translation.override(language):
        notice_queue(
            municipality=idea.municipality,
            kind=NoticeKind.FEEDBACK,
            email=idea.email,
            subject=_("Hva skjedde med idéen din «%(title)s»?") % {"title": idea.title[:100]},
            body=_notice_body(idea, change),
            language=language,
            idea=idea,
        )


@transaction.atomic
def idea_transition(
    *,
    idea: Idea,
    action: IdeaAction | str,
    by: AnyUser | None,
    feedback: str = "",
    reason: str = "",
    measure: Measure | None = None,
    action_plan: ActionPlan | None = None,
) -> Idea:
    """Move an idea one step through the table, with public feedback (the staff's words, or
    the step's standard text). Taking needs a measure or an action plan of the same
    municipality; declining needs a reason. Audited; a feedback notice is queued when the
    resident gave an e-mail address. A refused step changes nothing."""
    action = IdeaAction(action)
    reason = clean_text(reason, max_length=2000)
    text = clean_text(feedback, max_length=2000) or default_feedback_to_store(action)
    from_status: list[str] = []

    def update(idea: Idea, transition: Transition) -> None:
        if action in NEEDS_LINK:
            if measure is None and action_plan is None:
                raise ValidationError(
                    {"measure": _("Velg tiltaket eller handlingsplanen idéen er tatt inn i.")}
                )
            if measure is not None and measure.municipality_id != idea.municipality_id:
                raise ValidationError({"measure": _("Tiltaket må høre til samme kommune.")})
            if action_plan is not None and action_plan.programme.municipality_id != (
                idea.municipality_id
            ):
                raise ValidationError(
                    {"action_plan": _("Handlingsplanen må høre til samme kommune.")}
                )
        elif measure is not None or action_plan is not None:
            raise ValidationError({"measure": _("Tiltak velges bare når idéen tas inn.")})
        from_status.append(idea.status)
        idea.status_changed_at = timezone.now()
        if action in NEEDS_LINK:
            idea.measure, idea.action_plan = measure, action_plan
        if action in NEEDS_REASON:
            idea.not_taken_reason = reason
        elif action == IdeaAction.REOPEN:
            idea.not_taken_reason = ""
        idea.feedback = text

    IDEA_WORKFLOW.apply(
        idea, action, by=by, reason=reason, update=update, extra_changes={"feedback": [None, text]}
    )
    change = IdeaStatusChange.objects.create(
        idea=idea,
        from_status=from_status[0],
        to_status=idea.status,
        feedback=text,
        measure=idea.measure if action in NEEDS_LINK else None,
        action_plan=idea.action_plan if action in NEEDS_LINK else None,
        changed_by_id=by.pk if by is not None and by.is_authenticated else None,
        changed_at=idea.status_changed_at,
    )
    _queue_feedback_notice(idea, change)
    return idea


def idea_assess(*, idea: Idea, by: AnyUser | None, feedback: str = "") -> Idea:
    return idea_transition(idea=idea, action=IdeaAction.ASSESS, by=by, feedback=feedback)


def idea_take(
    *,
    idea: Idea,
    by: AnyUser | None,
    measure: Measure | None = None,
    action_plan: ActionPlan | None = None,
    feedback: str = "",
) -> Idea:
    return idea_transition(
        idea=idea,
        action=IdeaAction.TAKE,
        by=by,
        feedback=feedback,
        measure=measure,
        action_plan=action_plan,
    )


def idea_decline(*, idea: Idea, by: AnyUser | None, reason: str, feedback: str = "") -> Idea:
    return idea_transition(
        idea=idea, action=IdeaAction.DECLINE, by=by, feedback=feedback, reason=reason
    )


def idea_complete(*, idea: Idea, by: AnyUser | None, feedback: str = "") -> Idea:
    return idea_transition(idea=idea, action=IdeaAction.COMPLETE, by=by, feedback=feedback)


def idea_reopen(*, idea: Idea, by: AnyUser | None, feedback: str = "") -> Idea:
    return idea_transition(idea=idea, action=IdeaAction.REOPEN, by=by, feedback=feedback)
