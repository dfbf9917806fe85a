"""Forms for meeting places, local committees and events. Staff forms limit every choice to
the municipality; the public forms (booking request, event registration) carry the honeypot
and keep to plain text. The services validate the rows; forms only parse input."""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omrade.areas.models import Area
from omrade.participation.core.abuse import HoneypotForm
from omrade.participation.core.forms import optional_choice
from omrade.participation.places.models import (
    AGE_GROUPS,
    ActivitySession,
    AnnualMeeting,
    CommitteeBoardMember,
    CommitteeGrant,
    Event,
    EventKind,
    LocalCommittee,
    MeetingPlace,
    PlaceActivity,
    Room,
    Weekday,
)
from omrade.participation.places.selectors import lokalsamfunn_areas, places_of
from omrade.portfolio.models import Measure
from omrade.programmes.forms_governance import DateInput
from omrade.programmes.forms_meetings import DateTimeInput
from omrade.programmes.models import Programme
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import organisations_in, people_in, units_in

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class CountInput(forms.NumberInput):
    """A whole number ≥ 0 that a phone offers its number pad for."""

    def __init__(self) -> None:
        super().__init__(attrs={"min": "0", "step": "1", "inputmode": "numeric"})


def _limit(form: forms.BaseForm, municipality: Municipality, **fields: str) -> None:
    """Limit the named choice fields to the municipality's units/organisations/people/…"""
    sources: dict[str, Any] = {
        "units": units_in(municipality),
        "organisations": organisations_in(municipality),
        "people": people_in(municipality),
        "programmes": Programme.objects.in_municipality(municipality),
        "areas": Area.objects.in_municipality(municipality).select_related("level"),
        "places": places_of(municipality),
        "measures": Measure.objects.in_municipality(municipality).order_by("title"),
    }
    for field, source in fields.items():
        form.fields[field].queryset = sources[source]  # type: ignore[attr-defined]


def add_age_group_fields(form: forms.BaseForm) -> None:
    for field, label in AGE_GROUPS:
        form.fields[field] = forms.IntegerField(
            label=label, min_value=0, required=False, initial=0, widget=CountInput()
        )


class AgeGroupLayout:
    """Lets a template put the age-group counts in their own fieldset."""

    def age_fields(self) -> list[forms.BoundField]:
        form: Any = self
        return [form[field] for field, _label in AGE_GROUPS]

    def main_fields(self) -> list[forms.BoundField]:
        form: Any = self
        names = {field for field, _label in AGE_GROUPS}
        return [field for field in form.visible_fields() if field.name not in names]


def age_group_counts(cleaned: dict[str, Any]) -> dict[str, int]:
    return {field: int(cleaned.get(field) or 0) for field, _label in AGE_GROUPS}


# --- meeting places --------------------------------------------------------------------------


class _ParsingModelForm(forms.ModelForm):
    """A model form that only parses: the service validates the object and saves it, so the
    form skips the model's own validation."""

    def _post_clean(self) -> None:
        pass


