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
    pass
