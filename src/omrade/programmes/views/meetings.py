"""Pages for a programme's meetings: the meetings of each body, a meeting with its agenda,
attendance, minutes, numbered decisions and follow-up actions, and "my follow-up actions".

Everyone with a role in the municipality reads what `can_see_internal_items` lets them see
(public meetings and public items only, unless they may see a body's internal items); an
internal meeting answers 404 to those who may not see it. Structure editors and the body's
coordinator create meetings and record what happened (`can_manage_meetings`); an action's
owner may also change its status.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from omrade.common.views import save_with
from omrade.programmes import selectors_meetings as selectors
from omrade.programmes.forms_meetings import (
    ActionForm,
    ActionStatusForm,
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
)
from omrade.programmes.models import Body, FollowUpAction, Meeting, Programme
from omrade.programmes.permissions import (
    can_manage_meetings,
    can_see_internal_items,
    can_update_action,
)
from omrade.programmes.services import meetings as services
from omrade.tenancy.access import get_in_municipality, municipality_view
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser


@dataclass(frozen=True)
class ActionRow:
    action: FollowUpAction
    editable: bool


def _manageable_bodies(user: AnyUser, programme: Programme) -> list[Body]:
    bodies = programme.bodies.select_related("programme__municipality", "sub_programme")
    return [body for body in bodies if can_manage_meetings(user, body)]


def _action_rows(user: AnyUser, actions: Any) -> list[ActionRow]:
    return [ActionRow(action, can_update_action(user, action)) for action in actions]


# --- the meetings of a programme ----------------------------------------------------------------


def _list_page(
    request: HttpRequest,
    municipality: Municipality,
    programme: Programme,
    *,
    bound: MeetingForm | None = None,
) -> HttpResponse:
    manageable = _manageable_bodies(request.user, programme)
    form = bound or (
        MeetingForm(bodies=Body.objects.filter(pk__in=[b.pk for b in manageable]))
        if manageable
        else None
    )
    overdue = selectors.overdue_actions_for(request.user, municipality).filter(
        meeting__body__programme=programme
    )
    return render(
        request,
        "programmes/meetings/meeting_list.html",
        {
            "municipality": municipality,
            "programme": programme,
            "sections": selectors.meetings_by_body(programme, request.user),
            "decisions": selectors.decisions_of(programme, request.user),
            "overdue": _action_rows(request.user, overdue),
            "form": form,
        },
        status=400 if bound is not None else 200,
    )


@municipality_view()
def meeting_list(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    return _list_page(request, municipality, programme)


@require_POST
@municipality_view()
def meeting_add(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    manageable = _manageable_bodies(request.user, programme)
    if not manageable:
        raise PermissionDenied
    chosen = request.POST.get(f"{MeetingForm.prefix}-body", "")
    allowed_ids = {body.pk for body in manageable}
    other_body = chosen.isdigit() and int(chosen) not in allowed_ids
    if other_body and programme.bodies.filter(pk=int(chosen)).exists():
        raise PermissionDenied  # a body the user does not run
    form = MeetingForm(request.POST, bodies=Body.objects.filter(pk__in=allowed_ids))
    meeting = save_with(form, lambda data: services.meeting_create(by=request.user, **data))
    if isinstance(meeting, Meeting):
        messages.success(request, _("Møtet «%(name)s» er opprettet.") % {"name": meeting})
        return redirect(meeting.get_absolute_url())
    return _list_page(request, municipality, programme, bound=form)


# --- one meeting ---------------------------------------------------------------------------------


def _meeting(request: HttpRequest, programme: Programme, meeting_pk: int) -> Meeting:
    """A meeting of this programme that the user may see, or 404."""
    meeting = (
        Meeting.objects.select_related("body__programme__municipality", "body__sub_programme")
        .filter(body__programme=programme, pk=meeting_pk)
        .first()
    )
    if meeting is None or not selectors.can_see_meeting(request.user, meeting):
        raise Http404
    return meeting


def _detail_page(
    request: HttpRequest,
    municipality: Municipality,
    programme: Programme,
    meeting: Meeting,
    *,
    bound: BaseForm | None = None,
) -> HttpResponse:
    internal = can_see_internal_items(request.user, meeting.body)
    manage = can_manage_meetings(request.user, meeting.body)
    forms: dict[str, BaseForm | None] = {
        "item_form": AgendaItemForm() if manage else None,
        "attendance_form": AttendanceForm(meeting=meeting) if manage else None,
        "minutes_form": MinutesForm(instance=meeting) if manage else None,
        "decision_form": DecisionForm(meeting=meeting) if manage else None,
        "action_form": ActionForm(meeting=meeting) if manage else None,
    }
    if bound is not None:
        forms[f"{bound.prefix or 'status'}_form"] = bound
    return render(
        request,
        "programmes/meetings/meeting_detail.html",
        {
            "municipality": municipality,
            "programme": programme,
            "meeting": meeting,
            "internal": internal,
            "manage": manage,
            "agenda": selectors.agenda_of(meeting, internal=internal),
            "attendance": selectors.attendance_of(meeting) if internal or meeting.is_public else [],
            "decisions": selectors.decisions_of_meeting(meeting, internal=internal),
            "actions": _action_rows(
                request.user, selectors.actions_of_meeting(meeting, request.user)
            ),
            "status_form": ActionStatusForm(),
            **forms,
        },
        status=400 if bound is not None else 200,
    )


@municipality_view()
def meeting_detail(
    request: HttpRequest, municipality: Municipality, pk: int, meeting_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    return _detail_page(request, municipality, programme, _meeting(request, programme, meeting_pk))


def _managed_meeting(
    request: HttpRequest, municipality: Municipality, pk: int, meeting_pk: int
) -> tuple[Programme, Meeting]:
    """The programme and one of its meetings that the user may record things in."""
    programme = get_in_municipality(Programme, municipality, pk=pk)
    meeting = _meeting(request, programme, meeting_pk)
    if not can_manage_meetings(request.user, meeting.body):
        raise PermissionDenied
    return programme, meeting


def _record_view(
    form_class: Callable[..., BaseForm],
    write: Callable[..., object],
    message: str | Promise,
    *,
    by_meeting: bool = True,
) -> Callable[..., HttpResponseBase]:
    """A view for one "record something in a meeting" POST: the form is bound to the post
    (and to the meeting unless `by_meeting` is false), `write` is the service, called with the
    user, the meeting and the cleaned data, and `message` names what was saved."""

    @require_POST
    @municipality_view()
    def view(
        request: HttpRequest, municipality: Municipality, pk: int, meeting_pk: int
    ) -> HttpResponse:
        programme, meeting = _managed_meeting(request, municipality, pk, meeting_pk)
        extra = {"meeting": meeting} if by_meeting else {}
        form = form_class(request.POST, **extra)
        saved = save_with(form, lambda data: write(by=request.user, meeting=meeting, **data))
        if saved is None:
            return _detail_page(request, municipality, programme, meeting, bound=form)
        messages.success(request, str(message) % {"name": saved})
        return redirect(meeting.get_absolute_url())

    return view


attendance_add = _record_view(
    AttendanceForm, services.attendance_record, _lazy("Oppmøtet for «%(name)s» er registrert.")
)
decision_add = _record_view(
    DecisionForm, services.decision_record, _lazy("Vedtaket «%(name)s» er registrert.")
)
action_add = _record_view(
    ActionForm, services.action_add, _lazy("Oppfølgingspunktet «%(name)s» er lagt til.")
)
agenda_item_add = _record_view(
    AgendaItemForm,
    services.agenda_item_add,
    _lazy("Saken «%(name)s» er lagt til."),
    by_meeting=False,
)
minutes_save = _record_view(
    MinutesForm,
    services.minutes_save,
    _lazy("Referatet for «%(name)s» er lagret."),
    by_meeting=False,
)


@require_POST
@municipality_view()
def action_status(
    request: HttpRequest, municipality: Municipality, pk: int, action_pk: int
) -> HttpResponse:
    programme = get_in_municipality(Programme, municipality, pk=pk)
    action = (
        FollowUpAction.objects.select_related("meeting__body__programme__municipality", "owner")
        .filter(meeting__body__programme=programme, pk=action_pk)
        .first()
    )
    if action is None:
        raise Http404
    if not can_update_action(request.user, action):
        raise PermissionDenied
    form = ActionStatusForm(request.POST)
    saved = save_with(
        form,
        lambda data: services.action_set_status(
            action=action, status=data["status"], by=request.user
        ),
    )
    if saved is None:
        if not selectors.can_see_meeting(request.user, action.meeting):
            return HttpResponse(_("Velg en gyldig status."), status=400)
        return _detail_page(request, municipality, programme, action.meeting, bound=form)
    messages.success(
        request,
        _("«%(name)s» har fått status «%(status)s».")
        % {"name": action, "status": action.get_status_display()},
    )
    if request.POST.get("next") == "mine":
        return redirect("programmes:my_actions", municipality.code)
    if not selectors.can_see_meeting(request.user, action.meeting):
        return redirect("programmes:my_actions", municipality.code)
    return redirect(action.meeting.get_absolute_url())


# --- my follow-up actions ------------------------------------------------------------------------


@municipality_view()
def my_actions(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    overdue = selectors.overdue_actions_for(request.user, municipality)
    return render(
        request,
        "programmes/meetings/my_actions.html",
        {
            "municipality": municipality,
            "mine": _action_rows(
                request.user, selectors.actions_owned_by(request.user, municipality)
            ),
            "overdue": _action_rows(request.user, overdue),
            "status_form": ActionStatusForm(),
        },
    )


MEETING = "programmes/<int:pk>/meetings/<int:meeting_pk>/"

urlpatterns: list[URLPattern] = [
    path("programmes/<int:pk>/meetings/", meeting_list, name="meeting_list"),
    path("programmes/<int:pk>/meetings/add/", meeting_add, name="meeting_add"),
    path(MEETING, meeting_detail, name="meeting_detail"),
    path(f"{MEETING}agenda/add/", agenda_item_add, name="meeting_agenda_item_add"),
    path(f"{MEETING}attendance/add/", attendance_add, name="meeting_attendance_add"),
    path(f"{MEETING}minutes/", minutes_save, name="meeting_minutes_save"),
    path(f"{MEETING}decisions/add/", decision_add, name="meeting_decision_add"),
    path(f"{MEETING}actions/add/", action_add, name="meeting_action_add"),
    path(
        "programmes/<int:pk>/actions/<int:action_pk>/status/",
        action_status,
        name="action_status",
    ),
    path("actions/mine/", my_actions, name="my_actions"),
]
