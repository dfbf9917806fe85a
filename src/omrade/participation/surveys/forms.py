"""Forms for the survey builder and children's map sessions, and the parsing of a resident's
posted answers into the shape the answering services take.

The builder works in the survey's default language; the translation form holds every text in
one other language (with the default-language text as help).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from omrade.areas.models import Area
from omrade.common.params import loads_json
from omrade.participation.core.abuse import HoneypotForm
from omrade.participation.core.forms import optional_choice
from omrade.participation.surveys.models import (
    CHOICE_KINDS_VALUES,
    GeometryKind,
    GradeGroup,
    MarkKind,
    QuestionKind,
    ResidenceCheck,
    Survey,
    SurveyIdentity,
    SurveyPage,
    SurveyQuestion,
    TransportMode,
    translated,
)
from omrade.programmes.models import Programme
from omrade.tenancy.models import Municipality


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


def _split(value: str) -> list[str]:
    return [
        part.strip()
        for part in value.replace(";", ",").replace("\n", ",").replace(" ", ",").split(",")
        if part.strip()
    ]


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    intro = forms.CharField(
        label=_("Innledning"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    languages = forms.CharField(
        label=_("Språk"),
        initial="nb",
        help_text=_(
            "Språkkoder skilt med komma, for eksempel «nb, en, so, ar». "
            "Det første er standardspråket."
        ),
    )
    programme = optional_choice(Programme, _("Program"))
    areas = forms.ModelMultipleChoiceField(
        label=_("Områder"),
        queryset=Area.objects.none(),
        required=False,
        help_text=_("Kartspørsmål viser disse områdene; svar utenfor dem avvises."),
    )
    identity = forms.ChoiceField(
        label=_("Identitet"), choices=SurveyIdentity.choices, initial=SurveyIdentity.ANONYMOUS
    )
    residence_check = forms.ChoiceField(
        label=_("Kontroll av bosted"), choices=ResidenceCheck.choices, initial=ResidenceCheck.NONE
    )
    postcodes = forms.CharField(
        label=_("Postnumre i området"), required=False, help_text=_("Skilt med komma.")
    )
    invitation_only = forms.BooleanField(
        label=_("Bare med invitasjonslenker (én besvarelse per lenke)"),
        required=False,
        help_text=_(
            "Uten invitasjonslenker får hver nettleser svare én gang (en informasjonskapsel "
            "husker det): naboer på samme nett svarer hver for seg, men den som sletter "
            "informasjonskapslene kan svare igjen. Skal resultatet være bindende, bruk "
            "invitasjonslenker."
        ),
    )
    opens_at = forms.DateTimeField(label=_("Åpner"), required=False, widget=DateTimeInput())
    closes_at = forms.DateTimeField(label=_("Stenger"), required=False, widget=DateTimeInput())
    retention_days = forms.IntegerField(
        label=_("Lagringstid for navn og e-post (dager)"), min_value=1, max_value=3650, initial=365
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["programme"]
        ).queryset = Programme.objects.in_municipality(municipality)
        cast(
            forms.ModelMultipleChoiceField, self.fields["areas"]
        ).queryset = Area.objects.in_municipality(municipality).select_related("level")

    @classmethod
    def initial_for(cls, survey: Survey) -> dict[str, Any]:
        return {
            "title": survey.title.get(survey.default_language, ""),
            "intro": survey.intro.get(survey.default_language, ""),
            "languages": ", ".join(
                [
                    survey.default_language,
                    *[c for c in survey.languages if c != survey.default_language],
                ]
            ),
            "programme": survey.programme_id,
            "areas": list(survey.areas.values_list("pk", flat=True)),
            "identity": survey.identity,
            "residence_check": survey.residence_check,
            "postcodes": ", ".join(survey.postcodes),
            "invitation_only": survey.invitation_only,
            "opens_at": survey.opens_at,
            "closes_at": survey.closes_at,
            "retention_days": survey.retention_days,
        }

    def service_arguments(self, survey: Survey | None = None) -> dict[str, Any]:
        data = self.cleaned_data
        languages = _split(data["languages"])
        default = languages[0].lower() if languages else ""
        title = dict(survey.title) if survey else {}
        intro = dict(survey.intro) if survey else {}
        title[default] = data["title"]
        intro[default] = data["intro"]
        keep = {code.lower() for code in languages}
        return {
            "title": {code: text for code, text in title.items() if code in keep},
            "intro": {code: text for code, text in intro.items() if code in keep},
            "languages": languages,
            "default_language": default,
            "programme": data["programme"],
            "areas": list(data["areas"]),
            "identity": data["identity"],
            "residence_check": data["residence_check"],
            "postcodes": _split(data["postcodes"]),
            "invitation_only": data["invitation_only"],
            "opens_at": data["opens_at"],
            "closes_at": data["closes_at"],
            "retention_days": data["retention_days"],
        }


class PageForm(forms.Form):
    title = forms.CharField(label=_("Sidetittel"), max_length=200, required=False)
    intro = forms.CharField(
        label=_("Tekst øverst på siden"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


SCALE_CHOICES = [("1-5", _("1–5")), ("0-10", _("0–10"))]


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Spørsmål"), max_length=500)
    help_text = forms.CharField(label=_("Hjelpetekst"), max_length=500, required=False)
    required = forms.BooleanField(label=_("Må besvares"), required=False)
    options = forms.CharField(
        label=_("Svaralternativer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ett per linje (ett valg, flere valg, rangering og matrisens skala-spørsmål)."),
    )
    rows = forms.CharField(
        label=_("Rader i matrisen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Én påstand per linje; hver besvares på skalaen."),
    )
    scale = forms.ChoiceField(
        label=_("Skala"), choices=SCALE_CHOICES, required=False, initial="1-5"
    )
    scale_min_label = forms.CharField(
        label=_("Tekst ved laveste verdi"), max_length=100, required=False
    )
    scale_max_label = forms.CharField(
        label=_("Tekst ved høyeste verdi"), max_length=100, required=False
    )
    geometry_kind = forms.ChoiceField(
        label=_("Kartsvar"), choices=[("", "–"), *GeometryKind.choices], required=False
    )
    max_vertices = forms.IntegerField(
        label=_("Største antall punkter i linje eller område"),
        min_value=1,
        max_value=2000,
        initial=200,
    )
    condition = forms.MultipleChoiceField(
        label=_("Vis bare hvis"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Svar på et spørsmål på en tidligere side som gjør at dette spørsmålet vises."),
    )

    def __init__(
        self, *args: Any, page: SurveyPage, question: SurveyQuestion | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.page = page
        self.question = question
        survey = page.survey
        language = survey.default_language
        earlier = SurveyQuestion.objects.filter(
            survey=survey, page__order__lt=page.order, kind__in=CHOICE_KINDS_VALUES
        ).order_by("page__order", "order")
        cast(forms.ChoiceField, self.fields["condition"]).choices = [
            (
                f"{item.pk}:{option['id']}",
                f"{item.text_in(language)} → {translated(option['text'], language)}",
            )
            for item in earlier
            for option in item.options
        ]
        if question is not None:
            self.fields["kind"].disabled = True

    @classmethod
    def initial_for(cls, question: SurveyQuestion) -> dict[str, Any]:
        language = question.survey.default_language
        return {
            "kind": question.kind,
            "text": question.text.get(language, ""),
            "help_text": question.help_text.get(language, ""),
            "required": question.required,
            "options": "\n".join(option["text"].get(language, "") for option in question.options),
            "rows": "\n".join(row["text"].get(language, "") for row in question.rows),
            "scale": f"{question.scale_min}-{question.scale_max}"
            if question.scale_min is not None
            else "1-5",
            "scale_min_label": question.scale_min_label.get(language, ""),
            "scale_max_label": question.scale_max_label.get(language, ""),
            "geometry_kind": question.geometry_kind,
            "max_vertices": question.max_vertices,
            "condition": [
                f"{question.condition_question_id}:{choice}"
                for choice in question.condition_choices
            ],
        }

    def _items(
        self, lines: str, existing: Sequence[dict[str, Any]], language: str
    ) -> list[dict[str, Any]]:
        """Lines → [{"id", "text"}]: the n-th line keeps the n-th existing id and translations."""
        texts = [line.strip() for line in lines.splitlines() if line.strip()]
        used = [str(item["id"]) for item in existing]
        next_number = max([int(i) for i in used if i.isdigit()] or [0]) + 1
        items = []
        for position, text in enumerate(texts):
            if position < len(existing):
                old = existing[position]
                items.append({"id": str(old["id"]), "text": {**old["text"], language: text}})
            else:
                items.append({"id": str(next_number), "text": {language: text}})
                next_number += 1
        return items

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        survey = self.page.survey
        language = survey.default_language
        old = self.question

        def texts(name: str, value: str) -> dict[str, str]:
            base = dict(getattr(old, name)) if old is not None else {}
            base[language] = value
            return base

        condition_question = None
        condition_choices: list[str] = []
        for value in data["condition"]:
            question_id, option_id = value.split(":", 1)
            condition_question = SurveyQuestion.objects.filter(
                survey=survey, pk=int(question_id)
            ).first()
            condition_choices.append(option_id)
        low, high = (int(part) for part in (data.get("scale") or "1-5").split("-"))
        return {
            "text": texts("text", data["text"]),
            "help_text": texts("help_text", data["help_text"]),
            "required": data["required"],
            "options": self._items(data["options"], old.options if old else [], language),
            "rows": self._items(data["rows"], old.rows if old else [], language),
            "scale": (low, high),
            "scale_min_label": texts("scale_min_label", data["scale_min_label"]),
            "scale_max_label": texts("scale_max_label", data["scale_max_label"]),
            "geometry_kind": data["geometry_kind"],
            "max_vertices": data["max_vertices"] or 200,
            "condition_question": condition_question,
            "condition_choices": condition_choices,
        }


class TranslationForm(forms.Form):
    """Every resident-facing text of the survey in one language."""

    def __init__(self, *args: Any, survey: Survey, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.language = language
        default = survey.default_language
        self.targets: list[
            tuple[str, Any, str, str | None]
        ] = []  # field, object, attribute, item id

        def add(
            name: str,
            label: str,
            obj: Any,
            attribute: str,
            texts: dict[str, str],
            item: str | None = None,
            long: bool = False,
        ) -> None:
            source = texts.get(default, "")
            if not source:
                return
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                initial=texts.get(language, ""),
                help_text=source,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}) if long else forms.TextInput(),
            )
            self.targets.append((name, obj, attribute, item))

        add("survey_title", str(_("Tittel")), survey, "title", survey.title)
        add("survey_intro", str(_("Innledning")), survey, "intro", survey.intro, long=True)
        for page in survey.pages.order_by("order"):
            add(
                f"page{page.pk}_title",
                f"{_('Side')} {page.order}: {_('tittel')}",
                page,
                "title",
                page.title,
            )
            add(
                f"page{page.pk}_intro",
                f"{_('Side')} {page.order}: {_('tekst')}",
                page,
                "intro",
                page.intro,
                long=True,
            )
        for question in SurveyQuestion.objects.filter(survey=survey).order_by(
            "page__order", "order"
        ):
            label = question.text_in(default)[:60]
            add(f"q{question.pk}_text", label, question, "text", question.text)
            add(
                f"q{question.pk}_help",
                f"{label}: {_('hjelpetekst')}",
                question,
                "help_text",
                question.help_text,
            )
            add(
                f"q{question.pk}_min",
                f"{label}: {_('laveste verdi')}",
                question,
                "scale_min_label",
                question.scale_min_label,
            )
            add(
                f"q{question.pk}_max",
                f"{label}: {_('høyeste verdi')}",
                question,
                "scale_max_label",
                question.scale_max_label,
            )
            for collection in ("options", "rows"):
                for item in getattr(question, collection):
                    add(
                        f"q{question.pk}_{collection}_{item['id']}",
                        f"{label}: {translated(item['text'], default)}",
                        question,
                        collection,
                        item["text"],
                        item=str(item["id"]),
                    )

    def translations(self) -> list[tuple[Any, str, str | None, str]]:
        return [
            (obj, attribute, item, self.cleaned_data.get(name, ""))
            for name, obj, attribute, item in self.targets
        ]


class TokensForm(forms.Form):
    count = forms.IntegerField(label=_("Antall lenker"), min_value=1, max_value=5000, initial=30)


class AssistedNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Hvordan kom svaret inn?"),
        max_length=200,
        help_text=_("For eksempel «papirskjema fra biblioteket» eller «samtale på Rebellhuset»."),
    )


class ResidenceForm(HoneypotForm, forms.Form):
    postcode = forms.CharField(label=_("Postnummeret ditt"), max_length=4, required=False)
    place_area = forms.TypedChoiceField(
        label=_("Området du bor i"), coerce=int, required=False, empty_value=None
    )
    point = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, survey: Survey, places: Sequence[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        if survey.residence_check == ResidenceCheck.POSTCODE:
            del self.fields["place_area"]
            del self.fields["point"]
            self.fields["postcode"].required = True
        else:
            del self.fields["postcode"]
            cast(forms.ChoiceField, self.fields["place_area"]).choices = [
                ("", _("Velg …")),
                *[(area.pk, area.name) for area in places],
            ]

    def point_value(self) -> tuple[float, float] | None:
        raw = self.cleaned_data.get("point") or ""
        try:
            geometry = loads_json(raw) if raw else None
            if isinstance(geometry, dict) and geometry.get("type") == "Point":
                lon, lat = geometry["coordinates"][:2]
                return float(lon), float(lat)
        except (ValueError, TypeError, KeyError):
            return None
        return None


class IdentityForm(forms.Form):
    respondent_name = forms.CharField(label=_("Navn"), max_length=200)
    respondent_email = forms.EmailField(label=_("E-post"), required=False)


def raw_answers(
    questions: Sequence[SurveyQuestion], data: Mapping[str, Any]
) -> dict[int, dict[str, Any]]:
    """A posted page (plain HTML form fields `q<id>...`) as the services' answer shape."""
    raw: dict[int, dict[str, Any]] = {}
    getlist = getattr(data, "getlist", None)
    for question in questions:
        name = f"q{question.pk}"
        kind = question.kind
        if kind == QuestionKind.SINGLE:
            raw[question.pk] = {"choices": [data.get(name)] if data.get(name) else []}
        elif kind == QuestionKind.MULTIPLE:
            values = getlist(name) if getlist else data.get(name, [])
            raw[question.pk] = {"choices": [value for value in values if value]}
        elif kind == QuestionKind.SCALE:
            raw[question.pk] = {"value": data.get(name) or None}
        elif kind == QuestionKind.RANKING:
            positions = []
            for option_id in question.option_ids():
                value = data.get(f"{name}_{option_id}", "")
                if value and str(value).isdigit():
                    positions.append((int(value), option_id))
            if len({position for position, _id in positions}) != len(positions):
                raw[question.pk] = {
                    "choices": [option_id for _p, option_id in positions] * 2
                }  # duplicates: refused
            else:
                raw[question.pk] = {"choices": [option_id for _p, option_id in sorted(positions)]}
        elif kind == QuestionKind.MATRIX:
            raw[question.pk] = {
                "rows": {
                    row_id: data.get(f"{name}_{row_id}")
                    for row_id in question.row_ids()
                    if data.get(f"{name}_{row_id}")
                }
            }
        elif kind == QuestionKind.TEXT:
            raw[question.pk] = {"text": data.get(name, "")}
        elif kind == QuestionKind.MAP:
            geometry_text = data.get(f"{name}_geometry", "")
            try:
                geometry = loads_json(geometry_text) if geometry_text else None
            except ValueError:
                geometry = "invalid"
            raw[question.pk] = {
                "geometry": geometry,
                "place_area": data.get(f"{name}_place") or None,
                "place_text": data.get(f"{name}_place_text", ""),
            }
    return raw


