"""Slack-level over real HTTP: `perfbot serve` answers signed requests, rejects others, reports health."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from bot.sandbox.fake_slack import TEAM_ID, FakeSlack
from bot.sandbox.signed import SIGNING_SECRET, command_body, signed_headers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    slack = FakeSlack().start()
    slack.add_member("UKEN", "Ken")
    yield slack
    slack.stop()


@pytest.fixture
def server(served_process) -> str:
    return served_process[0]


@pytest.fixture
def served_process(tmp_path, fake_slack) -> Iterator[tuple[str, subprocess.Popen]]:
    port = free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli.main", "serve", "--port", str(port), "--host", "127.0.0.1"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):  # wait for the process to listen (bounded; not a timing assertion)
        if process.poll() is not None:
            pytest.fail(process.stderr.read().decode())
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base, process
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=10)


def post(url: str, body: str, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def help_command() -> str:
    return command_body(
        command="/perf",
        text="help",
        user_id="UKEN",
        team_id=TEAM_ID,
        trigger_id="1.2.t",
        response_url="http://127.0.0.1:9/none",
    )


def test_healthz_reports_the_database_the_clock_and_the_outbox(server):
    with urllib.request.urlopen(server + "/healthz") as response:
        report = json.loads(response.read())
    assert report["ok"] is True and report["database"] == "reachable"
    assert report["clock_holder"] is True  # the only replica: it took the clock at start
    assert report["outbox"] == {"backlog": 0, "oldest_pending_age_seconds": 0.0}


def test_metrics_are_in_prometheus_format(server):
    with urllib.request.urlopen(server + "/metrics") as response:
        assert response.headers["Content-Type"].startswith("text/plain")
        text = response.read().decode()
    assert "perfbot_clock_holder 1.0" in text and "perfbot_outbox_backlog 0.0" in text
    assert "# TYPE perfbot_deliveries_sent_total counter" in text


def test_signed_help_is_answered(server):
    body = help_command()
    status, answer = post(server + "/slack/events", body, signed_headers(body))
    assert status == 200
    reply = json.loads(answer)
    assert reply["response_type"] == "ephemeral" and "/perf help" in json.dumps(reply)


@pytest.mark.parametrize(
    "headers",
    [
        {"content-type": "application/x-www-form-urlencoded"},
        "wrong-secret",
        "stale",
    ],
    ids=["unsigned", "wrongly-signed", "stale"],
)
def test_unverified_requests_get_401_and_change_nothing(server, fake_slack, headers):
    body = help_command()
    if headers == "wrong-secret":
        headers = signed_headers(body, secret="not-the-secret")
    elif headers == "stale":
        headers = signed_headers(body, timestamp=int(time.time()) - 6 * 60)
    calls_before = len(fake_slack.calls)
    status, _ = post(server + "/slack/events", body, headers)
    assert status == 401
    assert [c.method for c in fake_slack.calls[calls_before:]] == []  # not even a users.info lookup


def test_malformed_oversized_and_unsigned_bodies_never_reach_the_log(served_process, fake_slack):
    base, process = served_process
    secret = "SECRET-FEEDBACK-TEXT"
    form = command_body(
        command="/feedback",
        text=f"<@UKEN> {secret}",
        user_id="UKEN",
        team_id=TEAM_ID,
        trigger_id="1.2.t",
        response_url="http://127.0.0.1:9/none",
    )
    interaction = "payload=" + json.dumps({"type": "block_actions", "user": {"id": "UKEN"}, "note": secret})
    signature = signed_headers(form)["x-slack-signature"]
    cases = [
        (form, {"content-type": "application/x-www-form-urlencoded"}, 401),
        (form, {"x-slack-request-timestamp": "soon", "x-slack-signature": signature}, 401),
        (interaction, {"content-type": "application/x-www-form-urlencoded"}, 401),
        ("payload={" + secret, signed_headers("payload={" + secret), 400),
        (form, signed_headers(form, content_type="application/json"), 400),
        (secret + "x" * (5 * 1024 * 1024), {"content-type": "application/x-www-form-urlencoded"}, 413),
    ]
    for body, headers, expected in cases:
        try:
            status, _ = post(base + "/slack/events", body, headers)
        except (ConnectionError, urllib.error.URLError):  # the server may close on a body it refused early
            status = 413
        assert status == expected
    startup = ("auth.test", "api.test")  # `perfbot serve`'s own start-up checks, made before any request
    assert [c.method for c in fake_slack.calls if c.method not in startup] == []
    process.terminate()
    log = process.communicate(timeout=10)[1].decode()
    assert secret not in log and "Traceback" not in log and len(log) < 20_000
