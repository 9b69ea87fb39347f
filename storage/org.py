"""Tables for workspaces and the people in them (synced from Slack, enriched by HR)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Integer, RowMapping, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.loaded import loaded
from storage.types import UTCDateTime, utcnow


class Role(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    HR_ADMIN = "hr_admin"


class Workspace(SQLModel, table=True):
    team_id: str = Field(primary_key=True, max_length=32)
    name: str = Field(default="", max_length=255)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Person(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("team_id", "slack_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    slack_id: str = Field(max_length=32)
    name: str = Field(default="", max_length=255)
    email: str | None = Field(default=None, max_length=255, index=True)
    tz: str = Field(default="UTC", max_length=64)
    locale: str = Field(default="en-US", max_length=16)
    is_active: bool = True
    role: Role = Field(default=Role.EMPLOYEE, sa_type=String(16))
    department: str | None = Field(default=None, max_length=255)
    manager_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("person.id", ondelete="SET NULL"), index=True)
    )
    is_primary_owner: bool = False
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


def detached(row: RowMapping) -> Person:
    """A Person from a row of all its columns read through Core, in no session (see `storage.loaded`)."""
    return loaded(Person, row)
