"""The `omrade` console command. Each app adds sub-commands in its `commands.py`.

Exit codes: 0 success, 2 bad input (message on stderr, nothing written).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

COMMAND_MODULES = [
    "omrade.shell.commands",
    "omrade.tenancy.commands",
    "omrade.areas.commands",
    "omrade.portfolio.commands",
    "omrade.finance.commands",
    "omrade.participation.commands",
]


class CommandFailed(Exception):
    """Bad input to a command: printed on stderr, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="omrade", description="Omrade: a platform for area-based initiatives."
    )
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # `omrade bench ...`: every app with benchmarks adds its own actions to the one group.
    bench = subcommands.add_parser("bench", help="benchmarks")
    bench_actions = bench.add_subparsers(dest="action", required=True, metavar="BENCHMARK")
    for dotted in COMMAND_MODULES:
        module = importlib.import_module(dotted)
        module.register(subcommands)
        if hasattr(module, "register_bench"):
            module.register_bench(bench_actions)
    return parser


def _describe(error: Exception) -> str:
    from django.core.exceptions import ValidationError

    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(
                f"{field}: {message}"
                for field, messages in error.message_dict.items()
                for message in messages
            )
        return "; ".join(error.messages)
    return str(error)


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omrade.settings")
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.management.base import CommandError

    args = build_parser().parse_args(argv)
    try:
        result = args.handler(args)
    except (CommandFailed, ValidationError, CommandError) as error:
        print(f"omrade {args.command}: {_describe(error)}", file=sys.stderr)
        return 2
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
