"""Writes for budgets: allocations (fordeling) of a source's year to measures and
sub-programmes with every refusal the funders' conditions imply, closing and reopening a year,
forecasts to year end, and the cost per full-time equivalent that values staff time."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from omrade.common.audit import audit_record
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.finance.models import (
    LOCAL_KINDS,
    Allocation,
    AllocationChange,
    ClosedYear,
    Forecast,
    FundingSource,
    StaffCost,
)
from omrade.finance.permissions import (
    can_enter_forecast,
    can_manage_finance,
    can_set_staff_costs,
)
from omrade.finance.services.checks import actor_id, checked_amount, checked_year, kroner
from omrade.finance.services.sources import current_amount
from omrade.portfolio.models import Measure
from omrade.programmes.models import Decision, Programme, SubProgramme
from omrade.tenancy.models import Municipality, MunicipalUnit
from omrade.tenancy.selectors import AnyUser


def _total(allocations: QuerySet[Allocation]) -> Decimal:
    return allocations.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def _in_sub_programme(sub_programme: SubProgramme) -> Q:
    """Allocations that reach a sub-programme: to it directly or to one of its measures."""
    return Q(measure__isnull=True, sub_programme=sub_programme) | Q(
        measure__sub_programme=sub_programme
    )


def _receiver(
    programme: Programme, measure: Measure | None, sub_programme: SubProgramme | None
) -> SubProgramme | None:
    """The sub-programme the money reaches; refuses receivers of another programme."""
    if measure is not None:
        if measure.programme_id != programme.pk:
            raise ValidationError({"measure": _("Tiltaket må høre til samme program.")})
        if sub_programme is not None and measure.sub_programme_id != sub_programme.pk:
            raise ValidationError({"sub_programme": _("Tiltaket hører til et annet delprogram.")})
        return measure.sub_programme
    if sub_programme is None:
        raise ValidationError({"measure": _("Velg et tiltak eller et delprogram.")})
    if sub_programme.programme_id != programme.pk:
        raise ValidationError({"sub_programme": _("Delprogrammet må høre til samme program.")})
    return sub_programme


def _check_earmarks(
    source: FundingSource,
    year: int,
    granted: Decimal,
    others: QuerySet[Allocation],
    amount: Decimal,
    receiver: SubProgramme | None,
) -> None:
    """Money outside an earmarked sub-programme may not eat into the share kept for it."""
    for earmark in source.earmarks.select_related("sub_programme"):
        outside = _total(others.exclude(_in_sub_programme(earmark.sub_programme)))
        if receiver is None or receiver.pk != earmark.sub_programme_id:
            outside += amount
        limit = (granted * (100 - earmark.share) / 100).quantize(Decimal("0.01"))
        if outside > limit:
            raise ValidationError(
                {
                    "amount": _(
                        "%(share)s %% av %(code)s %(year)s er øremerket %(sub_programme)s: "
                        "høyst %(limit)s kr kan gå til andre formål, og dette ville gi "
                        "%(outside)s kr."
                    )
                    % {
                        "share": earmark.share,
                        "code": source.code,
                        "year": year,
                        "sub_programme": earmark.sub_programme,
                        "limit": kroner(limit),
                        "outside": kroner(outside),
                    }
                }
            )


def check_co_funding(programme: Programme, year: int) -> None:
    """Every source that asks for local co-funding and is used in the year gets its share:
    the allocations from local sources (municipality, housing organisations, in-kind) are at
    least that share of all of the year's allocations."""
    allocations = Allocation.objects.filter(source__programme=programme, year=year, amount__gt=0)
    total = _total(allocations)
    local = _total(allocations.filter(source__kind__in=LOCAL_KINDS))
    demanding = (
        FundingSource.objects.filter(
            programme=programme,
            co_funding_share__gt=0,
            allocations__year=year,
            allocations__amount__gt=0,
        )
        .distinct()
        .order_by("-co_funding_share")
    )
    for source in demanding:
        share = source.co_funding_share or Decimal(0)
        if local * 100 < total * share:
            achieved = (local * 100 / total).quantize(Decimal("0.1")) if total else Decimal(0)
            raise ValidationError(
                {
                    "amount": _(
                        "%(code)s krever minst %(share)s %% lokal medfinansiering i "
                        "%(year)s; med denne fordelingen blir den %(achieved)s %%. Fordel "
                        "kommunens eller boligorganisasjonenes midler først."
                    )
                    % {
                        "code": source.code,
                        "share": share,
                        "year": year,
                        "achieved": achieved,
                    }
                }
            )


