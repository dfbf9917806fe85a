"""Helpers every app's services share."""

from __future__ import annotations

from django.db.models import Model


def save_validated(instance: Model) -> None:
    """Validate a model instance fully (fields, constraints, clean) and save it."""
    instance.full_clean()
    instance.save()
