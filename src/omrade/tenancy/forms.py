"""Forms for the municipal directory: units, organisations, people and roles."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from omrade.tenancy.models import (
    MUNICIPAL_ROLES,
    Municipality,
    MunicipalUnit,
    Organisation,
    Person,
)
from omrade.tenancy.selectors import organisations_in, units_in


class UnitForm(forms.ModelForm):
    class Meta:
        model = MunicipalUnit
        fields = ["name", "kind", "parent", "head_title"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = units_in(municipality)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Nettside"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "kind", "organisation_number", "website"]


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "title", "email", "phone", "unit", "organisation"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_in(municipality)  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations_in(municipality)  # type: ignore[attr-defined]


class RoleGrantForm(forms.Form):
    username = forms.CharField(label=_("Brukernavn"), max_length=150)
    role = forms.ChoiceField(
        label=_("Rolle"), choices=[(role.value, role.label) for role in MUNICIPAL_ROLES]
    )

    def clean_username(self) -> Any:
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError(
                _("Fant ingen bruker med brukernavnet «%(username)s»."),
                params={"username": username},
            )
        return user


class MapBackgroundForm(forms.Form):
    tile_url = forms.CharField(
        label=_("Bakgrunnskart (URL-mal)"),
        required=False,
        max_length=500,
        help_text=_(
            "XYZ- eller WMTS-mal med {z}, {x} og {y}, for eksempel "
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png. Tom: landets standardkart."
        ),
    )
    tile_attribution = forms.CharField(
        label=_("Kreditering for bakgrunnskartet"),
        required=False,
        max_length=200,
        help_text=_("Vises i hjørnet av kartet, for eksempel «© Kartverket»."),
    )
