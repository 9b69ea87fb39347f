"""Tables for evaluation cycles: the cycle, its dated phases, and per-department scorecard weights."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow


class CycleStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"


class Cycle(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("team_id", "name", name="uq_cycle_name"),
        # At most one active cycle per workspace, enforced by the database as well as the domain.
        Index(
            "uq_cycle_one_active",
            "team_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    name: str = Field(max_length=80)
    cadence: str = Field(sa_type=String(16))
    starts_on: date
    ends_on: date
    status: CycleStatus = Field(default=CycleStatus.DRAFT, sa_type=String(16))
    bsc_enabled: bool = True
    weights: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    reminder_days: list[int] = Field(default_factory=lambda: [3, 1], sa_column=Column(JSON, nullable=False))
    created_by_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("person.id", ondelete="SET NULL"))
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CyclePhase(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("cycle_id", "kind", name="uq_cycle_phase"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    cycle_id: int = Field(sa_column=Column(Integer, ForeignKey("cycle.id", ondelete="CASCADE"), nullable=False))
    kind: str = Field(sa_type=String(24))
    opens_on: date
    due_on: date


class DepartmentWeights(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("cycle_id", "department", name="uq_department_weights"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    cycle_id: int = Field(sa_column=Column(Integer, ForeignKey("cycle.id", ondelete="CASCADE"), nullable=False))
    department: str = Field(max_length=255)
    weights: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
