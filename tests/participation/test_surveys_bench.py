"""The survey load benchmark's parts: loopback check, percentiles, the lost-answer check, and
what one answer's wait includes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from omrade.participation.surveys.benchmark import (
    BenchRefused,
    _Client,
    _send,
    check_stored,
    client_address,
    is_loopback_url,
    percentile,
    run_survey_load,
)


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://127.5.6.7", True),
        ("http://localhost:8000/", True),
        ("http://[::1]:8000", True),
        ("http://192.168.1.10:8000", False),
        ("http://10.0.0.1", False),
        ("https://example.org", False),
        ("ftp://127.0.0.1", False),
        ("127.0.0.1:8000", False),
    ],
)
def test_only_loopback_urls(url: str, loopback: bool) -> None:
    assert is_loopback_url(url) is loopback


def test_non_loopback_target_is_refused_before_anything_happens() -> None:
    with pytest.raises(BenchRefused, match="loopback"):
        run_survey_load(url="http://192.168.1.10:8000", answers=1, concurrency=1)


def test_percentiles() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == pytest.approx(50.5)
    assert percentile(values, 0.95) == pytest.approx(95.05)
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([], 0.95) == 0.0
    assert percentile([3.0, 1.0, 2.0], 0.0) == 1.0
    assert percentile([3.0, 1.0, 2.0], 1.0) == 3.0


def test_lost_duplicate_and_unacknowledged_answers_are_counted() -> None:
    assert check_stored(["a", "b", "c"], ["a", "b", "c"]) == {
        "stored": 3,
        "lost": 0,
        "duplicates": 0,
        "unacknowledged": 0,
    }
    assert check_stored(["a", "b", "c"], ["a", "a", "d"]) == {
        "stored": 1,
        "lost": 2,
        "duplicates": 1,
        "unacknowledged": 1,
    }


def test_client_addresses_are_distinct_in_the_benchmark_range() -> None:
    addresses = {client_address(number) for number in range(1000)}
    assert len(addresses) == 1000
    assert client_address(0) == "198.18.0.1"
    assert client_address(300) == "198.18.1.45"


class _SlowCreated(BaseHTTPRequestHandler):
    """Answers every POST with 201 after 30 ms; the first answer closes its connection."""

    protocol_version = "HTTP/1.1"
    answered = 0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(0.03)
        type(self).answered += 1
        self.send_response(201)
        self.send_header("Content-Length", "2")
        if type(self).answered == 1:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


def test_the_wait_of_a_new_connection_includes_the_connect() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowCreated)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        client = _Client()
        port = server.server_address[1]
        sent = [_send(client, "127.0.0.1", port, "/x", b"{}", n, 5.0) for n in range(3)]
    finally:
        server.shutdown()
        server.server_close()
    assert [answer.status for answer in sent] == [201, 201, 201]
    # The first and (after "Connection: close") the second open a connection; the third
    # reuses the second's.
    assert [answer.connect_ms is not None for answer in sent] == [True, True, False]
    for answer in sent:
        assert answer.request_ms >= 30.0
        assert answer.milliseconds >= answer.request_ms + (answer.connect_ms or 0.0)


def test_two_server_processes_store_every_answer_once_on_one_sqlite_file(tmp_path) -> None:
    """End to end: `omrade serve` with two worker processes on a scratch SQLite database,
    24 clients sending 120 answers at once: every answer accepted and stored exactly once,
    no error (no "database is locked")."""
    environment = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "PORT"}
    }
    environment.update(
        {
            "OMRADE_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "omrade.settings",
            "OMRADE_TRUSTED_PROXIES": "127.0.0.1",
        }
    )
    command = [sys.executable, "-m", "omrade.cli"]
    subprocess.run([*command, "manage", "migrate", "--noinput", "-v0"], env=environment, check=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = subprocess.Popen(
        [*command, "serve", f"--port={port}", "--workers=2", "--threads=4"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                    break
            except OSError:
                assert server.poll() is None, "the server stopped"
                assert time.monotonic() < deadline, "the server did not answer within a minute"
                time.sleep(0.2)
        load = subprocess.run(
            [
                sys.executable,
                "-m",
                "omrade.participation.surveys.benchmark",
                f"--url=http://127.0.0.1:{port}",
                "--answers=120",
                "--concurrency=24",
            ],
            env=environment,
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    figures = json.loads(load.stdout)
    assert {
        key: figures[key]
        for key in (
            "accepted",
            "refused",
            "errors",
            "stored",
            "lost",
            "duplicates",
            "unacknowledged",
            "connections",
            "database",
        )
    } == {
        "accepted": 120,
        "refused": {},
        "errors": {},
        "stored": 120,
        "lost": 0,
        "duplicates": 0,
        "unacknowledged": 0,
        "connections": 24,
        "database": "sqlite",
    }
    assert figures["p95_ms"] >= figures["request_p95_ms"]
