"""Tables for live KPI feeds: API tokens (only a hash of each is kept) and the points feeds sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Float, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow


class ApiToken(SQLModel, table=True):
    """A token an integration authenticates with; the token itself is shown once and never stored."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    name: str = Field(max_length=100)
    token_hash: str = Field(max_length=64, unique=True)  # sha256 hex of the token
    department: str | None = Field(default=None, max_length=255)  # None: every goal in the workspace
    created_by_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("person.id", ondelete="SET NULL"))
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class FeedPoint(SQLModel, table=True):
    """One point a feed recorded: the same goal, measured-at time and source id is stored once."""

    __table_args__ = (UniqueConstraint("team_id", "goal_id", "measured_at", "source_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    goal_id: int = Field(sa_column=Column(Integer, ForeignKey("goal.id", ondelete="CASCADE"), nullable=False))
    measured_at: datetime = Field(sa_type=UTCDateTime)
    source_id: str = Field(default="", max_length=200)  # "" when the feed gave none
    value: float = Field(sa_column=Column(Float, nullable=False))
    token_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("apitoken.id", ondelete="SET NULL"), index=True)
    )
    received_at: datetime = Field(sa_type=UTCDateTime)
