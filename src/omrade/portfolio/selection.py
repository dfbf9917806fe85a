"""Selection under a budget (utvalg innenfor en ramme): the exact 0/1 knapsack.

Pure: no database, no Django. Given typed candidates (id, cost, score, staff share), a budget
and optionally a staff limit, `select` returns the set of measures with the highest total
weighted score whose total cost is within the budget (and whose total staff share is within
the staff limit), with some measures forced in and some forced out.

Rules (documented for the pages, the API and the console):

- A candidate with no cost (None) or zero cost for the year is free.
- A candidate with no score (None) scores 0. Measures whose score is 0 (or below) add nothing,
  so they are left out unless forced in.
- Forced-in measures are always selected. If they alone exceed the budget (or the staff
  limit), the selection is refused with `SelectionRefused` naming them. A measure cannot be
  both forced in and forced out; forced ids must be among the candidates.
- Exactness: costs and staff shares are Decimals with at most two decimals (kroner with øre,
  percent of a position) and are computed in whole øre / hundredths; scores are compared at
  one millionth of a point (rounded to 6 decimals), so sums are integer arithmetic and the
  optimum is exact, never subject to floating-point drift.
- Ties, deterministically: among the sets with the highest score, the one that costs least
  wins; among those, the set that holds the lowest-numbered measure where the two sets differ
  (so {1, 4} beats {2, 3}).

Method: branch and bound, depth first over the candidates in order of score per krone, with
the fractional (Dantzig) bound of the linear relaxation — for two constraints, the smaller of
the two single-constraint bounds. The three-level objective (score, then cost, then ids) is
folded into one integer per measure so pruning stays strict and the optimum is unique. Sets
of ~60 measures with budgets of millions of kroner take milliseconds; a DP over kroner would
not fit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

SCORE_SCALE = 1_000_000  # scores are compared at one millionth of a point
AMOUNT_SCALE = 100  # kroner → øre, percent → hundredths of a percent


@dataclass(frozen=True)
class Candidate:
    """A measure that may be selected: its cost and staff share in the year, and its score."""

    id: int
    cost: Decimal | None = None  # kroner; None or 0 = free
    score: float | None = None  # weighted total; None = 0
    staff: Decimal = Decimal(0)  # share of a position in percent (50 = half a position)


@dataclass(frozen=True)
class Selection:
    selected: tuple[int, ...]  # measure ids, ascending
    total_cost: Decimal
    total_score: float
    total_staff: Decimal
    budget_left: Decimal
    staff_left: Decimal | None  # None without a staff limit


class Refusal(StrEnum):
    NEGATIVE_BUDGET = "negative_budget"
    NEGATIVE_STAFF_LIMIT = "negative_staff_limit"
    NEGATIVE_COST = "negative_cost"
    NEGATIVE_STAFF = "negative_staff"
    TOO_PRECISE = "too_precise"
    DUPLICATE = "duplicate"
    UNKNOWN_FORCED = "unknown_forced"
    FORCED_BOTH = "forced_both"
    FORCED_OVER_BUDGET = "forced_over_budget"
    FORCED_OVER_STAFF = "forced_over_staff"


# The input field each refusal is about (the pages and the API name it).
REFUSAL_FIELD = {
    Refusal.NEGATIVE_BUDGET: "budget",
    Refusal.NEGATIVE_STAFF_LIMIT: "staff_limit",
    Refusal.NEGATIVE_COST: "candidates",
    Refusal.NEGATIVE_STAFF: "candidates",
    Refusal.TOO_PRECISE: "candidates",
    Refusal.DUPLICATE: "candidates",
    Refusal.UNKNOWN_FORCED: "forced_in",
    Refusal.FORCED_BOTH: "forced_out",
    Refusal.FORCED_OVER_BUDGET: "forced_in",
    Refusal.FORCED_OVER_STAFF: "forced_in",
}


class SelectionRefused(ValueError):
    """Bad input: `reason` says what, `ids` which measures, `field` which input."""

    def __init__(self, reason: Refusal, ids: Iterable[int] = (), detail: str = "") -> None:
        self.reason = reason
        self.ids = tuple(sorted(ids))
        self.field = REFUSAL_FIELD[reason]
        self.detail = detail
        super().__init__(f"{reason.value}: {list(self.ids)} {detail}".strip())


def _scaled(value: Decimal, reason_if_negative: Refusal, ids: Iterable[int] = ()) -> int:
    if value < 0:
        raise SelectionRefused(reason_if_negative, ids, str(value))
    scaled = value * AMOUNT_SCALE
    if scaled != scaled.to_integral_value():
        raise SelectionRefused(Refusal.TOO_PRECISE, ids, str(value))
    return int(scaled)


def _unscaled(value: int) -> Decimal:
    return (Decimal(value) / AMOUNT_SCALE).quantize(Decimal("0.01"))


@dataclass
class _Item:
    id: int
    cost: int  # øre
    staff: int  # hundredths of a percent
    score: int  # millionths of a point
    value: int = 0  # the folded objective


class _Search:
    """Depth-first branch and bound over items, maximising the sum of `value`."""

    def __init__(self, items: list[_Item], money: int, staff: int | None) -> None:
        # Free items first, then by value per øre (the money bound's greedy order).
        # Exact ratios (Fraction): the bound is only valid in true ratio order.
        self.items = sorted(
            items,
            key=lambda item: (item.cost > 0, -Fraction(item.value, max(item.cost, 1)), item.id),
        )
        self.staff_order = (
            sorted(
                range(len(self.items)),
                key=lambda i: (
                    self.items[i].staff > 0,
                    -Fraction(self.items[i].value, max(self.items[i].staff, 1)),
                ),
            )
            if staff is not None
            else []
        )
        self.money, self.staff = money, staff
        self.best_value = -1
        self.best: list[int] = []
        self.chosen: list[int] = []

    def _money_bound(self, start: int, money: int, staff: int | None) -> int:
        bound, left = 0, money
        for item in self.items[start:]:
            if item.cost > money or (staff is not None and item.staff > staff):
                continue  # cannot be in any completion of this branch
            if item.cost <= left:
                bound += item.value
                left -= item.cost
            else:
                return bound + item.value * left // item.cost
        return bound

    def _staff_bound(self, start: int, money: int, staff: int) -> int:
        bound, left = 0, staff
        for index in self.staff_order:
            item = self.items[index]
            if index < start or item.cost > money or item.staff > staff:
                continue
            if item.staff <= left:
                bound += item.value
                left -= item.staff
            else:
                return bound + item.value * left // item.staff
        return bound

    def run(self) -> list[int]:
        self._visit(0, self.money, self.staff, 0)
        return self.best

    def _visit(self, index: int, money: int, staff: int | None, value: int) -> None:
        if value > self.best_value:
            self.best_value, self.best = value, list(self.chosen)
        if index == len(self.items):
            return
        bound = self._money_bound(index, money, staff)
        if staff is not None:
            bound = min(bound, self._staff_bound(index, money, staff))
        if value + bound <= self.best_value:
            return  # nothing strictly better below this branch
        item = self.items[index]
        if item.cost <= money and (staff is None or item.staff <= staff):
            self.chosen.append(item.id)
            self._visit(
                index + 1,
                money - item.cost,
                None if staff is None else staff - item.staff,
                value + item.value,
            )
            self.chosen.pop()
        self._visit(index + 1, money, staff, value)


def select(
    candidates: Sequence[Candidate],
    *,
    budget: Decimal,
    staff_limit: Decimal | None = None,
    forced_in: Iterable[int] = (),
    forced_out: Iterable[int] = (),
) -> Selection:
    """The optimal selection (see the module's rules), or `SelectionRefused`."""
    money = _scaled(budget, Refusal.NEGATIVE_BUDGET)
    staff_cap = None if staff_limit is None else _scaled(staff_limit, Refusal.NEGATIVE_STAFF_LIMIT)
    by_id: dict[int, Candidate] = {}
    for candidate in candidates:
        if candidate.id in by_id:
            raise SelectionRefused(Refusal.DUPLICATE, [candidate.id])
        by_id[candidate.id] = candidate
    forced_in_ids, forced_out_ids = set(forced_in), set(forced_out)
    unknown = (forced_in_ids | forced_out_ids) - set(by_id)
    if unknown:
        raise SelectionRefused(Refusal.UNKNOWN_FORCED, unknown)
    both = forced_in_ids & forced_out_ids
    if both:
        raise SelectionRefused(Refusal.FORCED_BOTH, both)

    items = {
        candidate.id: _Item(
            id=candidate.id,
            cost=_scaled(candidate.cost or Decimal(0), Refusal.NEGATIVE_COST, [candidate.id]),
            staff=_scaled(candidate.staff, Refusal.NEGATIVE_STAFF, [candidate.id]),
            score=round((candidate.score or 0.0) * SCORE_SCALE),
        )
        for candidate in by_id.values()
    }
    forced_cost = sum(items[i].cost for i in forced_in_ids)
    if forced_cost > money:
        raise SelectionRefused(
            Refusal.FORCED_OVER_BUDGET, forced_in_ids, str(_unscaled(forced_cost))
        )
    forced_staff = sum(items[i].staff for i in forced_in_ids)
    if staff_cap is not None and forced_staff > staff_cap:
        raise SelectionRefused(
            Refusal.FORCED_OVER_STAFF, forced_in_ids, str(_unscaled(forced_staff))
        )

    open_items = [
        item
        for item in items.values()
        if item.id not in forced_in_ids and item.id not in forced_out_ids and item.score > 0
    ]
    # Fold (score, −cost, ids) into one integer: the score dominates the cost term, which
    # dominates the id term; each measure's id bit is worth more than all higher ids' together.
    total_cost = sum(item.cost for item in open_items)
    id_bits = len(open_items)
    cost_weight = 1 << id_bits
    score_weight = (total_cost + 1) * cost_weight
    for rank, item in enumerate(sorted(open_items, key=lambda item: item.id)):
        item.value = (
            item.score * score_weight - item.cost * cost_weight + (1 << (id_bits - 1 - rank))
        )
    chosen = _Search(
        open_items,
        money - forced_cost,
        None if staff_cap is None else staff_cap - forced_staff,
    ).run()

    selected = sorted(forced_in_ids | set(chosen))
    cost = sum(items[i].cost for i in selected)
    staff = sum(items[i].staff for i in selected)
    score = sum(items[i].score for i in selected)
    return Selection(
        selected=tuple(selected),
        total_cost=_unscaled(cost),
        total_score=round(score / SCORE_SCALE, 6),
        total_staff=_unscaled(staff),
        budget_left=_unscaled(money - cost),
        staff_left=None if staff_cap is None else _unscaled(staff_cap - staff),
    )
