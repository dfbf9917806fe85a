"""Every URL pattern and API route, requested as every kind of visitor.

A route that is not listed in EXPECTED (or API_EXPECTED) fails the test, so no route can be
added without deciding who may see it. The probes use the home municipality's objects; the
other municipality's admin must never see or change them.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from omrade.api.api import api
from omrade.programmes.models import Body, BodyMember, Holder, ProgrammeRole
from omrade.programmes.services import barriers as barrier_services
from omrade.programmes.services import meetings as meeting_services
from omrade.programmes.services import programme as programme_services
from omrade.tenancy.models import Role
from tests.access import (
    ALL_ROLES,
    ANONYMOUS,
    AREA_EDITORS,
    DIRECTORY_EDITORS,
    LOGIN,
    OTHER,
    PLATFORM,
    PROGRAMME_EDITORS,
    STATISTICS_EDITORS,
    Probe,
    access,
)
from tests.factories import (
    AreaFactory,
    BaselineFactory,
    MunicipalUnitFactory,
    ObservationFactory,
    OrganisationFactory,
    PersonFactory,
    RoleAssignmentFactory,
)
from tests.finance import access_finance, access_statement
from tests.participation import access_ideas, access_places, access_surveys
from tests.portfolio import access_criteria, access_measures, access_plans, access_selection

pytestmark = pytest.mark.django_db


def programme_kwargs(objects: dict[str, object]) -> dict[str, object]:
    return {"pk": objects["programme"].pk}


def fresh_goal_kwargs(objects: dict[str, object]) -> dict[str, object]:
    """Removing deletes: every request gets a sub-goal of its own."""
    goal = programme_services.goal_create(
        by=None,
        programme=objects["programme"],
        kind="citizen",
        text="Probe",
        parent=objects["goal"],
    )
    return {"pk": objects["programme"].pk, "goal_pk": goal.pk}


def meeting_kwargs(objects: dict[str, object]) -> dict[str, object]:
    return programme_kwargs(objects) | {"meeting_pk": objects["meeting"].pk}


def fresh_meeting_kwargs(objects: dict[str, object]) -> dict[str, object]:
    """Saving the minutes also sets whether the meeting is public: a meeting per request."""
    meeting = meeting_services.meeting_create(
        by=None, body=objects["body"], starts_at=timezone.now(), is_public=True
    )
    return programme_kwargs(objects) | {"meeting_pk": meeting.pk}


def fresh_barrier_kwargs(objects: dict[str, object]) -> dict[str, object]:
    """Escalating changes the barrier's state: every request gets a barrier of its own."""
    barrier = barrier_services.barrier_register(
        programme=objects["programme"], title="Probe", by=None
    )
    return programme_kwargs(objects) | {"barrier_pk": barrier.pk, "action": "escalate"}


BARRIER_HANDLERS = PROGRAMME_EDITORS | {Role.BOARD_MEMBER}


