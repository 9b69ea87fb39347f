"""Over HTTP against the served app: unverified and malformed requests, refusals in time, replays, forged values.

Each answer is timed: Slack gives an app 3 seconds to answer (a protocol rule, asserted generously here)."""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime, timedelta

import pytest
from slack_bolt import BoltResponse
from sqlmodel import func, select

from bot.config import MAX_BODY_BYTES
from bot.sandbox.fake_slack import TEAM_ID, Message
from bot.sandbox.signed import bolt_request, command_body, interaction_body, signed_headers
from bot.sandbox.workspace import elements
from storage.checkins import AwayPeriod
from storage.feedback import Feedback, FeedbackRequest
from storage.oneonone import AgendaItem, Meeting
from storage.org import Role
from storage.plans import Plan, PlanProgress
from storage.replays import HandledRequest
from tests.served import http_ws, served  # noqa: F401 - http_ws is a fixture

SLACK_DEADLINE = 3.0  # seconds: Slack shows the person an error when an answer takes longer
SECRET = "SECRET-FEEDBACK-TEXT"
FRIDAY_1600 = datetime(2027, 1, 8, 16, 0, tzinfo=UTC)
MONDAY_1700 = datetime(2027, 1, 11, 17, 0, tzinfo=UTC)


@pytest.fixture
def ws(http_ws):  # noqa: F811
    return http_ws


@pytest.fixture
def hr(ws):
    return ws.person("Hana", role=Role.HR_ADMIN)


@pytest.fixture
def maria(ws):
    return ws.person("Maria", role=Role.MANAGER)


@pytest.fixture
def ken(ws, maria):
    return ws.person("Ken", manager=maria)


def count(ws, table) -> int:
    with ws.db.session() as session:
        return session.exec(select(func.count()).select_from(table)).one()


def secret_command(user_id: str = "UNOBODY") -> str:
    return command_body(
        command="/feedback",
        text=f"<@UKEN> {SECRET}",
        user_id=user_id,
        team_id=TEAM_ID,
        trigger_id="1.2.fake",
        response_url="http://127.0.0.1:9/none",
        channel_id="C0GENERAL",
    )


def secret_interaction() -> str:
    return interaction_body(
        {
            "type": "block_actions",
            "team": {"id": TEAM_ID},
            "user": {"id": "UKEN", "team_id": TEAM_ID},
            "channel": {"id": "C0GENERAL"},
            "trigger_id": "1.2.fake",
            "actions": [{"action_id": "feedback_delete", "value": SECRET, "block_id": "b", "type": "button"}],
        }
    )


def secret_event() -> str:
    return json.dumps({"type": "event_callback", "team_id": TEAM_ID, "event": {"type": "message", "text": SECRET}})


BODIES = {"command": secret_command, "interaction": secret_interaction, "event": secret_event}


def bad_headers(kind: str, body: str) -> dict[str, str]:
    good = signed_headers(body)
    timestamp, signature = good["x-slack-request-timestamp"], good["x-slack-signature"]
    return {
        "unsigned": {},
        "no-timestamp": {"x-slack-signature": signature},
        "timestamp-not-a-number": {"x-slack-request-timestamp": "soon", "x-slack-signature": signature},
        "empty-timestamp": {"x-slack-request-timestamp": "", "x-slack-signature": signature},
        "empty-signature": {"x-slack-request-timestamp": timestamp, "x-slack-signature": ""},
        "wrong-version": {"x-slack-request-timestamp": timestamp, "x-slack-signature": "v1=" + signature[3:]},
        "not-hex": {"x-slack-request-timestamp": timestamp, "x-slack-signature": "v0=" + "z" * 64},
        "wrong-secret": {k: v for k, v in signed_headers(body, secret="guess").items() if k.startswith("x-slack")},
        "stale": {k: v for k, v in signed_headers(body, timestamp=1).items() if k.startswith("x-slack")},
    }[kind] | {"content-type": "application/json" if body.startswith("{") else "application/x-www-form-urlencoded"}


