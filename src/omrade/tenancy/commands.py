"""`omrade tenant add`, `omrade user add` and `omrade token create`."""

from __future__ import annotations

import argparse

from django.contrib.auth.models import User
from django.db import transaction

from omrade.tenancy import services
from omrade.tenancy.models import Country, Role
from omrade.tenancy.selectors import municipality_by_code


def register(subcommands: argparse._SubParsersAction) -> None:
    tenant = subcommands.add_parser("tenant", help="municipalities (tenants)")
    tenant_actions = tenant.add_subparsers(dest="action", required=True)
    add_tenant = tenant_actions.add_parser("add", help="add a municipality")
    add_tenant.add_argument("--code", required=True, help="kommunenummer / kommunekode")
    add_tenant.add_argument("--name", required=True)
    add_tenant.add_argument("--country", required=True, choices=Country.values)
    add_tenant.add_argument("--language", choices=["nb", "da", "en"])
    add_tenant.set_defaults(handler=tenant_add)

    user = subcommands.add_parser("user", help="users and their roles")
    user_actions = user.add_subparsers(dest="action", required=True)
    add_user = user_actions.add_parser("add", help="add a user (or a role to an existing user)")
    add_user.add_argument("username")
    add_user.add_argument("--municipality", help="municipality code (not for platform_admin)")
    add_user.add_argument("--role", required=True, choices=Role.values)
    add_user.add_argument("--password", help="omit to create a user who cannot log in yet")
    add_user.add_argument("--email", default="")
    add_user.set_defaults(handler=user_add)

    token = subcommands.add_parser("token", help="personal API tokens")
    token_actions = token.add_subparsers(dest="action", required=True)
    create_token = token_actions.add_parser("create", help="print a new token for a user")
    create_token.add_argument("username")
    create_token.add_argument("--name", default="", help="what the token is for")
    create_token.set_defaults(handler=token_create)


def tenant_add(args: argparse.Namespace) -> None:
    municipality = services.municipality_create(
        by=None,
        code=args.code,
        name=args.name,
        country=args.country,
        default_language=args.language,
    )
    print(f"Added {municipality}")


@transaction.atomic
def user_add(args: argparse.Namespace) -> None:
    from omrade.cli import CommandFailed

    municipality = None
    if args.role != Role.PLATFORM_ADMIN:
        if not args.municipality:
            raise CommandFailed(f"--municipality is required for the role {args.role}")
        municipality = municipality_by_code(args.municipality)
        if municipality is None:
            raise CommandFailed(f"--municipality: no municipality with code {args.municipality}")
    user = User.objects.filter(username=args.username).first()
    if user is None:
        user = services.user_create(
            username=args.username, password=args.password, email=args.email
        )
    services.role_grant(by=None, user=user, role=args.role, municipality=municipality)
    where = municipality.name if municipality else "all municipalities"
    print(f"{args.username}: {args.role} in {where}")


def token_create(args: argparse.Namespace) -> None:
    from omrade.cli import CommandFailed

    user = User.objects.filter(username=args.username).first()
    if user is None:
        raise CommandFailed(f"no user named {args.username}")
    _token, key = services.token_create(by=None, user=user, name=args.name)
    print(key)
