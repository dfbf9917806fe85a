"""Home, dashboard, municipality switcher and health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from omrade.shell import my_work as work
from omrade.tenancy import selectors
from omrade.tenancy.access import municipality_view
from omrade.tenancy.models import Municipality


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "shell/home.html", {"municipalities": selectors.public_municipalities()})


@require_GET
def switch_municipality(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("municipality", "")
    municipality = selectors.municipalities_for_user(request.user).filter(code=code).first()
    if municipality is None:
        raise Http404
    return redirect(municipality)


@municipality_view()
def dashboard(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    return render(
        request,
        "shell/dashboard.html",
        {
            "municipality": municipality,
            "my_roles": sorted(
                role.label for role in selectors.roles_in_municipality(request.user, municipality)
            ),
            "unit_count": selectors.units_in(municipality).count(),
            "organisation_count": selectors.organisations_in(municipality).count(),
            "person_count": selectors.people_in(municipality).count(),
            "waiting_count": sum(group.count for group in work.my_work(request.user, municipality)),
        },
    )


@login_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Where a login lands: with one municipality, its "Mitt arbeid"; with several, the
    choice of municipality (each leading to its "Mitt arbeid"); with none, the front page."""
    municipalities = list(selectors.municipalities_for_user(request.user))
    if not municipalities:
        return redirect("shell:home")
    if len(municipalities) == 1:
        return redirect("shell:my_work", municipality_code=municipalities[0].code)
    return render(request, "shell/start.html", {"municipalities": municipalities})


@municipality_view()
def my_work(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """The "Mitt arbeid" page: what waits for the user here, by kind, each item linked."""
    groups = work.my_work(request.user, municipality)
    return render(
        request,
        "shell/my_work.html",
        {
            "municipality": municipality,
            "groups": groups,
            "total": sum(group.count for group in groups),
            "today": timezone.localdate(),
        },
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok", "database": connection.vendor})
