"""Writes for tenants, units, organisations, people, users, roles and API tokens."""

from __future__ import annotations

import secrets
from typing import Required, TypedDict, Unpack

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from omrade.common.audit import audit_record
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.common.tokens import token_hash
from omrade.tenancy.models import (
    ApiToken,
    Country,
    Language,
    Municipality,
    MunicipalUnit,
    Organisation,
    OrganisationKind,
    Person,
    Role,
    RoleAssignment,
    UnitKind,
)
from omrade.tenancy.permissions import (
    can_manage_directory,
    can_manage_municipality_settings,
    can_manage_platform,
    can_manage_roles,
    can_manage_token,
)
from omrade.tenancy.selectors import AnyUser
from omrade.tenancy.tiles import validate_tile_url

TOKEN_PREFIX = "omr_"


@transaction.atomic
def municipality_create(
    *,
    by: AnyUser | None,
    code: str,
    name: str,
    country: str,
    default_language: str | None = None,
) -> Municipality:
    require(can_manage_platform, by)
    code = code.strip()
    if country not in Country.values:
        raise ValidationError({"country": _("Ukjent land «%(value)s».") % {"value": country}})
    if Municipality.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("Kommunenummer %(code)s finnes allerede.") % {"code": code}}
        )
    language = default_language or (
        Language.DANISH if country == Country.DENMARK else Language.BOKMAL
    )
    municipality = Municipality(
        code=code, name=name.strip(), country=country, default_language=language
    )
    save_validated(municipality)
    return municipality


@transaction.atomic
def unit_create(
    *,
    by: AnyUser | None,
    municipality: Municipality,
    name: str,
    kind: str = UnitKind.DEPARTMENT,
    parent: MunicipalUnit | None = None,
    head_title: str = "",
) -> MunicipalUnit:
    require(can_manage_directory, by, municipality)
    unit = MunicipalUnit(
        municipality=municipality,
        name=name.strip(),
        kind=kind,
        parent=parent,
        head_title=head_title.strip(),
    )
    save_validated(unit)
    return unit


@transaction.atomic
def unit_update(
    *,
    by: AnyUser | None,
    unit: MunicipalUnit,
    name: str,
    kind: str,
    parent: MunicipalUnit | None,
    head_title: str = "",
) -> MunicipalUnit:
    require(can_manage_directory, by, unit.municipality)
    ancestor = parent
    while ancestor is not None:
        if ancestor.pk == unit.pk:
            raise ValidationError({"parent": _("En enhet kan ikke ligge under seg selv.")})
        ancestor = ancestor.parent
    unit.name, unit.kind, unit.parent, unit.head_title = (
        name.strip(),
        kind,
        parent,
        head_title.strip(),
    )
    save_validated(unit)
    return unit


@transaction.atomic
def organisation_create(
    *,
    by: AnyUser | None,
    municipality: Municipality,
    name: str,
    kind: str = OrganisationKind.OTHER,
    organisation_number: str = "",
    website: str = "",
) -> Organisation:
    require(can_manage_directory, by, municipality)
    organisation = Organisation(
        municipality=municipality,
        name=name.strip(),
        kind=kind,
        organisation_number=organisation_number.replace(" ", ""),
        website=website.strip(),
    )
    save_validated(organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *,
    by: AnyUser | None,
    organisation: Organisation,
    name: str,
    kind: str,
    organisation_number: str = "",
    website: str = "",
) -> Organisation:
    require(can_manage_directory, by, organisation.municipality)
    organisation.name = name.strip()
    organisation.kind = kind
    organisation.organisation_number = organisation_number.replace(" ", "")
    organisation.website = website.strip()
    save_validated(organisation)
    return organisation


class PersonFields(TypedDict, total=False):
    name: Required[str]
    title: str
    email: str
    phone: str
    unit: MunicipalUnit | None
    organisation: Organisation | None


def _save_person(
    person: Person,
    *,
    name: str,
    title: str = "",
    email: str = "",
    phone: str = "",
    unit: MunicipalUnit | None = None,
    organisation: Organisation | None = None,
) -> Person:
    person.name, person.title = name.strip(), title.strip()
    person.email, person.phone = email.strip(), phone.strip()
    person.unit, person.organisation = unit, organisation
    save_validated(person)
    return person


