"""Writes for children's map registrations (barnetråkk): a teacher or coordinator opens a
session for a class with a short code; the children draw their way to school and mark places.

Privacy: no names and no device identifiers are stored — a mark holds only what the child
drew, its type, the transport mode, an optional place in words and a short comment. The rate
limiter counts by a keyed hash of the session code and a random per-browser cookie (never the
IP address); those hit rows expire with their window and are purged by the retention task.
"""

from __future__ import annotations

import math
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from omrade.areas.models import Area
from omrade.common.audit import audit_record
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.participation.core.abuse import clean_text
from omrade.participation.core.permissions import can_run_participation
from omrade.participation.surveys.models import (
    ChildMapMark,
    ChildMapSession,
    GradeGroup,
    MarkKind,
    TransportMode,
)
from omrade.participation.surveys.services.geometry import (
    GeometryRefused,
    areas_bounds,
    validate_geometry,
)
from omrade.programmes.models import Programme
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: codes a child can read off the board and type.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
MAX_COMMENT = 200
MAX_ROUTE_VERTICES = 500
DEFAULT_OPEN_DAYS = 14


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _position in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join(character for character in code.upper() if character.isalnum())[:CODE_LENGTH]


def _check_may_run(by: AnyUser | None, municipality: Municipality) -> None:
    require(
        can_run_participation,
        by,
        municipality,
        message=_("Du har ikke tilgang til å endre kartregistreringer for barn."),
    )


def clean_school_location(value: Any) -> dict[str, Any] | None:
    """The school's place as a GeoJSON Point [longitude, latitude] (WGS84, 6 decimals), or
    None for no place; anything else — not a point, not exactly two coordinates, outside
    the longitude/latitude range — is refused naming the field."""
    if value in (None, "", {}):
        return None
    if isinstance(value, dict):
        if value.get("type") != "Point":
            raise ValidationError(
                {"school_location": _("Skolens plassering må være ett punkt på kartet.")}
            )
        coordinates = value.get("coordinates")
    else:
        coordinates = value
    if not isinstance(coordinates, list | tuple) or len(coordinates) != 2:
        raise ValidationError(
            {
                "school_location": _(
                    "Skolens plassering må ha nøyaktig to koordinater: lengdegrad og breddegrad."
                )
            }
        )
    try:
        lon, lat = (float(number) for number in coordinates)
    except (TypeError, ValueError):
        raise ValidationError({"school_location": _("Skolens koordinater må være tall.")}) from None
    if not (math.isfinite(lon) and math.isfinite(lat)) or not (
        -180 <= lon <= 180 and -90 <= lat <= 90
    ):
        raise ValidationError(
            {
                "school_location": _(
                    "Skolens plassering er utenfor gyldig område: breddegrad må være mellom "
                    "-90 og 90 og lengdegrad mellom -180 og 180 (WGS84)."
                )
            }
        )
    return {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}


@transaction.atomic
def childmap_session_set_school(
    *,
    session: ChildMapSession,
    school_location: Any,
    by: AnyUser | None,
    school_name: str | None = None,
) -> ChildMapSession:
    """Set (or, with None, remove) where the school is, and optionally rename the school."""
    _check_may_run(by, session.municipality)
    session.school_location = clean_school_location(school_location)
    fields = ["school_location"]
    if school_name is not None:
        name = clean_text(school_name, max_length=200)
        if not name:
            raise ValidationError({"school_name": _("Skriv navnet på skolen.")})
        session.school_name = name
        fields.append("school_name")
    session.save(update_fields=fields)
    audit_record(
        municipality=session.municipality,
        actor=by,
        action="childmap.school_set",
        obj=session,
        summary=_("Skolen for kartregistreringen %(session)s er endret.") % {"session": session},
    )
    return session


