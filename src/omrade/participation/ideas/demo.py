"""Demo data for ideas, interviews and the input register, through the services.

From the seeds: Bergen's ways of taking part (seed 003) — workshops where ideas to improve
the neighbourhood are developed, interviews with selected key persons and organisations to
understand the area and find partners, and the coordinator's presence in each area — and
Fredrikstad's measure «Fysiske og sosiale nærmiljøkvaliteter» (seed 001) under
«Bo og nærmiljø».

Every idea, comment, interview and reason below is an example the seeds do not give: they
are synthetic, marked `synthetic=True` and shown as «Eksempel» on every page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from omrade.areas.models import Area
from omrade.participation.core import services as core_services
from omrade.participation.ideas.services import ideas as services
from omrade.participation.ideas.services import interviews as register_services
from omrade.portfolio.models import Measure
from omrade.programmes.models import Programme, SubProgramme
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser

if TYPE_CHECKING:
    from omrade.shell.demo import DemoContext

BERGEN_THEMES = [
    # (theme, the sub-programme (area) it belongs to, or None)
    ("Uteområder og møteplasser", "Loddefjord"),
    ("Barn og unge", None),
    ("Trygghet i nærmiljøet", None),
    ("Frivillighet og samarbeid", None),
]
FREDRIKSTAD_THEMES = [
    ("Nærmiljøkvaliteter", "Bo og nærmiljø"),
    ("Arbeid og kvalifisering", None),
    ("Oppvekst", None),
]
EXAMPLE = " (eksempel, oppdiktet)"

# Makes the workshop (an event) the Bergen ideas came from, given `municipality`,
# `programme`, `area` and `by` (the coordinator who wrote its minutes).
WorkshopFor = Callable[..., Any]


def _user(username: str) -> AnyUser | None:
    return get_user_model().objects.filter(username=username).first()


def _area(municipality: Municipality, name: str) -> Area | None:
    return Area.objects.in_municipality(municipality).filter(name=name).first()


def _sub_programme(programme: Programme | None, name: str | None) -> SubProgramme | None:
    if programme is None or name is None:
        return None
    return programme.sub_programmes.filter(name=name).first()


def _themes(
    municipality: Municipality, programme: Programme | None, specs: list[tuple[str, str | None]]
) -> dict[str, object]:
    return {
        name: core_services.theme_create(
            by=None,
            municipality=municipality,
            name=name,
            sub_programme=_sub_programme(programme, sub_name),
            position=position,
        )
        for position, (name, sub_name) in enumerate(specs)
    }


def _moment(days_ago: int, hour: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def load(demo: DemoContext, *, workshop_for: WorkshopFor) -> None:
    """`workshop_for` makes the Bergen workshop the ideas came from (an event of the places
    context, made by `participation/demo.py`)."""
    _load_bergen(demo.municipalities["4601"], workshop_for)
    _load_fredrikstad(demo.municipalities["3107"])


def _load_bergen(bergen: Municipality, workshop_for: WorkshopFor) -> None:
    programme = Programme.objects.in_municipality(bergen).first()
    coordinator = _user("bergen-coordinator")
    themes = _themes(bergen, programme, BERGEN_THEMES)
    services.moderation_mode_set(municipality=bergen, programme=programme, mode="post", by=None)
    loddefjord = _area(bergen, "Loddefjord")
    workshop = workshop_for(
        municipality=bergen, programme=programme, area=loddefjord, by=coordinator
    )
    ideas = {}
    for title, text, theme in [
        (
            "Gapahuk og grillplass ved sjøen",
            "Et sted der familier kan møtes ute hele året, med gapahuk og grillplass.",
            "Uteområder og møteplasser",
        ),
        (
            "Bedre belysning på snarveien til skolen",
            "Snarveien er mørk om vinteren, og mange barn går der alene.",
            "Trygghet i nærmiljøet",
        ),
        (
            "Kunstgressbane på den gamle skoletomten",
            "Ungdommene mangler et sted å spille fotball på kveldstid.",
            "Barn og unge",
        ),
    ]:
        ideas[title] = services.idea_register(
            municipality=bergen,
            by=coordinator,
            title=title,
            text=text + EXAMPLE,
            programme=programme,
            area=loddefjord,
            theme=themes[theme],  # type: ignore[arg-type]
            event=workshop,
            synthetic=True,
        )
    football = ideas["Kunstgressbane på den gamle skoletomten"]
    services.idea_assess(idea=football, by=coordinator)
    services.idea_decline(
        idea=football,
        by=coordinator,
        reason=(
            "Tomten er satt av til utvidelse av skolen. Ønsket om et sted for ballspill på "
            "kveldstid er sendt videre til samarbeidsgruppen, som foreslår prioriteringer for "
            "neste år." + EXAMPLE
        ),
    )
    light = ideas["Bedre belysning på snarveien til skolen"]
    services.idea_assess(idea=light, by=coordinator, feedback="Vi sjekker med bydrift." + EXAMPLE)
    shelter = ideas["Gapahuk og grillplass ved sjøen"]
    services.idea_comment(
        idea=shelter,
        text="Flott idé, vi i borettslaget kan hjelpe til!" + EXAMPLE,
        client_hash="demo-a",
        synthetic=True,
    )
    services.idea_comment(
        idea=shelter,
        text="Takk! Vi tar det med til samarbeidsgruppen." + EXAMPLE,
        by_staff=coordinator,
        synthetic=True,
    )
    abusive = services.idea_comment(
        idea=shelter,
        text="Nedsettende kommentar om naboene (eksempel på et innlegg som ble skjult)",
        client_hash="demo-troll",
        synthetic=True,
    )
    services.abuse_report(comment=abusive, reason="Hets mot naboer" + EXAMPLE, client_hash="demo-b")
    services.content_hide(item=abusive, reason="Nedsettende om andre beboere", by=coordinator)
    for client in ("demo-a", "demo-b", "demo-c"):
        services.idea_support(idea=shelter, client_hash=client)
    # A resident's idea from the web, waiting under the municipality's default pre-moderation.
    services.idea_submit(
        municipality=bergen,
        title="Leksehjelp på biblioteket",
        text="Frivillige kunne gi leksehjelp to ettermiddager i uka." + EXAMPLE,
        area=_area(bergen, "Olsvik"),
        theme=themes["Barn og unge"],  # type: ignore[arg-type]
        client_hash="demo-d",
        synthetic=True,
    )
    interview = register_services.interview_record(
        municipality=bergen,
        interviewer=coordinator,
        role_or_organisation="Daglig leder, frivilligsentral i Loddefjord" + EXAMPLE,
        interviewed_on=timezone.localdate() - timedelta(days=60),
        notes=(
            "Mange eldre ønsker å bidra som frivillige, men vet ikke hvor. Sentralen kan være "
            "samarbeidspartner for leksehjelp og turgrupper." + EXAMPLE
        ),
        consent=True,
        consent_how="Muntlig ved intervjuet, bekreftet på e-post",
        consent_on=timezone.localdate() - timedelta(days=60),
        programme=programme,
        themes=[themes["Frivillighet og samarbeid"]],  # type: ignore[list-item]
        area=loddefjord,
        sub_programme=_sub_programme(programme, "Loddefjord"),
        synthetic=True,
    )
    if coordinator is not None:
        core_services.input_code(
            municipality=bergen,
            kind="interview",
            object_id=interview.pk,
            by=coordinator,
            themes=[themes["Frivillighet og samarbeid"], themes["Barn og unge"]],  # type: ignore[list-item]
            area=loddefjord,
            sub_programme=_sub_programme(programme, "Loddefjord"),
            goals=list(programme.goals.filter(sub_programme__name="Loddefjord"))
            if programme
            else [],
        )


def _load_fredrikstad(fredrikstad: Municipality) -> None:
    programme = Programme.objects.in_municipality(fredrikstad).first()
    coordinator = _user("fredrikstad-coordinator")
    themes = _themes(fredrikstad, programme, FREDRIKSTAD_THEMES)
    services.moderation_mode_set(municipality=fredrikstad, mode="post", by=None)
    lisleby = _area(fredrikstad, "Lisleby")
    measure = (
        Measure.objects.in_municipality(fredrikstad)
        .filter(title="Fysiske og sosiale nærmiljøkvaliteter")
        .first()
    )
    idea = services.idea_register(
        municipality=fredrikstad,
        by=coordinator,
        title="Benker og lys langs turstien på Lisleby",
        text="Eldre vil gjerne gå tur, men trenger steder å hvile og lys om kvelden." + EXAMPLE,
        programme=programme,
        area=lisleby,
        theme=themes["Nærmiljøkvaliteter"],  # type: ignore[arg-type]
        where="Samtale på Samfunnshuset på Lisleby",
        synthetic=True,
    )
    services.idea_assess(idea=idea, by=coordinator)
    if measure is not None:
        services.idea_take(
            idea=idea,
            by=coordinator,
            measure=measure,
            feedback=(
                "Idéen er tatt inn i tiltaket «Fysiske og sosiale nærmiljøkvaliteter». Benker "
                "og belysning langs stien planlegges sammen med bydrift." + EXAMPLE
            ),
        )
    services.idea_support(idea=idea, client_hash="demo-f1")
    services.idea_comment(
        idea=idea,
        text="Gjerne en benk ved utsikten også!" + EXAMPLE,
        client_hash="demo-f2",
        synthetic=True,
    )
