"""Writes for benefits (gevinster, after DFØ's benefits-realisation guidance): what a measure
is expected to achieve, for whom, measured how, owned by whom, and what it has realised."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from omrade.common.audit import audit_record, changes_between
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.portfolio.models import Benefit, BenefitRealisation, Measure
from omrade.portfolio.permissions import can_edit_measure
from omrade.tenancy.selectors import AnyUser

BENEFIT_FIELDS = (
    "kind",
    "description",
    "goal",
    "indicator",
    "unit",
    "higher_is_better",
    "baseline_value",
    "baseline_on",
    "target_value",
    "target_on",
    "owner",
)


def _check(benefit: Benefit) -> None:
    owner = benefit.owner
    if owner is not None and owner.municipality_id != benefit.measure.municipality_id:
        raise ValidationError({"owner": _("Gevinsteieren må høre til samme kommune.")})


@transaction.atomic
def benefit_add(*, measure: Measure, by: AnyUser | None = None, **fields: Any) -> Benefit:
    """An expected benefit of a measure. Audited."""
    require(can_edit_measure, by, measure)
    unknown = set(fields) - set(BENEFIT_FIELDS)
    if unknown:
        raise ValueError(f"not benefit fields: {sorted(unknown)}")
    benefit = Benefit(
        measure=measure,
        **{
            name: value.strip() if isinstance(value, str) else value
            for name, value in fields.items()
        },
    )
    _check(benefit)
    save_validated(benefit)
    audit_record(
        municipality=measure.municipality,
        actor=by,
        action="benefit.added",
        obj=benefit,
        summary=_("Gevinst for «%(measure)s»: %(benefit)s")
        % {"measure": measure.title, "benefit": benefit.description},
        changes=changes_between({}, {name: getattr(benefit, name) for name in fields}),
    )
    return benefit


@transaction.atomic
def benefit_update(*, benefit: Benefit, by: AnyUser | None = None, **fields: Any) -> Benefit:
    require(can_edit_measure, by, benefit.measure)
    unknown = set(fields) - set(BENEFIT_FIELDS)
    if unknown:
        raise ValueError(f"not benefit fields: {sorted(unknown)}")
    before = {name: getattr(benefit, name) for name in fields}
    for name, value in fields.items():
        setattr(benefit, name, value.strip() if isinstance(value, str) else value)
    _check(benefit)
    save_validated(benefit)
    changes = changes_between(before, {name: getattr(benefit, name) for name in fields})
    if changes:
        audit_record(
            municipality=benefit.measure.municipality,
            actor=by,
            action="benefit.updated",
            obj=benefit,
            summary=benefit.description,
            changes=changes,
        )
    return benefit


@transaction.atomic
def benefit_remove(*, benefit: Benefit, by: AnyUser | None = None) -> None:
    require(can_edit_measure, by, benefit.measure)
    audit_record(
        municipality=benefit.measure.municipality,
        actor=by,
        action="benefit.removed",
        obj=benefit,
        summary=benefit.description,
    )
    benefit.delete()


@transaction.atomic
def realisation_record(
    *, benefit: Benefit, measured_on: date, value: float, note: str = "", by: AnyUser | None = None
) -> BenefitRealisation:
    """A realised value of a benefit on a date (replaces a value on the same date). Audited."""
    require(can_edit_measure, by, benefit.measure)
    if benefit.baseline_on is not None and measured_on < benefit.baseline_on:
        raise ValidationError(
            {
                "measured_on": _("Målingen kan ikke være fra før utgangsdatoen %(date)s.")
                % {"date": benefit.baseline_on.isoformat()}
            }
        )
    realisation = BenefitRealisation.objects.filter(
        benefit=benefit, measured_on=measured_on
    ).first() or BenefitRealisation(benefit=benefit, measured_on=measured_on)
    before = {"value": realisation.value if realisation.pk else None}
    realisation.value, realisation.note = value, note.strip()
    save_validated(realisation)
    audit_record(
        municipality=benefit.measure.municipality,
        actor=by,
        action="benefit.realised",
        obj=benefit,
        summary=_("Realisert %(date)s: %(value)s")
        % {"date": measured_on.isoformat(), "value": value},
        changes=changes_between(before, {"value": value}),
    )
    return realisation


@transaction.atomic
def realisation_remove(*, by: AnyUser | None, realisation: BenefitRealisation) -> None:
    require(can_edit_measure, by, realisation.benefit.measure)
    realisation.delete()
