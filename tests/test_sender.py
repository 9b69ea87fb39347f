"""The delivery engine against the fake Slack: pacing, 429s, retries, failures, crash recovery, the clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import inspect, text, update
from sqlmodel import select

from bot.delivery.outbox import enqueue, failed_deliveries, message
from bot.delivery.pacing import Pacer
from bot.delivery.planning import tick
from bot.delivery.scheduler import TICK_JOB_ID, Clockwork
from bot.delivery.sender import LEASE, Sender
from bot.org import directory
from bot.sandbox.fake_slack import TEAM_ID, FakeSlack
from storage.counting import statements_sent
from storage.outbox import Delivery, DeliveryStatus


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    for user_id, name in [("UKEN", "Ken"), ("UANA", "Ana"), ("UBO", "Bo")]:
        fake.add_member(user_id, name)
    yield fake
    fake.stop()


@pytest.fixture
def sender(db, slack, clock) -> Sender:
    with db.session() as session:
        directory.ensure_workspace(session, TEAM_ID)
    client = WebClient(token="xoxb-test", base_url=slack.url)
    return Sender(db, lambda team_id: client, clock)


def queue(db, recipient: str, period: str = "p1", **options) -> None:
    with db.session() as session:
        enqueue(
            session,
            team_id=TEAM_ID,
            recipient=recipient,
            kind="test",
            period=period,
            message=message(f"hello {period}"),
            **options,
        )


def rows(db) -> list[Delivery]:
    with db.session() as session:
        return list(session.exec(select(Delivery).order_by(Delivery.id)))


def test_messages_to_one_channel_go_one_per_second_without_sleeping(db, slack, sender, clock):
    start = clock.now()
    for period in ("a", "b", "c"):
        queue(db, "UKEN", period)
    queue(db, "UANA", "a")
    assert sender.drain() == 4
    assert [m.text for m in slack.dms_to("UKEN")] == ["hello a", "hello b", "hello c"]
    assert len(slack.dms_to("UANA")) == 1
    # Ken's three messages needed two one-second gaps; Ana's went in between, costing nothing.
    assert clock.now() - start == timedelta(seconds=2)


def test_the_workspace_budget_paces_a_fan_out():
    pacer = Pacer(workspace_rate=5, workspace_burst=5)
    now, sent_at = 0.0, []
    for index in range(20):
        now = pacer.ready_at("T", f"U{index}", now)
        pacer.sent("T", f"U{index}", now)
        sent_at.append(now)
    assert sent_at[:5] == [0.0] * 5  # the burst
    assert sent_at[-1] == pytest.approx(3.0)  # then 5 a second


def test_the_first_ready_delivery_is_the_first_of_the_earliest_as_ready_at_says():
    pacer = Pacer(workspace_rate=5, workspace_burst=2)
    for team, channel, at in [("T", "U1", 0.0), ("T", "U2", 0.1), ("T", "U1", 0.2), ("S", "U3", 0.0)]:
        pacer.sent(team, channel, at)
    pacer.pause("S", 0.5)
    lists = [
        [("T", "U1"), ("T", "U2"), ("S", "U3"), ("T", "U4"), ("T", "U5")],
        [("S", "U3"), ("S", "U6"), ("T", "U1")],
        [("T", "U1"), ("T", "U1")],
        [("S", "U6")],
    ]
    for keys in lists:
        for now in (0.0, 0.25, 0.6, 2.0):
            ready = [pacer.ready_at(team, channel, now) for team, channel in keys]
            first = min(range(len(keys)), key=ready.__getitem__)
            assert pacer.first_ready(keys, now) == (first, ready[first])
            # read lazily, given the workspaces (a wider set than the keys' is allowed)
            assert pacer.first_ready(iter(keys), now, {"S", "T", "R"}) == (first, ready[first])


def test_a_429_pauses_the_workspace_for_retry_after_then_resumes(db, slack, sender, clock):
    queue(db, "UKEN")
    queue(db, "UANA")
    slack.fail_next("chat.postMessage", "ratelimited", status=429, retry_after=30)
    sender.drain()
    assert slack.dms_to("UKEN") == [] and slack.dms_to("UANA") == []
    assert {row.status for row in rows(db)} == {DeliveryStatus.PENDING}
    assert all(row.attempts == 0 for row in rows(db))
    clock.advance(timedelta(seconds=29))
    sender.drain()
    assert slack.dms_to("UKEN") == []  # still inside Retry-After
    clock.advance(timedelta(seconds=1))
    sender.drain()
    assert len(slack.dms_to("UKEN")) == 1 and len(slack.dms_to("UANA")) == 1
    assert {row.status for row in rows(db)} == {DeliveryStatus.SENT}


def test_claimed_rows_go_back_in_one_statement_per_claim_and_only_while_the_claim_owns_them(db, sender):
    for recipient in ("UKEN", "UANA", "UBO"):
        queue(db, recipient)
    claimed = sender.claim()
    with db.engine.begin() as connection:  # another replica took Bo's row over meanwhile
        connection.execute(update(Delivery).where(Delivery.recipient == "UBO").values(claim_token=7))
    with statements_sent(db) as statements:
        sender._release(claimed, sender._now())
    assert len([statement for statement in statements if statement.lstrip().upper().startswith("UPDATE")]) == 1
    status = {row.recipient: (row.status, row.attempts) for row in rows(db)}
    assert status == {
        "UKEN": (DeliveryStatus.PENDING, 0),
        "UANA": (DeliveryStatus.PENDING, 0),
        "UBO": (DeliveryStatus.SENDING, 1),
    }


def test_transient_errors_retry_with_backoff(db, slack, sender, clock):
    queue(db, "UKEN")
    slack.fail_next("chat.postMessage", "internal_error", status=500, times=2)
    sender.drain()
    [row] = rows(db)
    assert row.status == DeliveryStatus.PENDING and row.error == "internal_error"
    assert row.not_before == clock.now() + timedelta(seconds=2)
    sender.run_until_idle()  # waits the backoff on the injected clock: 2 s, then 4 s
    [row] = rows(db)
    assert row.status == DeliveryStatus.SENT and row.attempts == 3
    assert len(slack.dms_to("UKEN")) == 1


def test_permanent_errors_fail_the_row_with_a_reason_hr_can_see(db, slack, sender):
    slack.add_member("UGONE", "Gone", deleted=True)
    queue(db, "UGONE")
    queue(db, "CMISSING")
    slack.missing_channels.add("CMISSING")
    sender.drain()
    with db.session() as session:
        failed = failed_deliveries(session, TEAM_ID)
    assert {(row.recipient, row.error) for row in failed} == {
        ("UGONE", "user_disabled"),
        ("CMISSING", "channel_not_found"),
    }
    assert len(slack.calls_to("chat.postMessage")) == 2  # no retry of a permanent failure


def test_stale_deliveries_are_dropped_not_sent_late(db, slack, sender, clock):
    queue(db, "UKEN", expires_at=clock.now() + timedelta(hours=1))
    clock.advance(timedelta(hours=2))
    sender.drain()
    [row] = rows(db)
    assert row.status == DeliveryStatus.DROPPED and slack.dms_to("UKEN") == []


def test_a_retried_enqueue_queues_once(db, sender):
    queue(db, "UKEN")
    queue(db, "UKEN")
    assert len(rows(db)) == 1


def test_restart_after_a_crash_tells_sent_from_not_sent(db, slack, sender, clock, monkeypatch):
    for recipient in ("UKEN", "UANA", "UBO"):
        queue(db, recipient)
    # The process posts Ken's message, then dies before recording it; Ana's and Bo's were claimed, never posted.
    claimed = sender.claim()
    assert len(claimed) == 3
    monkeypatch.setattr(sender, "_mark_sent", lambda *args: (_ for _ in ()).throw(SystemExit("killed")))
    with pytest.raises(SystemExit):
        sender.post(claimed[0])
    monkeypatch.undo()
    assert {row.status for row in rows(db)} == {DeliveryStatus.SENDING}

    client = WebClient(token="xoxb-test", base_url=slack.url)
    restarted = Sender(db, lambda team_id: client, clock)
    restarted.drain()  # within the lease: another process could still be posting them
    assert len(slack.calls_to("chat.postMessage")) == 1
    clock.advance(LEASE)
    restarted.drain()
    assert [len(slack.dms_to(user)) for user in ("UKEN", "UANA", "UBO")] == [1, 1, 1]
    ken = next(row for row in rows(db) if row.recipient == "UKEN")
    assert ken.status == DeliveryStatus.SENT and ken.ts == slack.dms_to("UKEN")[0].ts
    assert len(slack.calls_to("conversations.history")) == 3


def test_every_post_names_its_delivery_in_message_metadata(db, slack, sender):
    queue(db, "UKEN")
    sender.drain()
    [row] = rows(db)
    assert slack.dms_to("UKEN")[0].metadata == {
        "event_type": "perfbot_delivery",
        "event_payload": {"delivery_id": row.id},
    }


def test_a_planner_that_fails_does_not_stop_the_others(db, sender, clock, monkeypatch):
    calls = []

    def broken(session, now):
        raise RuntimeError("boom")

    def working(session, now):
        calls.append(now)
        return enqueue(session, team_id=TEAM_ID, recipient="UKEN", kind="test", period="p1", message=message("hi"))

    assert tick(db, clock, [broken, working]) == 1 and calls == [clock.now()]


def test_the_clock_job_is_stored_in_the_migrated_table_and_one_process_owns_it(db, clock):
    assert "apscheduler_jobs" in inspect(db.engine).get_table_names()  # created by our migration
    first = Clockwork(db, clock, Sender(db, lambda team_id: WebClient(token="xoxb-x"), clock), [])
    second = Clockwork(db, clock, Sender(db, lambda team_id: WebClient(token="xoxb-x"), clock), [])
    try:
        assert first.start() is True
        assert second.start() is False  # one clock per database (advisory lock / lock file)
        job = first.scheduler.get_job(TICK_JOB_ID)
        assert job.misfire_grace_time >= 3600 and job.func_ref == "bot.delivery.scheduler:run_tick"
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT id FROM apscheduler_jobs")).scalars().all() == [TICK_JOB_ID]
    finally:
        second.stop()
        first.stop()


def test_a_second_sender_skips_rows_another_one_has_locked(db, sender):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite has one writer")
    for recipient in ("UKEN", "UANA", "UBO"):
        queue(db, recipient)
    with db.session() as holder:
        locked = holder.exec(select(Delivery).order_by(Delivery.id).limit(1).with_for_update()).one()
        claimed = sender.claim()  # another transaction: must not wait for, nor take, the locked row
        assert locked.id not in {row.id for row in claimed} and len(claimed) == 2


def test_a_timeout_after_slack_got_the_message_is_settled_by_history_not_resent(db, slack, sender, clock, monkeypatch):
    queue(db, "UKEN")
    queue(db, "UANA")
    client = sender.client_for("T1")
    real_post = client.chat_postMessage

    def post_then_time_out(**arguments):
        if arguments["channel"] == "UKEN":
            real_post(**arguments)  # Slack has it ...
        raise TimeoutError("read timed out")  # ... but the answer never came back

    monkeypatch.setattr(client, "chat_postMessage", post_then_time_out)
    sender.drain()
    assert {row.status for row in rows(db)} == {DeliveryStatus.SENDING}
    monkeypatch.undo()
    sender.run_until_idle()  # after the backoff: Ken's is found in history, Ana's is sent now
    assert [len(slack.dms_to(user)) for user in ("UKEN", "UANA")] == [1, 1]
    assert {row.status for row in rows(db)} == {DeliveryStatus.SENT}
