"""Participation's shared models: the themes that code input and the input register's
coding (`InputCoding`), the notices due to residents (the outbox), residents' privacy
requests, and the rate limiter's hit counters that every anonymous write goes through.

The places, ideas and surveys contexts build on these; nothing here imports them (a
reference to one of their models is by name, e.g. `"participation.Idea"`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omrade.areas.models import Area
from omrade.programmes.models import Goal, SubProgramme
from omrade.tenancy.models import TenantModel

__all__ = [
    "InputCoding",
    "NoticeKind",
    "PrivacyRequest",
    "PrivacyRequestKind",
    "RateLimitHit",
    "ResidentNotice",
    "Theme",
]


class Theme(TenantModel):  # tema: codes ideas, interviews and the input register
    name = models.CharField(_("navn"), max_length=100)
    sub_programme = models.ForeignKey(
        SubProgramme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participation_themes",
        verbose_name=_("delprogram"),
    )
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="theme_name_unique_in_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.sub_programme_id
            and self.sub_programme.programme.municipality_id != self.municipality_id  # type: ignore[union-attr]
        ):
            raise ValidationError({"sub_programme": _("Delprogrammet må høre til samme kommune.")})


class NoticeKind(models.TextChoices):
    FEEDBACK = "feedback", _("Tilbakemelding på idé")
    CONFIRM_EXPORT = "confirm_export", _("Bekreft uttrekk av innspill")
    CONFIRM_DELETE = "confirm_delete", _("Bekreft sletting av innspill")
    BOOKING = "booking", _("Svar på booking av rom")
    REGISTRATION = "registration", _("Påmelding til arrangement")


class ResidentNotice(TenantModel):
    """An e-mail due to a resident (the outbox). Omrade sends it itself
    (`participation/core/notices.py`): right after the request that queued it commits, and again
    by `omrade participation send-notices` for what is still due (a failure is retried with
    back-off). Without a configured mail server (`OMRADE_EMAIL_HOST`) the rows stay queued.

    The subject and body are written when the notice is queued, in `language` (the
    municipality's language then); sending never translates them again."""

    kind = models.CharField(_("type"), max_length=20, choices=NoticeKind.choices)
    email = models.EmailField(_("til"))
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("tekst"))
    language = models.CharField(_("språk"), max_length=10, blank=True)
    idea = models.ForeignKey(
        "participation.Idea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notices",
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    # Sending: attempts so far (one is counted when a run claims the notice), when it may be
    # tried next (also the claim: a run sets it ahead before sending, so an overlapping run
    # skips the row), and why the last attempt failed.
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    next_attempt_at = models.DateTimeField(_("neste forsøk"), null=True, blank=True)
    last_error = models.CharField(_("siste feil"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("varsel til innbygger")
        verbose_name_plural = _("varsler til innbyggere")
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"], name="notice_due")]

    def __str__(self) -> str:
        return self.subject


class InputCoding(TenantModel):
    """How staff coded one piece of input in the register: themes, sub-programme, area, and
    the goals and measures it shaped.

    The input is named by its register kind and id (`kind`, `object_id`) rather than by a
    content type or one foreign key per kind: the register's kinds are what other topics add
    through `register.register_provider`, and a kind need not be one model (survey answers
    and map marks may come from the same table), so the coding follows the register and
    never needs a schema change when a kind is added.
    """

    kind = models.CharField(_("type innspill"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("innspillets id"))
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="codings", verbose_name=_("temaer")
    )
    sub_programme = models.ForeignKey(
        SubProgramme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delprogram"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("område"),
    )
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="shaped_by_input", verbose_name=_("mål")
    )
    measures = models.ManyToManyField(
        "portfolio.Measure",
        blank=True,
        related_name="shaped_by_input",
        verbose_name=_("tiltak"),
    )
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    coded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    coded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("koding av innspill")
        verbose_name_plural = _("koding av innspill")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "object_id"], name="input_coding_once_per_input"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class PrivacyRequestKind(models.TextChoices):
    EXPORT = "export", _("Uttrekk av mine innspill")
    DELETE = "delete", _("Sletting av mine innspill")


class PrivacyRequest(TenantModel):
    """A resident's request to export or delete the input they gave with their e-mail
    address. Confirmed through a single-use link sent to that address (valid 24 hours).
    Only a masked address and a keyed hash are kept in the log."""

    kind = models.CharField(_("type"), max_length=10, choices=PrivacyRequestKind.choices)
    email_masked = models.CharField(_("e-post (maskert)"), max_length=200)
    email_hash = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("bedt om"), default=timezone.now)
    expires_at = models.DateTimeField(_("lenken utløper"))
    confirmed_at = models.DateTimeField(_("bekreftet"), null=True, blank=True)
    items = models.PositiveIntegerField(_("antall innspill"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("innsynsforespørsel")
        verbose_name_plural = _("innsynsforespørsler")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.email_masked}"


# --- rate limits (abuse.py) ----------------------------------------------------------------


class RateLimitHit(models.Model):
    """One client's count of one kind of anonymous write in one fixed time window.

    The client is never stored in clear: `key_hash` is a keyed hash (HMAC-SHA256 with a key
    derived from the secret key) of the action key and the client identity (IP address and
    user agent, or for children's sessions the session code and a random browser cookie).
    Rows are worthless after `expires_at`; the retention task deletes them.
    """

    key_hash = models.CharField(_("nøkkel (hash)"), max_length=64)
    window_start = models.DateTimeField(_("vindu fra"))
    count = models.PositiveIntegerField(_("antall"), default=0)
    expires_at = models.DateTimeField(_("utløper"), db_index=True)

    class Meta:
        verbose_name = _("treff i hastighetsgrense")
        verbose_name_plural = _("treff i hastighetsgrense")
        constraints = [
            models.UniqueConstraint(
                fields=["key_hash", "window_start"], name="rate_limit_hit_unique_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key_hash[:8]}… {self.window_start:%Y-%m-%d %H:%M:%S} ({self.count})"
