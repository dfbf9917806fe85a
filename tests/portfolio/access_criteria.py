"""The access matrix's expectations for the portfolio's criteria routes (merged in
tests/test_access_matrix.py).

Everyone with a role reads the sets and the matrix; structure editors (municipal admins and
programme managers) edit sets. Scoring needs `can_score` for some sub-programme: in the probe
world nobody coordinates or sits in a working group, so only structure editors score there.
"""

from __future__ import annotations

from typing import Any

from omrade.portfolio.models import CriteriaSet, Criterion, CriterionGroup
from omrade.portfolio.services import criteria as services
from tests.access import ALL_ROLES, OTHER, PROGRAMME_EDITORS, Probe, access

PROBE_SET = "Probe-kriterier"


def probe_set(objects: dict[str, Any]) -> CriteriaSet:
    """One criteria set (with a group of two criteria) per probe world, made on first use."""
    programme = objects["programme"]
    found = CriteriaSet.objects.filter(programme=programme, name=PROBE_SET).first()
    if found is not None:
        return found
    criteria_set = services.criteria_set_create(programme=programme, name=PROBE_SET)
    group = services.criterion_group_create(criteria_set=criteria_set, name="Generelt")
    services.criterion_create(group=group, text="Første")
    services.criterion_create(group=group, text="Andre")
    return criteria_set


def set_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return {"pk": objects["programme"].pk, "set_pk": probe_set(objects).pk}


def group_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    criteria_set = probe_set(objects)
    group = CriterionGroup.objects.get(criteria_set=criteria_set, name="Generelt")
    return set_kwargs(objects) | {"group_pk": group.pk}


def criterion_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    criterion = Criterion.objects.filter(group__criteria_set=probe_set(objects)).first()
    assert criterion is not None
    return set_kwargs(objects) | {"criterion_pk": criterion.pk}


def fresh_set_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    """Removing deletes: every request gets a set of its own."""
    criteria_set = services.criteria_set_create(
        programme=objects["programme"], name=f"Probe {CriteriaSet.objects.count() + 1}"
    )
    return {"pk": objects["programme"].pk, "set_pk": criteria_set.pk}


def fresh_group_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    criteria_set = probe_set(objects)
    group = services.criterion_group_create(
        criteria_set=criteria_set, name=f"Probe {CriterionGroup.objects.count() + 1}"
    )
    return set_kwargs(objects) | {"group_pk": group.pk}


def fresh_criterion_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    criteria_set = probe_set(objects)
    group = CriterionGroup.objects.get(criteria_set=criteria_set, name="Generelt")
    criterion = services.criterion_create(group=group, text="Fjernes")
    return set_kwargs(objects) | {"criterion_pk": criterion.pk}


def programme_kwargs(objects: dict[str, Any]) -> dict[str, object]:
    return {"pk": objects["programme"].pk}


READERS = access(roles=ALL_ROLES)
EDITORS = access(roles=PROGRAMME_EDITORS)

EXPECTED: dict[str, Any] = {
    "portfolio:criteria_set_list": Probe(READERS, programme_kwargs),
    "portfolio:criteria_set_create": Probe(  # an empty POST is an invalid form: 400
        access(roles=PROGRAMME_EDITORS, allowed_status=400), programme_kwargs, method="post"
    ),
    "portfolio:matrix": Probe(READERS, set_kwargs),
    # An empty POST changes nothing and goes back to the matrix; only scorers may post.
    "portfolio:matrix_save": Probe(
        access(roles=PROGRAMME_EDITORS, allowed_status=302), set_kwargs, method="post"
    ),
    "portfolio:matrix_export": Probe(READERS, set_kwargs),
    "portfolio:matrix_import": Probe(EDITORS, set_kwargs),
    "portfolio:criteria_set_edit": Probe(EDITORS, set_kwargs),
    "portfolio:criteria_set_remove": Probe(
        access(roles=PROGRAMME_EDITORS, allowed_status=302), fresh_set_kwargs, method="post"
    ),
    "portfolio:criterion_group_add": Probe(
        access(roles=PROGRAMME_EDITORS, allowed_status=400), set_kwargs, method="post"
    ),
    "portfolio:criterion_group_edit": Probe(EDITORS, group_kwargs),
    "portfolio:criterion_group_remove": Probe(
        access(roles=PROGRAMME_EDITORS, allowed_status=302), fresh_group_kwargs, method="post"
    ),
    "portfolio:criteria_pairwise": Probe(EDITORS, group_kwargs),
    "portfolio:criterion_add": Probe(
        access(roles=PROGRAMME_EDITORS, allowed_status=400), set_kwargs, method="post"
    ),
    "portfolio:criterion_edit": Probe(EDITORS, criterion_kwargs),
    "portfolio:criterion_remove": Probe(
        access(roles=PROGRAMME_EDITORS, allowed_status=302), fresh_criterion_kwargs, method="post"
    ),
    "portfolio:criteria_weights": Probe(EDITORS, set_kwargs),
    "portfolio:criteria_group_pairwise": Probe(EDITORS, set_kwargs),
}

API_READERS = access(roles=ALL_ROLES, anonymous=401) | {OTHER: 404}
API_EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("get", "/api/programmes/{programme_id}/criteria-sets"): API_READERS,
    ("get", "/api/criteria-sets/{criteria_set_id}"): API_READERS,
    # Without ?criteria_set= the programme's first set (by name) is shown.
    ("get", "/api/programmes/{programme_id}/matrix"): API_READERS,
    # The probe posts no scores: allowed for those who may score in the programme.
    ("post", "/api/criteria-sets/{criteria_set_id}/scores"): access(
        roles=PROGRAMME_EDITORS, anonymous=401
    )
    | {OTHER: 404},
}
API_QUERY: dict[tuple[str, str], str] = {}


def api_placeholders(objects: dict[str, Any]) -> dict[str, object]:
    """Values for the {placeholders} of this module's API paths."""
    return {"criteria_set_id": probe_set(objects).pk}
