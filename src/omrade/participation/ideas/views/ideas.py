"""Public participation pages (no login): the landing page per municipality, ideas with their
status and feedback, submitting an idea, support, comments, reporting abuse, the ideas of an
area, and a resident's export or deletion of their input.

Every form works without JavaScript; every anonymous POST is rate limited and carries the
honeypot. The staff pages are in `staff.py` and `interviews.py`; the register's are core's.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from omrade.areas.models import Area
from omrade.common.views import add_refusal
from omrade.participation.core import privacy
from omrade.participation.ideas import selectors
from omrade.participation.ideas.forms import (
    CommentForm,
    IdeaForm,
    PrivacyRequestForm,
    ReportForm,
)
from omrade.participation.ideas.http import client_hash, over_limit
from omrade.participation.ideas.models import Idea, IdeaComment, ModerationState
from omrade.participation.ideas.services import ideas as services
from omrade.participation.ideas.views import interviews as ideas_interviews
from omrade.participation.ideas.views import staff as ideas_staff
from omrade.portfolio.selectors_plans import measure_result
from omrade.tenancy.access import public_municipality_view
from omrade.tenancy.models import Municipality


@dataclass(frozen=True)
class PublicWay:
    """A way to take part, linked from the landing page: a URL name (with the municipality
    code as its only argument), a title and a line of text."""

    url_name: str
    title: str | Promise
    text: str | Promise


OTHER_WAYS: list[PublicWay] = [
    PublicWay(
        "participation:survey_open_list",
        gettext_lazy("Spørreundersøkelser"),
        gettext_lazy("Svar på undersøkelser om området ditt, også med kart."),
    ),
    PublicWay(
        "participation:public_calendar",
        gettext_lazy("Folkemøter og verksteder"),
        gettext_lazy("Se hva som skjer, og meld deg på."),
    ),
    PublicWay(
        "participation:public_place_list",
        gettext_lazy("Møteplasser"),
        gettext_lazy("Åpningstider og aktiviteter, og lån av rom for lag og foreninger."),
    ),
    PublicWay(
        "participation:public_committee_list",
        gettext_lazy("Lokalsamfunnsutvalg"),
        gettext_lazy("Utvalgene i lokalsamfunnene og hvem som sitter i styrene."),
    ),
    PublicWay(
        "participation:childmap_enter",
        gettext_lazy("Barnetråkk for skoleklasser"),
        gettext_lazy("Elever tegner skoleveien og stedene sine med koden fra læreren."),
    ),
]


def _ways(municipality: Municipality) -> list[tuple[str, str, str]]:
    return [
        (
            reverse(way.url_name, kwargs={"municipality_code": municipality.code}),
            str(way.title),
            str(way.text),
        )
        for way in OTHER_WAYS
    ]


def _too_many(request: HttpRequest, template: str, context: dict[str, object]) -> HttpResponse:
    context["limited"] = True
    return render(request, template, context, status=429)


@public_municipality_view
def public_home(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """The landing page: the ways to take part, the newest ideas, the areas."""
    return render(
        request,
        "participation/ideas/public_home.html",
        {
            "municipality": municipality,
            "ideas": list(selectors.public_ideas(municipality)[:6]),
            "status_counts": selectors.status_counts(municipality),
            "areas": selectors.idea_areas(municipality),
            "other_ways": _ways(municipality),
        },
    )


@public_municipality_view
def idea_public_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    return ideas_staff.idea_list_page(
        request, municipality, "idea_list.html", selectors.public_ideas
    )


def _submit_page(
    request: HttpRequest, municipality: Municipality, form: IdeaForm, *, status: int = 200
) -> HttpResponse:
    context: dict[str, object] = {"municipality": municipality, "form": form}
    if status == 429:
        return _too_many(request, "participation/ideas/idea_submit.html", context)
    return render(request, "participation/ideas/idea_submit.html", context, status=status)


@public_municipality_view
def idea_submit(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Submit an idea: a plain form (no JavaScript), honeypot, rate limit, optional photo."""
    if request.method != "POST":
        return _submit_page(request, municipality, IdeaForm(municipality=municipality))
    form = IdeaForm(request.POST, request.FILES, municipality=municipality)
    if over_limit(request, municipality, "idea"):
        return _submit_page(request, municipality, form, status=429)
    if form.is_valid():
        try:
            idea = services.idea_submit(
                municipality=municipality,
                client_hash=client_hash(request, municipality),
                **form.service_kwargs(),
            )
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            if idea.moderation == ModerationState.PUBLISHED:
                messages.success(request, _("Takk! Idéen din er publisert."))
                return redirect(services.public_idea_path(idea))
            messages.success(request, _("Takk! Idéen din vises når en moderator har sett på den."))
            return redirect("participation:public_home", municipality_code=municipality.code)
    return _submit_page(request, municipality, form, status=400)


