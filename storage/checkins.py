"""Tables for weekly check-ins: schedules, the check-ins themselves, away days and managers' replies."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow

WORKSPACE_SCOPE = "workspace"


class CheckinSchedule(SQLModel, table=True):
    """When check-ins are asked and what is asked: the workspace default (HR) or one team's (its manager)."""

    __table_args__ = (UniqueConstraint("team_id", "scope", name="uq_checkin_schedule_scope"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    scope: str = Field(max_length=32, description="'workspace' or 'team:<manager person id>'")
    enabled: bool = True
    weekdays: str = Field(default="4", max_length=16, description="comma-separated, Monday=0")
    workdays: str = Field(default="0,1,2,3,4", max_length=16, description="working days, Monday=0")
    local_time: str = Field(default="16:00", max_length=5)
    reminder_delay_hours: int | None = Field(default=None, description="None: next working morning")
    reminder_time: str = Field(default="09:00", max_length=5)
    digest_time: str = Field(default="17:00", max_length=5, description="on the next working day after the prompt")
    country: str | None = Field(default=None, max_length=8, description="public holidays (holidays package)")
    digest_channel: str | None = Field(default=None, max_length=32)
    questions: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    updated_by: int | None = Field(default=None, foreign_key="person.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Checkin(SQLModel, table=True):
    """One person's check-in for one week (ISO week of the prompt, e.g. '2027-W01'); resubmitting edits it."""

    __table_args__ = (UniqueConstraint("team_id", "person_id", "week", name="uq_checkin_week"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    person_id: int = Field(foreign_key="person.id", index=True)
    week: str = Field(max_length=10)
    answers: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    mood: int | None = None
    blockers: str | None = Field(default=None, max_length=3000)
    revision: int = 1
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AwayPeriod(SQLModel, table=True):
    """Days a person is out: no prompt, no reminder (`/checkin skip`, `/checkin away FROM..TO`)."""

    __table_args__ = (Index("ix_awayperiod_person", "team_id", "person_id", "last_day"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    person_id: int = Field(foreign_key="person.id")
    first_day: date
    last_day: date
    reason: str = Field(default="away", max_length=16, description="'away' or 'skip'")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CheckinReply(SQLModel, table=True):
    """A manager's reply to a check-in: stored as feedback shared with the person, sent as a DM thread."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    checkin_id: int = Field(foreign_key="checkin.id", index=True)
    author_id: int = Field(foreign_key="person.id")
    subject_id: int = Field(foreign_key="person.id")
    text: str = Field(max_length=3000)
    request_id: str = Field(max_length=64, unique=True, description="the modal view id: a double submit is one reply")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
