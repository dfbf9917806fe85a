"""Writes for a programme's governance: roles and who holds them, bodies and their members.

The seed's "Hvem gjør hva?": each role has a purpose, duties and success factors and is held
by people, units, organisations or only an office, often with a share of a position; each
body (board, change team, working groups, resource group) has members by office.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.programmes.models import (
    Body,
    BodyMember,
    Holder,
    MemberRole,
    Occupant,
    Programme,
    ProgrammeRole,
    SubProgramme,
)
from omrade.programmes.permissions import can_edit_body, can_manage_programmes
from omrade.tenancy.models import Municipality, MunicipalUnit, Organisation, Person
from omrade.tenancy.selectors import AnyUser

SHARE_MIN, SHARE_MAX = Decimal(0), Decimal(100)


class RoleFields(TypedDict, total=False):
    kind: str
    title: str
    purpose: str
    duties: str
    success_factors: str
    position: int


class BodyFields(TypedDict, total=False):
    kind: str
    name: str
    sub_programme: SubProgramme | None
    purpose: str
    position: int


def _next_position(rows: QuerySet[ProgrammeRole] | QuerySet[Body]) -> int:
    highest = rows.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


def _text(value: str) -> str:
    """Trim a text, and each of its lines (duties and success factors are one per line)."""
    return "\n".join(line.strip() for line in value.strip().splitlines())


def _check_in_municipality(
    municipality: Municipality,
    *,
    person: Person | None,
    unit: MunicipalUnit | None,
    organisation: Organisation | None,
) -> None:
    """Only the programme's own municipality's people, units and organisations may take part."""
    errors: dict[str, str] = {}
    if person is not None and person.municipality_id != municipality.pk:
        errors["person"] = _("Personen «%(name)s» hører ikke til %(municipality)s.") % {
            "name": person.name,
            "municipality": municipality.name,
        }
    if unit is not None and unit.municipality_id != municipality.pk:
        errors["unit"] = _("Enheten «%(name)s» hører ikke til %(municipality)s.") % {
            "name": unit.name,
            "municipality": municipality.name,
        }
    if organisation is not None and organisation.municipality_id != municipality.pk:
        errors["organisation"] = _("Organisasjonen «%(name)s» hører ikke til %(municipality)s.") % {
            "name": organisation.name,
            "municipality": municipality.name,
        }
    if errors:
        raise ValidationError(errors)


class OccupantFields(TypedDict, total=False):
    """Who fills a place (a role's holder, a body's member) and for how long."""

    person: Person | None
    unit: MunicipalUnit | None
    organisation: Organisation | None
    office: str
    from_date: date | None
    to_date: date | None


def _fill_occupant(occupant: Occupant, municipality: Municipality, who: OccupantFields) -> None:
    """Check that who fills the place belongs to the municipality, then fill it in."""
    person, unit, organisation = who.get("person"), who.get("unit"), who.get("organisation")
    _check_in_municipality(municipality, person=person, unit=unit, organisation=organisation)
    occupant.person, occupant.unit, occupant.organisation = person, unit, organisation
    occupant.office = who.get("office", "").strip()
    occupant.from_date, occupant.to_date = who.get("from_date"), who.get("to_date")


# --- roles ---------------------------------------------------------------------------------


@transaction.atomic
def role_create(
    *,
    by: AnyUser | None,
    programme: Programme,
    kind: str,
    title: str = "",
    purpose: str = "",
    duties: str = "",
    success_factors: str = "",
    position: int | None = None,
) -> ProgrammeRole:
    """Add a role to the programme; without a position it comes last."""
    require(can_manage_programmes, by, programme.municipality)
    role = ProgrammeRole(
        programme=programme,
        kind=kind,
        title=title.strip(),
        purpose=purpose.strip(),
        duties=_text(duties),
        success_factors=_text(success_factors),
        position=_next_position(programme.roles.all()) if position is None else position,
    )
    save_validated(role)
    return role


@transaction.atomic
def role_update(
    *, by: AnyUser | None, role: ProgrammeRole, **fields: Unpack[RoleFields]
) -> ProgrammeRole:
    """Change the given fields of a role; the others stay as they are."""
    require(can_manage_programmes, by, role.programme.municipality)
    if "kind" in fields:
        role.kind = fields["kind"]
    if "title" in fields:
        role.title = fields["title"].strip()
    if "purpose" in fields:
        role.purpose = fields["purpose"].strip()
    if "duties" in fields:
        role.duties = _text(fields["duties"])
    if "success_factors" in fields:
        role.success_factors = _text(fields["success_factors"])
    if "position" in fields:
        role.position = fields["position"]
    save_validated(role)
    return role


@transaction.atomic
def role_delete(*, by: AnyUser | None, role: ProgrammeRole) -> None:
    """Remove a role, and with it the record of who held it."""
    require(can_manage_programmes, by, role.programme.municipality)
    role.holders.all().delete()
    role.delete()


@transaction.atomic
def holder_add(
    *,
    by: AnyUser | None,
    role: ProgrammeRole,
    share: Decimal | None = None,
    note: str = "",
    **who: Unpack[OccupantFields],
) -> Holder:
    """Record who holds a role: a person, unit, organisation or office, with a share (0–100 %)."""
    require(can_manage_programmes, by, role.programme.municipality)
    holder = Holder(role=role, share=share, note=note.strip())
    _fill_occupant(holder, role.programme.municipality, who)
    if share is not None and not SHARE_MIN <= share <= SHARE_MAX:
        raise ValidationError({"share": _("Stillingsandelen må være mellom 0 og 100 prosent.")})
    save_validated(holder)
    return holder


@transaction.atomic
def holder_remove(*, by: AnyUser | None, holder: Holder) -> None:
    require(can_manage_programmes, by, holder.role.programme.municipality)
    holder.delete()


# --- bodies --------------------------------------------------------------------------------


def _check_body(body: Body) -> None:
    if body.sub_programme is not None and body.sub_programme.programme_id != body.programme_id:
        raise ValidationError(
            {"sub_programme": _("Delprogrammet må høre til samme program som organet.")}
        )
    same_name = Body.objects.filter(programme_id=body.programme_id, name__iexact=body.name)
    if body.pk:
        same_name = same_name.exclude(pk=body.pk)
    if body.name and same_name.exists():
        raise ValidationError(
            {
                "name": _("Programmet har allerede et organ som heter «%(name)s».")
                % {"name": body.name}
            }
        )


@transaction.atomic
def body_create(
    *,
    by: AnyUser | None,
    programme: Programme,
    kind: str,
    name: str,
    sub_programme: SubProgramme | None = None,
    purpose: str = "",
    position: int | None = None,
) -> Body:
    """Add a body (board, change team, working group, resource group ...) to the programme."""
    require(can_manage_programmes, by, programme.municipality)
    body = Body(
        programme=programme,
        kind=kind,
        name=name.strip(),
        sub_programme=sub_programme,
        purpose=purpose.strip(),
        position=_next_position(programme.bodies.all()) if position is None else position,
    )
    _check_body(body)
    save_validated(body)
    return body


@transaction.atomic
def body_update(*, by: AnyUser | None, body: Body, **fields: Unpack[BodyFields]) -> Body:
    """Change the given fields of a body; the others stay as they are."""
    require(can_manage_programmes, by, body.programme.municipality)
    if "kind" in fields:
        body.kind = fields["kind"]
    if "name" in fields:
        body.name = fields["name"].strip()
    if "sub_programme" in fields:
        body.sub_programme = fields["sub_programme"]
    if "purpose" in fields:
        body.purpose = fields["purpose"].strip()
    if "position" in fields:
        body.position = fields["position"]
    _check_body(body)
    save_validated(body)
    return body


@transaction.atomic
def body_delete(*, by: AnyUser | None, body: Body) -> None:
    """Remove a body and its list of members."""
    require(can_manage_programmes, by, body.programme.municipality)
    body.members.all().delete()
    body.delete()


@transaction.atomic
def member_add(
    *,
    by: AnyUser | None,
    body: Body,
    role: str = MemberRole.MEMBER,
    **who: Unpack[OccupantFields],
) -> BodyMember:
    """Add a member to a body: by office, and who holds it where known."""
    require(can_edit_body, by, body)
    member = BodyMember(body=body, role=role)
    _fill_occupant(member, body.programme.municipality, who)
    save_validated(member)
    return member


@transaction.atomic
def member_remove(*, by: AnyUser | None, member: BodyMember) -> None:
    require(can_edit_body, by, member.body)
    member.delete()
