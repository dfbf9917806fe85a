"""Typed status of a statistical value: why a value is there, or why it is not."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ValueStatus(models.TextChoices):
    OK = "ok", _("Verdi")
    PROVISIONAL = "provisional", _("Foreløpig verdi")  # SSB "*": the value is there
    SUPPRESSED = "suppressed", _("Skjult av personvernhensyn")  # SSB ":" / prikket
    NOT_APPLICABLE = "not_applicable", _("Ikke mulig å føre opp")  # SSB "."
    NOT_AVAILABLE = "not_available", _("Ikke tilgjengelig")  # SSB ".."
    NOT_YET_AVAILABLE = "not_yet_available", _("Ikke tilgjengelig ennå")  # SSB "..."
    NIL = "nil", _("Null (uten tall)")  # SSB "-": nothing to report; never stored as zero

    @property
    def has_value(self) -> bool:
        return self in (ValueStatus.OK, ValueStatus.PROVISIONAL)
