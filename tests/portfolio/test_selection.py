"""The pure selection under a budget: exact 0/1 knapsack against brute force on random cases,
forcing in and out, the staff limit, the tie rules and the refusals."""

from __future__ import annotations

import itertools
import random
import time
from decimal import Decimal

import pytest

from omrade.portfolio.selection import Candidate, Refusal, SelectionRefused, select


def brute_force(
    candidates: list[Candidate],
    budget: Decimal,
    staff_limit: Decimal | None,
    forced_in: set[int],
    forced_out: set[int],
) -> tuple[int, ...] | None:
    """Every subset; the documented order: score high, cost low, then the set holding the
    lowest-numbered measure where two sets differ. Zero-score measures only when forced."""
    ids = sorted(c.id for c in candidates)
    by_id = {c.id: c for c in candidates}
    free = [
        i for i in ids if i not in forced_in and i not in forced_out and (by_id[i].score or 0) > 0
    ]
    best_key, best = None, None
    for size in range(len(free) + 1):
        for extra in itertools.combinations(free, size):
            chosen = set(forced_in) | set(extra)
            cost = sum((by_id[i].cost or Decimal(0)) for i in chosen)
            staff = sum((by_id[i].staff for i in chosen), Decimal(0))
            if cost > budget or (staff_limit is not None and staff > staff_limit):
                continue
            score = sum((by_id[i].score or 0.0) for i in chosen)
            key = (-score, cost, tuple(0 if i in chosen else 1 for i in ids))
            if best_key is None or key < best_key:
                best_key, best = key, tuple(sorted(chosen))
    return best


def random_case(rng: random.Random, n: int) -> list[Candidate]:
    candidates = []
    for index in range(n):
        cost = rng.choice([None, Decimal(0)] + [Decimal(rng.randint(1, 40) * 25_000)] * 6)
        if rng.random() < 0.2 and cost:
            cost += Decimal(rng.randint(1, 99)) / 100  # øre
        # Scores in quarters are exact in binary, so the brute force's float sums are exact.
        score = rng.choice([None, 0.0] + [rng.randint(1, 24) / 4] * 8)
        staff = Decimal(rng.choice([0, 0, 10, 20, 25, 50, 75, 100]))
        candidates.append(Candidate(id=index * 3 + 1, cost=cost, score=score, staff=staff))
    return candidates


@pytest.mark.parametrize("with_staff", [False, True])
@pytest.mark.parametrize("with_forcing", [False, True])
def test_equals_brute_force_on_random_cases(with_staff: bool, with_forcing: bool) -> None:
    rng = random.Random(f"selection-{with_staff}-{with_forcing}")
    for _case in range(150):
        n = rng.randint(0, 12)
        candidates = random_case(rng, n)
        ids = [c.id for c in candidates]
        forced_in: set[int] = set()
        forced_out: set[int] = set()
        if with_forcing and ids:
            forced_in = set(rng.sample(ids, rng.randint(0, min(2, n))))
            rest = [i for i in ids if i not in forced_in]
            forced_out = set(rng.sample(rest, rng.randint(0, min(2, len(rest)))))
        budget = Decimal(rng.randint(0, 40) * 50_000)
        staff_limit = Decimal(rng.choice([0, 50, 100, 150, 200])) if with_staff else None
        expected = brute_force(candidates, budget, staff_limit, forced_in, forced_out)
        options = {
            "budget": budget,
            "staff_limit": staff_limit,
            "forced_in": forced_in,
            "forced_out": forced_out,
        }
        if expected is None:  # the forced-in measures alone do not fit
            with pytest.raises(SelectionRefused) as refused:
                select(candidates, **options)
            assert refused.value.reason in {Refusal.FORCED_OVER_BUDGET, Refusal.FORCED_OVER_STAFF}
            assert refused.value.ids == tuple(sorted(forced_in))
            continue
        result = select(candidates, **options)
        assert expected is not None
        assert result.selected == expected, (candidates, budget, staff_limit, forced_in)
        by_id = {c.id: c for c in candidates}
        cost = sum((by_id[i].cost or Decimal(0) for i in expected), Decimal(0))
        staff = sum((by_id[i].staff for i in expected), Decimal(0))
        assert result.total_cost == cost <= budget
        assert result.total_score == sum(by_id[i].score or 0.0 for i in expected)
        assert result.total_staff == staff
        assert result.budget_left == budget - cost
        assert result.staff_left == (None if staff_limit is None else staff_limit - staff)
        assert forced_in <= set(result.selected)
        assert not forced_out & set(result.selected)


