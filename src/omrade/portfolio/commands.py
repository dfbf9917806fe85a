"""`omrade portfolio ...`: the portfolio's console commands.

`omrade portfolio select --programme ID --year Y --budget NOK [--force-in a,b] [--force-out c]
[--staff-limit PERCENT] [--criteria-set ID] --format json|table` computes the best selection
of measures under the budget (it saves nothing) and prints, for json,
`{"selected": [ids], "total_cost": ..., "total_score": ...}` and further keys.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError


def register(subcommands: argparse._SubParsersAction) -> None:
    portfolio = subcommands.add_parser("portfolio", help="measures, priorities and action plans")
    actions = portfolio.add_subparsers(dest="portfolio_command", required=True, metavar="ACTION")
    select = actions.add_parser(
        "select",
        help="the best selection of measures under a budget (exact 0/1 knapsack; saves nothing)",
    )
    select.add_argument("--programme", required=True, type=int, help="the programme's id")
    select.add_argument("--year", required=True, type=int)
    select.add_argument("--budget", required=True, help="kroner, e.g. 2500000 or 2500000.50")
    select.add_argument("--force-in", default="", help="measure ids always selected: a,b")
    select.add_argument("--force-out", default="", help="measure ids never selected: c,d")
    select.add_argument("--staff-limit", help="staff time available, percent of a position")
    select.add_argument(
        "--criteria-set", type=int, help="the criteria set's id (default: the programme's first)"
    )
    select.add_argument("--format", choices=["json", "table"], default="table")
    select.set_defaults(handler=select_command)


def _fail(message: str) -> Exception:
    from omrade.cli import CommandFailed

    return CommandFailed(message)


def _amount(text: str | None, option: str) -> Decimal | None:
    if text is None:
        return None
    cleaned = text.replace(" ", "").replace("_", "").replace("\u00a0", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as error:
        raise _fail(f"{option}: '{text}' is not a number") from error
    if not value.is_finite():
        raise _fail(f"{option}: '{text}' is not a number")
    if value < 0:
        raise _fail(f"{option}: cannot be negative ({text})")
    if value != value.quantize(Decimal("0.01")):
        raise _fail(f"{option}: at most two decimals ({text})")
    return value


def _ids(text: str, option: str) -> list[int]:
    ids = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        if not item.isdigit():
            raise _fail(f"{option}: '{item}' is not a measure id")
        ids.append(int(item))
    return ids


def _number(value: Decimal | float | None) -> int | float | None:
    """A JSON number: whole kroner as integers, øre as decimals."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


OPTION_OF_FIELD = {
    "year": "--year",
    "budget": "--budget",
    "staff_limit": "--staff-limit",
    "forced_in": "--force-in",
    "forced_out": "--force-out",
    "criteria_set": "--criteria-set",
}


def select_command(args: argparse.Namespace) -> None:
    from omrade.portfolio.models import CriteriaSet
    from omrade.portfolio.selectors_selection import criteria_sets_of, selection_compute
    from omrade.programmes.models import Programme

    programme = Programme.objects.filter(pk=args.programme).first()
    if programme is None:
        raise _fail(f"--programme: no programme with id {args.programme}")
    budget = _amount(args.budget, "--budget")
    assert budget is not None
    staff_limit = _amount(args.staff_limit, "--staff-limit")
    forced_in = _ids(args.force_in, "--force-in")
    forced_out = _ids(args.force_out, "--force-out")
    if args.criteria_set is not None:
        criteria_set = CriteriaSet.objects.filter(pk=args.criteria_set, programme=programme).first()
        if criteria_set is None:
            raise _fail(
                f"--criteria-set: programme {programme.pk} has no criteria set {args.criteria_set}"
            )
    else:
        criteria_set = criteria_sets_of(programme).first()
        if criteria_set is None:
            raise _fail(
                f"--criteria-set: programme {programme.pk} ({programme.name}) has no criteria "
                "set to score the measures by"
            )
        print(f"criteria set: {criteria_set.pk} ({criteria_set.name})", file=sys.stderr)
    try:
        outcome = selection_compute(
            programme=programme,
            criteria_set=criteria_set,
            year=args.year,
            budget=budget,
            staff_limit=staff_limit,
            forced_in=forced_in,
            forced_out=forced_out,
        )
    except ValidationError as refused:
        raise _fail(
            "; ".join(
                f"{OPTION_OF_FIELD.get(field, field)}: {message}"
                for field, messages in refused.message_dict.items()
                for message in messages
            )
        ) from refused
    result = outcome.result
    if args.format == "json":
        record: dict[str, Any] = {
            "selected": list(result.selected),
            "total_cost": _number(result.total_cost),
            "total_score": result.total_score,
            "total_staff": _number(result.total_staff),
            "budget": _number(outcome.budget),
            "budget_left": _number(result.budget_left),
            "staff_limit": _number(outcome.staff_limit),
            "staff_left": _number(result.staff_left),
            "year": outcome.year,
            "programme": programme.pk,
            "criteria_set": criteria_set.pk,
            "measures": [
                {
                    "id": row.measure.pk,
                    "title": row.measure.title,
                    "cost": _number(row.cost),
                    "score": row.score,
                    "staff": _number(row.staff),
                    "selected": row.selected,
                    "reason": row.reason.value,
                }
                for row in outcome.rows
            ],
        }
        print(json.dumps(record, ensure_ascii=False, indent=2))
        return
    print(f"{'id':>6}  {'':1}  {'cost (kr)':>14}  {'score':>8}  {'staff %':>8}  measure")
    for row in outcome.rows:
        mark = "x" if row.selected else " "
        cost = "–" if row.cost is None else f"{row.cost:,.2f}".replace(",", " ")
        score = "–" if row.score is None else f"{row.score:.3f}"
        print(
            f"{row.measure.pk:>6}  {mark}  {cost:>14}  {score:>8}  {row.staff:>8}  "
            f"{row.measure.title} ({row.reason.value})"
        )
    total = f"{result.total_cost:,.2f}".replace(",", " ")
    left = f"{result.budget_left:,.2f}".replace(",", " ")
    print(
        f"selected {len(result.selected)} of {len(outcome.rows)}: {total} kr, "
        f"score {result.total_score:.3f}, staff {result.total_staff} %, {left} kr left"
    )
