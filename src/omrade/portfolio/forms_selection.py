"""Forms for scenarios, resource conflicts and the year's frames (money and unit commitments).
Every choice is limited to the programme (and its municipality); each form has a prefix."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omrade.portfolio.models import ConflictResolution, CriteriaSet, Measure
from omrade.portfolio.selectors_selection import criteria_sets_of, selectable_measures
from omrade.programmes.models import BodyKind, Decision, Programme
from omrade.tenancy.models import MunicipalUnit
from omrade.tenancy.selectors import units_in

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _year_field(programme: Programme, **options: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("År"),
        min_value=programme.start_year,
        max_value=programme.end_year,
        help_text=_("Innenfor programperioden %(start)s–%(end)s.")
        % {"start": programme.start_year, "end": programme.end_year},
        **options,
    )


def _optional_limit(
    label: StrOrPromise, help_text: StrOrPromise, *, max_digits: int, decimal_places: int
) -> forms.DecimalField:
    """A limit a selection may set (money, staffing): not negative, blank for none."""
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_digits=max_digits,
        decimal_places=decimal_places,
        required=False,
        help_text=help_text,
    )


def default_year(programme: Programme) -> int:
    """This year, within the programme's period."""
    return min(max(timezone.localdate().year, programme.start_year), programme.end_year)


class MeasureChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Measure) -> str:
        sub_programme = f" – {obj.sub_programme}" if obj.sub_programme else ""
        return f"{obj.title}{sub_programme}"


class SelectionForm(forms.Form):
    """A selection to try or to save: the template renders forced in/out as checkbox groups."""

    prefix = "selection"

    name = forms.CharField(
        label=_("Navn på scenarioet"),
        max_length=200,
        required=False,
        help_text=_("Trengs bare for å lagre scenarioet."),
    )
    budget = _optional_limit(
        _("Budsjett (kr)"),
        _("La stå tomt for å bruke årsrammen som er registrert for året."),
        max_digits=14,
        decimal_places=2,
    )
    staff_limit = _optional_limit(
        _("Bemanning til rådighet (stillingsprosent)"),
        _("Valgfritt. For eksempel 300 for tre hele stillinger."),
        max_digits=6,
        decimal_places=1,
    )
    criteria_set = forms.ModelChoiceField(
        label=_("Kriteriesett"), queryset=CriteriaSet.objects.none(), empty_label=None
    )
    forced_in = MeasureChoiceField(
        label=_("Tvunget inn"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-input"}),
    )
    forced_out = MeasureChoiceField(
        label=_("Holdt utenfor"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-input"}),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": default_year(programme)})
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["year"] = _year_field(programme)
        self.order_fields(["name", "year", "budget", "staff_limit", "criteria_set"])
        sets = criteria_sets_of(programme)
        self.fields["criteria_set"].queryset = sets  # type: ignore[attr-defined]
        first = sets.first()
        if first is not None:
            self.fields["criteria_set"].initial = first.pk
        measures = selectable_measures(programme)
        for name in ("forced_in", "forced_out"):
            self.fields[name].queryset = measures  # type: ignore[attr-defined]

    @property
    def choice_fields(self) -> list[forms.BoundField]:
        """The plain fields (the template renders the two checkbox groups itself)."""
        return [self[name] for name in ("name", "year", "budget", "staff_limit", "criteria_set")]

    @property
    def forcing_rows(self) -> list[tuple[str, Any, Any]]:
        """Per measure: its label and its two checkboxes (forced in, forced out)."""
        forced_in, forced_out = self["forced_in"].subwidgets, self["forced_out"].subwidgets
        return [
            (str(checkbox_in.choice_label), checkbox_in, checkbox_out)
            for checkbox_in, checkbox_out in zip(forced_in, forced_out, strict=True)
        ]


class ConflictResolveForm(forms.ModelForm):
    prefix = "resolve"

    key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    class Meta:
        model = ConflictResolution
        fields = ["decision", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        labels = {"decision": _("Styrevedtak")}

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decisions = (
            Decision.objects.filter(programme=programme, meeting__body__kind=BodyKind.BOARD)
            .select_related("meeting__body")
            .order_by("-year", "-number")
        )
        self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]
        self.fields["decision"].help_text = _(
            "Vedtaket i programstyret som avklarte konflikten, for eksempel «Sak 12/2024»."
        )
        self.fields["decision"].label_from_instance = (  # type: ignore[attr-defined]
            lambda decision: f"{decision.reference}: {decision.text[:80]}"
        )

    def _post_clean(self) -> None:  # the service validates the resolution
        pass


class YearBudgetForm(forms.Form):
    prefix = "budget"

    amount = forms.DecimalField(
        label=_("Tilgjengelige midler (kr)"), min_value=0, max_digits=14, decimal_places=2
    )
    note = forms.CharField(label=_("Merknad"), max_length=300, required=False)
    synthetic = forms.BooleanField(
        label=_("Syntetisk beløp (laget for demo, ikke fra en kilde)"), required=False
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": default_year(programme)})
        super().__init__(*args, **kwargs)
        self.fields["year"] = _year_field(programme)
        self.order_fields(["year", "amount", "note", "synthetic"])


class UnitCommitmentForm(forms.Form):
    prefix = "commitment"

    unit: forms.ModelChoiceField[MunicipalUnit] = forms.ModelChoiceField(
        label=_("Enhet"), queryset=MunicipalUnit.objects.none()
    )
    share = forms.DecimalField(
        label=_("Stillingsandel stilt til rådighet (%)"),
        min_value=0,
        max_value=1000,
        max_digits=6,
        decimal_places=1,
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": default_year(programme)})
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_in(programme.municipality).order_by("name")  # type: ignore[attr-defined]
        self.fields["year"] = _year_field(programme)
        self.order_fields(["unit", "year", "share"])
