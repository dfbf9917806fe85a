"""Pages for a programme's governance: "Hvem gjør hva?" and the organisation chart.

Everyone with a role in the municipality reads. Structure editors (`can_manage_programmes`)
add and remove roles, holders, bodies and members; a sub-programme's coordinator may also add
and remove members of the bodies that belong to that sub-programme (its working group).
Each add and remove is its own POST route that redirects back to the governance page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from omrade.common.views import add_refusal
from omrade.programmes.charts import build_chart, render_chart_svg
from omrade.programmes.forms_governance import BodyForm, HolderForm, MemberForm, RoleForm
from omrade.programmes.models import (
    Body,
    BodyMember,
    Holder,
    Occupant,
    Programme,
    SubProgramme,
)
from omrade.programmes.permissions import (
    can_edit_body,
    can_edit_sub_programme,
    can_manage_programmes,
)
from omrade.programmes.selectors import bodies_of, roles_of
from omrade.programmes.services import governance as services
from omrade.tenancy.access import get_in_municipality, municipality_view
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser

# --- reads and permissions -------------------------------------------------------------------


def _editable_bodies(user: AnyUser, programme: Programme, *, manager: bool) -> list[Body]:
    bodies = programme.bodies.select_related("sub_programme__programme__municipality")
    if manager:
        return list(bodies)
    allowed: dict[int, bool] = {}
    editable = []
    for body in bodies.filter(sub_programme__isnull=False):
        sub_programme: SubProgramme = body.sub_programme  # type: ignore[assignment]
        if sub_programme.pk not in allowed:
            allowed[sub_programme.pk] = can_edit_sub_programme(user, sub_programme)
        if allowed[sub_programme.pk]:
            editable.append(body)
    return editable


def _who(occupant: Occupant) -> str:
    """The person, unit or organisation filling a place (the office is shown on its own)."""
    names = [str(x) for x in (occupant.person, occupant.unit, occupant.organisation) if x]
    return ", ".join(names)


@dataclass(frozen=True)
class MemberRow:
    member: BodyMember
    who: str
    editable: bool


@dataclass(frozen=True)
class BodySection:
    body: Body
    members: list[MemberRow]
    editable: bool


# --- the governance page ----------------------------------------------------------------------


def _body_queryset(bodies: list[Body]) -> QuerySet[Body]:
    return Body.objects.filter(pk__in=[body.pk for body in bodies])


def _governance_page(
    request: HttpRequest,
    municipality: Municipality,
    programme: Programme,
    *,
    bound: BaseForm | None = None,
) -> HttpResponse:
    """The page; `bound` is a submitted form with errors, shown in place of its empty twin."""
    manager = can_manage_programmes(request.user, municipality)
    editable = _editable_bodies(request.user, programme, manager=manager)
    editable_ids = {body.pk for body in editable}
    sections = [
        BodySection(
            body=body,
            members=[
                MemberRow(member=member, who=_who(member), editable=body.pk in editable_ids)
                for member in body.members.all()
            ],
            editable=manager,
        )
        for body in bodies_of(programme)
    ]
    forms: dict[str, BaseForm | None] = {
        "role_form": RoleForm() if manager else None,
        "holder_form": HolderForm(programme=programme) if manager else None,
        "body_form": BodyForm(programme=programme) if manager else None,
        "member_form": (
            MemberForm(programme=programme, bodies=_body_queryset(editable)) if editable else None
        ),
    }
    if bound is not None:
        forms[f"{bound.prefix}_form"] = bound
    return render(
        request,
        "programmes/governance/governance.html",
        {
            "municipality": municipality,
            "programme": programme,
            "roles": roles_of(programme),
            "bodies": sections,
            "manager": manager,
            **forms,
        },
        status=400 if bound is not None else 200,
    )


@municipality_view()
def governance(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    return _governance_page(request, municipality, programme)


def _add(
    request: HttpRequest,
    municipality: Municipality,
    programme: Programme,
    form: BaseForm,
    write: Callable[[dict[str, Any]], object],
    message: str,
) -> HttpResponse:
    """Run a service with a valid form's data and go back; else show the form's errors."""
    if form.is_valid():
        try:
            saved = write(form.cleaned_data)
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, message % {"name": saved})
            return redirect("programmes:governance", municipality.code, programme.pk)
    return _governance_page(request, municipality, programme, bound=form)


def _back(municipality: Municipality, programme: Programme) -> HttpResponse:
    return redirect("programmes:governance", municipality.code, programme.pk)


def _edit_page(
    request: HttpRequest,
    municipality: Municipality,
    programme: Programme,
    *,
    form: BaseForm,
    save: Callable[[dict[str, Any]], object],
    heading: str,
) -> HttpResponse:
    """A page with one edit form; saving goes through the service and back to governance."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("«%(name)s» er lagret.") % {"name": saved})
            return _back(municipality, programme)
    return render(
        request,
        "programmes/edit.html",
        {
            "municipality": municipality,
            "programme": programme,
            "form": form,
            "heading": heading,
            "back_url": reverse("programmes:governance", args=[municipality.code, programme.pk]),
        },
        status=400 if form.is_bound else 200,
    )