EXPECTED: dict[str, Probe] = {
    "shell:home": Probe(access(200)),
    "shell:switch_municipality": Probe(access(404)),  # without ?municipality= there is no target
    "shell:dashboard": Probe(access(roles=ALL_ROLES)),
    # Where a login lands: one municipality → its "Mitt arbeid"; the platform admin has two
    # here and chooses.
    "shell:start": Probe(access(302) | {PLATFORM: 200}),
    "shell:my_work": Probe(access(roles=ALL_ROLES)),
    "healthz": Probe(access(200)),
    "login": Probe(access(200)),
    "logout": Probe(access(405)),  # POST only
    "set_language": Probe(access(302)),  # a GET changes nothing and goes back
    "tenancy:unit_list": Probe(access(roles=ALL_ROLES)),
    "tenancy:unit_edit": Probe(
        access(roles=DIRECTORY_EDITORS), lambda objects: {"pk": objects["unit"].pk}
    ),
    "tenancy:organisation_list": Probe(access(roles=ALL_ROLES)),
    "tenancy:organisation_edit": Probe(
        access(roles=DIRECTORY_EDITORS), lambda objects: {"pk": objects["organisation"].pk}
    ),
    "tenancy:person_list": Probe(access(roles=ALL_ROLES)),
    "tenancy:person_edit": Probe(
        access(roles=DIRECTORY_EDITORS), lambda objects: {"pk": objects["person"].pk}
    ),
    "tenancy:role_list": Probe(access(roles={Role.MUNICIPAL_ADMIN})),
    "tenancy:role_revoke": Probe(
        access(roles={Role.MUNICIPAL_ADMIN}, allowed_status=302),  # redirect back to the list
        # Revoking deletes: every request gets an assignment of its own.
        lambda objects: {"pk": RoleAssignmentFactory(municipality=objects["home"]).pk},
        method="post",
    ),
    "tenancy:map_settings": Probe(access(roles={Role.MUNICIPAL_ADMIN})),
    # Areas: published figures are public; index definitions and baselines are internal.
    "areas:map": Probe(access(200)),
    "areas:export": Probe(access(200), lambda objects: {"file_format": "csv"}),
    "areas:compare": Probe(access(200)),
    "areas:gap": Probe(access(200)),
    "areas:area_detail": Probe(access(200), lambda objects: {"pk": objects["area"].pk}),
    "areas:area_initiative": Probe(
        access(roles=AREA_EDITORS, allowed_status=302),
        lambda objects: {"pk": objects["area"].pk},
        method="post",
    ),
    "areas:indicator_list": Probe(access(200)),
    "areas:statistics_import": Probe(access(roles=STATISTICS_EDITORS)),
    "areas:index_definition_list": Probe(access(roles=ALL_ROLES)),
    "areas:baseline_list": Probe(access(roles=ALL_ROLES)),
    "areas:baseline_detail": Probe(
        access(roles=ALL_ROLES), lambda objects: {"pk": objects["baseline"].pk}
    ),
    # Programmes: internal; the structure is changed by programme managers and admins.
    "programmes:programme_list": Probe(access(roles=ALL_ROLES)),
    "programmes:programme_detail": Probe(access(roles=ALL_ROLES), programme_kwargs),
    "programmes:programme_edit": Probe(access(roles=PROGRAMME_EDITORS), programme_kwargs),
    "programmes:document_download": Probe(
        access(roles=ALL_ROLES),
        lambda objects: programme_kwargs(objects) | {"document_pk": objects["document"].pk},
    ),
    "programmes:goal_tree": Probe(access(roles=ALL_ROLES), programme_kwargs),
    "programmes:goal_detail": Probe(
        access(roles=ALL_ROLES),
        lambda objects: programme_kwargs(objects) | {"goal_pk": objects["goal"].pk},
    ),
    "programmes:goal_delete": Probe(
        access(roles=PROGRAMME_EDITORS, allowed_status=302), fresh_goal_kwargs, method="post"
    ),
    "programmes:governance": Probe(access(roles=ALL_ROLES), programme_kwargs),
    "programmes:governance_role_edit": Probe(
        access(roles=PROGRAMME_EDITORS),
        lambda objects: programme_kwargs(objects) | {"role_pk": objects["role"].pk},
    ),
    "programmes:governance_body_edit": Probe(
        access(roles=PROGRAMME_EDITORS),
        lambda objects: programme_kwargs(objects) | {"body_pk": objects["body"].pk},
    ),
    "programmes:sub_programme_edit": Probe(
        access(roles=PROGRAMME_EDITORS),
        lambda objects: programme_kwargs(objects) | {"sub_pk": objects["goal"].sub_programme_id},
    ),
    "programmes:organisation_chart": Probe(access(roles=ALL_ROLES), programme_kwargs),
    # An empty POST is an invalid form: 400 for those allowed to add.
    **{
        f"programmes:governance_{thing}_add": Probe(
            access(roles=PROGRAMME_EDITORS, allowed_status=400), programme_kwargs, method="post"
        )
        for thing in ("role", "holder", "body", "member")
    },
    # Removing deletes: every request gets an object of its own.
    "programmes:governance_role_remove": Probe(
        access(roles=PROGRAMME_EDITORS, allowed_status=302),
        lambda objects: (
            programme_kwargs(objects)
            | {
                "role_pk": ProgrammeRole.objects.create(
                    programme=objects["programme"], kind="other"
                ).pk
            }
        ),
        method="post",
    ),
    "programmes:governance_holder_remove": Probe(
        access(roles=PROGRAMME_EDITORS, allowed_status=302),
        lambda objects: (
            programme_kwargs(objects)
            | {"holder_pk": Holder.objects.create(role=objects["role"], office="Probe").pk}
        ),
        method="post",
    ),
    "programmes:governance_body_remove": Probe(
        access(roles=PROGRAMME_EDITORS, allowed_status=302),
        lambda objects: (
            programme_kwargs(objects)
            | {
                "body_pk": Body.objects.create(
                    programme=objects["programme"],
                    kind="other",
                    name=f"Probe {Body.objects.count()}",
                ).pk
            }
        ),
        method="post",
    ),
    "programmes:governance_member_remove": Probe(
        access(roles=PROGRAMME_EDITORS, allowed_status=302),
        lambda objects: (
            programme_kwargs(objects)
            | {"member_pk": BodyMember.objects.create(body=objects["body"], office="Probe").pk}
        ),
        method="post",
    ),
    # Meetings: everyone reads what they may see (the probe meeting is public); structure
    # editors and the body's coordinator record. An empty POST is an invalid form: 400.
    "programmes:meeting_list": Probe(access(roles=ALL_ROLES), programme_kwargs),
    "programmes:meeting_add": Probe(
        access(roles=PROGRAMME_EDITORS, allowed_status=400), programme_kwargs, method="post"
    ),
    "programmes:meeting_detail": Probe(access(roles=ALL_ROLES), meeting_kwargs),
    **{
        f"programmes:meeting_{thing}_add": Probe(
            access(roles=PROGRAMME_EDITORS, allowed_status=400), meeting_kwargs, method="post"
        )
        for thing in ("agenda_item", "attendance", "decision", "action")
    },
    "programmes:meeting_minutes_save": Probe(  # empty minutes are valid: saved, redirect back
        access(roles=PROGRAMME_EDITORS, allowed_status=302), fresh_meeting_kwargs, method="post"
    ),
    "programmes:action_status": Probe(  # no status chosen: 400 for those allowed
        access(roles=PROGRAMME_EDITORS, allowed_status=400),
        lambda objects: programme_kwargs(objects) | {"action_pk": objects["action"].pk},
        method="post",
    ),
    "programmes:my_actions": Probe(access(roles=ALL_ROLES)),
    # Barriers: everyone registers; structure editors and board members escalate.
    "programmes:barrier_list": Probe(access(roles=ALL_ROLES), programme_kwargs),
    "programmes:barrier_register": Probe(
        access(roles=ALL_ROLES, allowed_status=400), programme_kwargs, method="post"
    ),
    "programmes:barrier_detail": Probe(
        access(roles=ALL_ROLES),
        lambda objects: programme_kwargs(objects) | {"barrier_pk": objects["barrier"].pk},
    ),
    "programmes:barrier_transition": Probe(
        access(roles=BARRIER_HANDLERS, allowed_status=302), fresh_barrier_kwargs, method="post"
    ),
}

