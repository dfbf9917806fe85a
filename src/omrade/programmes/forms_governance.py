"""Forms for a programme's governance: roles, holders, bodies and members.

Every choice of person, unit or organisation is limited to the programme's municipality, and
every choice of role, body or sub-programme to the programme itself. Each form has a prefix,
so several of them can sit on one page with unique field ids.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from omrade.programmes.models import Body, BodyMember, Holder, Programme, ProgrammeRole
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import organisations_in, people_in, units_in


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _limit_occupants(form: forms.ModelForm, municipality: Municipality) -> None:
    form.fields["person"].queryset = people_in(municipality)  # type: ignore[attr-defined]
    form.fields["unit"].queryset = units_in(municipality)  # type: ignore[attr-defined]
    form.fields["organisation"].queryset = organisations_in(municipality)  # type: ignore[attr-defined]


class RoleForm(forms.ModelForm):
    prefix = "role"

    class Meta:
        model = ProgrammeRole
        fields = ["kind", "title", "purpose", "duties", "success_factors"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "duties": forms.Textarea(attrs={"rows": 4}),
            "success_factors": forms.Textarea(attrs={"rows": 3}),
        }


class HolderForm(forms.ModelForm):
    """Who holds one of the programme's roles."""

    prefix = "holder"

    class Meta:
        model = Holder
        fields = [
            "role",
            "office",
            "person",
            "unit",
            "organisation",
            "share",
            "note",
            "from_date",
            "to_date",
        ]
        widgets = {"from_date": DateInput(), "to_date": DateInput()}

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = programme.roles.all()  # type: ignore[attr-defined]
        self.fields["role"].label = _("Rolle")
        _limit_occupants(self, programme.municipality)


class BodyForm(forms.ModelForm):
    prefix = "body"

    class Meta:
        model = Body
        fields = ["kind", "name", "sub_programme", "purpose"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sub_programme"].queryset = programme.sub_programmes.all()  # type: ignore[attr-defined]


class MemberForm(forms.ModelForm):
    """A member of one of the bodies the user may edit (`bodies`)."""

    prefix = "member"

    class Meta:
        model = BodyMember
        fields = [
            "body",
            "role",
            "office",
            "person",
            "unit",
            "organisation",
            "from_date",
            "to_date",
        ]
        widgets = {"from_date": DateInput(), "to_date": DateInput()}

    def __init__(
        self, *args: Any, programme: Programme, bodies: QuerySet[Body], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["body"].label = _("Organ")
        _limit_occupants(self, programme.municipality)
