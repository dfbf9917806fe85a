"""Participation models: ideas with support, comments, moderation and feedback; interviews
with key persons; the input register's coding; privacy requests and the notices due to
residents.

Residents take part without an account. What identifies them is kept to a minimum: an
optional e-mail address on an idea (for feedback only, never shown, deleted after the
retention period), and keyed hashes of the browser's cookie token (`abuse.browser_hash`) that
let us count one support per browser and block an abuser's browser without storing an IP
address.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omrade.areas.models import Area
from omrade.participation.core.models import Theme
from omrade.programmes.models import Programme, SubProgramme
from omrade.tenancy.models import TenantModel

__all__ = [
    "AbuseReport",
    "Block",
    "Idea",
    "IdeaComment",
    "IdeaSource",
    "IdeaStatus",
    "IdeaStatusChange",
    "IdeaSupport",
    "KeyPersonInterview",
    "ModerationMode",
    "ModerationSetting",
    "ModerationState",
]

IDEA_TITLE_MAX = 120
IDEA_TEXT_MAX = 2000
COMMENT_TEXT_MAX = 1000
REASON_MAX = 500


class ModerationMode(models.TextChoices):
    PRE = "pre", _("Forhåndsmoderering: ingenting vises før det er godkjent")
    POST = "post", _("Etterhåndsmoderering: vises med en gang, kan skjules")


class ModerationSetting(TenantModel):
    """How a programme (or, without a programme, the whole municipality) moderates ideas and
    comments. Without a setting, pre-moderation applies."""

    programme = models.OneToOneField(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="moderation_setting",
        verbose_name=_("program"),
    )
    mode = models.CharField(
        _("moderering"), max_length=4, choices=ModerationMode.choices, default=ModerationMode.PRE
    )

    class Meta:
        verbose_name = _("modereringsvalg")
        verbose_name_plural = _("modereringsvalg")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(programme__isnull=True),
                name="moderation_setting_one_default_per_municipality",
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme or self.municipality}: {self.get_mode_display()}"


class ModerationState(models.TextChoices):
    PENDING = "pending", _("Venter på godkjenning")
    PUBLISHED = "published", _("Publisert")
    HIDDEN = "hidden", _("Skjult av moderator")


class IdeaStatus(models.TextChoices):
    RECEIVED = "received", _("Mottatt")
    ASSESSING = "assessing", _("Vurderes")
    TAKEN = "taken", _("Tatt inn i et tiltak eller en handlingsplan")
    NOT_TAKEN = "not_taken", _("Ikke tatt inn")
    DONE = "done", _("Gjennomført")


class IdeaSource(models.TextChoices):
    WEB = "web", _("Sendt inn av innbygger på nett")
    STAFF = "staff", _("Registrert av ansatt på vegne av innbygger")


class Moderated(TenantModel):
    """What ideas and comments share: their moderation state and the poster's client hash."""

    moderation = models.CharField(
        _("moderering"),
        max_length=10,
        choices=ModerationState.choices,
        default=ModerationState.PENDING,
    )
    hidden_reason = models.CharField(_("grunn til skjuling"), max_length=REASON_MAX, blank=True)
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderert"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderert av"),
    )
    # Keyed hash of the poster's browser cookie (abuse.browser_hash); for blocking, never shown.
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("sendt inn"), default=timezone.now)
    synthetic = models.BooleanField(
        _("eksempel"), default=False, help_text=_("Oppdiktet eksempel i demodata.")
    )

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        """Shown on the public pages: published, or hidden after it was published (then as
        «skjult av moderator» with the reason, without the text)."""
        return self.moderation == ModerationState.PUBLISHED or (
            self.moderation == ModerationState.HIDDEN and self.published_at is not None
        )

    @property
    def is_hidden(self) -> bool:
        return self.moderation == ModerationState.HIDDEN


