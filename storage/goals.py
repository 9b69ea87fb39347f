"""Tables for goals: the goal, its measured metrics (key results / KPIs), dated metric points and history."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Float, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow


class OwnerKind(StrEnum):
    PERSON = "person"
    TEAM = "team"
    COMPANY = "company"


class GoalType(StrEnum):
    OBJECTIVE = "objective"
    KPI = "kpi"
    MILESTONE = "milestone"


class GoalStatus(StrEnum):
    DRAFT = "draft"
    PROPOSED = "proposed"
    CHANGES_REQUESTED = "changes_requested"
    AGREED = "agreed"
    ASSIGNED = "assigned"  # set by the manager, waiting for the owner's acknowledgement


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


def _person_fk(nullable: bool = True, ondelete: str = "SET NULL") -> Column:
    return Column(Integer, ForeignKey("person.id", ondelete=ondelete), nullable=nullable, index=True)


class Goal(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    cycle_id: int = Field(sa_column=Column(Integer, ForeignKey("cycle.id", ondelete="CASCADE"), nullable=False))
    owner_kind: OwnerKind = Field(default=OwnerKind.PERSON, sa_type=String(16))
    owner_person_id: int | None = Field(default=None, sa_column=_person_fk(ondelete="CASCADE"))
    owner_department: str | None = Field(default=None, max_length=255)
    title: str = Field(max_length=150)
    description: str = Field(default="", max_length=3000)
    perspective: str | None = Field(default=None, sa_type=String(24))
    goal_type: GoalType = Field(default=GoalType.KPI, sa_type=String(16))
    weight: int = 0
    due_on: date | None = None
    parent_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("goal.id", ondelete="SET NULL"), index=True)
    )
    status: GoalStatus = Field(default=GoalStatus.DRAFT, sa_type=String(24))
    done: bool = False  # milestones
    created_by_id: int | None = Field(default=None, sa_column=_person_fk())
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Metric(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    goal_id: int = Field(
        sa_column=Column(Integer, ForeignKey("goal.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    name: str = Field(max_length=150)
    unit: str = Field(default="", max_length=32)
    start_value: float = Field(sa_column=Column(Float, nullable=False))
    target_value: float = Field(sa_column=Column(Float, nullable=False))
    current_value: float = Field(sa_column=Column(Float, nullable=False))
    direction: Direction = Field(default=Direction.HIGHER, sa_type=String(8))


class MetricPoint(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    metric_id: int = Field(
        sa_column=Column(Integer, ForeignKey("metric.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    value: float = Field(sa_column=Column(Float, nullable=False))
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    recorded_by_id: int | None = Field(default=None, sa_column=_person_fk())
    source: str = Field(default="slack", sa_type=String(16))


class GoalEvent(SQLModel, table=True):
    """One step of a goal's history: who moved it from what to what, when, and why."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    goal_id: int = Field(
        sa_column=Column(Integer, ForeignKey("goal.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    action: str = Field(sa_type=String(24))
    from_status: str | None = Field(default=None, sa_type=String(24))
    to_status: str = Field(sa_type=String(24))
    actor_id: int | None = Field(default=None, sa_column=_person_fk())
    at: datetime = Field(sa_type=UTCDateTime)
    comment: str = Field(default="", max_length=3000)
