"""Writes for a programme, its state agreements, governing documents, sub-programmes, goals,
goal indicators and measurements."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from omrade.areas.models import Area, Indicator
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.programmes.models import (
    DocumentKind,
    Goal,
    GoalIndicator,
    GoalKind,
    GoverningDocument,
    Measurement,
    PartTerms,
    Programme,
    ProgrammeStatus,
    StateAgreement,
    SubProgramme,
)
from omrade.programmes.permissions import can_edit_goal, can_manage_programmes
from omrade.tenancy.models import Municipality, Person
from omrade.tenancy.selectors import AnyUser

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
PROGRAMME_FIELDS = (
    "name",
    "start_year",
    "end_year",
    "status",
    "political_basis",
    "mandate",
    "target_groups",
    "themes",
    "network",
    "part_terms",
)


def _check_areas(municipality: Municipality, areas: Iterable[Area]) -> list[Area]:
    chosen = list(areas)
    if any(area.municipality_id != municipality.id for area in chosen):
        raise ValidationError({"areas": _("Områdene må høre til samme kommune.")})
    return chosen


@transaction.atomic
def programme_create(
    *,
    by: AnyUser | None,
    municipality: Municipality,
    name: str,
    start_year: int,
    end_year: int,
    status: str = ProgrammeStatus.ACTIVE,
    political_basis: str = "",
    mandate: str = "",
    target_groups: str = "",
    themes: str = "",
    network: str = "",
    areas: Iterable[Area] = (),
    part_terms: str = PartTerms.SUB_PROGRAMMES,
) -> Programme:
    require(can_manage_programmes, by, municipality)
    chosen = _check_areas(municipality, areas)
    if Programme.objects.in_municipality(municipality).filter(name=name.strip()).exists():
        raise ValidationError(
            {"name": _("Kommunen har alt et program som heter «%(name)s».") % {"name": name}}
        )
    programme = Programme(
        municipality=municipality,
        name=name.strip(),
        start_year=start_year,
        end_year=end_year,
        status=status,
        political_basis=political_basis,
        mandate=mandate,
        target_groups=target_groups,
        themes=themes,
        network=network,
        part_terms=part_terms,
    )
    save_validated(programme)
    programme.areas.set(chosen)
    return programme


@transaction.atomic
def programme_update(
    *, by: AnyUser | None, programme: Programme, areas: Iterable[Area] | None = None, **fields: Any
) -> Programme:
    require(can_manage_programmes, by, programme.municipality)
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValueError(f"not programme fields: {sorted(unknown)}")
    for field_name, value in fields.items():
        setattr(programme, field_name, value.strip() if isinstance(value, str) else value)
    save_validated(programme)
    if areas is not None:
        programme.areas.set(_check_areas(programme.municipality, areas))
    return programme


@transaction.atomic
def agreement_add(
    *, by: AnyUser | None, programme: Programme, party: str, signed_on: date, description: str = ""
) -> StateAgreement:
    require(can_manage_programmes, by, programme.municipality)
    agreement = StateAgreement(
        programme=programme, party=party.strip(), signed_on=signed_on, description=description
    )
    save_validated(agreement)
    return agreement


def _check_document_file(upload: UploadedFile) -> None:
    """PDF or DOCX by content, not by name: the first bytes must say so."""
    if upload.size is not None and upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": _("Filen er større enn 20 MB.")})
    head = upload.read(8)
    upload.seek(0)
    is_pdf = head.startswith(b"%PDF-")
    is_docx = head.startswith(b"PK\x03\x04") and _zip_has(upload, "word/document.xml")
    if not (is_pdf or is_docx):
        raise ValidationError(
            {"file": _("«%(name)s» er ikke en PDF- eller DOCX-fil.") % {"name": upload.name}}
        )


def _zip_has(upload: UploadedFile, member: str) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(upload) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


@transaction.atomic
def document_add(
    *,
    by: AnyUser | None,
    programme: Programme,
    kind: str,
    title: str,
    dated: date | None = None,
    version: str = "",
    file: UploadedFile | None = None,
    replaces: GoverningDocument | None = None,
) -> GoverningDocument:
    """Register a governing document, optionally with its PDF/DOCX file and the version it
    replaces."""
    require(can_manage_programmes, by, programme.municipality)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Ukjent dokumenttype.")})
    if file is not None:
        _check_document_file(file)
    if replaces is not None and hasattr(replaces, "replaced_by"):
        raise ValidationError(
            {
                "replaces": _("«%(title)s» er alt erstattet av en nyere versjon.")
                % {"title": replaces}
            }
        )
    document = GoverningDocument(
        programme=programme,
        kind=kind,
        title=title.strip(),
        dated=dated,
        version=version.strip(),
        replaces=replaces,
    )
    if file is not None:
        document.file.save(file.name or "document", file, save=False)
    save_validated(document)
    return document


@transaction.atomic
def sub_programme_create(
    *,
    by: AnyUser | None,
    programme: Programme,
    name: str,
    coordinator: Person | None = None,
    coordinator_share: Any = None,
    position: int | None = None,
) -> SubProgramme:
    require(can_manage_programmes, by, programme.municipality)
    if coordinator is not None and coordinator.municipality_id != programme.municipality_id:
        raise ValidationError({"coordinator": _("Koordinatoren må høre til samme kommune.")})
    if position is None:
        position = programme.sub_programmes.count() + 1
    sub_programme = SubProgramme(
        programme=programme,
        name=name.strip(),
        coordinator=coordinator,
        coordinator_share=coordinator_share,
        position=position,
    )
    save_validated(sub_programme)
    return sub_programme


@transaction.atomic
def sub_programme_update(
    *,
    by: AnyUser | None,
    sub_programme: SubProgramme,
    name: str,
    coordinator: Person | None = None,
    coordinator_share: Any = None,
) -> SubProgramme:
    require(can_manage_programmes, by, sub_programme.programme.municipality)
    municipality_id = sub_programme.programme.municipality_id
    if coordinator is not None and coordinator.municipality_id != municipality_id:
        raise ValidationError({"coordinator": _("Koordinatoren må høre til samme kommune.")})
    sub_programme.name = name.strip()
    sub_programme.coordinator = coordinator
    sub_programme.coordinator_share = coordinator_share
    save_validated(sub_programme)
    return sub_programme


@transaction.atomic
def goal_create(
    *,
    by: AnyUser | None,
    programme: Programme,
    kind: str,
    text: str,
    parent: Goal | None = None,
    sub_programme: SubProgramme | None = None,
    position: int | None = None,
) -> Goal:
    """Add a goal where the seed's tree allows it: one main goal, an overarching goal per
    sub-programme under it, and citizen-oriented or organisational sub-goals under those."""
    require(can_edit_goal, by, programme, parent)
    if kind == GoalKind.MAIN and programme.goals.filter(kind=GoalKind.MAIN).exists():
        raise ValidationError({"kind": _("Programmet har alt et hovedmål.")})
    if kind == GoalKind.MAIN and parent is None:
        sub_programme = None
    if parent is not None and kind != GoalKind.OVERARCHING and sub_programme is None:
        sub_programme = parent.sub_programme  # sub-goals belong where their parent belongs
    if (
        kind == GoalKind.OVERARCHING
        and sub_programme is not None
        and sub_programme.goals.filter(kind=GoalKind.OVERARCHING).exists()
    ):
        raise ValidationError({"sub_programme": _("Delprogrammet har alt et overordnet mål.")})
    if position is None:
        position = programme.goals.filter(parent=parent).count() + 1
    goal = Goal(
        programme=programme,
        kind=kind,
        text=text.strip(),
        parent=parent,
        sub_programme=sub_programme,
        position=position,
    )
    save_validated(goal)
    return goal


@transaction.atomic
def goal_update(*, by: AnyUser | None, goal: Goal, text: str) -> Goal:
    require(can_edit_goal, by, goal.programme, goal)
    goal.text = text.strip()
    save_validated(goal)
    return goal


@transaction.atomic
def goal_delete(*, by: AnyUser | None, goal: Goal) -> None:
    """Remove a goal; refused, naming them, while other goals or anything else points to it.

    Later apps (measures and benefits in the portfolio, reports) point to goals too; every
    relation to Goal is counted, so a new one cannot be forgotten here."""
    require(can_edit_goal, by, goal.programme, goal)
    blockers = []
    for relation in goal._meta.related_objects:
        count = getattr(goal, str(relation.get_accessor_name())).count()
        if not count:
            continue
        if relation.related_model is Goal:
            blockers.append(_("%(count)s mål under det") % {"count": count})
        else:
            names = relation.related_model._meta.verbose_name_plural
            blockers.append(f"{count} {names}")
    if blockers:
        raise ValidationError(
            _("Målet kan ikke fjernes fordi %(what)s viser til det.")
            % {"what": _(" og ").join(blockers)}
        )
    goal.delete()


@transaction.atomic
def goal_indicator_add(
    *,
    by: AnyUser | None,
    goal: Goal,
    indicator: Indicator | None = None,
    area: Area | None = None,
    own_measure: str = "",
    unit: str = "",
    higher_is_better: bool | None = None,
    baseline_value: float | None = None,
    baseline_year: int | None = None,
    target_value: float | None = None,
    target_year: int | None = None,
) -> GoalIndicator:
    """Measure a goal by an area indicator in an area, or by the programme's own measure."""
    require(can_edit_goal, by, goal.programme, goal)
    municipality = goal.programme.municipality
    if (indicator is None) == (not own_measure.strip()):
        raise ValidationError(
            _("Velg enten en indikator fra områdestatistikken eller skriv programmets eget mål.")
        )
    if area is not None and area.municipality_id != municipality.id:
        raise ValidationError({"area": _("Området må høre til samme kommune.")})
    if indicator is not None and indicator.municipality_id not in (None, municipality.id):
        raise ValidationError({"indicator": _("Indikatoren hører til en annen kommune.")})
    if indicator is not None:
        higher_is_better = not indicator.higher_is_worse  # the indicator knows its direction
    elif higher_is_better is None:
        higher_is_better = True
    goal_indicator = GoalIndicator(
        goal=goal,
        indicator=indicator,
        area=area,
        own_measure=own_measure.strip(),
        unit=unit.strip() or (indicator.get_unit_display() if indicator else ""),
        higher_is_better=higher_is_better,
        baseline_value=baseline_value,
        baseline_year=baseline_year,
        target_value=target_value,
        target_year=target_year,
    )
    save_validated(goal_indicator)
    return goal_indicator


@transaction.atomic
def measurement_record(
    *, by: AnyUser | None, goal_indicator: GoalIndicator, year: int, value: float, note: str = ""
) -> Measurement:
    """Record (or correct) the year's value of a programme's own measure."""
    require(can_edit_goal, by, goal_indicator.goal.programme, goal_indicator.goal)
    if goal_indicator.indicator_id is not None:
        raise ValidationError(
            _("Verdiene til en indikator fra områdestatistikken kommer fra statistikken.")
        )
    measurement = goal_indicator.measurements.filter(year=year).first() or Measurement(
        goal_indicator=goal_indicator, year=year
    )
    measurement.value, measurement.note = value, note
    save_validated(measurement)
    return measurement
