import pytest
from django.contrib.auth.models import AnonymousUser

from omrade.tenancy.models import Person, Role
from omrade.tenancy.selectors import (
    municipalities_for_user,
    people_in,
    roles_in_municipality,
)
from tests.factories import MunicipalityFactory, PersonFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_people_in_returns_only_that_municipalitys_people():
    home, other = MunicipalityFactory(), MunicipalityFactory()
    mine = PersonFactory(municipality=home)
    PersonFactory(municipality=other)
    assert list(people_in(home)) == [mine]


def test_visible_to_scopes_by_role_assignments():
    home, other = MunicipalityFactory(), MunicipalityFactory()
    mine = PersonFactory(municipality=home)
    PersonFactory(municipality=other)
    viewer = user_with_role(Role.VIEWER, home)
    assert list(Person.objects.visible_to(viewer)) == [mine]
    assert list(Person.objects.visible_to(AnonymousUser())) == []
    admin = user_with_role(Role.PLATFORM_ADMIN, None)
    assert Person.objects.visible_to(admin).count() == 2


def test_municipalities_for_user_and_roles():
    home, other = MunicipalityFactory(), MunicipalityFactory()
    user = user_with_role(Role.ANALYST, home)
    assert list(municipalities_for_user(user)) == [home]
    assert roles_in_municipality(user, home) == {Role.ANALYST}
    assert roles_in_municipality(user, other) == set()
    assert list(municipalities_for_user(AnonymousUser())) == []
