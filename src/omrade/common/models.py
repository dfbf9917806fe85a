"""Shared data: the audit log every app writes to when something records a decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what to which object, when, and which fields changed (field → [old, new])."""

    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommune"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utført av"),
    )
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    action = models.CharField(_("handling"), max_length=100)
    object_type = models.CharField(_("objekttype"), max_length=100)
    object_id = models.CharField(_("objekt-id"), max_length=64)
    summary = models.TextField(_("sammendrag"), blank=True)
    changes = models.JSONField(_("endringer"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("loggpost")
        verbose_name_plural = _("revisjonslogg")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"
