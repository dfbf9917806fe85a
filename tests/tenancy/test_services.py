import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from omrade.tenancy import services
from omrade.tenancy.models import (
    ApiToken,
    Municipality,
    MunicipalUnit,
    Organisation,
    Person,
    Role,
    RoleAssignment,
)
from tests.factories import MunicipalityFactory, MunicipalUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_municipality_create_sets_language_by_country():
    norwegian = services.municipality_create(by=None, code="3107", name="Fredrikstad", country="NO")
    danish = services.municipality_create(by=None, code="607", name="Fredericia", country="DK")
    assert (norwegian.default_language, danish.default_language) == ("nb", "da")


@pytest.mark.parametrize(
    ("code", "country", "field"),
    [
        ("31", "NO", "code"),  # too short for a kommunenummer
        ("31O7", "NO", "code"),  # letter O, not zero
        ("6070", "DK", "code"),  # Danish codes have three digits
        ("3107", "SE", "country"),
    ],
)
def test_municipality_create_refuses_bad_codes_and_writes_nothing(code, country, field):
    with pytest.raises(ValidationError) as refused:
        services.municipality_create(by=None, code=code, name="X", country=country)
    assert field in refused.value.message_dict
    assert Municipality.objects.count() == 0


def test_municipality_create_refuses_duplicate_code():
    services.municipality_create(by=None, code="3107", name="Fredrikstad", country="NO")
    with pytest.raises(ValidationError) as refused:
        services.municipality_create(by=None, code="3107", name="Annen", country="NO")
    assert "3107" in refused.value.message_dict["code"][0]
    assert list(Municipality.objects.values_list("name", flat=True)) == ["Fredrikstad"]


def test_unit_names_are_unique_within_a_municipality_only():
    home, other = MunicipalityFactory(), MunicipalityFactory()
    services.unit_create(by=None, municipality=home, name="Skoleetaten")
    services.unit_create(by=None, municipality=other, name="Skoleetaten")
    with pytest.raises(ValidationError):
        services.unit_create(by=None, municipality=home, name="Skoleetaten")
    assert MunicipalUnit.objects.filter(name="Skoleetaten").count() == 2


def test_unit_parent_must_be_in_same_municipality():
    foreign_parent = MunicipalUnitFactory()
    with pytest.raises(ValidationError) as refused:
        services.unit_create(
            by=None, municipality=MunicipalityFactory(), name="Skoleetaten", parent=foreign_parent
        )
    assert "parent" in refused.value.message_dict
    assert MunicipalUnit.objects.count() == 1


def test_unit_update_refuses_a_cycle():
    parent = MunicipalUnitFactory(name="Seksjon")
    child = services.unit_create(
        by=None, municipality=parent.municipality, name="Etat", parent=parent
    )
    with pytest.raises(ValidationError):
        services.unit_update(by=None, unit=parent, name="Seksjon", kind=parent.kind, parent=child)
    parent.refresh_from_db()
    assert parent.parent is None


def test_text_with_html_is_stored_as_text_not_markup():
    organisation = services.organisation_create(
        by=None, municipality=MunicipalityFactory(), name="<script>alert(1)</script> Lag"
    )
    assert organisation.name == "<script>alert(1)</script> Lag"


def test_organisation_number_must_have_8_or_9_digits():
    with pytest.raises(ValidationError) as refused:
        services.organisation_create(
            by=None, municipality=MunicipalityFactory(), name="Lag", organisation_number="12ab"
        )
    assert "organisation_number" in refused.value.message_dict
    assert Organisation.objects.count() == 0


def test_person_cannot_belong_to_another_municipalitys_unit():
    foreign_unit = MunicipalUnitFactory()
    with pytest.raises(ValidationError) as refused:
        services.person_create(
            by=None, municipality=MunicipalityFactory(), name="Kari", unit=foreign_unit
        )
    assert "unit" in refused.value.message_dict
    assert Person.objects.count() == 0


def test_role_grant_is_idempotent_and_scoped():
    municipality = MunicipalityFactory()
    user = UserFactory()
    first = services.role_grant(by=None, user=user, role=Role.ANALYST, municipality=municipality)
    again = services.role_grant(by=None, user=user, role=Role.ANALYST, municipality=municipality)
    assert first.pk == again.pk
    assert RoleAssignment.objects.filter(user=user).count() == 1


def test_municipal_role_needs_a_municipality():
    user = UserFactory()
    with pytest.raises(ValidationError):
        services.role_grant(by=None, user=user, role=Role.VIEWER, municipality=None)
    assert not RoleAssignment.objects.exists()


def test_platform_admin_is_global_and_staff_until_revoked():
    user = UserFactory()
    assignment = services.role_grant(
        by=None, user=user, role=Role.PLATFORM_ADMIN, municipality=MunicipalityFactory()
    )
    user.refresh_from_db()
    assert assignment.municipality is None
    assert (user.is_staff, user.is_superuser) == (True, True)
    services.role_revoke(by=None, assignment=assignment)
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (False, False)


def test_user_create_refuses_duplicates():
    services.user_create(username="kari", password="x")
    with pytest.raises(ValidationError) as refused:
        services.user_create(username="kari", password="y")
    assert "username" in refused.value.message_dict
    assert get_user_model().objects.filter(username="kari").count() == 1


def test_token_is_stored_only_as_a_hash_and_authenticates():
    user = UserFactory()
    token, key = services.token_create(by=None, user=user, name="laptop")
    assert key.startswith("omr_")
    assert len(key) > 40
    assert key not in (token.key_hash, token.prefix)
    assert services.token_authenticate(key=key) == user
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_or_wrong_token_does_not_authenticate():
    user = UserFactory()
    token, key = services.token_create(by=None, user=user)
    assert services.token_authenticate(key=key + "x") is None
    assert services.token_authenticate(key="Bearer " + key) is None
    services.token_revoke(by=None, token=token)
    assert services.token_authenticate(key=key) is None
    assert ApiToken.objects.get().revoked_at is not None
