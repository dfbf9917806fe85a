"""The states of portfolio things and the one table of allowed transitions for each.

Only the services change a state, and only through these tables.
"""

from __future__ import annotations

from omrade.portfolio.models import MeasureStatus

_M = MeasureStatus

# A measure: idea → planned → running → completed, or stopped (with a reason) on the way;
# a stopped measure can be taken up again as planned.
MEASURE_TRANSITIONS: dict[MeasureStatus, frozenset[MeasureStatus]] = {
    _M.IDEA: frozenset({_M.PLANNED, _M.STOPPED}),
    _M.PLANNED: frozenset({_M.IDEA, _M.RUNNING, _M.STOPPED}),
    _M.RUNNING: frozenset({_M.COMPLETED, _M.STOPPED}),
    _M.COMPLETED: frozenset(),
    _M.STOPPED: frozenset({_M.PLANNED}),
}


def measure_next_statuses(status: str) -> list[MeasureStatus]:
    """The statuses a measure in `status` may move to, in the order of MeasureStatus."""
    allowed = MEASURE_TRANSITIONS[MeasureStatus(status)]
    return [candidate for candidate in MeasureStatus if candidate in allowed]