# (method, path) → expected status per actor. `{code}` is the home municipality.
API_EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("get", "/api/municipalities"): access(200),
    ("get", "/api/me"): access(roles=ALL_ROLES, anonymous=401) | {OTHER: 200},
    ("get", "/api/municipalities/{code}/units"): access(roles=ALL_ROLES, anonymous=401),
    ("get", "/api/municipalities/{code}/my-work"): access(roles=ALL_ROLES, anonymous=401),
    ("post", "/api/municipalities/{code}/units"): access(roles=DIRECTORY_EDITORS, anonymous=401),
    ("get", "/api/municipalities/{code}/organisations"): access(roles=ALL_ROLES, anonymous=401),
    ("get", "/api/municipalities/{code}/people"): access(roles=ALL_ROLES, anonymous=401),
    ("get", "/api/municipalities/{code}/levels"): access(200),
    ("get", "/api/areas"): access(200),
    ("get", "/api/areas/{area_id}"): access(200),
    ("get", "/api/indicators"): access(200),
    ("get", "/api/indicators/{indicator_code}/values"): access(200),
    ("get", "/api/index"): access(200),
    ("get", "/api/gap"): access(200),
    ("get", "/api/municipalities/{code}/baselines"): access(roles=ALL_ROLES, anonymous=401),
    ("get", "/api/baselines/{baseline_id}"): access(roles=ALL_ROLES, anonymous=401) | {OTHER: 404},
    ("get", "/api/programmes"): access(roles=ALL_ROLES, anonymous=401),
    ("get", "/api/programmes/{programme_id}"): access(roles=ALL_ROLES, anonymous=401)
    | {OTHER: 404},  # another municipality's programme does not exist for them
    **{
        ("get", f"/api/programmes/{{programme_id}}/{things}"): access(
            roles=ALL_ROLES, anonymous=401
        )
        | {OTHER: 404}
        for things in ("meetings", "decisions", "actions", "barriers")
    },
}
# Query strings for routes that need them; the probe world has level "bydel" and 2024 data.
API_QUERY = {
    ("get", "/api/areas"): "?municipality=3107",
    (
        "get",
        "/api/indicators/{indicator_code}/values",
    ): "?municipality=3107&level=bydel&period=2024",
    ("get", "/api/index"): "?municipality=3107&level=bydel&period=2024",
    ("get", "/api/gap"): "?municipality=3107&level=bydel&indicator=probe",
    ("get", "/api/programmes"): "?municipality=3107",
}
API_CREATED = {("post", "/api/municipalities/{code}/units")}  # 201 instead of 200 when allowed

