"""`omrade bench survey-load`: many residents answering a survey with a map question at once.

    omrade bench survey-load --url http://127.0.0.1:8000 [--answers 500] [--concurrency 50]
        [--database-url URL] [--survey-id N]

1. The target must be on this machine (loopback: 127.0.0.0/8, localhost, ::1); any other
   host is refused.
2. The survey is created directly in the database the server uses (the public API cannot
   create surveys): this command runs against the same database — the current DATABASE_URL,
   or `--database-url` — and makes an open, published survey in a benchmark municipality
   (code 9999) with a point map question, a single-choice question and a free-text question.
   `--survey-id` uses an existing open survey of that shape instead.
3. `--concurrency` threads send `--answers` complete answers through
   `POST /api/surveys/{id}/responses` with plain http.client, one keep-alive connection per
   thread (as a browser keeps one per site), all threads starting at once. Each answer
   carries a unique marker in its free-text answer and comes from a resident's own browser:
   a browser cookie (`omrade_nettleser`) of its own, which is what keeps a browser to one
   answer. All send the same user agent (one phone model), and every `ANSWERS_PER_ADDRESS`
   (50) answers share one `X-Forwarded-For` address from 198.18.0.0/15 (the range reserved
   for benchmarks): each address is a meeting place where 50 residents answer, within its
   address budget of 300 answers an hour per survey (participation.core.abuse.BUDGETS). The
   server believes that header only when it runs with `OMRADE_TRUSTED_PROXIES=127.0.0.1`,
   as a server behind a local reverse proxy would (bench/participation.py starts it so);
   without it every answer counts against 127.0.0.1, and past 300 answers the rest are
   refused with 429. Nothing is weakened for the benchmark: no bypass header exists and
   the budget is the production one.
   Latency is what the resident waits for: from the moment the request is due until the
   whole response is read, including opening the connection when one was needed (a
   resident's first answer includes it; a server whose listen backlog overflows makes
   clients wait for TCP retransmits, which shows here). `p50_ms`/`p95_ms`/`p99_ms`/`max_ms`
   are over these times; `connect_p95_ms` (over the connections opened) and
   `request_p95_ms` (without the connect time) are reported beside them to show where the
   time went. A failed attempt on a kept-alive connection is retried once on a new one
   (the time of both counts); an answer with no response at all counts as an error.
4. Afterwards every accepted (201) answer must be stored exactly once (rows counted by
   marker) and every refused one must have had a clear status (400/403/409/429); connection
   errors and 5xx are reported as errors. One JSON object is printed.

The lead registers it on the existing `bench` group with one line in areas/commands.py:
`add_bench_parser(bench_actions)` (from omrade.participation.surveys.benchmark).
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import math
import os
import random
import secrets
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

CHILD_FLAG = "OMRADE_SURVEY_BENCH_CHILD"
CLEAR_REFUSALS = {400, 403, 409, 429}
SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[10.90, 59.20], [10.96, 59.20], [10.96, 59.23], [10.90, 59.23], [10.90, 59.20]]
    ],
}


class BenchRefused(ValueError):
    """Bad input to the benchmark (e.g. a non-loopback URL)."""


# --- pure parts ------------------------------------------------------------------------------


def is_loopback_url(url: str) -> bool:
    """Whether the URL's host is this machine: 127.0.0.0/8, ::1 or localhost."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return False
    host = parts.hostname
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def percentile(values: Sequence[float], share: float) -> float:
    """The `share` (0–1) percentile with linear interpolation between ranks; 0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    if len(ordered) == 1:
        return float(ordered[0])
    position = share * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (position - low))


def check_stored(accepted: Iterable[str], stored: Iterable[str]) -> dict[str, int]:
    """Compare the markers the server accepted with the markers found in the database:
    `lost` accepted but not stored, `duplicates` stored more than once, `unacknowledged`
    stored although the client never saw 201 (e.g. a timeout after the commit)."""
    accepted_set = set(accepted)
    counts = Counter(stored)
    return {
        "stored": sum(1 for marker in accepted_set if counts.get(marker, 0) >= 1),
        "lost": sum(1 for marker in accepted_set if counts.get(marker, 0) == 0),
        "duplicates": sum(1 for count in counts.values() if count > 1),
        "unacknowledged": sum(1 for marker in counts if marker not in accepted_set),
    }


ANSWERS_PER_ADDRESS = 50
USER_AGENT = "Mozilla/5.0 (Linux; Android 15; omrade-survey-bench) Mobile"


def client_address(number: int) -> str:
    """A distinct address from 198.18.0.0/15 (RFC 2544, for benchmarks) per client."""
    return str(ipaddress.ip_address("198.18.0.0") + 1 + number)


@dataclass
class Outcome:
    marker: str
    status: int  # 0: connection error
    milliseconds: float  # connect included
    request_ms: float = 0.0  # without the connect


# --- setting up the survey -------------------------------------------------------------------


@dataclass
class BenchSurvey:
    survey_id: int
    map_question: int
    choice_question: int
    text_question: int


def create_bench_survey() -> BenchSurvey:
    """An open survey with a map question in the benchmark municipality (9999)."""
    from omrade.areas.models import Area, AreaLevel
    from omrade.participation.surveys.services import surveys as services
    from omrade.tenancy.models import Country, Municipality

    municipality, _created = Municipality.objects.get_or_create(
        code="9999", defaults={"name": "Benchmark (syntetisk)", "country": Country.NORWAY}
    )
    level, _created = AreaLevel.objects.get_or_create(
        municipality=municipality, code="bench", defaults={"name": "Benchmark", "depth": 1}
    )
    area, _created = Area.objects.get_or_create(
        level=level,
        code="bench-1",
        defaults={
            "municipality": municipality,
            "name": "Benchmarkområdet",
            "boundary": SQUARE,
            "boundary_synthetic": True,
        },
    )
    survey = services.survey_create(
        municipality=municipality,
        title={"nb": f"Lasttest {time.strftime('%Y-%m-%d %H:%M:%S')}"},
        areas=[area],
        by=None,
        synthetic=True,
    )
    page = survey.pages.get()
    map_question = services.survey_question_add(
        page=page,
        kind="map",
        text={"nb": "Hvor er det godt å være?"},
        geometry_kind="point",
        required=True,
    )
    choice_question = services.survey_question_add(
        page=page,
        kind="single",
        text={"nb": "Hvor ofte er du der?"},
        options=[
            {"text": {"nb": "Hver dag"}},
            {"text": {"nb": "Hver uke"}},
            {"text": {"nb": "Sjelden"}},
        ],
    )
    text_question = services.survey_question_add(page=page, kind="text", text={"nb": "Hvorfor?"})
    services.survey_set_published(survey=survey, by=None, published=True)
    return BenchSurvey(survey.pk, map_question.pk, choice_question.pk, text_question.pk)


def existing_bench_survey(survey_id: int) -> BenchSurvey:
    from omrade.participation.surveys.models import Survey

    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None or not survey.is_open():
        raise BenchRefused(f"survey {survey_id} does not exist or is not open")
    questions = {question.kind: question.pk for question in survey.questions.all()}
    if not {"map", "single", "text"} <= set(questions):
        raise BenchRefused(f"survey {survey_id} needs a map, a single-choice and a text question")
    return BenchSurvey(survey.pk, questions["map"], questions["single"], questions["text"])


def stored_markers(survey: BenchSurvey, prefix: str) -> list[str]:
    from omrade.participation.surveys.models import Answer

    return list(
        Answer.objects.filter(
            question_id=survey.text_question, response__complete=True, text__startswith=prefix
        ).values_list("text", flat=True)
    )


# --- the load --------------------------------------------------------------------------------


def _payload(survey: BenchSurvey, marker: str, rng: random.Random) -> bytes:
    lon = rng.uniform(10.905, 10.955)
    lat = rng.uniform(59.203, 59.227)
    return json.dumps(
        {
            "language": "nb",
            "answers": [
                {
                    "question": survey.map_question,
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                },
                {"question": survey.choice_question, "choices": [str(rng.randint(1, 3))]},
                {"question": survey.text_question, "text": marker},
            ],
        }
    ).encode()


class _Client(threading.local):
    """One keep-alive connection per thread (as a browser keeps one per site)."""

    connection: http.client.HTTPConnection | None = None
    connect_ms: float = 0.0


def _connect(client: _Client, host: str, port: int, timeout: float) -> None:
    started = time.perf_counter()
    client.connection = http.client.HTTPConnection(host, port, timeout=timeout)
    client.connection.connect()
    client.connect_ms = (time.perf_counter() - started) * 1000.0


@dataclass
class Sent:
    status: int  # 0: no answer from the server
    milliseconds: float  # the whole wait, connect included
    request_ms: float  # the request on an open connection only
    connect_ms: float | None  # when a connection had to be opened


def _send(
    client: _Client, host: str, port: int, path: str, body: bytes, number: int, timeout: float
) -> Sent:
    """POST one answer on this thread's connection, opening one first when needed."""
    headers = {
        "Content-Type": "application/json",
        "X-Forwarded-For": client_address(number // ANSWERS_PER_ADDRESS),
        "User-Agent": USER_AGENT,
        "Cookie": f"omrade_nettleser={secrets.token_urlsafe(32)}",  # a browser of its own
    }
    connect_ms = None
    started = time.perf_counter()
    for attempt in range(2):
        try:
            if client.connection is None:
                _connect(client, host, port, timeout)
                connect_ms = (connect_ms or 0.0) + client.connect_ms
            assert client.connection is not None
            sent = time.perf_counter()
            client.connection.request("POST", path, body=body, headers=headers)
            response = client.connection.getresponse()
            response.read()
            done = time.perf_counter()
            if response.getheader("Connection", "").lower() == "close":
                client.connection.close()
                client.connection = None
            return Sent(
                response.status,
                (done - started) * 1000.0,
                (done - sent) * 1000.0,
                connect_ms,
            )
        except (OSError, http.client.HTTPException):
            if client.connection is not None:
                client.connection.close()
            client.connection = None
            if attempt == 1:
                break
    elapsed = (time.perf_counter() - started) * 1000.0
    return Sent(0, elapsed, elapsed, connect_ms)


def run_survey_load(
    *,
    url: str,
    answers: int = 500,
    concurrency: int = 50,
    survey_id: int | None = None,
    timeout: float = 30.0,
    seed: int = 6,
) -> dict[str, Any]:
    """Send the answers and check them (Django must be set up against the server's
    database); returns the figures."""
    if not is_loopback_url(url):
        raise BenchRefused(f"--url must be on this machine (loopback), not {url}")
    if not 1 <= answers <= 100_000 or not 1 <= concurrency <= 500:
        raise BenchRefused("--answers must be 1–100000 and --concurrency 1–500")
    from django.db import connection as database

    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or 80
    survey = existing_bench_survey(survey_id) if survey_id else create_bench_survey()
    database.close()  # the threads below do not touch the database
    prefix = f"bench-{uuid.uuid4().hex[:10]}-"
    rng = random.Random(seed)  # noqa: S311 - synthetic coordinates, not secrets
    jobs = [
        (f"{prefix}{number:06d}", _payload(survey, f"{prefix}{number:06d}", rng))
        for number in range(answers)
    ]
    path = f"{parts.path.rstrip('/')}/api/surveys/{survey.survey_id}/responses"
    outcomes: list[Outcome] = []
    connects: list[float] = []
    lock = threading.Lock()
    client = _Client()

    start = threading.Barrier(concurrency)

    def warm_up(_number: int) -> None:
        start.wait()  # every thread exists before the first answer: a true burst

    def one(number: int) -> None:
        marker, body = jobs[number]
        sent = _send(client, host, port, path, body, number, timeout)
        with lock:
            outcomes.append(Outcome(marker, sent.status, sent.milliseconds, sent.request_ms))
            if sent.connect_ms is not None:
                connects.append(sent.connect_ms)

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(warm_up, range(concurrency)))
        started = time.perf_counter()
        list(pool.map(one, range(answers)))
        wall = time.perf_counter() - started

    accepted = [outcome.marker for outcome in outcomes if outcome.status == 201]
    statuses = Counter(outcome.status for outcome in outcomes)
    check = check_stored(accepted, stored_markers(survey, prefix))
    latencies = [outcome.milliseconds for outcome in outcomes if outcome.status != 0]
    requests = [outcome.request_ms for outcome in outcomes if outcome.status != 0]
    unclear = sum(
        count
        for status, count in statuses.items()
        if status != 201 and status not in CLEAR_REFUSALS
    )
    return {
        "answers": answers,
        "concurrency": concurrency,
        "accepted": len(accepted),
        "refused": {
            str(status): count
            for status, count in sorted(statuses.items())
            if status in CLEAR_REFUSALS
        },
        "errors": {
            str(status): count
            for status, count in sorted(statuses.items())
            if status != 201 and status not in CLEAR_REFUSALS
        },
        "unclear_refusals": unclear,
        **check,
        "answers_per_second": round(len(accepted) / wall, 1) if wall else 0.0,
        "wall_seconds": round(wall, 2),
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "max_ms": round(max(latencies), 1) if latencies else 0.0,
        "request_p95_ms": round(percentile(requests, 0.95), 1),
        "connections": len(connects),
        "connect_p95_ms": round(percentile(connects, 0.95), 1),
        "connect_max_ms": round(max(connects), 1) if connects else 0.0,
        "survey_id": survey.survey_id,
        "database": database.vendor,
        "url": url,
    }


