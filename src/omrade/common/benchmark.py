"""What every `omrade bench ...` shares: running the measurement in a child process on its own
database — a scratch SQLite file under var/ unless a `--database-url` is given (flushed first)
— so the user's data is never touched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

CHILD_FLAG = "OMRADE_BENCH_CHILD"


def in_child() -> bool:
    """Are we the child process that measures (rather than the one that starts it)?"""
    return os.environ.get(CHILD_FLAG) == "1"


def run_in_child(
    arguments: list[str], database_url: str | None, scratch_name: str
) -> dict[str, Any]:
    """Run `omrade bench <arguments>` in a child on a migrated scratch database and return
    the JSON figures it prints."""
    from django.conf import settings

    scratch = settings.VAR_DIR / scratch_name
    files = [scratch.with_name(scratch.name + suffix) for suffix in ("", "-wal", "-shm")]
    if database_url is None:
        scratch.parent.mkdir(parents=True, exist_ok=True)  # var/ is missing in a fresh clone
        for file in files:
            file.unlink(missing_ok=True)
    environment = {
        **os.environ,
        CHILD_FLAG: "1",
        "DATABASE_URL": database_url or f"sqlite:///{scratch}",
    }
    command = [sys.executable, "-m", "omrade.cli"]
    if database_url is not None:
        # A clean database: the benchmark creates its own municipalities and data.
        subprocess.run([*command, "manage", "flush", "--noinput", "-v0"], env=environment)  # noqa: S603 - our own CLI
    migrate = [*command, "manage", "migrate", "--noinput", "-v0"]
    subprocess.run(migrate, env=environment, check=True)  # noqa: S603 - our own CLI
    child = subprocess.run(  # noqa: S603 - our own CLI
        [*command, "bench", *arguments],
        env=environment,
        check=True,
        stdout=subprocess.PIPE,  # the figures; errors go straight to stderr
        text=True,
    )
    if database_url is None:
        for file in files:
            file.unlink(missing_ok=True)
    return dict(json.loads(child.stdout))
