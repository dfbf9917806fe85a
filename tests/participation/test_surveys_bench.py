"""The survey load benchmark's parts: loopback check, percentiles, the lost-answer check, and
what one answer's wait includes."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from omrade.participation.benchmark_surveys import (
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