@transaction.atomic
def childmap_session_open(
    *,
    municipality: Municipality,
    school_name: str,
    grade_group: str,
    by: AnyUser | None,
    area: Area | None = None,
    programme: Programme | None = None,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    school_location: Any = None,
    synthetic: bool = False,
) -> ChildMapSession:
    """Open a session with a fresh code (unique among open sessions); open from now for two
    weeks unless told otherwise. `school_location` (optional) is where the school is: a
    GeoJSON Point or (longitude, latitude) in WGS84, marked on the children's map."""
    _check_may_run(by, municipality)
    location = clean_school_location(school_location)
    school_name = clean_text(school_name, max_length=200)
    if not school_name:
        raise ValidationError({"school_name": _("Skriv navnet på skolen.")})
    if grade_group not in GradeGroup.values:
        raise ValidationError({"grade_group": _("Velg trinn: 1.–4., 5.–7. eller 8.–10.")})
    if area is not None and area.municipality_id != municipality.pk:
        raise ValidationError({"area": _("Området hører til en annen kommune.")})
    if programme is not None and programme.municipality_id != municipality.pk:
        raise ValidationError({"programme": _("Programmet hører til en annen kommune.")})
    opens_at = opens_at or timezone.now()
    closes_at = closes_at or opens_at + timedelta(days=DEFAULT_OPEN_DAYS)
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("Økten må stenge etter at den åpner.")})
    for _attempt in range(20):
        session = ChildMapSession(
            municipality=municipality,
            programme=programme,
            area=area,
            school_name=school_name,
            school_location=location,
            grade_group=grade_group,
            code=new_code(),
            opens_at=opens_at,
            closes_at=closes_at,
            opened_by_id=by.pk if by is not None and by.is_authenticated else None,
            synthetic=synthetic,
        )
        try:
            with transaction.atomic():
                session.save()
        except IntegrityError:
            continue  # the code is in use by another open session: draw again
        audit_record(
            municipality=municipality,
            actor=by,
            action="childmap.opened",
            obj=session,
            summary=_("Kartregistrering for %(session)s er åpnet.") % {"session": session},
        )
        return session
    raise ValidationError({"code": _("Fant ingen ledig kode. Prøv igjen.")})


@transaction.atomic
def childmap_session_close(*, session: ChildMapSession, by: AnyUser | None) -> ChildMapSession:
    """Close the session: no more marks; its code may be used again later."""
    if session.is_open:
        session.is_open = False
        now = timezone.now()
        if session.closes_at > now:
            session.closes_at = max(now, session.opens_at + timedelta(seconds=1))
        session.save(update_fields=["is_open", "closes_at"])
        audit_record(
            municipality=session.municipality,
            actor=by,
            action="childmap.closed",
            obj=session,
            summary=_("Kartregistrering for %(session)s er stengt.") % {"session": session},
        )
    return session


def _place_ids(session: ChildMapSession) -> set[int]:
    if session.area is None:
        return set(Area.objects.in_municipality(session.municipality).values_list("pk", flat=True))
    return {session.area.pk, *session.area.children.values_list("pk", flat=True)}


@transaction.atomic
def childmap_mark_add(
    *,
    session: ChildMapSession,
    kind: str,
    geometry: dict[str, Any] | None = None,
    transport_mode: str = "",
    want_change: bool = False,
    place_area: Area | int | None = None,
    place_text: str = "",
    comment: str = "",
    synthetic: bool = False,
) -> ChildMapMark:
    """One mark: the way to school (a line, with transport mode) or a place (a point), drawn
    on the map or — the non-map alternative — chosen from the list or described in words."""
    if not session.accepts_marks():
        raise ValidationError({"session": _("Denne kartregistreringen er stengt.")})
    if kind not in MarkKind.values:
        raise ValidationError({"kind": _("Du må velge hva du vil vise.")})
    route = kind == MarkKind.BARNEVEG
    if route and transport_mode not in TransportMode.values:
        raise ValidationError({"transport_mode": _("Velg hvordan du kommer deg til skolen.")})
    if not route:
        transport_mode = ""
    clean_geometry = None
    if geometry not in (None, "", {}):
        try:
            clean_geometry = validate_geometry(
                geometry,
                kind="line" if route else "point",
                bounds=areas_bounds([session.area]) if session.area is not None else None,
                max_vertices=MAX_ROUTE_VERTICES if route else 1,
            )
        except GeometryRefused as refused:
            raise ValidationError({"geometry": str(refused)}) from None
    place_id = place_area.pk if isinstance(place_area, Area) else place_area
    if place_id is not None and place_id not in _place_ids(session):
        raise ValidationError({"place_area": _("Ukjent sted.")})
    place_words = clean_text(place_text, max_length=200)
    if clean_geometry is None and place_id is None and not place_words:
        raise ValidationError(
            {
                "geometry": _(
                    "Tegn på kartet, velg et sted fra listen, eller beskriv stedet med ord."
                )
            }
        )
    mark = ChildMapMark(
        session=session,
        kind=kind,
        want_change=bool(want_change) and kind == MarkKind.NEGATIV,
        transport_mode=transport_mode,
        geometry=clean_geometry,
        place_area_id=place_id,
        place_text=place_words,
        comment=clean_text(comment, max_length=MAX_COMMENT),
        synthetic=synthetic,
    )
    save_validated(mark)
    return mark
