"""Governance: roles and holders, bodies and members ("Hvem gjør hva?") and the org chart."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from omrade.programmes.models import (
    Body,
    BodyKind,
    BodyMember,
    Holder,
    MemberRole,
    Programme,
    ProgrammeRole,
    RoleKind,
    SubProgramme,
)
from omrade.programmes.services import governance as services
from omrade.programmes.views.governance import build_chart, render_chart_svg
from omrade.tenancy.models import Role
from tests.factories import MunicipalUnitFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(tenants):
    return Programme.objects.create(
        municipality=tenants.home, name="Områdesatsing", start_year=2023, end_year=2033
    )


def url(name, municipality, programme, **kwargs):
    return reverse(
        f"programmes:{name}",
        kwargs={"municipality_code": municipality.code, "pk": programme.pk, **kwargs},
    )


# --- services ------------------------------------------------------------------------------


def test_role_create_trims_lines_and_comes_last(programme):
    first = services.role_create(by=None, programme=programme, kind=RoleKind.COMMISSIONER)
    owner = services.role_create(
        by=None,
        programme=programme,
        kind=RoleKind.OWNER,
        title=" Programeier ",
        purpose="Hovedansvarlig for at programmet når sine mål",
        duties="  Ansvarlig leder av programstyret \n\n Sikrer overordnet styring  ",
        success_factors="Tilstrekkelig mandat fra oppdragsgiver",
    )
    assert (first.position, owner.position) == (0, 1)
    assert owner.title == "Programeier"
    assert owner.duty_list == ["Ansvarlig leder av programstyret", "Sikrer overordnet styring"]
    assert owner.success_factor_list == ["Tilstrekkelig mandat fra oppdragsgiver"]
    assert list(programme.roles.all()) == [first, owner]


def test_role_create_refuses_an_unknown_kind(programme):
    with pytest.raises(ValidationError) as refused:
        services.role_create(by=None, programme=programme, kind="emperor")
    assert "kind" in refused.value.message_dict
    assert ProgrammeRole.objects.count() == 0


def test_role_update_changes_only_the_given_fields(programme):
    role = services.role_create(
        by=None, programme=programme, kind=RoleKind.MANAGER, purpose="Fagleder"
    )
    services.role_update(by=None, role=role, title="Programleder områdesatsing")
    role.refresh_from_db()
    assert (role.kind, role.title, role.purpose) == (
        RoleKind.MANAGER,
        "Programleder områdesatsing",
        "Fagleder",
    )


def test_role_delete_removes_its_holders(programme):
    role = services.role_create(by=None, programme=programme, kind=RoleKind.COMMISSIONER)
    services.holder_add(by=None, role=role, office="Kommunedirektøren")
    services.role_delete(by=None, role=role)
    assert (ProgrammeRole.objects.count(), Holder.objects.count()) == (0, 0)


def test_holder_add_records_person_share_and_note(tenants, programme):
    person = PersonFactory(municipality=tenants.home, name="Kari Nordmann")
    role = services.role_create(
        by=None, programme=programme, kind=RoleKind.SUB_PROGRAMME_COORDINATOR
    )
    holder = services.holder_add(
        by=None, role=role, person=person, share=Decimal("50"), note=" Oppvekst og utdanning "
    )
    holder.refresh_from_db()
    assert (holder.person, holder.share, holder.note) == (
        person,
        Decimal("50.0"),
        "Oppvekst og utdanning",
    )
    assert holder.display_name == "Kari Nordmann"


@pytest.mark.parametrize(
    ("field", "make"),
    [
        ("person", lambda other: PersonFactory(municipality=other)),
        ("unit", lambda other: MunicipalUnitFactory(municipality=other)),
        ("organisation", lambda other: OrganisationFactory(municipality=other)),
    ],
)
def test_holder_add_refuses_another_municipality(tenants, programme, field, make):
    role = services.role_create(by=None, programme=programme, kind=RoleKind.MANAGER)
    foreign = make(tenants.other)
    with pytest.raises(ValidationError) as refused:
        services.holder_add(by=None, role=role, **{field: foreign})
    assert list(refused.value.message_dict) == [field]
    assert "hører ikke til Fredrikstad" in refused.value.message_dict[field][0]
    assert Holder.objects.count() == 0


@pytest.mark.parametrize("share", [Decimal("-1"), Decimal("100.1"), Decimal("150")])
def test_holder_add_refuses_a_share_outside_0_to_100(programme, share):
    role = services.role_create(by=None, programme=programme, kind=RoleKind.AREA_DEVELOPER)
    with pytest.raises(ValidationError) as refused:
        services.holder_add(by=None, role=role, office="Områdeutvikler Lisleby", share=share)
    assert list(refused.value.message_dict) == ["share"]
    assert Holder.objects.count() == 0


def test_holder_add_accepts_the_ends_of_the_share_range(programme):
    role = services.role_create(by=None, programme=programme, kind=RoleKind.AREA_DEVELOPER)
    services.holder_add(by=None, role=role, office="A", share=Decimal("0"))
    services.holder_add(by=None, role=role, office="B", share=Decimal("100"))
    assert Holder.objects.count() == 2


def test_holder_add_refuses_nobody_and_dates_in_the_wrong_order(programme):
    from datetime import date

    role = services.role_create(by=None, programme=programme, kind=RoleKind.OWNER)
    with pytest.raises(ValidationError):
        services.holder_add(by=None, role=role)
    with pytest.raises(ValidationError) as refused:
        services.holder_add(
            by=None,
            role=role,
            office="Etatsjef",
            from_date=date(2024, 1, 1),
            to_date=date(2023, 1, 1),
        )
    assert "to_date" in refused.value.message_dict
    assert Holder.objects.count() == 0


def test_body_create_refuses_another_programmes_sub_programme_and_a_duplicate_name(
    tenants, programme
):
    other = Programme.objects.create(
        municipality=tenants.home, name="Annet program", start_year=2020, end_year=2024
    )
    foreign = SubProgramme.objects.create(programme=other, name="Sysselsetting")
    with pytest.raises(ValidationError) as refused:
        services.body_create(
            by=None,
            programme=programme,
            kind=BodyKind.WORKING_GROUP,
            name="Arbeidsgruppe",
            sub_programme=foreign,
        )
    assert list(refused.value.message_dict) == ["sub_programme"]
    services.body_create(by=None, programme=programme, kind=BodyKind.BOARD, name="Programstyret")
    with pytest.raises(ValidationError) as refused:
        services.body_create(
            by=None, programme=programme, kind=BodyKind.BOARD, name="programstyret"
        )
    assert list(refused.value.message_dict) == ["name"]
    assert list(Body.objects.values_list("name", flat=True)) == ["Programstyret"]


def test_body_update_and_positions(programme):
    board = services.body_create(by=None, programme=programme, kind=BodyKind.BOARD, name="Styret")
    group = services.body_create(
        by=None, programme=programme, kind=BodyKind.RESOURCE_GROUP, name="Ressursgruppe"
    )
    assert (board.position, group.position) == (0, 1)
    services.body_update(
        by=None, body=board, name="Programstyret", purpose="Programmets ledergruppe"
    )
    board.refresh_from_db()
    assert (board.name, board.purpose, board.kind) == (
        "Programstyret",
        "Programmets ledergruppe",
        BodyKind.BOARD,
    )


def test_member_add_by_office_and_refuses_another_municipality(tenants, programme):
    board = services.body_create(
        by=None, programme=programme, kind=BodyKind.BOARD, name="Programstyret"
    )
    member = services.member_add(by=None, body=board, office=" etatsjef Kulturetaten ")
    assert (member.office, member.role) == ("etatsjef Kulturetaten", MemberRole.MEMBER)
    with pytest.raises(ValidationError) as refused:
        services.member_add(
            by=None,
            body=board,
            role=MemberRole.CHAIR,
            unit=MunicipalUnitFactory(municipality=tenants.other),
        )
    assert list(refused.value.message_dict) == ["unit"]
    assert BodyMember.objects.count() == 1
    services.member_remove(by=None, member=member)
    assert BodyMember.objects.count() == 0


# --- views ---------------------------------------------------------------------------------


@pytest.fixture
def governance(tenants, programme):
    """A small version of the seed's model: roles with holders, a board, a working group."""
    commissioner = services.role_create(
        by=None,
        programme=programme,
        kind=RoleKind.COMMISSIONER,
        purpose="Igangsetter av programmet",
        duties="Vedtar programstyrets sammensetning og mandat\nVedtar overordnet finansiering",
    )
    services.holder_add(by=None, role=commissioner, office="Kommunedirektøren")
    owner = services.role_create(
        by=None,
        programme=programme,
        kind=RoleKind.OWNER,
        success_factors="Tilstrekkelig mandat fra oppdragsgiver",
    )
    services.holder_add(
        by=None, role=owner, office="Seksjonsdirektør for kultur, miljø og byutvikling"
    )
    manager = services.role_create(by=None, programme=programme, kind=RoleKind.MANAGER)
    services.role_create(by=None, programme=programme, kind=RoleKind.BOARD)
    coordinators = services.role_create(
        by=None, programme=programme, kind=RoleKind.SUB_PROGRAMME_COORDINATOR
    )
    services.holder_add(
        by=None, role=coordinators, office="Koordinator", note="Sysselsetting", share=Decimal("100")
    )
    services.role_create(by=None, programme=programme, kind=RoleKind.AREA_DEVELOPER)
    services.role_create(by=None, programme=programme, kind=RoleKind.RESOURCE_GROUP)
    board = services.body_create(
        by=None, programme=programme, kind=BodyKind.BOARD, name="Programstyret"
    )
    services.member_add(by=None, body=board, office="etatsjef Kulturetaten")
    own = SubProgramme.objects.create(
        programme=programme,
        name="Bo- og nærmiljø",
        coordinator=PersonFactory(
            municipality=tenants.home, name="Kari Koordinator", user=tenants.users[Role.COORDINATOR]
        ),
    )
    others = SubProgramme.objects.create(programme=programme, name="Sysselsetting")
    own_group = services.body_create(
        by=None,
        programme=programme,
        kind=BodyKind.WORKING_GROUP,
        name="Arbeidsgruppe Bo- og nærmiljø",
        sub_programme=own,
    )
    other_group = services.body_create(
        by=None,
        programme=programme,
        kind=BodyKind.WORKING_GROUP,
        name="Arbeidsgruppe Sysselsetting",
        sub_programme=others,
    )
    member = services.member_add(by=None, body=other_group, office="HOV, NAV")
    return {
        "manager_role": manager,
        "board": board,
        "own_group": own_group,
        "other_group": other_group,
        "member": member,
    }


