"""Forms for programmes, documents, sub-programmes, goals and goal indicators."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from omrade.areas.selectors import areas_in, indicators_visible_in
from omrade.programmes.forms_governance import DateInput
from omrade.programmes.models import (
    Goal,
    GoalIndicator,
    GoalKind,
    GoverningDocument,
    PartTerms,
    Programme,
    StateAgreement,
    SubProgramme,
)
from omrade.programmes.services.programme import PROGRAMME_FIELDS
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import people_in


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [*PROGRAMME_FIELDS, "areas"]
        widgets = {
            field: forms.Textarea(attrs={"rows": 3})
            for field in ("political_basis", "mandate", "target_groups", "themes")
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = areas_in(municipality).order_by("level__depth", "name")  # type: ignore[attr-defined]
        self.fields["areas"].widget.attrs["size"] = 8
        # Older clients post no terms: they keep the default (or the programme's own).
        self.fields["part_terms"].required = False

    def clean_part_terms(self) -> str:
        chosen: str = self.cleaned_data.get("part_terms") or ""
        return chosen or self.instance.part_terms or PartTerms.SUB_PROGRAMMES


class AgreementForm(forms.ModelForm):
    class Meta:
        model = StateAgreement
        fields = ["party", "signed_on", "description"]
        widgets = {"signed_on": DateInput(), "description": forms.Textarea(attrs={"rows": 2})}


class DocumentForm(forms.ModelForm):
    class Meta:
        model = GoverningDocument
        fields = ["kind", "title", "dated", "version", "file", "replaces"]
        widgets = {"dated": DateInput()}

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["replaces"].queryset = programme.documents.all()  # type: ignore[attr-defined]
        self.fields["file"].help_text = _("PDF eller DOCX, høyst 20 MB.")


class SubProgrammeForm(forms.ModelForm):
    class Meta:
        model = SubProgramme
        fields = ["name", "coordinator", "coordinator_share"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = people_in(municipality)  # type: ignore[attr-defined]


class GoalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type mål"), choices=GoalKind.choices)
    text = forms.CharField(label=_("Mål"), widget=forms.Textarea(attrs={"rows": 2}))
    parent = forms.ModelChoiceField(
        label=_("Under målet"), queryset=Goal.objects.none(), required=False
    )
    sub_programme = forms.ModelChoiceField(
        label=_("Delprogram"), queryset=SubProgramme.objects.none(), required=False
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = programme.goals.exclude(  # type: ignore[attr-defined]
            kind__in=[GoalKind.CITIZEN, GoalKind.ORGANISATIONAL]
        )
        self.fields["sub_programme"].queryset = programme.sub_programmes.all()  # type: ignore[attr-defined]
        self.fields["sub_programme"].label = programme.terms.part  # type: ignore[assignment]


class GoalIndicatorForm(forms.ModelForm):
    class Meta:
        model = GoalIndicator
        fields = [
            "indicator",
            "area",
            "own_measure",
            "unit",
            "higher_is_better",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
        ]

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = programme.municipality
        self.fields["indicator"].queryset = indicators_visible_in(municipality)  # type: ignore[attr-defined]
        self.fields["area"].queryset = areas_in(municipality).order_by("level__depth", "name")  # type: ignore[attr-defined]
        self.fields["higher_is_better"].help_text = _(
            "Gjelder programmets egne mål; for indikatorer brukes indikatorens retning."
        )


class MeasurementForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=1990, max_value=2100)
    value = forms.FloatField(label=_("Verdi"))
    note = forms.CharField(label=_("Merknad"), max_length=300, required=False)


class GoalTextForm(forms.Form):
    text = forms.CharField(label=_("Mål"), widget=forms.Textarea(attrs={"rows": 3}))
