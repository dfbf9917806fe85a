"""Forms for ideas, moderation, interviews with key persons and privacy requests.

Forms parse and offer choices (always limited to the municipality); the services decide.
Public forms carry the honeypot (`abuse.HoneypotForm`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from omrade.areas.models import Area
from omrade.participation.core.abuse import HoneypotForm
from omrade.participation.core.forms import limit_choices, optional_choice
from omrade.participation.core.models import PrivacyRequestKind, Theme
from omrade.participation.ideas import selectors
from omrade.participation.ideas.models import (
    COMMENT_TEXT_MAX,
    IDEA_TEXT_MAX,
    IDEA_TITLE_MAX,
    REASON_MAX,
    Idea,
    IdeaStatus,
    ModerationMode,
)
from omrade.portfolio.models import ActionPlan, Measure
from omrade.programmes.forms_governance import DateInput
from omrade.programmes.models import Programme, SubProgramme
from omrade.tenancy.models import Municipality


def _choices_for(form: forms.BaseForm, municipality: Municipality) -> None:
    """Limit the choices to the municipality; the areas offered are those ideas use."""
    limit_choices(form, municipality)
    if "area" in form.fields:
        areas = selectors.idea_areas(municipality)
        area = form.fields["area"]
        area.queryset = Area.objects.filter(  # type: ignore[attr-defined]
            pk__in=[area.pk for area in areas]
        ).order_by("name")
        area.label_from_instance = lambda area: area.name  # type: ignore[attr-defined]


class _IdeaFields(forms.Form):
    title = forms.CharField(label=_("Overskrift"), max_length=IDEA_TITLE_MAX)
    text = forms.CharField(
        label=_("Idéen din"),
        max_length=IDEA_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Hva vil du endre eller få til i nærmiljøet? Høyst 2000 tegn."),
    )
    area = optional_choice(Area, _("Område"), _("Vet ikke / hele kommunen"))
    theme = optional_choice(Theme, _("Tema"), _("Vet ikke"))
    programme = optional_choice(Programme, _("Områdesatsing"))
    photo = forms.FileField(
        label=_("Bilde (valgfritt)"),
        required=False,
        help_text=_("JPEG, PNG eller WebP, høyst 5 MB. Posisjon og andre data i bildet fjernes."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    photo_description = forms.CharField(
        label=_("Hva viser bildet?"), max_length=200, required=False
    )
    email = forms.EmailField(
        label=_("E-post (valgfritt)"),
        required=False,
        help_text=_(
            "Bare hvis du vil ha beskjed om hva som skjer med idéen. Adressen vises aldri og "
            "slettes senest ett år etter siste endring."
        ),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices_for(self, municipality)
        programmes = list(self.fields["programme"].queryset)  # type: ignore[attr-defined]
        if len(programmes) <= 1:
            del self.fields["programme"]
            self.only_programme = programmes[0] if programmes else None
        else:
            self.only_programme = None

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.setdefault("programme", self.only_programme)
        if data.get("programme") is None:
            data["programme"] = self.only_programme
        return data


class IdeaForm(HoneypotForm, _IdeaFields):
    """A resident's idea (public, no login)."""


class StaffIdeaForm(_IdeaFields):
    """An idea staff register on a resident's behalf (workshop, meeting place, conversation)."""

    event = forms.ModelChoiceField(
        label=_("Arrangement"),
        queryset=Idea.objects.none(),  # events, set in __init__
        required=False,
        help_text=_("Verkstedet eller møtet der idéen kom fram, om det er registrert."),
    )
    where = forms.CharField(
        label=_("Hvor idéen kom fram"),
        max_length=200,
        required=False,
        help_text=_("For eksempel «samtale på Rebellhuset». Tomt: arrangementet over."),
    )
    on_behalf = forms.BooleanField(
        label=_("Registrert på vegne av en innbygger"), required=False, initial=True
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, municipality=municipality, **kwargs)
        # Events are the places context's: reached through the idea's foreign key, so that
        # ideas does not import places.
        events = Idea._meta.get_field("event").related_model._default_manager
        self.fields["event"].queryset = events.in_municipality(  # type: ignore[attr-defined]
            municipality
        ).order_by("-starts_at")
        self.fields["email"].help_text = _(
            "Innbyggerens e-post, hvis hen vil ha beskjed om hva som skjer. Vises aldri."
        )


