"""Writes for funding sources (finansieringskilder): create and change a source, its amount per
year (versioned once money of the year is allocated), its earmarks and reporting duties."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from omrade.common.audit import audit_record, changes_between
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.finance.models import (
    Allocation,
    Earmark,
    FundingSource,
    ReportingDuty,
    SourceAmount,
    currency_of,
)
from omrade.finance.permissions import can_manage_finance
from omrade.finance.services.checks import actor_id, checked_amount, checked_year, kroner
from omrade.programmes.models import Decision, Programme, SubProgramme
from omrade.tenancy.selectors import AnyUser

SOURCE_FIELDS = (
    "name",
    "kind",
    "funder",
    "agreement",
    "currency",
    "conditions",
    "co_funding_share",
    "excludes_ordinary_operations",
    "carry_over_allowed",
    "synthetic",
)


def _check_source(source: FundingSource) -> None:
    programme = source.programme
    if source.agreement is not None and source.agreement.programme_id != programme.pk:
        raise ValidationError({"agreement": _("Avtalen må høre til samme program.")})
    others = FundingSource.objects.filter(programme=programme).exclude(pk=source.pk)
    mixed = others.exclude(currency=source.currency).first()
    if mixed is not None:
        raise ValidationError(
            {
                "currency": _(
                    "Programmets kilder er i %(currency)s; valutaer blandes ikke i en sum."
                )
                % {"currency": mixed.currency}
            }
        )


@transaction.atomic
def source_create(
    *,
    by: AnyUser | None,
    programme: Programme,
    code: str,
    name: str,
    kind: str,
    amounts: dict[int, Decimal] | None = None,
    **fields: Any,
) -> FundingSource:
    """A new funding source of the programme, with its amount per year if given. Audited."""
    require(can_manage_finance, by, programme)
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise ValueError(f"not funding source fields: {sorted(unknown)}")
    fields.setdefault("currency", currency_of(programme.municipality))
    source = FundingSource(
        municipality=programme.municipality,
        programme=programme,
        code=code.strip(),
        name=name.strip(),
        kind=kind,
        **fields,
    )
    _check_source(source)
    save_validated(source)
    audit_record(
        municipality=programme.municipality,
        actor=by,
        action="finance.source_create",
        obj=source,
        summary=str(source),
    )
    for year, amount in sorted((amounts or {}).items()):
        source_amount_set(by=by, source=source, year=year, amount=amount)
    return source


@transaction.atomic
def source_update(*, by: AnyUser | None, source: FundingSource, **fields: Any) -> FundingSource:
    """Change a source's description and conditions (not its amounts). Audited."""
    require(can_manage_finance, by, source.programme)
    unknown = set(fields) - {*SOURCE_FIELDS, "code"}
    if unknown:
        raise ValueError(f"not funding source fields: {sorted(unknown)}")
    source = FundingSource.objects.select_for_update().get(pk=source.pk)
    before = {name: getattr(source, name) for name in fields}
    for name, value in fields.items():
        setattr(source, name, value.strip() if isinstance(value, str) else value)
    if (
        "currency" in fields
        and source.allocations.exists()
        and before["currency"] != source.currency
    ):
        raise ValidationError(
            {"currency": _("Valutaen kan ikke endres etter at midler er fordelt.")}
        )
    _check_source(source)
    save_validated(source)
    changes = changes_between(before, {name: getattr(source, name) for name in fields})
    if changes:
        audit_record(
            municipality=source.municipality,
            actor=by,
            action="finance.source_update",
            obj=source,
            summary=str(source),
            changes=changes,
        )
    return source


def current_amount(source: FundingSource, year: int) -> SourceAmount | None:
    """The newest version of the source's amount for the year."""
    return source.amounts.filter(year=year).order_by("-version").first()


