"""Writes for annual action plans (handlingsplaner): create a sub-programme's plan for a year,
fill it with measures while it is a draft, move it through the transition table in
`workflow.py`, and revise an approved plan by a new version.

Every transition locks the plan's row, starts from what is stored, and is audited with who,
when, the state change and the comment. A refused step raises a ValidationError naming the
plan's current state, and changes nothing. Every service checks its rule itself
(`can_edit_action_plan`; a step's actor through `can_act_as`); views and the API ask the
same rules first.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from omrade.common.audit import audit_record, changes_between
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.common.workflow import Transition
from omrade.portfolio.models import (
    ActionPlan,
    ActionPlanItem,
    Measure,
    MeasureCost,
    MeasureStatus,
    PlanState,
)
from omrade.portfolio.permissions import can_edit_action_plan
from omrade.portfolio.workflow import (
    PLAN_AUDIT_ACTIONS,
    PLAN_EDITABLE_STATES,
    PLAN_REVISABLE_STATES,
    PLAN_SUPERSEDED_STATES,
    PLAN_WORKFLOW,
    PlanAction,
    plan_name,
)
from omrade.programmes.models import Programme, SubProgramme
from omrade.tenancy.selectors import AnyUser

COMMENT_MAX_LENGTH = 2000


def _lock(plan: ActionPlan) -> ActionPlan:
    """Lock the plan's row and start from what is stored, so two changes at once cannot both
    pass."""
    ActionPlan.objects.select_for_update().filter(pk=plan.pk).first()
    plan.refresh_from_db()
    return plan


def _refuse_unless_editable(plan: ActionPlan) -> None:
    if plan.state in PLAN_EDITABLE_STATES:
        return
    state = PlanState(plan.state).label
    if plan.is_frozen:
        message = _(
            "Planen er låst fordi den har status «%(state)s». Lag en ny versjon for å endre den."
        )
    else:
        message = _(
            "Planen har status «%(state)s» og er til behandling. Den må sendes tilbake til "
            "utkast før den kan endres."
        )
    raise ValidationError({"state": message % {"state": state}})


def _audit(
    plan: ActionPlan,
    *,
    by: AnyUser | None,
    action: str,
    summary: str,
    changes: dict[str, list[Any]],
) -> None:
    audit_record(
        municipality=plan.programme.municipality,
        actor=by,
        action=action,
        obj=plan,
        summary=summary,
        changes=changes,
    )


# --- the plan and its items --------------------------------------------------------------------


@transaction.atomic
def action_plan_create(
    *,
    programme: Programme,
    sub_programme: SubProgramme,
    year: int,
    summary: str = "",
    by: AnyUser | None,
) -> ActionPlan:
    """A sub-programme's draft plan for a year within the programme's period. One plan per
    sub-programme and year: later versions come from `action_plan_revise`. Audited."""
    require(can_edit_action_plan, by, programme, sub_programme)
    if sub_programme.programme_id != programme.pk:
        raise ValidationError(
            {"sub_programme": _("Delprogrammet må høre til samme program som planen.")}
        )
    if not programme.start_year <= year <= programme.end_year:
        raise ValidationError(
            {
                "year": _("Året må være innenfor programperioden %(start)s–%(end)s.")
                % {"start": programme.start_year, "end": programme.end_year}
            }
        )
    # Serialise creation per sub-programme so two requests cannot both make version 1.
    SubProgramme.objects.select_for_update().filter(pk=sub_programme.pk).first()
    if ActionPlan.objects.filter(sub_programme=sub_programme, year=year).exists():
        raise ValidationError(
            {
                "year": _(
                    "%(sub_programme)s har alt en handlingsplan for %(year)s. Lag en ny versjon "
                    "av den i stedet."
                )
                % {"sub_programme": sub_programme.name, "year": year}
            }
        )
    plan = ActionPlan(
        programme=programme,
        sub_programme=sub_programme,
        year=year,
        summary=summary.strip(),
        state=PlanState.DRAFT,
    )
    save_validated(plan)
    _audit(
        plan,
        by=by,
        action="action_plan.created",
        summary=_("%(plan)s er opprettet.") % {"plan": plan_name(plan)},
        changes=changes_between({}, {"state": plan.state, "year": year}),
    )
    return plan


@transaction.atomic
def action_plan_update(*, plan: ActionPlan, summary: str, by: AnyUser | None = None) -> ActionPlan:
    """Change a draft plan's summary. Refused once the plan is under review or frozen."""
    require(can_edit_action_plan, by, plan.programme, plan.sub_programme)
    _refuse_unless_editable(_lock(plan))
    before = {"summary": plan.summary}
    plan.summary = summary.strip()
    save_validated(plan)
    changes = changes_between(before, {"summary": plan.summary})
    if changes:
        _audit(
            plan,
            by=by,
            action="action_plan.updated",
            summary=_("Sammendraget er endret."),
            changes=changes,
        )
    return plan


