"""The programmes part of the demo: the three seed programmes, with the seeds' text kept in
its language (seeds 000–004). Loaded through the programmes services."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User

from omrade.areas import services as area_services
from omrade.areas.models import Area, Indicator, Observation
from omrade.programmes.models import (
    BodyKind,
    Goal,
    GoalKind,
    MemberRole,
    PartTerms,
    Programme,
    RoleKind,
)
from omrade.programmes.services import barriers, governance, meetings
from omrade.programmes.services import programme as services
from omrade.tenancy.models import Municipality, MunicipalUnit, Organisation, Person
from omrade.tenancy.services import person_create

if TYPE_CHECKING:
    from omrade.shell.demo import DemoContext

FREDRIKSTAD_MAIN_GOAL = (
    "Programmet skal bidra til varige forbedringer av tjenester og nærmiljøkvaliteter i områder "
    "der behovene er størst, slik at flere innbyggere i disse områdene vokser opp i gode, trygge "
    "og inkluderende nærmiljøer, blir økonomisk selvstendige og aktivt deltagende i "
    "lokalsamfunn og storsamfunn."
)
# Sub-programme, its overarching goal, the coordinator's share (seed 001).
FREDRIKSTAD_SUB_PROGRAMMES = [
    (
        "Bo og nærmiljø",
        "Nærmiljøkvaliteter skal styrkes og innsatsen skal bidra til inkluderende lokalsamfunn "
        "der flere er aktivt deltagende",
        Decimal(50),
    ),
    (
        "Oppvekst og utdanning",
        "Flere skal sikres gode oppvekstvilkår og flere skal fullføre videregående opplæring "
        "gjennom forbedring av tjenester",
        Decimal(50),
    ),
    (
        "Sysselsetting",
        "Flere skal komme ut i ordinært arbeid og flere skal få varig tilknytning til "
        "arbeidslivet gjennom utvikling av tjenester",
        Decimal(100),
    ),
]
# Role, title, purpose, duties, success factors (seed 001, "Hvem gjør hva?").
FREDRIKSTAD_ROLES = [
    (
        RoleKind.COMMISSIONER,
        "Oppdragsgiver",
        "Igangsetter av programmet, på grunnlag av Strategi for områdesatsing 2023-2033",
        [
            "Vedtar programstyrets sammensetning og mandat",
            "Vedtar overordnet finansiering av programmet",
            "Beslutter årlig handlingsprogram på grunnlag av programstyrets anbefaling",
            "Rapporterer til politisk ledelse gjennom tertial- og årsrapporter om resultater og "
            "utviklingstrekk fra det samlede arbeidet",
            "Følger opp strukturelle barrierer som ikke lar seg løse av programstyret",
            "Vurderer behov og muligheter for implementering av resultater og erfaringer i "
            "ordinære tjenester",
        ],
        [],
    ),
    (
        RoleKind.OWNER,
        "Programeier",
        "Hovedansvarlig for at programmet når sine mål",
        [
            "Ansvarlig leder av programstyret",
            "Sikrer overordnet styring av programmets prosjekter og tiltak",
            "Sørger for overordnet ledelsesavklaring og koordinering ved eventuelle "
            "ressurskonflikter mellom prosjekter og tiltak identifisert av programstyret",
        ],
        ["Tilstrekkelig mandat fra oppdragsgiver til å kunne lede programstyret"],
    ),
    (
        RoleKind.BOARD,
        "Programstyret",
        "Programmets ledergruppe",
        [
            "Vedtar programmets hovedmål og overordnede mål for delprogrammene",
            "Sørger for at programmet får prioritet i de tjenesteytende virksomhetene",
            "Sørger for at programmet får tilgang til de ressurser som er nødvendig for å "
            "gjennomføre de planlagte aktivitetene som er beskrevet i årlige handlingsplaner.",
            "Sikrer at de ansatte i egen virksomhet som skal avse personell til "
            "utviklingsarbeidet, er forberedt på de leveranser som skal komme og som de må "
            "forholde seg til",
            "Utarbeider forslag til årlige handlingsprogram som legges fram for KLG og KDD for "
            "godkjenning.",
            "Utpeker de best kompetente deltakerne fra fagseksjonene til delprogrammenes "
            "arbeidsgrupper",
            "Gir felles styringssignaler til delprogrammenes arbeidsgrupper",
            "Vedtar overordnede prioriteringer av ressurser til delprogrammene",
            "Sørger for avklaring ved ressurskonflikter mellom tiltak i programmet.",
            "Beslutter ved kryssinteresser som ikke lar seg løse på lavere nivå i "
            "programstrukturen.",
        ],
        [
            "Sammensatt av riktige funksjoner i kommuneorganisasjonen (jf. programmets mål og "
            "utfordringer)",
            "Har tilstrekkelig mandat fra oppdragsgiver",
        ],
    ),
    (
        RoleKind.MANAGER,
        "Programleder",
        "Fagleder og koordinator for programmet",
        [
            "Igangsetting og styring av programmets prosjekter og tiltak.",
            "Organiserer og leder endringsteamet (fagleder).",
            "Koordinerer programstøttefunksjoner.",
            "Rapporterer til programeier og koordinerer inn mot KDD",
            "Ivaretar avhengigheter, koordinering og ressurskonflikter mellom prosjektene og "
            "tiltakene som gjennomføres av programmet.",
        ],
        [],
    ),
    (
        RoleKind.SUB_PROGRAMME_COORDINATOR,
        "Delprogramkoordinatorer",
        "Initierer og koordinerer aktivitet- og prosjektporteføljen i delprogrammet. Kan også "
        "lede prosjekter.",
        [],
        [],
    ),
    (
        RoleKind.AREA_DEVELOPER,
        "Områdeutviklere",
        "Drifter, koordinerer og utvikler nærmiljøarenaene (base i nærmiljøet)",
        [],
        [],
    ),
    (RoleKind.SUPPORT, "Programstøtte", "Administrativt støtteapparat", [], []),
    (
        RoleKind.RESOURCE_GROUP,
        "Ressursgruppe",
        "Rådgivende. Tilføre verdifull ekspertise for programmet. Representanter for innbyggerne",
        [
            "Gi støtte og veiledning ved å bidra til å definere tilnærminger foretrukket av "
            "interessegrupper",
            "Sikrer at kunnskap fra andre relevante satsinger ses i sammenheng med områdesatsingen",
        ],
        [],
    ),
]
# The board by office (seed 001: «Sammensetning, gitt dagens organisering av kommunen»).
FREDRIKSTAD_BOARD = [
    ("etatsjef Miljø og byutvikling", "Miljø og byutvikling"),
    ("etatsjef Kulturetaten", "Kulturetaten"),
    ("etatsjef Aktive liv", "Aktive liv"),
    ("etatsjef Bydrift", "Bydrift"),
    ("etatsjef Bygg og eiendom", "Bygg og eiendom"),
    ("etatsjef Barnehageetaten", "Barnehageetaten"),
    ("etatsjef Barne- og familietjenester", "Barne- og familietjenester"),
    ("etatsjef Skoleetaten", "Skoleetaten"),
    ("etatsjef Friskliv og mestring", "Friskliv og mestring"),
    ("etatsjef NAV", "NAV Fredrikstad"),
    ("virksomhetsleder Bærekraftig samfunnsutvikling", "Bærekraftig samfunnsutvikling"),
    ("virksomhetsleder næring", "Næring"),
]
# Area developers: area, meeting place, share (seed 001).
FREDRIKSTAD_AREA_DEVELOPERS = [
    ("Holmen/Sentrum øst- og vest", "Rebellhuset"),
    ("Sellebak", "Det hvite hus"),
    ("Lisleby", "Samfunnshuset på Lisleby"),
]
# Working groups: the units the seed lists per sub-programme.
FREDRIKSTAD_WORKING_GROUPS = {
    "Bo og nærmiljø": [
        "TD, forvaltningsstab",
        "TD, Park",
        "TD, Vei",
        "TD, Eiendomsdrift",
        "KMB, Kulturetaten",
        "KMB, Aktive Liv",
        "KMB, Fritid i Fredrikstad",
        "HOV, Friskliv og mestring",
    ],
    "Oppvekst og utdanning": [
        "UO, barne- og ungdomsskoler",
        "UO, FRIS",
        "KMB, Biblioteket",
        "KMB, Aktiv skole",
        "UO, Barnehager",
        "UO, Helsestasjon",
        "UO, Barnevern",
        "HOV, Tildeling bolig",
        "HOV, NAV",
        "HOV, Friskliv og mestring",
    ],
    "Sysselsetting": [
        "HOV, NAV",
        "HOV, Helsestasjon for ungdom",
        "Næringsavdelingen",
        "VGS kontakt inn mot fylkeskommunen",
        "Ansvarlig for lærlingeordninger",
    ],
}
FREDRIKSTAD_RESOURCE_GROUP = [
    "Statsforvalteren i Viken",
    "Fylkeskommunen",
    "DOGA – Design og arkitektur Norge",
    "Høgskolen i Østfold",
    "NMBU",
    "Områdesatsing Sarpsborg",
    "Fredrikstad Næringsforening",
    "FAU (foreldrerådenes arbeidsutvalg)",
]

FREDERICIA_FOCUS_AREAS = [
    (
        "Uddannelse og livschancer",
        "Et fagligt løft af børn og unge, så flere bliver skoleparate og flere tager en uddannelse",
    ),
    (
        "Beskæftigelse",
        "Flere beboere bliver tilknyttet arbejdsmarkedet gennem indsatser for voksne",
    ),
    (
        "Kriminalitetsforebyggelse",
        "Støtte børn og unge i et liv uden kriminalitet og områderne skal opleves trygge",
    ),
    (
        "Sammenhængskraft og medborgerskab",
        "Flere er en del af fællesskabet og deltager aktivt i samfundet",
    ),
]


def load(demo: DemoContext) -> None:
    municipalities = demo.municipalities
    _load_fredrikstad(municipalities["3107"], demo)
    _load_bergen(municipalities["4601"])
    _load_fredericia(municipalities["607"])


def _unit(municipality: Municipality, name: str) -> MunicipalUnit:
    return MunicipalUnit.objects.get(municipality=municipality, name=name)


def _organisation(municipality: Municipality, name: str) -> Organisation:
    return Organisation.objects.get(municipality=municipality, name=name)


def _person(municipality: Municipality, name: str) -> Person:
    return Person.objects.get(municipality=municipality, name=name)


def _initiative_areas(municipality: Municipality) -> list[Area]:
    return list(Area.objects.filter(municipality=municipality, has_initiative=True))


def _load_fredrikstad(fredrikstad: Municipality, demo: DemoContext) -> None:
    programme = services.programme_create(
        by=None,
        municipality=fredrikstad,
        name="Program for områdesatsing i Fredrikstad kommune",
        start_year=2023,
        end_year=2033,
        political_basis=(
            "Politisk grunnlag = vedtatt strategi = oppdrag gitt av bystyret: bystyret vedtok i "
            "juni 2023 Strategi for områdesatsing 2023-2033, og at den skal organiseres som et "
            "eget program."
        ),
        mandate="3 byområder\nBarn, unge og deres familier\nBo-og nærmiljø, sysselsetting, "
        "oppvekst og utdanning",
        target_groups="Barn, unge og deres familier",
        themes="Bo- og nærmiljø, sysselsetting, oppvekst og utdanning",
        network=(
            "Kommunal- og distriktsdepartementets byer med langsiktige samarbeidsavtaler om "
            "områdesatsing: Oslo, Bergen, Trondheim, Drammen, Stavanger; fra 2023 også "
            "Fredrikstad, Sarpsborg og Kristiansand"
        ),
        areas=_initiative_areas(fredrikstad),
    )
    services.agreement_add(
        by=None,
        programme=programme,
        party="Kommunal- og distriktsdepartementet",
        signed_on=date(2023, 9, 5),
        description=(
            "Samarbeidsavtale som gir fem millioner kroner til områdesatsingen i Fredrikstad i "
            "2023, med mulighet for ytterligere årlig tilskudd i årene som kommer."
        ),
    )
    for kind, title, dated in (
        ("strategy", "Strategi for områdesatsing 2023-2033", date(2023, 6, 15)),
        ("state_agreement", "Avtale med staten av 5. sept. 2023", date(2023, 9, 5)),
        ("programme_description", "Programbeskrivelse, 1. kvartal 2024", date(2024, 3, 31)),
        ("action_plan", "Handlingsplan, 1. kvartal 2024", date(2024, 3, 31)),
        ("municipal_plan", "Kommunedelplan for folkehelse og levekår 2023-2030", None),
    ):
        services.document_add(by=None, programme=programme, kind=kind, title=title, dated=dated)

    # The coordinator demo login coordinates the first sub-programme.
    coordinator_user = User.objects.get(username="fredrikstad-coordinator")
    coordinator = person_create(
        by=None,
        municipality=fredrikstad,
        name="Delprogramkoordinator Bo og nærmiljø",
        title="Delprogramkoordinator",
        unit=_unit(fredrikstad, "Miljø og byutvikling"),
    )
    coordinator.user = coordinator_user
    coordinator.save(update_fields=["user"])

    main = services.goal_create(
        by=None, programme=programme, kind=GoalKind.MAIN, text=FREDRIKSTAD_MAIN_GOAL
    )
    sub_programmes, overarching_goals = {}, {}
    for number, (name, overarching, share) in enumerate(FREDRIKSTAD_SUB_PROGRAMMES):
        sub = services.sub_programme_create(
            by=None,
            programme=programme,
            name=name,
            coordinator=coordinator if number == 0 else None,
            coordinator_share=share,
        )
        sub_programmes[name] = sub
        overarching_goals[name] = services.goal_create(
            by=None,
            programme=programme,
            kind=GoalKind.OVERARCHING,
            text=overarching,
            parent=main,
            sub_programme=sub,
        )

    _add_demo_goal_indicators(fredrikstad, overarching_goals, demo)

    roles = {}
    for kind, title, purpose, duties, factors in FREDRIKSTAD_ROLES:
        roles[kind] = governance.role_create(
            by=None,
            programme=programme,
            kind=kind,
            title=title,
            purpose=purpose,
            duties="\n".join(duties),
            success_factors="\n".join(factors),
        )
    governance.holder_add(
        by=None, role=roles[RoleKind.COMMISSIONER], unit=_unit(fredrikstad, "Kommunedirektøren")
    )
    governance.holder_add(
        by=None,
        role=roles[RoleKind.OWNER],
        office="Seksjonsdirektør for kultur, miljø og byutvikling",
        unit=_unit(fredrikstad, "Seksjon kultur, miljø og byutvikling"),
        note="Delegert ansvar: Etatssjef for miljø og byutvikling",
    )
    governance.holder_add(
        by=None,
        role=roles[RoleKind.BOARD],
        office="Programstyret (møtene ledes av programeier eller dennes representant)",
    )
    governance.holder_add(
        by=None, role=roles[RoleKind.MANAGER], person=_person(fredrikstad, "Christine Frantzen")
    )
    for name, _overarching, share in FREDRIKSTAD_SUB_PROGRAMMES:
        governance.holder_add(
            by=None,
            role=roles[RoleKind.SUB_PROGRAMME_COORDINATOR],
            person=sub_programmes[name].coordinator,
            office="" if sub_programmes[name].coordinator else "Delprogramkoordinator",
            share=share,
            note=f"Delprogram {name}",
        )
    for area, meeting_place in FREDRIKSTAD_AREA_DEVELOPERS:
        governance.holder_add(
            by=None,
            role=roles[RoleKind.AREA_DEVELOPER],
            person=_person(fredrikstad, "Edel Pavlic") if area == "Lisleby" else None,
            office="" if area == "Lisleby" else "Områdeutvikler",
            share=Decimal(50),
            note=f"{area}, {meeting_place}",
        )

    board = governance.body_create(
        by=None,
        programme=programme,
        kind=BodyKind.BOARD,
        name="Programstyret",
        purpose="Programmets ledergruppe. Møtene ledes av programeier eller dennes representant.",
    )
    governance.member_add(
        by=None,
        body=board,
        role=MemberRole.CHAIR,
        office="Programeier (seksjonsdirektør for kultur, miljø og byutvikling)",
        unit=_unit(fredrikstad, "Seksjon kultur, miljø og byutvikling"),
    )
    for office, unit in FREDRIKSTAD_BOARD:
        governance.member_add(by=None, body=board, office=office, unit=_unit(fredrikstad, unit))
    change_team = governance.body_create(
        by=None,
        programme=programme,
        kind=BodyKind.CHANGE_TEAM,
        name="Endringsteamet",
        purpose="Ledes av programleder (fagleder): delprogramkoordinatorer og områdeutviklere.",
    )
    governance.member_add(
        by=None,
        body=change_team,
        role=MemberRole.CHAIR,
        office="Programleder",
        person=_person(fredrikstad, "Christine Frantzen"),
    )
    for name, _overarching, share in FREDRIKSTAD_SUB_PROGRAMMES:
        governance.member_add(
            by=None,
            body=change_team,
            office=f"Delprogramkoordinator {name} ({share:.0f} %)",
            person=sub_programmes[name].coordinator,
        )
    for area, meeting_place in FREDRIKSTAD_AREA_DEVELOPERS:
        governance.member_add(
            by=None,
            body=change_team,
            office=f"Områdeutvikler {area}, {meeting_place} (50 %)",
            person=_person(fredrikstad, "Edel Pavlic") if area == "Lisleby" else None,
        )
    for name, units in FREDRIKSTAD_WORKING_GROUPS.items():
        group = governance.body_create(
            by=None,
            programme=programme,
            kind=BodyKind.WORKING_GROUP,
            name=f"Arbeidsgruppe {name}",
            sub_programme=sub_programmes[name],
            purpose=(
                "Utpekes av programstyret. Ledes av delprogramkoordinator. Definerer mål for "
                "delprogrammet og leverer årlig handlingsplan."
            ),
        )
        governance.member_add(
            by=None,
            body=group,
            role=MemberRole.CHAIR,
            office="Koordinator",
            person=sub_programmes[name].coordinator,
        )
        for unit in units:
            governance.member_add(by=None, body=group, office=unit)
    resource_group = governance.body_create(
        by=None,
        programme=programme,
        kind=BodyKind.RESOURCE_GROUP,
        name="Ressursgruppe",
        purpose="Rådgivende. Tilføre verdifull ekspertise for programmet. Representanter for "
        "innbyggerne.",
    )
    for name in FREDRIKSTAD_RESOURCE_GROUP:
        governance.member_add(
            by=None,
            body=resource_group,
            role=MemberRole.CANDIDATE,
            organisation=_organisation(fredrikstad, name),
        )
    for office in ("Frivillige/ideelle", "Lokalsamfunnsutvalgene"):
        governance.member_add(
            by=None, body=resource_group, role=MemberRole.CANDIDATE, office=office
        )
    _load_meetings(programme, demo)


# Sub-programme, area indicator, area: how the demo measures the overarching goals. The
# seed leaves the measures to the working groups; these use the demo's synthetic statistics.
DEMO_GOAL_INDICATORS = [
    ("Bo og nærmiljø", "crowded-housing", "St. Croix"),
    ("Oppvekst og utdanning", "upper-secondary-not-completed", "Lisleby"),
    ("Sysselsetting", "not-employed-30-59", "Trosvik"),
]


def _add_demo_goal_indicators(
    fredrikstad: Municipality, goals: dict[str, Goal], demo: DemoContext
) -> None:
    for sub_programme, code, area_name in DEMO_GOAL_INDICATORS:
        area = Area.objects.filter(municipality=fredrikstad, name=area_name).first()
        indicator = Indicator.objects.filter(code=code, municipality=None).first()
        if area is None or indicator is None:
            continue  # the areas demo was skipped (no ../shared/data)
        baseline = Observation.objects.filter(
            municipality=fredrikstad, indicator=indicator, period_code="2023", area=area
        )
        value = baseline.values_list("value", flat=True).first()
        services.goal_indicator_add(
            by=None,
            goal=goals[sub_programme],
            indicator=indicator,
            area=area,
            baseline_year=2023,
            target_value=round(value * 0.75, 1) if value is not None else None,
            target_year=2033,
        )
    services.goal_indicator_add(
        by=None,
        goal=goals["Oppvekst og utdanning"],
        own_measure="Andel elever på 5. trinn som leser på forventet nivå (oppdiktede tall)",
        unit="prosent",
        baseline_value=62.0,
        baseline_year=2023,
        target_value=80.0,
        target_year=2030,
    )
    reading = goals["Oppvekst og utdanning"].indicators.get(indicator=None)
    # One made-up measurement a year, from the baseline to the last complete year.
    for year in range(2023, demo.last_complete_year + 1):
        services.measurement_record(
            by=None, goal_indicator=reading, year=year, value=62.0 + (year - 2023), note="Oppdiktet"
        )


def _load_bergen(bergen: Municipality) -> None:
    programme = services.programme_create(
        by=None,
        municipality=bergen,
        name="Områdesatsing i Bergen",
        start_year=2023,
        end_year=2032,
        political_basis="Satsingen er forankret politisk både i bystyret og byrådet.",
        mandate=(
            "Bystyret i Bergen definerer områdesatsing som en helhetlig og sammenhengende "
            "innsats i et nærmere definert geografisk område."
        ),
        themes="Mer velferd og utjevning av levekårsforskjeller",
        network="Samarbeid med Kommunal- og distriktsdepartementet",
        areas=_initiative_areas(bergen),
    )
    services.agreement_add(
        by=None,
        programme=programme,
        party="Husbanken",
        signed_on=date(2023, 1, 1),
        description="Områdesatsingen er finansiert i et samarbeid mellom Husbanken og Bergen "
        "kommune.",
    )
    services.agreement_add(
        by=None,
        programme=programme,
        party="Kommunal- og distriktsdepartementet",
        signed_on=date(2023, 1, 1),
        description="I tillegg er det inngått et samarbeid med Kommunal- og "
        "distriktsdepartementet.",
    )
    owner = governance.role_create(
        by=None,
        programme=programme,
        kind=RoleKind.OWNER,
        title="Byrådsavdeling for barnevern og sosiale tjenester",
        purpose="Områdesatsing tilligger Byrådsavdeling for barnevern og sosiale tjenester.",
    )
    governance.holder_add(
        by=None, role=owner, unit=_unit(bergen, "Byrådsavdeling for barnevern og sosiale tjenester")
    )
    board = governance.role_create(
        by=None,
        programme=programme,
        kind=RoleKind.BOARD,
        title="Intern styringsgruppe",
        purpose="Kommunaldirektørgruppen er den interne styringsgruppen for områdene.",
    )
    governance.holder_add(by=None, role=board, unit=_unit(bergen, "Kommunaldirektørgruppen"))
    coordinators = governance.role_create(
        by=None,
        programme=programme,
        kind=RoleKind.SUB_PROGRAMME_COORDINATOR,
        title="Områdekoordinator",
        purpose=(
            "Koordinatorens rolle er å koordinere, både internt i kommunen og utenfor. De skal "
            "lære å kjenne området, tilrettelegge for utvikling og samarbeid, være en pådriver, "
            "veilede og hjelpe."
        ),
    )
    # The seed names the four coordinators in one photo caption, not who works where.
    for name, area in zip(
        ["Mary Økland", "Lill Ann Lund", "Margrethe Vikan Sæbø", "Vegard Vatle"],
        ["Solheim", "Slettebakken", "Loddefjord", "Olsvik"],
        strict=True,
    ):
        governance.holder_add(
            by=None, role=coordinators, person=_person(bergen, name), note=f"Levekårssone {area}"
        )
    main = services.goal_create(
        by=None,
        programme=programme,
        kind=GoalKind.MAIN,
        text="Bidra til mer velferd og utjevne levekårsforskjeller i Bergen.",
    )
    for area in ("Solheim", "Slettebakken", "Loddefjord", "Olsvik"):
        sub = services.sub_programme_create(by=None, programme=programme, name=area)
        services.goal_create(
            by=None,
            programme=programme,
            kind=GoalKind.OVERARCHING,
            text=f"En helhetlig og sammenhengende innsats i {area}, med medvirkning fra "
            "lokalbefolkningen.",
            parent=main,
            sub_programme=sub,
        )


def _load_fredericia(fredericia: Municipality) -> None:
    level = area_services.level_ensure(
        municipality=fredericia, code="boligafdeling", name="Boligafdeling", depth=2
    )
    # The areas demo may have put the departments under the municipality with § 61 a figures.
    top = Area.objects.in_municipality(fredericia).filter(level__depth=0).first()
    departments = [
        area_services.area_save(
            by=None, level=level, code=code, name=name, parent=top, has_initiative=True
        )
        for code, name in (("SP", "Sønderparken"), ("KP", "Korskærparken"))
    ]
    programme = services.programme_create(
        by=None,
        municipality=fredericia,
        name="Bydækkende helhedsplan",
        start_year=2023,
        end_year=2026,
        political_basis=(
            "I et samarbejde mellem Boligkontoret Fredericia, Boli.nu og Fredericia kommune, som "
            "står på i perioden fra 2023 og til udgangen af 2026."
        ),
        mandate=(
            "De boligafdelinger der har stemt ja til at være en del af den bydækkende "
            "helhedsplan, får hjælp fra boligsociale medarbejdere til at fastholde eller udvikle "
            "afdelingen i en positiv retning."
        ),
        themes="4 indsatsområder i perioden",
        areas=departments,
        part_terms=PartTerms.FOCUS_AREAS,
    )
    partners = governance.body_create(
        by=None,
        programme=programme,
        kind=BodyKind.BOARD,
        name="Partnerskabet",
        purpose="Boligorganisationerne og kommunen bag den bydækkende helhedsplan.",
    )
    for name in ("Boligkontoret Fredericia", "Boli.nu"):
        governance.member_add(by=None, body=partners, organisation=_organisation(fredericia, name))
    governance.member_add(
        by=None,
        body=partners,
        unit=_unit(fredericia, "Fredericia Kommune – fremskudte medarbejdere"),
        office="Fredericia kommune",
    )
    main = services.goal_create(
        by=None,
        programme=programme,
        kind=GoalKind.MAIN,
        text="4 års arbejde med fokus på løsning af sociale udfordringer",
    )
    for name, goal in FREDERICIA_FOCUS_AREAS:
        sub = services.sub_programme_create(by=None, programme=programme, name=name)
        services.goal_create(
            by=None,
            programme=programme,
            kind=GoalKind.OVERARCHING,
            text=goal,
            parent=main,
            sub_programme=sub,
        )


def _load_meetings(fredrikstad_programme: Programme, demo: DemoContext) -> None:
    """One board meeting with its decision on the action plan, two follow-up actions (one
    overdue) and one barrier lifted to the board. The seeds give the board's duties and the
    action plan of the first quarter of 2024, not a meeting: everything here is an example
    and says so in its text, and is dated relative to the day the demo is loaded (the
    meeting two months ago, on this year's action plan)."""
    board = fredrikstad_programme.bodies.get(kind=BodyKind.BOARD)
    year = demo.year_within(fredrikstad_programme.start_year, fredrikstad_programme.end_year)
    held_on = demo.today - timedelta(days=60)
    meeting = meetings.meeting_create(
        by=None,
        body=board,
        starts_at=datetime(
            held_on.year, held_on.month, held_on.day, 9, 0, tzinfo=ZoneInfo("Europe/Oslo")
        ),
        place="Rådhuset (eksempel)",
        agenda_intro="Møte i programstyret (eksempel).",
    )
    items = [
        meetings.agenda_item_add(
            by=None,
            meeting=meeting,
            title="Godkjenning av innkalling og saksliste (eksempel)",
            is_public=True,
        ),
        meetings.agenda_item_add(
            by=None,
            meeting=meeting,
            title=f"Handlingsplan {year} (eksempel)",
            description="Programstyret behandler handlingsplanen (eksempel).",
            is_public=True,
        ),
        meetings.agenda_item_add(
            by=None,
            meeting=meeting,
            title="Ressurskonflikter mellom tiltak (eksempel)",
            description="Internt arbeidsdokument for programstyret (eksempel).",
        ),
    ]
    for member in board.members.all()[:3]:
        meetings.attendance_record(by=None, meeting=meeting, member=member, note="(eksempel)")
    meetings.minutes_save(
        by=None,
        meeting=meeting,
        minutes="Referat fra programstyrets møte (eksempel). Handlingsplanen ble godkjent.",
    )
    decision = meetings.decision_record(
        meeting=meeting,
        agenda_item=items[1],
        reference=f"Sak 1/{held_on.year}",
        text=f"Programstyret godkjenner handlingsplanen for {year} (eksempel).",
        is_public=True,
        by=None,
    )
    leader = _person(fredrikstad_programme.municipality, "Christine Frantzen")
    meetings.action_add(
        by=None,
        meeting=meeting,
        decision=decision,
        text="Sende godkjent handlingsplan til arbeidsgruppene (eksempel).",
        owner=leader,
        due_date=demo.today - timedelta(days=14),
    )
    meetings.action_add(
        by=None,
        meeting=meeting,
        decision=decision,
        text="Legge fram status for handlingsplanen i neste tertialrapport (eksempel).",
        owner=leader,
        due_date=demo.today + timedelta(days=60),
    )
    barrier = barriers.barrier_register(
        programme=fredrikstad_programme,
        title="Tiltak i ulike etater konkurrerer om de samme ressursene (eksempel)",
        description=(
            "Endringsteamet har ikke mandat til å prioritere mellom etatenes tiltak, og løfter "
            "saken til programstyret (eksempel)."
        ),
        by=None,
    )
    barriers.barrier_escalate(barrier=barrier, by=None)
