"""Living-conditions index (levekårsindeks) and ranking of areas, computed with NumPy.

Input is a dense array ``values`` of shape ``(P, A, K)``: periods × areas × indicators, with NaN
for a missing or suppressed value. Every statistic is computed separately for each period and
indicator, over the areas of one *group* (for example the municipality an area belongs to; without
groups, all areas form one group) that have a usable (non-NaN) value for that indicator.

Orientation: an indicator is either *higher is worse* (for example the share of low-income
households) or *lower is worse* (for example the employment rate). Values of a lower-is-worse
indicator are negated first, so that after orientation a higher value always means more problems.

Methods (``IndexMethod``), giving each area an *indicator score* per indicator:

``zscore`` (Z-skår)
    ``z = (x − mean) / std``, where ``std`` is the population standard deviation (``ddof=0``) over
    the group; the sign is flipped for lower-is-worse indicators. When all values of the group are
    equal (``std`` is 0) every ``z`` is 0.
``decile`` (Desil, Statistics Norway's method)
    The oriented values are ranked ascending with average ranks for ties (rank 1 = best,
    rank ``n`` = worst, ``n`` = number of areas in the group with a value), and
    ``decile = ceil(10 × rank / n)``, from 1 (best tenth) to 10 (worst tenth). A group with a
    single area gives that area decile 10.
``ranksum`` (Rangsum)
    The oriented average ranks themselves (1 = best, ``n`` = worst).

An area's *score* is the weighted mean of its available indicator scores (weights per indicator,
all > 0). An area with values for fewer than half the indicators (``available × 2 < K``) has no
score (NaN) and rank 0.

Ranking: within each group and period, rank 1 is the highest score (most problems). Equal scores
share the lowest rank number (competition ranking: ``rank = 1 + the number of scored areas in the
same group and period with a strictly higher score``, so ranks run 1, 2, 2, 4, ...). Scores are
compared after rounding them to a grid of 2⁻⁴⁰ (about 12 significant digits) of the largest
absolute score of the method, rounded up to a power of two, so floating-point noise does not split
ties.

Speed: everything is vectorised. Ranks are found by sorting one 63-bit integer key per value
(group, then the value's order-preserving bits, then the area position) with NumPy's SIMD sort,
which is several times faster than ``argsort`` on floats; the rare rows where the key had to drop
low-order bits of the value and the order came out wrong are re-sorted exactly with ``lexsort``.
Group statistics use ``np.add.reduceat`` over the sorted rows, where each group is a contiguous
segment of the same width in every row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from django.db import models
from django.utils.translation import gettext_lazy as _
from numpy.typing import ArrayLike, NDArray

_Number = TypeVar("_Number", np.float64, np.int64)

__all__ = ["IndexComputation", "IndexMethod", "compute_index", "compute_indexes"]

_TIE_GRID_BITS = 40  # scores are compared on a grid of 2**-40 of their magnitude
_MIN_VALUE_BITS = 16  # below this many key bits for the value, sort exactly with lexsort
_MAX_VALUE_BITS = 50  # keeps the float arithmetic that builds the keys exact enough


class IndexMethod(models.TextChoices):
    ZSCORE = "zscore", _("Z-skår")
    DECILE = "decile", _("Desil (SSB)")
    RANKSUM = "ranksum", _("Rangsum")


@dataclass(frozen=True)
class IndexComputation:
    """Result of one method.

    With 3-D input: ``scores`` and ``ranks`` have shape ``(P, A)``, ``indicator_scores``
    ``(P, A, K)``. ``indicator_scores`` may be a non-contiguous (transposed) view; call
    ``np.ascontiguousarray`` before handing it to code that needs C order.
    """

    scores: NDArray[np.float64]  # NaN = no score (too few indicators)
    ranks: NDArray[np.int64]  # 0 = no rank; 1 = highest score (most problems)
    indicator_scores: NDArray[np.float64]  # z / decile / average rank; NaN where missing


@dataclass(frozen=True)
class _Groups:
    """Areas partitioned into groups; in the sorted layout each group is a contiguous segment."""

    codes: NDArray[np.int64]  # (A,) group number 0..G-1 per area
    sizes: NDArray[np.int64]  # (G,) areas per group, all >= 1
    starts: NDArray[np.int64]  # (G,) first position of each group in a sorted row

    @property
    def count(self) -> int:
        return int(self.sizes.shape[0])


def compute_indexes(
    values: ArrayLike,
    *,
    higher_is_worse: ArrayLike,
    weights: ArrayLike,
    methods: Sequence[IndexMethod | str],
    groups: ArrayLike | None = None,
) -> dict[IndexMethod, IndexComputation]:
    """Compute the index for every method in ``methods`` (see the module docstring).

    ``values`` has shape ``(P, A, K)`` with NaN for missing values; ``higher_is_worse`` (bool)
    and ``weights`` (> 0) have shape ``(K,)``; ``groups`` has shape ``(A,)`` with any integer
    group id per area (``None``: all areas form one group). Ranks are computed once and shared by
    ``decile`` and ``ranksum``.
    """
    data = np.asarray(values, dtype=np.float64)
    if data.ndim != 3:
        raise ValueError(f"values must have shape (periods, areas, indicators), got {data.shape}")
    periods, areas, indicators = data.shape
    worse = np.asarray(higher_is_worse, dtype=np.bool_)
    weight = np.asarray(weights, dtype=np.float64)
    if worse.shape != (indicators,):
        raise ValueError(f"higher_is_worse must have shape ({indicators},), got {worse.shape}")
    if weight.shape != (indicators,):
        raise ValueError(f"weights must have shape ({indicators},), got {weight.shape}")
    if not np.all(np.isfinite(weight) & (weight > 0)):
        raise ValueError("weights must be finite and greater than 0")
    if np.isinf(data).any():
        raise ValueError("values must be finite numbers or NaN (missing)")
    wanted = [IndexMethod(method) for method in methods]
    group_info = _group_info(groups, areas)

    # Oriented copy in layout (P, K, A): one contiguous row of areas per period and indicator.
    oriented = np.empty((periods, indicators, areas), dtype=np.float64)
    np.multiply(data.transpose(0, 2, 1), np.where(worse, 1.0, -1.0)[:, None], out=oriented)
    rows = oriented.reshape(periods * indicators, areas)
    valid = ~np.isnan(oriented)
    available = valid.sum(axis=1)  # (P, A)
    weight_sums = weight @ valid.astype(np.float64)  # (P, A)
    has_score = available * 2 >= indicators

    results: dict[IndexMethod, IndexComputation] = {}
    sorted_rows = _sort_rows(rows, group_info) if wanted else None
    average_ranks: NDArray[np.float64] | None = None
    for method in dict.fromkeys(wanted):
        assert sorted_rows is not None
        if method is IndexMethod.ZSCORE:
            per_value = _zscores(rows, sorted_rows, group_info)
        else:
            if average_ranks is None:
                average_ranks = _average_ranks(sorted_rows, group_info)
            if method is IndexMethod.RANKSUM:
                per_value = average_ranks
            else:
                counts = _per_area(sorted_rows.valid_counts, group_info)
                per_value = average_ranks * 10.0
                with np.errstate(invalid="ignore", divide="ignore"):
                    per_value /= counts
                np.ceil(per_value, out=per_value)
        per_value = per_value.reshape(oriented.shape)
        weighted = weight @ np.where(valid, per_value, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            scores = np.where(has_score, weighted / weight_sums, np.nan)
        results[method] = IndexComputation(
            scores=scores,
            ranks=_rank_scores(scores, group_info),
            indicator_scores=per_value.transpose(0, 2, 1),
        )
    return results


def compute_index(
    values: ArrayLike,
    *,
    higher_is_worse: ArrayLike,
    weights: ArrayLike,
    method: IndexMethod | str,
    groups: ArrayLike | None = None,
) -> IndexComputation:
    """One method; ``values`` of shape ``(A, K)`` gives shapes ``(A,)``, ``(A,)``, ``(A, K)``."""
    data = np.asarray(values, dtype=np.float64)
    if data.ndim not in (2, 3):
        raise ValueError(f"values must have 2 or 3 dimensions, got shape {data.shape}")
    chosen = IndexMethod(method)
    result = compute_indexes(
        data if data.ndim == 3 else data[None],
        higher_is_worse=higher_is_worse,
        weights=weights,
        methods=[chosen],
        groups=groups,
    )[chosen]
    if data.ndim == 3:
        return result
    return IndexComputation(
        scores=result.scores[0], ranks=result.ranks[0], indicator_scores=result.indicator_scores[0]
    )


def _group_info(groups: ArrayLike | None, areas: int) -> _Groups:
    if groups is None:
        codes = np.zeros(areas, dtype=np.int64)
    else:
        ids = np.asarray(groups)
        if ids.shape != (areas,):
            raise ValueError(f"groups must have shape ({areas},), got {ids.shape}")
        if ids.dtype.kind not in "iub":
            raise ValueError("groups must be integers")
        codes = np.unique(ids, return_inverse=True)[1].astype(np.int64).reshape(areas)
    sizes = np.bincount(codes).astype(np.int64)
    starts = np.cumsum(sizes) - sizes
    return _Groups(codes=codes, sizes=sizes, starts=starts)


@dataclass(frozen=True)
class _SortedRows:
    """Each row's values ordered by (group, value), NaN last within the group."""

    padded_values: NDArray[np.float64]  # (R * A + 1,) the sorted values, then one 0.0
    missing: NDArray[np.bool_]  # (R, A) NaN in ``values``
    positions: NDArray[np.int64]  # (R * A,) flat index in the unsorted rows of each sorted value
    valid_counts: NDArray[np.int64]  # (R, G) non-NaN values per row and group

    @property
    def values(self) -> NDArray[np.float64]:
        """(R, A) view of the sorted values."""
        return self.padded_values[:-1].reshape(self.missing.shape)


