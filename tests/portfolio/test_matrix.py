"""The prioritisation matrix: scores and agreed scores, the effective value and ranking, the
filters, the page's keyboard form in both modes, and the API."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from omrade.common.models import AuditEntry
from omrade.portfolio.models import AgreedScore, MeasureStatus, Scale, Score
from omrade.portfolio.selectors_criteria import (
    effective_value,
    matrix_for,
    matrix_measures,
    measure_scores,
    ranks_of,
)
from omrade.portfolio.services import criteria as services
from omrade.portfolio.services import measures as measure_services
from omrade.tenancy.models import Role
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def matrix_set(portfolio):
    """Generelt (a mark, weight 2) and Bo (a 0–3 criterion, weight 1)."""
    criteria_set = services.criteria_set_create(
        programme=portfolio.setup.programme, name="Kriterier"
    )
    general = services.criterion_group_create(criteria_set=criteria_set, name="Generelt")
    housing = services.criterion_group_create(
        criteria_set=criteria_set, name="Bo- og nærmiljø", sub_programme=portfolio.setup.housing
    )
    mark = services.criterion_create(group=general, text="Eierskap over eget liv", weight=2)
    scale = services.criterion_create(group=housing, text="Møteplasser", scale=Scale.ZERO_TO_THREE)
    return criteria_set, mark, scale


def user(tenants, role):
    return tenants.users[role]


# --- services -----------------------------------------------------------------------------------


def test_score_set_checks_the_scale_and_replaces_the_own_score(matrix_set, portfolio, tenants):
    _set, mark, scale = matrix_set
    analyst = user(tenants, Role.ANALYST)
    services.score_set(criterion=scale, measure=portfolio.reading, scorer=analyst, value=2)
    services.score_set(criterion=scale, measure=portfolio.reading, scorer=analyst, value=3)
    assert list(Score.objects.values_list("value", flat=True)) == [3]
    for criterion, value in [(mark, 2), (scale, 4), (scale, -1)]:
        with pytest.raises(ValidationError) as refused:
            services.score_set(
                criterion=criterion, measure=portfolio.reading, scorer=analyst, value=value
            )
        assert "value" in refused.value.message_dict
    services.score_set(criterion=scale, measure=portfolio.reading, scorer=analyst, value=None)
    assert Score.objects.count() == 0


def test_agreed_scores_are_audited_and_can_be_removed(matrix_set, portfolio, tenants):
    _set, mark, _scale = matrix_set
    coordinator = user(tenants, Role.COORDINATOR)
    services.score_agree(criterion=mark, measure=portfolio.reading, value=1, by=coordinator)
    services.score_agree(criterion=mark, measure=portfolio.reading, value=1, by=coordinator)
    services.score_agree(criterion=mark, measure=portfolio.reading, value=None, by=coordinator)
    entries = list(AuditEntry.objects.filter(action="score.agreed").order_by("id"))
    assert [entry.changes for entry in entries] == [{"value": [None, 1]}, {"value": [1, None]}]
    assert AgreedScore.objects.count() == 0


def test_scores_save_is_all_or_nothing_and_names_every_bad_cell(matrix_set, portfolio, tenants):
    criteria_set, mark, scale = matrix_set
    manager = user(tenants, Role.PROGRAMME_MANAGER)
    entries = [
        services.ScoreEntry(mark.pk, portfolio.reading.pk, 1, "A"),
        services.ScoreEntry(scale.pk, portfolio.reading.pk, 5, "B"),
        services.ScoreEntry(999_999, portfolio.reading.pk, 1, "C"),
        services.ScoreEntry(mark.pk, portfolio.reading.pk, 0, "D"),
    ]
    with pytest.raises(ValidationError) as refused:
        services.scores_save(criteria_set=criteria_set, by=manager, entries=entries)
    assert refused.value.message_dict["scores"] == [
        "B: Verdien må være et helt tall fra 0 til 3.",
        "C: ukjent kriterium 999999 i settet.",
        "D: samme celle er oppgitt to ganger.",
    ]
    assert Score.objects.count() == 0
    report = services.scores_save(criteria_set=criteria_set, by=manager, entries=entries[:1])
    assert (report.created, report.changed, report.removed) == (1, 0, 0)


# --- the effective value and the ranking -------------------------------------------------------


def test_effective_value_is_agreed_else_the_median_rounded_down():
    assert effective_value(2, [0, 0, 0]) == 2
    assert effective_value(None, [0, 1]) == 0
    assert effective_value(None, [1, 2, 3, 3]) == 2
    assert effective_value(None, [1, 3]) == 2
    assert effective_value(None, [3]) == 3
    assert effective_value(None, []) is None


def test_equal_totals_share_the_lower_rank():
    assert ranks_of({1: 3.0, 2: 5.0, 3: 3.0, 4: 1.0, 5: 0.1 + 0.2}) == {
        2: 1,
        1: 2,
        3: 2,
        4: 4,
        5: 5,
    }


def test_the_matrix_totals_and_ranks(matrix_set, portfolio, tenants):
    criteria_set, mark, scale = matrix_set
    analyst, coordinator = user(tenants, Role.ANALYST), user(tenants, Role.COORDINATOR)
    manager = user(tenants, Role.PROGRAMME_MANAGER)
    # Meeting places: mark agreed 1; scale scored 1 and 3 by two people → median 2.
    services.score_agree(criterion=mark, measure=portfolio.meeting_places, value=1, by=coordinator)
    services.score_set(criterion=scale, measure=portfolio.meeting_places, scorer=analyst, value=1)
    services.score_set(criterion=scale, measure=portfolio.meeting_places, scorer=manager, value=3)
    # Reading: the scale agreed 3 (whatever the scores say); the mark not scored.
    services.score_set(criterion=scale, measure=portfolio.reading, scorer=analyst, value=0)
    services.score_agree(criterion=scale, measure=portfolio.reading, value=3, by=coordinator)
    # Snuplassen: one mark of 1 → provisional 1, so 2 × 1 / 1 = 2, like meeting places' mark.
    services.score_set(criterion=mark, measure=portfolio.snuplassen, scorer=manager, value=1)

    matrix = matrix_for(criteria_set=criteria_set, user=analyst)
    totals = {
        column.measure.title: (round(column.total, 9), column.rank) for column in matrix.columns
    }
    assert totals == {
        "Nærmiljøarenaer": (round(2 + 2 / 3, 9), 1),
        "Leseferdigheter": (1.0, 3),
        "NAV Snuplassen": (2.0, 2),
    }
    cell = matrix.cell(scale.pk, portfolio.meeting_places.pk)
    assert (cell.values, cell.own, cell.effective, cell.provisional, cell.disagreement) == (
        (1, 3),
        1,
        2,
        True,
        True,
    )
    agreed = matrix.cell(scale.pk, portfolio.reading.pk)
    assert (agreed.agreed, agreed.effective, agreed.provisional) == (3, 3, False)
    assert measure_scores(criteria_set, portfolio.setup.programme.measures.all()) == {
        portfolio.meeting_places.pk: pytest.approx(2 + 2 / 3),
        portfolio.reading.pk: pytest.approx(1.0),
        portfolio.snuplassen.pk: pytest.approx(2.0),
    }
    # Columns follow can_score: the analyst is in the housing working group only.
    assert {c.measure.title: (c.may_score, c.may_agree) for c in matrix.columns} == {
        "Nærmiljøarenaer": (True, False),
        "Leseferdigheter": (True, False),
        "NAV Snuplassen": (False, False),
    }
    assert [group.group.name for group in matrix.groups] == ["Generelt", "Bo- og nærmiljø"]
    # Snuplassen's total rests on one rater's provisional mark; two raters are no longer one.
    assert {c.measure.title: (c.single_rated, c.provisional) for c in matrix.columns} == {
        "Nærmiljøarenaer": (0, False),
        "Leseferdigheter": (0, False),
        "NAV Snuplassen": (1, True),
    }


def test_filters_by_sub_programme_area_and_year(matrix_set, portfolio, tenants):
    programme = portfolio.setup.programme
    area = AreaFactory(level__municipality=tenants.home)
    measure_services.measure_update(measure=portfolio.reading, areas=[area])
    later = measure_services.measure_create(
        programme=programme, title="Senere", starts_on=date(2026, 1, 1), ends_on=date(2027, 6, 30)
    )
    open_ended = measure_services.measure_create(
        programme=programme, title="Videre", starts_on=date(2025, 3, 1)
    )
    stopped = measure_services.measure_create(programme=programme, title="Stanset")
    measure_services.measure_set_status(
        measure=stopped, status=MeasureStatus.STOPPED, stop_reason="Ingen midler"
    )

    def titles(**filters):
        return [measure.title for measure in matrix_measures(programme, **filters)]

    # By sub-programme (measures without one last), then by title.
    assert titles() == ["Leseferdigheter", "Nærmiljøarenaer", "NAV Snuplassen", "Senere", "Videre"]
    assert titles(sub_programme=portfolio.setup.housing) == ["Leseferdigheter", "Nærmiljøarenaer"]
    assert titles(area=area) == ["Leseferdigheter"]
    assert titles(year=2024) == ["Leseferdigheter", "Nærmiljøarenaer", "NAV Snuplassen"]
    assert titles(year=2027) == ["Senere", "Videre"]
    measure_services.measure_cost_set(by=None, measure=later, year=2025, amount=Decimal(1000))
    assert titles(year=2025) == ["Senere", "Videre"]
    assert open_ended.title in titles(year=2033)


# --- the page -----------------------------------------------------------------------------------


def matrix_url(criteria_set, **query):
    url = reverse("portfolio:matrix", args=["3107", criteria_set.programme_id, criteria_set.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def save_url(criteria_set):
    return reverse(
        "portfolio:matrix_save", args=["3107", criteria_set.programme_id, criteria_set.pk]
    )


def test_a_viewer_reads_the_matrix_without_selects(client, matrix_set, portfolio, tenants):
    criteria_set, mark, _scale = matrix_set
    services.score_set(
        criterion=mark, measure=portfolio.reading, scorer=user(tenants, Role.ANALYST), value=1
    )
    client.force_login(user(tenants, Role.VIEWER))
    response = client.get(matrix_url(criteria_set))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<select" not in html.split('id="matrix-heading"')[1]
    assert "Vektet sum = Σ vekt × verdi / skalaens maksimum" in html
    # One rater's score moves the total and the rank: the cell, total and rank say so.
    assert "foreløpig: bare én vurdering" in html
    assert html.count("foreløpig, én vurderer på 1 kriterium") == 3
    assert '<th scope="rowgroup" colspan="5" id="group-' in html
    response = client.post(save_url(criteria_set), {f"c{mark.pk}_m{portfolio.reading.pk}": "1"})
    assert response.status_code == 403


def test_the_coordinator_scores_own_columns_by_the_plain_form(
    client, matrix_set, portfolio, tenants
):
    criteria_set, mark, scale = matrix_set
    coordinator = user(tenants, Role.COORDINATOR)
    client.force_login(coordinator)
    html = client.get(matrix_url(criteria_set)).content.decode()
    housing_field = f'name="c{mark.pk}_m{portfolio.reading.pk}"'
    employment_field = f'name="c{mark.pk}_m{portfolio.snuplassen.pk}"'
    assert housing_field in html
    assert employment_field not in html  # Snuplassen belongs to employment
    assert f'aria-labelledby="criterion-{mark.pk} measure-{portfolio.reading.pk}"' in html
    response = client.post(
        save_url(criteria_set),
        {
            "mode": "own",
            "sub_programme": str(portfolio.setup.housing.pk),
            f"c{mark.pk}_m{portfolio.reading.pk}": "1",
            f"c{scale.pk}_m{portfolio.reading.pk}": "2",
            f"c{scale.pk}_m{portfolio.meeting_places.pk}": "",
            f"c{mark.pk}_m{portfolio.snuplassen.pk}": "1",  # not theirs: ignored
        },
    )
    assert response.status_code == 302
    assert response["Location"] == matrix_url(
        criteria_set, sub_programme=portfolio.setup.housing.pk
    )
    assert set(Score.objects.values_list("criterion_id", "measure_id", "value", "scorer_id")) == {
        (mark.pk, portfolio.reading.pk, 1, coordinator.pk),
        (scale.pk, portfolio.reading.pk, 2, coordinator.pk),
    }


def test_a_value_off_the_scale_is_refused_and_nothing_is_saved(
    client, matrix_set, portfolio, tenants
):
    criteria_set, mark, scale = matrix_set
    client.force_login(user(tenants, Role.COORDINATOR))
    response = client.post(
        save_url(criteria_set),
        {f"c{mark.pk}_m{portfolio.reading.pk}": "1", f"c{scale.pk}_m{portfolio.reading.pk}": "7"},
    )
    assert response.status_code == 400
    assert "Vurderingene ble ikke lagret" in response.content.decode()
    assert Score.objects.count() == 0


def test_agreed_mode_for_the_coordinator_only(client, matrix_set, portfolio, tenants):
    criteria_set, mark, _scale = matrix_set
    services.score_set(
        criterion=mark, measure=portfolio.reading, scorer=user(tenants, Role.ANALYST), value=0
    )
    services.score_set(
        criterion=mark,
        measure=portfolio.reading,
        scorer=user(tenants, Role.PROGRAMME_MANAGER),
        value=1,
    )
    client.force_login(user(tenants, Role.COORDINATOR))
    html = client.get(matrix_url(criteria_set, mode="agreed")).content.decode()
    assert "Matrisen: omforente poeng" in html
    assert "spredning 0–1 (2 vurderinger) (0, 1)" in html
    response = client.post(
        save_url(criteria_set), {"mode": "agreed", f"c{mark.pk}_m{portfolio.reading.pk}": "1"}
    )
    assert response.status_code == 302
    assert list(AgreedScore.objects.values_list("value", flat=True)) == [1]
    client.force_login(user(tenants, Role.ANALYST))  # a working-group member scores, not agrees
    response = client.post(
        save_url(criteria_set), {"mode": "agreed", f"c{mark.pk}_m{portfolio.reading.pk}": "0"}
    )
    assert response.status_code == 403
    assert list(AgreedScore.objects.values_list("value", flat=True)) == [1]


def test_the_list_and_the_editing_pages(client, matrix_set, tenants):
    criteria_set, mark, _scale = matrix_set
    programme_id = criteria_set.programme_id
    client.force_login(user(tenants, Role.PROGRAMME_MANAGER))
    html = client.get(
        reverse("portfolio:criteria_set_list", args=["3107", programme_id])
    ).content.decode()
    assert "Kriterier" in html
    assert "Nytt kriteriesett" in html
    for name, extra in [
        ("criteria_set_edit", []),
        ("criteria_weights", []),
        ("criteria_group_pairwise", []),
        ("criteria_pairwise", [mark.group_id]),
        ("criterion_edit", [mark.pk]),
        ("criterion_group_edit", [mark.group_id]),
        ("matrix_import", []),
    ]:
        response = client.get(
            reverse(f"portfolio:{name}", args=["3107", programme_id, criteria_set.pk, *extra])
        )
        assert response.status_code == 200, name


def test_the_pairwise_page_derives_weights_and_warns_above_the_limit(client, matrix_set, tenants):
    criteria_set, mark, _scale = matrix_set
    group = mark.group
    b = services.criterion_create(group=group, text="B")
    c = services.criterion_create(group=group, text="C")
    url = reverse(
        "portfolio:criteria_pairwise",
        args=["3107", criteria_set.programme_id, criteria_set.pk, group.pk],
    )
    client.force_login(user(tenants, Role.PROGRAMME_MANAGER))
    response = client.post(
        url,
        {
            f"pair_{mark.pk}_{b.pk}": "3",
            f"pair_{b.pk}_{c.pk}": "3",
            f"pair_{mark.pk}_{c.pk}": "1/3",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "CR er over 0,10" in html
    assert "Advarsel: konsistensforholdet (CR) er 1,149" in html
    # Consistent now: 4 : 2 : 1 of the group's weight 4 (2 + 1 + 1).
    client.post(
        url,
        {f"pair_{mark.pk}_{b.pk}": "2", f"pair_{b.pk}_{c.pk}": "2", f"pair_{mark.pk}_{c.pk}": "4"},
    )
    mark.refresh_from_db()
    assert mark.weight == pytest.approx(4 * 4 / 7)


def test_the_direct_weights_form(client, matrix_set, tenants):
    criteria_set, mark, scale = matrix_set
    url = reverse(
        "portfolio:criteria_weights", args=["3107", criteria_set.programme_id, criteria_set.pk]
    )
    client.force_login(user(tenants, Role.PROGRAMME_MANAGER))
    response = client.post(
        url,
        {
            "which": "criteria",
            f"criteria-weight_{mark.pk}": "5",
            f"criteria-weight_{scale.pk}": "-1",
        },
    )
    assert response.status_code == 400
    mark.refresh_from_db()
    assert mark.weight == 2.0
    response = client.post(
        url,
        {
            "which": "criteria",
            f"criteria-weight_{mark.pk}": "5",
            f"criteria-weight_{scale.pk}": "0,5",
        },
    )
    assert response.status_code == 400  # a comma is not a decimal point in this form
    response = client.post(
        url,
        {
            "which": "criteria",
            f"criteria-weight_{mark.pk}": "5",
            f"criteria-weight_{scale.pk}": "0.5",
        },
    )
    assert response.status_code == 302
    scale.refresh_from_db()
    assert scale.weight == 0.5


# --- the API ------------------------------------------------------------------------------------


def test_api_criteria_set_and_matrix(client, matrix_set, portfolio, tenants):
    criteria_set, mark, _scale = matrix_set
    services.score_agree(
        criterion=mark, measure=portfolio.reading, value=1, by=user(tenants, Role.COORDINATOR)
    )
    client.force_login(user(tenants, Role.VIEWER))
    listed = client.get(f"/api/programmes/{criteria_set.programme_id}/criteria-sets").json()
    assert listed == [
        {
            "id": criteria_set.pk,
            "name": "Kriterier",
            "source": "",
            "source_document": None,
            "weight_method": "direct",
            "groups": 2,
            "criteria": 2,
        }
    ]
    detail = client.get(f"/api/criteria-sets/{criteria_set.pk}").json()
    assert [(g["name"], [c["weight"] for c in g["criteria"]]) for g in detail["groups_detail"]] == [
        ("Generelt", [2.0]),
        ("Bo- og nærmiljø", [1.0]),
    ]
    matrix = client.get(
        f"/api/programmes/{criteria_set.programme_id}/matrix?criteria_set={criteria_set.pk}"
    ).json()
    ranks = {m["title"]: (m["total"], m["rank"]) for m in matrix["measures"]}
    assert ranks == {
        "Leseferdigheter": (2.0, 1),
        "Nærmiljøarenaer": (0.0, 2),
        "NAV Snuplassen": (0.0, 2),
    }
    cell = next(
        c
        for c in matrix["cells"]
        if c["criterion"] == mark.pk and c["measure"] == portfolio.reading.pk
    )
    assert cell == {
        "criterion": mark.pk,
        "measure": portfolio.reading.pk,
        "agreed": 1,
        "effective": 1,
        "provisional": False,
        "count": 0,
        "minimum": None,
        "maximum": None,
        "own": None,
    }
    client.force_login(tenants.other_admin)
    assert client.get(f"/api/criteria-sets/{criteria_set.pk}").status_code == 404


def post_scores(client, criteria_set, scores, agreed=False):
    return client.post(
        f"/api/criteria-sets/{criteria_set.pk}/scores",
        data=json.dumps({"scores": scores, "agreed": agreed}),
        content_type="application/json",
    )


def test_api_scores_follow_the_page_permissions(client, matrix_set, portfolio, tenants):
    criteria_set, mark, scale = matrix_set
    client.force_login(user(tenants, Role.ANALYST))  # housing working group
    ok = post_scores(
        client,
        criteria_set,
        [
            {"criterion": mark.pk, "measure": portfolio.reading.pk, "value": 1},
            {"criterion": scale.pk, "measure": portfolio.reading.pk, "value": 3},
        ],
    )
    assert (ok.status_code, ok.json()) == (200, {"created": 2, "changed": 0, "removed": 0})
    refused = post_scores(
        client,
        criteria_set,
        [{"criterion": mark.pk, "measure": portfolio.snuplassen.pk, "value": 1}],
    )
    assert refused.status_code == 403
    bad = post_scores(
        client, criteria_set, [{"criterion": scale.pk, "measure": portfolio.reading.pk, "value": 9}]
    )
    assert bad.status_code == 422
    assert "scores[0]: Verdien må være et helt tall fra 0 til 3." in bad.json()["detail"]
    assert post_scores(client, criteria_set, [], agreed=True).status_code == 403
    assert Score.objects.count() == 2
    assert AgreedScore.objects.count() == 0
