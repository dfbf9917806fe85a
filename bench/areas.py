"""Benchmarks of the areas app: national-scale import and index, and the map page.

Runs `omrade bench analytics` on a scratch SQLite database, and on PostgreSQL when
BENCH_DATABASE_URL is set, and prints one JSON object per run. Scale with BENCH_AREAS,
BENCH_INDICATORS and BENCH_YEARS (default: every grunnkrets in Norway, 14000 × 25 × 15).
"""

from __future__ import annotations

import os
import subprocess
import sys


def main() -> None:
    sizes = [
        f"--areas={os.environ.get('BENCH_AREAS', '14000')}",
        f"--indicators={os.environ.get('BENCH_INDICATORS', '25')}",
        f"--years={os.environ.get('BENCH_YEARS', '15')}",
    ]
    databases = [None]
    if os.environ.get("BENCH_DATABASE_URL"):
        databases.append(os.environ["BENCH_DATABASE_URL"])
    for database in databases:
        for command in (
            [sys.executable, "-m", "omrade.cli", "bench", "analytics", *sizes],
            [sys.executable, "-m", "omrade.cli", "bench", "map-page"],
        ):
            if database:
                command.append(f"--database-url={database}")
            subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
