"""Benchmark of the finance app: importing a general-ledger extract of a million lines.

Runs `omrade bench finance-import` on a scratch SQLite database, and on PostgreSQL when
BENCH_DATABASE_URL is set, and prints one JSON object per run. Scale with BENCH_LEDGER_LINES
(default 1 000 000); the target is at least 100 000 lines per second on SQLite, end to end.
"""

from __future__ import annotations

import os
import subprocess
import sys


def main() -> None:
    lines = f"--lines={os.environ.get('BENCH_LEDGER_LINES', '1000000')}"
    databases = [None]
    if os.environ.get("BENCH_DATABASE_URL"):
        databases.append(os.environ["BENCH_DATABASE_URL"])
    for database in databases:
        command = [sys.executable, "-m", "omrade.cli", "bench", "finance-import", lines]
        if database:
            command.append(f"--database-url={database}")
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
