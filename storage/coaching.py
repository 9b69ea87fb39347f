"""Tables for coaching: HR's thresholds, managers' digest choice, raised nudges, snoozes and company guide pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow


def _person_fk() -> Column:
    return Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False)


class CoachingSettings(SQLModel, table=True):
    """HR's nudge thresholds for a workspace (missing keys take the defaults in bot/coaching/settings.py)."""

    team_id: str = Field(primary_key=True, foreign_key="workspace.team_id", max_length=32)
    values: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CoachingPreference(SQLModel, table=True):
    """A manager's own choice: the weekly digest on (the default) or off."""

    __table_args__ = (UniqueConstraint("team_id", "person_id", name="uq_coachingpreference_person"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    person_id: int = Field(sa_column=_person_fk())
    digest_enabled: bool = True
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Nudge(SQLModel, table=True):
    """One nudge raised in a manager's weekly digest (about one report, or the team), and whether it was acted on."""

    __table_args__ = (
        UniqueConstraint("team_id", "manager_id", "subject_id", "rule", "week", name="uq_nudge_week"),
        Index("ix_nudge_manager", "team_id", "manager_id", "raised_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    manager_id: int = Field(sa_column=_person_fk())
    subject_id: int = Field(sa_column=_person_fk())  # the report; the manager themself for team-wide nudges
    rule: str = Field(sa_type=String(24))
    week: str = Field(max_length=10, description="ISO week of the digest, e.g. 2027-W02")
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    raised_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    acted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    action: str | None = Field(default=None, sa_type=String(24))


class NudgeSnooze(SQLModel, table=True):
    """A manager silenced one rule about one person until a date."""

    __table_args__ = (UniqueConstraint("team_id", "manager_id", "subject_id", "rule", name="uq_nudgesnooze"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    manager_id: int = Field(sa_column=_person_fk())
    subject_id: int = Field(sa_column=_person_fk())
    rule: str = Field(sa_type=String(24))
    until: date
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class GuidePage(SQLModel, table=True):
    """A company page HR adds to `/perf guide` (e.g. the company's values)."""

    __table_args__ = (UniqueConstraint("team_id", "slug", name="uq_guidepage_slug"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    slug: str = Field(max_length=32)
    title: str = Field(max_length=150)
    body: str = Field(sa_column=Column(Text, nullable=False))
    updated_by: int | None = Field(default=None, foreign_key="person.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
