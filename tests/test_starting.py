"""`perfbot serve` answers health while the features load: other requests wait for the whole app and get its
real answer, the clock's first tick waits for the planners, and a refused token stops the start before any of it."""

import io
import os
import subprocess
import sys
import threading

from bot.launch import StartingGate, StartingPlanners
from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.signed import SIGNING_SECRET


def app_answering(text: bytes):
    def application(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [text]

    return application


def call(app, path: str, method: str = "GET") -> tuple[str, bytes]:
    answer: dict[str, str] = {}

    def start_response(status, headers):
        answer["status"] = status

    environ = {"PATH_INFO": path, "REQUEST_METHOD": method, "wsgi.input": io.BytesIO(b""), "CONTENT_LENGTH": "0"}
    body = b"".join(app(environ, start_response))
    return answer["status"], body


def test_health_is_answered_before_the_app_is_built_and_other_requests_wait_for_it():
    gate = StartingGate(app_answering(b"health"), ["/healthz"])
    assert call(gate, "/healthz") == ("200 OK", b"health")
    waiting: list[tuple[str, bytes]] = []
    request = threading.Thread(target=lambda: waiting.append(call(gate, "/slack/events", "POST")))
    request.start()
    gate.open(app_answering(b"the app"))
    request.join(timeout=30)
    assert waiting == [("200 OK", b"the app")]
    assert call(gate, "/healthz") == ("200 OK", b"the app")  # once open, the app answers everything


def test_a_request_the_app_is_not_ready_for_in_time_is_told_to_retry_not_failed():
    gate = StartingGate(app_answering(b"health"), ["/healthz"], wait_seconds=0)
    status, body = call(gate, "/slack/events", "POST")
    assert status == "503 Service Unavailable" and b"starting" in body


def test_a_tick_waits_for_the_planners_and_one_abandoned_plans_nothing():
    planners = StartingPlanners()
    seen: list[list] = []
    tick = threading.Thread(target=lambda: seen.append(list(planners)))
    tick.start()
    planners.become([print])
    tick.join(timeout=30)
    assert seen == [[print]]
    abandoned = StartingPlanners()
    abandoned.abandon()
    assert list(abandoned) == []


def test_a_refused_token_stops_serve_with_one_line_before_anything_is_served_or_sent(tmp_path):
    slack = FakeSlack().start()
    slack.fail_next("auth.test", "invalid_auth")
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-wrong",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
    }
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bot.cli.main", "serve", "--port", "0", "--host", "127.0.0.1"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        slack.stop()
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert "Slack refused the request" in last and "invalid_auth" in last
    assert "runs the clock" not in result.stderr and "Serving on" not in result.stdout
    assert [call.method for call in slack.calls if call.method not in ("api.test", "auth.test")] == []
