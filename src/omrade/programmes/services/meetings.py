"""Writes for a body's meetings: agenda, attendance, minutes, numbered decisions and
follow-up actions. Recording a decision and changing an action's status are audited."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from omrade.common.audit import audit_record, changes_between
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.common.workflow import Transition
from omrade.programmes.models import (
    ActionStatus,
    AgendaItem,
    Attendance,
    Body,
    BodyMember,
    Decision,
    FollowUpAction,
    Meeting,
)
from omrade.programmes.permissions import can_manage_meetings, can_update_action
from omrade.programmes.workflow import FOLLOW_UP_WORKFLOW
from omrade.tenancy.models import MunicipalUnit, Person
from omrade.tenancy.selectors import AnyUser

# «Sak 12/2024», «12/2024» or «sak 12 / 2024».
REFERENCE_PATTERN = re.compile(r"^\s*(?:sak\s+)?(\d{1,6})\s*/\s*(\d{4})\s*$", re.IGNORECASE)


def format_reference(number: int, year: int) -> str:
    return f"Sak {number}/{year}"


@transaction.atomic
def meeting_create(
    *,
    by: AnyUser | None,
    body: Body,
    starts_at: datetime,
    place: str = "",
    agenda_intro: str = "",
    is_public: bool = False,
) -> Meeting:
    require(can_manage_meetings, by, body)
    if timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": _("Tidspunktet må ha tidssone.")})
    meeting = Meeting(
        body=body,
        starts_at=starts_at,
        place=place.strip(),
        agenda_intro=agenda_intro.strip(),
        is_public=is_public,
    )
    save_validated(meeting)
    return meeting


@transaction.atomic
def agenda_item_add(
    *,
    by: AnyUser | None,
    meeting: Meeting,
    title: str,
    description: str = "",
    is_public: bool = False,
    number: int | None = None,
) -> AgendaItem:
    """Add an item to the agenda; without a number it comes last."""
    require(can_manage_meetings, by, meeting.body)
    if number is None:
        highest = meeting.agenda_items.aggregate(highest=Max("number"))["highest"]
        number = 1 if highest is None else highest + 1
    elif meeting.agenda_items.filter(number=number).exists():
        raise ValidationError(
            {"number": _("Sakslisten har allerede en sak nummer %(number)s.") % {"number": number}}
        )
    item = AgendaItem(
        meeting=meeting,
        number=number,
        title=title.strip(),
        description=description.strip(),
        is_public=is_public,
    )
    save_validated(item)
    return item


@transaction.atomic
def attendance_record(
    *,
    by: AnyUser | None,
    meeting: Meeting,
    member: BodyMember | None = None,
    name: str = "",
    present: bool = True,
    note: str = "",
) -> Attendance:
    """Record who came (or sent apologies): a member of the body, or a name."""
    require(can_manage_meetings, by, meeting.body)
    if member is not None and member.body_id != meeting.body_id:
        raise ValidationError({"member": _("Medlemmet hører ikke til organet som holdt møtet.")})
    attendance = Attendance(
        meeting=meeting, member=member, name=name.strip(), present=present, note=note.strip()
    )
    save_validated(attendance)
    return attendance


@transaction.atomic
def minutes_save(
    *, by: AnyUser | None, meeting: Meeting, minutes: str, is_public: bool | None = None
) -> Meeting:
    require(can_manage_meetings, by, meeting.body)
    meeting.minutes = minutes.strip()
    if is_public is not None:
        meeting.is_public = is_public
    save_validated(meeting)
    return meeting


def _number_and_year(meeting: Meeting, reference: str) -> tuple[int, int]:
    programme = meeting.body.programme
    if not reference.strip():
        year = timezone.localtime(meeting.starts_at).year
        highest = programme.decisions.filter(year=year).aggregate(highest=Max("number"))
        return (highest["highest"] or 0) + 1, year
    match = REFERENCE_PATTERN.match(reference)
    if match is None:
        raise ValidationError(
            {"reference": _("Skriv saksreferansen som «Sak 12/2024», eller la feltet stå tomt.")}
        )
    number, year = int(match.group(1)), int(match.group(2))
    if number < 1:
        raise ValidationError({"reference": _("Saksnummeret må være 1 eller høyere.")})
    if programme.decisions.filter(year=year, number=number).exists():
        raise ValidationError(
            {
                "reference": _("Programmet har allerede et vedtak med referansen «%(reference)s».")
                % {"reference": format_reference(number, year)}
            }
        )
    return number, year


@transaction.atomic
def decision_record(
    *,
    meeting: Meeting,
    text: str,
    by: AnyUser | None,
    agenda_item: AgendaItem | None = None,
    reference: str = "",
    is_public: bool = False,
) -> Decision:
    """Record a decision. It gets the next number of its year within the programme
    («Sak 3/2024») unless a reference is given. Audited."""
    require(can_manage_meetings, by, meeting.body)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Saken hører ikke til dette møtet.")})
    if not text.strip():
        raise ValidationError({"text": _("Skriv vedtaket.")})
    programme = meeting.body.programme
    # Lock the programme row so two decisions recorded at once do not get the same number.
    type(programme).objects.select_for_update().filter(pk=programme.pk).first()
    number, year = _number_and_year(meeting, reference)
    decision = Decision(
        programme=programme,
        meeting=meeting,
        agenda_item=agenda_item,
        year=year,
        number=number,
        reference=format_reference(number, year),
        text=text.strip(),
        is_public=is_public,
    )
    save_validated(decision)
    audit_record(
        municipality=programme.municipality,
        actor=by,
        action="decision.recorded",
        obj=decision,
        summary=_("Vedtak %(reference)s i %(meeting)s")
        % {"reference": decision.reference, "meeting": meeting},
        changes=changes_between(
            {},
            {"reference": decision.reference, "text": decision.text, "is_public": is_public},
        ),
    )
    return decision


@transaction.atomic
def action_add(
    *,
    by: AnyUser | None,
    meeting: Meeting,
    text: str,
    decision: Decision | None = None,
    owner: Person | None = None,
    owner_unit: MunicipalUnit | None = None,
    due_date: date | None = None,
) -> FollowUpAction:
    require(can_manage_meetings, by, meeting.body)
    municipality = meeting.body.programme.municipality
    if decision is not None and decision.meeting_id != meeting.pk:
        raise ValidationError({"decision": _("Vedtaket hører ikke til dette møtet.")})
    if owner is not None and owner.municipality_id != municipality.pk:
        raise ValidationError({"owner": _("Den ansvarlige hører ikke til kommunen.")})
    if owner_unit is not None and owner_unit.municipality_id != municipality.pk:
        raise ValidationError({"owner_unit": _("Enheten hører ikke til kommunen.")})
    action = FollowUpAction(
        meeting=meeting,
        decision=decision,
        text=text.strip(),
        owner=owner,
        owner_unit=owner_unit,
        due_date=due_date,
    )
    save_validated(action)
    return action


def action_set_status(*, action: FollowUpAction, status: str, by: AnyUser | None) -> FollowUpAction:
    """Change a follow-up action's status (`workflow.FOLLOW_UP_WORKFLOW`, as its owner or
    whoever runs the body's meetings); done sets when, anything else clears it. Audited."""
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Ukjent status «%(status)s».") % {"status": status}})
    if status == action.status:
        require(can_update_action, by, action)
        return action

    def update(action: FollowUpAction, transition: Transition) -> None:
        action.done_at = timezone.now() if transition.target == ActionStatus.DONE else None

    FOLLOW_UP_WORKFLOW.apply(action, status, by=by, update=update)
    return action