def test_viewer_reads_roles_duties_holders_and_members(client, tenants, programme, governance):
    client.force_login(tenants.users[Role.VIEWER])
    response = client.get(url("governance", tenants.home, programme))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Oppdragsgiver",
        "Igangsetter av programmet",
        "<li>Vedtar overordnet finansiering</li>",
        "<li>Tilstrekkelig mandat fra oppdragsgiver</li>",
        "Kommunedirektøren",
        "Sysselsetting",
        "100 %",
        "etatsjef Kulturetaten",
        "Arbeidsgruppe Bo- og nærmiljø",
    ]:
        assert text in html, text
    assert 'scope="col"' in html
    assert "<form" not in html.split('id="main"')[1]  # no add or remove forms for readers


def test_viewer_cannot_post(client, tenants, programme, governance):
    client.force_login(tenants.users[Role.VIEWER])
    responses = [
        client.post(url("governance_role_add", tenants.home, programme), {"role-kind": "other"}),
        client.post(
            url("governance_member_add", tenants.home, programme),
            {"member-body": governance["board"].pk, "member-office": "x"},
        ),
        client.post(
            url(
                "governance_member_remove",
                tenants.home,
                programme,
                member_pk=governance["member"].pk,
            )
        ),
        client.post(
            url(
                "governance_role_remove",
                tenants.home,
                programme,
                role_pk=governance["manager_role"].pk,
            )
        ),
    ]
    assert [response.status_code for response in responses] == [403, 403, 403, 403]
    assert (ProgrammeRole.objects.count(), BodyMember.objects.count()) == (7, 2)


