"""Pages for a municipality's directory: units, organisations, people and roles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
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
from omrade.tenancy.models import Municipality, MunicipalUnit, Organisation, Person, TenantModel
from omrade.tenancy.permissions import (
    can_manage_directory,
    can_manage_municipality_settings,
    can_manage_roles,
)
from omrade.tenancy.selectors import AnyUser
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


@dataclass(frozen=True)
class Directory:
    """One kind of directory entry: its list page with a create form, and its edit page."""

    model: type[TenantModel]
    form_class: type[BaseForm]
    template: str
    items: Callable[[Municipality], QuerySet[Any]]
    create: Callable[..., Model]
    update: Callable[[AnyUser, Any, dict[str, Any]], Model]
    saved_message: str | Promise
    back: str
    form_takes_municipality: bool = True

    def form(self, request: HttpRequest, municipality: Municipality, **kwargs: Any) -> BaseForm:
        data = request.POST if request.method == "POST" else None
        if self.form_takes_municipality:
            kwargs["municipality"] = municipality
        return self.form_class(data, **kwargs)

    def list_view(self) -> Callable[..., HttpResponseBase]:
        @municipality_view()
        def view(request: HttpRequest, municipality: Municipality) -> HttpResponse:
            """The create form for directory editors; none for readers, whose posts are
            refused."""
            form = None
            if can_manage_directory(request.user, municipality):
                form = self.form(request, municipality)
            elif request.method == "POST":
                raise PermissionDenied
            return _directory_page(
                request,
                municipality,
                template=self.template,
                items=self.items(municipality),
                form=form,
                write=lambda data: self.create(by=request.user, municipality=municipality, **data),
                saved_message=str(self.saved_message),
            )

        return view

    def edit_view(self) -> Callable[..., HttpResponseBase]:
        @municipality_view(can_manage_directory)
        def view(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
            obj = get_in_municipality(self.model, municipality, pk=pk)
            return _edit_page(
                request,
                municipality,
                form=self.form(request, municipality, instance=obj),
                obj=obj,
                write=lambda data: self.update(request.user, obj, data),
                back=self.back,
            )

        return view


UNITS = Directory(
    model=MunicipalUnit,
    form_class=UnitForm,
    template="tenancy/unit_list.html",
    items=selectors.units_in,
    create=services.unit_create,
    update=lambda by, unit, data: services.unit_update(by=by, unit=unit, **data),
    saved_message=_lazy("Enheten «%(name)s» er lagret."),
    back="tenancy:unit_list",
)
ORGANISATIONS = Directory(
    model=Organisation,
    form_class=OrganisationForm,
    template="tenancy/organisation_list.html",
    items=selectors.organisations_in,
    create=services.organisation_create,
    update=lambda by, organisation, data: services.organisation_update(
        by=by, organisation=organisation, **data
    ),
    saved_message=_lazy("Organisasjonen «%(name)s» er lagret."),
    back="tenancy:organisation_list",
    form_takes_municipality=False,
)
PEOPLE = Directory(
    model=Person,
    form_class=PersonForm,
    template="tenancy/person_list.html",
    items=selectors.people_in,
    create=services.person_create,
    update=lambda by, person, data: services.person_update(by=by, person=person, **data),
    saved_message=_lazy("«%(name)s» er lagret."),
    back="tenancy:person_list",
)
unit_list, unit_edit = UNITS.list_view(), UNITS.edit_view()
organisation_list, organisation_edit = ORGANISATIONS.list_view(), ORGANISATIONS.edit_view()
person_list, person_edit = PEOPLE.list_view(), PEOPLE.edit_view()


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
                by=request.user, user=data["username"], role=data["role"], municipality=municipality
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
    services.role_revoke(by=request.user, assignment=assignment)
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
