"""Staff pages for interviews with key persons: programme staff only, never public.
Interviews are input of the register; its pages are core's (`core/views.py`).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from omrade.common.views import save_posted
from omrade.participation.core.permissions import can_run_participation
from omrade.participation.ideas import selectors
from omrade.participation.ideas.forms import InterviewForm
from omrade.participation.ideas.services import interviews as services
from omrade.tenancy.access import municipality_view
from omrade.tenancy.models import Municipality


@municipality_view(can_run_participation)
def interview_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Interviews with key persons: programme staff only, never public."""
    form = InterviewForm(request.POST or None, municipality=municipality)
    interview = save_posted(
        request,
        form,
        lambda data: services.interview_record(
            municipality=municipality, interviewer=request.user, **data
        ),
        lambda interview: _("Intervjuet er registrert."),
    )
    if interview is not None:
        return redirect(
            "participation:interview_detail",
            municipality_code=municipality.code,
            interview_pk=interview.pk,
        )
    return render(
        request,
        "participation/ideas/interviews.html",
        {
            "municipality": municipality,
            "interviews": selectors.interviews_of(municipality),
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


@municipality_view(can_run_participation)
def interview_detail(
    request: HttpRequest, municipality: Municipality, interview_pk: int
) -> HttpResponse:
    interview = selectors.interviews_of(municipality).filter(pk=interview_pk).first()
    if interview is None:
        raise Http404
    return render(
        request,
        "participation/ideas/interview_detail.html",
        {"municipality": municipality, "interview": interview},
    )


urlpatterns: list[URLPattern] = [
    path("medvirkning/arbeid/intervjuer/", interview_list, name="interview_list"),
    path(
        "medvirkning/arbeid/intervjuer/<int:interview_pk>/",
        interview_detail,
        name="interview_detail",
    ),
]
