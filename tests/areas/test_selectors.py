"""Shared reads: small-number protection on every value, the index, the gap, profiles."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from omrade.areas import selectors, services
from omrade.areas.index import IndexMethod
from omrade.areas.statuses import ValueStatus
from omrade.tenancy.models import Role
from tests.areas.conftest import AreaTree, import_statistics


def _values(tree: AreaTree, period: str, viewer) -> dict[str, selectors.PublishedValue]:
    published = selectors.published_values(
        municipality=tree.top.municipality,
        indicator=tree.poverty,
        period_code=period,
        viewer=viewer,
        level=tree.level,
    )
    codes = {area.id: code for code, area in tree.areas.items()}
    return {codes[area_id]: value for area_id, value in published.items()}


def test_a_value_from_fewer_than_min_count_people_is_hidden_from_the_public(tree: AreaTree) -> None:
    values = _values(tree, "2022", AnonymousUser())
    assert values["04"] == selectors.PublishedValue(None, ValueStatus.SUPPRESSED)
    assert values["01"].value == 15.0


def test_viewers_of_the_municipality_do_not_see_small_numbers_either(
    tree: AreaTree, tenants
) -> None:
    values = _values(tree, "2022", tenants.users[Role.VIEWER])
    assert values["04"].value is None


def test_analysts_of_the_municipality_see_the_raw_value_marked(tree: AreaTree, tenants) -> None:
    values = _values(tree, "2022", tenants.users[Role.ANALYST])
    assert values["04"].value == 3.0
    assert values["04"].unprotected is True
    assert values["01"].unprotected is False


def test_analysts_of_another_municipality_get_the_protected_value(tree: AreaTree, tenants) -> None:
    from tests.factories import user_with_role

    outsider = user_with_role(Role.ANALYST, tenants.other, "other-analyst")
    assert _values(tree, "2022", outsider)["04"].value is None


def test_secondary_suppression_hides_a_sibling_when_the_parent_is_published(tree: AreaTree) -> None:
    # The municipality total makes 04 recoverable as total − 01 − 02 − 03: one more must go.
    import_statistics(
        tree.top.level,
        "area;year;indicator;numerator;denominator;value\n3107;2022;poverty;63;600;10,5\n",
    )
    values = _values(tree, "2022", AnonymousUser())
    hidden = sorted(code for code, value in values.items() if value.value is None)
    assert hidden == ["03", "04"]  # 03 has the smallest denominator among the siblings
    top = selectors.published_values(
        municipality=tree.top.municipality,
        indicator=tree.poverty,
        period_code="2022",
        viewer=AnonymousUser(),
    )[tree.top.id]
    assert top.value == 10.5


def test_values_suppressed_at_source_stay_suppressed_even_for_analysts(
    tree: AreaTree, tenants
) -> None:
    import_statistics(
        tree.level, "area;year;indicator;numerator;denominator;value\n02;2024;poverty;;;:\n"
    )
    values = _values(tree, "2024", tenants.users[Role.ANALYST])
    assert values["02"].value is None
    assert values["02"].status == ValueStatus.SUPPRESSED


def test_zscore_index_matches_the_hand_computed_scores(tree: AreaTree) -> None:
    rows = selectors.index_rows(
        municipality=tree.top.municipality,
        level=tree.level,
        period_code="2023",
        spec=selectors.IndexSpec(IndexMethod.ZSCORE, {"poverty": 1, "employment": 1}),
        viewer=AnonymousUser(),
    )
    # poverty 20, 5, 20, 10: mean 13.75, population sd √42.1875; employment 70, 90, 60, 80:
    # mean 75, sd √125, sign flipped because lower employment is worse.
    assert [(row.area_code, row.rank) for row in rows] == [
        ("03", 1),
        ("01", 2),
        ("04", 3),
        ("02", 4),
    ]
    scores = {row.area_code: row.score for row in rows}
    assert scores["03"] == pytest.approx((6.25 / 42.1875**0.5 + 15 / 125**0.5) / 2, abs=1e-6)
    assert scores["02"] == pytest.approx((-8.75 / 42.1875**0.5 - 15 / 125**0.5) / 2, abs=1e-6)
    assert rows[0].indicators["employment"].value == 60.0


def test_weights_change_the_index(tree: AreaTree) -> None:
    rows = selectors.index_rows(
        municipality=tree.top.municipality,
        level=tree.level,
        period_code="2023",
        spec=selectors.IndexSpec(IndexMethod.ZSCORE, {"poverty": 3, "employment": 1}),
        viewer=AnonymousUser(),
    )
    scores = {row.area_code: row.score for row in rows}
    assert scores["01"] == pytest.approx((3 * 6.25 / 42.1875**0.5 + 5 / 125**0.5) / 4, abs=1e-6)


def test_gap_series_compares_initiative_areas_with_the_rest(tree: AreaTree) -> None:
    series = selectors.gap_series(
        municipality=tree.top.municipality,
        level=tree.level,
        indicator=tree.poverty,
        viewer=AnonymousUser(),
    )
    assert [point.period_code for point in series.points] == ["2022", "2023"]
    # 2022: initiative 01, 03 = 15, 20; others: 02 = 5 (04 is suppressed, so left out).
    first, second = series.points
    assert (first.initiative_mean, first.others_mean) == (17.5, 5.0)
    assert (second.initiative_mean, second.others_mean) == (20.0, 7.5)
    assert second.gap == 12.5
    assert series.gap_trend == "stable"  # 12.5 both years


def test_index_spec_uses_the_default_definition(tree: AreaTree) -> None:
    services.index_definition_save(
        by=None,
        municipality=tree.top.municipality,
        name="Standard",
        level=tree.level,
        method="decile",
        weights={"poverty": 2},
        is_default=True,
    )
    spec = selectors.index_spec_for(tree.top.municipality, tree.level)
    assert spec == selectors.IndexSpec(IndexMethod.DECILE, {"poverty": 2.0})


def test_thematic_map_classes_and_features(tree: AreaTree) -> None:
    thematic = selectors.thematic_map(
        municipality=tree.top.municipality,
        level=tree.level,
        show="poverty",
        period_code=None,
        viewer=AnonymousUser(),
    )
    assert thematic.period_code == "2023"  # the latest by default
    values = {row.area.code: row.value for row in thematic.rows}
    assert values == {"01": 20.0, "02": 5.0, "03": 20.0, "04": 10.0}
    classes = {row.area.code: row.css_class for row in thematic.rows}
    assert classes["02"] == 0
    assert classes["01"] == classes["03"] == len(thematic.breaks) - 1
    features = thematic.features()["features"]
    assert len(features) == 4
    assert {f["properties"]["code"] for f in features} == set(tree.areas)


def test_area_profile_has_every_indicator_against_the_municipality(tree: AreaTree) -> None:
    profile = selectors.area_profile(area=tree.areas["01"], viewer=AnonymousUser())
    poverty = next(row for row in profile.indicators if row.indicator.code == "poverty")
    assert poverty.periods == ["2022", "2023"]
    assert poverty.area_values == [15.0, 20.0]
    assert poverty.latest.value == 20.0
    assert poverty.worse_than_municipality is True
    # 2022 ranks on poverty alone (employment is missing) and 04's value is suppressed: 03, 01, 02.
    assert profile.rank_history == [("2022", 2, 3), ("2023", 2, 4)]


def test_the_index_never_gives_a_suppressed_value_away(tree: AreaTree, tenants) -> None:
    spec = selectors.IndexSpec(IndexMethod.ZSCORE, {"poverty": 1})
    arguments = {
        "municipality": tree.top.municipality,
        "level": tree.level,
        "period_code": "2022",
        "spec": spec,
    }
    public = {
        row.area_code: row for row in selectors.index_rows(**arguments, viewer=AnonymousUser())
    }
    assert public["04"].score is None
    assert public["04"].rank is None
    assert public["04"].indicators["poverty"].status == "suppressed"
    analyst = {
        row.area_code: row
        for row in selectors.index_rows(**arguments, viewer=tenants.users[Role.ANALYST])
    }
    assert analyst["04"].rank == 4


def test_the_default_index_leaves_out_counts_and_indicators_not_meant_for_it(
    tree: AreaTree,
) -> None:
    services.indicator_create(
        by=None, code="people", name_nb="Personer", unit="count", direction="higher-is-worse"
    )
    import_statistics(
        tree.level, "area;year;indicator;numerator;denominator;value\n01;2023;people;;;120\n"
    )
    spec = selectors.index_spec_for(tree.top.municipality, tree.level)
    assert spec == selectors.IndexSpec(IndexMethod.ZSCORE, {"employment": 1.0, "poverty": 1.0})


def test_the_map_shows_an_indicator_when_nothing_can_make_an_index(tenants) -> None:
    level = services.level_ensure(municipality=tenants.home, code="krets", name="Krets", depth=3)
    services.area_save(by=None, level=level, code="1", name="En")
    services.indicator_create(
        by=None, code="people", name_nb="Personer", unit="count", direction="higher-is-worse"
    )
    import_statistics(
        level, "area;year;indicator;numerator;denominator;value\n1;2016;people;;;120\n"
    )
    thematic = selectors.thematic_map(
        municipality=tenants.home,
        level=level,
        show="index",
        period_code=None,
        viewer=AnonymousUser(),
    )
    assert thematic.indicator.code == "people"
    assert [row.value for row in thematic.rows] == [120.0]