def _sort_rows(rows: NDArray[np.float64], groups: _Groups) -> _SortedRows:
    """Sort every row by (group, value), NaN last, exactly; one int64 sort in the usual case.

    The key packs, from the top: the group number, ``floor((x - row minimum) × scale)`` (a
    monotone map of the value to ``value_bits`` bits: floating-point subtraction and
    multiplication by a positive number never reverse an order) and the area position. Equal
    values get equal keys and stay adjacent; where unequal values got the same key and came out in
    the wrong order, which the check below finds, that row is sorted again with ``lexsort``.
    """
    row_count, areas = rows.shape
    group_bits = max(groups.count - 1, 0).bit_length()
    area_bits = max(areas - 1, 0).bit_length()
    value_bits = min(63 - group_bits - area_bits, _MAX_VALUE_BITS)
    offsets = (np.arange(row_count, dtype=np.int64) * areas)[:, None]

    if value_bits >= _MIN_VALUE_BITS and areas > 0:
        with np.errstate(invalid="ignore"):
            lowest = np.fmin.reduce(rows, axis=1)[:, None]
            spread = np.fmax.reduce(rows, axis=1)[:, None] - lowest
        lowest[np.isnan(lowest)] = 0.0
        with np.errstate(invalid="ignore", divide="ignore"):
            scale = np.where(spread > 0, (2.0**value_bits - 4.0) / spread, 0.0)
        scaled = rows - lowest
        scaled *= scale
        keys = np.empty(rows.shape, dtype=np.int64)
        # fmin ignores NaN: a missing value gets the top slot, after every real value.
        np.fmin(scaled, 2.0**value_bits - 1.0, out=keys, casting="unsafe")
        del scaled
        keys <<= np.int64(area_bits)
        lanes = np.arange(areas, dtype=np.int64)
        if group_bits:
            lanes |= groups.codes << np.int64(value_bits + area_bits)
        keys |= lanes
        keys.sort(axis=1)
        positions = keys
        positions &= np.int64((1 << area_bits) - 1)
        positions += offsets
        padded = np.empty(rows.size + 1, dtype=np.float64)
        padded[-1] = 0.0
        sorted_values = padded[:-1].reshape(rows.shape)
        np.take(rows.reshape(-1), positions, out=sorted_values)
        if areas > 1:
            descending = sorted_values[:, 1:] < sorted_values[:, :-1]
            descending[:, groups.starts[1:] - 1] = False
            for row in np.flatnonzero(descending.any(axis=1)):
                order = np.lexsort((rows[row], groups.codes))
                positions[row] = order + offsets[row, 0]
                sorted_values[row] = rows[row, order]
    else:
        order = np.lexsort((rows, np.broadcast_to(groups.codes, rows.shape)), axis=1)
        positions = order.astype(np.int64) + offsets
        padded = np.empty(rows.size + 1, dtype=np.float64)
        padded[-1] = 0.0
        sorted_values = padded[:-1].reshape(rows.shape)
        sorted_values[...] = np.take_along_axis(rows, order, axis=1)

    missing = np.isnan(sorted_values)
    if groups.count:
        missing_counts = np.add.reduceat(
            missing.view(np.uint8), groups.starts, axis=1, dtype=np.int64
        )
        valid_counts = groups.sizes - missing_counts
    else:
        valid_counts = np.zeros((row_count, 0), dtype=np.int64)
    return _SortedRows(
        padded_values=padded,
        missing=missing,
        positions=positions.reshape(-1),
        valid_counts=valid_counts.astype(np.int64),
    )