# The portfolio's and participation's expectations live beside their tests, a module a topic.
APP_ACCESS = [
    access_measures,
    access_criteria,
    access_selection,
    access_plans,
    access_statement,
    access_places,
    access_ideas,
    access_surveys,
    access_finance,
]
API_OWNER = {}  # (method, path) → the module that fills its placeholders
API_BODY: dict[tuple[str, str], object] = {}  # JSON bodies (or makers of them) for writes
for module in APP_ACCESS:
    EXPECTED |= module.EXPECTED
    API_EXPECTED |= module.API_EXPECTED
    API_QUERY |= module.API_QUERY
    API_BODY |= getattr(module, "API_BODY", {})
    API_CREATED |= getattr(module, "API_CREATED", set())
    API_OWNER |= dict.fromkeys(module.API_EXPECTED, module)


def walk(patterns, prefix="", namespace=""):
    """Yield (name, route) for every named URL pattern, skipping the admin and the API."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            route = prefix + str(entry.pattern)
            if route.startswith(("admin/", "api/")):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


def fill(route: str, kwargs: dict[str, object]) -> str:
    path = "/" + route
    for key, value in {"municipality_code": "3107", **kwargs}.items():
        for converter in ("str", "int", "slug"):
            path = path.replace(f"<{converter}:{key}>", str(value))
    assert "<" not in path, f"unfilled parameter in {route}"
    return path


@pytest.fixture
def world(tenants, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    programme = programme_services.programme_create(
        by=None, municipality=tenants.home, name="Probe", start_year=2023, end_year=2033
    )
    main = programme_services.goal_create(
        by=None, programme=programme, kind="main", text="Hovedmål"
    )
    sub_programme = programme_services.sub_programme_create(
        by=None, programme=programme, name="Del"
    )
    goal = programme_services.goal_create(
        by=None,
        programme=programme,
        kind="overarching",
        text="Mål",
        parent=main,
        sub_programme=sub_programme,
    )
    document = programme_services.document_add(
        by=None,
        programme=programme,
        kind="strategy",
        title="Strategi",
        file=SimpleUploadedFile("strategi.pdf", b"%PDF-1.4 probe"),
    )
    body = Body.objects.create(programme=programme, kind="board", name="Styret")
    meeting = meeting_services.meeting_create(
        by=None, body=body, starts_at=timezone.now(), place="Probe", is_public=True
    )
    objects = {
        "role": ProgrammeRole.objects.create(programme=programme, kind="manager"),
        "body": body,
        "meeting": meeting,
        "action": meeting_services.action_add(by=None, meeting=meeting, text="Probe"),
        "barrier": barrier_services.barrier_register(programme=programme, title="Probe", by=None),
        "programme": programme,
        "goal": goal,
        "document": document,
        "unit": MunicipalUnitFactory(municipality=tenants.home),
        "organisation": OrganisationFactory(municipality=tenants.home),
        "person": PersonFactory(municipality=tenants.home),
        "home": tenants.home,
        "area": AreaFactory(level__municipality=tenants.home),
        "baseline": BaselineFactory(municipality=tenants.home),
    }
    ObservationFactory(area=objects["area"], indicator__code="probe")
    actors = {ANONYMOUS: None, OTHER: tenants.other_admin, PLATFORM: tenants.platform_admin}
    actors |= {role.value: user for role, user in tenants.users.items()}
    return objects, actors


def request_as(client, user, method, path, **extra):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(path, **extra)


def test_every_url_pattern_has_an_expectation():
    names = {name for name, _route in walk(get_resolver().url_patterns)}
    assert names == set(EXPECTED), "add new routes to EXPECTED; remove deleted ones"


def test_every_url_as_every_actor(client, world):
    objects, actors = world
    failures = []
    routes = dict(walk(get_resolver().url_patterns))
    for name, probe in EXPECTED.items():
        for actor, expected in probe.expected.items():
            path = fill(routes[name], probe.kwargs(objects))
            response = request_as(client, actors[actor], probe.method, path)
            status = response.status_code
            sent_to_login = "/accounts/login/" in response.get("Location", "")
            is_public = len(set(probe.expected.values())) == 1
            if actor == ANONYMOUS and not is_public and status == LOGIN and not sent_to_login:
                failures.append(f"{path} as anonymous redirected to {response.url}, not login")
            if status != expected:
                failures.append(f"{probe.method.upper()} {path} as {actor}: {status} != {expected}")
    assert failures == []


def test_other_municipality_cannot_reach_home_objects_through_its_own_code(client, world):
    """The cross-tenant probe: Bergen's admin uses Bergen's URL with Fredrikstad's ids."""
    objects, actors = world
    routes = dict(walk(get_resolver().url_patterns))
    for name, probe in EXPECTED.items():
        kwargs = probe.kwargs(objects)
        if not kwargs:
            continue
        path = fill(routes[name], kwargs).replace("/m/3107/", "/m/4601/")
        response = request_as(client, actors[OTHER], probe.method, path)
        assert response.status_code == 404, f"{path} answered {response.status_code}"


