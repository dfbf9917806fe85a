"""Writes for the input register: themes, and coding a piece of input.

Themes code ideas, interviews and the register. Coding ties any piece of input in the
register — by its kind and id — to themes, a sub-programme, an area, and the programme's goals
and measures it shaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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
from omrade.participation.core.register import kinds, provider_item
from omrade.portfolio.models import Measure
from omrade.programmes.models import Goal, SubProgramme
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser


def check_same_municipality(
    municipality: Municipality, field: str, objects: Iterable[object]
) -> None:
    """Refuse (on `field`) any object that is not the municipality's own, directly or
    through its programme."""
    for obj in objects:
        owner = getattr(obj, "municipality_id", None)
        if owner is None and hasattr(obj, "programme"):
            owner = obj.programme.municipality_id
        if owner != municipality.pk:
            raise ValidationError({field: _("Må høre til samme kommune.")})


@transaction.atomic
def theme_create(
    *,
    municipality: Municipality,
    name: str,
    sub_programme: Any = None,
    position: int = 0,
    by: AnyUser | None,
) -> Theme:
    """A theme that codes ideas, interviews and the input register."""
    require(can_run_participation, by, municipality)
    name = clean_text(name, max_length=100)
    if not name:
        raise ValidationError({"name": _("Gi temaet et navn.")})
    if Theme.objects.in_municipality(municipality).filter(name__iexact=name).exists():
        raise ValidationError({"name": _("Det finnes allerede et tema med dette navnet.")})
    theme = Theme(
        municipality=municipality, name=name, sub_programme=sub_programme, position=position
    )
    save_validated(theme)
    return theme


@transaction.atomic
def theme_update(
    *,
    theme: Theme,
    name: str,
    sub_programme: Any = None,
    position: int = 0,
    by: AnyUser | None,
) -> Theme:
    require(can_run_participation, by, theme.municipality)
    name = clean_text(name, max_length=100)
    if not name:
        raise ValidationError({"name": _("Gi temaet et navn.")})
    taken = Theme.objects.in_municipality(theme.municipality).filter(name__iexact=name)
    if taken.exclude(pk=theme.pk).exists():
        raise ValidationError({"name": _("Det finnes allerede et tema med dette navnet.")})
    theme.name, theme.sub_programme, theme.position = name, sub_programme, position
    save_validated(theme)
    return theme


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
    require(can_run_participation, by, municipality)

    if kind not in kinds():
        raise ValidationError({"kind": _("Ukjent type innspill.")})
    if provider_item(municipality=municipality, user=by, kind=kind, object_id=object_id) is None:
        raise ValidationError({"object_id": _("Innspillet finnes ikke i denne kommunen.")})
    themes, goals, measures = list(themes), list(goals), list(measures)
    check_same_municipality(municipality, "themes", themes)
    check_same_municipality(municipality, "goals", goals)
    check_same_municipality(municipality, "measures", measures)
    if sub_programme is not None:
        check_same_municipality(municipality, "sub_programme", [sub_programme])
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
