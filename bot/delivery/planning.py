"""The planning tick: every planner looks at the database and queues what is due; one failing spares the rest.

The planners themselves belong to the features; the composition root (`bot/app.py`) lists them and hands
the list to the clock, so delivery never imports a feature. A planner reads in a read-only transaction
(on SQLite it waits for no writer and holds none up); what it queues (and any `later` statement) is
written afterwards in short write transactions of at most BATCH rows on SQLite, so a slash command never
waits behind a tick for more than one batch (PostgreSQL, which makes no request wait, takes larger ones).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy import any_, bindparam
from sqlalchemy.sql import ColumnElement, Executable
from sqlmodel import Session, col, select

from bot.delivery import outbox
from bot.delivery.clock import Clock
from storage.db import Database
from storage.outbox import Delivery

logger = logging.getLogger(__name__)
# Rows per write transaction on SQLite, whose one write lock every request may be waiting for: a batch of 500
# holds it 5-15 ms (up to ~35 ms for digests' large messages on a busy machine), far under an ack's second, while
# each transaction's own cost (its begin, its commit, the outbox's index pages written to the log again) made
# batches of 200 cost a 1,000-row pass as much as its reading and rendering together.
BATCH = 500
# PostgreSQL locks only the rows being inserted, so a request never waits on a batch: there fewer, larger
# transactions save a commit (a WAL flush) per 200 rows.
BATCHES = {"postgresql": 2000}
MAX_LISTED = 20_000  # values in one IN list (SQLite allows 32,766 parameters, PostgreSQL 65,535)
LATER = "planning.later"  # session.info key: statements a planning pass runs after its rows are queued

# A planner queues the deliveries due at `now` (via bot.delivery.outbox.enqueue) and returns how many it queued.
Planner = Callable[[Session, datetime], int]


class Wakeable(Protocol):
    def wake(self) -> None: ...


def later(session: Session, statement: Executable) -> None:
    """A planner's own bookkeeping write (e.g. "this request's closing notice is planned"): run at once in a
    write session, or after the pass's rows are queued when the planner runs in a tick."""
    pending = session.info.get(LATER)
    if pending is None:
        session.exec(statement)
    else:
        pending.append(statement)


def among(session: Session, column, values: Sequence) -> ColumnElement[bool]:
    """`column IN values` for thousands of values: on PostgreSQL one array parameter (`= ANY`), where an IN list
    costs a parameter each to render, send and parse; elsewhere an IN list (at most MAX_LISTED values)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY  # loaded already: the engine's dialect

        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return col(column).in_(values)


def already_queued(session: Session, kind: str, periods: Iterable[str]) -> set[tuple[str, str, str]]:
    """Which of these periods of `kind` are in the outbox already, as (team_id, recipient, period): one query,
    so that a planner renders only what is new and a quiet tick stays cheap."""
    wanted = sorted(set(periods))
    found: set[tuple[str, str, str]] = set()
    for start in range(0, len(wanted), MAX_LISTED):  # one query up to MAX_LISTED periods
        chunk = wanted[start : start + MAX_LISTED]
        query = select(Delivery.team_id, Delivery.recipient, Delivery.period).where(
            Delivery.kind == kind, among(session, Delivery.period, chunk)
        )
        found.update(tuple(row) for row in session.connection().execute(query).all())
    return found


def batch_size(dialect: str) -> int:
    return BATCHES.get(dialect, BATCH)


def run_planner(db: Database, planner: Planner, now: datetime) -> int:
    """One planner's pass: read what is due, then queue it in short batches; returns how many were new."""
    with db.read() as session:
        rows: list[dict] = []
        statements: list[Executable] = []
        session.info[outbox.PLANNED], session.info[LATER] = rows, statements
        planner(session, now)
        # A planner that still writes in its pass (coaching's nudges, the reviews planner's own batch insert)
        # keeps what it wrote; on SQLite that upgrades this read to a write. Better: queue through
        # `outbox.enqueue`/`enqueue_many` (collected here) and `later`.
        session.commit()
    if not rows and not statements:
        return 0  # a quiet pass never takes the write lock
    values = outbox.encode_planned(db.engine.dialect, rows)  # outside the write transactions
    size = batch_size(db.engine.dialect.name)
    batches = [values[start : start + size] for start in range(0, len(values), size)] or [[]]
    queued = 0
    for index, batch in enumerate(batches):
        with db.session() as session:
            queued += outbox.insert_encoded(session, batch)
            if index == len(batches) - 1:
                for statement in statements:  # plain SQL: the write session has loaded no object to keep in step
                    session.connection().execute(statement)
    return queued


def tick(db: Database, clock: Clock, planners: Sequence[Planner], sender: Wakeable | None = None) -> int:
    """Queue everything due now; returns how many deliveries were queued."""
    now = clock.now()
    queued = 0
    for planner in planners:
        try:
            queued += run_planner(db, planner, now)
        except Exception:
            logger.exception("planner %s failed", getattr(planner, "__name__", planner))
    if sender is not None:
        sender.wake()
    return queued
