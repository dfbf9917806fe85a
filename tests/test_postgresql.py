"""The same code on PostgreSQL. CI runs the whole suite there too (DATABASE_URL);
on a SQLite run this test migrates a scratch PostgreSQL database, loads the demo and asks
/healthz, so a PostgreSQL-only failure shows up in every run where a server is reachable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest
from django.db import connection

SERVER = os.environ.get("OMRADE_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")

pytestmark = pytest.mark.postgresql


def _server_reachable() -> bool:
    import psycopg

    try:
        psycopg.connect(f"{SERVER}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


def _admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(statement)


@pytest.mark.skipif(not _server_reachable(), reason=f"no PostgreSQL server at {SERVER}")
def test_migrate_demo_and_healthz_on_postgresql(db):
    if connection.vendor == "postgresql":
        pytest.skip("this whole run is on PostgreSQL already")
    name = f"omrade_check_{uuid.uuid4().hex[:8]}"
    _admin_sql(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{name}"}
    check = (
        "import django, json; django.setup();"
        "from django.test import Client; client = Client(SERVER_NAME='localhost');"
        "print(json.dumps(client.get('/healthz').json()))"
    )
    try:
        for command in (["manage", "migrate", "-v0"], ["demo"]):
            subprocess.run(
                [sys.executable, "-m", "omrade.cli", *command], env=env, check=True, timeout=300
            )
        output = subprocess.run(
            [sys.executable, "-c", check],
            env={**env, "DJANGO_SETTINGS_MODULE": "omrade.settings"},
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
    finally:
        _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert json.loads(output.strip().splitlines()[-1]) == {
        "status": "ok",
        "database": "postgresql",
    }
