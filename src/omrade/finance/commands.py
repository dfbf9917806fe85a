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
    parser = actions.add_parser(
        "import-actuals", help="read a general-ledger extract into the measures' spending"
    )
    parser.add_argument("file", metavar="FILE", help="CSV or XLSX general-ledger extract")
    parser.add_argument("--municipality", required=True, metavar="CODE")
    parser.add_argument("--year", required=True, type=int, metavar="YYYY")
    for role in ("project", "amount", "date", "account", "text"):
        parser.add_argument(
            f"--{role}-field",
            metavar="F",
            help=f"header of the {role} column (default: usual names)",
        )
    parser.add_argument(
        "--skip-unmatched",
        action="store_true",
        help="skip lines whose project code belongs to no measure (default: refuse the file)",
    )
    parser.add_argument(
        "--synthetic", action="store_true", help="mark the transactions as synthetic (demo data)"
    )
    parser.set_defaults(handler=import_actuals_command)


def import_actuals_command(args: argparse.Namespace) -> None:
    from pathlib import Path

    from omrade.cli import CommandFailed
    from omrade.finance.ledger import Columns, LedgerError
    from omrade.finance.services.actuals import UnmatchedProjectCodes, actuals_import
    from omrade.tenancy.selectors import municipality_by_code

    municipality = municipality_by_code(args.municipality)
    if municipality is None:
        raise CommandFailed(f"--municipality: no municipality with code {args.municipality}")
    path = Path(args.file)
    columns = Columns(
        project=args.project_field,
        amount=args.amount_field,
        date=args.date_field,
        account=args.account_field,
        text=args.text_field,
    )
    try:
        result = actuals_import(
            by=None,
            municipality=municipality,
            year=args.year,
            path=path,
            file_name=str(path),
            columns=columns,
            skip_unmatched=args.skip_unmatched,
            synthetic=args.synthetic,
        )
    except LedgerError as error:
        raise CommandFailed(error.message) from None
    except UnmatchedProjectCodes as error:
        listed = "\n".join(
            f"  row {row.row}: project {row.project_code}, {row.amount} kr" for row in error.rows
        )
        raise CommandFailed(
            f"{path}: {error.count} line(s) with a project code that belongs to no measure "
            f"(first {len(error.rows)} below); nothing imported. Give the measures these "
            f"project codes, or use --skip-unmatched.\n{listed}"
        ) from None
    print(
        f"{path} ({municipality.code}, {args.year}): {result.rows_read} read, "
        f"{result.rows_added} added, {result.rows_known} already imported, "
        f"{result.rows_unmatched} unmatched skipped; {result.total_added} kr added"
    )


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


# --- bench ---------------------------------------------------------------------------------------


def register_bench(bench_actions: argparse._SubParsersAction) -> None:
    """`omrade bench finance-import`."""
    finance_import = bench_actions.add_parser(
        "finance-import", help="import a synthetic general-ledger extract and time it"
    )
    finance_import.add_argument("--lines", type=int, default=1_000_000)
    finance_import.add_argument("--database-url", help="default: a scratch SQLite file under var/")
    finance_import.set_defaults(handler=bench_finance_import)


def bench_finance_import(args: argparse.Namespace) -> None:
    import json

    from omrade.finance.benchmark import run_import_benchmark

    figures = run_import_benchmark(lines=args.lines, database_url=args.database_url)
    print(json.dumps(figures, indent=2))