def _default_cost(measure: Measure, year: int) -> Decimal:
    cost = MeasureCost.objects.filter(measure=measure, year=year).first()
    return cost.amount if cost is not None else Decimal(0)


@transaction.atomic
def action_plan_add_measure(
    *,
    plan: ActionPlan,
    measure: Measure,
    cost: Decimal | None = None,
    note: str = "",
    by: AnyUser | None = None,
) -> ActionPlanItem:
    """Put a measure of the plan's sub-programme in a draft plan, with its cost in the plan year
    (by default the measure's cost for that year, or 0 when it has none)."""
    require(can_edit_action_plan, by, plan.programme, plan.sub_programme)
    _refuse_unless_editable(_lock(plan))
    if measure.programme_id != plan.programme_id or measure.sub_programme_id != (
        plan.sub_programme_id
    ):
        raise ValidationError(
            {
                "measure": _("Tiltaket må høre til delprogrammet %(sub_programme)s.")
                % {"sub_programme": plan.sub_programme.name}
            }
        )
    if measure.status == MeasureStatus.STOPPED:
        raise ValidationError(
            {"measure": _("Tiltaket «%(title)s» er stanset.") % {"title": measure.title}}
        )
    if plan.items.filter(measure=measure).exists():
        raise ValidationError(
            {"measure": _("«%(title)s» er alt med i planen.") % {"title": measure.title}}
        )
    amount = _default_cost(measure, plan.year) if cost is None else cost
    if amount < 0:
        raise ValidationError({"cost": _("Kostnaden kan ikke være negativ.")})
    position = (plan.items.aggregate(last=Max("position"))["last"] or 0) + 1
    item = ActionPlanItem(
        plan=plan, measure=measure, cost=amount, note=note.strip(), position=position
    )
    save_validated(item)
    _audit(
        plan,
        by=by,
        action="action_plan.item_added",
        summary=_("«%(title)s» er lagt til (%(cost)s kr).")
        % {"title": measure.title, "cost": number_format(amount, 0, force_grouping=True)},
        changes=changes_between({}, {"measure": measure.pk, "cost": amount}),
    )
    return item


@transaction.atomic
def action_plan_remove_item(*, item: ActionPlanItem, by: AnyUser | None = None) -> None:
    """Take a measure out of a draft plan."""
    require(can_edit_action_plan, by, item.plan.programme, item.plan.sub_programme)
    plan = _lock(item.plan)
    _refuse_unless_editable(plan)
    title, measure_id, cost = item.measure.title, item.measure_id, item.cost
    item.delete()
    _audit(
        plan,
        by=by,
        action="action_plan.item_removed",
        summary=_("«%(title)s» er tatt ut.") % {"title": title},
        changes=changes_between({"measure": measure_id, "cost": cost}, {}),
    )


# --- transitions -------------------------------------------------------------------------------


def _close_superseded(plan: ActionPlan, by: AnyUser | None) -> None:
    """Close the older versions that were approved or in force: `plan` replaces them."""
    older = ActionPlan.objects.select_for_update().filter(
        sub_programme=plan.sub_programme,
        year=plan.year,
        version__lt=plan.version,
        state__in=PLAN_SUPERSEDED_STATES,
    )
    for old in older:
        before = PLAN_WORKFLOW.snapshot(old)
        old.state = PlanState.CLOSED
        save_validated(old)
        _audit(
            old,
            by=by,
            action=PLAN_AUDIT_ACTIONS[PlanAction.CLOSE],
            summary=_("Avsluttet automatisk: erstattet av versjon %(version)s.")
            % {"version": plan.version},
            changes=changes_between(before, PLAN_WORKFLOW.snapshot(old)),
        )