def _public_idea(municipality: Municipality, idea_pk: int) -> Idea:
    idea = selectors.public_idea(municipality, idea_pk)
    if idea is None:
        raise Http404
    return idea


def _detail_page(
    request: HttpRequest,
    municipality: Municipality,
    idea: Idea,
    *,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, object] = {
        "municipality": municipality,
        "idea": idea,
        "feedback": list(selectors.public_feedback(idea)),
        "comments": list(selectors.public_comments(idea)),
        "comment_form": comment_form or CommentForm(),
        "open": idea.moderation == ModerationState.PUBLISHED,
        # What became of the measure the idea was taken into (shown without a link: measures
        # have no public page).
        "result": measure_result(idea.measure) if idea.measure is not None else None,
    }
    if status == 429:
        return _too_many(request, "participation/ideas/idea_detail.html", context)
    return render(request, "participation/ideas/idea_detail.html", context, status=status)


@public_municipality_view
def idea_public_detail(
    request: HttpRequest, municipality: Municipality, idea_pk: int
) -> HttpResponse:
    """An idea, its status and «what happened to your idea», its comments."""
    return _detail_page(request, municipality, _public_idea(municipality, idea_pk))


@public_municipality_view
def idea_photo(request: HttpRequest, municipality: Municipality, idea_pk: int) -> FileResponse:
    idea = _public_idea(municipality, idea_pk)
    if idea.is_hidden or not idea.photo:
        raise Http404
    content_type = mimetypes.guess_type(str(idea.photo.name))[0] or "application/octet-stream"
    return FileResponse(idea.photo.open("rb"), content_type=content_type)


@require_POST
@public_municipality_view
def idea_support(request: HttpRequest, municipality: Municipality, idea_pk: int) -> HttpResponse:
    idea = _public_idea(municipality, idea_pk)
    if over_limit(request, municipality, "support"):
        return _detail_page(request, municipality, idea, status=429)
    try:
        counted = services.idea_support(
            idea=idea, client_hash=client_hash(request, municipality), user=request.user
        )
    except ValidationError:
        messages.error(request, _("Støtten kunne ikke registreres."))
    else:
        if counted:
            messages.success(request, _("Takk for støtten!"))
        else:
            messages.info(request, _("Du har allerede støttet denne idéen."))
    return redirect(services.public_idea_path(idea))


@require_POST
@public_municipality_view
def idea_comment(request: HttpRequest, municipality: Municipality, idea_pk: int) -> HttpResponse:
    idea = _public_idea(municipality, idea_pk)
    form = CommentForm(request.POST)
    if over_limit(request, municipality, "comment"):
        return _detail_page(request, municipality, idea, comment_form=form, status=429)
    if form.is_valid():
        try:
            comment = services.idea_comment(
                idea=idea,
                text=form.cleaned_data["text"],
                client_hash=client_hash(request, municipality),
            )
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            if comment.moderation == ModerationState.PUBLISHED:
                messages.success(request, _("Kommentaren er publisert."))
            else:
                messages.success(
                    request, _("Takk! Kommentaren vises når en moderator har sett på den.")
                )
            return redirect(services.public_idea_path(idea))
    return _detail_page(request, municipality, idea, comment_form=form, status=400)


@public_municipality_view
def idea_report(request: HttpRequest, municipality: Municipality, idea_pk: int) -> HttpResponse:
    """Report an idea, or one of its comments (`?kommentar=<id>`), as abusive."""
    idea = _public_idea(municipality, idea_pk)
    comment: IdeaComment | None = None
    comment_id = request.GET.get("kommentar") or request.POST.get("kommentar")
    if comment_id:
        if not str(comment_id).isdigit():
            raise Http404
        comment = selectors.public_comments(idea).filter(pk=int(comment_id)).first()
        if comment is None:
            raise Http404
    form = ReportForm(request.POST or None)
    context: dict[str, object] = {
        "municipality": municipality,
        "idea": idea,
        "comment": comment,
        "form": form,
    }
    if request.method != "POST":
        return render(request, "participation/ideas/report.html", context)
    if over_limit(request, municipality, "report"):
        return _too_many(request, "participation/ideas/report.html", context)
    if form.is_valid():
        try:
            services.abuse_report(
                reason=form.cleaned_data["reason"],
                idea=idea if comment is None else None,
                comment=comment,
                client_hash=client_hash(request, municipality),
            )
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("Takk! En moderator ser på innlegget."))
            return redirect(services.public_idea_path(idea))
    return render(request, "participation/ideas/report.html", context, status=400)


