"""Reads never wait for a writer, and a tick writes what it planned in short batches."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import NullPool, insert
from sqlmodel import create_engine, func, select

from bot.delivery import planning
from bot.delivery.outbox import enqueue, message
from bot.org import directory
from storage import db as storage_db
from storage import replays
from storage.counting import statements_sent
from storage.org import Person, Workspace
from storage.outbox import Delivery
from storage.replays import HandledRequest

TEAM = "T0SESS"


def in_a_transaction(connection) -> bool:
    """Whether the driver holds a transaction open on this connection, as SQLite or PostgreSQL sees it."""
    driver = connection.connection.dbapi_connection
    if isinstance(driver, sqlite3.Connection):
        return driver.in_transaction
    return driver.info.transaction_status != TransactionStatus.IDLE


def test_a_read_runs_while_a_write_transaction_holds_the_lock(db):
    with db.session() as session:
        directory.ensure_workspace(session, TEAM)
    with db.session() as writer:
        writer.add(Person(team_id=TEAM, slack_id="UNEW"))
        writer.flush()  # the write lock is held from here to the end of the block
        with db.read() as reader:  # would wait out the busy timeout (and fail) if reads took the write lock
            assert reader.exec(select(Person.slack_id).where(Person.team_id == TEAM)).all() == []
            assert reader.get(Workspace, TEAM) is not None
    with db.read() as reader:
        assert reader.exec(select(Person.slack_id).where(Person.team_id == TEAM)).all() == ["UNEW"]


def test_a_read_begins_nothing_and_each_of_its_statements_reads_what_is_committed_then(db):
    """On both backends alike: a read is its statements alone (no BEGIN and ROLLBACK to pay for), each reading
    what was committed when it ran."""
    with db.session() as session:
        directory.ensure_workspace(session, TEAM)
    with statements_sent(db) as statements, db.read() as reader:
        before = reader.exec(select(Person.slack_id).where(Person.team_id == TEAM)).all()
        read_statements = list(statements)
        assert not in_a_transaction(reader.connection())
        with db.session() as writer:
            writer.add(Person(team_id=TEAM, slack_id="UNEW"))
        after = reader.exec(select(Person.slack_id).where(Person.team_id == TEAM)).all()
    assert (before, after) == ([], ["UNEW"])
    assert [statement.split()[0] for statement in read_statements] == ["SELECT"]


def test_a_read_session_refuses_to_write_and_its_rows_stay_usable(db):
    with db.session() as session:
        directory.ensure_workspace(session, TEAM)
        session.add(Person(team_id=TEAM, slack_id="UONE", name="One"))
    with pytest.raises(RuntimeError, match="read-only"), db.read() as reader:
        reader.add(Person(team_id=TEAM, slack_id="UTWO"))
    with db.read() as reader:
        person = reader.exec(select(Person).where(Person.slack_id == "UONE")).one()
    assert person.name == "One"
    with db.read() as reader:
        assert reader.exec(select(Person.slack_id).where(Person.team_id == TEAM)).all() == ["UONE"]


def test_a_tick_plans_in_a_read_and_writes_in_batches(db, monkeypatch):
    with db.session() as session:
        directory.ensure_workspace(session, TEAM)
    writes = []
    real_session = db.session

    @contextmanager
    def counted():
        writes.append(1)
        with real_session() as session:
            yield session

    monkeypatch.setattr(db, "session", counted)
    rows = 2 * planning.batch_size(db.engine.dialect.name) + 1

    def planner(session, now):
        return sum(
            enqueue(session, team_id=TEAM, recipient=f"U{n}", kind="test", period="p", message=message("hi"))
            for n in range(rows)
        )

    now = None
    assert planning.run_planner(db, planner, now) == rows
    assert len(writes) == 3  # three short write transactions, none while planning
    assert planning.run_planner(db, planner, now) == 0  # already queued: nothing new, nothing twice
    with db.read() as reader:
        assert len(reader.exec(select(Delivery.id).where(Delivery.team_id == TEAM)).all()) == rows
    writes.clear()
    assert planning.run_planner(db, lambda session, now: 0, now) == 0
    assert writes == []  # a quiet pass takes no write lock at all


def test_writers_in_one_process_take_turns_and_a_failed_write_lets_the_next_one_in(db):
    import threading

    with db.session() as session:
        directory.ensure_workspace(session, TEAM)
    with pytest.raises(ValueError), db.session() as session:
        session.add(Person(team_id=TEAM, slack_id="UGONE"))
        session.flush()
        raise ValueError("rolled back")
    if db.engine.dialect.name == "sqlite":  # the process's writer queue is free again
        connection = db.engine.raw_connection()
        assert not connection.dbapi_connection.write_lock.locked()
        connection.close()
    failures: list[BaseException] = []

    def write(number: int) -> None:
        try:
            for step in range(10):
                with db.session() as session:
                    session.add(Person(team_id=TEAM, slack_id=f"U{number}x{step}"))
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=write, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with db.read() as reader:
        assert len(reader.exec(select(Person.slack_id).where(Person.team_id == TEAM)).all()) == 40


def test_a_read_transaction_asks_a_repeated_question_once_and_a_write_transaction_every_time(db):
    with db.session() as session:
        directory.ensure_workspace(session, TEAM)
        boss = Person(team_id=TEAM, slack_id="UBOSS")
        session.add(boss)
        session.flush()
        session.add(Person(team_id=TEAM, slack_id="UREP", manager_id=boss.id))
    with statements_sent(db) as statements:
        with db.read() as reader:
            first = [p.slack_id for p in directory.direct_reports(reader, boss)]
            again = [p.slack_id for p in directory.direct_reports(reader, boss)]
        read_statements = len(statements)
        with db.session() as writer:
            directory.direct_reports(writer, boss)
            directory.direct_reports(writer, boss)
    assert first == again == ["UREP"]
    assert sum("FROM person" in s for s in statements[:read_statements]) == 1
    assert sum("FROM person" in s for s in statements[read_statements:]) == 2


def test_unsynced_bookkeeping_is_seen_by_others_and_leaves_the_main_pool_waiting_for_the_disk(db):
    key = {"team_id": TEAM, "request_key": "command:unsynced"}
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with db.unsynced() as connection:
        assert replays.claim(connection, **key, now=now, forget_before=None)
        if db.engine.dialect.name == "postgresql":  # committed as it returned: another connection meets it
            with db.engine.connect() as other:
                assert other.execute(select(func.count()).select_from(HandledRequest)).scalar() == 1
            assert connection.exec_driver_sql("SHOW synchronous_commit").scalar() == "off"
    with db.unsynced() as connection:
        assert not replays.claim(connection, **key, now=now, forget_before=None)
        answer = {"status": 200, "content_type": "text/plain", "answer": "first"}
        replays.record_answers(connection, [{"team": key["team_id"], "key": key["request_key"], **answer}])
    with db.read() as reader:
        assert replays.answer_of(reader, **key).answer == "first"
    if db.engine.dialect.name == "postgresql":  # transactions, and single writes from their own pool, are durable
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"
        with db.single_write() as writer:
            assert writer.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"


def test_a_connection_the_server_closed_while_idle_is_replaced_before_use(db, monkeypatch):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no server to close a connection")
    monkeypatch.setattr(storage_db, "PING_IDLE_AFTER_SECONDS", 0.0)  # every connection counts as idle
    with db.read() as session:
        backend = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
    outside = create_engine(db.url, poolclass=NullPool)
    with outside.connect() as other:  # the server ends the pooled connection, as a restart would
        other.exec_driver_sql(f"SELECT pg_terminate_backend({int(backend)})")
    outside.dispose()
    with db.read() as session:
        assert session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar() != backend


def test_a_read_streams_rows_through_the_session_and_through_its_connection(db):
    with db.session() as session:
        directory.ensure_workspace(session, TEAM)
        session.add_all(Person(team_id=TEAM, slack_id=f"U{n}", name=f"P{n}") for n in range(120))
    streamed = select(Person.slack_id).where(Person.team_id == TEAM).order_by(Person.id).execution_options(yield_per=50)
    with db.read() as reader:
        with reader.connection().execute(streamed) as rows:
            through_connection = [row.slack_id for row in rows]
        after = reader.exec(select(func.count()).select_from(Person)).one()  # the read goes on afterwards
    with db.read() as reader:
        through_session = list(reader.exec(streamed))
    assert through_session == through_connection == [f"U{n}" for n in range(120)]
    assert after == 120


def test_a_single_write_commits_as_it_runs_and_leaves_the_writers_queue_after(db):
    with db.session() as session:
        directory.ensure_workspace(session, TEAM)
    with statements_sent(db) as statements, db.single_write() as writer:
        writer.execute(insert(Person).values(team_id=TEAM, slack_id="UONE"))
        written = list(statements)
        assert not in_a_transaction(writer)
        with db.read() as reader:  # another connection sees it already: it committed on its own
            assert reader.exec(select(Person.slack_id).where(Person.slack_id == "UONE")).one() == "UONE"
    assert [statement.split()[0] for statement in written] == ["INSERT"]  # no BEGIN (nor COMMIT) around it
    with db.session() as session:  # the next writer is not kept waiting
        session.add(Person(team_id=TEAM, slack_id="UTWO"))
    with db.read() as reader:
        assert len(reader.exec(select(Person.slack_id).where(Person.team_id == TEAM)).all()) == 2
