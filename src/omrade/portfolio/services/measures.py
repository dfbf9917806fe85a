"""Writes for measures (tiltak): create and update, status changes, costs per year, staff
time, milestones; and the year's frame of money and the units' commitments of staff."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from omrade.areas.models import Area
from omrade.common.audit import audit_record, changes_between
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.common.workflow import Transition
from omrade.portfolio.models import (
    Measure,
    MeasureCost,
    MeasureStatus,
    Milestone,
    StaffAllocation,
    UnitCommitment,
    YearBudget,
)
from omrade.portfolio.permissions import (
    can_edit_measure,
    can_manage_portfolio,
    can_propose_measure_in,
)
from omrade.portfolio.workflow import MEASURE_WORKFLOW
from omrade.programmes.models import Goal, Programme
from omrade.tenancy.models import MunicipalUnit, Organisation, Person
from omrade.tenancy.selectors import AnyUser

MEASURE_FIELDS = (
    "kind",
    "title",
    "description",
    "sub_programme",
    "responsible_unit",
    "contact_person",
    "target_group",
    "age_from",
    "age_to",
    "starts_on",
    "ends_on",
    "progress",
    "risks",
    "project_code",
    "responsibility_code",
    "service_code",
    "ordinary_operations",
    "synthetic",
)


def _same_programme(programme: Programme, goals: Iterable[Goal]) -> list[Goal]:
    chosen = list(goals)
    if any(goal.programme_id != programme.pk for goal in chosen):
        raise ValidationError({"goals": _("Målene må høre til samme program som tiltaket.")})
    return chosen


def _same_municipality(
    programme: Programme, field: str, objects: Iterable[Area | Organisation]
) -> list[Any]:
    chosen = list(objects)
    if any(item.municipality_id != programme.municipality_id for item in chosen):
        raise ValidationError({field: _("Må høre til samme kommune som programmet.")})
    return chosen


def _set_relations(
    measure: Measure,
    *,
    goals: Iterable[Goal] | None,
    areas: Iterable[Area] | None,
    partners: Iterable[Organisation] | None,
) -> None:
    programme = measure.programme
    if goals is not None:
        measure.goals.set(_same_programme(programme, goals))
    if areas is not None:
        measure.areas.set(_same_municipality(programme, "areas", areas))
    if partners is not None:
        measure.partners.set(_same_municipality(programme, "partners", partners))


@transaction.atomic
def measure_create(
    *,
    programme: Programme,
    title: str,
    by: AnyUser | None = None,
    goals: Iterable[Goal] = (),
    areas: Iterable[Area] = (),
    partners: Iterable[Organisation] = (),
    status: str = MeasureStatus.IDEA,
    stop_reason: str = "",
    costs: Mapping[int, Decimal] | None = None,
    **fields: Any,
) -> Measure:
    """A new measure in a programme, with its cost per year if given. Audited."""
    require(can_propose_measure_in, by, programme, fields.get("sub_programme"))
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise ValueError(f"not measure fields: {sorted(unknown)}")
    title = title.strip()
    if Measure.objects.filter(programme=programme, title=title).exists():
        raise ValidationError(
            {"title": _("Programmet har alt et tiltak som heter «%(title)s».") % {"title": title}}
        )
    measure = Measure(
        municipality=programme.municipality,
        programme=programme,
        title=title,
        status=status,
        stop_reason=stop_reason.strip(),
        **{
            name: value.strip() if isinstance(value, str) else value
            for name, value in fields.items()
        },
    )
    save_validated(measure)
    _set_relations(measure, goals=goals, areas=areas, partners=partners)
    for year, amount in (costs or {}).items():
        measure_cost_set(by=by, measure=measure, year=year, amount=amount)
    audit_record(
        municipality=programme.municipality,
        actor=by,
        action="measure.created",
        obj=measure,
        summary=_("Tiltaket «%(title)s» er opprettet.") % {"title": measure.title},
        changes=changes_between({}, {"title": measure.title, "status": measure.status}),
    )
    return measure


@transaction.atomic
def measure_update(
    *,
    measure: Measure,
    by: AnyUser | None = None,
    goals: Iterable[Goal] | None = None,
    areas: Iterable[Area] | None = None,
    partners: Iterable[Organisation] | None = None,
    **fields: Any,
) -> Measure:
    """Change a measure's description and relations (not its status: `measure_set_status`)."""
    require(can_edit_measure, by, measure)
    if "sub_programme" in fields:
        require(can_propose_measure_in, by, measure.programme, fields["sub_programme"])
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise ValueError(f"not measure fields: {sorted(unknown)}")
    before = {name: getattr(measure, name) for name in fields}
    if "title" in fields:
        title = fields["title"].strip()
        clash = Measure.objects.filter(programme=measure.programme, title=title)
        if clash.exclude(pk=measure.pk).exists():
            raise ValidationError(
                {
                    "title": _("Programmet har alt et tiltak som heter «%(title)s».")
                    % {"title": title}
                }
            )
    for name, value in fields.items():
        setattr(measure, name, value.strip() if isinstance(value, str) else value)
    save_validated(measure)
    _set_relations(measure, goals=goals, areas=areas, partners=partners)
    changes = changes_between(before, {name: getattr(measure, name) for name in fields})
    if changes:
        audit_record(
            municipality=measure.municipality,
            actor=by,
            action="measure.updated",
            obj=measure,
            summary=_("Tiltaket «%(title)s» er endret.") % {"title": measure.title},
            changes=changes,
        )
    return measure