@transaction.atomic
def source_amount_set(
    *,
    by: AnyUser | None,
    source: FundingSource,
    year: int,
    amount: Decimal,
    reason: str = "",
    decision: Decision | None = None,
) -> SourceAmount:
    """The source's amount for a year. Before any of the year's money is allocated the amount
    is corrected in place; after, a revision is a new version and needs a reason, and it may
    not fall below what is allocated. Audited."""
    require(can_manage_finance, by, source.programme)
    FundingSource.objects.select_for_update().filter(pk=source.pk).first()
    amount = checked_amount(amount)
    checked_year(source.programme, year)
    if decision is not None and decision.programme_id != source.programme_id:
        raise ValidationError({"decision": _("Vedtaket må høre til samme program.")})
    current = current_amount(source, year)
    allocated = Allocation.objects.filter(source=source, year=year).aggregate(total=Sum("amount"))[
        "total"
    ] or Decimal(0)
    if amount < allocated:
        raise ValidationError(
            {
                "amount": _(
                    "%(allocated)s kr av %(year)s er alt fordelt; beløpet kan ikke bli lavere."
                )
                % {"allocated": kroner(allocated), "year": year}
            }
        )
    before = current.amount if current is not None else None
    if current is not None and current.amount == amount:
        return current
    if current is None or not allocated:
        row = current or SourceAmount(source=source, year=year)
        row.amount, row.reason, row.decision = amount, reason.strip(), decision
        row.created_by_id = actor_id(by)
        save_validated(row)
    else:
        if not reason.strip():
            raise ValidationError(
                {"reason": _("Midler for året er fordelt: skriv hvorfor beløpet revideres.")}
            )
        latest = source.amounts.filter(year=year).aggregate(top=Max("version"))["top"]
        row = SourceAmount(
            source=source,
            year=year,
            version=latest + 1,
            amount=amount,
            reason=reason.strip(),
            decision=decision,
            created_by_id=actor_id(by),
        )
        save_validated(row)
    audit_record(
        municipality=source.municipality,
        actor=by,
        action="finance.source_amount_set",
        obj=source,
        summary=_("%(code)s %(year)s versjon %(version)s: %(amount)s")
        % {"code": source.code, "year": year, "version": row.version, "amount": amount},
        changes={f"amount_{year}": [before, amount], "reason": [None, reason.strip() or None]},
    )
    return row


@transaction.atomic
def earmark_set(
    *,
    by: AnyUser | None,
    source: FundingSource,
    sub_programme: SubProgramme,
    share: Decimal,
    note: str = "",
) -> Earmark:
    """Keep `share` percent of the source's every year for a sub-programme. Audited."""
    require(can_manage_finance, by, source.programme)
    if sub_programme.programme_id != source.programme_id:
        raise ValidationError({"sub_programme": _("Delprogrammet må høre til samme program.")})
    earmark = Earmark.objects.filter(source=source, sub_programme=sub_programme).first()
    earmark = earmark or Earmark(source=source, sub_programme=sub_programme)
    before = earmark.share if earmark.pk else None
    earmark.share, earmark.note = share, note.strip()
    save_validated(earmark)
    total = source.earmarks.aggregate(total=Sum("share"))["total"] or Decimal(0)
    if total > 100:
        raise ValidationError({"share": _("Øremerkingene av en kilde kan ikke passere 100 %.")})
    audit_record(
        municipality=source.municipality,
        actor=by,
        action="finance.earmark_set",
        obj=source,
        summary=str(earmark),
        changes={f"earmark_{sub_programme.pk}": [before, share]},
    )
    return earmark


@transaction.atomic
def duty_add(
    *, by: AnyUser | None, source: FundingSource, title: str, due_on: date, note: str = ""
) -> ReportingDuty:
    """A report the funder asks for, with its deadline. Audited."""
    require(can_manage_finance, by, source.programme)
    duty = ReportingDuty(source=source, title=title.strip(), due_on=due_on, note=note.strip())
    save_validated(duty)
    audit_record(
        municipality=source.municipality,
        actor=by,
        action="finance.duty_add",
        obj=source,
        summary=f"{duty.title} ({due_on.isoformat()})",
    )
    return duty


@transaction.atomic
def duty_done(*, by: AnyUser | None, duty: ReportingDuty, done_on: date | None) -> ReportingDuty:
    """Mark a reporting duty as delivered (or, with None, as not yet). Audited."""
    require(can_manage_finance, by, duty.source.programme)
    before = duty.done_on
    duty.done_on = done_on
    save_validated(duty)
    audit_record(
        municipality=duty.source.municipality,
        actor=by,
        action="finance.duty_done",
        obj=duty.source,
        summary=duty.title,
        changes={"done_on": [before, done_on]},
    )
    return duty
