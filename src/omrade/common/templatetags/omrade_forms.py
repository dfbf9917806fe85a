"""Render a bound field's widget with Designsystemet classes and ARIA links to help and errors."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField, ChoiceField, ModelChoiceField, Select, SelectMultiple
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()

DJANGO_EMPTY_LABEL = "---------"


def choose_label() -> str:
    return _("Velg …")


def name_the_empty_choice(field: BoundField) -> None:
    """Django's "---------" for no choice reads as a broken list: say "Velg …" instead."""
    form_field = field.field
    if not isinstance(form_field.widget, Select) or isinstance(form_field.widget, SelectMultiple):
        return
    if isinstance(form_field, ModelChoiceField):
        if form_field.empty_label == DJANGO_EMPTY_LABEL:
            form_field.empty_label = choose_label()
    elif isinstance(form_field, ChoiceField):
        choices: list[Any] = list(form_field.choices)  # type: ignore[arg-type]
        if any(value == "" and label == DJANGO_EMPTY_LABEL for value, label in choices):
            form_field.choices = [
                (value, choose_label() if value == "" and label == DJANGO_EMPTY_LABEL else label)
                for value, label in choices
            ]


@register.simple_tag
def designsystemet_widget(field: BoundField) -> SafeString:
    name_the_empty_choice(field)
    attrs: dict[str, str | bool] = {"class": "ds-input"}
    described_by = []
    if field.help_text:
        described_by.append(f"{field.id_for_label}-help")
    if field.errors:
        described_by.append(f"{field.id_for_label}-error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)
