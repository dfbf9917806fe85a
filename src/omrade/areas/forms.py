"""Forms for the map filter, index definitions and baselines."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from omrade.areas import selectors
from omrade.areas.index import IndexMethod
from omrade.areas.models import AreaLevel, Indicator
from omrade.areas.periods import PeriodError, parse_period
from omrade.areas.readers import StatisticsFileOptions
from omrade.areas.statuses import ValueStatus
from omrade.tenancy.models import Municipality


class MapFilterForm(forms.Form):
    """What the map shows: a level, the index or an indicator, and a period (GET)."""

    level = forms.ChoiceField(label=_("Nivå"))
    show = forms.ChoiceField(label=_("Vis"), required=False)
    period = forms.ChoiceField(label=_("Periode"), required=False)

    def __init__(self, *args: Any, municipality: Municipality, level: AreaLevel, **kwargs: Any):
        super().__init__(*args, **kwargs)
        levels = selectors.levels_in(municipality).filter(areas__isnull=False).distinct()
        self.fields["level"].choices = [(lvl.code, lvl.name) for lvl in levels]  # type: ignore[attr-defined]
        self.fields["level"].initial = level.code
        indicators = selectors.indicators_with_data(municipality, level)
        self.fields["show"].choices = [  # type: ignore[attr-defined]
            (selectors.INDEX_CHOICE, _("Levekårsindeks")),
            *((indicator.code, indicator.name) for indicator in indicators),
        ]
        periods = selectors.periods_with_data(municipality, level)
        self.fields["period"].choices = [(code, code) for code in reversed(periods)]  # type: ignore[attr-defined]


class IndexDefinitionForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    level = forms.ModelChoiceField(label=_("Nivå"), queryset=AreaLevel.objects.none())
    method = forms.ChoiceField(label=_("Metode"), choices=IndexMethod.choices)
    weights = forms.CharField(
        label=_("Indikatorer og vekter"),
        help_text=_("Én per linje: kode=vekt, for eksempel «social-assistance=2»."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    is_default = forms.BooleanField(label=_("Bruk som standard"), required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = selectors.levels_in(municipality)  # type: ignore[attr-defined]

    def clean_weights(self) -> dict[str, float]:
        weights: dict[str, float] = {}
        for number, line in enumerate(self.cleaned_data["weights"].splitlines(), start=1):
            if not line.strip():
                continue
            code, separator, weight = line.partition("=")
            code = code.strip()
            try:
                weights[code] = float(weight.replace(",", ".")) if separator else 1.0
            except ValueError as error:
                raise ValidationError(
                    _("Linje %(line)s: «%(weight)s» er ikke et tall.")
                    % {"line": number, "weight": weight.strip()}
                ) from error
        return weights

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "level": data["level"],
            "method": data["method"],
            "weights": data["weights"],
            "is_default": data["is_default"],
        }


class BaselineForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    period = forms.CharField(
        label=_("Periode"), max_length=12, help_text=_("For eksempel «2023» eller «2024K3».")
    )
    level = forms.ModelChoiceField(label=_("Nivå"), queryset=AreaLevel.objects.none())
    initiative_areas_only = forms.BooleanField(
        label=_("Bare områder med satsing"), required=False, initial=True
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["level"].queryset = selectors.levels_in(municipality)  # type: ignore[attr-defined]

    def clean_period(self) -> str:
        try:
            return parse_period(self.cleaned_data["period"]).code
        except PeriodError as error:
            raise ValidationError(str(error)) from error

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        areas = selectors.areas_in(self.municipality, data["level"])
        if data["initiative_areas_only"]:
            areas = areas.filter(has_initiative=True)
        return {
            "name": data["name"],
            "description": data["description"],
            "period_code": data["period"],
            "areas": list(areas),
            "indicators": list(selectors.indicators_with_data(self.municipality, data["level"])),
        }


MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class StatisticsImportForm(forms.Form):
    """Upload a statistics file: the upload page's version of `omrade import-stats`."""

    file = forms.FileField(
        label=_("Fil"),
        help_text=_("JSON-stat2 (SSB, FHI), CSV, XLSX eller JSON. Høyst 100 MB."),
    )
    level = forms.ModelChoiceField(label=_("Nivå"), queryset=AreaLevel.objects.none())
    indicator = forms.ModelChoiceField(
        label=_("Indikator for hele filen"),
        queryset=Indicator.objects.none(),
        required=False,
        help_text=_("Eller oppgi feltet som sier hvilken indikator hver rad gjelder."),
    )
    indicator_source = forms.CharField(
        label=_("Felt eller dimensjon for indikator"), max_length=100, required=False
    )
    indicator_map = forms.CharField(
        label=_("Oversettelse av indikatorkoder"),
        required=False,
        help_text=_("KILDE=KODE, kommaseparert, for eksempel «KOSsosialhjelp=social-assistance»."),
    )
    area = forms.CharField(label=_("Felt eller dimensjon for område"), max_length=100)
    period = forms.CharField(
        label=_("Felt eller dimensjon for periode"), max_length=100, required=False
    )
    fixed_period = forms.CharField(
        label=_("Én periode for hele filen"), max_length=12, required=False
    )
    value = forms.CharField(
        label=_("Felt med verdien"),
        max_length=100,
        required=False,
        help_text=_("Trengs for tabeller, ikke for JSON-stat."),
    )
    numerator = forms.CharField(label=_("Felt med teller"), max_length=100, required=False)
    denominator = forms.CharField(label=_("Felt med nevner"), max_length=100, required=False)
    dash_is_suppressed = forms.BooleanField(
        label=_("«-» betyr prikket (skjult) i denne filen"), required=False
    )
    skip_unknown_areas = forms.BooleanField(
        label=_("Hopp over rader med ukjente områdekoder"), required=False
    )
    synthetic = forms.BooleanField(label=_("Tallene er oppdiktet (syntetiske)"), required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = selectors.levels_in(municipality)  # type: ignore[attr-defined]
        self.fields["indicator"].queryset = selectors.indicators_visible_in(municipality)  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("Filen er større enn 100 MB."))
        return upload

    def clean_indicator_map(self) -> dict[str, str] | None:
        text = self.cleaned_data["indicator_map"].strip()
        if not text:
            return None
        pairs: dict[str, str] = {}
        for item in text.split(","):
            source, separator, code = item.partition("=")
            if not separator or not source.strip() or not code.strip():
                raise ValidationError(_("«%(item)s» er ikke KILDE=KODE.") % {"item": item.strip()})
            pairs[source.strip()] = code.strip()
        return pairs

    def options(self) -> StatisticsFileOptions:
        data = self.cleaned_data
        return StatisticsFileOptions(
            area=data["area"].strip(),
            period=data["period"].strip() or None,
            fixed_period=data["fixed_period"].strip() or None,
            value=data["value"].strip() or None,
            indicator=data["indicator"].code if data["indicator"] else None,
            indicator_source=data["indicator_source"].strip() or None,
            indicator_map=data["indicator_map"],
            numerator=data["numerator"].strip() or None,
            denominator=data["denominator"].strip() or None,
            symbols={"-": ValueStatus.SUPPRESSED} if data["dash_is_suppressed"] else None,
        )
