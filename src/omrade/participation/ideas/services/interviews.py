"""Writes for interviews with key persons and the input register's coding.

Interview notes are stored only with the interviewee's consent, recorded with how and when
it was given; without consent the interview may be logged (who, when, themes) but the notes
are refused. Coding ties any piece of input in the register — by its kind and id — to
themes, a sub-programme, an area, and the programme's goals and measures it shaped.
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
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.participation.core.abuse import clean_text
from omrade.participation.core.models import InputCoding, Theme
from omrade.participation.core.permissions import can_run_participation
from omrade.participation.ideas.models import KeyPersonInterview
from omrade.portfolio.models import Measure
from omrade.programmes.models import Goal, Programme, SubProgramme
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser

INTERVIEW_NOTES_MAX = 20_000


def _same_municipality(municipality: Municipality, field: str, objects: Iterable[object]) -> None:
    for obj in objects:
        owner = getattr(obj, "municipality_id", None)
        if owner is None and hasattr(obj, "programme"):
            owner = obj.programme.municipality_id
        if owner != municipality.pk:
            raise ValidationError({field: _("Må høre til samme kommune.")})


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
    _same_municipality(municipality, "themes", themes)
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


@transaction.atomic
def input_code(
    *,
    municipality: Municipality,
    kind: str,
    object_id: int,
    by: AnyUser,
    themes: Iterable[Theme] = (),
    sub_programme: SubProgramme | None = None,
    area: Area | None = None,
    goals: Iterable[Goal] = (),
    measures: Iterable[Measure] = (),
    note: str = "",
) -> InputCoding:
    """Code one piece of input (replacing its earlier coding). The input must exist in the
    register for this municipality; everything linked must belong to the municipality."""
    from omrade.participation.core.register import kinds, provider_item

    require(can_run_participation, by, municipality)

    if kind not in kinds():
        raise ValidationError({"kind": _("Ukjent type innspill.")})
    if provider_item(municipality=municipality, user=by, kind=kind, object_id=object_id) is None:
        raise ValidationError({"object_id": _("Innspillet finnes ikke i denne kommunen.")})
    themes, goals, measures = list(themes), list(goals), list(measures)
    _same_municipality(municipality, "themes", themes)
    _same_municipality(municipality, "goals", goals)
    _same_municipality(municipality, "measures", measures)
    if sub_programme is not None:
        _same_municipality(municipality, "sub_programme", [sub_programme])
    if area is not None and area.municipality_id != municipality.pk:
        raise ValidationError({"area": _("Området må høre til samme kommune.")})
    coding = (
        InputCoding.objects.in_municipality(municipality)
        .filter(kind=kind, object_id=object_id)
        .first()
    ) or InputCoding(municipality=municipality, kind=kind, object_id=object_id)
    before = (
        {
            "themes": sorted(coding.themes.values_list("name", flat=True)),
            "sub_programme": coding.sub_programme_id,
            "area": coding.area_id,
        }
        if coding.pk
        else {}
    )
    coding.sub_programme, coding.area = sub_programme, area
    coding.note = clean_text(note, max_length=300)
    coding.coded_by_id = by.pk if by.is_authenticated else None
    coding.coded_at = timezone.now()
    save_validated(coding)
    coding.themes.set(themes)
    coding.goals.set(goals)
    coding.measures.set(measures)
    audit_record(
        municipality=municipality,
        actor=by,
        action="participation.input_coded",
        obj=coding,
        summary=_("Innspill %(kind)s %(id)s er kodet.") % {"kind": kind, "id": object_id},
        changes=changes_between(
            before,
            {
                "themes": sorted(theme.name for theme in themes),
                "sub_programme": coding.sub_programme_id,
                "area": coding.area_id,
            },
        ),
    )
    return coding
