"""The access matrix's expectations for the portfolio's plans routes (merged in
tests/test_access_matrix.py): action plans, the yearly action programme and progress reports.

Everyone with a role in the municipality reads. Creating, filling and revising a plan, and
submitting it, belong to whoever acts as the sub-programme's coordinator: structure editors
here (the probe's sub-programme has no coordinator)."""

from __future__ import annotations

from typing import Any

from omrade.portfolio.models import ActionPlan, Measure, MeasureStatus
from omrade.portfolio.services import action_plans as plan_services
from omrade.portfolio.services import measures as measure_services
from omrade.programmes.services import programme as programme_services
from tests.access import ALL_ROLES, OTHER, PROGRAMME_EDITORS, Probe, access


def _programme(objects: dict[str, Any]) -> dict[str, object]:
    return {"pk": objects["programme"].pk}


def _measure(objects: dict[str, Any], sub_programme: Any = None) -> Measure:
    """A fresh running measure of the probe's sub-programme (or the one given)."""
    sub_programme = sub_programme or objects["goal"].sub_programme
    measure = measure_services.measure_create(
        programme=objects["programme"],
        title=f"Probe-tiltak {Measure.objects.count() + 1}",
        sub_programme=sub_programme,
        status=MeasureStatus.RUNNING,
    )
    return measure


def probe_plan(objects: dict[str, Any]) -> ActionPlan:
    """The probe's draft plan for 2024 (made once, kept in draft)."""
    sub_programme = objects["goal"].sub_programme
    plan = ActionPlan.objects.filter(sub_programme=sub_programme, year=2024).first()
    if plan is None:
        plan = plan_services.action_plan_create(
            programme=objects["programme"], sub_programme=sub_programme, year=2024, by=None
        )
    return plan


def _fresh_plan(objects: dict[str, Any], *, approved: bool = False) -> ActionPlan:
    """A draft (or approved) plan with one measure, in a sub-programme of its own: the request
    changes its state."""
    programme = objects["programme"]
    sub_programme = programme_services.sub_programme_create(
        by=None,
        programme=programme,
        name=f"Probe-delprogram {programme.sub_programmes.count() + 1}",
    )
    plan = plan_services.action_plan_create(
        programme=programme, sub_programme=sub_programme, year=2024, by=None
    )
    plan_services.action_plan_add_measure(plan=plan, measure=_measure(objects, sub_programme))
    if approved:
        for action in ("submit", "recommend", "approve"):
            plan_services.action_plan_transition(plan=plan, action=action, by=None)
    return plan


def _plan(objects: dict[str, Any]) -> dict[str, object]:
    return _programme(objects) | {"plan_pk": probe_plan(objects).pk}


def _fresh_item(objects: dict[str, Any]) -> dict[str, object]:
    plan = probe_plan(objects)
    item = plan_services.action_plan_add_measure(plan=plan, measure=_measure(objects))
    return _plan(objects) | {"item_pk": item.pk}


def _transition(objects: dict[str, Any]) -> dict[str, object]:
    return _programme(objects) | {"plan_pk": _fresh_plan(objects).pk, "action": "submit"}


def _revise(objects: dict[str, Any]) -> dict[str, object]:
    return _programme(objects) | {"plan_pk": _fresh_plan(objects, approved=True).pk}


PLAN_EDITORS = PROGRAMME_EDITORS

EXPECTED: dict[str, Any] = {
    "portfolio:action_plan_list": Probe(access(roles=ALL_ROLES), _programme),
    # An empty POST is an invalid form: 400 for those who may start a plan.
    "portfolio:action_plan_create": Probe(
        access(roles=PLAN_EDITORS, allowed_status=400), _programme, method="post"
    ),
    "portfolio:action_plan_detail": Probe(access(roles=ALL_ROLES), _plan),
    # An empty summary is valid: saved, back to the plan.
    "portfolio:action_plan_update": Probe(
        access(roles=PLAN_EDITORS, allowed_status=302), _plan, method="post"
    ),
    "portfolio:action_plan_item_add": Probe(  # no measure chosen: 400
        access(roles=PLAN_EDITORS, allowed_status=400), _plan, method="post"
    ),
    "portfolio:action_plan_item_remove": Probe(
        access(roles=PLAN_EDITORS, allowed_status=302), _fresh_item, method="post"
    ),
    "portfolio:action_plan_revise": Probe(
        access(roles=PLAN_EDITORS, allowed_status=302), _revise, method="post"
    ),
    # Submitting is the coordinator's step: structure editors act as the coordinator.
    "portfolio:action_plan_transition": Probe(
        access(roles=PLAN_EDITORS, allowed_status=302), _transition, method="post"
    ),
    "portfolio:action_programme": Probe(
        access(roles=ALL_ROLES), lambda objects: _programme(objects) | {"year": 2024}
    ),
    "portfolio:action_programme_export": Probe(
        access(roles=ALL_ROLES),
        lambda objects: _programme(objects) | {"year": 2024, "file_format": "docx"},
    ),
    "portfolio:progress_overview": Probe(access(roles=ALL_ROLES), _programme),
    "portfolio:progress_report": Probe(
        access(roles=ALL_ROLES),
        lambda objects: _programme(objects) | {"measure_pk": _measure(objects).pk},
    ),
}

_READ = access(roles=ALL_ROLES, anonymous=401) | {OTHER: 404}
API_EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("get", "/api/programmes/{programme_id}/action-plans"): _READ,
    ("get", "/api/action-plans/{plan_id}"): _READ,
    # The probe's body names no action: 400 for everyone who sees the plan.
    ("post", "/api/action-plans/{plan_id}/transitions"): access(
        roles=ALL_ROLES, anonymous=401, allowed_status=400
    )
    | {OTHER: 404},
    ("get", "/api/programmes/{programme_id}/progress"): _READ,
}
API_QUERY: dict[tuple[str, str], str] = {
    ("get", "/api/programmes/{programme_id}/progress"): "?period=2024T2",
}


def api_placeholders(objects: dict[str, Any]) -> dict[str, object]:
    """Values for the {placeholders} of this module's API paths."""
    return {"plan_id": probe_plan(objects).pk}