class PlaceForm(_ParsingModelForm):
    prefix = "place"

    class Meta:
        model = MeetingPlace
        fields = [
            "name",
            "description",
            "address",
            "latitude",
            "longitude",
            "programme",
            "areas",
            "owner_organisation",
            "owner_unit",
            "partners",
            "area_developer",
            "email",
            "phone",
            "is_public",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(
            self,
            municipality,
            programme="programmes",
            areas="areas",
            owner_organisation="organisations",
            owner_unit="units",
            partners="organisations",
            area_developer="people",
        )


class OpeningHoursForm(forms.Form):
    """Opening and closing time per weekday (both empty: closed), and a free note."""

    prefix = "hours"
    note = forms.CharField(
        label=_("Merknad om åpningstider"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For eksempel «Stengt i fellesferien»."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day in Weekday:
            name = str(day.label).capitalize()
            self.fields[f"opens_{day.value}"] = forms.TimeField(
                label=_("%(day)s åpner") % {"day": name}, required=False, widget=TimeInput()
            )
            self.fields[f"closes_{day.value}"] = forms.TimeField(
                label=_("%(day)s stenger") % {"day": name}, required=False, widget=TimeInput()
            )
        self.order_fields([*[f for day in Weekday for f in (f"opens_{day}", f"closes_{day}")]])

    @classmethod
    def initial_for(cls, place: MeetingPlace) -> dict[str, Any]:
        initial: dict[str, Any] = {"note": place.opening_note}
        for hours in place.opening_hours.all():
            initial.setdefault(f"opens_{hours.weekday}", hours.opens)
            initial.setdefault(f"closes_{hours.weekday}", hours.closes)
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for day in Weekday:
            opens: time | None = cleaned.get(f"opens_{day.value}")
            closes: time | None = cleaned.get(f"closes_{day.value}")
            if (opens is None) != (closes is None):
                missing = f"closes_{day.value}" if closes is None else f"opens_{day.value}"
                if missing not in self.errors:
                    self.add_error(
                        missing, _("Fyll ut både når det åpner og stenger, eller ingen av dem.")
                    )
            elif opens is not None and closes is not None and closes <= opens:
                self.add_error(f"closes_{day.value}", _("Stengetid må være etter åpningstid."))
        return cleaned

    def intervals(self) -> list[tuple[int, time, time]]:
        found = []
        for day in Weekday:
            opens = self.cleaned_data.get(f"opens_{day.value}")
            closes = self.cleaned_data.get(f"closes_{day.value}")
            if opens is not None and closes is not None:
                found.append((day.value, opens, closes))
        return found


class RoomForm(_ParsingModelForm):
    prefix = "room"

    class Meta:
        model = Room
        fields = ["name", "capacity", "description", "bookable"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ActivityForm(_ParsingModelForm):
    prefix = "activity"

    class Meta:
        model = PlaceActivity
        fields = [
            "title",
            "description",
            "organiser_organisation",
            "organiser_unit",
            "measure",
            "room",
            "starts_at",
            "ends_at",
            "valid_from",
            "valid_to",
            "age_from",
            "age_to",
            "is_public",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_at": TimeInput(),
            "ends_at": TimeInput(),
            "valid_from": DateInput(),
            "valid_to": DateInput(),
        }

    def __init__(self, *args: Any, place: MeetingPlace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(
            self,
            place.municipality,
            organiser_organisation="organisations",
            organiser_unit="units",
            measure="measures",
        )
        self.fields["room"].queryset = place.rooms.all()  # type: ignore[attr-defined]
        chosen = set(self.instance.weekdays or []) if self.instance.pk else set()
        for day in Weekday:
            self.fields[f"day_{day.value}"] = forms.BooleanField(
                label=str(day.label).capitalize(), required=False, initial=day.value in chosen
            )
        if not self.instance.pk:
            self.fields["valid_from"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["weekdays"] = [day.value for day in Weekday if cleaned.pop(f"day_{day.value}", 0)]
        if not cleaned["weekdays"]:
            self.add_error("day_0", _("Velg minst én ukedag."))
        return cleaned


class SessionCountsForm(AgeGroupLayout, forms.Form):
    """A session's date and start, its counts per age group and a note."""

    prefix = "session"
    date = forms.DateField(label=_("Dato"), widget=DateInput())
    starts_at = forms.TimeField(
        label=_("Starttid"),
        required=False,
        widget=TimeInput(),
        help_text=_("La stå tomt for aktivitetens vanlige starttid."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_age_group_fields(self)
        self.fields["note"] = forms.CharField(label=_("Merknad"), required=False, max_length=500)

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "date": data["date"],
            "starts_at": data.get("starts_at"),
            "note": data.get("note", ""),
            "counts": age_group_counts(data),
        }


class SessionForm(SessionCountsForm):
    """The quick attendance form: pick the activity, the date (today), the numbers."""

    field_order = ["activity"]
    activity = forms.ModelChoiceField(label=_("Aktivitet"), queryset=PlaceActivity.objects.none())

    def __init__(self, *args: Any, place: MeetingPlace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = place.activities.order_by("title")  # type: ignore[attr-defined]
        self.fields["date"].initial = timezone.localdate()

    def service_data(self) -> dict[str, Any]:
        return {"activity": self.cleaned_data["activity"], **super().service_data()}


class SessionEditForm(SessionCountsForm):
    """Correct a logged session: everything but the activity, filled in with what it has."""

    def __init__(self, *args: Any, session: ActivitySession, **kwargs: Any) -> None:
        initial = {field: getattr(session, field) for field, _label in AGE_GROUPS}
        initial |= {"date": session.date, "starts_at": session.starts_at, "note": session.note}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["starts_at"].required = True
        self.fields["starts_at"].help_text = ""


def _booking_time(label: StrOrPromise) -> forms.DateTimeField:
    """When a booking starts or ends, from the browser's date-and-time field."""
    return forms.DateTimeField(label=label, widget=DateTimeInput(), input_formats=DATETIME_FORMATS)


class StaffBookingForm(forms.Form):
    prefix = "booking"
    room = forms.ModelChoiceField(label=_("Rom"), queryset=Room.objects.none())
    group_name = forms.CharField(label=_("Gruppe eller lag"), required=False, max_length=200)
    contact_name = forms.CharField(label=_("Kontaktperson"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("E-post"), required=False)
    contact_phone = forms.CharField(label=_("Telefon"), required=False, max_length=30)
    purpose = forms.CharField(label=_("Formål"), max_length=500)
    starts_at = _booking_time(_("Fra"))
    ends_at = _booking_time(_("Til"))

    def __init__(self, *args: Any, place: MeetingPlace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = place.rooms.all()  # type: ignore[attr-defined]
        self.fields["organisation"] = forms.ModelChoiceField(
            label=_("Organisasjon"),
            queryset=organisations_in(place.municipality),
            required=False,
        )
        self.order_fields(["room", "organisation"])


class DeclineForm(forms.Form):
    prefix = "decline"
    reason = forms.CharField(
        label=_("Begrunnelse for avslag"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Gruppen får vite dette."),
    )


class CancelBookingForm(DeclineForm):
    prefix = "cancel"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Begrunnelse for avlysning")


class PublicBookingForm(HoneypotForm, forms.Form):
    """A local group asks to borrow a room (no account): plain text, e-mail or phone."""

    prefix = "request"
    room = forms.ModelChoiceField(label=_("Rom"), queryset=Room.objects.none())
    group_name = forms.CharField(
        label=_("Gruppe eller lag"),
        required=False,
        max_length=200,
        help_text=_("Hvem som skal bruke rommet, for eksempel et lag eller en forening."),
    )
    contact_name = forms.CharField(label=_("Ditt navn"), max_length=200)
    contact_email = forms.EmailField(label=_("E-post"), required=False)
    contact_phone = forms.CharField(label=_("Telefon"), required=False, max_length=30)
    purpose = forms.CharField(
        label=_("Hva skal rommet brukes til?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_at = _booking_time(_("Fra"))
    ends_at = _booking_time(_("Til"))

    def __init__(self, *args: Any, place: MeetingPlace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = place.rooms.filter(bookable=True)  # type: ignore[attr-defined]
        self.fields["contact_email"].help_text = _("Oppgi e-post eller telefon, så vi kan svare.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        no_contact = not cleaned.get("contact_email") and not (cleaned.get("contact_phone") or "")
        if no_contact and "contact_email" not in self.errors:
            self.add_error("contact_email", _("Oppgi e-post eller telefon, så vi kan svare deg."))
        return cleaned


# --- local committees ------------------------------------------------------------------------


class CommitteeForm(_ParsingModelForm):
    prefix = "committee"
    website = forms.URLField(label=_("Nettside"), required=False, assume_scheme="https")

    class Meta:
        model = LocalCommittee
        fields = ["area", "name", "description", "email", "phone", "website", "contact_public"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = lokalsamfunn_areas(municipality)  # type: ignore[attr-defined]


class AnnualMeetingForm(_ParsingModelForm):
    prefix = "annual"

    class Meta:
        model = AnnualMeeting
        fields = ["date", "minutes"]
        widgets = {"date": DateInput(), "minutes": forms.Textarea(attrs={"rows": 4})}


class BoardMemberForm(_ParsingModelForm):
    prefix = "member"

    class Meta:
        model = CommitteeBoardMember
        fields = ["office", "name", "person", "from_date", "to_date", "elected_at"]
        widgets = {"from_date": DateInput(), "to_date": DateInput()}

    def __init__(self, *args: Any, committee: LocalCommittee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, committee.municipality, person="people")
        self.fields["elected_at"].queryset = committee.annual_meetings.all()  # type: ignore[attr-defined]
        self.fields["name"].help_text = _("Eller velg en registrert person nedenfor.")


class BoardMemberEndForm(forms.Form):
    prefix = "end"
    to_date = forms.DateField(label=_("Siste dag i vervet"), widget=DateInput())


class GrantForm(_ParsingModelForm):
    prefix = "grant"

    class Meta:
        model = CommitteeGrant
        fields = ["year", "amount", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["amount"].widget.attrs["min"] = "0"


class DistributionForm(forms.Form):
    prefix = "distribution"
    grant = forms.ModelChoiceField(label=_("Tilskudd (år)"), queryset=CommitteeGrant.objects.none())
    recipient_name = forms.CharField(
        label=_("Mottaker"),
        required=False,
        max_length=200,
        help_text=_("Eller velg en registrert organisasjon nedenfor."),
    )
    purpose = forms.CharField(label=_("Formål"), max_length=500)
    amount = forms.DecimalField(label=_("Beløp (kr)"), max_digits=12, decimal_places=2, min_value=0)
    decided_on = forms.DateField(label=_("Vedtatt"), required=False, widget=DateInput())

    def __init__(self, *args: Any, committee: LocalCommittee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grant"].queryset = committee.grants.all()  # type: ignore[attr-defined]
        self.fields["grant"].label_from_instance = lambda grant: str(grant.year)  # type: ignore[attr-defined]
        self.fields["recipient_organisation"] = forms.ModelChoiceField(
            label=_("Mottaker (organisasjon)"),
            queryset=organisations_in(committee.municipality),
            required=False,
        )
        self.order_fields(["grant", "recipient_name", "recipient_organisation"])


# --- events ----------------------------------------------------------------------------------


class EventForm(_ParsingModelForm):
    prefix = "event"

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "description",
            "programme",
            "place",
            "location",
            "area",
            "starts_at",
            "ends_at",
            "capacity",
            "is_public",
            "registration_open",
            "agenda",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, municipality, programme="programmes", place="places", area="areas")
        for field in ("starts_at", "ends_at"):
            self.fields[field].input_formats = DATETIME_FORMATS  # type: ignore[attr-defined]


class MinutesForm(forms.Form):
    prefix = "minutes"
    minutes = forms.CharField(
        label=_("Referat"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    published = forms.BooleanField(
        label=_("Publiser referatet på den offentlige siden"), required=False
    )


class EventAttendanceForm(AgeGroupLayout, forms.Form):
    prefix = "attendance"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_age_group_fields(self)


class StaffRegistrationForm(forms.Form):
    prefix = "registration"
    name = forms.CharField(label=_("Navn"), max_length=200)
    email = forms.EmailField(label=_("E-post"), required=False)
    phone = forms.CharField(label=_("Telefon"), required=False, max_length=30)
    people = forms.IntegerField(label=_("Antall personer"), min_value=1, max_value=20, initial=1)


class PublicRegistrationForm(HoneypotForm, forms.Form):
    """Sign up for an event without an account (e-mail and phone optional)."""

    prefix = "signup"
    name = forms.CharField(label=_("Navn"), max_length=200)
    email = forms.EmailField(
        label=_("E-post"),
        required=False,
        help_text=_("Valgfritt. Samme e-post kan bare meldes på én gang."),
    )
    phone = forms.CharField(label=_("Telefon"), required=False, max_length=30)
    people = forms.IntegerField(
        label=_("Antall personer"),
        min_value=1,
        max_value=20,
        initial=1,
        widget=forms.NumberInput(attrs={"min": "1", "max": "20", "inputmode": "numeric"}),
    )


class CalendarFilterForm(forms.Form):
    """The public calendar's filter (GET)."""

    area = optional_choice(Area, _("Område"), _("Alle"))
    kind = forms.ChoiceField(label=_("Type"), required=False)

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", _("Alle")), *EventKind.choices]  # type: ignore[attr-defined]
