"""`omrade serve`, `omrade demo` and `omrade manage`."""

from __future__ import annotations

import argparse
import os

from django.core.management import call_command, execute_from_command_line

from omrade.shell.demo import DEMO_PASSWORD, demo_is_loaded, demo_load, demo_logins


def register(subcommands: argparse._SubParsersAction) -> None:
    serve = subcommands.add_parser("serve", help="serve the app on 127.0.0.1")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--host", default="127.0.0.1")
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


def serve_command(args: argparse.Namespace) -> None:
    if not 0 < args.port < 65536:
        from omrade.cli import CommandFailed

        raise CommandFailed(f"--port must be between 1 and 65535, not {args.port}")
    call_command("runserver", f"{args.host}:{args.port}", use_reloader=False, use_threading=True)


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
