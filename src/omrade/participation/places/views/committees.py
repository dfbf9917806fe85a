"""Pages for local committees (lokalsamfunnsutvalg): the internal list and a committee's page
with its board, annual meetings and grants (and the forms to record them), and the public
contact page per committee: name, local community, board by office (names are public for
such committees) and contact details only when the committee made them public."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omrade.common.views import save_posted, save_with
from omrade.participation.core.permissions import can_run_participation, can_view_participation
from omrade.participation.places import selectors
from omrade.participation.places.forms import (
    AnnualMeetingForm,
    BoardMemberEndForm,
    BoardMemberForm,
    CommitteeForm,
    DistributionForm,
    GrantForm,
)
from omrade.participation.places.models import CommitteeBoardMember, LocalCommittee
from omrade.participation.places.services import committees as services
from omrade.participation.places.views.common import form_page
from omrade.tenancy.access import municipality_view, public_municipality_view
from omrade.tenancy.models import Municipality


def _committee(municipality: Municipality, committee_pk: int) -> LocalCommittee:
    committee = selectors.committee_for(municipality, committee_pk)
    if committee is None:
        raise Http404
    return committee


@municipality_view(can_view_participation)
def committee_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    committees = list(selectors.committees_of(municipality))
    return render(
        request,
        "participation/places/committee_list.html",
        {
            "municipality": municipality,
            "rows": [
                (committee, board)
                for committee, board in zip(
                    committees, selectors.boards_by_committee(committees).values(), strict=True
                )
            ],
            "can_run": can_run_participation(request.user, municipality),
        },
    )


@municipality_view(can_run_participation)
def committee_add(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form = CommitteeForm(request.POST or None, municipality=municipality)
    committee = save_posted(
        request,
        form,
        lambda data: services.committee_create(municipality=municipality, by=request.user, **data),
        lambda committee: _("Utvalget «%(name)s» er lagt til.") % {"name": committee},
    )
    if committee is not None:
        return redirect("participation:committee_detail", municipality.code, committee.pk)
    return form_page(
        request,
        municipality,
        form,
        title=_("Nytt lokalsamfunnsutvalg"),
        action=reverse("participation:committee_add", args=[municipality.code]),
        back=reverse("participation:committee_list", args=[municipality.code]),
        submit=_("Legg til utvalget"),
    )


@municipality_view(can_run_participation)
def committee_edit(
    request: HttpRequest, municipality: Municipality, committee_pk: int
) -> HttpResponse:
    committee = _committee(municipality, committee_pk)
    form = CommitteeForm(request.POST or None, instance=committee, municipality=municipality)
    saved = save_posted(
        request,
        form,
        lambda data: services.committee_update(committee=committee, by=request.user, **data),
        lambda saved: _("Utvalget «%(name)s» er lagret.") % {"name": saved},
    )
    if saved is not None:
        return redirect("participation:committee_detail", municipality.code, committee.pk)
    if request.method == "POST":
        committee.refresh_from_db()
    return form_page(
        request,
        municipality,
        form,
        title=_("Endre «%(name)s»") % {"name": committee.name},
        action=reverse("participation:committee_edit", args=[municipality.code, committee.pk]),
        back=reverse("participation:committee_detail", args=[municipality.code, committee.pk]),
        submit=_("Lagre"),
    )


def _detail_page(
    request: HttpRequest,
    municipality: Municipality,
    committee: LocalCommittee,
    **bound: Any,
) -> HttpResponse:
    can_run = can_run_participation(request.user, municipality)
    grants = list(committee.grants.prefetch_related("distributions__recipient_organisation"))
    forms: dict[str, Any] = {}
    if can_run:
        forms = {
            "meeting_form": AnnualMeetingForm(),
            "member_form": BoardMemberForm(committee=committee),
            "grant_form": GrantForm(),
            "distribution_form": DistributionForm(committee=committee),
            "end_form": BoardMemberEndForm(),
        }
    forms |= bound
    return render(
        request,
        "participation/places/committee_detail.html",
        {
            "municipality": municipality,
            "committee": committee,
            "board": selectors.current_board(committee),
            "board_history": committee.board_members.select_related(
                "person", "elected_at"
            ).order_by("-from_date"),
            "meetings": committee.annual_meetings.all(),
            "grants": [
                {
                    "grant": grant,
                    "distributed": services.distributed_sum(grant),
                    "left": grant.amount - services.distributed_sum(grant),
                }
                for grant in grants
            ],
            "can_run": can_run,
            **forms,
        },
        status=400 if bound else 200,
    )


@municipality_view(can_view_participation)
def committee_detail(
    request: HttpRequest, municipality: Municipality, committee_pk: int
) -> HttpResponse:
    return _detail_page(request, municipality, _committee(municipality, committee_pk))


def _back(municipality: Municipality, committee: LocalCommittee) -> HttpResponse:
    return redirect("participation:committee_detail", municipality.code, committee.pk)


@require_POST
@municipality_view(can_run_participation)
def committee_annual_meeting_add(
    request: HttpRequest, municipality: Municipality, committee_pk: int
) -> HttpResponse:
    committee = _committee(municipality, committee_pk)
    form = AnnualMeetingForm(request.POST)
    meeting = save_with(
        form,
        lambda data: services.annual_meeting_record(committee=committee, by=request.user, **data),
    )
    if meeting is None:
        return _detail_page(request, municipality, committee, meeting_form=form)
    messages.success(request, _("Årsmøtet er registrert."))
    return _back(municipality, committee)


@require_POST
@municipality_view(can_run_participation)
def committee_board_member_add(
    request: HttpRequest, municipality: Municipality, committee_pk: int
) -> HttpResponse:
    committee = _committee(municipality, committee_pk)
    form = BoardMemberForm(request.POST, committee=committee)
    member = save_with(
        form,
        lambda data: services.board_member_add(committee=committee, by=request.user, **data),
    )
    if member is None:
        return _detail_page(request, municipality, committee, member_form=form)
    messages.success(request, _("%(member)s er lagt til i styret.") % {"member": member})
    return _back(municipality, committee)


@require_POST
@municipality_view(can_run_participation)
def committee_board_member_end(
    request: HttpRequest, municipality: Municipality, committee_pk: int, member_pk: int
) -> HttpResponse:
    committee = _committee(municipality, committee_pk)
    member = CommitteeBoardMember.objects.filter(committee=committee, pk=member_pk).first()
    if member is None:
        raise Http404
    form = BoardMemberEndForm(request.POST)
    ended = save_with(
        form,
        lambda data: services.board_member_end(
            member=member, to_date=data["to_date"], by=request.user
        ),
    )
    if ended is None:
        return _detail_page(request, municipality, committee, end_form=form)
    messages.success(request, _("Vervet til %(member)s er avsluttet.") % {"member": member})
    return _back(municipality, committee)


@require_POST
@municipality_view(can_run_participation)
def committee_grant_set(
    request: HttpRequest, municipality: Municipality, committee_pk: int
) -> HttpResponse:
    committee = _committee(municipality, committee_pk)
    form = GrantForm(request.POST)
    grant = save_with(
        form, lambda data: services.grant_set(committee=committee, by=request.user, **data)
    )
    if grant is None:
        return _detail_page(request, municipality, committee, grant_form=form)
    messages.success(request, _("Tilskuddet for %(year)s er lagret.") % {"year": grant.year})
    return _back(municipality, committee)


@require_POST
@municipality_view(can_run_participation)
def committee_distribution_add(
    request: HttpRequest, municipality: Municipality, committee_pk: int
) -> HttpResponse:
    committee = _committee(municipality, committee_pk)
    form = DistributionForm(request.POST, committee=committee)
    distribution = save_with(
        form, lambda data: services.grant_distribution_add(by=request.user, **data)
    )
    if distribution is None:
        return _detail_page(request, municipality, committee, distribution_form=form)
    messages.success(request, _("Fordelingen er registrert."))
    return _back(municipality, committee)


# --- public pages ----------------------------------------------------------------------------


@public_municipality_view
def public_committee_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    return render(
        request,
        "participation/places/public_committee_list.html",
        {"municipality": municipality, "committees": selectors.committees_of(municipality)},
    )


@public_municipality_view
def public_committee_detail(
    request: HttpRequest, municipality: Municipality, committee_pk: int
) -> HttpResponse:
    committee = _committee(municipality, committee_pk)
    return render(
        request,
        "participation/places/public_committee_detail.html",
        {
            "municipality": municipality,
            "committee": committee,
            "board": selectors.current_board(committee),
            "contact": selectors.public_contact(committee),
        },
    )


_BASE = "participation/committees/<int:committee_pk>"
urlpatterns: list[URLPattern] = [
    path("participation/committees/", committee_list, name="committee_list"),
    path("participation/committees/add/", committee_add, name="committee_add"),
    path(f"{_BASE}/", committee_detail, name="committee_detail"),
    path(f"{_BASE}/edit/", committee_edit, name="committee_edit"),
    path(
        f"{_BASE}/annual-meetings/add/",
        committee_annual_meeting_add,
        name="committee_annual_meeting_add",
    ),
    path(f"{_BASE}/board/add/", committee_board_member_add, name="committee_board_member_add"),
    path(
        f"{_BASE}/board/<int:member_pk>/end/",
        committee_board_member_end,
        name="committee_board_member_end",
    ),
    path(f"{_BASE}/grants/add/", committee_grant_set, name="committee_grant_set"),
    path(
        f"{_BASE}/distributions/add/",
        committee_distribution_add,
        name="committee_distribution_add",
    ),
    path("local-committees/", public_committee_list, name="public_committee_list"),
    path(
        "local-committees/<int:committee_pk>/",
        public_committee_detail,
        name="public_committee_detail",
    ),
]