# -- verification, logs, sizes, shapes -------------------------------------------------------------


@pytest.mark.parametrize("body_kind", sorted(BODIES))
def test_an_unverified_request_is_a_401_that_posts_nothing_and_logs_no_body(ws, ken, caplog, body_kind):
    caplog.set_level(logging.DEBUG)
    body = BODIES[body_kind]()
    calls = len(ws.slack.calls)
    for kind in (
        "unsigned",
        "no-timestamp",
        "timestamp-not-a-number",
        "empty-timestamp",
        "empty-signature",
        "wrong-version",
        "not-hex",
        "wrong-secret",
        "stale",
    ):
        answer = ws.post(body, bad_headers(kind, body))
        assert (kind, answer.status) == (kind, 401)
        assert answer.seconds < SLACK_DEADLINE
    assert ws.slack.calls[calls:] == []  # not a message, not even a users.info lookup
    assert SECRET not in caplog.text and "Traceback" not in caplog.text
    assert count(ws, Feedback) == 0


def test_bolt_itself_never_acts_on_a_request_it_could_not_verify(ws, ken):
    """The error handler is reached when verification raises (a non-numeric timestamp): it refuses."""
    body = secret_command(ken.id)
    headers = {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": "soon",
        "x-slack-signature": signed_headers(body)["x-slack-signature"],
    }
    calls = len(ws.slack.calls)
    response = ws.perfbot.app.dispatch(bolt_request(body, headers=headers))
    assert response.status == 401
    assert ws.slack.calls[calls:] == []


def test_bolt_log_lines_carry_no_body_of_any_kind():
    from bot.logs import RedactBodies

    for body in (secret_command(), secret_interaction(), secret_event(), SECRET * 100_000):
        record = logging.LogRecord(
            "slack_bolt.RequestVerification",
            logging.INFO,
            __file__,
            1,
            "Invalid request signature detected (signature: v0=1, timestamp: 1, body: %s)",
            (body,),
            None,
        )
        RedactBodies().filter(record)
        assert SECRET not in record.getMessage() and len(record.getMessage()) < 600


@pytest.mark.parametrize("signed", [True, False], ids=["signed", "unsigned"])
def test_a_body_over_the_limit_is_a_413_and_never_logged(ws, caplog, signed):
    caplog.set_level(logging.DEBUG)
    for size in (MAX_BODY_BYTES + 1, 5 * 1024 * 1024):
        body = "text=" + SECRET + "x" * (size - len(SECRET) - 5)
        answer = ws.post(body, None if signed else {"content-type": "application/x-www-form-urlencoded"})
        assert answer.status == 413 and answer.seconds < SLACK_DEADLINE
    assert SECRET not in caplog.text and len(caplog.text) < 10_000


def test_the_size_limit_holds_for_every_route(ws):
    body = "x" * (MAX_BODY_BYTES + 1)
    for path in ("/healthz", "/slack/install", "/anything"):
        assert ws.server.post(body, {"content-type": "text/plain"}, path=path).status == 413


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("payload=" + "{not json", "application/x-www-form-urlencoded"),
        ("payload=" + "%5B1%2C2%5D", "application/x-www-form-urlencoded"),  # JSON, but not an object
        (None, "application/json"),  # a form body sent as JSON
        ('{"type": "event_callback", ', "application/json"),
        ("[1, 2]", "application/json"),
    ],
    ids=["payload-not-json", "payload-a-list", "form-as-json", "broken-json", "json-list"],
)
def test_a_malformed_body_is_a_400_when_signed_and_a_401_when_not_without_a_traceback(
    ws, ken, caplog, body, content_type
):
    caplog.set_level(logging.DEBUG)
    body = body or secret_command(ken.id)
    signed = ws.post(body, signed_headers(body, content_type=content_type))
    unsigned = ws.post(body, {"content-type": content_type})
    assert (signed.status, unsigned.status) == (400, 401)
    assert "Traceback" not in caplog.text and SECRET not in caplog.text
    assert count(ws, Feedback) == 0


