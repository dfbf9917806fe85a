"""Participation models: meeting places (nærmiljøarenaer) with their opening hours, rooms,
recurring activities, attendance and bookings; local committees (lokalsamfunnsutvalg) with
their boards, annual meetings and grants; events (folkemøter, verksteder, forumsamlinger) with
registrations, a waiting list and attendance.

Attendance is counted by the same age groups everywhere (`AgeGroupCounts`). Rules that span
several rows (no overlapping confirmed bookings, the waiting list, the sum passed on from a
committee's grant) live in `services/places*.py`; one-row rules live here.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from omrade.areas.models import Area
from omrade.portfolio.models import Measure
from omrade.programmes.models import Programme
from omrade.tenancy.models import (
    Country,
    MunicipalUnit,
    Organisation,
    Person,
    TenantModel,
)

__all__ = [
    "AGE_GROUPS",
    "SINGLE_OFFICES",
    "ActivitySession",
    "AgeGroupCounts",
    "AnnualMeeting",
    "Booking",
    "BookingStatus",
    "CommitteeBoardMember",
    "CommitteeGrant",
    "CommitteeOffice",
    "Event",
    "EventAttendance",
    "EventKind",
    "GrantDistribution",
    "LocalCommittee",
    "MeetingPlace",
    "OpeningHours",
    "PlaceActivity",
    "Registration",
    "RegistrationStatus",
    "Room",
    "Weekday",
]


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("mandag")
    TUESDAY = 1, _("tirsdag")
    WEDNESDAY = 2, _("onsdag")
    THURSDAY = 3, _("torsdag")
    FRIDAY = 4, _("fredag")
    SATURDAY = 5, _("lørdag")
    SUNDAY = 6, _("søndag")


# (field, label): the age groups attendance is counted in, at meeting places and events.
AGE_GROUPS: list[tuple[str, Any]] = [
    ("age_0_5", _("0–5 år")),
    ("age_6_12", _("6–12 år")),
    ("age_13_15", _("13–15 år")),
    ("age_16_19", _("16–19 år")),
    ("age_20_29", _("20–29 år")),
    ("age_30_66", _("30–66 år")),
    ("age_67_plus", _("67 år og eldre")),
    ("age_unknown", _("Ukjent alder")),
]


class AgeGroupCounts(models.Model):
    """Counts of people per age group; never negative (the database checks it too)."""

    age_0_5 = models.PositiveIntegerField(_("0–5 år"), default=0)
    age_6_12 = models.PositiveIntegerField(_("6–12 år"), default=0)
    age_13_15 = models.PositiveIntegerField(_("13–15 år"), default=0)
    age_16_19 = models.PositiveIntegerField(_("16–19 år"), default=0)
    age_20_29 = models.PositiveIntegerField(_("20–29 år"), default=0)
    age_30_66 = models.PositiveIntegerField(_("30–66 år"), default=0)
    age_67_plus = models.PositiveIntegerField(_("67 år og eldre"), default=0)
    age_unknown = models.PositiveIntegerField(_("ukjent alder"), default=0)

    class Meta:
        abstract = True

    @property
    def total(self) -> int:
        return sum(int(getattr(self, field)) for field, _label in AGE_GROUPS)

    def counts(self) -> list[tuple[Any, int]]:
        """(label, count) per age group, in order."""
        return [(label, int(getattr(self, field))) for field, label in AGE_GROUPS]


# Plausible coordinates (WGS84) per country: the mainland with its islands, generously.
PLAUSIBLE_BOUNDS = {
    Country.NORWAY: {"latitude": (57.5, 71.5), "longitude": (4.0, 31.5)},
    Country.DENMARK: {"latitude": (54.4, 57.9), "longitude": (7.9, 15.3)},
}


class MeetingPlace(TenantModel):  # nærmiljøarena / møteplass
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_places",
        verbose_name=_("program"),
    )
    areas = models.ManyToManyField(
        Area, blank=True, related_name="meeting_places", verbose_name=_("områder")
    )
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("breddegrad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("WGS84, for eksempel 59.210400."),
    )
    longitude = models.DecimalField(
        _("lengdegrad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("WGS84, for eksempel 10.946500."),
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eier (organisasjon)"),
    )
    owner_unit = models.ForeignKey(
        MunicipalUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eier (kommunal enhet)"),
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("samarbeidspartnere")
    )
    area_developer = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig områdeutvikler"),
    )
    opening_note = models.TextField(
        _("merknad om åpningstider"),
        blank=True,
        help_text=_("For eksempel «Stengt i fellesferien»."),
    )
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    is_public = models.BooleanField(
        _("vises offentlig"), default=True, help_text=_("Egen side for innbyggerne.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("møteplass")
        verbose_name_plural = _("møteplasser")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="meeting_place_name_unique_in_municipality"
            ),
            models.CheckConstraint(
                condition=Q(owner_organisation__isnull=True) | Q(owner_unit__isnull=True),
                name="meeting_place_one_owner",
                violation_error_message=_(
                    "Velg enten en organisasjon eller en kommunal enhet som eier, ikke begge."
                ),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="meeting_place_location_complete",
                violation_error_message=_("Oppgi både breddegrad og lengdegrad, eller ingen."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner(self) -> Organisation | MunicipalUnit | None:
        return self.owner_organisation or self.owner_unit

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if (self.latitude is None) != (self.longitude is None):
            missing = "latitude" if self.latitude is None else "longitude"
            errors[missing] = _("Oppgi både breddegrad og lengdegrad, eller ingen.")
        elif self.latitude is not None and self.longitude is not None and self.municipality_id:
            bounds = PLAUSIBLE_BOUNDS.get(Country(self.municipality.country))
            if bounds:
                for field in ("latitude", "longitude"):
                    low, high = bounds[field]
                    if not low <= float(getattr(self, field)) <= high:
                        errors[field] = _(
                            "Punktet ligger utenfor %(country)s (gyldig: %(low)s til %(high)s). "
                            "Har du byttet om breddegrad og lengdegrad?"
                        ) % {
                            "country": Country(self.municipality.country).label,
                            "low": low,
                            "high": high,
                        }
        if self.owner_organisation_id and self.owner_unit_id:
            errors["owner_unit"] = _(
                "Velg enten en organisasjon eller en kommunal enhet som eier, ikke begge."
            )
        for field in ("owner_organisation", "owner_unit", "area_developer", "programme"):
            related = getattr(self, field) if getattr(self, f"{field}_id") else None
            if related is not None and related.municipality_id != self.municipality_id:
                errors[field] = _("Må høre til samme kommune som møteplassen.")
        if errors:
            raise ValidationError(errors)


class OpeningHours(models.Model):  # åpningstid: one interval on one weekday
    place = models.ForeignKey(
        MeetingPlace,
        on_delete=models.CASCADE,
        related_name="opening_hours",
        verbose_name=_("møteplass"),
    )
    weekday = models.PositiveSmallIntegerField(_("ukedag"), choices=Weekday.choices)
    opens = models.TimeField(_("åpner"))
    closes = models.TimeField(_("stenger"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("åpningstid")
        verbose_name_plural = _("åpningstider")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")),
                name="opening_hours_close_after_open",
                violation_error_message=_("Stengetid må være etter åpningstid."),
            ),
            models.UniqueConstraint(
                fields=["place", "weekday", "opens"], name="opening_hours_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Room(models.Model):  # rom som kan lånes
    place = models.ForeignKey(
        MeetingPlace, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("møteplass")
    )
    name = models.CharField(_("navn"), max_length=200)
    capacity = models.PositiveIntegerField(_("antall plasser"), null=True, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    bookable = models.BooleanField(
        _("kan bookes av lokale grupper"),
        default=True,
        help_text=_("Vises i bookingskjemaet på den offentlige siden."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("rom")
        verbose_name_plural = _("rom")
        constraints = [
            models.UniqueConstraint(fields=["place", "name"], name="room_name_unique_in_place")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.place.name})"


class PlaceActivity(models.Model):  # fast aktivitet på en møteplass
    place = models.ForeignKey(
        MeetingPlace,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("møteplass"),
    )
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    organiser_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("arrangør (organisasjon)"),
    )
    organiser_unit = models.ForeignKey(
        MunicipalUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("arrangør (kommunal enhet)"),
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="place_activities",
        verbose_name=_("tiltak"),
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("rom"),
    )
    weekdays = models.JSONField(_("ukedager"), default=list)
    starts_at = models.TimeField(_("fra klokken"))
    ends_at = models.TimeField(_("til klokken"))
    valid_from = models.DateField(_("gjelder fra"))
    valid_to = models.DateField(_("gjelder til"), null=True, blank=True)
    age_from = models.PositiveSmallIntegerField(
        _("alder fra"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    age_to = models.PositiveSmallIntegerField(
        _("alder til"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    is_public = models.BooleanField(_("vises offentlig"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("fast aktivitet")
        verbose_name_plural = _("faste aktiviteter")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="place_activity_ends_after_start",
                violation_error_message=_("Sluttid må være etter starttid."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="place_activity_valid_to_after_from",
                violation_error_message=_("«Gjelder til» kan ikke være før «gjelder fra»."),
            ),
            models.CheckConstraint(
                condition=Q(organiser_organisation__isnull=True) | Q(organiser_unit__isnull=True),
                name="place_activity_one_organiser",
                violation_error_message=_(
                    "Velg enten en organisasjon eller en kommunal enhet som arrangør, ikke begge."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organiser(self) -> Organisation | MunicipalUnit | None:
        return self.organiser_organisation or self.organiser_unit

    @property
    def weekday_labels(self) -> list[str]:
        return [str(Weekday(day).label) for day in sorted(self.weekdays)]

    @property
    def target_ages(self) -> str:
        if self.age_from is not None and self.age_to is not None:
            return f"{self.age_from}–{self.age_to}"
        if self.age_from is not None:
            return f"{self.age_from}+"
        if self.age_to is not None:
            return f"0–{self.age_to}"
        return ""

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        days = self.weekdays
        if (
            not isinstance(days, list)
            or not days
            or any(not isinstance(day, int) or day not in Weekday.values for day in days)
            or len(set(days)) != len(days)
        ):
            errors["weekdays"] = _("Velg minst én ukedag.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Sluttid må være etter starttid.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("«Gjelder til» kan ikke være før «gjelder fra».")
        if self.age_from is not None and self.age_to is not None and self.age_to < self.age_from:
            errors["age_to"] = _("«Alder til» kan ikke være lavere enn «alder fra».")
        if self.organiser_organisation_id and self.organiser_unit_id:
            errors["organiser_unit"] = _(
                "Velg enten en organisasjon eller en kommunal enhet som arrangør, ikke begge."
            )
        municipality_id = self.place.municipality_id if self.place_id else None
        for field in ("organiser_organisation", "organiser_unit", "measure"):
            related = getattr(self, field) if getattr(self, f"{field}_id") else None
            if related is not None and related.municipality_id != municipality_id:
                errors[field] = _("Må høre til samme kommune som møteplassen.")
        if self.room_id and self.room and self.room.place_id != self.place_id:
            errors["room"] = _("Rommet må høre til samme møteplass.")
        if errors:
            raise ValidationError(errors)


class ActivitySession(AgeGroupCounts):  # én gang aktiviteten ble holdt, med oppmøte
    activity = models.ForeignKey(
        PlaceActivity,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("aktivitet"),
    )
    date = models.DateField(_("dato"))
    starts_at = models.TimeField(_("fra klokken"))
    note = models.CharField(_("merknad"), max_length=500, blank=True)
    synthetic = models.BooleanField(_("oppdiktet"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    recorded_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-starts_at"]
        verbose_name = _("oppmøte")
        verbose_name_plural = _("oppmøter")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "date", "starts_at"], name="activity_session_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity.title} {self.date:%Y-%m-%d} {self.starts_at:%H:%M}"


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Forespurt")
    CONFIRMED = "confirmed", _("Bekreftet")
    DECLINED = "declined", _("Avslått")
    CANCELLED = "cancelled", _("Avlyst")


class Booking(models.Model):  # utlån av rom til lokale grupper
    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("rom")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisasjon"),
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=30, blank=True)
    group_name = models.CharField(
        _("gruppe eller lag"),
        max_length=200,
        blank=True,
        help_text=_("Gruppen eller laget som låner rommet."),
    )
    purpose = models.CharField(_("formål"), max_length=500)
    starts_at = models.DateTimeField(_("fra"))
    ends_at = models.DateTimeField(_("til"))
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.REQUESTED
    )
    decline_reason = models.TextField(_("begrunnelse for avslag"), blank=True)
    from_public_form = models.BooleanField(_("sendt fra den offentlige siden"), default=False)
    requested_at = models.DateTimeField(_("forespurt"), auto_now_add=True)
    decided_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("behandlet av"),
    )
    cancel_reason = models.TextField(_("begrunnelse for avlysning"), blank=True)
    cancelled_at = models.DateTimeField(_("avlyst"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("avlyst av"),
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookinger")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="booking_ends_after_start",
                violation_error_message=_("Sluttid må være etter starttid."),
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="booking_declined_has_reason",
                violation_error_message=_("Et avslag må ha en begrunnelse."),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="booking_cancelled_has_reason",
                violation_error_message=_("En avlysning må ha en begrunnelse."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room.name}: {self.who} ({self.starts_at:%Y-%m-%d %H:%M})"

    @property
    def who(self) -> str:
        if self.organisation_id and self.organisation:
            return self.organisation.name
        return self.group_name or self.contact_name

    @property
    def reason(self) -> str:
        """Why the booking was declined or cancelled (empty otherwise)."""
        return self.cancel_reason or self.decline_reason

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Sluttid må være etter starttid.")
        if not (self.organisation_id or self.contact_name.strip() or self.group_name.strip()):
            errors["contact_name"] = _("Oppgi hvem som låner rommet.")
        if (
            self.organisation_id
            and self.organisation
            and self.room_id
            and self.organisation.municipality_id != self.room.place.municipality_id
        ):
            errors["organisation"] = _("Organisasjonen må høre til samme kommune.")
        if self.status == BookingStatus.DECLINED and not self.decline_reason.strip():
            errors["decline_reason"] = _("Et avslag må ha en begrunnelse.")
        if self.status == BookingStatus.CANCELLED and not self.cancel_reason.strip():
            errors["cancel_reason"] = _("En avlysning må ha en begrunnelse.")
        if errors:
            raise ValidationError(errors)


# Local committees (lokalsamfunnsutvalg) --------------------------------------------------


class LocalCommittee(TenantModel):  # lokalsamfunnsutvalg: belongs to the municipality
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="local_committees",
        verbose_name=_("lokalsamfunn"),
    )
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    website = models.URLField(_("nettside"), blank=True)
    contact_public = models.BooleanField(
        _("kontaktinformasjonen er offentlig"),
        default=False,
        help_text=_("Utvalget har samtykket til at e-post, telefon og nettside vises offentlig."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("lokalsamfunnsutvalg")
        verbose_name_plural = _("lokalsamfunnsutvalg")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="local_committee_name_unique"
            ),
            models.UniqueConstraint(fields=["area"], name="local_committee_one_per_area"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.area_id and self.area and self.area.municipality_id != self.municipality_id:
            raise ValidationError({"area": _("Lokalsamfunnet må høre til samme kommune.")})


class AnnualMeeting(models.Model):  # årsmøte
    committee = models.ForeignKey(
        LocalCommittee,
        on_delete=models.CASCADE,
        related_name="annual_meetings",
        verbose_name=_("utvalg"),
    )
    date = models.DateField(_("dato"))
    minutes = models.TextField(_("protokoll"), blank=True)
    synthetic = models.BooleanField(_("oppdiktet"), default=False)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("årsmøte")
        verbose_name_plural = _("årsmøter")
        constraints = [
            models.UniqueConstraint(fields=["committee", "date"], name="annual_meeting_unique")
        ]

    def __str__(self) -> str:
        return (
            f"{self.committee.name}: {_('årsmøte')} {date_format(self.date, 'SHORT_DATE_FORMAT')}"
        )


class CommitteeOffice(models.TextChoices):
    LEADER = "leader", _("Leder")
    DEPUTY = "deputy", _("Nestleder")
    SECRETARY = "secretary", _("Sekretær")
    TREASURER = "treasurer", _("Kasserer")
    MEMBER = "member", _("Styremedlem")


# Offices one person holds at a time; there may be any number of ordinary members.
SINGLE_OFFICES = frozenset(
    {
        CommitteeOffice.LEADER,
        CommitteeOffice.DEPUTY,
        CommitteeOffice.SECRETARY,
        CommitteeOffice.TREASURER,
    }
)


class CommitteeBoardMember(models.Model):  # styremedlem i et lokalsamfunnsutvalg
    committee = models.ForeignKey(
        LocalCommittee,
        on_delete=models.CASCADE,
        related_name="board_members",
        verbose_name=_("utvalg"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    name = models.CharField(_("navn"), max_length=200, blank=True)
    office = models.CharField(_("verv"), max_length=10, choices=CommitteeOffice.choices)
    from_date = models.DateField(_("fra"))
    to_date = models.DateField(_("til"), null=True, blank=True)
    elected_at = models.ForeignKey(
        AnnualMeeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="elections",
        verbose_name=_("valgt på årsmøtet"),
    )
    synthetic = models.BooleanField(_("oppdiktet"), default=False)

    class Meta:
        ordering = ["from_date"]
        verbose_name = _("styremedlem")
        verbose_name_plural = _("styremedlemmer")
        constraints = [
            models.CheckConstraint(
                condition=Q(to_date__isnull=True) | Q(to_date__gte=F("from_date")),
                name="committee_board_member_to_after_from",
                violation_error_message=_("«Til» kan ikke være før «fra»."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_office_display()})"

    @property
    def display_name(self) -> str:
        if self.person_id and self.person:
            return self.person.name
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not self.person_id and not self.name.strip():
            errors["name"] = _("Oppgi navnet, eller velg en person.")
        if self.from_date and self.to_date and self.to_date < self.from_date:
            errors["to_date"] = _("«Til» kan ikke være før «fra».")
        if (
            self.elected_at_id
            and self.elected_at
            and self.elected_at.committee_id != (self.committee_id)
        ):
            errors["elected_at"] = _("Årsmøtet må høre til samme utvalg.")
        if (
            self.person_id
            and self.person
            and self.committee_id
            and self.person.municipality_id != self.committee.municipality_id
        ):
            errors["person"] = _("Personen må høre til samme kommune.")
        if errors:
            raise ValidationError(errors)


class CommitteeGrant(models.Model):  # årlig tilskudd fra kommunen
    committee = models.ForeignKey(
        LocalCommittee, on_delete=models.CASCADE, related_name="grants", verbose_name=_("utvalg")
    )
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(1999), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(
        _("beløp (kr)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.TextField(_("merknad"), blank=True)
    synthetic = models.BooleanField(_("oppdiktet"), default=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("tilskudd til utvalg")
        verbose_name_plural = _("tilskudd til utvalg")
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="committee_grant_per_year"),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="committee_grant_not_negative",
                violation_error_message=_("Beløpet kan ikke være negativt."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee.name} {self.year}"


class GrantDistribution(models.Model):  # det utvalget fordelte videre til lokale initiativ
    grant = models.ForeignKey(
        CommitteeGrant,
        on_delete=models.CASCADE,
        related_name="distributions",
        verbose_name=_("tilskudd"),
    )
    recipient_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mottaker (organisasjon)"),
    )
    recipient_name = models.CharField(_("mottaker"), max_length=200, blank=True)
    purpose = models.CharField(_("formål"), max_length=500)
    amount = models.DecimalField(
        _("beløp (kr)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    decided_on = models.DateField(_("vedtatt"), null=True, blank=True)
    synthetic = models.BooleanField(_("oppdiktet"), default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("fordeling av tilskudd")
        verbose_name_plural = _("fordelinger av tilskudd")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="grant_distribution_not_negative",
                violation_error_message=_("Beløpet kan ikke være negativt."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.amount}"

    @property
    def recipient(self) -> str:
        if self.recipient_organisation_id and self.recipient_organisation:
            return self.recipient_organisation.name
        return self.recipient_name

    def clean(self) -> None:
        if not self.recipient_organisation_id and not self.recipient_name.strip():
            raise ValidationError({"recipient_name": _("Oppgi hvem som fikk pengene.")})


# Events (arrangementer) ------------------------------------------------------------------


class EventKind(models.TextChoices):
    PUBLIC_MEETING = "public_meeting", _("Folkemøte")
    WORKSHOP = "workshop", _("Verksted")
    FORUM_GATHERING = "forum_gathering", _("Forumsamling")
    COLLABORATION_GROUP = "collaboration", _("Møte i samarbeidsgruppe")
    OTHER = "other", _("Annet arrangement")


class Event(TenantModel):  # arrangement
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participation_events",
        verbose_name=_("program"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    place = models.ForeignKey(
        MeetingPlace,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("møteplass"),
    )
    location = models.CharField(
        _("sted"),
        max_length=300,
        blank=True,
        help_text=_("Adresse eller rom; kan stå i tillegg til møteplassen."),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participation_events",
        verbose_name=_("område"),
    )
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    capacity = models.PositiveIntegerField(
        _("antall plasser"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Tomt: ingen grense. Når det er fullt, havner nye påmeldte på venteliste."),
    )
    registration_open = models.BooleanField(_("påmelding er åpen"), default=False)
    agenda = models.TextField(_("program og dagsorden"), blank=True)
    minutes = models.TextField(_("referat"), blank=True)
    minutes_published = models.BooleanField(
        _("referatet er publisert"),
        default=False,
        help_text=_("Referatet er internt til det publiseres."),
    )
    is_public = models.BooleanField(_("offentlig"), default=True)
    synthetic = models.BooleanField(_("oppdiktet"), default=False)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangementer")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("Arrangementet må slutte etter at det starter."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def where(self) -> str:
        parts = [self.place.name if self.place_id and self.place else "", self.location]
        return ", ".join(part for part in parts if part)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Arrangementet må slutte etter at det starter.")
        for field in ("programme", "place", "area"):
            related = getattr(self, field) if getattr(self, f"{field}_id") else None
            if related is not None and related.municipality_id != self.municipality_id:
                errors[field] = _("Må høre til samme kommune som arrangementet.")
        if self.registration_open and not self.is_public:
            errors["registration_open"] = _("Bare offentlige arrangementer kan ha åpen påmelding.")
        if errors:
            raise ValidationError(errors)


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Påmeldt")
    WAITING = "waiting", _("På venteliste")
    CANCELLED = "cancelled", _("Avmeldt")


class Registration(models.Model):  # påmelding
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("arrangement")
    )
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    people = models.PositiveSmallIntegerField(
        _("antall personer"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    # Only the hash of the cancel link's token is stored; the link works once.
    cancel_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    registered_at = models.DateTimeField(_("meldt på"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("flyttet fra ventelisten"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("avmeldt"), null=True, blank=True)
    by_staff = models.BooleanField(_("registrert av ansatte"), default=False)

    class Meta:
        ordering = ["registered_at", "pk"]
        verbose_name = _("påmelding")
        verbose_name_plural = _("påmeldinger")
        constraints = [
            models.CheckConstraint(
                condition=Q(people__gte=1), name="registration_at_least_one_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"


class EventAttendance(AgeGroupCounts):  # oppmøte etter arrangementet
    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("arrangement")
    )
    synthetic = models.BooleanField(_("oppdiktet"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    recorded_at = models.DateTimeField(_("registrert"), auto_now=True)

    class Meta:
        verbose_name = _("oppmøte på arrangement")
        verbose_name_plural = _("oppmøter på arrangementer")

    def __str__(self) -> str:
        return f"{self.event.title}: {self.total}"
