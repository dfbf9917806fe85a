"""Reads about tenants and roles that pages, API and commands share."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from omrade.tenancy.models import (
    Municipality,
    MunicipalUnit,
    Organisation,
    Person,
    Role,
    RoleAssignment,
)

AnyUser = AbstractBaseUser | AnonymousUser


def is_platform_admin(user: AnyUser) -> bool:
    return bool(user.is_authenticated and getattr(user, "is_superuser", False))


def person_of(user: AnyUser, municipality: Municipality) -> Person | None:
    """The user's own person record in the municipality's directory, if any."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user__pk=user.pk, municipality=municipality).first()


def municipality_ids_for_user(user: AnyUser) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        RoleAssignment.objects.filter(user_id=user.pk, municipality__isnull=False).values_list(
            "municipality_id", flat=True
        )
    )


def municipalities_for_user(user: AnyUser) -> QuerySet[Municipality]:
    """The municipalities a user works in (platform admins: all of them)."""
    if is_platform_admin(user):
        return Municipality.objects.all()
    return Municipality.objects.filter(id__in=municipality_ids_for_user(user))


def roles_in_municipality(user: AnyUser, municipality: Municipality) -> set[Role]:
    if not user.is_authenticated:
        return set()
    roles = {
        Role(value)
        for value in RoleAssignment.objects.filter(
            user_id=user.pk, municipality=municipality
        ).values_list("role", flat=True)
    }
    if is_platform_admin(user):
        roles.add(Role.PLATFORM_ADMIN)
    return roles


def municipality_by_code(code: str) -> Municipality | None:
    return Municipality.objects.filter(code=code).first()


def public_municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.order_by("name")


def units_in(municipality: Municipality) -> QuerySet[MunicipalUnit]:
    return MunicipalUnit.objects.in_municipality(municipality).select_related("parent")


def organisations_in(municipality: Municipality) -> QuerySet[Organisation]:
    return Organisation.objects.in_municipality(municipality)


def people_in(municipality: Municipality) -> QuerySet[Person]:
    return Person.objects.in_municipality(municipality).select_related(
        "unit", "organisation", "user"
    )


def role_assignments_in(municipality: Municipality) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(municipality=municipality).select_related("user")
