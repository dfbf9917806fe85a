"""The survey load benchmark's pure parts: loopback check, percentiles, the lost-answer check."""

from __future__ import annotations

import pytest

from omrade.participation.benchmark_surveys import (
    BenchRefused,
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
