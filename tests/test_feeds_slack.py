"""Slack-level, the whole story: HR creates an API token in Slack, a `curl` call feeds Ken's agreed KPI, and Ken
and Maria see it in Slack: the goal list, the history, the check-in modal and Maria's digest."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from sqlmodel import select

from bot.sandbox.workspace import text_of
from bot.web import wsgi_app
from storage.feeds import ApiToken
from storage.goals import Goal, GoalStatus, Metric

TUESDAY = datetime(2027, 1, 5, 10, 0, tzinfo=UTC)
FRIDAY_1600 = datetime(2027, 1, 8, 16, 0, tzinfo=UTC)
MONDAY_1700 = datetime(2027, 1, 11, 17, 0, tzinfo=UTC)
CURL = shutil.which("curl")


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass


@contextmanager
def serving(ws) -> Iterator[str]:
    """`perfbot serve`'s WSGI app for this workspace on a local port."""
    server = make_server("127.0.0.1", 0, wsgi_app(ws.perfbot), handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def run_curl(line: str, base: str) -> dict:
    args = shlex.split(line.replace("http://127.0.0.1:3000", base))
    done = subprocess.run(args, capture_output=True, text=True, timeout=30, check=True)
    return json.loads(done.stdout)


def agreed_kpi(ws, hr, maria, ken) -> Goal:
    hr.runs("/perf cycle new")
    hr.submits({"name": "2027 Q1", "starts_on": "2027-01-01", "weights": "40/30/20/10"})
    hr.submits()
    ken.runs("/goal")
    ken.submits(
        {
            "goal_type": "kpi",
            "weight": "100",
            "title": "Cut p95 latency",
            "perspective": "internal",
            "start": "400",
            "target": "200",
            "unit": "ms",
            "direction": "lower",
        }
    )
    ken.clicks("Propose")
    maria.clicks("Approve")
    with ws.db.session() as session:
        goal = session.exec(select(Goal)).one()
    assert goal.status == GoalStatus.AGREED
    return goal


@pytest.mark.skipif(CURL is None, reason="needs the curl command")
def test_a_curl_call_moves_a_kpi_that_owner_and_manager_then_see_in_slack(ws, hr, maria, ken):
    goal = agreed_kpi(ws, hr, maria, ken)
    key = f"G-{goal.id}"
    ken.runs("/goal list")
    assert key in text_of(ken.last_reply().blocks)  # HR and owners see the key

    ws.clock.set(TUESDAY)
    hr.runs('/perf api-token new "Jira sync"')
    shown = text_of(hr.last_reply().blocks)
    secret = re.search(r"pfb_[A-Za-z0-9_-]+", shown).group(0)
    curl = re.search(r"```(curl [^`]+)```", shown).group(1)
    assert key in curl and "perfbot serve --api-only" in shown
    with ws.db.session() as session:
        assert secret not in str([t.model_dump() for t in session.exec(select(ApiToken))])

    with serving(ws) as base:
        answer = run_curl(curl, base)  # the line exactly as Slack showed it
        assert (answer["recorded"], answer["results"][0]["goal"]) == (1, key)
        ws.clock.set(TUESDAY.replace(hour=11))
        point = {"goal": key, "value": 190, "measured_at": "2027-01-05T10:45:00Z", "source_id": "jira-42"}
        answer = run_curl(
            f"curl -sS -X POST http://127.0.0.1:3000/api/v1/metrics -H 'Authorization: Bearer {secret}' "
            f"-H 'Content-Type: application/json' -d {shlex.quote(json.dumps(point))}",
            base,
        )
        assert answer["results"] == [{"index": 0, "status": "recorded", "goal": key}]

        with ws.db.session() as session:
            assert session.exec(select(Metric)).one().current_value == 190  # the latest measurement wins
        ken.runs("/goal list")
        assert "190" in text_of(ken.last_reply().blocks)
        ken.clicks("History")
        assert "live value from API token “Jira sync”: 190 ms" in text_of(ken.last_reply().blocks)

        hr.runs("/perf api-token list")
        listed = text_of(hr.last_reply().blocks)
        assert "Jira sync" in listed and "last used 2027-01-05 11:00 UTC" in listed
        token_id = re.search(r"\*(\d+)\* · Jira sync", listed).group(1)
        hr.runs(f"/perf api-token revoke {token_id}")
        assert "is revoked" in hr.last_reply().text
        hr.runs("/perf api-token list")
        assert "~revoked 2027-01-05 11:00 UTC~" in text_of(hr.last_reply().blocks)
        refused = subprocess.run(
            [CURL, "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", f"Authorization: Bearer {secret}"]
            + [f"{base}/api/v1/goals"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert refused.stdout == "401"

    hr.runs("/perf checkin-schedule on")
    ws.clock.set(FRIDAY_1600)
    ws.tick()
    ken.clicks("Check in")
    progress = next(b for b in ken.modal()["blocks"] if b.get("block_id") == f"goal:{goal.id}")
    assert progress["element"]["initial_value"] == "100"  # the owner's check-in starts from the live value
    kpi = next(b for b in ken.modal()["blocks"] if b.get("block_id") == f"kpi:{goal.id}")
    assert kpi["hint"]["text"] == "Now 190 ms"
    ken.submits({"went_well": "Cache in front of search", "mood": "4"})

    ws.clock.set(MONDAY_1700)
    ws.tick()
    assert maria.received_dm(containing="Cut p95 latency reached its target: 190 ms (target 200)")


def test_only_hr_manages_api_tokens_and_bad_input_is_explained(ws, hr, maria, ken):
    assert "HR" in ken.runs('/perf api-token new "Mine"').text
    assert "HR" in maria.runs("/perf api-token list").text
    assert "Try `/perf api-token new" in hr.runs("/perf api-token").text
    assert "Try `/perf api-token new" in hr.runs('/perf api-token new "unterminated').text
    assert "1 to 100 characters" in hr.runs(f'/perf api-token new "{"x" * 101}"').text
    assert "no API token 77" in hr.runs("/perf api-token revoke 77").text
    assert "No API tokens yet" in str(hr.runs("/perf api-token list").text) + str(hr.last_reply().blocks)
    reply = hr.runs("/perf api-token new CI Engineering")
    assert "the goals of Engineering" in str(hr.last_reply().blocks) and reply
    with ws.db.session() as session:
        [token] = session.exec(select(ApiToken)).all()
    assert (token.name, token.department) == ("CI", "Engineering")
    assert "api-token" in hr.runs("/perf help").text + str(hr.last_reply().blocks)
    assert "api-token" not in ken.runs("/perf help").text + str(ken.last_reply().blocks)
