"""Helpers every app's views share: run a service with a form's data, show its refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.forms import BaseForm

SavedT = TypeVar("SavedT")


def add_refusal(form: BaseForm, refused: ValidationError) -> None:
    """Put a service's refusal on the field it names, or on the form."""
    if not hasattr(refused, "error_dict"):
        form.add_error(None, refused)
        return
    for name, errors in refused.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def save_with(form: BaseForm, write: Callable[[dict[str, Any]], SavedT]) -> SavedT | None:
    """Run a service with a valid form's data: what it saved, or None with the errors on the
    form (the form's own, or the service's refusal)."""
    if not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except ValidationError as refused:
        add_refusal(form, refused)
        return None
