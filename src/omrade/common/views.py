"""Helpers every app's views share: run a service with a form's data, show its refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest

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


def save_posted(
    request: HttpRequest,
    form: BaseForm,
    write: Callable[[dict[str, Any]], SavedT],
    message: Callable[[SavedT], str] | None = None,
) -> SavedT | None:
    """On a POST, `save_with` and, when it saved, show `message(saved)` as a success: what
    was saved, or None (a GET, or the form with its errors)."""
    if request.method != "POST":
        return None
    saved = save_with(form, write)
    if saved is not None and message is not None:
        messages.success(request, message(saved))
    return saved
