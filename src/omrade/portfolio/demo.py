"""The portfolio part of the demo: the measures the seeds name (Fredrikstad, seeds 000–002;
Fredericia's four focus areas, seed 004), loaded through the portfolio services.

The seeds name the measures, partners and meeting places; every cost, staff share, budget
beyond the state's 5 MNOK for 2023, benefit figure and progress text is synthetic and marked
so (`synthetic=True` on the measure and the year budget). The synthetic content is dated
relative to the day the demo is loaded: costs, year frames, action plans, scenarios and
conflicts for the programme's current year (this year) and the years before it, progress up
to the last finished tertial.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.models import User

from omrade.areas.models import Area
from omrade.portfolio.models import (
    BenefitKind,
    CriteriaSet,
    Measure,
    MeasureKind,
    MeasureStatus,
    Rag,
)
from omrade.portfolio.seed_criteria import (
    FREDRIKSTAD_SET_NAME,
    FREDRIKSTAD_SOURCE,
    fredrikstad_criteria,
    seed_marks_apply,
)
from omrade.portfolio.services import action_plans as plan_services
from omrade.portfolio.services import benefits as benefit_services
from omrade.portfolio.services import conflicts as conflict_services
from omrade.portfolio.services import criteria as criteria_services
from omrade.portfolio.services import measures as services
from omrade.portfolio.services import progress as progress_services
from omrade.portfolio.services import scenarios as scenario_services
from omrade.programmes.models import (
    BodyKind,
    DocumentKind,
    Goal,
    GoalKind,
    Meeting,
    Programme,
    SubProgramme,
)
from omrade.programmes.services import meetings
from omrade.tenancy.models import Municipality, MunicipalUnit, Organisation, Person

if TYPE_CHECKING:
    from omrade.shell.demo import DemoContext


# Years in the specs below are relative to the programme's current year (this year).
THIS_YEAR = 0
LAST_YEAR = -1


@dataclass(frozen=True)
class DemoMeasure:
    title: str
    sub_programme: str | None
    kind: MeasureKind
    status: MeasureStatus
    description: str
    unit: str | None = None
    partners: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    target_group: str = ""
    ages: tuple[int, int] | None = None
    costs: dict[int, int] = field(default_factory=dict)  # relative year: amount (synthetic)
    risks: str = ""
    starts_on: date | int | None = None  # a date, or a relative year (from 1 January)


# The descriptions quote the seeds (Fredrikstad: 000–002, Fredericia: 004) without citing them:
# they are shown to residents on the ideas taken into the measures.
FREDRIKSTAD_MEASURES = [
    DemoMeasure(
        "NAV Snuplassen",
        "Sysselsetting",
        MeasureKind.PROJECT,
        MeasureStatus.RUNNING,
        "Unge mennesker mellom 18 og 30 år får et tilbud med arbeid, aktiv fritid og "
        "livsmestringsaktiviteter. Snuplassen har tilhold i Rebellhuset flere dager i uka, "
        "sammen med Fontenehuset.",
        unit="NAV Fredrikstad",
        partners=("Fontenehuset", "Trosvikstranda Utvikling"),
        areas=("Trosvik", "St. Croix"),
        target_group="Unge som står utenfor arbeid og utdanning",
        ages=(18, 30),
        costs={THIS_YEAR: 1_200_000, LAST_YEAR: 1_250_000},
        risks="Deltakere faller fra før de er i jobb\nFor få arbeidsgivere å samarbeide med",
        starts_on=date(2023, 1, 1),
    ),
    DemoMeasure(
        "Kvalifisering og unge i jobb – samlet innsats med næringslivet",
        "Sysselsetting",
        MeasureKind.PROJECT,
        MeasureStatus.PLANNED,
        "Kvalifisering og unge i jobb! Samlet innsats! Næringslivet? Østfoldkommunene sammen?",
        unit="Næring",
        partners=("Fredrikstad Næringsforening",),
        target_group="Unge voksne",
        ages=(18, 30),
        costs={THIS_YEAR: 900_000},
    ),
    DemoMeasure(
        "Nærmiljøarena Rebellhuset",
        "Bo og nærmiljø",
        MeasureKind.ACTIVITY,
        MeasureStatus.RUNNING,
        "Base i nærmiljøet for Holmen/Sentrum øst og vest, drevet av områdeutvikleren; "
        "kommunen samarbeider med Trosvikstranda Utvikling om bruken av Rebellhuset.",
        unit="Miljø og byutvikling",
        partners=("Trosvikstranda Utvikling",),
        areas=("Trosvik", "St. Croix"),
        target_group="Barn, unge og deres familier",
        costs={THIS_YEAR: 800_000, LAST_YEAR: 800_000},
        starts_on=date(2023, 1, 1),
    ),
    DemoMeasure(
        "Det hvite hus på Sellebak – restaurering med frivillige",
        "Bo og nærmiljø",
        MeasureKind.PROJECT,
        MeasureStatus.RUNNING,
        "Nærmiljøarenaen på Sellebak settes i stand sammen med frivillige og drives av "
        "områdeutvikleren.",
        unit="Bygg og eiendom",
        areas=("Sellebakk",),
        costs={THIS_YEAR: 1_500_000},
        risks="Tilstanden på bygget kan kreve mer enn planlagt",
        starts_on=LAST_YEAR,
    ),
    DemoMeasure(
        "Samfunnshuset på Lisleby",
        "Bo og nærmiljø",
        MeasureKind.ACTIVITY,
        MeasureStatus.RUNNING,
        "Nærmiljøarena på Lisleby, drevet av områdeutvikleren.",
        unit="Miljø og byutvikling",
        areas=("Lisleby",),
        costs={THIS_YEAR: 600_000, LAST_YEAR: 600_000},
        starts_on=date(2023, 1, 1),
    ),
    DemoMeasure(
        "Bostabilitet for barnefamilier",
        "Bo og nærmiljø",
        MeasureKind.PROJECT,
        MeasureStatus.PLANNED,
        "Øker stabilitet og reduserer flyttestaten for husstander med ustabile boforhold "
        "(prioriteringskriterium).",
        unit="Barne- og familietjenester",
        target_group="Barnefamilier med ustabile boforhold",
        costs={THIS_YEAR: 700_000},
    ),
    DemoMeasure(
        "Fysiske og sosiale nærmiljøkvaliteter",
        "Bo og nærmiljø",
        MeasureKind.PROJECT,
        MeasureStatus.RUNNING,  # since last year, with a resident's idea taken into it
        "Fysiske og sosiale nærmiljøkvaliteter!",
        unit="Bydrift",
        areas=("Lisleby",),
        costs={THIS_YEAR: 1_000_000},
        starts_on=LAST_YEAR,
    ),
    DemoMeasure(
        "Leseferdigheter og tidlig innsats",
        "Oppvekst og utdanning",
        MeasureKind.PROJECT,
        MeasureStatus.RUNNING,
        "Bostabilitet, leseferdigheter, tidlig innsats, velferdsrab og gevinstmåling?",
        unit="Skoleetaten",
        partners=("FAU (foreldrerådenes arbeidsutvalg)",),
        target_group="Elever på barnetrinnet",
        ages=(6, 12),
        costs={THIS_YEAR: 950_000, LAST_YEAR: 950_000},
        starts_on=LAST_YEAR,
    ),
    DemoMeasure(
        "Nærmiljøskole",
        "Oppvekst og utdanning",
        MeasureKind.PROJECT,
        MeasureStatus.IDEA,
        "Nærmiljøskole? Skolene som nærmiljøarena.",
        unit="Skoleetaten",
        costs={THIS_YEAR: 500_000},
    ),
    DemoMeasure(
        "0-punktsanalyse og følgeforskning",
        None,
        MeasureKind.ACTIVITY,
        MeasureStatus.PLANNED,
        "0- punkts analyse (KDD?), - og annen forskning.",
        partners=("Høgskolen i Østfold",),
        costs={THIS_YEAR: 400_000},
    ),
]

FREDERICIA_MEASURES = [
    DemoMeasure(
        "Fagligt løft af børn og unge",
        "Uddannelse og livschancer",
        MeasureKind.ACTIVITY,
        MeasureStatus.RUNNING,
        "Et fagligt løft af børn og unge, så flere bliver skoleparate og flere tager en "
        "uddannelse.",
        partners=("Boligkontoret Fredericia", "Boli.nu"),
        areas=("Sønderparken", "Korskærparken"),
        costs={THIS_YEAR: 650_000, LAST_YEAR: 650_000},
    ),
    DemoMeasure(
        "Indsatser for voksne mod arbejdsmarkedet",
        "Beskæftigelse",
        MeasureKind.ACTIVITY,
        MeasureStatus.RUNNING,
        "Flere beboere bliver tilknyttet arbejdsmarkedet gennem indsatser for voksne.",
        unit="Fredericia Kommune – fremskudte medarbejdere",
        areas=("Sønderparken", "Korskærparken"),
        costs={THIS_YEAR: 500_000, LAST_YEAR: 500_000},
    ),
    DemoMeasure(
        "Et liv uden kriminalitet og trygge områder",
        "Kriminalitetsforebyggelse",
        MeasureKind.ACTIVITY,
        MeasureStatus.RUNNING,
        "Støtte børn og unge i et liv uden kriminalitet, og områderne skal opleves trygge.",
        partners=("Politiet",),
        areas=("Sønderparken", "Korskærparken"),
        costs={THIS_YEAR: 400_000, LAST_YEAR: 400_000},
    ),
    DemoMeasure(
        "Fællesskaber og aktivt medborgerskab",
        "Sammenhængskraft og medborgerskab",
        MeasureKind.ACTIVITY,
        MeasureStatus.PLANNED,
        "Flere er en del af fællesskabet og deltager aktivt i samfundet.",
        partners=("Boligkontoret Fredericia", "Boli.nu"),
        areas=("Sønderparken", "Korskærparken"),
        costs={THIS_YEAR: 300_000},
    ),
]


# How far the running measures have come, in percent (synthetic).
PROGRESS = {
    "NAV Snuplassen": 45,
    "Nærmiljøarena Rebellhuset": 60,
    "Det hvite hus på Sellebak – restaurering med frivillige": 25,
    "Samfunnshuset på Lisleby": 65,
    "Fysiske og sosiale nærmiljøkvaliteter": 30,
    "Leseferdigheter og tidlig innsats": 40,
}

# The seed's matrix columns and the seed measures placed in them (the seed names the columns
# only "Prosjekt A" …; which measure stands in which column is the demo's choice).
SEED_COLUMN_MEASURES = {
    "Prosjekt A": "Leseferdigheter og tidlig innsats",
    "Prosjekt B": "NAV Snuplassen",
    "Prosjekt C": "Det hvite hus på Sellebak – restaurering med frivillige",
    "Prosjekt 4": "Fysiske og sosiale nærmiljøkvaliteter",
    "Aktivitet 1": "Kvalifisering og unge i jobb – samlet innsats med næringslivet",
}


def load(demo: DemoContext) -> None:
    fredrikstad = demo.municipalities["3107"]
    fredericia = demo.municipalities["607"]
    measures = _load_measures(fredrikstad, FREDRIKSTAD_MEASURES, demo)
    year = _current_year(fredrikstad, demo)
    _load_fredrikstad_resources(fredrikstad, measures, demo)
    _load_fredrikstad_benefits(fredrikstad, measures, demo)
    criteria_set = _load_fredrikstad_criteria(fredrikstad, measures)
    _load_fredrikstad_scenarios(fredrikstad, criteria_set, measures, year)
    _load_fredrikstad_action_plans(fredrikstad, year)
    _load_fredrikstad_progress(measures, demo)
    _load_measures(fredericia, FREDERICIA_MEASURES, demo)


def _programme(municipality: Municipality) -> Programme:
    return Programme.objects.in_municipality(municipality).get()


def _current_year(municipality: Municipality, demo: DemoContext) -> int:
    """The programme's current year: this year, inside the programme's period."""
    programme = _programme(municipality)
    return demo.year_within(programme.start_year, programme.end_year)


def _overarching_goal(sub_programme: SubProgramme | None) -> list[Goal]:
    if sub_programme is None:
        return []
    return list(sub_programme.goals.filter(kind=GoalKind.OVERARCHING))


def _load_measures(
    municipality: Municipality, specs: list[DemoMeasure], demo: DemoContext
) -> dict[str, Measure]:
    programme = _programme(municipality)
    year = _current_year(municipality, demo)
    measures = {}
    for spec in specs:
        starts_on = (
            date(year + spec.starts_on, 1, 1) if isinstance(spec.starts_on, int) else spec.starts_on
        )
        sub_programme = (
            programme.sub_programmes.get(name=spec.sub_programme) if spec.sub_programme else None
        )
        measure = services.measure_create(
            programme=programme,
            title=spec.title,
            kind=spec.kind,
            description=spec.description,
            sub_programme=sub_programme,
            goals=_overarching_goal(sub_programme),
            areas=Area.objects.filter(municipality=municipality, name__in=spec.areas),
            partners=Organisation.objects.in_municipality(municipality).filter(
                name__in=spec.partners
            ),
            responsible_unit=MunicipalUnit.objects.in_municipality(municipality).get(name=spec.unit)
            if spec.unit
            else None,
            target_group=spec.target_group,
            age_from=spec.ages[0] if spec.ages else None,
            age_to=spec.ages[1] if spec.ages else None,
            starts_on=starts_on,
            risks=spec.risks,
            costs={year + offset: Decimal(amount) for offset, amount in spec.costs.items()},
            progress=PROGRESS.get(spec.title, 0),
            synthetic=True,
        )
        for status in _path_to(spec.status):
            services.measure_set_status(measure=measure, status=status)
        measures[spec.title] = measure
    return measures


def _path_to(status: MeasureStatus) -> list[MeasureStatus]:
    """The statuses a new measure (an idea) passes through to reach `status`."""
    path = [MeasureStatus.PLANNED, MeasureStatus.RUNNING, MeasureStatus.COMPLETED]
    return path[: path.index(status) + 1] if status in path else []


def _load_fredrikstad_resources(
    fredrikstad: Municipality, measures: dict[str, Measure], demo: DemoContext
) -> None:
    """Money from 2023 to this year and staff this year, with three resource conflicts this
    year for the board."""
    programme = _programme(fredrikstad)
    this_year = _current_year(fredrikstad, demo)
    services.year_budget_set(
        by=None,
        programme=programme,
        year=2023,
        amount=Decimal(5_000_000),
        note="Statens tilskudd for 2023 (avtale med KDD av 5. september 2023)",
    )
    for year in range(2024, this_year + 1):
        services.year_budget_set(
            by=None,
            programme=programme,
            year=year,
            amount=Decimal(6_500_000 if year == this_year else 6_000_000),
            note="Statlig tilskudd og kommunale midler (syntetisk)",
            synthetic=True,
        )
    edel = Person.objects.in_municipality(fredrikstad).get(name="Edel Pavlic")
    nav = MunicipalUnit.objects.in_municipality(fredrikstad).get(name="NAV Fredrikstad")
    # The area developer's 50 % at Lisleby plus help at Rebellhuset: over 100 %.
    services.staff_allocation_add(
        by=None,
        measure=measures["Samfunnshuset på Lisleby"],
        year=this_year,
        share=Decimal(50),
        person=edel,
    )
    services.staff_allocation_add(
        by=None,
        measure=measures["Nærmiljøarena Rebellhuset"],
        year=this_year,
        share=Decimal(60),
        person=edel,
    )
    services.staff_allocation_add(
        by=None, measure=measures["NAV Snuplassen"], year=this_year, share=Decimal(150), unit=nav
    )
    services.unit_commitment_set(
        by=None, programme=programme, unit=nav, year=this_year, share=Decimal(100)
    )
    today = demo.today
    for title, due_on, done_on in (
        ("Avtale med Trosvikstranda Utvikling om lokalene", date(2023, 3, 1), date(2023, 2, 20)),
        (
            "20 deltakere i gang",
            today - timedelta(days=120),
            today - timedelta(days=134),
        ),
        ("Evaluering sammen med Fontenehuset", today + timedelta(days=90), None),
    ):
        milestone = services.milestone_add(
            by=None, measure=measures["NAV Snuplassen"], title=title, due_on=due_on
        )
        if done_on is not None:
            services.milestone_set_done(by=None, milestone=milestone, done_on=done_on)


def _load_fredrikstad_benefits(
    fredrikstad: Municipality, measures: dict[str, Measure], demo: DemoContext
) -> None:
    """Expected and realised benefits (synthetic figures), linked to the goals they serve."""
    manager = Person.objects.in_municipality(fredrikstad).get(name="Christine Frantzen")
    snuplassen = measures["NAV Snuplassen"]
    in_work = benefit_services.benefit_add(
        measure=snuplassen,
        kind=BenefitKind.CITIZEN,
        description="Flere unge 18–30 år i arbeid eller utdanning",
        goal=snuplassen.goals.first(),
        indicator="Andel deltakere i arbeid eller utdanning seks måneder etter (syntetisk)",
        unit="prosent",
        baseline_value=20.0,
        baseline_on=date(2023, 1, 1),
        target_value=45.0,
        target_on=date(demo.today.year + 2, 12, 31),
        owner=manager,
    )
    measured_on = demo.today - timedelta(days=150)
    benefit_services.realisation_record(benefit=in_work, measured_on=measured_on, value=27.0)
    reading = measures["Leseferdigheter og tidlig innsats"]
    pupils = benefit_services.benefit_add(
        measure=reading,
        kind=BenefitKind.CITIZEN,
        description="Flere elever leser på forventet nivå",
        goal=reading.goals.first(),
        indicator="Andel elever som leser på forventet nivå på 2. trinn (syntetisk)",
        unit="prosent",
        baseline_value=68.0,
        baseline_on=date(demo.today.year - 1, 1, 1),
        target_value=80.0,
        target_on=date(demo.today.year + 2, 6, 30),
    )
    benefit_services.realisation_record(benefit=pupils, measured_on=measured_on, value=68.5)
    rebellhuset = measures["Nærmiljøarena Rebellhuset"]
    benefit_services.benefit_add(
        measure=rebellhuset,
        kind=BenefitKind.ORGANISATIONAL,
        description="Flere etater bruker nærmiljøarenaen i sitt ordinære tilbud",
        goal=rebellhuset.goals.first(),
        indicator="Antall etater med faste tilbud i Rebellhuset (syntetisk)",
        unit="antall",
        baseline_value=2.0,
        baseline_on=date(2023, 1, 1),
        target_value=6.0,
        target_on=date(demo.today.year + 1, 12, 31),
    )


def _load_fredrikstad_criteria(
    fredrikstad: Municipality, measures: dict[str, Measure]
) -> CriteriaSet:
    """The seed's criteria verbatim, scored as the seed's table marks its columns (agreed by
    the programme manager), plus the coordinator's own scores of one measure."""
    programme = _programme(fredrikstad)
    criteria_set = criteria_services.criteria_set_install(
        programme=programme,
        name=FREDRIKSTAD_SET_NAME,
        source=FREDRIKSTAD_SOURCE,
        groups=fredrikstad_criteria(),
        source_document=programme.documents.filter(kind=DocumentKind.MUNICIPAL_PLAN).first(),
    )
    manager = User.objects.get(username="fredrikstad-manager")
    seed_marks_apply(
        criteria_set=criteria_set,
        measures_by_column={
            column: measures[title] for column, title in SEED_COLUMN_MEASURES.items()
        },
        by=manager,
    )
    # The coordinator has scored Rebellhuset on her own; the working group has not agreed yet.
    coordinator = User.objects.get(username="fredrikstad-coordinator")
    housing = criteria_set.groups.get(sub_programme__name="Bo og nærmiljø")
    for criterion in housing.criteria.all()[:6]:
        criteria_services.score_set(
            criterion=criterion,
            measure=measures["Nærmiljøarena Rebellhuset"],
            scorer=coordinator,
            value=1,
        )
    return criteria_set


