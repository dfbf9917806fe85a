"""`omrade serve` (gunicorn, see omrade.shell.server), `omrade demo` and `omrade manage`."""

from __future__ import annotations

import argparse
import os

from django.core.management import execute_from_command_line

from omrade.shell.demo import DEMO_PASSWORD, demo_is_loaded, demo_load, demo_logins
from omrade.shell.server import MAX_THREADS, MAX_WORKERS, ServeOptions, run_server


def register(subcommands: argparse._SubParsersAction) -> None:
    serve = subcommands.add_parser(
        "serve", help="serve the app (gunicorn: worker processes with threads)"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: PORT or 8000)")
    serve.add_argument(
        "--workers",
        type=int,
        help="worker processes (default: OMRADE_WEB_WORKERS, else 1 on SQLite and 2 otherwise)",
    )
    serve.add_argument(
        "--threads", type=int, help="threads per worker (default: OMRADE_WEB_THREADS or 8)"
    )
    serve.add_argument("--access-log", action="store_true", help="log every request on stdout")
    serve.set_defaults(handler=serve_command)

    demo = subcommands.add_parser("demo", help="load the demo data (the three seed cases)")
    group = demo.add_mutually_exclusive_group()
    group.add_argument("--reset", action="store_true", help="empty the database first")
    group.add_argument(
        "--if-empty", action="store_true", help="load only when the database has no tenants"
    )
    demo.set_defaults(handler=demo_command)

    manage = subcommands.add_parser("manage", help="any Django manage.py command")
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=manage_command)


def _setting(given: int | None, *, option: str, variable: str, default: int, high: int) -> int:
    """A whole number from the option, else the environment variable, else the default;
    refused (exit 2) outside 1..high."""
    from omrade.cli import CommandFailed

    if given is not None:
        value, source = given, option
    else:
        raw = os.environ.get(variable, "").strip()
        if not raw:
            return default
        try:
            value, source = int(raw), variable
        except ValueError:
            raise CommandFailed(f"{variable} must be a whole number, not {raw!r}") from None
    if not 1 <= value <= high:
        raise CommandFailed(f"{source} must be between 1 and {high}, not {value}")
    return value


def default_workers() -> int:
    """One process on SQLite, which takes one writer at a time: a second process only adds
    waits for its lock (measured with 500 survey answers from 50 clients: p95 189–212 ms with
    one worker, 250–303 ms with two). Two on PostgreSQL."""
    from django.db import connection

    return 1 if connection.vendor == "sqlite" else 2


def serve_options(args: argparse.Namespace) -> ServeOptions:
    """The server's settings from the arguments and the environment, checked."""
    from omrade.cli import CommandFailed

    if not str(args.host).strip():
        raise CommandFailed("--host must not be empty")
    return ServeOptions(
        host=str(args.host).strip(),
        port=_setting(args.port, option="--port", variable="PORT", default=8000, high=65535),
        workers=_setting(
            args.workers,
            option="--workers",
            variable="OMRADE_WEB_WORKERS",
            default=default_workers(),
            high=MAX_WORKERS,
        ),
        threads=_setting(
            args.threads,
            option="--threads",
            variable="OMRADE_WEB_THREADS",
            default=8,
            high=MAX_THREADS,
        ),
        access_log=bool(args.access_log),
    )


def serve_command(args: argparse.Namespace) -> None:
    run_server(serve_options(args))


def demo_command(args: argparse.Namespace) -> None:
    if args.if_empty and demo_is_loaded():
        print("The database already has data; the demo was not loaded again.")
    elif not args.reset and demo_is_loaded():
        from omrade.cli import CommandFailed

        raise CommandFailed("the database already has data: use --reset to replace it")
    else:
        demo_load(reset=args.reset)
        print("Demo data loaded.")
    print(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for username, role, where in demo_logins():
        print(f"  {username:<26} {role:<28} {where}")


def manage_command(args: argparse.Namespace) -> None:
    execute_from_command_line(["omrade manage", *args.arguments])
