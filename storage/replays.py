"""Commands and interactions already handled, with their answer, so a replayed request gets the same answer; and
the keys of notes deleted since they were stored, so a replay does not store them again (`storage.feedback`)."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import Connection, Index, Text, bindparam, delete, update
from sqlmodel import Field, Session, SQLModel, select

from storage.types import UTCDateTime
from storage.upsert import insert_for


class HandledRequest(SQLModel, table=True):
    __table_args__ = (Index("ix_handledrequest_handled_at", "handled_at"),)

    team_id: str = Field(primary_key=True, max_length=32)
    request_key: str = Field(primary_key=True, max_length=160, description="trigger id, action ts or view id+hash")
    handled_at: datetime = Field(sa_type=UTCDateTime)
    status: int | None = Field(default=None, description="the HTTP status of the first answer, once given")
    content_type: str | None = Field(default=None, max_length=64)
    answer: str | None = Field(default=None, sa_type=Text)


# Claims and answers are written on every command that may write, so they are plain statements, built once, on
# a connection (or a session's): no ORM unit of work.
Writer = Session | Connection


def claim(writer: Writer, *, team_id: str, request_key: str, now: datetime, forget_before: datetime | None) -> bool:
    """True when this request is new (and is now claimed); False when it was handled (or is being handled).
    Claims older than `forget_before` (when given) are dropped on the way."""
    connection = _connection(writer)
    if forget_before is not None:
        connection.execute(_FORGET, {"before": forget_before})
    row = {"team_id": team_id, "request_key": request_key, "handled_at": now}
    # ON CONFLICT DO NOTHING: a duplicate arriving at the same moment (another replica) waits for the first
    # insert to commit and then inserts nothing; no unique violation is raised or logged anywhere.
    return connection.execute(_claim(connection.dialect.name), row).first() is not None


def _connection(writer: Writer) -> Connection:
    return writer.connection() if isinstance(writer, Session) else writer


_TABLE = HandledRequest.__table__
_FORGET = delete(_TABLE).where(_TABLE.c.handled_at < bindparam("before"))
_KEEP = (
    update(_TABLE)
    .where(_TABLE.c.team_id == bindparam("team"), _TABLE.c.request_key == bindparam("key"), _TABLE.c.status.is_(None))
    .values(status=bindparam("status"), content_type=bindparam("content_type"), answer=bindparam("answer"))
)


@cache
def _claim(dialect: str):
    return (
        insert_for(dialect)(_TABLE)
        .on_conflict_do_nothing(index_elements=["team_id", "request_key"])
        .returning(_TABLE.c.team_id)
    )


def record_answers(writer: Writer, answers: list[dict]) -> None:
    """Keep the first answers to several claimed requests (`team`, `key`, `status`, `content_type`, `answer`
    each), sent at once; a later answer never replaces one."""
    _connection(writer).execute(_KEEP, answers)


def answer_of(session: Session, *, team_id: str, request_key: str) -> HandledRequest | None:
    """The stored first answer, or None while the first request is still being handled."""
    row = session.exec(
        select(HandledRequest).where(
            HandledRequest.team_id == team_id,
            HandledRequest.request_key == request_key,
            HandledRequest.status.is_not(None),
        )
    ).first()
    return row
