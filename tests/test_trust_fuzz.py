"""A bounded, seeded fuzz of the served app: signed and unsigned requests with random headers, bodies, payloads
and command texts. Whatever arrives, the answer is never a 5xx and always comes within Slack's 3 seconds."""

from __future__ import annotations

import json
import logging
import random
import string
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.config import MAX_BODY_BYTES
from bot.sandbox.fake_slack import TEAM_ID
from bot.sandbox.signed import signed_headers
from storage.org import Role
from tests.served import http_ws  # noqa: F401 - a fixture

SEED, REQUESTS = 20270104, 160
SLACK_DEADLINE = 3.0
COMMANDS = ["/perf", "/goal", "/feedback", "/kudos", "/1on1", "/plan", "/checkin", "/unknown"]
WORDS = [
    "help",
    "list",
    "show",
    "given",
    "request",
    "new",
    "team",
    "company",
    "update",
    "point",
    "note",
    "action",
    "held",
    "history",
    "every",
    "improvement",
    "development",
    "weekly",
    "monthly",
    "close",
    "met",
    "skip",
    "away",
    "deliveries",
    "admin",
    "set-role",
    "kudos-channel",
    "checkin-schedule",
    "cycle",
    "payload",
    "shared",
    "private",
    "praise",
    "coaching",
    "2027-02-30",
    "2027-01-07..2027-01-12",
    "-1",
    "99999999999999999999",
    "<@UKEN>",
    "<@UMARIA|maria>",
    "<@U404>",
    "<#C0KUDOS|kudos>",
    "@channel",
    "<!here>",
    "表扬",
    "私下",
    "\x00",
    "%",
    "&",
    "=",
    "{",
    "}",
    "\n",
]
ACTIONS = [
    "checkin_open",
    "checkin_reply",
    "feedback_delete",
    "feedback_edit",
    "feedback_visibility",
    "feedback_subject",
    "feedback_answer_open",
    "oneonone_action_done",
    "plan_tick:1",
    "plan_tick:x",
    "goals.open_create",
    "goals.open_review",
    "goals.open_update",
    "goals.propose",
    "goals.edit",
    "goals.approve",
    "goals.request_changes",
    "goals.acknowledge",
    "goals.update",
    "goals.history",
    "goals.mark_done",
    "goals.withdraw",
    "unknown_action",
]
CALLBACKS = [
    "checkin_modal",
    "checkin_reply_modal",
    "feedback_answer_modal",
    "feedback_edit_modal",
    "feedback_modal",
    "goals.modal",
    "goals.update_modal",
    "goals.comment_modal",
    "cycle.new.basics",
    "cycle.new.timetable",
    "log_as_feedback",
    "unknown_callback",
]
TYPES = ["block_actions", "view_submission", "view_closed", "shortcut", "message_action", "block_suggestion", "x"]