def _programme_row(
    municipality: Municipality, pk: int, rows: Callable[[Programme], QuerySet[Any]], row_pk: int
) -> tuple[Programme, Any]:
    """The programme, and one of its `rows`; 404 for either if not there."""
    programme = get_in_municipality(Programme, municipality, pk=pk)
    return programme, _get(rows(programme), row_pk)


def _edit_view(
    pk_name: str,
    rows: Callable[[Programme], QuerySet[Any]],
    make_form: Callable[[QueryDict | None, Programme, Any], BaseForm],
    save: Callable[[AnyUser, Any, dict[str, Any]], object],
    heading: Callable[[Any], str],
) -> Callable[..., HttpResponseBase]:
    """A programme manager's edit page for one of the programme's `rows` (id named `pk_name`)."""

    @municipality_view(can_manage_programmes)
    def view(
        request: HttpRequest, municipality: Municipality, pk: int, **row_pk: int
    ) -> HttpResponse:
        programme, row = _programme_row(municipality, pk, rows, row_pk[pk_name])
        return _edit_page(
            request,
            municipality,
            programme,
            form=make_form(request.POST or None, programme, row),
            save=lambda data: save(request.user, row, data),
            heading=heading(row),
        )

    return view


def _add_view(
    make_form: Callable[[QueryDict, Programme], BaseForm],
    write: Callable[[AnyUser, Programme, dict[str, Any]], object],
    message: str | Promise,
) -> Callable[..., HttpResponseBase]:
    """A programme manager's "add" POST: one form, one service, back to governance."""

    @require_POST
    @municipality_view(can_manage_programmes)
    def view(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
        programme = get_in_municipality(Programme, municipality, pk=pk)
        return _add(
            request,
            municipality,
            programme,
            make_form(request.POST, programme),
            lambda data: write(request.user, programme, data),
            str(message),
        )

    return view


def _remove_view(
    pk_name: str,
    rows: Callable[[Programme], QuerySet[Any]],
    delete: Callable[[AnyUser, Any], None],
    message: str | Promise,
) -> Callable[..., HttpResponseBase]:
    """A programme manager's "remove" POST for one of the programme's `rows`, whose id the
    URL names `pk_name`."""

    @require_POST
    @municipality_view(can_manage_programmes)
    def view(
        request: HttpRequest, municipality: Municipality, pk: int, **row_pk: int
    ) -> HttpResponse:
        programme, row = _programme_row(municipality, pk, rows, row_pk[pk_name])
        delete(request.user, row)
        messages.success(request, str(message) % {"name": row})
        return _back(municipality, programme)

    return view


role_add = _add_view(
    lambda post, programme: RoleForm(post),
    lambda by, programme, data: services.role_create(by=by, programme=programme, **data),
    _lazy("Rollen «%(name)s» er lagt til."),
)
role_edit = _edit_view(
    "role_pk",
    lambda programme: programme.roles.all(),
    lambda post, programme, role: RoleForm(post, instance=role),
    lambda by, role, data: services.role_update(by=by, role=role, **data),
    lambda role: _("Endre rollen «%(name)s»") % {"name": role},
)
role_remove = _remove_view(
    "role_pk",
    lambda programme: programme.roles.all(),
    lambda by, role: services.role_delete(by=by, role=role),
    _lazy("Rollen «%(name)s» er fjernet."),
)
holder_add = _add_view(
    lambda post, programme: HolderForm(post, programme=programme),
    lambda by, programme, data: services.holder_add(by=by, **data),
    _lazy("«%(name)s» er lagt til som rolleinnehaver."),
)
holder_remove = _remove_view(
    "holder_pk",
    lambda programme: Holder.objects.filter(role__programme=programme),
    lambda by, holder: services.holder_remove(by=by, holder=holder),
    _lazy("«%(name)s» er fjernet fra rollen."),
)
body_add = _add_view(
    lambda post, programme: BodyForm(post, programme=programme),
    lambda by, programme, data: services.body_create(by=by, programme=programme, **data),
    _lazy("Organet «%(name)s» er lagt til."),
)
body_edit = _edit_view(
    "body_pk",
    lambda programme: programme.bodies.all(),
    lambda post, programme, body: BodyForm(post, instance=body, programme=programme),
    lambda by, body, data: services.body_update(by=by, body=body, **data),
    lambda body: _("Endre organet «%(name)s»") % {"name": body.name},
)
body_remove = _remove_view(
    "body_pk",
    lambda programme: programme.bodies.all(),
    lambda by, body: services.body_delete(by=by, body=body),
    _lazy("Organet «%(name)s» er fjernet."),
)


@require_POST
@municipality_view()
def member_add(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    manager = can_manage_programmes(request.user, municipality)
    editable = _editable_bodies(request.user, programme, manager=manager)
    if not manager and not editable:
        raise PermissionDenied
    chosen = request.POST.get(f"{MemberForm.prefix}-body", "")
    other_body = chosen.isdigit() and int(chosen) not in {body.pk for body in editable}
    if other_body and programme.bodies.filter(pk=int(chosen)).exists():
        raise PermissionDenied  # another sub-programme's working group
    return _add(
        request,
        municipality,
        programme,
        MemberForm(request.POST, programme=programme, bodies=_body_queryset(editable)),
        lambda data: services.member_add(by=request.user, **data),
        _("«%(name)s» er lagt til som medlem."),
    )


@require_POST
@municipality_view()
def member_remove(
    request: HttpRequest, municipality: Municipality, pk: int, member_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    members = BodyMember.objects.select_related("body__sub_programme__programme__municipality")
    member = _get(members.filter(body__programme=programme), member_pk)
    if not can_edit_body(request.user, member.body):
        raise PermissionDenied
    services.member_remove(by=request.user, member=member)
    messages.success(
        request,
        _("«%(name)s» er fjernet fra «%(body)s».") % {"name": member, "body": member.body},
    )
    return _back(municipality, programme)


def _get(rows: QuerySet[Any], pk: int) -> Any:
    """One row of a programme's own rows, or 404 (another programme's or municipality's)."""
    found = rows.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@municipality_view()
def organisation_chart(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    chart = build_chart(programme)
    label = _(
        "Organisasjonskart for %(programme)s. Den samme strukturen står som liste under kartet."
    ) % {"programme": programme.name}
    return render(
        request,
        "programmes/governance/organisation_chart.html",
        {
            "municipality": municipality,
            "programme": programme,
            "chart": chart,
            "svg": None if chart.empty else render_chart_svg(chart, label),
        },
    )


GOVERNANCE = "programmes/<int:pk>/governance/"


def _part_urls(
    kind: str,
    plural: str,
    add: Callable[..., HttpResponseBase],
    remove: Callable[..., HttpResponseBase],
    edit: Callable[..., HttpResponseBase] | None = None,
) -> list[URLPattern]:
    """The add, remove and (where there is one) edit routes of one part of the governance."""
    one = f"{GOVERNANCE}{plural}/<int:{kind}_pk>/"
    urls = [
        path(f"{GOVERNANCE}{plural}/add/", add, name=f"governance_{kind}_add"),
        path(f"{one}remove/", remove, name=f"governance_{kind}_remove"),
    ]
    if edit is not None:
        urls.append(path(f"{one}edit/", edit, name=f"governance_{kind}_edit"))
    return urls


urlpatterns: list[URLPattern] = [
    path(GOVERNANCE, governance, name="governance"),
    path("programmes/<int:pk>/organisation-chart/", organisation_chart, name="organisation_chart"),
    *_part_urls("role", "roles", role_add, role_remove, edit=role_edit),
    *_part_urls("holder", "holders", holder_add, holder_remove),
    *_part_urls("body", "bodies", body_add, body_remove, edit=body_edit),
    *_part_urls("member", "members", member_add, member_remove),
]
