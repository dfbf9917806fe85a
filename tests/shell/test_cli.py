import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from omrade.cli import build_parser, main
from omrade.shell.commands import serve_options
from omrade.shell.my_work import my_work
from omrade.shell.server import ServeOptions
from omrade.tenancy.models import Municipality, MunicipalUnit, RoleAssignment
from omrade.tenancy.services import token_authenticate
from tests.conftest import needs_shared_data

pytestmark = pytest.mark.django_db(transaction=True)


def test_tenant_add_and_user_add_and_token(capsys):
    assert main(["tenant", "add", "--code", "1103", "--name", "Stavanger", "--country", "NO"]) == 0
    assert Municipality.objects.get(code="1103").name == "Stavanger"
    assert main(["user", "add", "kari", "--municipality", "1103", "--role", "analyst"]) == 0
    assignment = RoleAssignment.objects.get(user__username="kari")
    assert (assignment.municipality.code, assignment.role) == ("1103", "analyst")
    capsys.readouterr()
    assert main(["token", "create", "kari"]) == 0
    key = capsys.readouterr().out.strip()
    assert token_authenticate(key=key).username == "kari"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["tenant", "add", "--code", "11", "--name", "X", "--country", "NO"], "code"),
        (["user", "add", "kari", "--municipality", "0000", "--role", "viewer"], "0000"),
        (["user", "add", "kari", "--role", "viewer"], "--municipality is required"),
        (["token", "create", "nobody"], "nobody"),
    ],
)
def test_bad_input_exits_2_with_message_and_writes_nothing(capsys, argv, message):
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert not Municipality.objects.exists()
    assert not get_user_model().objects.exists()


def test_unknown_choice_is_an_argparse_error_with_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["user", "add", "kari", "--municipality", "3107", "--role", "emperor"])
    assert exit_info.value.code == 2
    assert "emperor" in capsys.readouterr().err


@needs_shared_data
def test_demo_loads_three_seed_tenants_and_refuses_to_load_twice(capsys):
    assert main(["demo"]) == 0
    assert sorted(Municipality.objects.values_list("code", "name", "country")) == [
        ("0219", "Bærum", "NO"),
        ("0301", "Oslo", "NO"),
        ("3107", "Fredrikstad", "NO"),
        ("4601", "Bergen", "NO"),
        ("607", "Fredericia", "DK"),
    ]
    fredrikstad = Municipality.objects.get(code="3107")
    assert MunicipalUnit.objects.filter(municipality=fredrikstad, name="NAV Fredrikstad").exists()
    output = capsys.readouterr().out
    assert "fredrikstad-manager" in output
    assert "omrade-demo" in output
    # "Mitt arbeid": something waits for every demo role in each seed municipality.
    waiting = {}
    for assignment in RoleAssignment.objects.filter(
        municipality__code__in=["3107", "4601", "607"]
    ).select_related("user", "municipality"):
        groups = my_work(assignment.user, assignment.municipality)
        waiting[assignment.user.username] = sum(group.count for group in groups)
    assert waiting.pop("network-analyst") == 0  # the empty state, and the municipality choice
    assert len(waiting) == 24
    assert [username for username, count in waiting.items() if count == 0] == []
    assert main(["demo"]) == 2
    assert main(["demo", "--if-empty"]) == 0
    assert main(["demo", "--reset"]) == 0
    assert Municipality.objects.count() == 5


@pytest.mark.parametrize(
    ("argv", "environment", "message"),
    [
        (["serve", "--port", "0"], {}, "--port must be between 1 and 65535, not 0"),
        (["serve", "--port", "70000"], {}, "--port must be between 1 and 65535, not 70000"),
        (["serve", "--workers", "0"], {}, "--workers must be between 1 and 64, not 0"),
        (["serve", "--threads", "0"], {}, "--threads must be between 1 and 256, not 0"),
        (["serve", "--host", " "], {}, "--host must not be empty"),
        (["serve"], {"PORT": "http"}, "PORT must be a whole number, not 'http'"),
        (["serve"], {"OMRADE_WEB_WORKERS": "-1"}, "OMRADE_WEB_WORKERS must be between 1 and 64"),
        (["serve"], {"OMRADE_WEB_THREADS": "many"}, "OMRADE_WEB_THREADS must be a whole number"),
    ],
)
def test_serve_refuses_bad_settings_with_exit_2_and_a_message(
    capsys, monkeypatch, argv, environment, message
):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert main(argv) == 2
    assert f"omrade serve: {message}" in capsys.readouterr().err


def test_serve_not_a_number_is_an_argparse_error_with_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--workers", "two"])
    assert exit_info.value.code == 2
    assert "--workers" in capsys.readouterr().err


def test_serve_options_come_from_arguments_then_environment_then_defaults(monkeypatch):
    parser = build_parser()
    for name in ("PORT", "OMRADE_WEB_WORKERS", "OMRADE_WEB_THREADS"):
        monkeypatch.delenv(name, raising=False)
    assert serve_options(parser.parse_args(["serve"])) == ServeOptions(
        host="127.0.0.1",
        port=8000,
        workers=1 if connection.vendor == "sqlite" else 2,  # one SQLite writer at a time
        threads=8,
        access_log=False,
    )
    monkeypatch.setenv("PORT", "8123")
    monkeypatch.setenv("OMRADE_WEB_WORKERS", "3")
    monkeypatch.setenv("OMRADE_WEB_THREADS", "4")
    assert serve_options(parser.parse_args(["serve"])) == ServeOptions(
        host="127.0.0.1", port=8123, workers=3, threads=4
    )
    options = serve_options(
        parser.parse_args(
            ["serve", "--host", "::1", "--port", "9000", "--workers", "1", "--threads", "2"]
        )
    )
    assert (options.bind, options.workers, options.threads) == ("[::1]:9000", 1, 2)
    settings = serve_options(parser.parse_args(["serve", "--access-log"])).gunicorn_settings()
    assert (settings["worker_class"], settings["accesslog"], settings["backlog"]) == (
        "gthread",
        "-",
        4096,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_serve_answers_health_checks_and_static_files_from_several_workers(tmp_path):
    """The real server on a scratch SQLite database: /healthz from both workers at once and a
    static file through WhiteNoise; SIGTERM stops it cleanly."""
    (tmp_path / "static" / "omrade").mkdir(parents=True)
    (tmp_path / "static" / "omrade" / "probe.css").write_text("body { color: #123456; }\n")
    port = _free_port()
    environment = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "PORT"}
    }
    environment.update(
        {"OMRADE_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "omrade.settings"}
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "omrade.cli",
            "serve",
            f"--port={port}",
            "--workers=2",
            "--threads=2",
        ],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, "the server stopped"
            assert time.monotonic() < deadline, "the server did not answer within a minute"
            time.sleep(0.2)
        with ThreadPoolExecutor(max_workers=12) as pool:
            answers = list(pool.map(lambda _n: _get(f"{base}/healthz"), range(24)))
        assert answers == [(200, b'{"status": "ok", "database": "sqlite"}')] * 24
        assert _get(f"{base}/static/omrade/probe.css") == (200, b"body { color: #123456; }\n")
        assert _get(f"{base}/static/omrade/missing.css")[0] == 404
    finally:
        server.send_signal(signal.SIGTERM)
        output, _errors = server.communicate(timeout=30)
    log = output.decode()
    assert server.returncode == 0, log
    assert "Using worker: gthread" in log
    assert log.count("Booting worker") == 2
    assert "Traceback" not in log