# --- the command -----------------------------------------------------------------------------


def add_bench_parser(bench_subcommands: Any) -> None:
    """Add `survey-load` to the `omrade bench` group."""
    load = bench_subcommands.add_parser(
        "survey-load", help="many residents answering a survey with a map question at once"
    )
    load.add_argument("--url", required=True, help="the server, on this machine only")
    load.add_argument("--answers", type=int, default=500)
    load.add_argument("--concurrency", type=int, default=50)
    load.add_argument("--survey-id", type=int, help="an existing open survey (default: create one)")
    load.add_argument(
        "--database-url", help="the database the server uses (default: DATABASE_URL / settings)"
    )
    load.set_defaults(handler=bench_survey_load)


def bench_survey_load(args: argparse.Namespace) -> None:
    from omrade.cli import CommandFailed

    arguments = [
        f"--url={args.url}",
        f"--answers={args.answers}",
        f"--concurrency={args.concurrency}",
    ]
    if args.survey_id:
        arguments.append(f"--survey-id={args.survey_id}")
    if not is_loopback_url(args.url):
        raise CommandFailed(f"--url must be on this machine (loopback), not {args.url}")
    if args.database_url and os.environ.get(CHILD_FLAG) != "1":
        # Settings read DATABASE_URL at start-up: run again against the server's database.
        child = subprocess.run(  # noqa: S603 - our own module with our own arguments
            [sys.executable, "-m", "omrade.participation.surveys.benchmark", *arguments],
            env={**os.environ, CHILD_FLAG: "1", "DATABASE_URL": args.database_url},
            check=False,
        )
        if child.returncode:
            raise CommandFailed("the survey load benchmark failed (see above)")
        return
    try:
        figures = run_survey_load(
            url=args.url,
            answers=args.answers,
            concurrency=args.concurrency,
            survey_id=args.survey_id,
        )
    except BenchRefused as refused:
        raise CommandFailed(str(refused)) from None
    print(json.dumps(figures, indent=2))


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m omrade.participation.surveys.benchmark --url ...` (same as the bench command)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omrade.settings")
    import django

    django.setup()
    from omrade.cli import CommandFailed

    parser = argparse.ArgumentParser(prog="omrade bench")
    add_bench_parser(parser.add_subparsers(dest="action", required=True))
    args = parser.parse_args(["survey-load", *(argv if argv is not None else sys.argv[1:])])
    try:
        args.handler(args)
    except CommandFailed as failed:
        print(f"omrade bench survey-load: {failed}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
