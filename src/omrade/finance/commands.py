"""`omrade finance ...`: the money's console commands.

- `omrade finance import-actuals FILE --municipality CODE --year YYYY [--project-field F]
  [--amount-field F] [--date-field F] [--account-field F] [--text-field F] [--skip-unmatched]`
  reads a general-ledger extract (CSV or XLSX) into the measures' actual spending.
- `omrade finance statement --programme ID --year YYYY --format json|table` prints the funder's
  statement.

Exit codes: 0 success, 2 bad input (the file, row and column named on stderr, nothing written).
"""

from __future__ import annotations

import argparse


def register(subcommands: argparse._SubParsersAction) -> None:
    finance = subcommands.add_parser("finance", help="money: actuals and statements")
    actions = finance.add_subparsers(dest="finance_command", required=True, metavar="ACTION")
    _register_import_actuals(actions)
    _register_statement(actions)


# --- import-actuals ----------------------------------------------------------------------------


def _register_import_actuals(actions: argparse._SubParsersAction) -> None:
    pass


# --- statement ---------------------------------------------------------------------------------


def _register_statement(actions: argparse._SubParsersAction) -> None:
    statement = actions.add_parser(
        "statement",
        help="the funder's statement of a programme's year (granted, allocated, spent, remaining)",
    )
    statement.add_argument("--programme", required=True, type=int, help="the programme's id")
    statement.add_argument("--year", required=True, type=int)
    statement.add_argument("--source", default="", help="one funding source's code (default: all)")
    statement.add_argument("--format", choices=["json", "table"], default="table")
    statement.set_defaults(handler=statement_command)


def statement_command(args: argparse.Namespace) -> None:
    """Print the statement: json is `{"year", "currency", "sources": [...], "measures": [...],
    "in_kind": {...}, ...}` with amounts as decimal numbers in kroner (500000.00)."""
    from omrade.cli import CommandFailed
    from omrade.finance import statement as statements
    from omrade.finance.models import FundingSource
    from omrade.programmes.models import Programme

    programme = Programme.objects.select_related("municipality").filter(pk=args.programme).first()
    if programme is None:
        raise CommandFailed(f"--programme: no programme with id {args.programme}")
    if not programme.start_year <= args.year <= programme.end_year:
        raise CommandFailed(
            f"--year: {args.year} is outside programme {programme.pk}'s period "
            f"{programme.start_year}–{programme.end_year}"
        )
    source = None
    if args.source:
        source = FundingSource.objects.filter(programme=programme, code=args.source).first()
        if source is None:
            raise CommandFailed(f"--source: programme {programme.pk} has no source {args.source}")
    statement = statements.statement_for(programme=programme, year=args.year, source=source)
    if args.format == "json":
        print(statements.dumps(statements.statement_record(statement)))
    else:
        print(statements.statement_text(statement), end="")
