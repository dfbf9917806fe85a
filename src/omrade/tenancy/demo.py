"""Demo tenants from the seed cases: Fredrikstad, Bergen and Fredericia, with their units,
partner organisations, named people and one demo user per role."""

from __future__ import annotations

from typing import TYPE_CHECKING

from omrade.tenancy import services
from omrade.tenancy.models import (
    MUNICIPAL_ROLES,
    Country,
    Municipality,
    MunicipalUnit,
    OrganisationKind,
    Role,
    UnitKind,
)

if TYPE_CHECKING:
    from omrade.shell.demo import DemoContext

MUNICIPALITIES = [
    ("3107", "Fredrikstad", Country.NORWAY),
    ("4601", "Bergen", Country.NORWAY),
    ("607", "Fredericia", Country.DENMARK),
]

# (name, kind, parent name, head title). Fredrikstad: the programme board's offices (seed 001).
UNITS: dict[str, list[tuple[str, UnitKind, str | None, str]]] = {
    "3107": [
        ("Kommunedirektøren", UnitKind.OFFICE, None, "kommunedirektør"),
        ("Seksjon kultur, miljø og byutvikling", UnitKind.SECTION, None, "seksjonsdirektør"),
        (
            "Miljø og byutvikling",
            UnitKind.DEPARTMENT,
            "Seksjon kultur, miljø og byutvikling",
            "etatsjef",
        ),
        ("Kulturetaten", UnitKind.DEPARTMENT, "Seksjon kultur, miljø og byutvikling", "etatsjef"),
        ("Aktive liv", UnitKind.DEPARTMENT, None, "etatsjef"),
        ("Bydrift", UnitKind.DEPARTMENT, None, "etatsjef"),
        ("Bygg og eiendom", UnitKind.DEPARTMENT, None, "etatsjef"),
        ("Barnehageetaten", UnitKind.DEPARTMENT, None, "etatsjef"),
        ("Barne- og familietjenester", UnitKind.DEPARTMENT, None, "etatsjef"),
        ("Skoleetaten", UnitKind.DEPARTMENT, None, "etatsjef"),
        ("Friskliv og mestring", UnitKind.DEPARTMENT, None, "etatsjef"),
        ("NAV Fredrikstad", UnitKind.OFFICE, None, "etatsjef"),
        ("Bærekraftig samfunnsutvikling", UnitKind.SERVICE, None, "virksomhetsleder"),
        ("Næring", UnitKind.SERVICE, None, "virksomhetsleder"),
    ],
    "4601": [
        ("Byrådsavdeling for barnevern og sosiale tjenester", UnitKind.SECTION, None, "byråd"),
        ("Kommunaldirektørgruppen", UnitKind.OFFICE, None, ""),
        (
            "Områdesatsing",
            UnitKind.OFFICE,
            "Byrådsavdeling for barnevern og sosiale tjenester",
            "",
        ),
    ],
    "607": [
        ("Fredericia Kommune – fremskudte medarbejdere", UnitKind.OFFICE, None, ""),
    ],
}

ORGANISATIONS: dict[str, list[tuple[str, OrganisationKind]]] = {
    "3107": [
        ("Kommunal- og distriktsdepartementet", OrganisationKind.STATE_BODY),
        ("Trosvikstranda Utvikling", OrganisationKind.BUSINESS),
        ("Fontenehuset", OrganisationKind.NGO),
        ("Statsforvalteren i Viken", OrganisationKind.STATE_BODY),
        ("Fylkeskommunen", OrganisationKind.REGIONAL_BODY),
        ("DOGA – Design og arkitektur Norge", OrganisationKind.STATE_BODY),
        ("Høgskolen i Østfold", OrganisationKind.UNIVERSITY),
        ("NMBU", OrganisationKind.UNIVERSITY),
        ("Områdesatsing Sarpsborg", OrganisationKind.OTHER),
        ("Fredrikstad Næringsforening", OrganisationKind.BUSINESS),
        ("FAU (foreldrerådenes arbeidsutvalg)", OrganisationKind.SCHOOL),
    ],
    "4601": [
        ("Husbanken", OrganisationKind.STATE_BODY),
        ("Kommunal- og distriktsdepartementet", OrganisationKind.STATE_BODY),
    ],
    "607": [
        ("Boligkontoret Fredericia", OrganisationKind.HOUSING_ASSOCIATION),
        ("Boli.nu", OrganisationKind.HOUSING_ASSOCIATION),
        ("Politiet", OrganisationKind.STATE_BODY),
    ],
}

# People named in the seeds, with the office the seed gives them.
PEOPLE: dict[str, list[tuple[str, str, str | None]]] = {
    "3107": [
        ("Christine Frantzen", "Programleder, områdesatsingen", "Miljø og byutvikling"),
        ("Edel Pavlic", "Områdeutvikler", "Miljø og byutvikling"),
        ("Siri Martinsen", "Ordfører", None),
    ],
    "4601": [
        ("Mary Økland", "Områdekoordinator", "Områdesatsing"),
        ("Lill Ann Lund", "Områdekoordinator", "Områdesatsing"),
        ("Margrethe Vikan Sæbø", "Områdekoordinator", "Områdesatsing"),
        ("Vegard Vatle", "Områdekoordinator", "Områdesatsing"),
    ],
    "607": [],
}

ROLE_USERNAMES = {
    Role.MUNICIPAL_ADMIN: "admin",
    Role.PROGRAMME_MANAGER: "manager",
    Role.COORDINATOR: "coordinator",
    Role.BOARD_MEMBER: "board",
    Role.ANALYST: "analyst",
    Role.GRANT_OFFICER: "grants",
    Role.FINANCE_OFFICER: "finance",
    Role.VIEWER: "viewer",
}


def demo_username(municipality: Municipality, role: Role) -> str:
    return f"{municipality.name.lower()}-{ROLE_USERNAMES[role]}"


def load(demo: DemoContext) -> None:
    for code, name, country in MUNICIPALITIES:
        municipality = services.municipality_create(by=None, code=code, name=name, country=country)
        demo.municipalities[code] = municipality
        units: dict[str, MunicipalUnit] = {}
        for unit_name, unit_kind, parent_name, head_title in UNITS[code]:
            units[unit_name] = services.unit_create(
                by=None,
                municipality=municipality,
                name=unit_name,
                kind=unit_kind,
                parent=units[parent_name] if parent_name else None,
                head_title=head_title,
            )
        for organisation_name, kind in ORGANISATIONS[code]:
            services.organisation_create(
                by=None, municipality=municipality, name=organisation_name, kind=kind
            )
        for person_name, title, person_unit in PEOPLE[code]:
            services.person_create(
                by=None,
                municipality=municipality,
                name=person_name,
                title=title,
                unit=units[person_unit] if person_unit else None,
            )
        for role in MUNICIPAL_ROLES:
            username = demo_username(municipality, role)
            user = services.user_create(username=username, password_hash=demo.password_hash)
            services.role_grant(by=None, user=user, role=role, municipality=municipality)

    admin = services.user_create(username="platform-admin", password_hash=demo.password_hash)
    services.role_grant(by=None, user=admin, role=Role.PLATFORM_ADMIN, municipality=None)

    # An analyst in the state's network who works with all three municipalities.
    network = services.user_create(username="network-analyst", password_hash=demo.password_hash)
    for municipality in demo.municipalities.values():
        services.role_grant(by=None, user=network, role=Role.ANALYST, municipality=municipality)