class Idea(Moderated):  # idé / innspill fra innbygger
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("program"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("område"),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("tema"),
    )
    title = models.CharField(_("overskrift"), max_length=IDEA_TITLE_MAX)
    text = models.TextField(_("idéen"), max_length=IDEA_TEXT_MAX)
    photo = models.FileField(_("bilde"), upload_to="participation/ideas/%Y/", blank=True)
    photo_description = models.CharField(
        _("hva bildet viser"), max_length=200, blank=True, help_text=_("Tekst for skjermlesere.")
    )
    # For feedback only: never shown, not in the API, deleted after the retention period.
    email = models.EmailField(_("e-post for tilbakemelding"), blank=True)
    source = models.CharField(
        _("kilde"), max_length=5, choices=IdeaSource.choices, default=IdeaSource.WEB
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    on_behalf = models.BooleanField(_("på vegne av innbygger"), default=False)
    event = models.ForeignKey(
        "participation.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("arrangement"),
        help_text=_("Verkstedet eller møtet der idéen kom fram."),
    )
    where = models.CharField(
        _("hvor idéen kom fram"),
        max_length=200,
        blank=True,
        help_text=_("For eksempel «Verksted på Loddefjord bydelshus 12. mars»."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=IdeaStatus.choices, default=IdeaStatus.RECEIVED
    )
    status_changed_at = models.DateTimeField(_("status endret"), default=timezone.now)
    not_taken_reason = models.TextField(_("grunn til at idéen ikke ble tatt inn"), blank=True)
    feedback = models.TextField(_("tilbakemelding"), blank=True)
    measure = models.ForeignKey(
        "portfolio.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("tiltak"),
    )
    action_plan = models.ForeignKey(
        "portfolio.ActionPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("handlingsplan"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("idé")
        verbose_name_plural = _("idéer")
        indexes = [models.Index(fields=["municipality", "moderation", "status"], name="idea_list")]
        constraints = [
            models.CheckConstraint(
                condition=Q(on_behalf=False) | Q(source=IdeaSource.STAFF),
                name="idea_on_behalf_only_from_staff",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.programme_id and self.programme.municipality_id != self.municipality_id:  # type: ignore[union-attr]
            raise ValidationError({"programme": _("Programmet må høre til samme kommune.")})
        if self.area_id and self.area.municipality_id != self.municipality_id:  # type: ignore[union-attr]
            raise ValidationError({"area": _("Området må høre til samme kommune.")})
        if self.theme_id and self.theme.municipality_id != self.municipality_id:  # type: ignore[union-attr]
            raise ValidationError({"theme": _("Temaet må høre til samme kommune.")})
        if self.event_id and self.event.municipality_id != self.municipality_id:  # type: ignore[union-attr]
            raise ValidationError({"event": _("Arrangementet må høre til samme kommune.")})
        if self.measure_id and self.measure.municipality_id != self.municipality_id:  # type: ignore[union-attr]
            raise ValidationError({"measure": _("Tiltaket må høre til samme kommune.")})
        if (
            self.action_plan_id
            and self.action_plan.programme.municipality_id != self.municipality_id  # type: ignore[union-attr]
        ):
            raise ValidationError({"action_plan": _("Handlingsplanen må høre til samme kommune.")})


class IdeaStatusChange(models.Model):
    """One step of an idea's status, with the public feedback written for it."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=IdeaStatus.choices)
    to_status = models.CharField(max_length=10, choices=IdeaStatus.choices)
    feedback = models.TextField(_("tilbakemelding"))
    measure = models.ForeignKey(
        "portfolio.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tiltak"),
    )
    action_plan = models.ForeignKey(
        "portfolio.ActionPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handlingsplan"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("statusendring")
        verbose_name_plural = _("statusendringer")

    def __str__(self) -> str:
        return f"{self.idea}: {self.from_status} → {self.to_status}"


class IdeaSupport(models.Model):
    """«Jeg støtter dette»: one per browser (client hash) or per signed-in user."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    client_hash = models.CharField(max_length=64, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("støtte")
        verbose_name_plural = _("støtter")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "user"],
                condition=Q(user__isnull=False),
                name="idea_support_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["idea", "client_hash"],
                condition=Q(user__isnull=True) & ~Q(client_hash=""),
                name="idea_support_once_per_client",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.idea} +1"


class IdeaComment(Moderated):  # kommentar
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("kommentar"), max_length=COMMENT_TEXT_MAX)
    by_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skrevet av ansatt"),
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")

    def __str__(self) -> str:
        return self.text[:60]


class AbuseReport(TenantModel):
    """Someone reported an idea or a comment as abusive; staff handle the queue."""

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    comment = models.ForeignKey(
        IdeaComment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reason = models.CharField(_("hva er galt"), max_length=REASON_MAX)
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("utfall"), max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("rapport om misbruk")
        verbose_name_plural = _("rapporter om misbruk")
        constraints = [
            models.CheckConstraint(
                condition=Q(idea__isnull=False, comment__isnull=True)
                | Q(idea__isnull=True, comment__isnull=False),
                name="abuse_report_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.reason[:60]

    @property
    def target(self) -> Idea | IdeaComment:
        return self.idea if self.idea is not None else self.comment  # type: ignore[return-value]


class Block(TenantModel):
    """A browser (keyed hash of its cookie token) or an e-mail address (keyed hash) that may
    not post ideas, comments or reports any more. Neither is stored in clear."""

    client_hash = models.CharField(max_length=64, blank=True)
    email_hash = models.CharField(max_length=64, blank=True)
    reason = models.CharField(_("grunn"), max_length=REASON_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("gjelder til"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("blokkering")
        verbose_name_plural = _("blokkeringer")
        constraints = [
            models.CheckConstraint(
                condition=~Q(client_hash="") | ~Q(email_hash=""), name="block_has_a_target"
            )
        ]

    def __str__(self) -> str:
        return self.reason[:60]


class KeyPersonInterview(TenantModel):  # intervju med nøkkelperson: programme staff only
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_person_interviews",
        verbose_name=_("program"),
    )
    role_or_organisation = models.CharField(
        _("rolle eller organisasjon"),
        max_length=200,
        help_text=_("For eksempel «daglig leder, Loddefjord idrettslag»."),
    )
    name = models.CharField(_("navn (valgfritt)"), max_length=200, blank=True)
    interviewed_on = models.DateField(_("dato"))
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("intervjuer"),
    )
    notes = models.TextField(_("notater"), blank=True)
    consent = models.BooleanField(_("samtykke til lagring"), default=False)
    consent_how = models.CharField(
        _("hvordan samtykke ble gitt"),
        max_length=200,
        blank=True,
        help_text=_("For eksempel «muntlig, bekreftet på e-post»."),
    )
    consent_on = models.DateField(_("samtykke gitt"), null=True, blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="interviews", verbose_name=_("temaer")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("område"),
    )
    sub_programme = models.ForeignKey(
        SubProgramme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delprogram"),
    )
    notes_deleted_at = models.DateTimeField(_("notater slettet"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    synthetic = models.BooleanField(_("eksempel"), default=False)

    class Meta:
        ordering = ["-interviewed_on", "-id"]
        verbose_name = _("intervju med nøkkelperson")
        verbose_name_plural = _("intervjuer med nøkkelpersoner")
        constraints = [
            models.CheckConstraint(
                condition=Q(notes="") | Q(consent=True), name="interview_notes_need_consent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.role_or_organisation} ({self.interviewed_on:%Y-%m-%d})"

    def clean(self) -> None:
        if self.notes.strip() and not self.consent:
            raise ValidationError(
                {"consent": _("Notatene kan ikke lagres uten samtykke fra den som ble intervjuet.")}
            )
        if self.consent and not (self.consent_how.strip() and self.consent_on):
            raise ValidationError({"consent_how": _("Skriv hvordan og når samtykket ble gitt.")})
        if self.area_id and self.area.municipality_id != self.municipality_id:  # type: ignore[union-attr]
            raise ValidationError({"area": _("Området må høre til samme kommune.")})
        if (
            self.sub_programme_id
            and self.sub_programme.programme.municipality_id != self.municipality_id  # type: ignore[union-attr]
        ):
            raise ValidationError({"sub_programme": _("Delprogrammet må høre til samme kommune.")})