class Fuzzer:
    def __init__(self, seed: int, users: list[str]) -> None:
        self.random, self.users = random.Random(seed), users

    def text(self, most: int = 12) -> str:
        pick = self.random.random()
        if pick < 0.1:
            return "".join(self.random.choice(string.printable) for _ in range(self.random.randint(0, 300)))
        if pick < 0.15:
            return "x" * self.random.choice([3001, 10_000, 40_000])
        return " ".join(self.random.choice(WORDS) for _ in range(self.random.randint(0, most)))

    def junk(self) -> Any:
        return self.random.choice([None, "", 0, -1, 1e308, "1", "abc", [], {}, [1, 2], {"a": None}, self.text(3)])

    def maybe(self, value: Any) -> Any:
        return value if self.random.random() < 0.8 else self.junk()

    def user(self) -> str:
        return self.random.choice(self.users + ["U404", ""])

    def command(self) -> str:
        fields = {
            "team_id": self.maybe(TEAM_ID),
            "channel_id": self.maybe("C0GENERAL"),
            "user_id": self.user(),
            "command": self.random.choice(COMMANDS),
            "text": self.text(),
            "trigger_id": self.maybe(f"{self.random.randint(1, 10**9)}.1.fuzz"),
            "response_url": "http://127.0.0.1:9/none",
            "api_app_id": "A0PERF",
        }
        return urlencode({k: v for k, v in fields.items() if self.random.random() < 0.95 and v is not None})

    def interaction(self) -> dict[str, Any]:
        kind = self.random.choice(TYPES)
        payload: dict[str, Any] = {
            "type": kind,
            "team": self.maybe({"id": TEAM_ID}),
            "user": self.maybe({"id": self.user(), "team_id": TEAM_ID}),
            "trigger_id": self.maybe(f"{self.random.randint(1, 10**9)}.2.fuzz"),
            "api_app_id": "A0PERF",
            "callback_id": self.random.choice(CALLBACKS),
        }
        if kind == "block_actions":
            payload["actions"] = [
                {
                    "action_id": self.random.choice(ACTIONS),
                    "block_id": self.maybe("b"),
                    "type": self.maybe("button"),
                    "value": self.maybe(self.text(3)),
                    "selected_user": self.maybe(self.user()),
                    "action_ts": "1.1",
                }
            ]
            payload["channel"] = self.maybe({"id": "C0GENERAL"})
            payload["container"] = self.maybe({"type": "message", "message_ts": "1.1", "channel_id": "C0GENERAL"})
            payload["message"] = self.maybe({"ts": "1.1", "text": self.text(), "blocks": []})
            payload["response_url"] = "http://127.0.0.1:9/none"
        if kind in ("view_submission", "view_closed") or self.random.random() < 0.2:
            payload["view"] = self.maybe(
                {
                    "id": f"V{self.random.randint(1, 99)}",
                    "hash": "h",
                    "callback_id": self.random.choice(CALLBACKS),
                    "private_metadata": self.maybe(self.random.choice(["", "1", "2027-W01", "{}", self.text(2)])),
                    "state": self.maybe({"values": self.maybe({"text": {"text": {"value": self.text()}}})}),
                    "blocks": self.maybe([]),
                }
            )
        if kind in ("shortcut", "message_action"):
            payload["channel"] = self.maybe({"id": "C0GENERAL"})
            payload["message"] = self.maybe({"ts": "1.1", "text": self.text(), "user": self.user()})
        return payload

    def event(self) -> dict[str, Any]:
        return {
            "type": self.random.choice(["event_callback", "url_verification", "app_rate_limited", "x"]),
            "team_id": self.maybe(TEAM_ID),
            "event_id": self.maybe(f"Ev{self.random.randint(1, 10**6)}"),
            "challenge": self.maybe("c"),
            "event": self.maybe(
                {
                    "type": self.random.choice(["app_home_opened", "team_join", "user_change", "message", "x"]),
                    "user": self.maybe(self.random.choice([self.user(), {"id": self.user()}])),
                    "tab": "home",
                    "text": self.text(),
                }
            ),
            "authorizations": [{"team_id": TEAM_ID, "user_id": "U0BOT", "is_bot": True}],
        }

    def request(self) -> tuple[bytes, dict[str, str]]:
        shape = self.random.random()
        if shape < 0.35:
            body, content_type = self.command().encode(), "application/x-www-form-urlencoded"
        elif shape < 0.75:
            payload = self.interaction()
            raw = json.dumps(payload) if self.random.random() < 0.9 else json.dumps(payload)[:-3]
            body, content_type = urlencode({"payload": raw}).encode(), "application/x-www-form-urlencoded"
        elif shape < 0.9:
            body, content_type = json.dumps(self.event()).encode(), "application/json"
        else:
            body = bytes(self.random.randrange(256) for _ in range(self.random.randint(0, 2000)))
            content_type = "application/octet-stream"
        if self.random.random() < 0.1:
            content_type = self.random.choice(["application/json", "text/plain", "", "multipart/form-data; x"])
        if self.random.random() < 0.02:
            body += b"x" * MAX_BODY_BYTES
        return body, self.headers(body, content_type)

    def headers(self, body: bytes, content_type: str) -> dict[str, str]:
        headers: dict[str, str] = {"content-type": content_type} if content_type else {}
        roll = self.random.random()
        try:
            text = body.decode()
        except UnicodeDecodeError:
            text = None
        if roll < 0.55 and text is not None:
            headers.update({k: v for k, v in signed_headers(text).items() if k != "content-type"})
        elif roll < 0.8:
            headers["x-slack-request-timestamp"] = self.random.choice(["", "abc", "-1", "1", "1e9", "99999999999"])
            headers["x-slack-signature"] = self.random.choice(["", "v0=", "v1=00", "v0=" + "a" * 64, "=="])
        if self.random.random() < 0.2:
            headers["x-slack-retry-num"] = self.random.choice(["1", "x", ""])
            headers["x-slack-retry-reason"] = self.random.choice(["http_timeout", ""])
        if self.random.random() < 0.1:
            headers["x-junk-" + str(self.random.randint(1, 9))] = (
                self.text(2).encode("ascii", "replace").decode().replace("\n", " ")[:200]
            )
        return headers


@pytest.fixture
def ws(http_ws):  # noqa: F811
    return http_ws


def test_random_requests_never_get_a_5xx_and_are_answered_in_time(ws, caplog):
    caplog.set_level(logging.INFO)
    hr = ws.person("Hana", role=Role.HR_ADMIN)
    maria = ws.person("Maria", role=Role.MANAGER, user_id="UMARIA")
    ken = ws.person("Ken", manager=maria, user_id="UKEN")
    fuzz = Fuzzer(SEED, [hr.id, maria.id, ken.id])
    for number in range(REQUESTS):
        body, headers = fuzz.request()
        answer = ws.post(body, headers)
        assert 200 <= answer.status < 500, (number, answer.status, body[:300], headers)
        assert answer.seconds < SLACK_DEADLINE, (number, answer.seconds, body[:300])
    assert not [r for r in caplog.records if r.name.startswith("waitress")]  # nothing escaped the app
