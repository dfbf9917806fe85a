"""API routes for municipalities, units, organisations and people."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status

from omrade.api.auth import SIGNED_IN, municipality_for
from omrade.api.errors import ApiError
from omrade.common.params import Id
from omrade.tenancy import selectors, services
from omrade.tenancy.models import (
    Country,
    MunicipalUnit,
    Organisation,
    OrganisationKind,
    Person,
    Role,
    UnitKind,
)
from omrade.tenancy.permissions import can_manage_directory

router = Router(tags=["tenancy"])


class MunicipalityOut(Schema):
    code: str
    name: str
    country: Country


class UnitOut(Schema):
    id: int
    name: str
    kind: UnitKind
    parent_id: int | None
    head_title: str


class UnitIn(Schema):
    name: str
    kind: UnitKind = UnitKind.DEPARTMENT
    parent_id: Id | None = None
    head_title: str = ""


class OrganisationOut(Schema):
    id: int
    name: str
    kind: OrganisationKind
    organisation_number: str
    website: str


class PersonOut(Schema):
    id: int
    name: str
    title: str
    email: str
    phone: str
    unit_id: int | None
    organisation_id: int | None


class RoleAssignmentOut(Schema):
    municipality: str | None
    role: Role


class MeOut(Schema):
    username: str
    roles: list[RoleAssignmentOut]


@router.get("/municipalities", response=list[MunicipalityOut], auth=None)
def list_municipalities(request: HttpRequest) -> list[MunicipalityOut]:
    """Every municipality on this installation (public)."""
    return [
        MunicipalityOut(code=m.code, name=m.name, country=Country(m.country))
        for m in selectors.public_municipalities()
    ]


@router.get("/me", response=MeOut, auth=SIGNED_IN)
def me(request: HttpRequest) -> MeOut:
    assignments = request.user.role_assignments.select_related("municipality")  # type: ignore[union-attr]
    return MeOut(
        username=request.user.get_username(),
        roles=[
            RoleAssignmentOut(
                municipality=a.municipality.code if a.municipality else None,
                role=Role(a.role),
            )
            for a in assignments
        ],
    )


@router.get("/municipalities/{code}/units", response=list[UnitOut], auth=SIGNED_IN)
def list_units(request: HttpRequest, code: str) -> list[MunicipalUnit]:
    return list(selectors.units_in(municipality_for(request, code)))


@router.post("/municipalities/{code}/units", response={201: UnitOut}, auth=SIGNED_IN)
def create_unit(request: HttpRequest, code: str, payload: UnitIn) -> Status:
    municipality = municipality_for(request, code, can_manage_directory)
    parent = None
    if payload.parent_id is not None:
        parent = selectors.units_in(municipality).filter(pk=payload.parent_id).first()
        if parent is None:
            raise ApiError.invalid("parent_id", "no such unit in this municipality")
    try:
        unit = services.unit_create(
            by=request.user,
            municipality=municipality,
            name=payload.name,
            kind=payload.kind,
            parent=parent,
            head_title=payload.head_title,
        )
    except ValidationError as refused:
        raise ApiError.refused(refused, 422) from refused
    return Status(201, unit)


@router.get("/municipalities/{code}/organisations", response=list[OrganisationOut], auth=SIGNED_IN)
def list_organisations(request: HttpRequest, code: str) -> list[Organisation]:
    return list(selectors.organisations_in(municipality_for(request, code)))


@router.get("/municipalities/{code}/people", response=list[PersonOut], auth=SIGNED_IN)
def list_people(request: HttpRequest, code: str) -> list[Person]:
    return list(selectors.people_in(municipality_for(request, code)))