def _load_fredrikstad_scenarios(
    fredrikstad: Municipality, criteria_set: CriteriaSet, measures: dict[str, Measure], year: int
) -> None:
    """Two scenarios for this year for the board to compare, and the board's decision that settled
    the area developer's over-allocation (the unit and money conflicts stay open)."""
    programme = _programme(fredrikstad)
    manager = User.objects.get(username="fredrikstad-manager")
    scenario_services.scenario_save(
        programme=programme,
        criteria_set=criteria_set,
        name=f"Innenfor årsrammen {year}",
        year=year,
        budget=Decimal(6_500_000),
        by=manager,
    )
    scenario_services.scenario_save(
        programme=programme,
        criteria_set=criteria_set,
        name=f"Redusert ramme {year}, Snuplassen sikret",
        year=year,
        budget=Decimal(5_000_000),
        forced_in=[measures["NAV Snuplassen"]],
        by=manager,
    )
    meeting = Meeting.objects.filter(body__programme=programme, body__kind=BodyKind.BOARD).first()
    if meeting is None:
        return
    item = meeting.agenda_items.filter(title__startswith="Ressurskonflikter").first()
    decision = meetings.decision_record(
        meeting=meeting,
        agenda_item=item,
        text="Områdeutvikleren prioriterer Samfunnshuset på Lisleby; Rebellhuset får hjelp fra "
        f"endringsteamet resten av {year} (eksempel).",
        is_public=False,
        by=None,
    )
    edel = Person.objects.in_municipality(fredrikstad).get(name="Edel Pavlic")
    conflict_services.conflict_resolve(
        programme=programme,
        key=f"staff:person:{edel.pk}:{year}",
        decision=decision,
        note="Avklart i programstyret (eksempel).",
        by=manager,
    )