@public_municipality_view
def area_public(request: HttpRequest, municipality: Municipality, area_pk: int) -> HttpResponse:
    """The ideas of one area (and the areas right under it)."""
    area = Area.objects.in_municipality(municipality).filter(pk=area_pk).first()
    if area is None:
        raise Http404
    return render(
        request,
        "participation/ideas/area.html",
        {
            "municipality": municipality,
            "area": area,
            "ideas": selectors.public_ideas(municipality, selectors.IdeaFilters(area=area.pk)),
        },
    )


@public_municipality_view
def privacy_request(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Ask for a copy of one's input, or its deletion, by the e-mail address given."""
    form = PrivacyRequestForm(request.POST or None)
    context: dict[str, object] = {"municipality": municipality, "form": form}
    if request.method != "POST":
        return render(request, "participation/ideas/privacy_request.html", context)
    if over_limit(request, municipality, "privacy"):
        return _too_many(request, "participation/ideas/privacy_request.html", context)
    if form.is_valid():
        try:
            privacy.privacy_request_start(
                municipality=municipality,
                email=form.cleaned_data["email"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            # The same answer whether or not the address gave any input.
            messages.success(
                request,
                _(
                    "Hvis adressen har sendt inn innspill hos oss, får den en e-post med en "
                    "lenke. Lenken virker én gang og i 24 timer."
                ),
            )
            return redirect("participation:public_home", municipality_code=municipality.code)
    return render(request, "participation/ideas/privacy_request.html", context, status=400)


def _link_refused(
    request: HttpRequest, municipality: Municipality, refused: privacy.LinkRefused
) -> HttpResponse:
    """An unknown link answers 404; a used or expired one 410 (gone)."""
    return render(
        request,
        "participation/ideas/privacy_confirm.html",
        {"municipality": municipality, "error": refused.messages[0]},
        status=404 if refused.reason == "unknown" else 410,
    )


@public_municipality_view
def privacy_confirm(request: HttpRequest, municipality: Municipality, token: str) -> HttpResponse:
    """The link from the e-mail. GET shows what will happen (link checkers and previews must
    not use the link up); POST does it: the export as one ZIP file (JSON and photos), or the
    deletion."""
    try:
        pending = privacy.privacy_request_lookup(municipality=municipality, token=token)
    except privacy.LinkRefused as refused:
        return _link_refused(request, municipality, refused)
    if request.method != "POST":
        return render(
            request,
            "participation/ideas/privacy_confirm.html",
            {"municipality": municipality, "pending": pending, "token": token},
        )
    try:
        result = privacy.privacy_request_confirm(municipality=municipality, token=token)
    except privacy.LinkRefused as refused:
        return _link_refused(request, municipality, refused)
    if result.kind == "export":
        response = HttpResponse(result.archive, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{privacy.ARCHIVE_NAME}"'
        return response
    return render(
        request,
        "participation/ideas/privacy_confirm.html",
        {"municipality": municipality, "deleted": result},
    )


urlpatterns: list[URLPattern] = [
    path("medvirkning/", public_home, name="public_home"),
    path("medvirkning/ideer/", idea_public_list, name="idea_public_list"),
    path("medvirkning/ideer/ny/", idea_submit, name="idea_submit"),
    path("medvirkning/ideer/<int:idea_pk>/", idea_public_detail, name="idea_public_detail"),
    path("medvirkning/ideer/<int:idea_pk>/bilde/", idea_photo, name="idea_photo"),
    path("medvirkning/ideer/<int:idea_pk>/stott/", idea_support, name="idea_support"),
    path("medvirkning/ideer/<int:idea_pk>/kommenter/", idea_comment, name="idea_comment"),
    path("medvirkning/ideer/<int:idea_pk>/rapporter/", idea_report, name="idea_report"),
    path("medvirkning/omrader/<int:area_pk>/", area_public, name="area_public"),
    path("medvirkning/personvern/", privacy_request, name="privacy_request"),
    path("medvirkning/personvern/<str:token>/", privacy_confirm, name="privacy_confirm"),
    *ideas_staff.urlpatterns,
    *ideas_interviews.urlpatterns,
]
