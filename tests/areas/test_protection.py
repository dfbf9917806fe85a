"""Small-number protection: primary and secondary suppression in the area tree."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from omrade.areas.protection import Cell, is_primary_suppressed, suppress

Tree = tuple[dict[str, Cell], dict[str, list[str]]]


def test_primary_rule() -> None:
    assert is_primary_suppressed(Cell(4, 100), 5)
    assert is_primary_suppressed(Cell(0, 100), 5)  # zero is below the threshold too
    assert is_primary_suppressed(Cell(10, 4), 5)
    assert is_primary_suppressed(Cell(97, 100), 5)  # only 3 without the property
    assert is_primary_suppressed(Cell(50, 100, suppressed_at_source=True), 5)
    assert not is_primary_suppressed(Cell(5, 10), 5)
    assert not is_primary_suppressed(Cell(None, 100), 5)
    assert is_primary_suppressed(Cell(None, 3), 5)
    assert not is_primary_suppressed(Cell(7, None), 5)


def test_one_small_child_of_four_hides_exactly_two() -> None:
    cells = {
        "district": Cell(2 + 30 + 20 + 25, 50 + 100 + 60 + 80),
        "a": Cell(2, 50),
        "b": Cell(30, 100),
        "c": Cell(20, 60),
        "d": Cell(25, 80),
    }
    hidden = suppress(cells, children={"district": ["a", "b", "c", "d"]}, min_count=5)
    assert hidden == {"a", "c"}  # c: the published child with the smallest denominator


def test_suppression_cascades_through_levels() -> None:
    # north-1 is small; north, its only sub-area's sum, is hidden with it; then the city
    # equation pulls in south, and the south equation pulls in its smaller sub-area.
    cells = {
        "city": Cell(73, 400),
        "north": Cell(3, 50),
        "north-1": Cell(3, 50),
        "south": Cell(70, 350),
        "south-1": Cell(40, 200),
        "south-2": Cell(30, 150),
    }
    tree = {"city": ["north", "south"], "north": ["north-1"], "south": ["south-1", "south-2"]}
    hidden = suppress(cells, children=tree, min_count=5)
    assert hidden == {"north", "north-1", "south", "south-2"}


def test_parent_is_hidden_when_no_child_is_left() -> None:
    cells = {"parent": Cell(6, 20), "a": Cell(3, 10), "b": Cell(3, 10)}
    assert suppress(cells, children={"parent": ["a", "b"]}, min_count=5) == {"a", "b"}
    cells = {"parent": Cell(3, 20), "a": Cell(1, 10), "b": Cell(2, 10)}
    assert suppress(cells, children={"parent": ["a", "b"]}, min_count=5) == {
        "parent",
        "a",
        "b",
    }
    cells = {"parent": Cell(10, 20), "a": Cell(10, 20)}
    assert suppress(cells, children={"parent": ["a"]}, min_count=5) == set()


def test_suppressed_at_source_stays_and_pulls_a_partner() -> None:
    cells = {
        "parent": Cell(60, 300),
        "a": Cell(20, 100, suppressed_at_source=True),
        "b": Cell(20, 100),
        "c": Cell(20, 100),
    }
    assert suppress(cells, children={"parent": ["a", "b", "c"]}, min_count=5) == {"a", "b"}


def test_unknown_and_missing_cells_are_left_out_of_equations() -> None:
    cells = {"parent": Cell(None, 300), "a": Cell(2, 100), "b": Cell(20, 200)}
    # The parent's numerator is unknown: b cannot reveal a, so b stays published.
    assert suppress(cells, children={"parent": ["a", "b", "ghost"]}, min_count=5) == {"a"}


@st.composite
def trees(draw: st.DrawFn) -> Tree:
    """Random area trees, 1–3 levels below the root; parents are the sums of their children."""
    levels = draw(st.integers(1, 3))
    cells: dict[str, Cell] = {}
    children: dict[str, list[str]] = {}

    def grow(key: str, depth: int) -> tuple[int, int]:
        if depth == levels:
            denominator = draw(st.integers(0, 200))
            numerator = draw(st.integers(0, denominator))
            source = draw(st.integers(0, 9)) == 0  # one leaf in ten arrives suppressed
            cells[key] = Cell(numerator, denominator, suppressed_at_source=source)
            return numerator, denominator
        count = draw(st.integers(1, 4))
        children[key] = [f"{key}.{i}" for i in range(count)]
        sums = [grow(child, depth + 1) for child in children[key]]
        numerator = sum(n for n, _ in sums)
        denominator = sum(d for _, d in sums)
        cells[key] = Cell(numerator, denominator)
        return numerator, denominator

    grow("root", 0)
    return cells, children


@settings(max_examples=150, deadline=None)
@given(trees(), st.sampled_from([3, 5, 10]))
def test_properties_over_random_trees(tree: Tree, min_count: int) -> None:
    cells, children = tree
    hidden = suppress(cells, children=children, min_count=min_count)
    primary = {key for key, cell in cells.items() if is_primary_suppressed(cell, min_count)}
    # (4) primary suppressions are kept
    assert primary <= hidden
    # (1) nothing published is built on too few people
    for key, cell in cells.items():
        if key not in hidden:
            assert cell.numerator is not None
            assert cell.denominator is not None
            assert cell.numerator >= min_count
            assert cell.denominator >= min_count
            assert cell.denominator - cell.numerator >= min_count
    # (2) no equation has exactly one hidden cell: nothing is recoverable by subtraction
    for parent, kids in children.items():
        members = [parent, *kids]
        assert sum(member in hidden for member in members) != 1
    # (3) running again on the published result changes nothing
    marked = {
        key: replace(cell, suppressed_at_source=cell.suppressed_at_source or key in hidden)
        for key, cell in cells.items()
    }
    assert suppress(marked, children=children, min_count=min_count) == hidden