# --- children's map sessions -----------------------------------------------------------------


class SchoolLocationFields(forms.Form):
    """The school's place typed as latitude and longitude (WGS84, decimal degrees): works with
    a keyboard and a screen reader; both or neither. `clean` turns them into the service's
    `school_location` (a GeoJSON Point) or None."""

    school_lat = forms.FloatField(
        label=_("Skolens breddegrad"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("Desimalgrader (WGS84), f.eks. 59.1986. Tom: ingen skole på kartet."),
    )
    school_lon = forms.FloatField(
        label=_("Skolens lengdegrad"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("Desimalgrader (WGS84), f.eks. 10.9436."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        lat = cleaned.pop("school_lat", None)
        lon = cleaned.pop("school_lon", None)
        if lat is None and lon is None:
            cleaned["school_location"] = None
        elif lat is None and "school_lat" not in self.errors:
            self.add_error("school_lat", _("Fyll inn både breddegrad og lengdegrad, eller ingen."))
        elif lon is None and "school_lon" not in self.errors:
            self.add_error("school_lon", _("Fyll inn både breddegrad og lengdegrad, eller ingen."))
        elif lat is not None and lon is not None:
            cleaned["school_location"] = {"type": "Point", "coordinates": [lon, lat]}
        return cleaned


class ChildMapSessionForm(SchoolLocationFields):
    field_order = ["school_name", "grade_group", "area", "programme", "closes_at"]

    school_name = forms.CharField(label=_("Skole"), max_length=200)
    grade_group = forms.ChoiceField(label=_("Trinn"), choices=GradeGroup.choices)
    area = optional_choice(Area, _("Område"))
    programme = optional_choice(Programme, _("Program"))
    closes_at = forms.DateTimeField(
        label=_("Stenger"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Tom: om to uker."),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = Area.objects.in_municipality(
            municipality
        ).select_related("level")
        cast(
            forms.ModelChoiceField, self.fields["programme"]
        ).queryset = Programme.objects.in_municipality(municipality)


class ChildMapSchoolForm(SchoolLocationFields):
    """Change the school's name and place on an existing session."""

    school_name = forms.CharField(label=_("Skole"), max_length=200)

    field_order = ["school_name", "school_lat", "school_lon"]


CHILD_KIND_CHOICES = [
    (MarkKind.BARNEVEG.value, _("Veien min til skolen")),
    (MarkKind.AKTIVITET.value, _("Her leker jeg eller er ofte")),
    (MarkKind.POSITIV.value, _("Her liker jeg meg")),
    (MarkKind.NEGATIV.value, _("Her føler jeg meg utrygg")),
    ("want_change", _("Her vil jeg at noe skal endres")),
]


class ChildMarkForm(HoneypotForm, forms.Form):
    kind = forms.ChoiceField(
        label=_("Hva vil du vise?"),
        choices=CHILD_KIND_CHOICES,
        widget=forms.RadioSelect,
        # Words a child understands, not "Dette feltet er påkrevd".
        error_messages={
            "required": _("Du må velge hva du vil vise."),
            "invalid_choice": _("Du må velge hva du vil vise."),
        },
    )
    transport_mode = forms.ChoiceField(
        label=_("Hvordan kommer du deg til skolen?"),
        choices=[("", _("Velg …")), *TransportMode.choices],
        required=False,
    )
    geometry = forms.CharField(required=False, widget=forms.HiddenInput)
    place_area = forms.TypedChoiceField(
        label=_("Velg et sted fra listen"), coerce=int, required=False, empty_value=None
    )
    place_text = forms.CharField(label=_("Eller skriv hvor det er"), max_length=200, required=False)
    comment = forms.CharField(
        label=_("Vil du si noe mer? (ikke skriv navn)"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 200}),
    )

    def __init__(self, *args: Any, places: Sequence[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["place_area"]).choices = [
            ("", _("Velg …")),
            *[(area.pk, area.name) for area in places],
        ]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        kind = data["kind"]
        geometry_text = data.get("geometry") or ""
        try:
            geometry = loads_json(geometry_text) if geometry_text else None
        except ValueError:
            geometry = {"type": "invalid"}
        return {
            "kind": MarkKind.NEGATIV.value if kind == "want_change" else kind,
            "want_change": kind == "want_change",
            "transport_mode": data.get("transport_mode", ""),
            "geometry": geometry,
            "place_area": data.get("place_area"),
            "place_text": data.get("place_text", ""),
            "comment": data.get("comment", ""),
        }
