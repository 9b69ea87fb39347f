"""Tables for improvement and development plans: the plan, its action goals and their ticked periods."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow


class PlanKind(StrEnum):
    IMPROVEMENT = "improvement"
    DEVELOPMENT = "development"


class PlanStatus(StrEnum):
    OPEN = "open"
    MET = "met"
    EXTENDED = "extended"
    NOT_MET = "not_met"


class ActionKind(StrEnum):
    """What kind of development action a plan step is (a development plan seeded from a review uses them)."""

    TRAINING = "training"
    MENTORING = "mentoring"
    STRETCH = "stretch"  # a stretch project
    ROTATION = "rotation"


class Rhythm(StrEnum):
    WEEKLY = "weekly"  # every week
    MONTHLY = "monthly"  # every month
    THIS_MONTH = "this_month"  # once, within the month it was set


def _fk(table: str) -> Column:
    return Column(Integer, ForeignKey(f"{table}.id", ondelete="CASCADE"), index=True, nullable=False)


class Plan(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    owner_id: int = Field(sa_column=_fk("person"))
    manager_id: int = Field(sa_column=_fk("person"))
    kind: PlanKind = Field(sa_type=String(16))
    title: str = Field(max_length=300)
    review_date: date | None = None
    status: PlanStatus = Field(default=PlanStatus.OPEN, sa_type=String(16))
    outcome_note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The owner's ISO week whose Friday prompt is queued (set by the planner once it is).
    prompted_week: str | None = Field(default=None, max_length=16)


class PlanAction(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    plan_id: int = Field(sa_column=_fk("plan"))
    text: str = Field(max_length=300)
    rhythm: Rhythm = Field(sa_type=String(16))
    skill: str | None = Field(default=None, max_length=120)  # the skill or competency it develops
    action_kind: ActionKind | None = Field(default=None, sa_type=String(16))
    due_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # The first (UTC) day on which a period whose slip is not planned yet can have ended: until then the planner
    # has nothing to look at here (set by the planner; none yet: look now).
    slips_due_on: date | None = None


class PlanProgress(SQLModel, table=True):
    """An action goal ticked off for one period ("2027-W02" for weekly, "2027-01" for monthly)."""

    __table_args__ = (UniqueConstraint("action_id", "period", name="uq_planprogress_period"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    action_id: int = Field(sa_column=_fk("planaction"))
    period: str = Field(max_length=16)
    ticked_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