def _load_fredrikstad_action_plans(fredrikstad: Municipality, year: int) -> None:
    """An action plan per sub-programme for this year, in different states: Bo og nærmiljø in force
    (the whole way: coordinator, board, commissioner, programme manager), Oppvekst og utdanning
    with the board, Sysselsetting sent back to draft by the board with a comment."""
    programme = _programme(fredrikstad)
    users = {
        name: User.objects.get(username=f"fredrikstad-{name}")
        for name in ("coordinator", "board", "admin", "manager")
    }
    plans = {}
    for sub_programme in programme.sub_programmes.all():
        drafter = users["coordinator"] if sub_programme.coordinator else users["manager"]
        plan = plan_services.action_plan_create(
            programme=programme,
            sub_programme=sub_programme,
            year=year,
            summary=f"Handlingsplan for {sub_programme.name} {year} (eksempel).",
            by=drafter,
        )
        for measure in sub_programme.measures.exclude(status=MeasureStatus.IDEA):
            plan_services.action_plan_add_measure(plan=plan, measure=measure, by=drafter)
        plan_services.action_plan_submit(plan=plan, by=drafter)
        plans[sub_programme.name] = plan
    housing = plans["Bo og nærmiljø"]
    plan_services.action_plan_recommend(plan=housing, by=users["board"])
    plan_services.action_plan_approve(plan=housing, by=users["admin"])
    plan_services.action_plan_put_in_force(plan=housing, by=users["manager"])
    plan_services.action_plan_return_to_draft(
        plan=plans["Sysselsetting"],
        comment="Programstyret ber om at kvalifiseringstiltaket samordnes med NAV før planen "
        "sendes på nytt (eksempel).",
        by=users["board"],
    )


