"""Form rendering: selects name their empty choice instead of Django's "---------"."""

from __future__ import annotations

import pytest
from django import forms

from omrade.common.templatetags.omrade_forms import designsystemet_widget
from omrade.tenancy.models import Municipality

pytestmark = pytest.mark.django_db


class ChoiceForm(forms.Form):
    municipality = forms.ModelChoiceField(queryset=Municipality.objects.all(), required=False)
    country = forms.ChoiceField(choices=[("", "---------"), ("NO", "Norge")], required=False)
    dash = forms.ChoiceField(choices=[("", "–"), ("NO", "Norge")], required=False)


def test_empty_choices_say_velg_instead_of_dashes(tenants) -> None:
    form = ChoiceForm()
    rendered = {name: str(designsystemet_widget(form[name])) for name in form.fields}
    assert '<option value="" selected>Velg …</option>' in rendered["municipality"]
    assert '<option value="" selected>Velg …</option>' in rendered["country"]
    assert "---------" not in "".join(rendered.values())
    assert '<option value="" selected>–</option>' in rendered["dash"]  # an own label stays
    assert "Fredrikstad" in rendered["municipality"]
