"""Forms for measures (tiltak): the measure itself, status, costs, staff, milestones, benefits."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from omrade.areas.models import Area
from omrade.areas.selectors import areas_in
from omrade.portfolio.models import (
    Benefit,
    Measure,
    MeasureStatus,
    SubProgramme,
)
from omrade.portfolio.services.benefits import BENEFIT_FIELDS
from omrade.portfolio.workflow import measure_next_statuses
from omrade.programmes.forms_governance import DateInput
from omrade.programmes.models import Programme
from omrade.tenancy.models import MunicipalUnit, Organisation, Person
from omrade.tenancy.selectors import people_in


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = [
            "kind",
            "title",
            "description",
            "sub_programme",
            "goals",
            "areas",
            "responsible_unit",
            "contact_person",
            "partners",
            "target_group",
            "age_from",
            "age_to",
            "starts_on",
            "ends_on",
            "progress",
            "risks",
            "project_code",
            "responsibility_code",
            "service_code",
            "ordinary_operations",
            "synthetic",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "risks": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(
        self,
        *args: Any,
        programme: Programme,
        sub_programmes: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        municipality = programme.municipality
        fields = self.fields
        # A coordinator proposes measures in their own sub-programmes only.
        fields["sub_programme"].queryset = (  # type: ignore[attr-defined]
            sub_programmes if sub_programmes is not None else programme.sub_programmes.all()
        )
        fields["sub_programme"].required = sub_programmes is not None
        fields["goals"].queryset = programme.goals.all()  # type: ignore[attr-defined]
        fields["areas"].queryset = areas_in(municipality).order_by("level__depth", "name")  # type: ignore[attr-defined]
        fields["responsible_unit"].queryset = MunicipalUnit.objects.in_municipality(municipality)  # type: ignore[attr-defined]
        fields["contact_person"].queryset = people_in(municipality)  # type: ignore[attr-defined]
        fields["partners"].queryset = Organisation.objects.in_municipality(municipality)  # type: ignore[attr-defined]
        for name in ("goals", "areas", "partners"):
            fields[name].widget.attrs["size"] = 6


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Ny status"), choices=())
    stop_reason = forms.CharField(
        label=_("Grunn til stans"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Må fylles ut når tiltaket stanses."),
    )

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (status.value, status.label) for status in measure_next_statuses(measure.status)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == MeasureStatus.STOPPED and not data.get("stop_reason", "").strip():
            self.add_error("stop_reason", _("Skriv hvorfor tiltaket ble stanset."))
        return data


class CostForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=1990, max_value=2100)
    amount = forms.DecimalField(label=_("Beløp (kr)"), min_value=0, max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Merknad"), max_length=300, required=False)


class StaffForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=1990, max_value=2100)
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(
        label=_("Enhet"), queryset=MunicipalUnit.objects.none(), required=False
    )
    share = forms.DecimalField(
        label=_("Stillingsandel (%)"), min_value=0, max_value=1000, decimal_places=1
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = programme.municipality
        self.fields["person"].queryset = people_in(municipality)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = MunicipalUnit.objects.in_municipality(municipality)  # type: ignore[attr-defined]
        self.fields["unit"].help_text = _("Tom: personens egen enhet.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not data.get("unit"):
            self.add_error("person", _("Oppgi en person, en enhet eller begge."))
        return data


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milepæl"), max_length=300)
    due_on = forms.DateField(label=_("Dato"), widget=DateInput())


class BenefitForm(forms.ModelForm):
    class Meta:
        model = Benefit
        fields = list(BENEFIT_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "baseline_on": DateInput(),
            "target_on": DateInput(),
        }

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = programme.goals.all()  # type: ignore[attr-defined]
        self.fields["owner"].queryset = people_in(programme.municipality)  # type: ignore[attr-defined]


class RealisationForm(forms.Form):
    benefit = forms.ModelChoiceField(label=_("Gevinst"), queryset=Benefit.objects.none())
    measured_on = forms.DateField(label=_("Målt"), widget=DateInput())
    value = forms.FloatField(label=_("Verdi"))
    note = forms.CharField(label=_("Merknad"), max_length=300, required=False)

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["benefit"].queryset = measure.benefits.all()  # type: ignore[attr-defined]


class MeasureFilterForm(forms.Form):
    """The measure list's filters (GET): sub-programme, status, area (the year is chosen with
    the period chooser beside them)."""

    sub_programme = forms.ModelChoiceField(
        label=_("Delprogram"), queryset=SubProgramme.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "–"), *MeasureStatus.choices], required=False
    )
    area = forms.ModelChoiceField(label=_("Område"), queryset=Area.objects.none(), required=False)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        # Ids of their own: the create form on the same page has a sub_programme field too.
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        self.fields["sub_programme"].queryset = programme.sub_programmes.all()  # type: ignore[attr-defined]
        self.fields["area"].queryset = (  # type: ignore[attr-defined]
            areas_in(programme.municipality)
            .filter(Q(programmes=programme) | Q(measures__programme=programme))
            .distinct()
            .order_by("level__depth", "name")
        )