def _per_area(per_group: NDArray[_Number], groups: _Groups) -> NDArray[_Number]:
    """Spread a (R, G) table to (R, A) in the unsorted layout (each area gets its group's)."""
    if groups.count == 1:
        return per_group  # broadcasts
    return np.take(per_group, groups.codes, axis=1)


def _valid_segments(sorted_rows: _SortedRows, groups: _Groups) -> NDArray[np.int64]:
    """Flat [start, end) of the non-NaN part of every (row, group) segment, interleaved.

    For ``np.add.reduceat`` over the padded flat values: results ``[0::2]`` are the sums over the
    valid parts (NaNs are last in each group segment); ``[1::2]`` are discarded.
    """
    row_count, areas = sorted_rows.values.shape
    starts = (np.arange(row_count, dtype=np.int64) * areas)[:, None] + groups.starts[None, :]
    bounds = np.empty((row_count, groups.count, 2), dtype=np.int64)
    bounds[:, :, 0] = starts
    bounds[:, :, 1] = starts + sorted_rows.valid_counts
    return bounds.reshape(-1)


def _segment_sums(
    padded: NDArray[np.float64], bounds: NDArray[np.int64], shape: tuple[int, int]
) -> NDArray[np.float64]:
    # An empty valid part yields one (NaN or stray) element; callers divide by a count of 0.
    return np.add.reduceat(padded, bounds)[0::2].reshape(shape)