class PublicIdeaFilterForm(forms.Form):
    area = optional_choice(Area, _("Område"), _("Alle områder"))
    theme = optional_choice(Theme, _("Tema"), _("Alle temaer"))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle")), *IdeaStatus.choices],
        required=False,
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices_for(self, municipality)

    def filters(self) -> selectors.IdeaFilters:
        if not self.is_valid():
            return selectors.IdeaFilters()
        data = self.cleaned_data
        return selectors.IdeaFilters(
            area=data["area"].pk if data.get("area") else None,
            theme=data["theme"].pk if data.get("theme") else None,
            status=data.get("status") or None,
        )


class CommentForm(HoneypotForm, forms.Form):
    text = forms.CharField(
        label=_("Kommentar"),
        max_length=COMMENT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReportForm(HoneypotForm, forms.Form):
    reason = forms.CharField(
        label=_("Hva er galt med innlegget?"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Grunn"),
        max_length=REASON_MAX,
        required=False,
        help_text=_("Vises offentlig som «skjult av moderator: <grunn>»."),
    )


class TransitionForm(forms.Form):
    feedback = forms.CharField(
        label=_("Tilbakemelding til innbyggerne"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vises på idéens offentlige side. Tomt: en standardtekst for steget."),
    )
    reason = forms.CharField(
        label=_("Begrunnelse (når idéen ikke tas inn)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    measure = optional_choice(Measure, _("Tiltak (når idéen tas inn)"))
    action_plan = optional_choice(ActionPlan, _("Handlingsplan (når idéen tas inn)"))

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = selectors.measures_for_ideas(municipality)  # type: ignore[attr-defined]
        self.fields["action_plan"].queryset = selectors.action_plans_for_ideas(municipality)  # type: ignore[attr-defined]


class ModerationSettingForm(forms.Form):
    programme = optional_choice(Programme, _("Program"), _("Hele kommunen (standard)"))
    mode = forms.ChoiceField(label=_("Moderering"), choices=ModerationMode.choices)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices_for(self, municipality)


class BlockForm(forms.Form):
    email = forms.EmailField(label=_("E-postadresse som skal blokkeres"))
    reason = forms.CharField(label=_("Grunn"), max_length=REASON_MAX)


class InterviewForm(forms.Form):
    role_or_organisation = forms.CharField(label=_("Rolle eller organisasjon"), max_length=200)
    name = forms.CharField(label=_("Navn (valgfritt)"), max_length=200, required=False)
    interviewed_on = forms.DateField(label=_("Dato"), widget=DateInput())
    programme = optional_choice(Programme, _("Program"))
    sub_programme = optional_choice(SubProgramme, _("Delprogram"))
    area = optional_choice(Area, _("Område"))
    themes = forms.ModelMultipleChoiceField(
        label=_("Temaer"), queryset=Theme.objects.none(), required=False
    )
    consent = forms.BooleanField(
        label=_("Personen har samtykket til at notatene lagres"), required=False
    )
    consent_how = forms.CharField(
        label=_("Hvordan samtykket ble gitt"), max_length=200, required=False
    )
    consent_on = forms.DateField(
        label=_("Når samtykket ble gitt"), required=False, widget=DateInput()
    )
    notes = forms.CharField(
        label=_("Notater"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Lagres bare med samtykke. Synlig bare for programmets ansatte."),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, municipality)


class PrivacyRequestForm(HoneypotForm, forms.Form):
    email = forms.EmailField(
        label=_("E-postadressen du ga med innspillene dine"),
        help_text=_("Vi sender en lenke dit. Lenken virker én gang og i 24 timer."),
    )
    kind = forms.ChoiceField(
        label=_("Hva vil du?"),
        choices=PrivacyRequestKind.choices,
        initial=PrivacyRequestKind.EXPORT,
    )