def test_a_small_case_by_hand() -> None:
    candidates = [
        Candidate(id=1, cost=Decimal("400000"), score=5.0),
        Candidate(id=2, cost=Decimal("250000"), score=2.0),
        Candidate(id=3, cost=Decimal("150000"), score=2.5),
    ]
    result = select(candidates, budget=Decimal("500000"))
    assert result.selected == (1,)  # 5 points beat 2 and 3 together (4.5)
    assert (result.total_cost, result.total_score) == (Decimal("400000"), 5.0)
    assert result.budget_left == Decimal("100000")
    assert result.staff_left is None
    # With 2 at 3 points, 2 and 3 together (400 000 kr, 5.5 points) beat 1.
    candidates[1] = Candidate(id=2, cost=Decimal("250000"), score=3.0)
    assert select(candidates, budget=Decimal("500000")).selected == (2, 3)


def test_ties_prefer_lower_cost_then_the_lowest_measure_id() -> None:
    candidates = [
        Candidate(id=7, cost=Decimal("100"), score=2.0),
        Candidate(id=3, cost=Decimal("120"), score=2.0),
        Candidate(id=5, cost=Decimal("100"), score=2.0),
    ]
    # One fits: all score 2; 7 and 5 cost less than 3; of those 5 is the lower id.
    assert select(candidates, budget=Decimal("120")).selected == (5,)
    # {1, 4} beats {2, 3}: same score and cost; 1 is the lowest id where they differ.
    equal = [Candidate(id=i, cost=Decimal("10"), score=1.0) for i in (1, 2, 3, 4)]
    assert select(equal, budget=Decimal("20")).selected == (1, 2)


def test_free_and_scoreless_measures() -> None:
    candidates = [
        Candidate(id=1, cost=None, score=1.5),  # no cost for the year: free
        Candidate(id=2, cost=Decimal(0), score=0.25),  # zero cost: free
        Candidate(id=3, cost=Decimal(0), score=None),  # no score: adds nothing, left out
        Candidate(id=4, cost=Decimal(10), score=0.0),  # zero score: left out
    ]
    result = select(candidates, budget=Decimal(0))
    assert result.selected == (1, 2)
    assert result.total_score == 1.75
    forced = select(candidates, budget=Decimal(10), forced_in=[3, 4])
    assert forced.selected == (1, 2, 3, 4)
    assert (forced.total_cost, forced.budget_left) == (Decimal(10), Decimal(0))


def test_the_staff_limit_is_a_second_constraint() -> None:
    candidates = [
        Candidate(id=1, cost=Decimal(100), score=4.0, staff=Decimal(80)),
        Candidate(id=2, cost=Decimal(100), score=3.0, staff=Decimal(40)),
        Candidate(id=3, cost=Decimal(100), score=2.0, staff=Decimal("40.5")),
    ]
    assert select(candidates, budget=Decimal(300)).selected == (1, 2, 3)
    limited = select(candidates, budget=Decimal(300), staff_limit=Decimal(80))
    assert limited.selected == (1,)  # 2 and 3 would score 5 but need 80.5 %
    assert limited.total_staff == Decimal(80)
    assert limited.staff_left == Decimal(0)
    wider = select(candidates, budget=Decimal(300), staff_limit=Decimal("80.5"))
    assert wider.selected == (2, 3)
    assert wider.total_score == 5.0


def test_exact_with_ore_where_floats_would_drift() -> None:
    candidates = [Candidate(id=i, cost=Decimal("0.10"), score=1.0) for i in range(1, 4)]
    result = select(candidates, budget=Decimal("0.30"))
    assert result.selected == (1, 2, 3)
    assert result.total_cost == Decimal("0.30")
    assert result.budget_left == Decimal(0)


