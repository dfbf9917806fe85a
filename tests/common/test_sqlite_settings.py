"""SQLite is configured the same way whether it is the default or named by DATABASE_URL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Runs in a fresh interpreter so the settings are read with the environment given.
PROBE = """
import json, threading, time
import django
from django.conf import settings
django.setup()
from django.db import connection, connections, transaction

with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    journal = cursor.fetchone()[0]
    cursor.execute("PRAGMA busy_timeout")
    timeout = cursor.fetchone()[0]
    cursor.execute("CREATE TABLE IF NOT EXISTS probe (id INTEGER PRIMARY KEY, n INTEGER)")
errors = []

def write(n):
    try:
        # Read, then write in one transaction: a deferred transaction cannot upgrade its
        # read lock while another writer holds the lock and fails at once ("database is
        # locked"); an immediate one waits its turn.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM probe")
                time.sleep(0.05)
                cursor.execute("INSERT INTO probe (n) VALUES (%s)", [n])
    except Exception as error:
        errors.append(str(error))
    finally:
        connections.close_all()

threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM probe")
    rows = cursor.fetchone()[0]
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "journal": journal,
    "busy_timeout": timeout,
    "transaction_mode": settings.DATABASES["default"]["OPTIONS"].get("transaction_mode"),
    "rows": rows,
    "errors": errors,
}))
"""


def _probe(tmp_path: Path, **environment: str) -> dict[str, object]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="omrade.settings", OMRADE_VAR_DIR=str(tmp_path))
    env.update(environment)
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("named_by_url", [False, True], ids=["default", "DATABASE_URL"])
def test_sqlite_is_tuned_however_it_is_named(tmp_path: Path, named_by_url: bool) -> None:
    url = f"sqlite:///{tmp_path / 'named.sqlite3'}"
    environment = {"DATABASE_URL": url} if named_by_url else {}
    found = _probe(tmp_path, **environment)
    assert found == {
        "engine": "django.db.backends.sqlite3",
        "journal": "wal",
        "busy_timeout": 5000,
        "transaction_mode": "IMMEDIATE",
        "rows": 6,
        "errors": [],
    }
    expected_file = tmp_path / ("named.sqlite3" if named_by_url else "omrade.sqlite3")
    assert expected_file.exists()