def test_manager_adds_a_role_a_holder_a_body_and_a_member(client, tenants, programme):
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    person = PersonFactory(municipality=tenants.home, name="Ola Områdeutvikler")
    response = client.post(
        url("governance_role_add", tenants.home, programme),
        {
            "role-kind": RoleKind.AREA_DEVELOPER,
            "role-title": "Områdeutviklere",
            "role-purpose": "Drifter nærmiljøarenaene",
            "role-duties": "Drifter\nKoordinerer\nUtvikler",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Rollen «Områdeutviklere» er lagt til." in response.content.decode()
    role = ProgrammeRole.objects.get()
    assert (role.programme, role.kind, role.duty_list) == (
        programme,
        RoleKind.AREA_DEVELOPER,
        ["Drifter", "Koordinerer", "Utvikler"],
    )

    response = client.post(
        url("governance_holder_add", tenants.home, programme),
        {
            "holder-role": role.pk,
            "holder-person": person.pk,
            "holder-share": "50",
            "holder-note": "Lisleby, Samfunnshuset på Lisleby",
            "holder-from_date": "2024-01-01",
        },
    )
    assert response.status_code == 302
    holder = Holder.objects.get()
    assert (holder.role, holder.person, holder.share, str(holder.from_date)) == (
        role,
        person,
        Decimal("50.0"),
        "2024-01-01",
    )

    response = client.post(
        url("governance_body_add", tenants.home, programme),
        {"body-kind": BodyKind.BOARD, "body-name": "Programstyret", "body-purpose": "Ledergruppe"},
    )
    assert response.status_code == 302
    body = Body.objects.get()
    assert (body.programme, body.kind, body.name) == (programme, BodyKind.BOARD, "Programstyret")

    response = client.post(
        url("governance_member_add", tenants.home, programme),
        {"member-body": body.pk, "member-role": MemberRole.CHAIR, "member-office": "Programeier"},
    )
    assert response.status_code == 302
    member = BodyMember.objects.get()
    assert (member.body, member.role, member.office) == (body, MemberRole.CHAIR, "Programeier")

    page = client.get(url("governance", tenants.home, programme)).content.decode()
    assert "Ola Områdeutvikler" in page
    assert "50 %" in page
    assert "Programeier" in page


def test_invalid_holder_form_shows_errors_and_saves_nothing(client, tenants, programme):
    role = services.role_create(by=None, programme=programme, kind=RoleKind.MANAGER)
    client.force_login(tenants.users[Role.MUNICIPAL_ADMIN])
    response = client.post(
        url("governance_holder_add", tenants.home, programme),
        {"holder-role": role.pk, "holder-office": "Programleder", "holder-share": "120"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "ds-error-summary" in html
    assert 'href="#id_holder-share"' in html
    assert Holder.objects.count() == 0


def test_holder_form_offers_only_the_home_municipalitys_people(client, tenants, programme):
    role = services.role_create(by=None, programme=programme, kind=RoleKind.MANAGER)
    foreign = PersonFactory(municipality=tenants.other, name="Bergenser")
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    assert (
        "Bergenser" not in client.get(url("governance", tenants.home, programme)).content.decode()
    )
    response = client.post(
        url("governance_holder_add", tenants.home, programme),
        {"holder-role": role.pk, "holder-person": foreign.pk},
    )
    assert response.status_code == 400
    assert Holder.objects.count() == 0


def test_manager_removes_a_holder_a_member_a_body_and_a_role(
    client, tenants, programme, governance
):
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    holder = Holder.objects.filter(role__kind=RoleKind.COMMISSIONER).get()
    response = client.post(
        url("governance_holder_remove", tenants.home, programme, holder_pk=holder.pk), follow=True
    )
    assert response.redirect_chain == [(url("governance", tenants.home, programme), 302)]
    assert "Kommunedirektøren" in response.content.decode()  # in the success message only
    assert not Holder.objects.filter(pk=holder.pk).exists()
    member = governance["member"]
    client.post(url("governance_member_remove", tenants.home, programme, member_pk=member.pk))
    assert not BodyMember.objects.filter(pk=member.pk).exists()
    board = governance["board"]
    client.post(url("governance_body_remove", tenants.home, programme, body_pk=board.pk))
    assert not Body.objects.filter(pk=board.pk).exists()
    role = governance["manager_role"]
    client.post(url("governance_role_remove", tenants.home, programme, role_pk=role.pk))
    assert not ProgrammeRole.objects.filter(pk=role.pk).exists()


def test_coordinator_edits_only_their_own_working_group(client, tenants, programme, governance):
    client.force_login(tenants.users[Role.COORDINATOR])
    page = client.get(url("governance", tenants.home, programme)).content.decode()
    assert 'name="member-body"' in page
    assert 'name="role-kind"' not in page  # no structure forms
    own, other = governance["own_group"], governance["other_group"]

    response = client.post(
        url("governance_member_add", tenants.home, programme),
        {"member-body": own.pk, "member-role": MemberRole.MEMBER, "member-office": "TD, Park"},
    )
    assert response.status_code == 302
    assert list(own.members.values_list("office", flat=True)) == ["TD, Park"]

    response = client.post(
        url("governance_member_add", tenants.home, programme),
        {"member-body": other.pk, "member-role": MemberRole.MEMBER, "member-office": "HOV, NAV"},
    )
    assert response.status_code == 403
    response = client.post(
        url("governance_member_remove", tenants.home, programme, member_pk=governance["member"].pk)
    )
    assert response.status_code == 403
    assert list(other.members.values_list("office", flat=True)) == ["HOV, NAV"]
    response = client.post(
        url("governance_body_add", tenants.home, programme),
        {"body-kind": BodyKind.OTHER, "body-name": "Nytt organ"},
    )
    assert response.status_code == 403
    assert Body.objects.count() == 3


def test_organisation_chart_draws_svg_and_lists_every_role(client, tenants, programme, governance):
    client.force_login(tenants.users[Role.VIEWER])
    response = client.get(url("organisation_chart", tenants.home, programme))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html
    assert 'role="img"' in html
    assert 'aria-label="Organisasjonskart for Områdesatsing.' in html
    text_alternative = html.split("</svg>")[1]
    assert "<ul" in text_alternative
    for role in ProgrammeRole.objects.filter(programme=programme):
        assert f"<strong>{role}</strong>" in text_alternative, role
    for name in ["Arbeidsgruppe Bo- og nærmiljø", "Arbeidsgruppe Sysselsetting", "Ressursgruppe"]:
        assert name in text_alternative


def test_organisation_chart_nests_the_chain_of_command(programme, governance):
    chart = build_chart(programme)
    (commissioner,) = chart.roots
    owner = commissioner.children[0]
    board = owner.children[0]
    manager = board.children[0]
    team = manager.children[0]
    assert [commissioner.label, owner.label, board.label, manager.label, team.label] == [
        "Oppdragsgiver",
        "Programeier",
        "Programstyret",
        "Programleder",
        "Endringsteamet",  # not a role here, but the coordinators and developers make one
    ]
    assert board.lines == ["etatsjef Kulturetaten"]
    coordinators, _developers = team.children
    assert coordinators.lines == ["Koordinator – Sysselsetting (100\xa0%)"]
    assert [group.label for group in coordinators.children] == [
        "Arbeidsgruppe Bo- og nærmiljø",
        "Arbeidsgruppe Sysselsetting",
    ]
    assert coordinators.children[0].lines == [
        "Delprogram: Bo- og nærmiljø",
        "Ledes av Kari Koordinator",
    ]
    assert coordinators.children[1].lines == ["Delprogram: Sysselsetting", "HOV, NAV"]
    assert [node.label for node in chart.side] == ["Ressursgruppe"]
    assert chart.anchor is board


def test_organisation_chart_escapes_text(programme):
    services.role_create(
        by=None, programme=programme, kind=RoleKind.OWNER, title="<script>x</script>"
    )
    svg = render_chart_svg(build_chart(programme), 'Kart "A" & B')
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert 'aria-label="Kart &quot;A&quot; &amp; B"' in svg


def test_empty_programme_has_no_chart(client, tenants, programme):
    client.force_login(tenants.users[Role.VIEWER])
    html = client.get(url("organisation_chart", tenants.home, programme)).content.decode()
    assert "<svg" not in html
    assert "ingen roller eller organer" in html


def test_another_municipality_gets_404_for_every_route(client, tenants, programme, governance):
    client.force_login(tenants.other_admin)
    holder = Holder.objects.first()
    gets = [url(name, tenants.other, programme) for name in ["governance", "organisation_chart"]]
    posts = [
        url("governance_role_add", tenants.other, programme),
        url("governance_holder_add", tenants.other, programme),
        url("governance_body_add", tenants.other, programme),
        url("governance_member_add", tenants.other, programme),
        url(
            "governance_role_remove",
            tenants.other,
            programme,
            role_pk=governance["manager_role"].pk,
        ),
        url("governance_holder_remove", tenants.other, programme, holder_pk=holder.pk),
        url("governance_body_remove", tenants.other, programme, body_pk=governance["board"].pk),
        url(
            "governance_member_remove",
            tenants.other,
            programme,
            member_pk=governance["member"].pk,
        ),
    ]
    assert [client.get(address).status_code for address in gets] == [404, 404]
    assert [client.post(address, {}).status_code for address in posts] == [404] * len(posts)
    # Through the home municipality's URL the other admin has no role at all.
    assert client.get(url("governance", tenants.home, programme)).status_code == 403
    assert (ProgrammeRole.objects.count(), Holder.objects.count(), Body.objects.count()) == (
        7,
        3,
        3,
    )


def test_home_ids_of_another_programme_answer_404(client, tenants, programme, governance):
    other = Programme.objects.create(
        municipality=tenants.home, name="Annet program", start_year=2020, end_year=2024
    )
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.post(
        url("governance_body_remove", tenants.home, other, body_pk=governance["board"].pk)
    )
    assert response.status_code == 404
    assert Body.objects.filter(pk=governance["board"].pk).exists()


def test_empty_posts_answer_400_for_managers_even_without_bodies(client, tenants, programme):
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    names = ["governance_role_add", "governance_holder_add", "governance_body_add"]
    names.append("governance_member_add")
    statuses = [client.post(url(name, tenants.home, programme), {}).status_code for name in names]
    assert statuses == [400, 400, 400, 400]
    client.force_login(tenants.users[Role.COORDINATOR])  # coordinates no sub-programme here
    assert client.post(url("governance_member_add", tenants.home, programme)).status_code == 403


def test_organisation_chart_draws_whatever_exists(programme):
    services.body_create(
        by=None, programme=programme, kind=BodyKind.RESOURCE_GROUP, name="Ressursgruppe"
    )
    chart = build_chart(programme)
    assert (chart.roots, [node.label for node in chart.side]) == ([], ["Ressursgruppe"])
    assert "Ressursgruppe</text>" in render_chart_svg(chart, "Kart")
    sub_programme = SubProgramme.objects.create(programme=programme, name="Sysselsetting")
    services.body_create(
        by=None,
        programme=programme,
        kind=BodyKind.WORKING_GROUP,
        name="Arbeidsgruppe",
        sub_programme=sub_programme,
    )
    chart = build_chart(programme)
    assert [node.label for node in chart.roots] == ["Arbeidsgruppe"]
    assert chart.anchor is chart.roots[0]
    assert render_chart_svg(chart, "Kart").count("<rect") == 2


def test_manager_edits_a_role_and_a_body(client, tenants) -> None:
    from omrade.programmes.models import Body, Programme, ProgrammeRole

    programme = Programme.objects.create(
        municipality=tenants.home, name="Redigering", start_year=2023, end_year=2033
    )
    role = ProgrammeRole.objects.create(programme=programme, kind="owner", title="Programeier")
    body = Body.objects.create(programme=programme, kind="board", name="Styret")
    client.force_login(tenants.users[Role.VIEWER])
    base = f"/m/3107/programmes/{programme.pk}/governance"
    assert client.get(f"{base}/roles/{role.pk}/edit/").status_code == 403
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.post(
        f"{base}/roles/{role.pk}/edit/",
        {
            "role-kind": "owner",
            "role-title": "Programeier",
            "role-duties": "Leder styret\nSikrer styring",
        },
    )
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.duty_list == ["Leder styret", "Sikrer styring"]
    response = client.post(
        f"{base}/bodies/{body.pk}/edit/", {"body-kind": "board", "body-name": "Programstyret"}
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.name == "Programstyret"
