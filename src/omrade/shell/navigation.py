"""The navigation by app. Each app adds its entries here as it gets pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from omrade.finance.permissions import can_import_actuals
from omrade.participation.core.permissions import can_view_participation
from omrade.tenancy.models import Municipality
from omrade.tenancy.permissions import (
    can_manage_municipality_settings,
    can_manage_roles,
    can_view_municipality,
)
from omrade.tenancy.selectors import AnyUser


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    visible: Callable[[AnyUser, Municipality], bool]


MUNICIPALITY_NAVIGATION: list[NavEntry] = [
    NavEntry(_("Mitt arbeid"), "shell:my_work", can_view_municipality),
    NavEntry(_("Oversikt"), "shell:dashboard", can_view_municipality),
    NavEntry(_("Programmer"), "programmes:programme_list", can_view_municipality),
    NavEntry(_("Medvirkning"), "participation:idea_staff_list", can_view_participation),
    NavEntry(_("Områder"), "areas:map", can_view_municipality),
    NavEntry(_("Indikatorer"), "areas:indicator_list", can_view_municipality),
    NavEntry(_("Regnskap"), "finance:actuals", can_import_actuals),
    NavEntry(_("Enheter"), "tenancy:unit_list", can_view_municipality),
    NavEntry(_("Organisasjoner"), "tenancy:organisation_list", can_view_municipality),
    NavEntry(_("Personer"), "tenancy:person_list", can_view_municipality),
    NavEntry(_("Tilganger"), "tenancy:role_list", can_manage_roles),
    NavEntry(_("Kartbakgrunn"), "tenancy:map_settings", can_manage_municipality_settings),
]


@dataclass(frozen=True)
class NavLink:
    label: str | Promise
    url: str
    current: bool


def navigation_for(user: AnyUser, municipality: Municipality, current_path: str) -> list[NavLink]:
    links = []
    for entry in MUNICIPALITY_NAVIGATION:
        if not entry.visible(user, municipality):
            continue
        url = reverse(entry.url_name, kwargs={"municipality_code": municipality.code})
        is_dashboard = entry.url_name == "shell:dashboard"
        current = current_path == url if is_dashboard else current_path.startswith(url)
        links.append(NavLink(entry.label, url, current))
    return links
