"""`omrade portfolio ...`: the portfolio's console commands."""

from __future__ import annotations

import argparse


def register(subcommands: argparse._SubParsersAction) -> None:
    portfolio = subcommands.add_parser("portfolio", help="measures, priorities and action plans")
    actions = portfolio.add_subparsers(dest="portfolio_command", required=True, metavar="ACTION")
    del actions  # each action adds its parser here