def api_routes():
    schema = api.get_openapi_schema()
    return {(method, path) for path, operations in schema["paths"].items() for method in operations}


def test_every_api_route_has_an_expectation():
    assert api_routes() == set(API_EXPECTED), "add new API routes to API_EXPECTED"


def api_url(objects: dict[str, object], method: str, path: str) -> str:
    """The route's path with its placeholders filled; a route of a topic module asks that module,
    which may create a fresh object for every request (the request may change it)."""
    placeholders: dict[str, object] = {
        "code": "3107",
        "area_id": objects["area"].pk,
        "indicator_code": "probe",
        "programme_id": objects["programme"].pk,
        "baseline_id": objects["baseline"].pk,
    }
    owner = API_OWNER.get((method, path))
    if owner is not None:
        placeholders |= owner.api_placeholders(objects)
    url = path
    for name, value in placeholders.items():
        url = url.replace(f"{{{name}}}", str(value))
    return url + API_QUERY.get((method, path), "")


def test_every_api_route_as_every_actor(client, world):
    objects, actors = world
    failures = []
    for (method, path), expected_by_actor in API_EXPECTED.items():
        for actor, expected in expected_by_actor.items():
            url = api_url(objects, method, path)
            extra = {}
            if method in ("post", "put", "patch"):
                body = API_BODY.get((method, path), {"name": f"Probe {actor}"})
                body = body() if callable(body) else body
                extra = {"data": body, "content_type": "application/json"}
            status = request_as(client, actors[actor], method, url, **extra).status_code
            if expected == 200 and (method, path) in API_CREATED:
                expected = 201
            if status != expected:
                failures.append(f"{method.upper()} {url} as {actor}: {status} != {expected}")
    assert failures == []


def test_admin_refuses_everyone_but_platform_admins(client, world):
    _objects, actors = world
    for path in ["/admin/", "/admin/tenancy/person/", "/admin/tenancy/municipality/"]:
        for actor, user in actors.items():
            status = request_as(client, user, "get", path).status_code
            assert status == (200 if actor == PLATFORM else 302), f"{path} as {actor}"
