"""Living-conditions index: hand-computed examples and a slow reference implementation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from omrade.areas import index
from omrade.areas.index import IndexComputation, IndexMethod, compute_index, compute_indexes

NAN = math.nan

# 5 areas × 3 indicators. Indicator 0 and 2: higher is worse; indicator 1: lower is worse, with a
# missing value for area 3 and two tied pairs. Weights 2, 1, 1.
VALUES = np.array(
    [
        [7.0, 67.0, 0.0],
        [9.0, 73.0, 0.0],
        [10.0, 67.0, 0.0],
        [11.0, NAN, 0.0],
        [13.0, 73.0, 5.0],
    ]
)
HIGHER_IS_WORSE = np.array([True, False, True])
WEIGHTS = np.array([2.0, 1.0, 1.0])


def run(method: IndexMethod, values: NDArray[np.float64] = VALUES) -> IndexComputation:
    return compute_index(values, higher_is_worse=HIGHER_IS_WORSE, weights=WEIGHTS, method=method)


def test_zscore_by_hand() -> None:
    # Indicator 0: mean 10, population std 2. Indicator 1: mean 70, std 3, sign flipped.
    # Indicator 2: mean 1, deviations -1,-1,-1,-1,4, variance 20/5 = 4, std 2.
    result = run(IndexMethod.ZSCORE)
    np.testing.assert_allclose(
        result.indicator_scores,
        [
            [-3 / 2, 1, -1 / 2],
            [-1 / 2, -1, -1 / 2],
            [0, 1, -1 / 2],
            [1 / 2, NAN, -1 / 2],
            [3 / 2, -1, 2],
        ],
    )
    # (2·z0 + z1 + z2) / 4, and (2·z0 + z2) / 3 for area 3.
    np.testing.assert_allclose(result.scores, [-5 / 8, -5 / 8, 1 / 8, 1 / 6, 1])
    assert result.ranks.tolist() == [4, 4, 3, 2, 1]


def test_decile_by_hand() -> None:
    # Indicator 0 ranks 1..5 of 5 → deciles 2, 4, 6, 8, 10. Indicator 1 (negated): 73 is best,
    # ranks 1.5 and 3.5 of 4 → ceil(3.75) = 4 and ceil(8.75) = 9. Indicator 2: four zeros
    # share rank 2.5 of 5 → decile 5; the 5 has rank 5 → decile 10.
    result = run(IndexMethod.DECILE)
    np.testing.assert_array_equal(
        result.indicator_scores,
        [[2, 9, 5], [4, 4, 5], [6, 9, 5], [8, NAN, 5], [10, 4, 10]],
    )
    np.testing.assert_allclose(result.scores, [18 / 4, 17 / 4, 26 / 4, 21 / 3, 34 / 4])
    assert result.ranks.tolist() == [4, 5, 3, 2, 1]


def test_ranksum_by_hand() -> None:
    result = run(IndexMethod.RANKSUM)
    np.testing.assert_array_equal(
        result.indicator_scores,
        [[1, 3.5, 2.5], [2, 1.5, 2.5], [3, 3.5, 2.5], [4, NAN, 2.5], [5, 1.5, 5]],
    )
    np.testing.assert_allclose(result.scores, [2, 2, 3, 10.5 / 3, 16.5 / 4])
    assert result.ranks.tolist() == [4, 4, 3, 2, 1]


def test_compute_indexes_returns_each_requested_method() -> None:
    results = compute_indexes(
        VALUES[None],
        higher_is_worse=HIGHER_IS_WORSE,
        weights=WEIGHTS,
        methods=[IndexMethod.RANKSUM, "decile"],
    )
    assert list(results) == [IndexMethod.RANKSUM, IndexMethod.DECILE]
    assert results[IndexMethod.DECILE].scores.shape == (1, 5)
    assert results[IndexMethod.DECILE].indicator_scores.shape == (1, 5, 3)


def test_fewer_than_half_the_indicators_gives_no_score_and_rank_zero() -> None:
    values = VALUES.copy()
    values[0, 1:] = NAN  # area 0 has 1 of 3 indicators: 1 × 2 < 3
    values[2, 1] = NAN  # area 2 has 2 of 3: 2 × 2 >= 3, still scored
    for method in IndexMethod:
        result = run(method, values)
        assert math.isnan(result.scores[0])
        assert result.ranks[0] == 0
        assert not math.isnan(result.scores[2])
        assert sorted(result.ranks[1:].tolist()) == [1, 2, 3, 4]


def test_equal_scores_share_the_lower_rank_number() -> None:
    values = np.array([[1.0], [3.0], [3.0], [2.0], [3.0], [NAN]])
    result = compute_index(values, higher_is_worse=[True], weights=[1.0], method=IndexMethod.ZSCORE)
    assert result.ranks.tolist() == [5, 1, 1, 4, 1, 0]


def test_floating_noise_does_not_split_ties() -> None:
    # 0.1 + 0.2 != 0.3 in floating point, but the scores are compared on a coarser grid.
    values = np.array([[0.1, 0.2], [0.3, 0.0], [0.0, 0.0]])
    result = compute_index(
        values, higher_is_worse=[True, True], weights=[1.0, 1.0], method="ranksum"
    )
    raw = np.array([0.1 + 0.2, 0.3])
    assert raw[0] != raw[1]
    assert index.tie_keys(raw)[0] == index.tie_keys(raw)[1]
    assert result.ranks.tolist()[2] == 3


def test_constant_indicator_gives_zero_z() -> None:
    values = np.array([[0.1, 1.0], [0.1, 2.0], [0.1, NAN]])
    result = compute_index(
        values, higher_is_worse=[True, False], weights=[1.0, 1.0], method="zscore"
    )
    np.testing.assert_array_equal(result.indicator_scores[:, 0], [0.0, 0.0, 0.0])
    np.testing.assert_array_equal(result.indicator_scores[:, 1], [1.0, -1.0, NAN])


def test_groups_equal_computing_each_group_separately() -> None:
    rng = np.random.default_rng(7)
    values = rng.integers(0, 6, size=(3, 40, 4)).astype(np.float64)
    values[rng.random(values.shape) < 0.15] = NAN
    groups = rng.integers(100, 105, size=40)
    worse = np.array([True, False, True, False])
    weights = np.array([1.0, 2.0, 0.5, 1.5])
    together = compute_indexes(
        values, higher_is_worse=worse, weights=weights, methods=list(IndexMethod), groups=groups
    )
    for group in np.unique(groups):
        members = groups == group
        alone = compute_indexes(
            values[:, members], higher_is_worse=worse, weights=weights, methods=list(IndexMethod)
        )
        for method in IndexMethod:
            np.testing.assert_allclose(
                together[method].indicator_scores[:, members], alone[method].indicator_scores
            )
            np.testing.assert_allclose(together[method].scores[:, members], alone[method].scores)
            np.testing.assert_array_equal(together[method].ranks[:, members], alone[method].ranks)


def test_three_dimensional_equals_stacking_periods() -> None:
    rng = np.random.default_rng(3)
    values = rng.normal(size=(4, 30, 5)).round(1)
    values[rng.random(values.shape) < 0.1] = NAN
    groups = rng.integers(0, 3, size=30)
    worse = np.array([True, True, False, True, False])
    weights = np.ones(5)
    for method in IndexMethod:
        whole = compute_index(
            values, higher_is_worse=worse, weights=weights, method=method, groups=groups
        )
        for period in range(4):
            single = compute_index(
                values[period],
                higher_is_worse=worse,
                weights=weights,
                method=method,
                groups=groups,
            )
            np.testing.assert_array_equal(whole.indicator_scores[period], single.indicator_scores)
            np.testing.assert_array_equal(whole.scores[period], single.scores)
            np.testing.assert_array_equal(whole.ranks[period], single.ranks)


def test_values_that_share_a_sort_key_are_still_ordered_exactly() -> None:
    # With a spread of 1e15 the integer sort key cannot tell 1 from 1 + 2**-52: that row is
    # detected and sorted again exactly.
    values = np.array([[1.0 + 2**-52], [1.0], [1e15], [1.0]])
    result = compute_index(values, higher_is_worse=[True], weights=[1.0], method="ranksum")
    np.testing.assert_array_equal(result.indicator_scores[:, 0], [3, 1.5, 4, 1.5])


def test_exact_fallback_sort_gives_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(11)
    values = rng.integers(0, 8, size=(2, 25, 3)).astype(np.float64)
    values[rng.random(values.shape) < 0.1] = NAN
    arguments = {
        "higher_is_worse": [True, False, True],
        "weights": [1.0, 1.0, 2.0],
        "methods": list(IndexMethod),
        "groups": rng.integers(0, 4, size=25),
    }
    fast = compute_indexes(values, **arguments)  # type: ignore[arg-type]
    monkeypatch.setattr(index, "_MIN_VALUE_BITS", 64)
    exact = compute_indexes(values, **arguments)  # type: ignore[arg-type]
    for method in IndexMethod:
        np.testing.assert_array_equal(fast[method].indicator_scores, exact[method].indicator_scores)
        np.testing.assert_array_equal(fast[method].ranks, exact[method].ranks)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="weights"):
        compute_index(VALUES, higher_is_worse=HIGHER_IS_WORSE, weights=[1, 0, 1], method="zscore")
    with pytest.raises(ValueError, match="finite"):
        compute_index([[math.inf]], higher_is_worse=[True], weights=[1.0], method="zscore")
    with pytest.raises(ValueError, match="groups"):
        compute_index(
            VALUES,
            higher_is_worse=HIGHER_IS_WORSE,
            weights=WEIGHTS,
            method="zscore",
            groups=[1, 2],
        )


# --- slow reference implementation, straight from the definitions ---------------------------


def reference(
    values: NDArray[np.float64],
    worse: NDArray[np.bool_],
    weights: NDArray[np.float64],
    method: IndexMethod,
    groups: NDArray[np.int64] | None,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    periods, areas, indicators = values.shape
    group_of = [0] * areas if groups is None else [int(g) for g in groups]
    per_value = np.full(values.shape, NAN)
    for p in range(periods):
        for k in range(indicators):
            for group in set(group_of):
                members = [
                    a
                    for a in range(areas)
                    if group_of[a] == group and not math.isnan(values[p, a, k])
                ]
                oriented = {a: values[p, a, k] if worse[k] else -values[p, a, k] for a in members}
                n = len(members)
                for a in members:
                    x = oriented[a]
                    if method is IndexMethod.ZSCORE:
                        mean = sum(oriented.values()) / n
                        std = math.sqrt(sum((v - mean) ** 2 for v in oriented.values()) / n)
                        constant = len(set(oriented.values())) == 1
                        per_value[p, a, k] = 0.0 if constant else (x - mean) / std
                    else:
                        below = sum(1 for v in oriented.values() if v < x)
                        equal = sum(1 for v in oriented.values() if v == x)
                        rank = below + (equal + 1) / 2
                        per_value[p, a, k] = (
                            rank if method is IndexMethod.RANKSUM else math.ceil(10 * rank / n)
                        )
    scores = np.full((periods, areas), NAN)
    for p in range(periods):
        for a in range(areas):
            present = [k for k in range(indicators) if not math.isnan(per_value[p, a, k])]
            if len(present) * 2 >= indicators and present:
                total = sum(weights[k] * per_value[p, a, k] for k in present)
                scores[p, a] = total / sum(weights[k] for k in present)
    keys = index.tie_keys(scores)
    ranks = np.zeros((periods, areas), dtype=np.int64)
    for p in range(periods):
        for a in range(areas):
            if not math.isnan(keys[p, a]):
                ranks[p, a] = 1 + sum(
                    1
                    for b in range(areas)
                    if group_of[b] == group_of[a] and keys[p, b] > keys[p, a]
                )
    return per_value, scores, ranks


@st.composite
def index_inputs(draw: st.DrawFn) -> dict[str, object]:
    periods = draw(st.integers(1, 3))
    areas = draw(st.integers(1, 12))
    indicators = draw(st.integers(1, 4))
    # Few distinct values give many ties; many distinct values exercise the other tie path.
    pool = draw(
        st.sampled_from(
            [
                [0.0, 1.0, 2.0, 2.5, NAN],
                [float(v) for v in range(-500, 500, 7)] + [NAN],
                [0.1, 0.2, 0.3, 1e-9, -7.25, 1e6, NAN],
            ]
        )
    )
    cells = periods * areas * indicators
    flat = draw(st.lists(st.sampled_from(pool), min_size=cells, max_size=cells))
    return {
        "values": np.array(flat, dtype=np.float64).reshape(periods, areas, indicators),
        "worse": np.array(draw(st.lists(st.booleans(), min_size=indicators, max_size=indicators))),
        "weights": np.array(
            draw(
                st.lists(
                    st.sampled_from([0.5, 1.0, 2.0, 3.0]),
                    min_size=indicators,
                    max_size=indicators,
                )
            )
        ),
        "groups": draw(
            st.none() | st.lists(st.integers(0, 2), min_size=areas, max_size=areas).map(np.array)
        ),
    }


@settings(max_examples=120, deadline=None)
@given(index_inputs())
def test_matches_the_slow_reference(case: dict[str, object]) -> None:
    values = case["values"]
    worse = case["worse"]
    weights = case["weights"]
    groups = case["groups"]
    assert isinstance(values, np.ndarray)
    assert isinstance(worse, np.ndarray)
    assert isinstance(weights, np.ndarray)
    assert groups is None or isinstance(groups, np.ndarray)
    results = compute_indexes(
        values, higher_is_worse=worse, weights=weights, methods=list(IndexMethod), groups=groups
    )
    for method in IndexMethod:
        per_value, scores, ranks = reference(values, worse, weights, method, groups)
        result = results[method]
        np.testing.assert_allclose(result.indicator_scores, per_value, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(result.scores, scores, rtol=1e-9, atol=1e-12)
        np.testing.assert_array_equal(result.ranks, ranks)
