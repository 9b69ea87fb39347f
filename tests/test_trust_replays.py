"""The idempotency rule's parts without Slack: what makes a request unique, claims, and an ack that stays given."""

from __future__ import annotations

import time
from datetime import timedelta

from slack_bolt import BoltResponse
from sqlmodel import select

from handlers.context import KeptAck
from handlers.replays import REPLAY_WINDOW, KeptAnswers, request_key
from storage import replays
from storage.replays import HandledRequest
from tests.conftest import START


def test_each_command_and_interaction_has_one_key_and_events_have_none():
    assert request_key({"command": "/kudos", "trigger_id": "1.2.a"}) == "command:1.2.a"
    assert request_key({"type": "block_actions", "trigger_id": "3.4.b"}) == "block_actions:3.4.b"
    no_trigger = {"type": "block_actions", "user": {"id": "UKEN"}, "actions": [{"action_id": "x", "action_ts": "5.6"}]}
    assert request_key(no_trigger) == "block_actions:UKEN:x:5.6"
    assert request_key({"type": "view_submission", "view": {"id": "V1", "hash": "h1"}}) == "view_submission:V1:h1"
    assert request_key({"type": "event_callback", "event_id": "Ev1"}) is None
    assert request_key({"type": "block_suggestion", "trigger_id": "1"}) is None  # option lists only read
    long = request_key({"command": "/perf", "trigger_id": "t" * 1000})
    assert long.startswith("command:sha256:") and len(long) < 100


def test_a_key_is_claimed_once_and_forgotten_after_the_window(db):
    key = {"team_id": "T0PERF", "request_key": "command:1"}
    with db.session() as session:
        assert replays.claim(session, **key, now=START, forget_before=START - REPLAY_WINDOW)
        assert not replays.claim(session, **key, now=START, forget_before=START - REPLAY_WINDOW)
        assert replays.answer_of(session, **key) is None  # claimed, not answered yet
        first = {"team": "T0PERF", "key": "command:1", "status": 200, "content_type": "application/json"}
        replays.record_answers(session, [first | {"answer": '{"text": "ok"}'}])
        replays.record_answers(session, [first | {"status": 500, "answer": "later"}])  # the first stays
        assert replays.answer_of(session, **key).answer == '{"text": "ok"}'
    later = START + REPLAY_WINDOW + timedelta(seconds=1)
    with db.session() as session:
        assert replays.claim(session, **key, now=later, forget_before=later - REPLAY_WINDOW)


def test_an_ack_once_given_is_never_taken_back():
    ack = KeptAck()
    assert ack.response is None
    ack(text="Saved")
    ack.response = None  # what Bolt's thread runner does when the listener raises after acking
    assert ack.response is not None and "Saved" in ack.response.body
    ack.response = BoltResponse(status=200, body="replaced")  # an explicit answer still replaces it
    assert ack.response.body == "replaced"


def test_a_lost_race_to_a_unique_key_is_answered_quietly(caplog):
    import logging
    import sqlite3

    from sqlalchemy.exc import IntegrityError

    from handlers.errors import handle_error

    caplog.set_level(logging.INFO)
    duplicate = IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed: feedback.client_key"))
    for body in ({"command": "/feedback"}, {"type": "view_submission", "view": {"blocks": []}}):
        answer = handle_error(duplicate, body, BoltResponse(status=500), {"verified": True}, client=None)
        assert (answer.status, answer.body) == (200, "")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR] and "nothing was saved" not in caplog.text
    broken = IntegrityError("INSERT", {}, sqlite3.IntegrityError("FOREIGN KEY constraint failed"))
    handle_error(broken, {"command": "/feedback"}, BoltResponse(status=500), {"verified": True}, client=None)
    assert [r.levelno for r in caplog.records if r.levelno >= logging.ERROR] == [logging.ERROR]  # a bug stays one


def test_an_answer_waits_in_memory_until_it_is_written_and_a_later_one_never_replaces_it(db):
    key = {"team_id": "T0PERF", "request_key": "command:kept"}
    with db.unsynced() as connection:
        assert replays.claim(connection, **key, now=START, forget_before=None)
    answers = KeptAnswers(db)
    with db.session() as session:  # holds the claim's row (and on SQLite the write lock): the writer waits
        session.exec(select(HandledRequest).where(HandledRequest.request_key == key["request_key"]).with_for_update())
        answers.keep(*key.values(), BoltResponse(status=200, body='{"text": "ok"}'))
        answers.keep(*key.values(), BoltResponse(status=500, body="later"))
        waiting = answers.waiting(*key.values())
        assert (waiting.status, waiting.body) == (200, '{"text": "ok"}')
    for _ in range(200):  # written once the lock is let go, then no longer held in memory
        if answers.waiting(*key.values()) is None:
            break
        time.sleep(0.025)
    assert answers.waiting(*key.values()) is None
    with db.read() as session:
        assert replays.answer_of(session, **key).answer == '{"text": "ok"}'


def test_answers_given_while_the_writer_gathers_are_written_in_one_statement(db, monkeypatch):
    from sqlalchemy import Engine, event

    from handlers import replays as kept

    monkeypatch.setattr(kept, "GATHER_SECONDS", 0.5)  # wide enough that the test never races the writer
    keys = [{"team_id": "T0PERF", "request_key": f"command:gathered-{number}"} for number in range(3)]
    with db.unsynced() as connection:
        for key in keys:
            assert replays.claim(connection, **key, now=START, forget_before=None)
    writes: list[int] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.startswith("UPDATE handledrequest"):
            writes.append(len(parameters) if executemany else 1)

    def written(key) -> bool:
        for _ in range(200):
            if answers.waiting(*key.values()) is None:
                return True
            time.sleep(0.025)
        return False

    event.listen(Engine, "before_cursor_execute", count)  # answers are written on PostgreSQL's unsynced pool
    try:
        answers = KeptAnswers(db)
        answers.keep(*keys[0].values(), BoltResponse(status=200, body="first"))
        assert written(keys[0])  # the writer now gathers what comes next
        for key in keys[1:]:
            answers.keep(*key.values(), BoltResponse(status=200, body=key["request_key"]))
        assert all(written(key) for key in keys[1:])
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert writes == [1, 2]
    with db.read() as session:
        assert [replays.answer_of(session, **key).answer for key in keys] == [
            "first",
            *[k["request_key"] for k in keys[1:]],
        ]
