"""Writes for interviews with key persons.

Interview notes are stored only with the interviewee's consent, recorded with how and when
it was given; without consent the interview may be logged (who, when, themes) but the notes
are refused. Interviews are input of the register (`ideas/register.py`), coded there like
any other input (`core/services.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from omrade.areas.models import Area
from omrade.common.audit import audit_record, changes_between
from omrade.common.services import save_validated
from omrade.participation.core.abuse import clean_text
from omrade.participation.core.models import Theme
from omrade.participation.core.services import check_same_municipality
from omrade.participation.ideas.models import KeyPersonInterview
from omrade.programmes.models import Programme, SubProgramme
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser

INTERVIEW_NOTES_MAX = 20_000


@transaction.atomic
def interview_record(
    *,
    municipality: Municipality,
    interviewer: AnyUser | None,
    role_or_organisation: str,
    interviewed_on: date,
    notes: str = "",
    consent: bool = False,
    consent_how: str = "",
    consent_on: date | None = None,
    name: str = "",
    programme: Programme | None = None,
    themes: Iterable[Theme] = (),
    area: Area | None = None,
    sub_programme: SubProgramme | None = None,
    synthetic: bool = False,
) -> KeyPersonInterview:
    """Record an interview with a key person. Notes without consent are refused."""
    themes = list(themes)
    check_same_municipality(municipality, "themes", themes)
    if programme is not None and programme.municipality_id != municipality.pk:
        raise ValidationError({"programme": _("Programmet må høre til samme kommune.")})
    if (
        sub_programme is not None
        and programme is not None
        and sub_programme.programme_id != programme.pk
    ):
        raise ValidationError({"sub_programme": _("Delprogrammet må høre til programmet.")})
    notes = notes.strip()
    if notes and not consent:
        raise ValidationError(
            {"consent": _("Notatene kan ikke lagres uten samtykke fra den som ble intervjuet.")}
        )
    if len(notes) > INTERVIEW_NOTES_MAX:
        raise ValidationError(
            {"notes": _("Notatene kan ha høyst %(max)s tegn.") % {"max": INTERVIEW_NOTES_MAX}}
        )
    if interviewed_on > timezone.localdate():
        raise ValidationError({"interviewed_on": _("Datoen kan ikke ligge fram i tid.")})
    interview = KeyPersonInterview(
        municipality=municipality,
        programme=programme,
        role_or_organisation=clean_text(role_or_organisation, max_length=200),
        name=clean_text(name, max_length=200),
        interviewed_on=interviewed_on,
        interviewer_id=(
            interviewer.pk if interviewer is not None and interviewer.is_authenticated else None
        ),
        notes=notes,
        consent=consent,
        consent_how=clean_text(consent_how, max_length=200),
        consent_on=consent_on,
        area=area,
        sub_programme=sub_programme,
        synthetic=synthetic,
    )
    if not interview.role_or_organisation:
        raise ValidationError(
            {"role_or_organisation": _("Skriv hvilken rolle eller organisasjon personen har.")}
        )
    save_validated(interview)
    interview.themes.set(themes)
    audit_record(
        municipality=municipality,
        actor=interviewer,
        action="participation.interview_recorded",
        obj=interview,
        summary=str(interview),
        changes=changes_between({}, {"consent": consent, "consent_how": interview.consent_how}),
    )
    return interview
