"""The directory services (units, organisations, people) check `can_manage_directory`
themselves: a user it refuses gets PermissionDenied and nothing is written."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from omrade.tenancy import services
from omrade.tenancy.models import MunicipalUnit, Organisation, Person, Role

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
