"""Tables for feedback: notes about a person, peer feedback requests and the recognition channel."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from functools import cache
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    bindparam,
    exists,
)
from sqlmodel import Field, Session, SQLModel, select

from storage import replays
from storage.loaded import loaded
from storage.types import UTCDateTime, utcnow
from storage.upsert import insert_for


class Kind(StrEnum):
    PRAISE = "praise"
    COACHING = "coaching"


class Visibility(StrEnum):
    PRIVATE = "private"  # the subject's manager line and HR (and the author)
    SHARED = "shared"  # the subject too


class Source(StrEnum):
    COMMAND = "command"
    MODAL = "modal"
    SHORTCUT = "shortcut"
    REQUEST = "request"
    KUDOS = "kudos"


def _person_fk(nullable: bool = False) -> Column:
    return Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), index=True, nullable=nullable)


class Feedback(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("team_id", "client_key", name="uq_feedback_client_key"),
        # A person's notes in the order pages show them: the latest few are read without sorting them all.
        Index("ix_feedback_about", "subject_id", "anonymous", "created_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    subject_id: int = Field(sa_column=_person_fk())
    author_id: int = Field(sa_column=_person_fk())
    kind: Kind = Field(default=Kind.PRAISE, sa_type=String(16))
    visibility: Visibility = Field(default=Visibility.PRIVATE, sa_type=String(16))
    text: str = Field(sa_column=Column(Text, nullable=False))
    source: Source = Field(default=Source.COMMAND, sa_type=String(16))
    anonymous: bool = False
    # A goal of the subject's (goals live in another feature; a plain id until both are merged).
    goal_id: int | None = None
    company_value: str | None = Field(default=None, max_length=64)
    permalink: str | None = Field(default=None, max_length=500)
    request_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("feedbackrequest.id", ondelete="CASCADE"), index=True)
    )
    # What makes a submission unique (a view id, a trigger id): a retried or double submission stores one row.
    client_key: str | None = Field(default=None, max_length=128)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


def insert_once(writer: Session | Connection, **values: Any) -> tuple[Feedback | None, bool]:
    """Store a note from its column values (the model's defaults for those not given): (the note, True); or, when
    one is stored with its client key, (that one, False); or, when a note with that key was deleted a moment ago
    (`withdraw`), (None, False): a replay of the request that stored it does not store it again. One statement, no
    unit of work, the note built as a query would load it (a note is written on every `/feedback`, see
    `storage.loaded`). Two submissions racing on one key store one row and both get it. Written in a session, the
    note is known to it; on a connection of its own (`Database.single_write`), it is in no session."""
    unknown = values.keys() - _COLUMNS
    if unknown:
        raise TypeError(f"Feedback has no column {sorted(unknown)}")
    row = values | {
        name: Feedback.model_fields[name].get_default(call_default_factory=True) for name in _COLUMNS - values.keys()
    }
    connection = writer.connection() if isinstance(writer, Session) else writer
    new_id = connection.execute(_insert_once(connection.dialect.name), row).scalar()
    if new_id is None:
        return _stored_with_key(writer, row["team_id"], row["client_key"]), False
    feedback = loaded(Feedback, row | {"id": new_id})
    if isinstance(writer, Session):
        writer.add(feedback)  # the row as stored, known to the session without another INSERT
    return feedback, True


def _stored_with_key(writer: Session | Connection, team_id: str, client_key: str) -> Feedback | None:
    table = Feedback.__table__
    if isinstance(writer, Session):
        return writer.exec(
            select(Feedback).where(Feedback.team_id == team_id, Feedback.client_key == client_key)
        ).one_or_none()
    found = writer.execute(select(*table.c).where(table.c.team_id == team_id, table.c.client_key == client_key))
    row = found.one_or_none()
    return None if row is None else loaded(Feedback, row._mapping)


def withdraw(session: Session, note: Feedback, now: datetime) -> None:
    """Delete a note; its client key stays taken for as long as a replay of the request that stored it could come
    (`handlers.replays.REPLAY_WINDOW`, with the claims of handled requests), so the replay stores nothing."""
    if note.client_key is not None:
        replays.claim(session, team_id=note.team_id, request_key=note.client_key, now=now, forget_before=None)
    session.delete(note)


_COLUMNS = frozenset(column.key for column in Feedback.__table__.c if column.key != "id")


@cache
def _insert_once(dialect: str):
    """INSERT … SELECT the note's values unless its key was withdrawn, and nothing when its key is taken."""
    table, withdrawn = Feedback.__table__, replays.HandledRequest.__table__
    columns = [column for column in table.c if column.key != "id"]
    values = select(*[bindparam(column.key, type_=column.type) for column in columns]).where(
        ~exists().where(withdrawn.c.team_id == bindparam("team_id"), withdrawn.c.request_key == bindparam("client_key"))
    )
    return (
        insert_for(dialect)(table)
        .from_select(columns, values)
        .on_conflict_do_nothing(index_elements=["team_id", "client_key"])
        .returning(table.c.id)
    )


class FeedbackRequest(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    about_id: int = Field(sa_column=_person_fk())
    requester_id: int = Field(sa_column=_person_fk())
    deadline: datetime = Field(sa_type=UTCDateTime)
    closed_notice_sent: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class FeedbackAsk(SQLModel, table=True):
    """One colleague asked to answer a request."""

    __table_args__ = (UniqueConstraint("request_id", "responder_id", name="uq_feedbackask_responder"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    request_id: int = Field(
        sa_column=Column(Integer, ForeignKey("feedbackrequest.id", ondelete="CASCADE"), index=True, nullable=False)
    )
    responder_id: int = Field(sa_column=_person_fk())
    asked_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # How many two-day reminders are queued (set by the planner): the next is due once `asked_at` is that many
    # periods plus one behind, so a quiet minute finds no ask to look at.
    reminders_planned: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class RecognitionSetting(SQLModel, table=True):
    team_id: str = Field(primary_key=True, foreign_key="workspace.team_id", max_length=32)
    channel_id: str | None = Field(default=None, max_length=32)
    summarised_month: str | None = Field(default=None, max_length=7, description="last month summarised, YYYY-MM")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
