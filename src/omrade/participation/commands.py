"""`omrade participation ...`: participation's console commands.

`omrade participation purge [--dry-run]` deletes the personal data whose retention period
has ended (see `participation/retention.py`) and prints what it deleted per rule; with
`--dry-run` it changes nothing and prints what it would delete. Run it daily.
"""

from __future__ import annotations

import argparse


def register(subcommands: argparse._SubParsersAction) -> None:
    participation = subcommands.add_parser(
        "participation", help="participation: ideas, surveys, events and their personal data"
    )
    actions = participation.add_subparsers(
        dest="participation_command", required=True, metavar="ACTION"
    )
    purge = actions.add_parser(
        "purge", help="delete personal data whose retention period has ended"
    )
    purge.add_argument(
        "--dry-run", action="store_true", help="change nothing; print what would be deleted"
    )
    purge.set_defaults(handler=purge_command)


def register_bench(bench_actions: argparse._SubParsersAction) -> None:
    """`omrade bench survey-load`."""
    from omrade.participation.benchmark_surveys import add_bench_parser

    add_bench_parser(bench_actions)


def purge_command(args: argparse.Namespace) -> int:
    from omrade.participation.retention import retention_purge

    report = retention_purge(dry_run=args.dry_run)
    verb = "would delete" if report.dry_run else "deleted"
    for rule, count in report.counts.items():
        print(f"{rule}: {verb} {count}")
    print(f"total: {verb} {report.total}")
    return 0
