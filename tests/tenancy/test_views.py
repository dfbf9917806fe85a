import pytest
from django.urls import reverse

from omrade.tenancy.models import MunicipalUnit, Organisation, Person, Role, RoleAssignment
from tests.factories import MunicipalUnitFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name, municipality, **kwargs):
    return reverse(name, kwargs={"municipality_code": municipality.code, **kwargs})


def test_manager_creates_a_unit_through_the_form(client, tenants):
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.post(
        url("tenancy:unit_list", tenants.home),
        {"name": "Skoleetaten", "kind": "department", "head_title": "etatsjef"},
        follow=True,
    )
    assert response.status_code == 200
    unit = MunicipalUnit.objects.get()
    assert (unit.name, unit.municipality, unit.head_title) == (
        "Skoleetaten",
        tenants.home,
        "etatsjef",
    )
    assert "Skoleetaten" in response.content.decode()


def test_invalid_form_shows_error_summary_and_saves_nothing(client, tenants):
    client.force_login(tenants.users[Role.MUNICIPAL_ADMIN])
    response = client.post(url("tenancy:unit_list", tenants.home), {"name": "", "kind": "nonsense"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "ds-error-summary" in html
    assert 'href="#id_name"' in html
    assert 'aria-invalid="true"' in html
    assert MunicipalUnit.objects.count() == 0


def test_duplicate_name_refused_by_service_is_shown_on_the_form(client, tenants):
    MunicipalUnitFactory(municipality=tenants.home, name="Skoleetaten")
    client.force_login(tenants.users[Role.MUNICIPAL_ADMIN])
    response = client.post(
        url("tenancy:unit_list", tenants.home), {"name": "Skoleetaten", "kind": "department"}
    )
    assert response.status_code == 400
    assert MunicipalUnit.objects.count() == 1


def test_viewer_sees_the_list_without_a_form_and_cannot_post(client, tenants):
    MunicipalUnitFactory(municipality=tenants.home, name="Bydrift")
    client.force_login(tenants.users[Role.VIEWER])
    response = client.get(url("tenancy:unit_list", tenants.home))
    assert response.status_code == 200
    assert "Bydrift" in response.content.decode()
    assert 'name="kind"' not in response.content.decode()
    response = client.post(
        url("tenancy:unit_list", tenants.home), {"name": "Ny", "kind": "department"}
    )
    assert response.status_code == 403
    assert MunicipalUnit.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "model"),
    [
        ("tenancy:unit_list", {"name": "Ny", "kind": "department"}, MunicipalUnit),
        ("tenancy:organisation_list", {"name": "Ny", "kind": "ngo"}, Organisation),
        ("tenancy:person_list", {"name": "Ny Person"}, Person),
    ],
)
def test_readers_posting_to_a_directory_list_are_refused_403(client, tenants, name, data, model):
    for role in (Role.VIEWER, Role.ANALYST, Role.BOARD_MEMBER):
        client.force_login(tenants.users[role])
        response = client.post(url(name, tenants.home), data)
        assert response.status_code == 403, role
    assert model.objects.count() == 0


def test_user_of_another_municipality_cannot_edit_by_guessing_ids(client, tenants):
    unit = MunicipalUnitFactory(municipality=tenants.home, name="Skoleetaten")
    client.force_login(tenants.other_admin)
    # Through the other municipality's own URL the object does not exist ...
    response = client.post(
        url("tenancy:unit_edit", tenants.other, pk=unit.pk),
        {"name": "Hacked", "kind": "department"},
    )
    assert response.status_code == 404
    # ... and through the home municipality's URL the user has no role.
    response = client.post(
        url("tenancy:unit_edit", tenants.home, pk=unit.pk), {"name": "Hacked", "kind": "department"}
    )
    assert response.status_code == 403
    unit.refresh_from_db()
    assert unit.name == "Skoleetaten"


def test_person_form_offers_only_own_municipalitys_units(client, tenants):
    MunicipalUnitFactory(municipality=tenants.home, name="Hjemme-etat")
    MunicipalUnitFactory(municipality=tenants.other, name="Borte-etat")
    client.force_login(tenants.users[Role.MUNICIPAL_ADMIN])
    html = client.get(url("tenancy:person_list", tenants.home)).content.decode()
    assert "Hjemme-etat" in html
    assert "Borte-etat" not in html