def _zscores(
    rows: NDArray[np.float64], sorted_rows: _SortedRows, groups: _Groups
) -> NDArray[np.float64]:
    """z-scores of the oriented values, in the unsorted layout (R, A)."""
    values = sorted_rows.values
    if values.size == 0:
        return np.empty(rows.shape, dtype=np.float64)
    counts = sorted_rows.valid_counts
    bounds = _valid_segments(sorted_rows, groups)
    padded = sorted_rows.padded_values
    with np.errstate(invalid="ignore", divide="ignore"):
        means = _segment_sums(padded, bounds, counts.shape) / counts
        squares = np.empty_like(padded)
        squares[-1] = 0.0
        deviations = squares[:-1].reshape(values.shape)
        np.subtract(values, np.repeat(means, groups.sizes, axis=1), out=deviations)
        np.square(deviations, out=deviations)
        deviations_std = np.sqrt(_segment_sums(squares, bounds, counts.shape) / counts)
        del squares, deviations
        # A group whose values are all equal (first == last valid sorted value) has z = 0;
        # comparing exactly avoids dividing rounding noise by rounding noise.
        last = groups.starts[None, :] + np.maximum(counts - 1, 0)
        constant = values[:, groups.starts] == np.take_along_axis(values, last, axis=1)
        deviations_std[constant] = np.inf
        z = rows - _per_area(means, groups)
        z /= _per_area(deviations_std, groups)
    return z


