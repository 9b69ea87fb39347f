"""The `perfbot shell` clock: where the sandbox workspace's time stands, kept between runs."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class ShellClock(SQLModel, table=True):
    team_id: str = Field(primary_key=True, foreign_key="workspace.team_id", max_length=32)
    now: datetime = Field(sa_type=UTCDateTime)
