"""The analytic hierarchy process (AHP, Saaty): weights from pairwise comparisons.

Pure functions, no database: the criteria services call them and store what they derive.

How Omrade uses it for a criteria set (prioriteringskriterier):

- Every criterion carries a weight ≥ 0 (`Criterion.weight`); the matrix's weighted total of a
  measure is Σ weight × value / scale maximum. A *group's weight* is the sum of the weights of
  its criteria — there is no separate number to keep in step.
- Pairwise comparisons are made **within a group** (Generelt; one group per sub-programme): the
  seed's groups are what people actually compare ("does this housing criterion matter more than
  that one?"). Comparing across groups would be meaningless for most pairs and, for the seed's
  26 criteria, 325 questions instead of 3 + 11 + 8 + 4 → 94.
- Applying a group's comparisons distributes the group's current weight over its criteria in
  proportion to the principal eigenvector, so the group keeps its share of the total (a group
  whose weight is 0 gets its number of criteria, the weight it would have with weight 1 each).
- The groups' weights are then either set directly (for example Generelt 40, each
  sub-programme 20) or derived the same way by comparing the groups pairwise; both rescale
  each group's criteria and keep their proportions inside the group.

The matrix is reciprocal: a[i][j] = how much more important i is than j on Saaty's scale
1/9 … 1 … 9, a[j][i] = 1 / a[i][j], a[i][i] = 1; a pair nobody compared counts as 1 (equally
important). The weights are the principal (Perron) eigenvector normalised to sum 1; the
consistency index is CI = (λmax − n) / (n − 1) and the consistency ratio CR = CI / RI with
Saaty's random index RI for n = 1 … 15. A CR above 0.10 means the judgements contradict each
other too much to trust the weights (shown as a warning; the weights are still computed).
For n ≤ 2 every reciprocal matrix is consistent: CR = 0. Above 15 criteria no RI is
tabulated and CR is None.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

import numpy as np
import numpy.typing as npt

KeyT = TypeVar("KeyT", bound=Hashable)
Matrix = npt.NDArray[np.float64]

# Saaty's random consistency index for n = 1 … 15 (index 0 is n = 1).
RANDOM_INDEX: tuple[float, ...] = (
    0.0,
    0.0,
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
)
CONSISTENCY_LIMIT = 0.10  # CR above this: the comparisons are too inconsistent
MINIMUM, MAXIMUM = 1 / 9, 9.0
# The values the comparison forms offer: 1/9, 1/8, … 1/2, 1, 2, … 9.
SAATY_VALUES: tuple[Fraction, ...] = (
    *(Fraction(1, n) for n in range(9, 1, -1)),
    *(Fraction(n) for n in range(1, 10)),
)
_TOLERANCE = 1e-9


class ComparisonError(ValueError):
    """A comparison outside Saaty's scale, of an unknown item, of an item with itself, or two
    contradicting comparisons of the same pair."""


@dataclass(frozen=True)
class AhpResult:
    weights: tuple[float, ...]  # in the order of the items; sum 1
    lambda_max: float
    consistency_index: float
    consistency_ratio: float | None  # None above 15 items (no random index)

    @property
    def size(self) -> int:
        return len(self.weights)

    @property
    def is_acceptable(self) -> bool:
        """CR ≤ 0.10 (or unknown): no warning needed."""
        return self.consistency_ratio is None or self.consistency_ratio <= CONSISTENCY_LIMIT


def random_index(size: int) -> float | None:
    if size < 1:
        raise ValueError("a matrix has at least one row")
    return RANDOM_INDEX[size - 1] if size <= len(RANDOM_INDEX) else None


def nearest_saaty_value(ratio: float) -> Fraction:
    """The scale value closest to a ratio (on a log scale, so 1/9 and 9 are as far from 1)."""
    if ratio <= 0:
        raise ComparisonError("a ratio of weights must be positive")
    target = np.log(ratio)
    return min(SAATY_VALUES, key=lambda value: abs(np.log(float(value)) - target))


def reciprocal_matrix(
    items: Sequence[KeyT], comparisons: Mapping[tuple[KeyT, KeyT], float]
) -> Matrix:
    """The n × n reciprocal matrix: comparisons[(a, b)] = how much more important a is than b.
    Pairs left out count as 1. A pair may be given in either order, or in both if the two
    values are reciprocal."""
    index = {item: position for position, item in enumerate(items)}
    if len(index) != len(items):
        raise ComparisonError("the items must be distinct")
    size = len(items)
    matrix = np.ones((size, size), dtype=np.float64)
    given: dict[tuple[int, int], float] = {}
    for (first, second), value in comparisons.items():
        if first not in index or second not in index:
            raise ComparisonError(f"unknown item in the comparison {first!r} : {second!r}")
        if first == second:
            raise ComparisonError(f"{first!r} cannot be compared with itself")
        value = float(value)
        if not (MINIMUM - _TOLERANCE <= value <= MAXIMUM + _TOLERANCE):
            raise ComparisonError(f"{value} is outside Saaty's scale 1/9 … 9")
        i, j = index[first], index[second]
        if i > j:
            i, j, value = j, i, 1 / value
        if (i, j) in given and abs(given[(i, j)] - value) > 1e-6 * max(value, 1.0):
            raise ComparisonError(f"{first!r} : {second!r} is given twice with different values")
        given[(i, j)] = value
        matrix[i, j], matrix[j, i] = value, 1 / value
    return matrix


def _check_square_positive(matrix: Matrix) -> int:
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] == 0:
        raise ValueError("the matrix must be square and not empty")
    if not np.all(matrix > 0):
        raise ValueError("every entry of a comparison matrix is positive")
    return int(matrix.shape[0])


def principal_eigenvector(matrix: Matrix) -> tuple[tuple[float, ...], float]:
    """(weights summing to 1, λmax) of a positive matrix: its Perron eigenpair."""
    size = _check_square_positive(matrix)
    if size == 1:
        return (1.0,), 1.0
    eigenvalues, eigenvectors = np.linalg.eig(matrix)
    largest = int(np.argmax(eigenvalues.real))
    vector = np.abs(eigenvectors[:, largest].real)
    weights = vector / vector.sum()
    # λmax from the eigen-equation A·w = λ·w (the mean of the ratios: stable to rounding).
    lambda_max = float(np.mean((matrix @ weights) / weights))
    return tuple(float(weight) for weight in weights), lambda_max


def geometric_mean_weights(matrix: Matrix) -> tuple[float, ...]:
    """The row geometric means normalised to 1: the usual approximation of the eigenvector
    (exact for n ≤ 3 and for consistent matrices). Not used for the consistency index."""
    _check_square_positive(matrix)
    means = np.exp(np.mean(np.log(matrix), axis=1))
    return tuple(float(mean) for mean in means / means.sum())


def analyse(matrix: Matrix) -> AhpResult:
    """Weights, λmax, CI and CR of a reciprocal comparison matrix."""
    weights, lambda_max = principal_eigenvector(matrix)
    size = len(weights)
    if size <= 2:
        return AhpResult(weights, float(size), 0.0, 0.0)
    consistency_index = max(0.0, (lambda_max - size) / (size - 1))
    if consistency_index < _TOLERANCE:
        consistency_index = 0.0
    index = random_index(size)
    ratio = None if index is None else consistency_index / index
    return AhpResult(weights, lambda_max, consistency_index, ratio)


def weights_from_comparisons(
    items: Sequence[KeyT], comparisons: Mapping[tuple[KeyT, KeyT], float]
) -> tuple[dict[KeyT, float], AhpResult]:
    """Item → weight (sum 1) and the analysis, from comparisons of some pairs."""
    result = analyse(reciprocal_matrix(items, comparisons))
    return dict(zip(items, result.weights, strict=True)), result


def implied_comparisons(
    items: Sequence[KeyT], weights: Mapping[KeyT, float]
) -> dict[tuple[KeyT, KeyT], Fraction]:
    """For each pair (earlier, later) the scale value nearest to the ratio of their weights —
    what a comparison form shows before anyone has compared (equal weights give 1)."""
    implied: dict[tuple[KeyT, KeyT], Fraction] = {}
    for position, first in enumerate(items):
        for second in items[position + 1 :]:
            a, b = weights[first], weights[second]
            if a <= 0 or b <= 0:
                implied[(first, second)] = (
                    Fraction(1) if a == b else nearest_saaty_value(9.0 if a > b else 1 / 9)
                )
            else:
                implied[(first, second)] = nearest_saaty_value(a / b)
    return implied
