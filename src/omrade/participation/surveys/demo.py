"""Demo data for surveys and children's map registrations, through the services.

- Bergen (seed 003 lists resident surveys — «innbyggerundersøkelser/spørreundersøkelser» —
  among the methods): a resident survey for the Solheim levekårssone with a map question
  («Hvor er det godt å være?») in bokmål, English and Somali. The English and Somali texts
  and all 40 answers are synthetic examples, marked so; the results are published (small
  numbers protected) so the results page and the hexagon map show something.
- Fredrikstad: a children's map session (barnetråkk) for Lisleby skole, 5.–7. trinn, with
  synthetic ways to school and marked places; the school is marked on the map (a synthetic
  placement inside Lisleby).
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from shapely.geometry import Point, shape

from omrade.areas.models import Area
from omrade.participation.surveys.models import Survey
from omrade.participation.surveys.services import answers as answering
from omrade.participation.surveys.services import childmaps as childmap_services
from omrade.participation.surveys.services import surveys as services
from omrade.programmes.models import Programme

if TYPE_CHECKING:
    from omrade.shell.demo import DemoContext

SYNTHETIC_NOTE = {
    "nb": "Eksempel: undersøkelsen er ekte i form, men svarene er oppdiktet (syntetiske).",
    "en": "Example: synthetic translation and synthetic answers.",
    "so": "Tusaale: turjumaad iyo jawaabo la sameeyay (synthetic).",
}


def load(demo: DemoContext) -> None:
    _load_bergen_survey(demo.municipalities["4601"])
    _load_fredrikstad_childmap(demo.municipalities["3107"])


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _area(municipality: Any, name: str) -> Area | None:
    return (
        Area.objects.filter(municipality=municipality, name=name).order_by("-level__depth").first()
    )


def _points_inside(area: Area | None, count: int, rng: random.Random) -> list[tuple[float, float]]:
    """Points clustered around three spots inside the area (synthetic)."""
    if area is None or not area.boundary:
        return [
            (5.33 + rng.uniform(-0.01, 0.01), 60.38 + rng.uniform(-0.005, 0.005))
            for _ in range(count)
        ]
    polygon = shape(area.boundary)
    west, south, east, north = polygon.bounds
    anchor = polygon.representative_point()
    spots = [(anchor.x, anchor.y)]
    while len(spots) < 3:
        candidate = (rng.uniform(west, east), rng.uniform(south, north))
        if polygon.contains(Point(candidate)):
            spots.append(candidate)
    spread = min(east - west, north - south) / 12
    points: list[tuple[float, float]] = []
    while len(points) < count:
        x, y = spots[rng.choice([0, 0, 1, 2])]
        candidate = (x + rng.gauss(0, spread), y + rng.gauss(0, spread))
        if polygon.contains(Point(candidate)):
            points.append((round(candidate[0], 6), round(candidate[1], 6)))
    return points


def _load_bergen_survey(bergen: Any) -> Survey:
    solheim = _area(bergen, "Solheim")
    survey = services.survey_create(
        municipality=bergen,
        programme=Programme.objects.in_municipality(bergen).first(),
        areas=[solheim] if solheim is not None else [],
        title={
            "nb": "Hvordan er det å bo på Solheim?",
            "en": "What is it like to live in Solheim?",
            "so": "Sidee bay tahay ku noolaanshaha Solheim?",
        },
        intro={
            code: f"{text} {SYNTHETIC_NOTE[code]}"
            for code, text in {
                "nb": "Områdesatsingen vil vite hva du synes er bra der du bor, "
                "og hva som kan bli bedre.",
                "en": "The area initiative wants to know what you like where you live, "
                "and what could be better.",
                "so": "Mashruuca xaafadda wuxuu rabaa inuu ogaado waxa aad ka jeceshahay "
                "meesha aad ku nooshahay.",
            }.items()
        },
        languages=["nb", "en", "so"],
        default_language="nb",
        by=_user("bergen-coordinator"),
        synthetic=True,
    )
    first = survey.pages.get()
    services.survey_page_update(
        page=first, title={"nb": "Om deg", "en": "About you", "so": "Adiga"}
    )
    years = services.survey_question_add(
        page=first,
        kind="single",
        text={
            "nb": "Hvor lenge har du bodd på Solheim?",
            "en": "How long have you lived in Solheim?",
            "so": "Intee in le'eg ayaad ku noolayd Solheim?",
        },
        required=True,
        options=[
            {
                "id": "short",
                "text": {"nb": "Under 2 år", "en": "Less than 2 years", "so": "Ka yar 2 sano"},
            },
            {"id": "middle", "text": {"nb": "2–10 år", "en": "2–10 years", "so": "2–10 sano"}},
            {
                "id": "long",
                "text": {
                    "nb": "Mer enn 10 år",
                    "en": "More than 10 years",
                    "so": "In ka badan 10 sano",
                },
            },
        ],
    )
    liking = services.survey_question_add(
        page=first,
        kind="scale",
        text={
            "nb": "Hvor godt trives du i nabolaget?",
            "en": "How much do you like your neighbourhood?",
            "so": "Intee in le'eg ayaad ku faraxsan tahay xaafaddaada?",
        },
        required=True,
        scale=(1, 5),
        scale_min_label={"nb": "Svært dårlig", "en": "Very little"},
        scale_max_label={"nb": "Svært godt", "en": "Very much"},
    )
    second = services.survey_page_add(
        survey=survey, title={"nb": "Stedene dine", "en": "Your places", "so": "Meelahaaga"}
    )
    good_place = services.survey_question_add(
        page=second,
        kind="map",
        text={
            "nb": "Hvor er det godt å være?",
            "en": "Where is it good to be?",
            "so": "Xagee ku fiican tahay in la joogo?",
        },
        help_text={"nb": "Marker ett sted på kartet, eller velg eller beskriv det."},
        required=True,
        geometry_kind="point",
    )
    better = services.survey_question_add(
        page=second,
        kind="multiple",
        text={
            "nb": "Hva kan bli bedre?",
            "en": "What could be better?",
            "so": "Maxaa la hagaajin karaa?",
        },
        options=[
            {
                "id": "meet",
                "text": {"nb": "Møteplasser", "en": "Meeting places", "so": "Goobaha kulanka"},
            },
            {"id": "light", "text": {"nb": "Belysning", "en": "Lighting", "so": "Iftiinka"}},
            {
                "id": "play",
                "text": {"nb": "Lekeplasser", "en": "Playgrounds", "so": "Goobaha ciyaarta"},
            },
            {
                "id": "green",
                "text": {"nb": "Grøntområder", "en": "Green areas", "so": "Meelaha cagaaran"},
            },
            {
                "id": "traffic",
                "text": {
                    "nb": "Trafikksikkerhet",
                    "en": "Traffic safety",
                    "so": "Badbaadada taraafikada",
                },
            },
        ],
    )
    ideas = services.survey_question_add(
        page=second,
        kind="text",
        text={
            "nb": "Har du andre forslag?",
            "en": "Any other suggestions?",
            "so": "Ma haysaa soo jeedin kale?",
        },
    )
    services.survey_set_published(survey=survey, by=None, published=True, results_published=True)

    rng = random.Random(4601)  # noqa: S311 - synthetic answers, the same every time
    points = _points_inside(solheim, 40, rng)
    suggestions = [
        "Flere benker langs turveien.",
        "Bedre lys ved busstoppet om kvelden.",
        "En møteplass for ungdom på kveldstid.",
        "Mindre gjennomkjøring i boliggatene.",
        "",
        "",
    ]
    context = answering.SurveyContext.of(survey)
    for number, (lon, lat) in enumerate(points):
        answering.response_submit(
            survey=survey,
            answers={
                years.pk: {"choices": [rng.choice(["short", "middle", "middle", "long"])]},
                liking.pk: {"value": rng.choice([2, 3, 4, 4, 4, 5, 5])},
                good_place.pk: {"geometry": {"type": "Point", "coordinates": [lon, lat]}},
                better.pk: {
                    "choices": rng.sample(
                        ["meet", "light", "play", "green", "traffic"], k=rng.randint(1, 3)
                    )
                },
                ideas.pk: {"text": rng.choice(suggestions)},
            },
            language=rng.choice(["nb", "nb", "nb", "en", "so"]),
            fingerprint=f"demo-synthetic-{number}",
            synthetic=True,
            context=context,
        )
    return survey


ROUTE_MODES = ["walk", "walk", "walk", "bike", "bike", "bus", "car"]
PLACE_MARKS = [
    ("Aktivitet", False, "Fotballbanen ved skolen"),
    ("Aktivitet", False, "Vi leker i skogen bak husene"),
    ("PositivOpplevelse", False, "Fin utsikt over elva"),
    ("PositivOpplevelse", False, ""),
    ("NegativOpplevelse", False, "Mørkt under brua"),
    ("NegativOpplevelse", True, "Bilene kjører fort her, vi vil ha fotgjengerfelt"),
    ("NegativOpplevelse", True, "Trenger lys på stien"),
    ("Aktivitet", False, ""),
]


def _load_fredrikstad_childmap(fredrikstad: Any) -> None:
    lisleby = _area(fredrikstad, "Lisleby")
    session = childmap_services.childmap_session_open(
        municipality=fredrikstad,
        school_name="Lisleby skole",
        grade_group="5-7",
        area=lisleby,
        programme=Programme.objects.in_municipality(fredrikstad).first(),
        by=_user("fredrikstad-coordinator"),
        synthetic=True,
    )
    rng = random.Random(3107)  # noqa: S311 - synthetic marks
    if lisleby is not None and lisleby.boundary:
        school = shape(lisleby.boundary).representative_point()
        school_xy = (school.x, school.y)
        homes = _points_inside(lisleby, 18, rng)
    else:
        school_xy = (10.94, 59.19)
        homes = [
            (10.94 + rng.uniform(-0.01, 0.01), 59.19 + rng.uniform(-0.006, 0.006))
            for _ in range(18)
        ]
    # Synthetic placement of the school inside Lisleby (an example, like the marks).
    childmap_services.childmap_session_set_school(
        session=session,
        school_location=[round(school_xy[0], 6), round(school_xy[1], 6)],
        by=_user("fredrikstad-coordinator"),
    )
    for home in homes[:12]:  # synthetic ways to school: home → a bend → school
        bend = (
            (home[0] + school_xy[0]) / 2 + rng.uniform(-0.002, 0.002),
            (home[1] + school_xy[1]) / 2,
        )
        childmap_services.childmap_mark_add(
            session=session,
            kind="Barneveg",
            transport_mode=rng.choice(ROUTE_MODES),
            geometry={
                "type": "LineString",
                "coordinates": [
                    list(home),
                    [round(bend[0], 6), round(bend[1], 6)],
                    [round(school_xy[0], 6), round(school_xy[1], 6)],
                ],
            },
            synthetic=True,
        )
    for number, (kind, want_change, comment) in enumerate(PLACE_MARKS * 2):
        lon, lat = homes[number % len(homes)]
        childmap_services.childmap_mark_add(
            session=session,
            kind=kind,
            want_change=want_change,
            geometry={"type": "Point", "coordinates": [lon, lat]},
            comment=comment if number < len(PLACE_MARKS) else "",
            synthetic=True,
        )
    childmap_services.childmap_mark_add(
        session=session, kind="Aktivitet", place_text="Ballbinge ved butikken", synthetic=True
    )
