"""Ids of Slack events already handled, so a retried event is processed once."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow


class SeenEvent(SQLModel, table=True):
    team_id: str = Field(primary_key=True, max_length=32)
    event_id: str = Field(primary_key=True, max_length=64)
    seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