def test_forced_out_and_forced_in() -> None:
    candidates = [
        Candidate(id=1, cost=Decimal(100), score=9.0),
        Candidate(id=2, cost=Decimal(100), score=1.0),
        Candidate(id=3, cost=Decimal(100), score=2.0),
    ]
    assert select(candidates, budget=Decimal(100)).selected == (1,)
    assert select(candidates, budget=Decimal(100), forced_out=[1]).selected == (3,)
    assert select(candidates, budget=Decimal(200), forced_in=[2]).selected == (1, 2)


@pytest.mark.parametrize(
    ("options", "reason", "ids", "field"),
    [
        ({"budget": Decimal(-1)}, Refusal.NEGATIVE_BUDGET, (), "budget"),
        (
            {"budget": Decimal(10), "staff_limit": Decimal(-5)},
            Refusal.NEGATIVE_STAFF_LIMIT,
            (),
            "staff_limit",
        ),
        ({"budget": Decimal(10), "forced_in": [9]}, Refusal.UNKNOWN_FORCED, (9,), "forced_in"),
        (
            {"budget": Decimal(500), "forced_in": [1, 2], "forced_out": [2]},
            Refusal.FORCED_BOTH,
            (2,),
            "forced_out",
        ),
        (
            {"budget": Decimal(150), "forced_in": [1, 2]},
            Refusal.FORCED_OVER_BUDGET,
            (1, 2),
            "forced_in",
        ),
        (
            {"budget": Decimal(500), "staff_limit": Decimal(50), "forced_in": [1, 2]},
            Refusal.FORCED_OVER_STAFF,
            (1, 2),
            "forced_in",
        ),
    ],
)
def test_refusals_name_the_field_and_the_measures(
    options: dict, reason: Refusal, ids: tuple[int, ...], field: str
) -> None:
    candidates = [
        Candidate(id=1, cost=Decimal(100), score=1.0, staff=Decimal(30)),
        Candidate(id=2, cost=Decimal(100), score=1.0, staff=Decimal(30)),
    ]
    with pytest.raises(SelectionRefused) as refused:
        select(candidates, **options)
    assert (refused.value.reason, refused.value.ids, refused.value.field) == (reason, ids, field)


def test_bad_candidates_are_refused() -> None:
    with pytest.raises(SelectionRefused) as refused:
        select([Candidate(id=1, cost=Decimal(-1), score=1.0)], budget=Decimal(1))
    assert (refused.value.reason, refused.value.ids) == (Refusal.NEGATIVE_COST, (1,))
    with pytest.raises(SelectionRefused) as refused:
        select([Candidate(id=1, cost=Decimal("0.001"), score=1.0)], budget=Decimal(1))
    assert refused.value.reason == Refusal.TOO_PRECISE
    with pytest.raises(SelectionRefused) as refused:
        select([Candidate(id=1), Candidate(id=1)], budget=Decimal(1))
    assert (refused.value.reason, refused.value.ids) == (Refusal.DUPLICATE, (1,))


def test_sixty_measures_with_millions_of_kroner_is_fast() -> None:
    rng = random.Random("sixty")
    for with_staff in (False, True):
        candidates = [
            Candidate(
                id=i,
                cost=Decimal(rng.randint(50, 2_000) * 1_000) + Decimal(rng.randint(0, 99)) / 100,
                score=round(rng.uniform(0.5, 12.0), 3),
                staff=Decimal(rng.choice([0, 10, 20, 50, 100])),
            )
            for i in range(1, 61)
        ]
        started = time.perf_counter()
        result = select(
            candidates,
            budget=Decimal(25_000_000),
            staff_limit=Decimal(600) if with_staff else None,
        )
        assert time.perf_counter() - started < 5
        assert result.total_cost <= Decimal(25_000_000)
        assert len(result.selected) > 10


def test_many_equal_scores_stay_fast() -> None:
    """x-marked criteria with equal weights give many equal scores: ties must not explode."""
    rng = random.Random("ties")
    candidates = [
        Candidate(id=i, cost=Decimal(rng.randint(1, 20) * 50_000), score=float(rng.randint(1, 4)))
        for i in range(1, 61)
    ]
    started = time.perf_counter()
    result = select(candidates, budget=Decimal(10_000_000))
    assert time.perf_counter() - started < 5
    assert result.total_cost <= Decimal(10_000_000)
