"""Tables for one-to-ones: the manager–report pair, its meetings and their agenda items."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow


class ItemKind(StrEnum):
    TALKING_POINT = "talking_point"
    NOTE = "note"
    ACTION = "action"


def _fk(table: str, *, nullable: bool = False) -> Column:
    return Column(Integer, ForeignKey(f"{table}.id", ondelete="CASCADE"), index=True, nullable=nullable)


class OneOnOne(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("team_id", "manager_id", "report_id", name="uq_oneonone_pair"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    manager_id: int = Field(sa_column=_fk("person"))
    report_id: int = Field(sa_column=_fk("person"))
    cadence_days: int | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Meeting(SQLModel, table=True):
    """One meeting of a pair; the one with `held_at` unset is the running agenda."""

    __table_args__ = (UniqueConstraint("pair_id", "number", name="uq_meeting_number"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    pair_id: int = Field(sa_column=_fk("oneonone"))
    number: int = 1
    scheduled_for: datetime | None = Field(default=None, sa_type=UTCDateTime)
    held_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AgendaItem(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    meeting_id: int = Field(sa_column=_fk("meeting"))
    # Where an action item was first agreed (it moves to each next meeting while it is open).
    origin_meeting_id: int | None = Field(default=None, sa_column=_fk("meeting", nullable=True))
    kind: ItemKind = Field(sa_type=String(16))
    author_id: int = Field(sa_column=_fk("person"))
    text: str = Field(sa_column=Column(Text, nullable=False))
    owner_id: int | None = Field(default=None, sa_column=_fk("person", nullable=True))
    due: date | None = None
    # Set by the planner once the owner's reminder on the due day is queued.
    due_reminded: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