def _average_ranks(sorted_rows: _SortedRows, groups: _Groups) -> NDArray[np.float64]:
    """Average rank within the group (ties share the mean position), in the unsorted layout."""
    values = sorted_rows.values
    row_count, areas = values.shape
    if values.size == 0:
        return np.empty(values.shape, dtype=np.float64)
    # A tie run starts where the value changes or a group starts (NaN != NaN: NaNs never tie).
    run_starts = np.empty(values.shape, dtype=np.bool_)
    np.not_equal(values[:, 1:], values[:, :-1], out=run_starts[:, 1:])
    run_starts[:, groups.starts] = True
    flat_starts = run_starts.reshape(-1)
    size = flat_starts.size
    position_in_group = np.arange(1, areas + 1, dtype=np.float64)
    position_in_group -= np.repeat(groups.starts, groups.sizes)
    if np.count_nonzero(flat_starts) * 2 > size:
        # Mostly distinct values: the rank is the position in the group, corrected for ties.
        ranks = np.empty(values.shape, dtype=np.float64)
        ranks[:] = position_in_group
        run_ends = np.empty_like(flat_starts)
        run_ends[:-1] = flat_starts[1:]
        run_ends[-1] = True
        run_ends &= flat_starts  # alone in its run
        tied = np.flatnonzero(~run_ends)
        if tied.size:
            first_in_tied = np.flatnonzero(flat_starts[tied])
            lengths = np.diff(first_in_tied, append=tied.size)
            flat_ranks = ranks.reshape(-1)
            run_rank = flat_ranks[tied[first_in_tied]] + (lengths - 1) * 0.5
            flat_ranks[tied] = np.repeat(run_rank, lengths)
    else:
        # Many ties: the mean flat position of each run (index 0 pads: run ids start at 1).
        first = np.flatnonzero(flat_starts)
        run_middle = np.empty(first.size + 1, dtype=np.float64)
        run_middle[1:-1] = first[1:]
        run_middle[-1] = size
        run_middle[1:] += first
        run_middle -= 1.0
        run_middle *= 0.5
        id_type = np.int32 if first.size < 2**31 else np.int64
        ranks = run_middle[np.cumsum(flat_starts, dtype=id_type)].reshape(values.shape)
        # From the flat position to the rank in the group: minus the group's flat start, plus 1.
        ranks -= (np.arange(row_count, dtype=np.float64) * areas)[:, None]
        ranks += position_in_group - np.arange(areas, dtype=np.float64)
    np.copyto(ranks, np.nan, where=sorted_rows.missing)
    result = np.empty(size, dtype=np.float64)
    result[sorted_rows.positions] = ranks.reshape(-1)
    return result.reshape(values.shape)


def tie_keys(scores: NDArray[np.float64]) -> NDArray[np.float64]:
    """Scores rounded to the grid on which they are compared (see the module docstring)."""
    magnitude = float(np.nanmax(np.abs(scores), initial=0.0))
    exponent = int(np.ceil(np.log2(max(magnitude, 1.0))))
    quantum = 2.0 ** (exponent - _TIE_GRID_BITS)
    return np.round(scores / quantum)  # integers of magnitude <= 2**40; NaN stays NaN


def _rank_scores(scores: NDArray[np.float64], groups: _Groups) -> NDArray[np.int64]:
    """Competition ranks (1 = highest score) per period and group; 0 for NaN scores."""
    periods = scores.shape[0]
    ranks = np.zeros(scores.shape, dtype=np.int64)
    if scores.size == 0:
        return ranks
    keys = tie_keys(scores)
    scored = ~np.isnan(keys)
    # Composite int64 key: segment (period, group) first, then descending score; NaN last.
    segment = np.arange(periods, dtype=np.int64)[:, None] * groups.count + groups.codes[None, :]
    grid = 1 << (_TIE_GRID_BITS + 1)
    descending = np.where(scored, grid - np.nan_to_num(keys), 2 * grid - 1).astype(np.int64)
    composite = (segment << np.int64(_TIE_GRID_BITS + 3)) | descending
    flat = composite.reshape(-1)
    order = np.argsort(flat)
    ordered = flat[order]
    position = np.arange(ordered.size, dtype=np.int64)
    new_value = np.ones(ordered.size, dtype=np.bool_)
    new_value[1:] = ordered[1:] != ordered[:-1]
    new_segment = np.ones(ordered.size, dtype=np.bool_)
    segments = ordered >> np.int64(_TIE_GRID_BITS + 3)
    new_segment[1:] = segments[1:] != segments[:-1]
    tie_start = np.maximum.accumulate(np.where(new_value, position, 0))
    segment_start = np.maximum.accumulate(np.where(new_segment, position, 0))
    flat_ranks = ranks.reshape(-1)
    flat_ranks[order] = tie_start - segment_start + 1
    ranks[~scored] = 0
    return ranks
