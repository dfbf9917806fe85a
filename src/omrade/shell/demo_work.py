"""The demo's part for "Mitt arbeid": something waits for every demo role in every municipality.

The other parts already leave work for most roles (an action plan with the board, a plan sent
back, a missing tertial report, resource conflicts, a barrier with the board, ideas to assess,
a booking to confirm). This part adds, through the services, what the rest lack: an overdue
follow-up action for the analyst, the grant officer and the viewer of each municipality (as
people with the demo login), a barrier lifted to Bergen's board, and an idea to assess in
Fredericia. Dates are relative to the day the demo is loaded; everything says it is an example.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from omrade.participation.ideas.services import ideas as idea_services
from omrade.programmes.models import Body, BodyKind, Programme
from omrade.programmes.services import barriers as barrier_services
from omrade.programmes.services import governance as governance_services
from omrade.programmes.services import meetings as meeting_services
from omrade.shell.demo import DemoContext
from omrade.tenancy.demo import demo_username
from omrade.tenancy.models import Municipality, Role
from omrade.tenancy.services import person_create

# Per municipality: (role, the person's name, the follow-up action they own).
FOLLOW_UPS: dict[str, list[tuple[Role, str, str]]] = {
    "3107": [
        (
            Role.ANALYST,
            "Analytiker Fredrikstad (eksempel)",
            "Oppdatere levekårstallene før neste tertialrapport (eksempel).",
        ),
        (
            Role.GRANT_OFFICER,
            "Tilskuddsbehandler Fredrikstad (eksempel)",
            "Avklare kriteriene for neste års tilskudd til lokalsamfunnsutvalgene (eksempel).",
        ),
        (
            Role.VIEWER,
            "Leser Fredrikstad (eksempel)",
            "Lese og kommentere utkastet til årsrapporten (eksempel).",
        ),
        (
            Role.FINANCE_OFFICER,
            "Økonomirådgiver Fredrikstad (eksempel)",
            "Lese inn regnskapsutdraget for områdesatsingens prosjekter (eksempel).",
        ),
    ],
    "4601": [
        (
            Role.ANALYST,
            "Analytiker Bergen (eksempel)",
            "Sammenstille levekårssonene før møtet med Husbanken (eksempel).",
        ),
        (
            Role.GRANT_OFFICER,
            "Tilskuddsbehandler Bergen (eksempel)",
            "Kunngjøre tilskuddsordningen for områdesatsingen (eksempel).",
        ),
        (
            Role.VIEWER,
            "Leser Bergen (eksempel)",
            "Gi innspill til plan for innbyggerundersøkelsen (eksempel).",
        ),
        (
            Role.FINANCE_OFFICER,
            "Økonomirådgiver Bergen (eksempel)",
            "Avstemme Husbankens tilskudd mot regnskapet (eksempel).",
        ),
    ],
    "607": [
        (
            Role.ANALYST,
            "Analytiker Fredericia (eksempel)",
            "Opdatere nøgletallene for boligafdelingerne (eksempel).",
        ),
        (
            Role.GRANT_OFFICER,
            "Tilskudsmedarbejder Fredericia (eksempel)",
            "Afklare puljen til beboerinitiativer (eksempel).",
        ),
        (
            Role.VIEWER,
            "Læser Fredericia (eksempel)",
            "Læse og kommentere udkastet til årsstatus (eksempel).",
        ),
        (
            Role.FINANCE_OFFICER,
            "Økonomimedarbejder Fredericia (eksempel)",
            "Afstemme Landsbyggefondens tilskud mod regnskabet (eksempel).",
        ),
    ],
}


def load(demo: DemoContext) -> None:
    for code, follow_ups in FOLLOW_UPS.items():
        _follow_ups(demo.municipalities[code], follow_ups)
    _bergen_barrier(demo.municipalities["4601"])
    _fredericia_idea(demo.municipalities["607"])


def _programme(municipality: Municipality) -> Programme:
    return Programme.objects.filter(municipality=municipality).order_by("pk").first()  # type: ignore[return-value]


def _body(programme: Programme) -> Body:
    """The programme's board, or its first body, or a working group made for the example."""
    body = programme.bodies.filter(kind=BodyKind.BOARD).first() or programme.bodies.first()
    if body is None:
        body = governance_services.body_create(
            by=None,
            programme=programme,
            kind=BodyKind.WORKING_GROUP,
            name="Arbeidsgruppe (eksempel)",
        )
    return body


def _follow_ups(municipality: Municipality, follow_ups: list[tuple[Role, str, str]]) -> None:
    """A meeting three weeks ago whose follow-up actions, one per login, were due a week ago."""
    users = get_user_model().objects
    meeting = meeting_services.meeting_create(
        by=None,
        body=_body(_programme(municipality)),
        starts_at=timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
        - timedelta(days=21),
        place="(eksempel)",
        agenda_intro="Arbeidsmøte (eksempel).",
    )
    for role, name, text in follow_ups:
        person = person_create(by=None, municipality=municipality, name=name, title=str(role.label))
        person.user = users.get(username=demo_username(municipality, role))
        person.save(update_fields=["user"])
        meeting_services.action_add(
            by=None,
            meeting=meeting,
            text=text,
            owner=person,
            due_date=timezone.localdate() - timedelta(days=7),
        )


def _bergen_barrier(bergen: Municipality) -> None:
    barrier = barrier_services.barrier_register(
        programme=_programme(bergen),
        title="Husbankens frister passer ikke med kommunens budsjettår (eksempel)",
        description=(
            "Koordinatorene kan ikke løse dette selv og løfter saken til programstyret (eksempel)."
        ),
        by=None,
    )
    barrier_services.barrier_escalate(barrier=barrier, by=None)


def _fredericia_idea(fredericia: Municipality) -> None:
    idea_services.idea_register(
        municipality=fredericia,
        by=None,
        title="Lys og bænke ved stien gennem Korskærparken (eksempel)",
        text=(
            "Beboere ved et cafémøde foreslog bedre lys og flere bænke, så stien føles tryg om "
            "aftenen (eksempel)."
        ),
        programme=_programme(fredericia),
        synthetic=True,
    )
