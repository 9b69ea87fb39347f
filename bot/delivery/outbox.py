"""Queues messages for delivery: a row per (workspace, recipient, kind, period), inserted at most once."""

from __future__ import annotations

import json
import operator
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, case, cast, column, func, table, update
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, select

from storage.outbox import Delivery, DeliveryStatus
from storage.types import utcnow
from storage.upsert import insert_for

# "Send now" is a moment before any clock's now, so it never waits on the wall clock: the sender runs on
# an injected clock (moved by tests and the shell) that may be ahead of or behind real time.
AS_SOON_AS_POSSIBLE = datetime(2000, 1, 1, tzinfo=UTC)
# Where a planning pass collects its rows instead of inserting them (session.info key, set by the tick):
# planners read in a read-only transaction, and the tick writes what they planned in short batches.
PLANNED = "outbox.planned"


def message(text: str, blocks: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    """The chat.postMessage arguments a delivery carries (text is the notification fallback)."""
    return {"text": text, **({"blocks": blocks} if blocks else {}), **extra}


def enqueue(
    session: Session,
    *,
    team_id: str,
    recipient: str,
    kind: str,
    period: str,
    message: dict[str, Any],
    not_before: datetime | None = None,
    expires_at: datetime | None = None,
    anonymous: bool = False,
) -> bool:
    """Queue a message; True if queued now, False if this (recipient, kind, period) was already queued.
    `anonymous` marks a message of an anonymous flow (e.g. thanks for an anonymous answer): no listing of
    deliveries ever names its recipient. In a planning pass the row is collected (True: planned), and the tick
    inserts it (`encode_planned`, `insert_encoded`)."""
    row = {
        "team_id": team_id,
        "recipient": recipient,
        "kind": kind,
        "period": period,
        "message": message,
        "status": "pending",
        "not_before": not_before or AS_SOON_AS_POSSIBLE,
        "expires_at": expires_at,
        "attempts": 0,
        "anonymous": anonymous,
    }
    planned = session.info.get(PLANNED)
    if planned is not None:  # created when the tick writes it
        planned.append(row)
        return True
    # RETURNING, not rowcount: psycopg reports no reliable rowcount for an INSERT … ON CONFLICT.
    statement = _statement(session.get_bind().dialect.name)
    return session.connection().execute(statement, row | {"created_at": utcnow()}).first() is not None


def encode_planned(dialect: Dialect, rows: list[dict[str, Any]]) -> list[Any]:
    """The rows a planning pass collected, as `insert_encoded` sends them, created now: a pass shares one message
    among everyone who gets the same text, so each message is encoded once and each moment converted once, not
    once per row by the column types. Done before the write transaction, which then only inserts."""
    _, names, to_column = _encoded_insert(dialect)
    pick = operator.itemgetter(*names) if names else None  # the driver's parameter order, when it has one
    encoded: dict[int, str] = {}
    stored: dict[datetime, Any] = {}

    def moment(value: datetime | None) -> Any:
        if value is None:
            return None
        if value not in stored:
            stored[value] = to_column(value.astimezone(UTC).replace(tzinfo=None))
        return stored[value]

    created = moment(utcnow())
    values = []
    for row in rows:
        message = row["message"]
        if id(message) not in encoded:  # the rows keep every message alive, so an id stays unique here
            encoded[id(message)] = json.dumps(message)
        value = {
            **row,
            "message": encoded[id(message)],
            "not_before": moment(row["not_before"]),
            "expires_at": moment(row["expires_at"]),
            "created_at": created,
        }
        values.append(pick(value) if pick else value)
    return values


def insert_encoded(session: Session, values: list[Any]) -> int:
    """Insert rows `encode_planned` made (those already queued are skipped); returns how many were new. The
    statement is compiled once per dialect and sent as the driver's own SQL: no per-row processing is left."""
    if not values:
        return 0
    sql, _, _ = _encoded_insert(session.get_bind().dialect)
    # An executemany without RETURNING: psycopg pipelines it (a multi-row INSERT … RETURNING costs PostgreSQL
    # several times more), and both drivers sum the rows each insert added, conflicts skipped counting none.
    options = {"preserve_rowcount": True}  # executemany's rowcount, kept past the cursor
    return session.connection().exec_driver_sql(sql, values, execution_options=options).rowcount


def cancel(session: Session, *, team_id: str, kind: str, period: str) -> None:
    """Drop a queued message that has not gone out yet (it stays as a row, marked dropped)."""
    session.exec(
        update(Delivery)
        .where(
            Delivery.team_id == team_id,
            Delivery.kind == kind,
            Delivery.period == period,
            Delivery.status == DeliveryStatus.PENDING,
        )
        .values(status=DeliveryStatus.DROPPED)
    )


def revive(
    session: Session, *, team_id: str, kind: str, period: str, message: dict[str, Any], not_before: datetime
) -> None:
    """Queue a dropped message again, with its text and time brought up to date."""
    session.exec(
        update(Delivery)
        .where(
            Delivery.team_id == team_id,
            Delivery.kind == kind,
            Delivery.period == period,
            Delivery.status == DeliveryStatus.DROPPED,
        )
        .values(status=DeliveryStatus.PENDING, not_before=not_before, message=message)
    )


@cache
def _statement(dialect: str):
    """One prepared INSERT … ON CONFLICT DO NOTHING per dialect (building it per call costs ~1 ms)."""
    table = Delivery.__table__
    return (
        insert_for(dialect)(table)
        .on_conflict_do_nothing(index_elements=["team_id", "recipient", "kind", "period"])
        .returning(table.c.id)
    )


class _JSONText(TypeDecorator):
    """JSON already encoded, bound as text and cast to PostgreSQL's json (SQLite stores the text as it is)."""

    impl = String
    cache_ok = True

    def bind_expression(self, bindvalue):
        return cast(bindvalue, JSON)


@cache
def _encoded_statement(dialect: str):
    """The INSERT … ON CONFLICT DO NOTHING of `insert_encoded`: the message as JSON text, times as naive UTC."""
    encoded = table(
        "delivery",
        *(column(name, String) for name in ("team_id", "recipient", "kind", "period", "status")),
        column("message", _JSONText if dialect == "postgresql" else String),
        *(column(name, DateTime) for name in ("not_before", "expires_at", "created_at")),
        column("attempts", Integer),
        column("anonymous", Boolean),
    )
    key = ["team_id", "recipient", "kind", "period"]
    return insert_for(dialect)(encoded).on_conflict_do_nothing(index_elements=key)


_ENCODED_INSERTS: dict[str, tuple[str, tuple[str, ...] | None, Any]] = {}


def _encoded_insert(dialect) -> tuple[str, tuple[str, ...] | None, Any]:
    """`_encoded_statement` as the driver's SQL: its text, the parameter order (None: by name) and how a naive
    UTC moment is bound (the dialect's own DateTime processing, e.g. SQLite's stored text)."""
    if dialect.name not in _ENCODED_INSERTS:
        compiled = _encoded_statement(dialect.name).compile(dialect=dialect)
        names = tuple(compiled.positiontup) if compiled.positional else None
        to_column = DateTime().bind_processor(dialect) or (lambda value: value)
        _ENCODED_INSERTS[dialect.name] = (str(compiled), names, to_column)
    return _ENCODED_INSERTS[dialect.name]


def failed_deliveries(session: Session, team_id: str, limit: int = 50) -> list[Delivery]:
    """Messages Slack refused for good, newest first, with the reason (HR's `/perf deliveries`)."""
    return list(
        session.exec(
            select(Delivery)
            .where(Delivery.team_id == team_id, Delivery.status == DeliveryStatus.FAILED)
            .order_by(Delivery.created_at.desc(), Delivery.id.desc())
            .limit(limit)
        )
    )


def backlog(session: Session, now: datetime) -> tuple[int, datetime | None]:
    """How many deliveries are due and not yet sent (pending or being sent), and since when the oldest is due."""
    due_since = case((Delivery.not_before > Delivery.created_at, Delivery.not_before), else_=Delivery.created_at)
    count, oldest = session.exec(
        select(func.count(), func.min(due_since)).where(
            Delivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.SENDING]), Delivery.not_before <= now
        )
    ).one()
    if isinstance(oldest, str):  # SQLite returns the CASE's value untyped
        oldest = datetime.fromisoformat(oldest)
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    return count, oldest


def enqueue_many(session: Session, rows: list[dict[str, Any]]) -> int:
    """Queue many messages in a few multi-row statements (keys already queued are skipped); each row has the
    arguments of `enqueue` except the session. For planners that must not issue a statement per recipient.
    Returns how many were queued now."""
    if not rows:
        return 0
    now = utcnow()
    values = [
        {
            "team_id": row["team_id"],
            "recipient": row["recipient"],
            "kind": row["kind"],
            "period": row["period"],
            "message": row["message"],
            "status": "pending",
            "not_before": row.get("not_before") or AS_SOON_AS_POSSIBLE,
            "expires_at": row.get("expires_at"),
            "attempts": 0,
            "created_at": now,
        }
        for row in rows
    ]
    planned = session.info.get(PLANNED)
    if planned is not None:  # a planning pass: the tick inserts them, with `enqueue`'s rows, in short batches
        planned.extend({**value, "anonymous": False} for value in values)  # created when written, as theirs
        return len(values)
    statement = _statement(session.get_bind().dialect.name)
    queued = 0
    for start in range(0, len(values), 500):
        queued += len(session.connection().execute(statement.values(values[start : start + 500])).all())
    return queued
