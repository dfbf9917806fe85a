"""Participation models: surveys (spørreundersøkelser) with map questions, children's map
registrations (after Barnetråkk).

Texts that residents read are stored per language in JSON fields keyed by language code
(`{"nb": "...", "en": "..."}`); `translated()` falls back to the survey's default language.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omrade.areas.models import Area
from omrade.programmes.models import Programme
from omrade.tenancy.models import TenantModel

__all__ = [
    "CHOICE_KINDS_VALUES",
    "Answer",
    "ChildMapMark",
    "ChildMapSession",
    "GeometryKind",
    "GradeGroup",
    "InvitationToken",
    "MarkKind",
    "QuestionKind",
    "ResidenceCheck",
    "Response",
    "Survey",
    "SurveyIdentity",
    "SurveyPage",
    "SurveyQuestion",
    "TransportMode",
    "translated",
]


def translated(texts: Any, language: str, default_language: str = "nb") -> str:
    """The text in `language`, else in the default language, else the first there is."""
    if not isinstance(texts, dict) or not texts:
        return ""
    for code in (language, default_language):
        value = texts.get(code)
        if value:
            return str(value)
    return str(next((value for value in texts.values() if value), ""))


class SurveyIdentity(models.TextChoices):
    ANONYMOUS = "anonymous", _("Anonym")
    IDENTIFIED = "identified", _("Med navn og e-post")


class ResidenceCheck(models.TextChoices):  # «du bor i området»
    NONE = "none", _("Ingen kontroll")
    POSTCODE = "postcode", _("Postnummer")
    POINT = "point", _("Punkt innenfor området")


class Survey(TenantModel):  # spørreundersøkelse
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("program"),
    )
    areas = models.ManyToManyField(
        Area, blank=True, related_name="participation_surveys", verbose_name=_("områder")
    )
    title = models.JSONField(_("tittel"), default=dict)
    intro = models.JSONField(_("innledning"), default=dict, blank=True)
    languages = models.JSONField(_("språk"), default=list)
    default_language = models.CharField(_("standardspråk"), max_length=20, default="nb")
    identity = models.CharField(
        _("identitet"),
        max_length=12,
        choices=SurveyIdentity.choices,
        default=SurveyIdentity.ANONYMOUS,
    )
    residence_check = models.CharField(
        _("kontroll av bosted"),
        max_length=10,
        choices=ResidenceCheck.choices,
        default=ResidenceCheck.NONE,
    )
    postcodes = models.JSONField(_("postnumre"), default=list, blank=True)
    invitation_only = models.BooleanField(
        _("bare med invitasjonslenke"),
        default=False,
        help_text=_("Hver lenke kan brukes én gang. Ellers er undersøkelsen åpen for alle."),
    )
    opens_at = models.DateTimeField(_("åpner"), null=True, blank=True)
    closes_at = models.DateTimeField(_("stenger"), null=True, blank=True)
    is_published = models.BooleanField(_("publisert"), default=False)
    results_published = models.BooleanField(_("resultatene er offentlige"), default=False)
    retention_days = models.PositiveIntegerField(
        _("lagringstid for personopplysninger (dager)"), default=365
    )
    synthetic = models.BooleanField(_("oppdiktet (eksempel)"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    # Raised by every builder change (settings, pages, questions, translations): answering
    # code may keep a survey's structure in memory for as long as the version is the same.
    structure_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("spørreundersøkelse")
        verbose_name_plural = _("spørreundersøkelser")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | Q(opens_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opens",
            )
        ]

    def __str__(self) -> str:
        return self.title_in(self.default_language)

    def get_absolute_url(self) -> str:
        return reverse("participation:survey_detail", args=[self.municipality.code, self.pk])

    def title_in(self, language: str) -> str:
        return translated(self.title, language, self.default_language)

    def intro_in(self, language: str) -> str:
        return translated(self.intro, language, self.default_language)

    def is_open(self, now: Any = None) -> bool:
        now = now or timezone.now()
        if not self.is_published:
            return False
        if self.opens_at is not None and now < self.opens_at:
            return False
        return not (self.closes_at is not None and now >= self.closes_at)


class SurveyPage(models.Model):  # side i undersøkelsen
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="pages")
    order = models.PositiveSmallIntegerField(_("rekkefølge"))
    title = models.JSONField(_("tittel"), default=dict, blank=True)
    intro = models.JSONField(_("innledning"), default=dict, blank=True)

    class Meta:
        ordering = ["survey", "order"]
        verbose_name = _("side")
        verbose_name_plural = _("sider")
        constraints = [
            models.UniqueConstraint(fields=["survey", "order"], name="survey_page_order_unique")
        ]

    def __str__(self) -> str:
        return self.title_in(self.survey.default_language) or f"{self.order}"

    def title_in(self, language: str) -> str:
        return translated(self.title, language, self.survey.default_language)

    def intro_in(self, language: str) -> str:
        return translated(self.intro, language, self.survey.default_language)


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Ett valg")
    MULTIPLE = "multiple", _("Flere valg")
    SCALE = "scale", _("Skala")
    RANKING = "ranking", _("Rangering")
    MATRIX = "matrix", _("Matrise")
    TEXT = "text", _("Fritekst")
    MAP = "map", _("Kart")


CHOICE_KINDS_VALUES = (QuestionKind.SINGLE.value, QuestionKind.MULTIPLE.value)


class GeometryKind(models.TextChoices):
    POINT = "point", _("Punkt")
    LINE = "line", _("Linje")
    POLYGON = "polygon", _("Område (flate)")


class SurveyQuestion(models.Model):  # spørsmål
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    page = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("rekkefølge"))
    kind = models.CharField(_("type"), max_length=10, choices=QuestionKind.choices)
    required = models.BooleanField(_("må besvares"), default=False)
    text = models.JSONField(_("spørsmål"), default=dict)
    help_text = models.JSONField(_("hjelpetekst"), default=dict, blank=True)
    # Single/multiple choice and ranking: [{"id": "a", "text": {"nb": ...}}, ...];
    # matrix: the scale's end labels as for scale, rows in `rows`.
    options = models.JSONField(_("svaralternativer"), default=list, blank=True)
    rows = models.JSONField(_("rader"), default=list, blank=True)
    scale_min = models.SmallIntegerField(_("skala fra"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("skala til"), null=True, blank=True)
    scale_min_label = models.JSONField(_("tekst ved laveste verdi"), default=dict, blank=True)
    scale_max_label = models.JSONField(_("tekst ved høyeste verdi"), default=dict, blank=True)
    geometry_kind = models.CharField(
        _("geometri"), max_length=10, choices=GeometryKind.choices, blank=True
    )
    max_vertices = models.PositiveIntegerField(_("største antall punkter"), default=200)
    condition_question = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependent_questions",
        verbose_name=_("vises bare hvis spørsmålet"),
    )
    condition_choices = models.JSONField(_("har svaret"), default=list, blank=True)

    class Meta:
        ordering = ["page__order", "order", "pk"]
        verbose_name = _("spørsmål")
        verbose_name_plural = _("spørsmål")

    def __str__(self) -> str:
        return self.text_in(self.survey.default_language)

    def text_in(self, language: str) -> str:
        return translated(self.text, language, self.survey.default_language)

    def help_in(self, language: str) -> str:
        return translated(self.help_text, language, self.survey.default_language)

    def option_ids(self) -> list[str]:
        return [str(option["id"]) for option in self.options]

    def row_ids(self) -> list[str]:
        return [str(row["id"]) for row in self.rows]


class InvitationToken(models.Model):  # invitasjonslenke, kan brukes én gang
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tokens")
    # Only the SHA-256 of the token is kept; the links are shown once, when made.
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["survey", "pk"]
        verbose_name = _("invitasjonslenke")
        verbose_name_plural = _("invitasjonslenker")

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.token_hash[:8]}…"


class Response(models.Model):  # besvarelse
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    token = models.OneToOneField(
        InvitationToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    # Keyed hash of the browser's cookie token (abuse.browser_hash; open surveys): one complete
    # answer per browser.
    fingerprint_hash = models.CharField(max_length=64, blank=True)
    language = models.CharField(_("språk"), max_length=20)
    started_at = models.DateTimeField(_("startet"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("sendt inn"), null=True, blank=True)
    complete = models.BooleanField(_("fullført"), default=False)
    lives_in_area = models.BooleanField(_("bor i området"), null=True, blank=True)
    # Assisted participation (papirskjema, samtale): entered by staff on a resident's behalf.
    assisted = models.BooleanField(_("registrert av ansatt"), default=False)
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assisted_note = models.CharField(_("hvordan svaret kom inn"), max_length=200, blank=True)
    # Identified surveys only: personal data, deleted after the survey's retention period.
    respondent_name = models.CharField(_("navn"), max_length=200, blank=True)
    respondent_email = models.EmailField(_("e-post"), blank=True)
    delete_personal_data_after = models.DateField(null=True, blank=True)
    synthetic = models.BooleanField(_("oppdiktet (eksempel)"), default=False)

    class Meta:
        ordering = ["survey", "pk"]
        verbose_name = _("besvarelse")
        verbose_name_plural = _("besvarelser")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "fingerprint_hash"],
                condition=~Q(fingerprint_hash=""),
                name="response_one_per_fingerprint",
            )
        ]
        indexes = [models.Index(fields=["survey", "complete"], name="response_survey_complete")]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class Answer(models.Model):  # svar på ett spørsmål
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    choices = models.JSONField(default=list, blank=True)  # option ids; ranking: in order
    number = models.SmallIntegerField(null=True, blank=True)  # scale
    matrix = models.JSONField(default=dict, blank=True)  # row id → scale value
    text = models.TextField(blank=True)  # free text (clean_text)
    geometry = models.JSONField(null=True, blank=True)  # GeoJSON geometry, WGS84
    # The non-map alternative: a place chosen from a list, or described in words.
    place_area = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    place_text = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["response", "question"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_one_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


# --- children's map registrations (barnetråkk) -------------------------------------------


class GradeGroup(models.TextChoices):  # trinn
    GRADES_1_4 = "1-4", _("1.–4. trinn")
    GRADES_5_7 = "5-7", _("5.–7. trinn")
    GRADES_8_10 = "8-10", _("8.–10. trinn")


class MarkKind(models.TextChoices):  # Barnetråkk's object types (objekttype)
    BARNEVEG = "Barneveg", _("Veien til skolen")
    AKTIVITET = "Aktivitet", _("Her leker eller er jeg")
    POSITIV = "PositivOpplevelse", _("Her liker jeg meg")
    NEGATIV = "NegativOpplevelse", _("Her føler jeg meg utrygg")


class TransportMode(models.TextChoices):
    WALK = "walk", _("Går")
    BIKE = "bike", _("Sykler")
    BUS = "bus", _("Buss")
    CAR = "car", _("Bil")
    OTHER = "other", _("Annet")


class ChildMapSession(TenantModel):  # en klasses kartregistrering
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="child_map_sessions",
        verbose_name=_("program"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="child_map_sessions",
        verbose_name=_("område"),
    )
    school_name = models.CharField(_("skole"), max_length=200)
    # Where the school is: a GeoJSON Point in WGS84 (longitude, latitude), like a mark's
    # geometry; shown on the children's map as "Skolen". Optional.
    school_location = models.JSONField(_("skolens plassering"), null=True, blank=True)
    grade_group = models.CharField(_("trinn"), max_length=4, choices=GradeGroup.choices)
    code = models.CharField(_("kode"), max_length=6)
    opens_at = models.DateTimeField(_("åpner"))
    closes_at = models.DateTimeField(_("stenger"))
    is_open = models.BooleanField(_("åpen"), default=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("åpnet av"),
    )
    synthetic = models.BooleanField(_("oppdiktet (eksempel)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("kartregistrering for barn")
        verbose_name_plural = _("kartregistreringer for barn")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(is_open=True), name="child_map_code_unique_open"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="child_map_closes_after_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_name}, {self.get_grade_group_display()}"

    def get_absolute_url(self) -> str:
        return reverse("participation:childmap_detail", args=[self.municipality.code, self.pk])

    def accepts_marks(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return self.is_open and self.opens_at <= now < self.closes_at


class ChildMapMark(models.Model):  # én registrering: skolevei eller et sted
    """No names, no device identifiers, no IP address: only what the child drew."""

    session = models.ForeignKey(ChildMapSession, on_delete=models.CASCADE, related_name="marks")
    kind = models.CharField(_("type"), max_length=20, choices=MarkKind.choices)
    want_change = models.BooleanField(_("bør endres"), default=False)
    transport_mode = models.CharField(
        _("reisemåte"), max_length=10, choices=TransportMode.choices, blank=True
    )
    geometry = models.JSONField(null=True, blank=True)
    place_area = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    place_text = models.CharField(_("stedet med ord"), max_length=200, blank=True)
    comment = models.CharField(_("kommentar"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    synthetic = models.BooleanField(_("oppdiktet (eksempel)"), default=False)

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("kartregistrering")
        verbose_name_plural = _("kartregistreringer")

    def __str__(self) -> str:
        return f"{self.session_id}/{self.kind}"
