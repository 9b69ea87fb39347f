"""Every `perfbot` command, run as a user runs it (a subprocess): no Alembic chatter, one line for a real schema
upgrade, and one clear line (no traceback) when Slack cannot be reached."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from bot.sandbox.fake_slack import FakeSlack
from storage import migrate

ALEMBIC_CHATTER = re.compile(r"alembic|Context impl|Will assume|Running upgrade", re.IGNORECASE)
UPGRADED = "INFO storage.migrate: database schema upgraded from empty to "


def perfbot(*args: str, env: dict[str, str], cwd, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli.main", *args],
        env=env,
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def slack():
    fake = FakeSlack().start()
    fake.add_member("UANN", "Ann")
    yield fake
    fake.stop()


@pytest.fixture
def env(tmp_path, slack) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "PERFBOT_"))}
    return {
        **clean,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'perfbot.db'}",
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_APP_TOKEN": "xapp-test",
        "SLACK_API_URL": slack.url,
    }


def serve_once(env: dict[str, str], cwd) -> str:
    """Start `perfbot serve`, wait until it answers /healthz, stop it; what it printed."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli.main", "serve", "--port", str(port), "--host", "127.0.0.1"],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for _ in range(300):  # bounded wait for the port (not a timing assertion)
            if process.poll() is not None:
                break
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    return output


def test_no_cli_command_prints_alembic_lines_and_a_real_upgrade_logs_one(env, tmp_path):
    first = perfbot("migrate", env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stderr.count(UPGRADED + migrate.head_revision()) == 1
    assert len(first.stderr.strip().splitlines()) == 1, first.stderr

    org_csv, metrics_csv = tmp_path / "org.csv", tmp_path / "metrics.csv"
    org_csv.write_text("person,manager,department,role\nUANN,,People,hr_admin\n")
    metrics_csv.write_text("person,metric,value\nUANN,Nothing,1\n")
    outputs = {}
    for args, stdin in [
        (("migrate",), ""),
        (("org", "sync"), ""),
        (("org", "import", str(org_csv)), ""),
        (("cycle", "new", "--name", "2027 Q1", "--start", "2027-01-01"), ""),
        (("goals", "import-metrics", str(metrics_csv)), ""),
        (("cycle", "close"), ""),
        (("demo-data",), ""),
        (("shell",), "/perf help\n"),
        (("demo-data", "--remove"), ""),
        (("run",), ""),  # Socket Mode: the fake Slack has no WebSocket, so it stops with one line
    ]:
        result = perfbot(*args, env=env, cwd=tmp_path, stdin=stdin)
        outputs[args] = result.stdout + result.stderr
    outputs[("serve",)] = serve_once(env, tmp_path)
    for args, output in outputs.items():
        assert not ALEMBIC_CHATTER.search(output), (args, output)
        assert "schema upgraded" not in output, (args, output)  # nothing left to upgrade
        assert "Traceback" not in output, (args, output)
    assert "Database is at revision" in outputs[("migrate",)]
    assert "Created cycle 2027 Q1" in outputs[("cycle", "new", "--name", "2027 Q1", "--start", "2027-01-01")]


@pytest.mark.parametrize("command", [["serve", "--port", "0"], ["run"], ["org", "sync"]])
def test_slack_unreachable_at_start_is_one_clear_line_and_a_non_zero_exit(env, tmp_path, command):
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/api/"
    result = perfbot(*command, env={**env, "SLACK_API_URL": url}, cwd=tmp_path)
    assert result.returncode == 2
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert lines == [lines[0]] and "Traceback" not in result.stderr
    assert lines[0].startswith(f"perfbot: Slack could not be reached at {url} (")
    assert "SLACK_API_URL" in lines[0]
    assert not (tmp_path / "perfbot.db").exists()  # stopped before touching anything
