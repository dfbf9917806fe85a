"""The directory services (units, organisations, people) check `can_manage_directory`
themselves: a user it refuses gets PermissionDenied and nothing is written."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from omrade.tenancy import services
from omrade.tenancy.models import (
    ApiToken,
    Country,
    Municipality,
    MunicipalUnit,
    Organisation,
    Person,
    Role,
    RoleAssignment,
)

pytestmark = pytest.mark.django_db


def test_directory_services_refuse_a_viewer_and_another_municipalitys_admin(tenants):
    home = tenants.home
    unit = services.unit_create(by=None, municipality=home, name="Kultur")
    organisation = services.organisation_create(by=None, municipality=home, name="Lag")
    person = services.person_create(by=None, municipality=home, name="Kari")
    writes = [
        (services.unit_create, {"municipality": home, "name": "Ny enhet"}),
        (services.unit_update, {"unit": unit, "name": "Endret", "kind": unit.kind, "parent": None}),
        (services.organisation_create, {"municipality": home, "name": "Nytt lag"}),
        (
            services.organisation_update,
            {"organisation": organisation, "name": "Endret", "kind": organisation.kind},
        ),
        (services.person_create, {"municipality": home, "name": "Ola"}),
        (services.person_update, {"person": person, "name": "Endret"}),
    ]
    for user in (tenants.users[Role.VIEWER], tenants.other_admin):
        for write, fields in writes:
            with pytest.raises(PermissionDenied):
                write(by=user, **fields)
    assert list(MunicipalUnit.objects.values_list("name", flat=True)) == ["Kultur"]
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Lag"]
    assert list(Person.objects.values_list("name", flat=True)) == ["Kari"]
    manager = tenants.users[Role.PROGRAMME_MANAGER]
    services.person_update(by=manager, person=person, name="Kari Nordmann")
    person.refresh_from_db()
    assert person.name == "Kari Nordmann"


def test_tenant_services_refuse_users_without_the_rule(tenants):
    home = tenants.home
    viewer = tenants.users[Role.VIEWER]
    manager = tenants.users[Role.PROGRAMME_MANAGER]
    home_admin = tenants.users[Role.MUNICIPAL_ADMIN]
    assignments = RoleAssignment.objects.count()
    for user in (viewer, home_admin):
        with pytest.raises(PermissionDenied):
            services.municipality_create(by=user, code="9999", name="Ny", country=Country.NORWAY)
    assert not Municipality.objects.filter(code="9999").exists()
    # Municipal roles: the municipality's own administrators; the platform admin role: only
    # platform admins.
    for user, role, municipality in [
        (viewer, Role.ANALYST, home),
        (tenants.other_admin, Role.ANALYST, home),
        (home_admin, Role.PLATFORM_ADMIN, None),
    ]:
        with pytest.raises(PermissionDenied):
            services.role_grant(by=user, user=viewer, role=role, municipality=municipality)
    viewer.refresh_from_db()
    assert not viewer.is_superuser
    assignment = RoleAssignment.objects.get(user=manager, municipality=home)
    platform = RoleAssignment.objects.get(user=tenants.platform_admin)
    for user, target in [
        (viewer, assignment),
        (tenants.other_admin, assignment),
        (home_admin, platform),
    ]:
        with pytest.raises(PermissionDenied):
            services.role_revoke(by=user, assignment=target)
    assert RoleAssignment.objects.count() == assignments
    services.role_grant(by=home_admin, user=viewer, role=Role.ANALYST, municipality=home)
    assert RoleAssignment.objects.filter(user=viewer, role=Role.ANALYST).exists()


def test_tokens_are_their_owners_unless_a_platform_admin_acts(tenants):
    viewer = tenants.users[Role.VIEWER]
    home_admin = tenants.users[Role.MUNICIPAL_ADMIN]
    with pytest.raises(PermissionDenied):
        services.token_create(by=home_admin, user=viewer)
    assert not ApiToken.objects.exists()
    token, _key = services.token_create(by=viewer, user=viewer)
    with pytest.raises(PermissionDenied):
        services.token_revoke(by=home_admin, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None
    services.token_revoke(by=tenants.platform_admin, token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None
