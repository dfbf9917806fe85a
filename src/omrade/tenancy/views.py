"""Pages for a municipality's directory: units, organisations, people and roles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omrade.common.views import save_with
from omrade.tenancy import selectors, services
from omrade.tenancy.access import get_in_municipality, municipality_view
from omrade.tenancy.forms import (
    MapBackgroundForm,
    OrganisationForm,
    PersonForm,
    RoleGrantForm,
    UnitForm,
)
from omrade.tenancy.models import Municipality, MunicipalUnit, Organisation, Person
from omrade.tenancy.permissions import (
    can_manage_directory,
    can_manage_municipality_settings,
    can_manage_roles,
)
from omrade.tenancy.tiles import tile_source_for, tile_source_for_country


def _directory_page(
    request: HttpRequest,
    municipality: Municipality,
    *,
    template: str,
    items: QuerySet[Any],
    form: BaseForm | None,
    write: Callable[[dict[str, Any]], Model],
    saved_message: str,
) -> HttpResponse:
    if request.method == "POST" and form is not None:
        saved = save_with(form, write)
        if saved is not None:
            messages.success(request, saved_message % {"name": str(saved)})
            return redirect(request.path)
    status = 400 if form is not None and form.is_bound else 200
    return render(
        request,
        template,
        {"municipality": municipality, "items": items, "form": form},
        status=status,
    )


def _form_or_none(request: HttpRequest, form_class: Any, **kwargs: Any) -> BaseForm | None:
    """The create form for directory editors; None for readers, whose posts are refused."""
    if not can_manage_directory(request.user, request.municipality):  # type: ignore[attr-defined]
        if request.method == "POST":
            raise PermissionDenied
        return None
    data = request.POST if request.method == "POST" else None
    return form_class(data, **kwargs)


@municipality_view()
def unit_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form = _form_or_none(request, UnitForm, municipality=municipality)
    return _directory_page(
        request,
        municipality,
        template="tenancy/unit_list.html",
        items=selectors.units_in(municipality),
        form=form,
        write=lambda data: services.unit_create(by=request.user, municipality=municipality, **data),
        saved_message=_("Enheten «%(name)s» er lagret."),
    )


@municipality_view(can_manage_directory)
def unit_edit(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    unit = get_in_municipality(MunicipalUnit, municipality, pk=pk)
    form = UnitForm(
        request.POST if request.method == "POST" else None,
        instance=unit,
        municipality=municipality,
    )
    return _edit_page(
        request,
        municipality,
        form=form,
        obj=unit,
        write=lambda data: services.unit_update(by=request.user, unit=unit, **data),
        back="tenancy:unit_list",
    )


@municipality_view()
def organisation_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form = _form_or_none(request, OrganisationForm)
    return _directory_page(
        request,
        municipality,
        template="tenancy/organisation_list.html",
        items=selectors.organisations_in(municipality),
        form=form,
        write=lambda data: services.organisation_create(
            by=request.user, municipality=municipality, **data
        ),
        saved_message=_("Organisasjonen «%(name)s» er lagret."),
    )


@municipality_view(can_manage_directory)
def organisation_edit(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    organisation = get_in_municipality(Organisation, municipality, pk=pk)
    form = OrganisationForm(
        request.POST if request.method == "POST" else None, instance=organisation
    )
    return _edit_page(
        request,
        municipality,
        form=form,
        obj=organisation,
        write=lambda data: services.organisation_update(
            by=request.user, organisation=organisation, **data
        ),
        back="tenancy:organisation_list",
    )


@municipality_view()
def person_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form = _form_or_none(request, PersonForm, municipality=municipality)
    return _directory_page(
        request,
        municipality,
        template="tenancy/person_list.html",
        items=selectors.people_in(municipality),
        form=form,
        write=lambda data: services.person_create(
            by=request.user, municipality=municipality, **data
        ),
        saved_message=_("«%(name)s» er lagret."),
    )


@municipality_view(can_manage_directory)
def person_edit(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    person = get_in_municipality(Person, municipality, pk=pk)
    form = PersonForm(
        request.POST if request.method == "POST" else None,
        instance=person,
        municipality=municipality,
    )
    return _edit_page(
        request,
        municipality,
        form=form,
        obj=person,
        write=lambda data: services.person_update(by=request.user, person=person, **data),
        back="tenancy:person_list",
    )


def _edit_page(
    request: HttpRequest,
    municipality: Municipality,
    *,
    form: BaseForm,
    obj: Model,
    write: Callable[[dict[str, Any]], Model],
    back: str,
) -> HttpResponse:
    if request.method == "POST":
        saved = save_with(form, write)
        if saved is not None:
            messages.success(request, _("«%(name)s» er lagret.") % {"name": str(saved)})
            return redirect(back, municipality_code=municipality.code)
    return render(
        request,
        "tenancy/edit.html",
        {"municipality": municipality, "form": form, "object": obj, "back": back},
        status=400 if form.is_bound else 200,
    )


@municipality_view(can_manage_roles)
def role_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form = RoleGrantForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        saved = save_with(
            form,
            lambda data: services.role_grant(
                user=data["username"], role=data["role"], municipality=municipality
            ),
        )
        if saved is not None:
            messages.success(request, _("Rollen er gitt."))
            return redirect(request.path)
    return render(
        request,
        "tenancy/role_list.html",
        {
            "municipality": municipality,
            "items": selectors.role_assignments_in(municipality),
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


@require_POST
@municipality_view(can_manage_roles)
def role_revoke(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    assignment = selectors.role_assignments_in(municipality).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    services.role_revoke(assignment=assignment)
    messages.success(request, _("Rollen er fjernet."))
    return redirect("tenancy:role_list", municipality_code=municipality.code)


@municipality_view(can_manage_municipality_settings)
def map_settings(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """The background map of the municipality's maps: its own tile source or the default."""
    form = MapBackgroundForm(
        request.POST if request.method == "POST" else None,
        initial={
            "tile_url": municipality.tile_url,
            "tile_attribution": municipality.tile_attribution,
        },
    )
    if request.method == "POST":
        saved = save_with(
            form,
            lambda data: services.municipality_set_map_background(
                municipality=municipality, by=request.user, **data
            ),
        )
        if saved is not None:
            messages.success(request, _("Bakgrunnskartet er lagret."))
            return redirect(request.path)
    return render(
        request,
        "tenancy/map_settings.html",
        {
            "municipality": municipality,
            "form": form,
            "source": tile_source_for(municipality),
            "default_source": tile_source_for_country(municipality),
        },
        status=400 if form.is_bound else 200,
    )