@transaction.atomic
def allocation_set(
    *,
    by: AnyUser | None,
    source: FundingSource,
    year: int,
    amount: Decimal,
    reason: str,
    measure: Measure | None = None,
    sub_programme: SubProgramme | None = None,
    decision: Decision | None = None,
    synthetic: bool = False,
) -> Allocation:
    """How much of the source's year pays a measure (or goes to a sub-programme not yet
    distributed). Replaces the earlier amount; 0 takes the money back. Refused when the source
    has not that much left, when an earmark or the ordinary-operations condition is broken, or
    when local co-funding would fall below a source's required share. Every change is kept
    with its reason and decision, and audited."""
    programme = source.programme
    require(can_manage_finance, by, programme)
    # One allocation at a time per programme: the sums checked below cannot race.
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    amount = checked_amount(amount)
    checked_year(programme, year)
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hvorfor midlene fordeles eller endres.")})
    if decision is not None and decision.programme_id != programme.pk:
        raise ValidationError({"decision": _("Vedtaket må høre til samme program.")})
    receiver = _receiver(programme, measure, sub_programme)
    if measure is not None and source.excludes_ordinary_operations and measure.ordinary_operations:
        raise ValidationError(
            {
                "measure": _("%(code)s kan ikke brukes til ordinær drift, og «%(measure)s» er det.")
                % {"code": source.code, "measure": measure}
            }
        )
    mine = Allocation.objects.filter(source=source, year=year)
    mine = (
        mine.filter(measure=measure)
        if measure
        else mine.filter(measure__isnull=True, sub_programme=sub_programme)
    )
    allocation = mine.first()
    before = allocation.amount if allocation is not None else Decimal(0)
    if allocation is not None and before == amount:
        return allocation
    granted_row = current_amount(source, year)
    granted = granted_row.amount if granted_row is not None else Decimal(0)
    others = Allocation.objects.filter(source=source, year=year)
    if allocation is not None:
        others = others.exclude(pk=allocation.pk)
    allocated = _total(others)
    if allocated + amount > granted:
        raise ValidationError(
            {
                "amount": _(
                    "%(code)s har %(granted)s kr i %(year)s, og %(allocated)s kr er fordelt: "
                    "høyst %(left)s kr er igjen."
                )
                % {
                    "code": source.code,
                    "granted": kroner(granted),
                    "year": year,
                    "allocated": kroner(allocated),
                    "left": kroner(max(granted - allocated, Decimal(0))),
                }
            }
        )
    _check_earmarks(source, year, granted, others, amount, receiver)
    allocation = allocation or Allocation(
        source=source,
        year=year,
        measure=measure,
        sub_programme=None if measure is not None else sub_programme,
    )
    allocation.amount, allocation.synthetic = amount, synthetic
    allocation.updated_at = timezone.now()
    save_validated(allocation)
    check_co_funding(programme, year)
    AllocationChange.objects.create(
        allocation=allocation,
        amount_before=before,
        amount_after=amount,
        reason=reason.strip(),
        decision=decision,
        changed_by_id=actor_id(by),
    )
    audit_record(
        municipality=programme.municipality,
        actor=by,
        action="finance.allocation_set",
        obj=allocation,
        summary=f"{allocation}: {reason.strip()}",
        changes={"amount": [before, amount]},
    )
    return allocation


@transaction.atomic
def year_close(*, by: AnyUser | None, programme: Programme, year: int) -> ClosedYear:
    """Close the programme's year: its allocations, amounts and actuals no longer change."""
    require(can_manage_finance, by, programme)
    checked_year(programme, year)  # refuses a year that is already closed
    closed = ClosedYear.objects.create(
        programme=programme,
        year=year,
        closed_by_id=actor_id(by),
    )
    audit_record(
        municipality=programme.municipality,
        actor=by,
        action="finance.year_close",
        obj=programme,
        summary=_("%(year)s avsluttet") % {"year": year},
    )
    return closed


@transaction.atomic
def year_reopen(*, by: AnyUser | None, programme: Programme, year: int, reason: str) -> None:
    """Open a closed year again, with the reason (a correction after the accounts closed)."""
    require(can_manage_finance, by, programme)
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv hvorfor året åpnes igjen.")})
    deleted, _rows = ClosedYear.objects.filter(programme=programme, year=year).delete()
    if not deleted:
        raise ValidationError({"year": _("%(year)s er ikke avsluttet.") % {"year": year}})
    audit_record(
        municipality=programme.municipality,
        actor=by,
        action="finance.year_reopen",
        obj=programme,
        summary=_("%(year)s åpnet igjen: %(reason)s") % {"year": year, "reason": reason.strip()},
    )


@transaction.atomic
def forecast_set(
    *, by: AnyUser | None, measure: Measure, year: int, amount: Decimal, note: str = ""
) -> Forecast:
    """The spending the measure expects by the end of the year (replaces the straight line)."""
    require(can_enter_forecast, by, measure)
    amount = checked_amount(amount)
    checked_year(measure.programme, year)
    forecast = Forecast.objects.filter(measure=measure, year=year).first()
    forecast = forecast or Forecast(measure=measure, year=year)
    before = forecast.amount if forecast.pk else None
    forecast.amount, forecast.note = amount, note.strip()
    forecast.entered_by_id = actor_id(by)
    forecast.entered_at = timezone.now()
    save_validated(forecast)
    audit_record(
        municipality=measure.municipality,
        actor=by,
        action="finance.forecast_set",
        obj=measure,
        summary=_("Prognose %(year)s: %(amount)s") % {"year": year, "amount": amount},
        changes={f"forecast_{year}": [before, amount]},
    )
    return forecast


@transaction.atomic
def staff_cost_set(
    *,
    by: AnyUser | None,
    municipality: Municipality,
    year: int,
    cost_per_fte: Decimal,
    unit: MunicipalUnit | None = None,
) -> StaffCost:
    """What a full-time equivalent costs in a year: the municipality's rate, or a unit's own."""
    require(can_set_staff_costs, by, municipality)
    cost_per_fte = checked_amount(cost_per_fte, "cost_per_fte")
    if unit is not None and unit.municipality_id != municipality.pk:
        raise ValidationError({"unit": _("Enheten må høre til samme kommune.")})
    cost = StaffCost.objects.filter(municipality=municipality, unit=unit, year=year).first()
    cost = cost or StaffCost(municipality=municipality, unit=unit, year=year)
    before = cost.cost_per_fte if cost.pk else None
    cost.cost_per_fte = cost_per_fte
    save_validated(cost)
    audit_record(
        municipality=municipality,
        actor=by,
        action="finance.staff_cost_set",
        obj=cost,
        summary=str(cost),
        changes={"cost_per_fte": [before, cost_per_fte]},
    )
    return cost
