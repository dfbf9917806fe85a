"""Input that reaches the database or the parsers bounded once, for pages and the API alike.

- `MAX_ID`: the largest primary key SQLite (INTEGER) and PostgreSQL (bigint) can hold; a
  larger number in a filter makes the database driver fail ("Python int too large to convert
  to SQLite INTEGER") instead of finding nothing.
- `Id`, `Year`, `Count`, `Score`, `Day`, `ClockTime` and `Money`: the API's bounded types
  (pydantic constraints, so the schema shows the bounds and a value outside them is refused
  naming the field).
- `parse_id`, `parse_year`: the same bounds for a page's query parameters.
- `loads_json`: `json.loads` that refuses deeply nested documents with a `ValueError` instead
  of a `RecursionError`, and `max_json_depth` to check an already parsed value.
"""

from __future__ import annotations

import json
from datetime import date, time
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, Field

MAX_ID = 2**63 - 1
MIN_YEAR = 1
MAX_YEAR = 9999
MAX_JSON_DEPTH = 64
# A measure's cost, a budget: less than a trillion kroner either way.
MAX_MONEY = Decimal("999999999999.99")

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
# A count or a score: what an integer column holds; the sign and the scale are the services'
# to check (they name the rule in their refusal).
Count = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]
Score = Count
# A day a programme, a meeting or a booking can fall on; far dates make date arithmetic fail.
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2999, 12, 31))]


def _naive_time(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError("a time of day without a time zone, such as 18:00")
    return value


# A time of day on the municipality's clock (an offset such as "18:00Z" cannot be stored).
ClockTime = Annotated[time, AfterValidator(_naive_time)]
# Kroner; the sign and the rounding are the services' to check.
Money = Annotated[Decimal, Field(ge=-MAX_MONEY, le=MAX_MONEY)]


def parse_id(text: object) -> int | None:
    """A positive id that fits the database, or None (missing, not a number, out of range)."""
    value = str(text).strip() if text is not None else ""
    if not value.isascii() or not value.isdigit() or len(value) > len(str(MAX_ID)):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def parse_year(text: object) -> int | None:
    """A year from 1 to 9999 (what `datetime.date` holds), or None."""
    value = str(text).strip() if text is not None else ""
    if not value.isascii() or not value.isdigit() or len(value) > 4:
        return None
    number = int(value)
    return number if MIN_YEAR <= number <= MAX_YEAR else None


def max_json_depth(value: Any, limit: int = MAX_JSON_DEPTH) -> int:
    """How deeply lists and objects nest in a parsed JSON value (iterative, stops past limit)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth) for child in children)
    return deepest


def loads_json(text: str | bytes, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON; a document nested deeper than `max_depth` is a `ValueError`."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise ValueError(f"JSON nested deeper than {max_depth} levels") from None
    if max_json_depth(value, max_depth) > max_depth:
        raise ValueError(f"JSON nested deeper than {max_depth} levels")
    return value
