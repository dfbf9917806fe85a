"""The production web server behind `omrade serve`: gunicorn, run from Python.

Worker processes (`--workers`, default OMRADE_WEB_WORKERS, else 1 on SQLite and 2 on
PostgreSQL: see `shell.commands.default_workers`) each serve requests on a
pool of threads (`--threads`, default 8 or OMRADE_WEB_THREADS; gunicorn's `gthread` worker),
with a large listen backlog (so a burst of new connections waits in the kernel's queue
instead of being dropped) and HTTP keep-alive. Static files are served by WhiteNoise from
STATIC_ROOT (`omrade manage collectstatic`). The access log is off unless `--access-log`.

The application is loaded once in the arbiter before the workers are forked (preloading),
with every view and API route imported (`warm_up`): measured on this 2-core machine, the
server answers after ~3.2 s instead of 4.3–7.8 s when each worker imports it all itself, and
the first requests on a fresh worker no longer wait for those imports. Loading touches no
database, and the arbiter closes every database connection before each fork anyway, so no
connection — an SQLite handle above all — is ever shared between processes: each worker
thread opens its own (and keeps it: CONN_MAX_AGE).

Several processes may write to one SQLite file: every transaction begins IMMEDIATE and waits
for SQLite's write lock (busy timeout); survey answers and rate-limit counts are repeated if
the lock is still held after it (participation.core.abuse.sqlite_write).

Workers and threads: with 50 clients keeping connections open, the kernel hands most new
connections on the shared socket to one worker (e.g. 44 against 6), so with several workers
the clients of the busy one wait longer. On this shared 2-core machine one worker with 8
threads gave the shortest tail (p95 189–289 ms on SQLite, 258–316 ms on PostgreSQL) and two
workers more throughput at times but a longer tail; one is the default on SQLite (it takes
one writer at a time anyway), two on PostgreSQL for isolation and machines with more cores.
SO_REUSEPORT (one socket per worker) balanced the connections but did not shorten the tail,
and would let a second server silently share the port, so it is not used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication

MAX_WORKERS = 64
MAX_THREADS = 256
LISTEN_BACKLOG = 4096  # the kernel caps it at net.core.somaxconn
KEEPALIVE_SECONDS = 5


@dataclass(frozen=True)
class ServeOptions:
    host: str
    port: int
    workers: int
    threads: int
    access_log: bool = False

    @property
    def bind(self) -> str:
        host = f"[{self.host}]" if ":" in self.host and not self.host.startswith("[") else self.host
        return f"{host}:{self.port}"

    def gunicorn_settings(self) -> dict[str, Any]:
        return {
            "bind": [self.bind],
            "workers": self.workers,
            "worker_class": "gthread",
            "threads": self.threads,
            "backlog": LISTEN_BACKLOG,
            "keepalive": KEEPALIVE_SECONDS,
            "preload_app": True,
            "accesslog": "-" if self.access_log else None,
            "errorlog": "-",
            "loglevel": "info",
            "proc_name": "omrade",
            "control_socket_disable": True,  # no ~/.gunicorn/gunicorn.ctl per server
            "pre_fork": _close_database_connections,
        }


def _close_database_connections(_server: Any, _worker: Any) -> None:
    """Before a worker is forked: no database connection may be inherited by it."""
    from django.db import connections

    connections.close_all()


class OmradeServer(BaseApplication):
    """gunicorn's custom application: our settings, Django's WSGI handler as the app."""

    def __init__(self, options: ServeOptions, load_app: Callable[[], Any] | None = None) -> None:
        self.options = options
        self.load_app = load_app
        super().__init__(prog="omrade serve")

    def load_config(self) -> None:
        assert self.cfg is not None
        for key, value in self.options.gunicorn_settings().items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        if self.load_app is not None:
            return self.load_app()
        from django.core.wsgi import get_wsgi_application

        application = get_wsgi_application()
        warm_up()
        return application


def warm_up() -> None:
    """Import every view and API route now (Django does it on the first request), so the
    first residents to arrive at a new worker do not wait seconds for it."""
    from django.urls import get_resolver

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - imports the URLconf, its views and API routers
    resolver.resolve("/healthz")


def run_server(options: ServeOptions) -> None:
    """Run the server until it is stopped (SIGINT/SIGTERM: finish the requests in hand)."""
    from django.db import connections

    connections.close_all()
    OmradeServer(options).run()