def _load_fredrikstad_progress(measures: dict[str, Measure], demo: DemoContext) -> None:
    """Status per tertial for the running measures (synthetic texts) for the last finished
    tertial and, for one, the tertial before; one has not reported for the last finished
    tertial, so the programme manager's overview shows it."""
    last = progress_services.tertial_last_finished(demo.today)
    before = progress_services.tertial_last_finished(last.start)
    coordinator = User.objects.get(username="fredrikstad-coordinator")
    manager = User.objects.get(username="fredrikstad-manager")
    reports = {
        "NAV Snuplassen": (
            Rag.GREEN,
            "Tjue deltakere i gang; samarbeidet med Fontenehuset fungerer godt (eksempel).",
        ),
        "Nærmiljøarena Rebellhuset": (
            Rag.AMBER,
            "Åpningstidene er redusert i sommer på grunn av bemanning (eksempel).",
        ),
        "Samfunnshuset på Lisleby": (Rag.GREEN, "Flere lag bruker huset enn i fjor (eksempel)."),
        "Fysiske og sosiale nærmiljøkvaliteter": (
            Rag.AMBER,
            "Benker langs turstien på Lisleby er bestilt; belysningen venter på bydrift "
            "(eksempel).",
        ),
        "Det hvite hus på Sellebak – restaurering med frivillige": (
            Rag.RED,
            "Taket må skiftes før resten av arbeidet kan fortsette (eksempel).",
        ),
    }
    for title, (rag, text) in reports.items():
        measure = measures[title]
        by = coordinator if measure.sub_programme and measure.sub_programme.coordinator else manager
        progress_services.progress_report_save(
            measure=measure, period=last.code, rag=rag, text=text, by=by
        )
    progress_services.progress_report_save(
        measure=measures["NAV Snuplassen"],
        period=before.code,
        rag=Rag.AMBER,
        text="Færre arbeidsgivere enn planlagt i starten av året (eksempel).",
        by=manager,
    )