@transaction.atomic
def action_plan_transition(
    *, plan: ActionPlan, action: str, by: AnyUser | None, comment: str = ""
) -> ActionPlan:
    """Take one step of the table in `workflow.py` (PLAN_WORKFLOW), as its actor
    (`permissions.can_act_as`). Returning to draft needs a comment (kept in
    `return_comment`); any step may carry one. Audited."""
    try:
        chosen = PlanAction(action)
    except ValueError:
        raise ValidationError(
            {"action": _("Ukjent handling: «%(action)s».") % {"action": action}}
        ) from None
    comment = comment.strip()

    def update(plan: ActionPlan, transition: Transition) -> None:
        if len(comment) > COMMENT_MAX_LENGTH:
            raise ValidationError(
                {
                    "comment": _("Kommentaren kan ha høyst %(count)s tegn.")
                    % {"count": COMMENT_MAX_LENGTH}
                }
            )
        if chosen == PlanAction.SUBMIT and not plan.items.exists():
            raise ValidationError(
                {"state": _("Planen har ingen tiltak. Legg til tiltak før den sendes.")}
            )
        if chosen == PlanAction.APPROVE:
            plan.approved_at = timezone.now()
        elif chosen == PlanAction.RETURN_TO_DRAFT:
            plan.return_comment = comment
            plan.approved_at = None

    PLAN_WORKFLOW.apply(
        plan,
        chosen,
        by=by,
        reason=comment,
        update=update,
        extra_changes={"comment": [None, comment]} if comment else None,
    )
    if chosen == PlanAction.PUT_IN_FORCE:
        _close_superseded(plan, by)
    return plan


def action_plan_submit(*, plan: ActionPlan, by: AnyUser | None, comment: str = "") -> ActionPlan:
    """The coordinator sends the draft to the programme board."""
    return action_plan_transition(plan=plan, action=PlanAction.SUBMIT, by=by, comment=comment)


def action_plan_recommend(*, plan: ActionPlan, by: AnyUser | None, comment: str = "") -> ActionPlan:
    """The board recommends the plan to the commissioner."""
    return action_plan_transition(plan=plan, action=PlanAction.RECOMMEND, by=by, comment=comment)


def action_plan_approve(*, plan: ActionPlan, by: AnyUser | None, comment: str = "") -> ActionPlan:
    """The commissioner approves the plan; from now on it is frozen."""
    return action_plan_transition(plan=plan, action=PlanAction.APPROVE, by=by, comment=comment)


def action_plan_put_in_force(
    *, plan: ActionPlan, by: AnyUser | None, comment: str = ""
) -> ActionPlan:
    """The programme manager puts the approved plan in force (closing older versions)."""
    return action_plan_transition(plan=plan, action=PlanAction.PUT_IN_FORCE, by=by, comment=comment)


def action_plan_close(*, plan: ActionPlan, by: AnyUser | None, comment: str = "") -> ActionPlan:
    return action_plan_transition(plan=plan, action=PlanAction.CLOSE, by=by, comment=comment)


def action_plan_return_to_draft(
    *, plan: ActionPlan, comment: str, by: AnyUser | None
) -> ActionPlan:
    """Send the plan back to the coordinator with a comment saying what must change."""
    return action_plan_transition(
        plan=plan, action=PlanAction.RETURN_TO_DRAFT, by=by, comment=comment
    )


# --- versions ----------------------------------------------------------------------------------


@transaction.atomic
def action_plan_revise(*, plan: ActionPlan, by: AnyUser | None) -> ActionPlan:
    """A new draft version of an approved or in-force plan, with its summary and items. The
    old version stays as it is until the new one is put in force. Audited on both."""
    require(can_edit_action_plan, by, plan.programme, plan.sub_programme)
    _lock(plan)
    if plan.state not in PLAN_REVISABLE_STATES:
        raise ValidationError(
            {
                "state": _(
                    "Bare en godkjent eller gjeldende plan kan få en ny versjon; denne har "
                    "status «%(state)s»."
                )
                % {"state": PlanState(plan.state).label}
            }
        )
    if ActionPlan.objects.filter(previous=plan).exists():
        raise ValidationError({"state": _("Planen har alt en nyere versjon. Endre den i stedet.")})
    revision = ActionPlan(
        programme=plan.programme,
        sub_programme=plan.sub_programme,
        year=plan.year,
        version=plan.version + 1,
        previous=plan,
        summary=plan.summary,
        state=PlanState.DRAFT,
    )
    save_validated(revision)
    ActionPlanItem.objects.bulk_create(
        ActionPlanItem(
            plan=revision,
            measure_id=item.measure_id,
            cost=item.cost,
            note=item.note,
            position=item.position,
        )
        for item in plan.items.all()
    )
    _audit(
        revision,
        by=by,
        action="action_plan.revised",
        summary=_("Ny versjon %(version)s, laget fra versjon %(previous)s.")
        % {"version": revision.version, "previous": plan.version},
        changes=changes_between({}, {"state": revision.state, "version": revision.version}),
    )
    _audit(
        plan,
        by=by,
        action="action_plan.revised",
        summary=_("Versjon %(version)s er laget som nytt utkast.") % {"version": revision.version},
        changes={},
    )
    return revision
