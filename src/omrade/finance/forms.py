"""Forms of the money pages: a funding source, its amount per year, earmarks and reporting
duties, an allocation, reopening a year, a forecast and the cost per full-time equivalent.

The forms only read and check input; the services in `finance.services` write and refuse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from omrade.finance.models import FundingSource, currency_of
from omrade.finance.services.sources import SOURCE_FIELDS
from omrade.portfolio.models import Measure
from omrade.programmes.forms_governance import DateInput
from omrade.programmes.models import Decision, Programme, StateAgreement, SubProgramme
from omrade.tenancy.models import Municipality, MunicipalUnit

YEAR_FIELD = {"min_value": 1990, "max_value": 2100}
MONEY_FIELD = {"min_value": 0, "max_digits": 14, "decimal_places": 2}


def _decisions(programme: Programme) -> Any:
    return Decision.objects.filter(programme=programme).order_by("-year", "-number")


class SourceForm(forms.ModelForm):
    class Meta:
        model = FundingSource
        fields = ["code", *SOURCE_FIELDS]
        widgets = {"conditions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = StateAgreement.objects.filter(  # type: ignore[attr-defined]
            programme=programme
        )
        if self.instance.pk:  # the code names the source in exports: fixed once created
            del self.fields["code"]
        else:
            self.fields["currency"].initial = currency_of(programme.municipality)

    def validate_unique(self) -> None:
        """The service checks what is unique (and says so on the field)."""


class AmountForm(forms.Form):
    year = forms.IntegerField(label=_("År"), **YEAR_FIELD)  # type: ignore[arg-type]
    amount = forms.DecimalField(label=_("Beløp (kr)"), **MONEY_FIELD)  # type: ignore[arg-type]
    reason = forms.CharField(
        label=_("Begrunnelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Må fylles ut når noe av årets midler alt er fordelt (en revisjon)."),
    )
    decision = forms.ModelChoiceField(
        label=_("Vedtak"), queryset=Decision.objects.none(), required=False
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = _decisions(programme)  # type: ignore[attr-defined]


class EarmarkForm(forms.Form):
    sub_programme = forms.ModelChoiceField(
        label=_("Delprogram"), queryset=SubProgramme.objects.none()
    )
    share = forms.DecimalField(
        label=_("Andel (%)"), min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    note = forms.CharField(label=_("Merknad"), max_length=300, required=False)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sub_programme"].queryset = programme.sub_programmes.order_by("position")  # type: ignore[attr-defined]


class DutyForm(forms.Form):
    title = forms.CharField(label=_("Rapport"), max_length=300)
    due_on = forms.DateField(label=_("Frist"), widget=DateInput())
    note = forms.CharField(label=_("Merknad"), max_length=300, required=False)


class AllocationForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Kilde"), queryset=FundingSource.objects.none())
    measure = forms.ModelChoiceField(
        label=_("Tiltak"),
        queryset=Measure.objects.none(),
        required=False,
        help_text=_(
            "Velg et tiltak, eller bare et delprogram for midler som ikke er fordelt ennå."
        ),
    )
    sub_programme = forms.ModelChoiceField(
        label=_("Delprogram"),
        queryset=SubProgramme.objects.none(),
        required=False,
    )
    amount = forms.DecimalField(label=_("Beløp (kr)"), **MONEY_FIELD)  # type: ignore[arg-type]
    reason = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 2}))
    decision = forms.ModelChoiceField(
        label=_("Vedtak"), queryset=Decision.objects.none(), required=False
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["source"].queryset = FundingSource.objects.filter(programme=programme)  # type: ignore[attr-defined]
        fields["measure"].queryset = Measure.objects.filter(programme=programme).order_by(  # type: ignore[attr-defined]
            "title"
        )
        fields["sub_programme"].queryset = programme.sub_programmes.order_by("position")  # type: ignore[attr-defined]
        fields["decision"].queryset = _decisions(programme)  # type: ignore[attr-defined]


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor åpnes året igjen?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ForecastForm(forms.Form):
    amount = forms.DecimalField(label=_("Prognose for året (kr)"), **MONEY_FIELD)  # type: ignore[arg-type]
    note = forms.CharField(label=_("Merknad"), max_length=300, required=False)


class StaffCostForm(forms.Form):
    year = forms.IntegerField(label=_("År"), **YEAR_FIELD)  # type: ignore[arg-type]
    unit = forms.ModelChoiceField(
        label=_("Enhet"),
        queryset=MunicipalUnit.objects.none(),
        required=False,
        help_text=_("Tom: satsen for hele kommunen."),
    )
    cost_per_fte = forms.DecimalField(label=_("Kostnad per årsverk (kr)"), **MONEY_FIELD)  # type: ignore[arg-type]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = MunicipalUnit.objects.in_municipality(municipality)  # type: ignore[attr-defined]
