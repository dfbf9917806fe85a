"""Forms for action plans and progress reports. Choices are limited to the programme (and the
plan's sub-programme); the services validate the rest. Each form has a prefix, so several can
share a page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omrade.areas.period_choice import tertial_last_finished, tertial_on, tertials_between
from omrade.areas.periods import parse_period
from omrade.portfolio.models import Measure, Rag
from omrade.portfolio.services.action_plans import COMMENT_MAX_LENGTH
from omrade.portfolio.services.progress import TEXT_MAX_LENGTH
from omrade.programmes.models import Programme, SubProgramme


class ActionPlanCreateForm(forms.Form):
    prefix = "plan"

    sub_programme = forms.ModelChoiceField(
        label=_("Delprogram"), queryset=SubProgramme.objects.none()
    )
    year = forms.IntegerField(label=_("År"))
    summary = forms.CharField(
        label=_("Sammendrag"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hva delprogrammet vil oppnå med årets tiltak."),
    )

    def __init__(
        self,
        *args: Any,
        programme: Programme,
        sub_programmes: list[SubProgramme],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sub_programme"]
        field.queryset = SubProgramme.objects.filter(  # type: ignore[attr-defined]
            pk__in=[sub_programme.pk for sub_programme in sub_programmes]
        )
        year = self.fields["year"]
        year.widget.attrs.update({"min": programme.start_year, "max": programme.end_year})
        year.help_text = _("Innenfor programperioden %(start)s–%(end)s.") % {
            "start": programme.start_year,
            "end": programme.end_year,
        }
        if not self.is_bound:
            self.initial.setdefault("year", programme.start_year)


class ActionPlanSummaryForm(forms.Form):
    prefix = "summary"

    summary = forms.CharField(
        label=_("Sammendrag"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ActionPlanItemForm(forms.Form):
    prefix = "item"

    measure = forms.ModelChoiceField(label=_("Tiltak"), queryset=Measure.objects.none())
    cost = forms.DecimalField(
        label=_("Kostnad i planåret (kr)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("Tomt: tiltakets kostnad for året."),
    )
    note = forms.CharField(
        label=_("Merknad"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, measures: QuerySet[Measure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures  # type: ignore[attr-defined]


class TransitionForm(forms.Form):
    prefix = "transition"

    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Må fylles ut når planen sendes tilbake til utkast: hva må endres?"),
    )


class ProgressReportForm(forms.Form):
    """A tertial's status: the tertial is chosen among those of the programme that have begun
    (newest first), not typed."""

    prefix = "progress"

    period = forms.ChoiceField(label=_("Tertial"))
    rag = forms.ChoiceField(label=_("Status"), choices=[("", "–"), *Rag.choices])
    text = forms.CharField(
        label=_("Kort status"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hva er gjort, hva er forsinket, og hva trengs? Høyst 2000 tegn."),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        first = parse_period(f"{programme.start_year}T1")
        last = min(tertial_on(today), parse_period(f"{programme.end_year}T3"))
        self.fields["period"].choices = [  # type: ignore[attr-defined]
            (tertial.code, tertial.label)
            for tertial in reversed(tertials_between(first, max(first, last)))
        ]

    @staticmethod
    def default_period(programme: Programme, asked: str = "") -> str:
        """The tertial asked for (?period=), else the last finished one: what is usually
        reported (the current one early in the programme)."""
        if asked:
            return asked
        finished = tertial_last_finished(timezone.localdate())
        return (
            finished.code
            if finished.start.year >= programme.start_year
            else tertial_on(timezone.localdate()).code
        )
