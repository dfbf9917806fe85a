"""Benchmark of participation: many residents answering a survey with a map question at once.

Starts `omrade serve` (gunicorn: 2 worker processes with 8 threads each unless
OMRADE_WEB_WORKERS / OMRADE_WEB_THREADS say otherwise) on a free loopback port against a
scratch SQLite database under var/bench-surveys/ (WAL, immediate transactions: the real
settings; the server's log goes to var/bench-surveys/server-<database>.log),
with `OMRADE_TRUSTED_PROXIES=127.0.0.1` so the X-Forwarded-For address of the benchmark's
clients counts (50 residents' browsers per address, as at a meeting place, within the
production address budget), runs `omrade bench survey-load` against it and prints its JSON.
With BENCH_DATABASE_URL set it does the same on that (PostgreSQL) database. Size with
BENCH_SURVEY_ANSWERS (500) and BENCH_SURVEY_CONCURRENCY (50).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer on {url}")


def run(environment: dict[str, str], label: str) -> None:
    command = [sys.executable, "-m", "omrade.cli"]
    if environment.get("DATABASE_URL"):
        subprocess.run([*command, "manage", "flush", "--noinput", "-v0"], env=environment)
    subprocess.run([*command, "manage", "migrate", "--noinput", "-v0"], env=environment, check=True)
    port = free_port()
    log = (PROJECT / "var" / "bench-surveys" / f"server-{label.lower()}.log").open("w")
    server = subprocess.Popen(
        [*command, "serve", f"--port={port}"],
        env={**environment, "OMRADE_TRUSTED_PROXIES": "127.0.0.1"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        print(f"# {label}", flush=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "omrade.participation.benchmark_surveys",
                f"--url=http://127.0.0.1:{port}",
                f"--answers={os.environ.get('BENCH_SURVEY_ANSWERS', '500')}",
                f"--concurrency={os.environ.get('BENCH_SURVEY_CONCURRENCY', '50')}",
            ],
            env=environment,
            check=True,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def main() -> None:
    base = dict(os.environ)
    if os.environ.get("BENCH_SETTINGS_MODULE"):
        base["DJANGO_SETTINGS_MODULE"] = os.environ["BENCH_SETTINGS_MODULE"]
    scratch = PROJECT / "var" / "bench-surveys"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    sqlite = {key: value for key, value in base.items() if key != "DATABASE_URL"}
    run({**sqlite, "OMRADE_VAR_DIR": str(scratch)}, "SQLite")
    if os.environ.get("BENCH_DATABASE_URL"):
        run({**base, "DATABASE_URL": os.environ["BENCH_DATABASE_URL"]}, "PostgreSQL")


if __name__ == "__main__":
    main()