def measure_set_status(
    *, measure: Measure, status: str, by: AnyUser | None = None, stop_reason: str = ""
) -> Measure:
    """Move a measure along idea → planned → running → completed, or stop it with a reason
    (the table `workflow.MEASURE_WORKFLOW`; `can_edit_measure`). Audited."""

    def update(measure: Measure, transition: Transition) -> None:
        if transition.target == MeasureStatus.STOPPED:
            measure.stop_reason = stop_reason.strip()
        if transition.target == MeasureStatus.COMPLETED:
            measure.progress = 100

    MEASURE_WORKFLOW.apply(measure, MeasureStatus(status), by=by, update=update)
    return measure


@transaction.atomic
def measure_delete(*, by: AnyUser | None, measure: Measure) -> None:
    """Remove a measure; refused, naming them, while anything outside the measure's own rows
    points to it (action plans, scenarios, ideas taken into it, coded input, …).

    Rows that belong to the measure (costs, staff, milestones, scores, benefits, progress)
    go with it; every other relation counts, so one added by a later app is not forgotten."""
    require(can_edit_measure, by, measure)
    blockers = []
    for relation in measure._meta.related_objects:
        owned = (
            relation.one_to_many
            and relation.on_delete is models.CASCADE
            and relation.related_model._meta.app_label == "portfolio"
        )
        if owned or relation.hidden:
            continue
        count = getattr(measure, str(relation.get_accessor_name())).count()
        if count:
            blockers.append(f"{count} {relation.related_model._meta.verbose_name_plural}")
    if blockers:
        raise ValidationError(
            _("Tiltaket kan ikke fjernes fordi %(what)s viser til det. Stans det i stedet.")
            % {"what": _(" og ").join(blockers)}
        )
    measure.delete()


@transaction.atomic
def measure_cost_set(
    *, by: AnyUser | None, measure: Measure, year: int, amount: Decimal, note: str = ""
) -> MeasureCost:
    """The measure's cost in a year (replaces what was there)."""
    require(can_edit_measure, by, measure)
    if amount < 0:
        raise ValidationError({"amount": _("Beløpet kan ikke være negativt.")})
    cost = MeasureCost.objects.filter(measure=measure, year=year).first() or MeasureCost(
        measure=measure, year=year
    )
    cost.amount, cost.note = amount, note.strip()
    save_validated(cost)
    return cost


@transaction.atomic
def measure_cost_remove(*, by: AnyUser | None, cost: MeasureCost) -> None:
    require(can_edit_measure, by, cost.measure)
    cost.delete()


@transaction.atomic
def staff_allocation_add(
    *,
    by: AnyUser | None,
    measure: Measure,
    year: int,
    share: Decimal,
    person: Person | None = None,
    unit: MunicipalUnit | None = None,
) -> StaffAllocation:
    """A share of a position for the measure in a year, by a person, a unit, or both."""
    require(can_edit_measure, by, measure)
    for field, related in (("person", person), ("unit", unit)):
        if related is not None and related.municipality_id != measure.municipality_id:
            raise ValidationError({field: _("Må høre til samme kommune som tiltaket.")})
    if unit is None and person is not None:
        unit = person.unit
    allocation = StaffAllocation(measure=measure, year=year, share=share, person=person, unit=unit)
    save_validated(allocation)
    return allocation


@transaction.atomic
def staff_allocation_remove(*, by: AnyUser | None, allocation: StaffAllocation) -> None:
    require(can_edit_measure, by, allocation.measure)
    allocation.delete()


@transaction.atomic
def milestone_add(*, by: AnyUser | None, measure: Measure, title: str, due_on: date) -> Milestone:
    require(can_edit_measure, by, measure)
    milestone = Milestone(measure=measure, title=title.strip(), due_on=due_on)
    save_validated(milestone)
    return milestone


@transaction.atomic
def milestone_set_done(
    *, by: AnyUser | None, milestone: Milestone, done_on: date | None
) -> Milestone:
    require(can_edit_measure, by, milestone.measure)
    milestone.done_on = done_on
    save_validated(milestone)
    return milestone


@transaction.atomic
def milestone_remove(*, by: AnyUser | None, milestone: Milestone) -> None:
    require(can_edit_measure, by, milestone.measure)
    milestone.delete()


@transaction.atomic
def year_budget_set(
    *,
    by: AnyUser | None,
    programme: Programme,
    year: int,
    amount: Decimal,
    note: str = "",
    synthetic: bool = False,
) -> YearBudget:
    """The money available to the programme's measures in a year (replaces what was there)."""
    require(can_manage_portfolio, by, programme.municipality)
    if amount < 0:
        raise ValidationError({"amount": _("Beløpet kan ikke være negativt.")})
    budget = YearBudget.objects.filter(programme=programme, year=year).first() or YearBudget(
        programme=programme, year=year
    )
    budget.amount, budget.note, budget.synthetic = amount, note.strip(), synthetic
    save_validated(budget)
    return budget


@transaction.atomic
def unit_commitment_set(
    *, by: AnyUser | None, programme: Programme, unit: MunicipalUnit, year: int, share: Decimal
) -> UnitCommitment:
    """How much of a position a unit gives the programme in a year (replaces what was there)."""
    require(can_manage_portfolio, by, programme.municipality)
    if unit.municipality_id != programme.municipality_id:
        raise ValidationError({"unit": _("Enheten må høre til samme kommune som programmet.")})
    commitment = UnitCommitment.objects.filter(
        programme=programme, unit=unit, year=year
    ).first() or UnitCommitment(programme=programme, unit=unit, year=year)
    commitment.share = share
    save_validated(commitment)
    return commitment
