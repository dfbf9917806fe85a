"""Forms for meetings, decisions, follow-up actions and barriers. Every choice is limited to
the meeting's body or programme and the programme's municipality; each form has a prefix."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from omrade.programmes.forms_governance import DateInput
from omrade.programmes.models import (
    ActionStatus,
    AgendaItem,
    Attendance,
    Barrier,
    Body,
    Decision,
    FollowUpAction,
    Meeting,
    Programme,
)
from omrade.tenancy.selectors import people_in, units_in


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.ModelForm):
    prefix = "meeting"

    class Meta:
        model = Meeting
        fields = ["body", "starts_at", "place", "agenda_intro", "is_public"]
        widgets = {"starts_at": DateTimeInput(), "agenda_intro": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]  # type: ignore[attr-defined]

    def _post_clean(self) -> None:  # the service validates the meeting
        pass


class AgendaItemForm(forms.ModelForm):
    prefix = "item"

    class Meta:
        model = AgendaItem
        fields = ["number", "title", "description", "is_public"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        self.fields["number"].help_text = _("La stå tomt for å legge saken sist.")

    def _post_clean(self) -> None:  # the service numbers and validates the item
        pass


class AttendanceForm(forms.ModelForm):
    prefix = "attendance"

    class Meta:
        model = Attendance
        fields = ["member", "name", "present", "note"]

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = meeting.body.members.all()  # type: ignore[attr-defined]

    def _post_clean(self) -> None:  # the service validates the whole row
        pass


class MinutesForm(forms.ModelForm):
    prefix = "minutes"

    class Meta:
        model = Meeting
        fields = ["minutes", "is_public"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 8})}

    def _post_clean(self) -> None:  # cleaned data only; the service saves the meeting
        pass


class DecisionForm(forms.ModelForm):
    prefix = "decision"

    class Meta:
        model = Decision
        fields = ["agenda_item", "reference", "text", "is_public"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()  # type: ignore[attr-defined]
        self.fields["reference"].required = False
        self.fields["reference"].help_text = _(
            "La stå tomt for neste nummer i året, for eksempel «Sak 3/2024»."
        )

    def _post_clean(self) -> None:  # the service numbers and validates the decision
        pass


class ActionForm(forms.ModelForm):
    prefix = "action"

    class Meta:
        model = FollowUpAction
        fields = ["decision", "text", "owner", "owner_unit", "due_date"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "due_date": DateInput()}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = meeting.body.programme.municipality
        self.fields["decision"].queryset = meeting.decisions.all()  # type: ignore[attr-defined]
        self.fields["owner"].queryset = people_in(municipality)  # type: ignore[attr-defined]
        self.fields["owner_unit"].queryset = units_in(municipality)  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        pass


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Ny status"), choices=ActionStatus.choices)


class BarrierForm(forms.ModelForm):
    prefix = "barrier"

    class Meta:
        model = Barrier
        fields = ["title", "description", "sub_programme"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sub_programme"].queryset = programme.sub_programmes.all()  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        pass


class ResolutionForm(forms.Form):
    resolution = forms.CharField(
        label=_("Avgjørelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Må fylles ut for å løse eller avvise: hva ble avgjort, og hvorfor."),
    )
