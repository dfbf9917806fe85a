"""`omrade participation ...`: participation's console commands.

`omrade participation purge [--dry-run]` deletes the personal data whose retention period
has ended (see `participation/core/retention.py`) and prints what it deleted per rule; with
`--dry-run` it changes nothing and prints what it would delete. Run it daily.

`omrade participation send-notices [--limit N]` sends the e-mails to residents that are due
(see `participation/core/notices.py`): those queued while sending was not configured
and those whose first attempt failed. It prints how many it sent, how many failed (retried
later) and how many are still due. Run it every few minutes. Exit code 2 when sending is not
configured (`OMRADE_EMAIL_HOST`) or the limit is not a positive number.
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
    send = actions.add_parser("send-notices", help="send the e-mails to residents that are due")
    send.add_argument(
        "--limit",
        default="100",
        metavar="N",
        help="send at most N notices in this run (default 100)",
    )
    send.set_defaults(handler=send_notices_command)


def register_bench(bench_actions: argparse._SubParsersAction) -> None:
    """`omrade bench survey-load`."""
    from omrade.participation.surveys.benchmark import add_bench_parser

    add_bench_parser(bench_actions)


def purge_command(args: argparse.Namespace) -> int:
    from omrade.participation.core.retention import retention_purge

    report = retention_purge(dry_run=args.dry_run)
    verb = "would delete" if report.dry_run else "deleted"
    for rule, count in report.counts.items():
        print(f"{rule}: {verb} {count}")
    print(f"total: {verb} {report.total}")
    return 0


def send_notices_command(args: argparse.Namespace) -> int:
    from omrade.cli import CommandFailed
    from omrade.participation.core.notices import notices_send, sending_configured

    try:
        limit = int(args.limit)
    except ValueError:
        limit = 0
    if limit < 1:
        raise CommandFailed(f"--limit must be a whole number of at least 1, not {args.limit!r}")
    if not sending_configured():
        raise CommandFailed(
            "sending e-mail is not configured (set OMRADE_EMAIL_HOST, OMRADE_EMAIL_FROM and "
            "OMRADE_SITE_URL); the notices stay queued"
        )
    report = notices_send(limit=limit)
    print(f"sent: {report.sent}")
    print(f"failed: {report.failed} (given up: {report.gave_up})")
    print(f"still due: {report.remaining}")
    return 0
