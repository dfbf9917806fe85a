"""Forms for the input register's pages (themes, coding, the register's filters and counts),
and the one helper that limits a participation form's choices to a municipality.

Forms parse and offer choices (always limited to the municipality); the services decide.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from omrade.areas.models import Area
from omrade.participation.core.models import Theme
from omrade.participation.core.selectors import themes_of
from omrade.portfolio.models import Measure
from omrade.programmes.forms_governance import DateInput
from omrade.programmes.models import Goal, Programme, SubProgramme
from omrade.tenancy.models import Municipality

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def optional_choice(
    model: type[Model], label: StrOrPromise, empty_label: StrOrPromise = "---------"
) -> forms.ModelChoiceField:
    """An optional choice of one `model` row, offered once `limit_choices` has set its rows."""
    return forms.ModelChoiceField(
        label=label, queryset=model._default_manager.none(), required=False, empty_label=empty_label
    )


def limit_choices(form: forms.BaseForm, municipality: Municipality) -> None:
    """Limit the choices of the fields the form has — area, theme(s), programme,
    sub-programme, goals, measures — to the municipality."""
    fields = form.fields
    querysets = {
        "area": lambda: Area.objects.in_municipality(municipality).order_by("name"),
        "theme": lambda: themes_of(municipality),
        "themes": lambda: themes_of(municipality),
        "programme": lambda: Programme.objects.in_municipality(municipality).order_by("name"),
        "sub_programme": lambda: SubProgramme.objects.filter(
            programme__municipality=municipality
        ).select_related("programme"),
        "goals": lambda: Goal.objects.filter(programme__municipality=municipality).select_related(
            "programme"
        ),
        "measures": lambda: Measure.objects.in_municipality(municipality).select_related(
            "programme"
        ),
    }
    for name, queryset in querysets.items():
        if name in fields:
            fields[name].queryset = queryset()  # type: ignore[attr-defined]


class _InMunicipality(forms.Form):
    """A form whose choices are limited to the municipality it is given."""

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, municipality)


class ThemeForm(_InMunicipality):
    name = forms.CharField(label=_("Navn"), max_length=100)
    sub_programme = optional_choice(SubProgramme, _("Delprogram"))
    position = forms.IntegerField(label=_("Rekkefølge"), min_value=0, initial=0, required=False)

    def clean_position(self) -> int:
        return self.cleaned_data.get("position") or 0


class CodingForm(_InMunicipality):
    themes = forms.ModelMultipleChoiceField(
        label=_("Temaer"), queryset=Theme.objects.none(), required=False
    )
    sub_programme = optional_choice(SubProgramme, _("Delprogram"))
    area = optional_choice(Area, _("Område"))
    goals = forms.ModelMultipleChoiceField(
        label=_("Mål innspillet har formet"), queryset=Goal.objects.none(), required=False
    )
    measures = forms.ModelMultipleChoiceField(
        label=_("Tiltak innspillet har formet"),
        queryset=Measure.objects.none(),
        required=False,
    )
    note = forms.CharField(label=_("Merknad"), max_length=300, required=False)


class RegisterFilterForm(_InMunicipality):
    """The register's filters, from the query string (works without JavaScript)."""

    q = forms.CharField(label=_("Søk"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    theme = optional_choice(Theme, _("Tema"), _("Alle temaer"))
    area = optional_choice(Area, _("Område"), _("Alle områder"))
    sub_programme = optional_choice(SubProgramme, _("Delprogram"), _("Alle delprogrammer"))
    since = forms.DateField(label=_("Fra dato"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Til dato"), required=False, widget=DateInput())

    def __init__(
        self, *args: Any, municipality: Municipality, kinds: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, municipality=municipality, **kwargs)
        self.fields["kind"].choices = [("", _("Alle typer")), *kinds]  # type: ignore[attr-defined]

    def register_kwargs(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data.get("q") or None,
            "kind": data.get("kind") or None,
            "theme": data["theme"].pk if data.get("theme") else None,
            "area": data["area"].pk if data.get("area") else None,
            "sub_programme": data["sub_programme"].pk if data.get("sub_programme") else None,
            "since": data.get("since"),
            "until": data.get("until"),
        }


class CountsForm(RegisterFilterForm):
    by = forms.ChoiceField(
        label=_("Tell etter"),
        choices=[("theme", _("Tema")), ("area", _("Område"))],
        required=False,
    )
    period = forms.ChoiceField(
        label=_("Periode"),
        choices=[("year", _("År")), ("quarter", _("Kvartal"))],
        required=False,
    )
