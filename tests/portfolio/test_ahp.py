"""AHP: the reciprocal matrix, eigenvector weights, CI and CR against known examples, and
properties on random matrices (hypothesis)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omrade.portfolio import ahp


def test_random_index_is_saatys_table():
    assert [ahp.random_index(n) for n in range(1, 16)] == [
        0,
        0,
        0.58,
        0.90,
        1.12,
        1.24,
        1.32,
        1.41,
        1.45,
        1.49,
        1.51,
        1.48,
        1.56,
        1.57,
        1.59,
    ]
    assert ahp.random_index(16) is None


def test_missing_pairs_count_as_equal_and_reverse_pairs_are_reciprocal():
    matrix = ahp.reciprocal_matrix(["a", "b", "c"], {("b", "a"): 4})
    assert matrix.tolist() == [[1, 0.25, 1], [4, 1, 1], [1, 1, 1]]


@pytest.mark.parametrize(
    ("comparisons", "message"),
    [
        ({("a", "b"): 10}, "outside Saaty's scale"),
        ({("a", "b"): 0.1}, "outside Saaty's scale"),
        ({("a", "a"): 2}, "cannot be compared with itself"),
        ({("a", "x"): 2}, "unknown item"),
        ({("a", "b"): 3, ("b", "a"): 3}, "given twice with different values"),
    ],
)
def test_bad_comparisons_are_refused(comparisons, message):
    with pytest.raises(ahp.ComparisonError, match=message):
        ahp.reciprocal_matrix(["a", "b"], comparisons)


def test_the_same_pair_in_both_orders_with_reciprocal_values_is_accepted():
    matrix = ahp.reciprocal_matrix(["a", "b"], {("a", "b"): 3, ("b", "a"): 1 / 3})
    assert matrix[0, 1] == 3


def test_a_perfectly_consistent_matrix_has_cr_zero_and_proportional_weights():
    # Weights 4 : 2 : 1 : 1 → a[i][j] = w_i / w_j.
    weights, result = ahp.weights_from_comparisons(
        ["a", "b", "c", "d"],
        {("a", "b"): 2, ("a", "c"): 4, ("a", "d"): 4, ("b", "c"): 2, ("b", "d"): 2, ("c", "d"): 1},
    )
    assert weights == pytest.approx({"a": 0.5, "b": 0.25, "c": 0.125, "d": 0.125}, abs=1e-12)
    assert result.lambda_max == pytest.approx(4.0, abs=1e-12)
    assert result.consistency_index == 0.0
    assert result.consistency_ratio == 0.0
    assert result.is_acceptable


def test_no_comparisons_give_equal_weights():
    weights, result = ahp.weights_from_comparisons(["a", "b", "c"], {})
    assert list(weights.values()) == pytest.approx([1 / 3] * 3, abs=1e-12)
    assert result.consistency_ratio == 0.0


def test_the_textbook_three_by_three_example():
    """A = [[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]]: the classic example, weights
    0.637 / 0.258 / 0.105 and CR 0.033. For n = 3, λmax = 1 + r + 1/r with
    r = (a12 · a23 / a13)^(1/3), and the eigenvector equals the row geometric means."""
    matrix = ahp.reciprocal_matrix(["a", "b", "c"], {("a", "b"): 3, ("a", "c"): 5, ("b", "c"): 3})
    result = ahp.analyse(matrix)
    r = (3 * 3 / 5) ** (1 / 3)
    assert result.lambda_max == pytest.approx(1 + r + 1 / r, abs=1e-10)
    assert result.weights == pytest.approx((0.6370, 0.2583, 0.1047), abs=5e-5)
    cube = [(1 * 3 * 5) ** (1 / 3), (1 / 3 * 1 * 3) ** (1 / 3), (1 / 5 * 1 / 3 * 1) ** (1 / 3)]
    assert result.weights == pytest.approx(tuple(v / sum(cube) for v in cube), abs=1e-10)
    ci = (1 + r + 1 / r - 3) / 2
    assert result.consistency_index == pytest.approx(ci, abs=1e-10)
    assert result.consistency_ratio == pytest.approx(ci / 0.58, abs=1e-10)
    assert round(result.consistency_ratio, 3) == 0.033
    assert result.is_acceptable


def test_a_contradicting_three_by_three_is_flagged():
    # a > b, b > c, but c > a (a cycle): the ratio a12 · a23 / a13 = 3 · 3 · 3 = 27.
    result = ahp.analyse(
        ahp.reciprocal_matrix(["a", "b", "c"], {("a", "b"): 3, ("b", "c"): 3, ("c", "a"): 3})
    )
    r = 27 ** (1 / 3)
    assert result.lambda_max == pytest.approx(1 + r + 1 / r, abs=1e-10)  # = 4 + 1/3
    assert result.consistency_ratio == pytest.approx((1 / 3 + 1) / 2 / 0.58, abs=1e-10)
    assert result.weights == pytest.approx((1 / 3, 1 / 3, 1 / 3), abs=1e-10)
    assert not result.is_acceptable


def power_iteration(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    vector = np.ones(matrix.shape[0])
    for _ in range(1000):
        vector = matrix @ vector
        vector = vector / vector.sum()
    return vector, float(np.mean((matrix @ vector) / vector))


def test_a_four_by_four_agrees_with_power_iteration():
    items = ["cost", "safety", "style", "capacity"]
    comparisons = {
        ("cost", "safety"): 3,
        ("cost", "style"): 7,
        ("cost", "capacity"): 3,
        ("safety", "style"): 9,
        ("safety", "capacity"): 1,
        ("style", "capacity"): 1 / 7,
    }
    matrix = ahp.reciprocal_matrix(items, comparisons)
    result = ahp.analyse(matrix)
    expected, lambda_max = power_iteration(matrix)
    assert result.weights == pytest.approx(tuple(expected), abs=1e-9)
    assert result.lambda_max == pytest.approx(lambda_max, abs=1e-9)
    assert result.consistency_ratio == pytest.approx((lambda_max - 4) / 3 / 0.90, abs=1e-9)
    assert sum(result.weights) == pytest.approx(1.0, abs=1e-12)


def test_one_and_two_items_are_always_consistent():
    assert ahp.analyse(np.ones((1, 1))) == ahp.AhpResult((1.0,), 1.0, 0.0, 0.0)
    result = ahp.analyse(ahp.reciprocal_matrix(["a", "b"], {("a", "b"): 9}))
    assert result.weights == pytest.approx((0.9, 0.1), abs=1e-12)
    assert result.consistency_ratio == 0.0


def test_more_than_fifteen_items_have_no_cr():
    result = ahp.analyse(np.ones((16, 16)))
    assert result.consistency_ratio is None
    assert result.is_acceptable


def test_nearest_saaty_value_and_implied_comparisons():
    assert ahp.nearest_saaty_value(2.9) == Fraction(3)
    assert ahp.nearest_saaty_value(0.34) == Fraction(1, 3)
    assert ahp.nearest_saaty_value(100) == Fraction(9)
    assert ahp.implied_comparisons(["a", "b", "c"], {"a": 3.0, "b": 1.0, "c": 3.0}) == {
        ("a", "b"): Fraction(3),
        ("a", "c"): Fraction(1),
        ("b", "c"): Fraction(1, 3),
    }


def test_geometric_mean_is_close_to_the_eigenvector():
    matrix = ahp.reciprocal_matrix(
        ["a", "b", "c", "d"],
        {("a", "b"): 5, ("a", "c"): 3, ("a", "d"): 7, ("b", "c"): 1 / 3, ("b", "d"): 2},
    )
    eigen = ahp.analyse(matrix).weights
    assert ahp.geometric_mean_weights(matrix) == pytest.approx(eigen, abs=0.03)


# --- properties ---------------------------------------------------------------------------------

SAATY = st.sampled_from([float(value) for value in ahp.SAATY_VALUES])


@st.composite
def random_comparisons(draw):
    size = draw(st.integers(min_value=1, max_value=15))
    items = list(range(size))
    comparisons = {
        (i, j): draw(SAATY) for i in items for j in items if i < j and draw(st.booleans())
    }
    return items, comparisons


@settings(max_examples=150, deadline=None)
@given(random_comparisons())
def test_weights_are_positive_and_sum_to_one(case):
    items, comparisons = case
    weights, result = ahp.weights_from_comparisons(items, comparisons)
    assert sum(weights.values()) == pytest.approx(1.0, abs=1e-9)
    assert all(weight > 0 for weight in weights.values())
    assert result.lambda_max >= len(items) - 1e-7  # Perron: λmax ≥ n for reciprocal matrices
    assert result.consistency_index >= 0
    assert result.consistency_ratio is not None
    assert result.consistency_ratio >= 0


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(min_value=0.05, max_value=20), min_size=1, max_size=15))
def test_consistent_matrices_have_cr_zero_and_recover_the_weights(raw):
    size = len(raw)
    matrix = np.array([[raw[i] / raw[j] for j in range(size)] for i in range(size)])
    result = ahp.analyse(matrix)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-7)
    total = sum(raw)
    assert result.weights == pytest.approx(tuple(value / total for value in raw), rel=1e-6)
    assert math.isclose(result.lambda_max, size, rel_tol=1e-9)


@settings(max_examples=100, deadline=None)
@given(SAATY, SAATY, SAATY)
def test_for_three_items_the_eigenvector_is_the_geometric_mean(a, b, c):
    matrix = ahp.reciprocal_matrix([0, 1, 2], {(0, 1): a, (0, 2): b, (1, 2): c})
    assert ahp.analyse(matrix).weights == pytest.approx(
        ahp.geometric_mean_weights(matrix), abs=1e-9
    )