def test_person_edit_updates(client, tenants):
    person = PersonFactory(municipality=tenants.home, name="Kari")
    client.force_login(tenants.users[Role.MUNICIPAL_ADMIN])
    response = client.post(
        url("tenancy:person_edit", tenants.home, pk=person.pk),
        {"name": "Kari Nordmann", "email": "kari@example.org"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.email) == ("Kari Nordmann", "kari@example.org")


def test_organisation_is_created_and_escaped_on_the_page(client, tenants):
    client.force_login(tenants.users[Role.MUNICIPAL_ADMIN])
    client.post(
        url("tenancy:organisation_list", tenants.home),
        {"name": "<script>alert(1)</script>", "kind": "ngo"},
    )
    assert Organisation.objects.get().name == "<script>alert(1)</script>"
    html = client.get(url("tenancy:organisation_list", tenants.home)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_municipal_admin_grants_and_revokes_a_role(client, tenants):
    newcomer = UserFactory(username="newcomer")
    client.force_login(tenants.users[Role.MUNICIPAL_ADMIN])
    client.post(url("tenancy:role_list", tenants.home), {"username": "newcomer", "role": "analyst"})
    assignment = RoleAssignment.objects.get(user=newcomer)
    assert (assignment.role, assignment.municipality) == ("analyst", tenants.home)
    client.post(url("tenancy:role_revoke", tenants.home, pk=assignment.pk))
    assert not RoleAssignment.objects.filter(user=newcomer).exists()


def test_role_form_cannot_grant_platform_admin_or_unknown_user(client, tenants):
    UserFactory(username="newcomer")
    client.force_login(tenants.users[Role.MUNICIPAL_ADMIN])
    response = client.post(
        url("tenancy:role_list", tenants.home), {"username": "newcomer", "role": "platform_admin"}
    )
    assert response.status_code == 400
    response = client.post(
        url("tenancy:role_list", tenants.home), {"username": "nobody", "role": "viewer"}
    )
    assert response.status_code == 400
    assert "nobody" in response.content.decode()
    assert not RoleAssignment.objects.filter(user__username__in=["newcomer", "nobody"]).exists()


def test_other_admin_cannot_revoke_a_home_role(client, tenants):
    assignment = RoleAssignment.objects.get(user=tenants.users[Role.VIEWER])
    client.force_login(tenants.other_admin)
    response = client.post(url("tenancy:role_revoke", tenants.other, pk=assignment.pk))
    assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_person_list_is_not_public(client, tenants):
    PersonFactory(municipality=tenants.home, name="Hemmelig Person")
    response = client.get(url("tenancy:person_list", tenants.home))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert Person.objects.count() == 1


def test_residents_read_public_pages_in_the_municipalitys_language(client, tenants):
    from omrade.tenancy.models import Country
    from omrade.tenancy.services import municipality_create

    municipality_create(by=None, code="607", name="Fredericia", country=Country.DENMARK)
    # A resident's browser asks for bokmål, but Fredericia's pages are Danish.
    page = client.get("/m/607/areas/", HTTP_ACCEPT_LANGUAGE="nb")
    assert page.status_code == 200
    assert '<html lang="da"' in page.text
    # Norwegian municipalities stay in bokmål for the same browser asking for Danish.
    assert '<html lang="nb"' in client.get("/m/3107/areas/", HTTP_ACCEPT_LANGUAGE="da").text
    # The language switcher's choice wins.
    client.cookies["django_language"] = "en"
    assert '<html lang="en"' in client.get("/m/607/areas/").text


def test_staff_keep_their_own_language_on_public_pages(client, tenants):
    from omrade.tenancy.models import Country
    from omrade.tenancy.services import municipality_create

    municipality_create(by=None, code="607", name="Fredericia", country=Country.DENMARK)
    client.force_login(tenants.users[Role.ANALYST])
    page = client.get("/m/607/areas/", HTTP_ACCEPT_LANGUAGE="nb")
    assert '<html lang="nb"' in page.text
