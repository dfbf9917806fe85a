"""Writes for local committees (lokalsamfunnsutvalg): the committee and its contact details,
annual meetings with minutes, the board elected there, the municipality's annual grant and
what the committee passed on to local initiatives.

The sum passed on may never exceed the year's grant: adding a distribution, or lowering the
grant, locks the grant's row and is refused naming both amounts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from omrade.areas.models import Area
from omrade.common.audit import audit_record, changes_between
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.participation.core.permissions import can_run_participation
from omrade.participation.places.models import (
    SINGLE_OFFICES,
    AnnualMeeting,
    CommitteeBoardMember,
    CommitteeGrant,
    CommitteeOffice,
    GrantDistribution,
    LocalCommittee,
)
from omrade.tenancy.models import Municipality, Organisation, Person
from omrade.tenancy.selectors import AnyUser

COMMITTEE_FIELDS = ("name", "description", "email", "phone", "website", "contact_public")


def _kroner(amount: Decimal) -> str:
    return f"{number_format(amount, 2, force_grouping=True)} kr"


@transaction.atomic
def committee_create(
    *, municipality: Municipality, area: Area, name: str, by: AnyUser | None = None, **fields: Any
) -> LocalCommittee:
    """A local committee for a local community (one per area)."""
    require(can_run_participation, by, municipality)
    unknown = set(fields) - set(COMMITTEE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    if LocalCommittee.objects.filter(area=area).exists():
        raise ValidationError({"area": _("Lokalsamfunnet har allerede et utvalg.")})
    committee = LocalCommittee(municipality=municipality, area=area, name=name.strip(), **fields)
    save_validated(committee)
    audit_record(
        municipality=municipality,
        actor=by,
        action="local_committee.created",
        obj=committee,
        summary=_("Utvalget «%(name)s» er lagt til.") % {"name": committee.name},
    )
    return committee


@transaction.atomic
def committee_update(
    *, committee: LocalCommittee, by: AnyUser | None = None, **fields: Any
) -> LocalCommittee:
    require(can_run_participation, by, committee.municipality)
    unknown = set(fields) - set(COMMITTEE_FIELDS) - {"area"}
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    area = fields.get("area")
    if (
        area is not None
        and LocalCommittee.objects.filter(area=area).exclude(pk=committee.pk).exists()
    ):
        raise ValidationError({"area": _("Lokalsamfunnet har allerede et utvalg.")})
    before = {field: getattr(committee, field) for field in fields}
    for field, value in fields.items():
        setattr(committee, field, value.strip() if field == "name" else value)
    save_validated(committee)
    audit_record(
        municipality=committee.municipality,
        actor=by,
        action="local_committee.updated",
        obj=committee,
        summary=_("Utvalget «%(name)s» er endret.") % {"name": committee.name},
        changes=changes_between(before, {field: getattr(committee, field) for field in fields}),
    )
    return committee


@transaction.atomic
def annual_meeting_record(
    *,
    committee: LocalCommittee,
    date: date,
    minutes: str = "",
    synthetic: bool = False,
    by: AnyUser | None = None,
) -> AnnualMeeting:
    """Record an annual meeting (årsmøte) with its minutes; elections are then added as board
    members with `elected_at` this meeting."""
    require(can_run_participation, by, committee.municipality)
    if committee.annual_meetings.filter(date=date).exists():
        raise ValidationError(
            {
                "date": _("Utvalget har allerede et årsmøte %(date)s.")
                % {"date": date_format(date, "SHORT_DATE_FORMAT")}
            }
        )
    meeting = AnnualMeeting(
        committee=committee, date=date, minutes=minutes.strip(), synthetic=synthetic
    )
    save_validated(meeting)
    audit_record(
        municipality=committee.municipality,
        actor=by,
        action="annual_meeting.recorded",
        obj=meeting,
        summary=str(meeting),
    )
    return meeting


@transaction.atomic
def board_member_add(
    *,
    committee: LocalCommittee,
    office: str,
    from_date: date,
    name: str = "",
    person: Person | None = None,
    to_date: date | None = None,
    elected_at: AnnualMeeting | None = None,
    synthetic: bool = False,
    by: AnyUser | None = None,
) -> CommitteeBoardMember:
    """Add a board member. Leader, deputy, secretary and treasurer are held by one person at a
    time: an overlapping term in the same office is refused naming who holds it."""
    require(can_run_participation, by, committee.municipality)
    LocalCommittee.objects.select_for_update().filter(pk=committee.pk).first()
    member = CommitteeBoardMember(
        committee=committee,
        office=office,
        from_date=from_date,
        to_date=to_date,
        name=name.strip(),
        person=person,
        elected_at=elected_at,
        synthetic=synthetic,
    )
    member.full_clean()
    if office in SINGLE_OFFICES:
        overlapping = committee.board_members.filter(office=office).filter(
            Q(to_date__isnull=True) | Q(to_date__gte=from_date)
        )
        if to_date is not None:
            overlapping = overlapping.filter(from_date__lte=to_date)
        holder = overlapping.select_related("person").first()
        if holder is not None:
            raise ValidationError(
                {
                    "office": _(
                        "%(name)s er allerede %(office)s fra %(from)s; sett en sluttdato for "
                        "det vervet først."
                    )
                    % {
                        "name": holder.display_name,
                        "office": str(CommitteeOffice(office).label).lower(),
                        "from": date_format(holder.from_date, "SHORT_DATE_FORMAT"),
                    }
                }
            )
    save_validated(member)
    audit_record(
        municipality=committee.municipality,
        actor=by,
        action="committee_board_member.added",
        obj=member,
        summary=_("%(name)s er %(office)s i «%(committee)s».")
        % {
            "name": member.display_name,
            "office": str(member.get_office_display()).lower(),
            "committee": committee.name,
        },
    )
    return member


@transaction.atomic
def board_member_end(
    *, member: CommitteeBoardMember, to_date: date, by: AnyUser | None = None
) -> CommitteeBoardMember:
    """End a board member's term (the last day in office)."""
    require(can_run_participation, by, member.committee.municipality)
    before = {"to_date": member.to_date}
    member.to_date = to_date
    save_validated(member)
    audit_record(
        municipality=member.committee.municipality,
        actor=by,
        action="committee_board_member.ended",
        obj=member,
        summary=_("%(name)s går ut av styret i «%(committee)s».")
        % {"name": member.display_name, "committee": member.committee.name},
        changes=changes_between(before, {"to_date": to_date}),
    )
    return member


