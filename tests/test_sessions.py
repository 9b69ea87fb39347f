"""Reads never wait for a writer, and a tick writes what it planned in short batches."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlmodel import select

from bot.delivery import planning
from bot.delivery.outbox import enqueue, message
from bot.org import directory
from storage.org import Person, Workspace
from storage.outbox import Delivery

TEAM = "T0SESS"


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
