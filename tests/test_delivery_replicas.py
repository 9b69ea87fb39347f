"""Several senders and clocks on one database, in one process: fenced claims, shared pace, the clock lock, health."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import create_engine, text
from sqlmodel import select

from bot.delivery.heartbeat import record_tick
from bot.delivery.outbox import enqueue, message
from bot.delivery.scheduler import Clockwork
from bot.delivery.sender import LEASE, Sender
from bot.health import health
from bot.org import directory
from bot.sandbox.fake_slack import TEAM_ID, FakeSlack
from storage import migrate
from storage.db import Database
from storage.outbox import Delivery, DeliveryStatus, SenderLease


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    for user_id, name in [("UKEN", "Ken"), ("UANA", "Ana"), ("UBO", "Bo")]:
        fake.add_member(user_id, name)
    yield fake
    fake.stop()


def make_sender(db, slack, clock) -> Sender:
    client = WebClient(token="xoxb-test", base_url=slack.url)
    return Sender(db, lambda team_id: client, clock)


def queue(db, recipient: str, period: str = "p1") -> None:
    with db.session() as session:
        directory.ensure_workspace(session, TEAM_ID)
        enqueue(session, team_id=TEAM_ID, recipient=recipient, kind="test", period=period, message=message("hi"))


def statuses(db) -> dict[str, str]:
    with db.session() as session:
        return {row.recipient: row.status for row in session.exec(select(Delivery))}


def test_a_sender_that_stalled_past_its_lease_posts_nothing_it_held(db, slack, clock):
    first, second = make_sender(db, slack, clock), make_sender(db, slack, clock)
    for recipient in ("UKEN", "UANA", "UBO"):
        queue(db, recipient)
    held = first.claim()
    assert len(held) == 3
    clock.advance(LEASE)  # the first sender stalls; its claims and its workspace lease lapse
    assert second.drain() == 3  # found nothing in history: sent them itself
    assert first.keep(held) == []  # on waking, its claims are no longer its own
    assert first.metrics.claims_lost._value.get() == 3
    assert [len(slack.dms_to(user)) for user in ("UKEN", "UANA", "UBO")] == [1, 1, 1]
    assert set(statuses(db).values()) == {DeliveryStatus.SENT}


def test_marking_sent_is_fenced_by_the_claim_token(db, slack, clock):
    first, second = make_sender(db, slack, clock), make_sender(db, slack, clock)
    queue(db, "UKEN")
    [held] = first.claim()
    clock.advance(LEASE)
    second.recover()  # settles the lapsed claim: nothing in history, so queued again under no claim
    assert first._settle(held, status=DeliveryStatus.SENT) is False
    assert statuses(db) == {"UKEN": DeliveryStatus.PENDING}


def test_one_replica_sends_for_a_workspace_while_its_lease_lives(db, slack, clock):
    first, second = make_sender(db, slack, clock), make_sender(db, slack, clock)
    queue(db, "UKEN")
    assert first.drain() == 1
    queue(db, "UANA")
    assert second.claim() == []  # the first one sends for this workspace: one pace, one budget
    assert first.drain() == 1
    clock.advance(LEASE)  # the first one goes quiet; its lease lapses
    queue(db, "UBO")
    assert second.drain() == 1
    with db.session() as session:
        assert session.get(SenderLease, TEAM_ID).holder == second.replica


def test_a_429_seen_by_one_replica_pauses_the_next_sender_too(db, slack, clock):
    first, second = make_sender(db, slack, clock), make_sender(db, slack, clock)
    start = clock.now()
    queue(db, "UKEN")
    slack.fail_next("chat.postMessage", "ratelimited", status=429, retry_after=30)
    first.drain()
    clock.advance(LEASE)  # the first sender dies; the workspace is still inside Slack's Retry-After
    queue(db, "UANA")
    second.drain()
    with db.session() as session:
        ana = session.exec(select(Delivery).where(Delivery.recipient == "UANA")).one()
    assert ana.status == DeliveryStatus.SENT and ana.sent_at >= start + timedelta(seconds=30)


def test_the_clock_pauses_when_its_lock_connection_dies_and_another_takes_it(db, clock):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; SQLite has one process per clock file")
    sender = Sender(db, lambda team_id: WebClient(token="xoxb-x"), clock)
    first = Clockwork(db, clock, sender, [])
    second = Clockwork(db, clock, Sender(db, lambda team_id: WebClient(token="xoxb-x"), clock), [])
    try:
        assert first.start() is True and second.start() is False
        pid = first.lock._connection.execute(text("SELECT pg_backend_pid()")).scalar()
        first.lock._connection.commit()
        admin = create_engine(db.engine.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:  # what a database restart does to the holder's session
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin.dispose()
        assert first.tick() == 0 and first.running is False  # noticed before planning: no second clock
        second.watch_once()
        assert second.running is True
        first.watch_once()
        assert first.running is False
    finally:
        second.stop()
        first.stop()


def test_replicas_migrating_an_empty_database_together_both_succeed(postgres_url):
    engines = [Database(postgres_url).engine for _ in range(2)]
    errors: list[BaseException] = []

    def upgrade(engine) -> None:
        try:
            migrate.upgrade_under_lock(engine)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=upgrade, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    for engine in engines:
        engine.dispose()


def test_health_turns_bad_when_no_replica_has_ticked_for_minutes(ws):
    report = health(ws.perfbot)
    assert report["ok"] is True and report["clock"]["last_tick_by"] is None
    record_tick(ws.db, holder="elsewhere", at=ws.clock.now(), interval=timedelta(minutes=1))
    with ws.db.session() as session:
        directory.ensure_workspace(session, TEAM_ID)
        enqueue(
            session,
            team_id=TEAM_ID,
            recipient="UKEN",
            kind="t",
            period="p",
            message=message("hi"),
            not_before=ws.clock.now(),
        )
    assert health(ws.perfbot)["outbox"]["backlog"] == 1
    ws.clock.advance(timedelta(minutes=6))
    report = health(ws.perfbot)
    assert report["ok"] is False and report["clock"]["stopped"] is True
    assert report["outbox"] == {"backlog": 1, "oldest_pending_age_seconds": 360.0}
    assert report["clock_holder"] is False


def test_a_post_recorded_after_another_replica_settled_it_is_counted_not_overwritten(db, slack, clock):
    first, second = make_sender(db, slack, clock), make_sender(db, slack, clock)
    queue(db, "UKEN")
    [held] = first.claim()
    first.post(held)  # posted; recorded with the next flush
    clock.advance(LEASE)  # ... but the first sender stalls before it flushes
    assert second.recover() == 1  # found in Ken's history: marked sent by the second one
    first.flush()
    assert first.metrics.claims_lost._value.get() == 1
    assert statuses(db) == {"UKEN": DeliveryStatus.SENT} and len(slack.dms_to("UKEN")) == 1


def test_the_clock_survives_a_database_error_while_taking_the_lock(db, clock, monkeypatch):
    clockwork = Clockwork(db, clock, Sender(db, lambda team_id: WebClient(token="xoxb-x"), clock), [])

    def unreachable() -> bool:
        raise OSError("connection refused")

    monkeypatch.setattr(clockwork.lock, "acquire", unreachable)
    try:
        assert clockwork.start() is False  # no crash: the watch keeps trying
        monkeypatch.undo()
        clockwork.watch_once()
        assert clockwork.running is True
    finally:
        clockwork.stop()


def test_a_lease_taken_on_a_clock_since_moved_back_does_not_block_sending(db, slack, clock):
    first, second = make_sender(db, slack, clock), make_sender(db, slack, clock)
    queue(db, "UKEN")
    later = clock.now()
    clock.advance(timedelta(days=1))
    first.drain()  # the lease now ends a day ahead of the clock below
    clock.set(later)
    queue(db, "UANA")
    assert second.drain() == 1 and len(slack.dms_to("UANA")) == 1