def distributed_sum(grant: CommitteeGrant) -> Decimal:
    total = grant.distributions.aggregate(total=Sum("amount"))["total"]
    return Decimal(total or 0)


@transaction.atomic
def grant_set(
    *,
    committee: LocalCommittee,
    year: int,
    amount: Decimal,
    note: str = "",
    synthetic: bool = False,
    by: AnyUser | None = None,
) -> CommitteeGrant:
    """Set the year's grant to the committee (create or change). It may not be negative, nor
    lower than what the committee has already passed on."""
    require(can_run_participation, by, committee.municipality)
    if amount < 0:
        raise ValidationError({"amount": _("Beløpet kan ikke være negativt.")})
    grant = (
        CommitteeGrant.objects.select_for_update().filter(committee=committee, year=year).first()
    )
    before: dict[str, Any] = {}
    if grant is None:
        grant = CommitteeGrant(committee=committee, year=year)
    else:
        before = {"amount": grant.amount}
        passed_on = distributed_sum(grant)
        if amount < passed_on:
            raise ValidationError(
                {
                    "amount": _(
                        "Utvalget har allerede fordelt %(passed_on)s av tilskuddet for %(year)s; "
                        "tilskuddet kan ikke bli %(amount)s."
                    )
                    % {"passed_on": _kroner(passed_on), "year": year, "amount": _kroner(amount)}
                }
            )
    grant.amount = amount
    grant.note = note.strip()
    grant.synthetic = synthetic
    save_validated(grant)
    audit_record(
        municipality=committee.municipality,
        actor=by,
        action="committee_grant.set",
        obj=grant,
        summary=_("Tilskudd %(year)s til «%(committee)s»: %(amount)s")
        % {"year": year, "committee": committee.name, "amount": _kroner(amount)},
        changes=changes_between(before, {"amount": amount}),
    )
    return grant


@transaction.atomic
def grant_distribution_add(
    *,
    grant: CommitteeGrant,
    purpose: str,
    amount: Decimal,
    recipient_name: str = "",
    recipient_organisation: Organisation | None = None,
    decided_on: date | None = None,
    synthetic: bool = False,
    by: AnyUser | None = None,
) -> GrantDistribution:
    """Record what the committee passed on to a local initiative. Refused, naming the amounts,
    when the sum passed on would exceed the grant."""
    require(can_run_participation, by, grant.committee.municipality)
    if amount < 0:
        raise ValidationError({"amount": _("Beløpet kan ikke være negativt.")})
    # Lock the grant so two distributions at once cannot together pass the limit.
    CommitteeGrant.objects.select_for_update().filter(pk=grant.pk).first()
    grant.refresh_from_db()
    committee = grant.committee
    if (
        recipient_organisation is not None
        and recipient_organisation.municipality_id != committee.municipality_id
    ):
        raise ValidationError(
            {"recipient_organisation": _("Organisasjonen må høre til samme kommune.")}
        )
    passed_on = distributed_sum(grant)
    if passed_on + amount > grant.amount:
        raise ValidationError(
            {
                "amount": _(
                    "Tilskuddet for %(year)s er %(grant)s, og %(passed_on)s er allerede fordelt. "
                    "%(amount)s til gir %(total)s, som er mer enn tilskuddet (igjen: %(left)s)."
                )
                % {
                    "year": grant.year,
                    "grant": _kroner(grant.amount),
                    "passed_on": _kroner(passed_on),
                    "amount": _kroner(amount),
                    "total": _kroner(passed_on + amount),
                    "left": _kroner(grant.amount - passed_on),
                }
            }
        )
    distribution = GrantDistribution(
        grant=grant,
        purpose=purpose.strip(),
        amount=amount,
        recipient_name=recipient_name.strip(),
        recipient_organisation=recipient_organisation,
        decided_on=decided_on,
        synthetic=synthetic,
    )
    save_validated(distribution)
    audit_record(
        municipality=committee.municipality,
        actor=by,
        action="grant_distribution.added",
        obj=distribution,
        summary=_("«%(committee)s» fordelte %(amount)s til %(recipient)s (%(year)s).")
        % {
            "committee": committee.name,
            "amount": _kroner(amount),
            "recipient": distribution.recipient,
            "year": grant.year,
        },
        changes=changes_between({}, {"amount": amount, "recipient": distribution.recipient}),
    )
    return distribution