@transaction.atomic
def person_create(
    *, by: AnyUser | None, municipality: Municipality, **fields: Unpack[PersonFields]
) -> Person:
    require(can_manage_directory, by, municipality)
    return _save_person(Person(municipality=municipality), **fields)


@transaction.atomic
def person_update(*, by: AnyUser | None, person: Person, **fields: Unpack[PersonFields]) -> Person:
    require(can_manage_directory, by, person.municipality)
    return _save_person(person, **fields)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None = None,
    password_hash: str | None = None,
    email: str = "",
    full_name: str = "",
) -> User:
    """A user with a password, or with a password already hashed by `make_password` (the demo
    hashes its one password once for all its users), or with none usable."""
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("Brukernavnet kan ikke være tomt.")})
    if User.objects.filter(username=username).exists():
        raise ValidationError(
            {"username": _("Brukeren «%(username)s» finnes allerede.") % {"username": username}}
        )
    first_name, _sep, last_name = full_name.strip().partition(" ")
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    user.full_clean(exclude=["password"])
    if password:
        user.set_password(password)
    elif password_hash:
        user.password = password_hash
    else:
        user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def role_grant(
    *, by: AnyUser | None, user: User, role: str, municipality: Municipality | None
) -> RoleAssignment:
    """Give a user a role; platform admins are global and also get the Django admin.
    Municipal roles: the municipality's administrators; the platform admin role: platform
    admins only."""
    if role not in Role.values:
        raise ValidationError({"role": _("Ukjent rolle «%(role)s».") % {"role": role}})
    if role == Role.PLATFORM_ADMIN:
        require(can_manage_platform, by)
        municipality = None
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    elif municipality is None:
        raise ValidationError({"municipality": _("Rollen må høre til en kommune.")})
    else:
        require(can_manage_roles, by, municipality)
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user, municipality=municipality, role=role
    )
    return assignment


@transaction.atomic
def role_revoke(*, by: AnyUser | None, assignment: RoleAssignment) -> None:
    if assignment.municipality is None:
        require(can_manage_platform, by)
    else:
        require(can_manage_roles, by, assignment.municipality)
    user = assignment.user
    assignment.delete()
    if (
        assignment.role == Role.PLATFORM_ADMIN
        and not user.role_assignments.filter(role=Role.PLATFORM_ADMIN).exists()
    ):
        user.is_staff = user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])


@transaction.atomic
def token_create(*, by: AnyUser | None, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a personal API token. The key is returned once and never stored.
    Users create their own; platform admins anyone's."""
    require(can_manage_token, by, user)
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[: len(TOKEN_PREFIX) + 6], key_hash=token_hash(key)
    )
    return token, key


def token_authenticate(*, key: str) -> User | None:
    """The active user a token belongs to, or None. Records when it was last used."""
    if not key.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


@transaction.atomic
def token_revoke(*, by: AnyUser | None, token: ApiToken) -> None:
    require(can_manage_token, by, token.user)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


@transaction.atomic
def municipality_set_map_background(
    *, municipality: Municipality, tile_url: str, tile_attribution: str, by: AnyUser
) -> Municipality:
    """Set (or with an empty URL, reset to the country's default) the tile source of the
    municipality's maps. Only its municipal admins (and platform admins) may."""
    require(can_manage_municipality_settings, by, municipality)
    tile_url, tile_attribution = tile_url.strip(), tile_attribution.strip()
    if tile_url:
        validate_tile_url(tile_url)
    elif tile_attribution:
        raise ValidationError(
            {"tile_attribution": _("Kreditering hører til en egen kartadresse; fyll inn adressen.")}
        )
    before = [municipality.tile_url, municipality.tile_attribution]
    municipality.tile_url, municipality.tile_attribution = tile_url, tile_attribution
    save_validated(municipality)
    if before != [tile_url, tile_attribution]:
        audit_record(
            municipality=municipality,
            actor=by,
            action="map_background",
            obj=municipality,
            changes={
                "tile_url": [before[0], tile_url],
                "tile_attribution": [before[1], tile_attribution],
            },
        )
    return municipality