def test_a_signed_payload_whose_parts_bolt_cannot_read_is_a_400_at_once(ws, ken, caplog):
    """A view submission whose view has no type: Bolt fails building a listener's arguments from it, and then the
    error handler's, so nothing would answer it for 3 s. It is refused at the gate instead."""
    caplog.set_level(logging.DEBUG)
    body = interaction_body(
        {
            "type": "view_submission",
            "team": {"id": TEAM_ID},
            "user": {"id": ken.id},
            "view": {"id": "V1", "callback_id": "goals.comment_modal", "state": {"values": {}}},
        }
    )
    answer = ws.post(body, signed_headers(body))
    assert answer.status == 400 and answer.seconds < 1
    assert "Traceback" not in caplog.text


def test_bytes_that_are_not_utf8_are_refused(ws):
    body = b"text=\xff\xfe" + SECRET.encode()
    assert ws.post(body, {"content-type": "application/x-www-form-urlencoded"}).status == 401


# -- refusals after ack: 200 in time, with the explanation ------------------------------------------


@pytest.fixture
def errors_logged(caplog):
    caplog.set_level(logging.INFO)
    return lambda: [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def refused_in_time(ws, person, expected: str) -> None:
    answer = ws.answers[-1]
    assert answer.status == 200, answer
    assert answer.seconds < SLACK_DEADLINE
    shown = "\n".join(m.text for m in person.ephemerals() + person.dms())
    assert expected in shown


def test_a_stale_approve_after_a_withdrawal_is_explained_in_time(ws, hr, maria, ken, errors_logged):
    hr.runs("/perf cycle new")
    hr.submits({"name": "2027 Q1", "starts_on": "2027-01-01"})
    hr.submits()
    ken.runs("/goal")
    ken.submits(
        {
            "title": "Cut p95 latency",
            "perspective": "internal",
            "goal_type": "kpi",
            "weight": "60",
            "unit": "ms",
            "start": "400",
            "target": "200",
            "direction": "lower",
        }
    )
    ken.clicks("Propose")
    ken.runs("/goal list")
    ken.clicks("Withdraw")
    maria.clicks("Approve")
    refused_in_time(ws, maria, "can't be moved with “Approve”")
    assert errors_logged() == []


def test_a_second_give_feedback_is_explained_in_time(ws, maria, ken, errors_logged):
    pia, zoe = ws.person("Pia", manager=maria), ws.person("Zoe", manager=maria)
    maria.runs(f"/feedback request {ken.mention} {pia.mention} {zoe.mention}")
    pia.clicks("Give feedback")
    pia.submits({"text": "Ken explains things patiently", "attribution": "anonymous"})
    pia.clicks("Give feedback")
    refused_in_time(ws, pia, "already answered")
    assert errors_logged() == []


def test_a_check_in_reply_from_outside_the_line_is_explained_in_time(ws, hr, maria, ken, errors_logged):
    sam = ws.person("Sam")
    hr.runs("/perf checkin-schedule on")
    ws.clock.set(FRIDAY_1600)
    ws.tick()
    ken.clicks("Check in")
    ken.submits({"went_well": "Demo"})
    ws.clock.set(MONDAY_1700)
    ws.tick()
    digest = maria.last_dm()
    block, button = next((b, e) for b, e in elements(digest.blocks) if e.get("action_id") == "checkin_reply")
    ws.slack.messages.append(
        Message(channel=ws.slack.dm_channel(sam.id), ts="1.5", text=digest.text, blocks=digest.blocks)
    )
    sam.acts("message", {"message": ws.slack.messages[-1]}, block, button)
    refused_in_time(ws, sam, "reporting line")
    assert sam.modal() is None and errors_logged() == []


# -- replays: the same request again is answered like the first and stores nothing ---------------


@pytest.fixture
def kudos_channel(ws, hr):
    hr.runs("/perf kudos-channel <#C0KUDOS|kudos>")


REPLAYED = {
    "kudos": ("maria", "/kudos {ken} Fixed the release at midnight", Feedback),
    "1on1-point": ("maria", "/1on1 {ken} point Growth plans", AgendaItem),
    "1on1-note": ("maria", "/1on1 {ken} note Talked about the move", AgendaItem),
    "1on1-held": ("maria", "/1on1 {ken} held", Meeting),
    "plan": ("maria", "/plan {ken} development Grow into tech lead", Plan),
    "feedback-request": ("maria", "/feedback request {ken} {pia}", FeedbackRequest),
    "checkin-away": ("ken", "/checkin away 2027-01-07..2027-01-12", AwayPeriod),
}


@pytest.mark.parametrize("case", sorted(REPLAYED))
def test_a_replayed_command_is_answered_like_the_first_and_stores_nothing(ws, kudos_channel, maria, ken, case):
    people = {"maria": maria, "ken": ken, "pia": ws.person("Pia", manager=maria)}
    who, line, table = REPLAYED[case]
    people[who].runs(line.format(**{name: person.mention for name, person in people.items()}))
    first, stored, posted, sent = (
        ws.answers[-1],
        count(ws, table),
        len(ws.slack.calls_to("chat.postMessage")),
        len(ws.slack.messages),
    )
    assert first.status == 200 and stored >= 1
    for _ in range(2):  # a retrying proxy, a double Enter
        replay = ws.post(ws.last_body)
        assert (replay.status, replay.json()) == (first.status, first.json())
    assert count(ws, table) == stored
    assert len(ws.slack.calls_to("chat.postMessage")) == posted and len(ws.slack.messages) == sent


def test_a_replayed_modal_submission_stores_one_answer(ws, maria, ken):
    pia = ws.person("Pia", manager=maria)
    maria.runs(f"/feedback request {ken.mention} {pia.mention}")
    pia.clicks("Give feedback")
    pia.submits({"text": "Ken explains things patiently", "attribution": "attributed"})
    first = ws.answers[-1]
    replay = ws.post(ws.last_body)
    assert (replay.status, replay.body) == (first.status, first.body)
    assert count(ws, Feedback) == 1
    assert len([m for m in pia.dms() if "Thank" in m.text or "thank" in m.text]) == 1


def test_handled_requests_are_forgotten_after_the_window(ws, kudos_channel, maria, ken):
    from handlers.replays import REPLAY_WINDOW

    maria.runs(f"/kudos {ken.mention} Great week")
    assert count(ws, HandledRequest) >= 1
    with ws.db.session() as session:
        first = session.exec(select(HandledRequest.request_key)).all()
    ws.clock.advance(REPLAY_WINDOW + timedelta(minutes=1))
    maria.runs(f"/kudos {ken.mention} Another great week")
    with ws.db.session() as session:
        keys = session.exec(select(HandledRequest.request_key)).all()
    assert len(keys) == 1 and keys[0] not in first  # only the newest


def test_a_command_that_only_reads_is_answered_again_without_bookkeeping(ws, maria, ken):
    for line in ("/perf help", f"/feedback show {ken.mention}", "/goal list", f"/1on1 {ken.mention}"):
        maria.runs(line)
        first = ws.answers[-1]
        replay = ws.post(ws.last_body)
        assert (replay.status, replay.json()) == (first.status, first.json())
    with ws.db.session() as session:
        assert session.exec(select(HandledRequest.request_key)).all() == []


@pytest.mark.parametrize("visibility", ["private", "shared"])
def test_a_replayed_one_liner_finds_its_note_and_keeps_no_bookkeeping(ws, maria, ken, visibility):
    maria.runs(f"/feedback {ken.mention} {visibility} Clear notes on the incident")
    first = ws.answers[-1]
    assert first.status == 200 and "Logged Praise" in first.json()["text"]
    for _ in range(2):  # a retrying proxy, a double Enter
        replay = ws.post(ws.last_body)
        assert (replay.status, replay.json()) == (first.status, first.json())
    assert count(ws, Feedback) == 1 and count(ws, HandledRequest) == 0
    ws.advance(timedelta(minutes=11))  # a shared note reaches its subject once, when it can no longer change
    assert len(ken.dms()) == (1 if visibility == "shared" else 0)


def test_a_one_liner_deleted_and_then_replayed_is_not_stored_again(ws, maria, ken):
    maria.runs(f"/feedback {ken.mention} shared Oops wrong person")
    logged = ws.last_body
    maria.clicks("Delete")
    replay = ws.post(logged)
    assert replay.status == 200 and replay.json()["response_type"] == "ephemeral"
    assert "deleted a moment ago" in replay.json()["text"]
    unsigned = ws.post(logged, headers={"content-type": "application/x-www-form-urlencoded"})
    assert unsigned.status == 401
    ws.advance(timedelta(minutes=30))
    assert count(ws, Feedback) == 0 and ken.dms() == []


# -- values that come back from Slack --------------------------------------------------------------


def test_a_plan_tick_only_for_the_period_the_prompt_offered(ws, maria, ken):
    maria.runs(f"/plan {ken.mention} development Grow into tech lead")
    maria.runs(f"/plan {ken.mention} weekly Review two PRs")
    ws.advance(timedelta(days=4, hours=7))  # Friday afternoon: the prompt
    prompt = ken.last_dm()
    block, button = next((b, e) for b, e in elements(prompt.blocks) if e.get("type") == "button")
    action_id = button["value"].partition(":")[0]
    for forged in (f"{action_id}:2027-W09", f"{action_id}:junk", f"{action_id}:" + "9" * 5000, "junk", ""):
        ken.acts("message", {"message": prompt}, block, {**button, "value": forged})
        refused = ws.answers[-1]
        assert refused.status == 200 and refused.seconds < SLACK_DEADLINE
    assert count(ws, PlanProgress) == 0
    assert "latest" in ken.last_reply().text or "period" in ken.last_reply().text
    ken.acts("message", {"message": prompt}, block, button)
    assert count(ws, PlanProgress) == 1


# -- anonymity in what HR sees about deliveries ---------------------------------------------------


def test_deliveries_never_name_an_anonymous_responder(ws, hr, maria, ken):
    pia, zoe = ws.person("Pia", manager=maria), ws.person("Zoe", manager=maria)
    maria.runs(f"/feedback request {ken.mention} {pia.mention} {zoe.mention}")
    for colleague, attribution in ((pia, "anonymous"), (zoe, "attributed")):
        colleague.clicks("Give feedback")
        ws.slack.fail_next("chat.postMessage", "user_disabled")  # the thank-you DM fails for good
        colleague.submits({"text": "Ken explains things patiently", "attribution": attribution})
    listed = hr.runs("/perf deliveries").text
    assert pia.id not in listed and "anonymous responder" in listed
    assert zoe.id in listed  # a signed answer's thank-you may name its recipient


# -- PERFBOT_HR_ADMINS: one workspace, never every installation -------------------------------------


@pytest.mark.parametrize(
    ("settings", "becomes_hr"),
    [
        ({}, True),  # one bot token: its workspace
        ({"PERFBOT_HR_ADMINS_TEAM": TEAM_ID}, True),
        ({"PERFBOT_HR_ADMINS_TEAM": "T0OTHER"}, False),
    ],
    ids=["single-token", "named-workspace", "another-workspace"],
)
def test_the_configured_hr_admins_apply_to_one_workspace(sqlite_url, clock, settings, becomes_hr):
    with served(sqlite_url, clock, PERFBOT_HR_ADMINS="UNEWHR", **settings) as workspace:
        workspace.slack.add_member("UNEWHR", "Nell")
        body = command_body(
            command="/perf",
            text="help",
            user_id="UNEWHR",
            team_id=TEAM_ID,
            trigger_id="5.5.hr",
            response_url=workspace.slack.response_url_base + "1/UNEWHR",
        )
        assert workspace.post(body).status == 200
        assert (workspace.stored("UNEWHR").role == Role.HR_ADMIN) is becomes_hr


def test_with_oauth_installs_the_list_needs_a_named_workspace():
    from bot.config import Settings

    oauth = Settings(SLACK_CLIENT_ID="1.2", SLACK_CLIENT_SECRET="s", PERFBOT_HR_ADMINS="UA, b@example.com")
    assert oauth.hr_admins_for(TEAM_ID) == set() and oauth.hr_admins_for("T0OTHER") == set()
    named = Settings(SLACK_CLIENT_ID="1.2", PERFBOT_HR_ADMINS="UA", PERFBOT_HR_ADMINS_TEAM="T0OTHER")
    assert named.hr_admins_for("T0OTHER") == {"ua"} and named.hr_admins_for(TEAM_ID) == set()


def test_a_command_that_says_payload_is_read_as_the_command_it_is(ws, maria, ken):
    reply = maria.runs(f"/feedback {ken.mention} the payload refactor was great")
    assert reply.status == 200 and f"<@{ken.id}>" in reply.text
    with ws.db.session() as session:
        assert session.exec(select(Feedback.text)).all() == ["the payload refactor was great"]


def test_a_listener_that_raises_after_acking_always_answers_its_ack(ws, ken, monkeypatch):
    """Bolt's thread runner holds a fresh 500 for a moment when a listener raises after ack(); on a loaded
    machine the request thread may answer it. Here that moment is stretched so it always happens."""
    import slack_bolt.listener.thread_runner as runner

    class SlowToDrop(BoltResponse):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.built = True

        def __setattr__(self, name, value):
            super().__setattr__(name, value)
            if name == "status" and value == 500 and getattr(self, "built", False):
                time.sleep(0.2)  # the 500 is held; the request thread, woken by the ack, looks now

    monkeypatch.setattr(runner, "BoltResponse", SlowToDrop)

    def boom(ack):
        ack()
        raise RuntimeError("after the ack")

    ws.perfbot.app.action("test_boom")(boom)
    message = Message(channel=ws.slack.dm_channel(ken.id), ts="1.7", text="x", blocks=[])
    block = {"type": "actions", "block_id": "b", "elements": []}
    ken.acts("message", {"message": message}, block, {"type": "button", "action_id": "test_boom", "value": "1"})
    assert ws.answers[-1].status == 200 and ws.answers[-1].seconds < SLACK_DEADLINE


def test_an_ack_handed_out_is_not_turned_into_a_500_later(ws, ken, monkeypatch):
    """When a listener raises a moment after acking, Bolt's thread runner sets the status of the ack it already
    handed out to 500; the answer still on its way to Slack must stay the ack."""
    import handlers.bolt_app as bolt_app

    keep_answer = bolt_app.keep_answer

    def slow_keep_answer(*args, **kwargs):
        time.sleep(0.3)  # the listener raises meanwhile
        keep_answer(*args, **kwargs)

    monkeypatch.setattr(bolt_app, "keep_answer", slow_keep_answer)

    def late_boom(ack):
        ack(text="Noted")
        time.sleep(0.1)  # the request thread has seen the ack and answers with it
        raise RuntimeError("after the ack")

    ws.perfbot.app.action("test_late_boom")(late_boom)
    message = Message(channel=ws.slack.dm_channel(ken.id), ts="1.8", text="x", blocks=[])
    block = {"type": "actions", "block_id": "b", "elements": []}
    ken.acts("message", {"message": message}, block, {"type": "button", "action_id": "test_late_boom", "value": "1"})
    assert (ws.answers[-1].status, ws.answers[-1].body) == (200, b"Noted")
