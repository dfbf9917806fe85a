"""Demo data for meeting places, local committees and events, through the services.

From the seeds: Fredrikstad's three meeting places with their area developers (seed 001:
Holmen/Sentrum øst og vest – Rebellhuset, Sellebak – Det hvite hus, Lisleby – Samfunnshuset
på Lisleby), NAV Snuplassen several days a week at Rebellhuset with Fontenehuset, for young
people 18–30 (seed 000), the 21 local communities each with a committee whose board is
elected at its annual meeting and that receives an annual grant (seed 002), four forum
gatherings a year (seed 002), and a public meeting (folkemøte) in Bergen (seed 003).

Everything the seeds do not give is synthetic and marked so: opening hours, rooms, the
attendance figures, bookings, board members, grant amounts and distributions, event dates.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from omrade.areas.models import Area
from omrade.participation.places.models import MeetingPlace, PlaceActivity
from omrade.participation.places.services import committees, events
from omrade.participation.places.services import places as services
from omrade.participation.places.services.places import OpeningInterval
from omrade.portfolio.models import Measure
from omrade.programmes.models import Programme
from omrade.tenancy.models import Municipality, MunicipalUnit, Organisation, Person

if TYPE_CHECKING:
    from omrade.shell.demo import DemoContext

SYNTHETIC_NOTE = "Åpningstidene er oppdiktet (demodata)."

# (name, areas, address, approximate position, area developer, description) – seed 001.
FREDRIKSTAD_PLACES = [
    (
        "Rebellhuset",
        ("Trosvik", "St. Croix"),
        "Holmen, Fredrikstad",
        (Decimal("59.2135"), Decimal("10.9470")),
        None,
        "Nærmiljøarena for Holmen/Sentrum øst og vest. Kommunen samarbeider med Trosvikstranda "
        "Utvikling om bruken av huset; NAV Snuplassen og Fontenehuset har tilhold her flere "
        "dager i uka. Posisjonen er omtrentlig.",
    ),
    (
        "Det hvite hus",
        ("Sellebakk",),
        "Sellebakk, Fredrikstad",
        (Decimal("59.2370"), Decimal("10.9140")),
        None,
        "Nærmiljøarena på Sellebak, satt i stand av frivillige og kommunen sammen. "
        "Posisjonen er omtrentlig.",
    ),
    (
        "Samfunnshuset på Lisleby",
        ("Lisleby",),
        "Lisleby, Fredrikstad",
        (Decimal("59.2470"), Decimal("10.9430")),
        "Edel Pavlic",
        "Nærmiljøarena på Lisleby, drevet av områdeutvikleren. Posisjonen er omtrentlig.",
    ),
]

# Synthetic board members: first names and family names combined in turn.
FIRST_NAMES = [
    "Anne", "Bjørn", "Camilla", "Dag", "Eva", "Fredrik", "Grete", "Hassan", "Ida", "Jonas",
    "Kari", "Lars", "Maja", "Nils", "Olga", "Per", "Rania", "Sara", "Tor", "Una", "Vidar",
]  # fmt: skip
FAMILY_NAMES = [
    "Andersen", "Berg", "Dahl", "Eriksen", "Hansen", "Haugen", "Johansen", "Karlsen", "Larsen",
    "Nilsen", "Olsen", "Pedersen", "Solberg", "Strand", "Aas", "Bakke", "Lie", "Moen", "Vik",
]  # fmt: skip
BOARD_OFFICES = ["leader", "deputy", "secretary", "treasurer", "member"]


def _area(municipality: Municipality, level: str, name: str) -> Area | None:
    return Area.objects.in_municipality(municipality).filter(level__code=level, name=name).first()


def _organisation(municipality: Municipality, name: str) -> Organisation | None:
    return Organisation.objects.in_municipality(municipality).filter(name=name).first()


def _moment(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def load(demo: DemoContext) -> None:
    fredrikstad = demo.municipalities["3107"]
    bergen = demo.municipalities["4601"]
    places = _load_places(fredrikstad)
    _load_snuplassen(fredrikstad, places["Rebellhuset"])
    _load_other_activities(places)
    _load_bookings(fredrikstad, places["Rebellhuset"])
    _load_committees(fredrikstad)
    _load_forum_gatherings(fredrikstad, list(places.values()))
    _load_bergen_public_meeting(bergen)


def _load_places(fredrikstad: Municipality) -> dict[str, MeetingPlace]:
    programme = Programme.objects.in_municipality(fredrikstad).first()
    owner = _organisation(fredrikstad, "Trosvikstranda Utvikling")
    fontenehuset = _organisation(fredrikstad, "Fontenehuset")
    places: dict[str, MeetingPlace] = {}
    for name, area_names, address, (latitude, longitude), developer, text in FREDRIKSTAD_PLACES:
        areas = [
            area for area in (_area(fredrikstad, "lokalsamfunn", n) for n in area_names) if area
        ]
        person = (
            Person.objects.in_municipality(fredrikstad).filter(name=developer).first()
            if developer
            else None
        )
        is_rebellhuset = name == "Rebellhuset"
        place = services.place_create(
            municipality=fredrikstad,
            name=name,
            programme=programme,
            areas=areas,
            address=address,
            latitude=latitude,
            longitude=longitude,
            owner_organisation=owner if is_rebellhuset else None,
            partners=[fontenehuset] if is_rebellhuset and fontenehuset else [],
            area_developer=person,
            description=text,
        )
        services.place_set_opening_hours(
            place=place,
            intervals=[
                OpeningInterval(day, time(9), time(15 if day in (0, 4) else 20))
                for day in (0, 1, 2, 3, 4)
            ],
            note=SYNTHETIC_NOTE,
        )
        services.room_create(place=place, name="Storsalen", capacity=60)
        services.room_create(place=place, name="Møterommet", capacity=12)
        places[name] = place
    return places


def _load_snuplassen(fredrikstad: Municipality, rebellhuset: MeetingPlace) -> None:
    """NAV Snuplassen several days a week at Rebellhuset (seed 000), with synthetic
    attendance for the last three months."""
    measure = Measure.objects.in_municipality(fredrikstad).filter(title="NAV Snuplassen").first()
    nav = MunicipalUnit.objects.in_municipality(fredrikstad).filter(name="NAV Fredrikstad").first()
    today = timezone.localdate()
    activity = services.activity_create(
        place=rebellhuset,
        title="NAV Snuplassen",
        description=(
            "Arbeid, aktiv fritid og livsmestringsaktiviteter for unge mellom 18 og 30 år, "
            "sammen med Fontenehuset."
        ),
        organiser_unit=nav,
        measure=measure,
        room=rebellhuset.rooms.get(name="Storsalen"),
        weekdays=[0, 1, 3],
        starts_at=time(10),
        ends_at=time(14),
        valid_from=today.replace(month=1, day=1) - timedelta(days=365),
        age_from=18,
        age_to=30,
    )
    _synthetic_sessions(activity, days=90, seed=3)


def _synthetic_sessions(activity: PlaceActivity, *, days: int, seed: int) -> None:
    today = timezone.localdate()
    for offset in range(days, 0, -1):
        day = today - timedelta(days=offset)
        if day.weekday() not in activity.weekdays or day < activity.valid_from:
            continue
        wobble = (day.toordinal() * 7 + seed) % 5  # a steady, repeatable variation
        counts = (
            {"age_16_19": wobble % 3, "age_20_29": 6 + wobble, "age_30_66": 1}
            if activity.age_from and activity.age_from >= 16
            else {"age_6_12": 4 + wobble, "age_13_15": 2 + wobble % 2, "age_30_66": 3}
        )
        services.session_record(activity=activity, date=day, counts=counts, synthetic=True)


def _load_other_activities(places: dict[str, MeetingPlace]) -> None:
    today = timezone.localdate()
    for name, title, weekdays in [
        ("Det hvite hus", "Åpent hus med kafé", [2]),
        ("Samfunnshuset på Lisleby", "Leksehjelp og aktiviteter for barn", [1, 3]),
    ]:
        activity = services.activity_create(
            place=places[name],
            title=title,
            description="Oppdiktet aktivitet (demodata).",
            weekdays=weekdays,
            starts_at=time(15),
            ends_at=time(18),
            valid_from=today - timedelta(days=200),
            age_from=6,
            age_to=15,
        )
        _synthetic_sessions(activity, days=60, seed=len(title))


def _load_bookings(fredrikstad: Municipality, rebellhuset: MeetingPlace) -> None:
    storsalen = rebellhuset.rooms.get(name="Storsalen")
    next_week = timezone.localdate() + timedelta(days=7)
    services.booking_create_confirmed(
        room=storsalen,
        purpose="Medlemsmøte (oppdiktet booking, demodata)",
        starts_at=_moment(next_week, 18),
        ends_at=_moment(next_week, 20),
        group_name="Holmen vel (oppdiktet)",
        contact_name="Kontaktperson (oppdiktet)",
        contact_phone="000 00 000",
    )
    services.booking_request(
        room=rebellhuset.rooms.get(name="Møterommet"),
        purpose="Leksehjelp for voksne (oppdiktet forespørsel, demodata)",
        starts_at=_moment(next_week + timedelta(days=2), 17),
        ends_at=_moment(next_week + timedelta(days=2), 19),
        group_name="Frivillige på Holmen (oppdiktet)",
        contact_name="Kontaktperson (oppdiktet)",
        contact_email="frivillig@example.org",
        from_public_form=True,
    )


def _load_committees(fredrikstad: Municipality) -> None:
    """A committee per local community (seed 002) with a synthetic board, annual meeting and
    grant; no contact details (none are published in the seeds)."""
    areas = list(
        Area.objects.in_municipality(fredrikstad)
        .filter(level__code="lokalsamfunn")
        .order_by("name")
    )
    if not areas:
        print("Committees demo skipped: Fredrikstad has no local communities (areas demo)")
        return
    year = timezone.localdate().year - 1
    for number, area in enumerate(areas):
        committee = committees.committee_create(
            municipality=fredrikstad,
            area=area,
            name=f"{area.name} lokalsamfunnsutvalg",
            description=(
                "Lokalsamfunnsutvalget fremmer trivsel, gode levekår og bærekraftig utvikling i "
                "lokalsamfunnet, og er et bindeledd mellom kommunen og sivilsamfunnet."
            ),
        )
        meeting = committees.annual_meeting_record(
            committee=committee,
            date=date(year, 3, 1) + timedelta(days=number),
            minutes="Oppdiktet protokoll (demodata): årsberetning, regnskap og valg av styre.",
            synthetic=True,
        )
        for seat, office in enumerate(BOARD_OFFICES):
            index = number * len(BOARD_OFFICES) + seat
            committees.board_member_add(
                committee=committee,
                office=office,
                name=(
                    f"{FIRST_NAMES[index % len(FIRST_NAMES)]} "
                    f"{FAMILY_NAMES[(index * 7) % len(FAMILY_NAMES)]}"
                ),
                from_date=meeting.date,
                elected_at=meeting,
                synthetic=True,
            )
        grant = committees.grant_set(
            committee=committee,
            year=year,
            amount=Decimal(30000 + 2500 * (number % 5)),
            note="Oppdiktet beløp (demodata).",
            synthetic=True,
        )
        committees.grant_distribution_add(
            grant=grant,
            purpose="Nærmiljødag (oppdiktet)",
            amount=Decimal(12000),
            recipient_name=f"Velforeningen i {area.name} (oppdiktet)",
            decided_on=meeting.date + timedelta(days=60),
            synthetic=True,
        )
        committees.grant_distribution_add(
            grant=grant,
            purpose="Aktiviteter for barn og unge (oppdiktet)",
            amount=Decimal(8000),
            recipient_name="Idrettslaget (oppdiktet)",
            decided_on=meeting.date + timedelta(days=90),
            synthetic=True,
        )


def _load_forum_gatherings(fredrikstad: Municipality, places: list[MeetingPlace]) -> None:
    """Four forum gatherings a year (seed 002); the dates are synthetic."""
    programme = Programme.objects.in_municipality(fredrikstad).first()
    today = timezone.localdate()
    for quarter, month in enumerate((3, 6, 9, 11)):
        day = date(today.year, month, 14)
        place = places[quarter % len(places)]
        events.event_create(
            municipality=fredrikstad,
            kind="forum_gathering",
            title=f"Forumsamling {quarter + 1}/{today.year}",
            description=(
                "Verksted for dialog og kompetansebygging mellom lokalsamfunnsutvalgene, "
                "folkevalgte og kommuneadministrasjonen. Lokalsamfunnsutvalgene bidrar med tema."
            ),
            programme=programme,
            place=place,
            starts_at=_moment(day, 18),
            ends_at=_moment(day, 21),
            capacity=80,
            registration_open=True,
            agenda="Velkommen\nTema fra lokalsamfunnsutvalgene\nGruppearbeid\nOppsummering",
            synthetic=True,
        )


def _load_bergen_public_meeting(bergen: Municipality) -> None:
    """A public meeting in Solheim (seed 003: folkemøter with one or more byråder present)."""
    solheim = _area(bergen, "levekarssone", "Solheim")
    programme = Programme.objects.in_municipality(bergen).first()
    day = timezone.localdate() + timedelta(days=21)
    start = _moment(day, 18)
    event = events.event_create(
        municipality=bergen,
        kind="public_meeting",
        title="Folkemøte om områdesatsingen i Solheim",
        description=(
            "Informasjon og dialog om hva som skjer i områdesatsingen. En eller flere byråder "
            "er til stede."
        ),
        programme=programme,
        area=solheim,
        location="Solheim (oppdiktet sted, demodata)",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=120,
        registration_open=True,
        agenda="Velkommen ved områdekoordinator\nStatus for satsingen\nSpørsmål og innspill",
        synthetic=True,
    )
    for name, people in [("Innbygger A (oppdiktet)", 2), ("Innbygger B (oppdiktet)", 1)]:
        events.registration_create(event=event, name=name, people=people, by_staff=True)
