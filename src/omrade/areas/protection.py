"""Small-number protection (prikking / disclosure control) of counts in the area tree.

A value built from fewer people than the indicator's threshold (``min_count``, default 5) is
never shown, exported or sent outside the owning municipality's analysts; it is replaced by a
marker (``ValueStatus.SUPPRESSED``), as Statistics Norway does.

Primary suppression (primærprikking): a cell is suppressed when it was suppressed at the source,
or when its numerator (people with the property), its denominator (the population the rate is
built on) or, with both known, its complement (denominator − numerator) is below ``min_count``.
A numerator of 0 is below the threshold and is suppressed too.

Secondary suppression (sekundærprikking): a parent area's counts are the sums of its children's,
so in each *equation* {parent, children...} a single hidden cell could be recovered by
subtraction. Whenever exactly one cell of an equation is suppressed, one more is suppressed: the
published child with the smallest denominator (then numerator, then the first in the children
order), or the parent when no child is left. This repeats until nothing changes, because a parent
is itself a child in its own parent's equation. A suppressed cell hides both its numerator and its
denominator. Only cells with both counts known take part in equations.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["DEFAULT_MIN_COUNT", "Cell", "is_primary_suppressed", "suppress"]

DEFAULT_MIN_COUNT = 5

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Cell:
    numerator: float | None  # people with the property (teller); None = unknown
    denominator: float | None  # population the rate is built on (nevner); None = unknown
    suppressed_at_source: bool = False  # imported as suppressed: stays suppressed

    @property
    def counts_known(self) -> bool:
        return self.numerator is not None and self.denominator is not None


def is_primary_suppressed(cell: Cell, min_count: int = DEFAULT_MIN_COUNT) -> bool:
    """Whether the cell must be hidden on its own (see the module docstring)."""
    if cell.suppressed_at_source:
        return True
    numerator, denominator = cell.numerator, cell.denominator
    if numerator is not None and numerator < min_count:
        return True
    if denominator is not None and denominator < min_count:
        return True
    return numerator is not None and denominator is not None and denominator - numerator < min_count


def suppress(
    cells: Mapping[Key, Cell],
    *,
    children: Mapping[Key, Sequence[Key]],
    min_count: int = DEFAULT_MIN_COUNT,
) -> set[Key]:
    """Every key to suppress: primary suppressions, then secondary ones until none is exposed.

    ``children`` maps a parent key to its child keys (the area tree). Keys missing in ``cells``
    and cells with an unknown count are left out of the equations.
    """
    hidden = {key for key, cell in cells.items() if is_primary_suppressed(cell, min_count)}
    equations: list[tuple[Key, list[Key]]] = []
    for parent, kids in children.items():
        parent_cell = cells.get(parent)
        if parent_cell is None or not parent_cell.counts_known:
            continue
        known = [kid for kid in dict.fromkeys(kids) if kid in cells and cells[kid].counts_known]
        if known:
            equations.append((parent, known))

    changed = True
    while changed:
        changed = False
        for parent, kids in equations:
            members = [parent, *kids]
            if sum(member in hidden for member in members) != 1:
                continue
            published = [kid for kid in kids if kid not in hidden]
            if published:
                order = {kid: position for position, kid in enumerate(kids)}
                hidden.add(min(published, key=lambda kid: _smallest_first(cells[kid], order[kid])))
            else:
                hidden.add(parent)
            changed = True
    return hidden


def _smallest_first(cell: Cell, position: int) -> tuple[float, float, int]:
    assert cell.numerator is not None
    assert cell.denominator is not None
    return (cell.denominator, cell.numerator, position)
