"""Tables for reports: each workspace's scheduled-report settings, and the anonymous process survey."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow

SURVEY_QUESTIONS = ("fair", "clear_goals", "useful_feedback", "helpful_one_on_ones")


class ReportSetting(SQLModel, table=True):
    """HR's choices for scheduled reports: on or off, and the day of the month they go out."""

    team_id: str = Field(primary_key=True, foreign_key="workspace.team_id", max_length=32)
    enabled: bool = True
    day_of_month: int = 1
    planned_month: str | None = Field(default=None, max_length=7, description="last month planned, YYYY-MM")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Survey(SQLModel, table=True):
    """One process survey, launched by HR, usually at a cycle's end (at most one per cycle)."""

    __table_args__ = (UniqueConstraint("team_id", "cycle_id", name="uq_survey_cycle"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    cycle_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("cycle.id", ondelete="CASCADE"), nullable=True)
    )
    launched_by_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("person.id", ondelete="SET NULL"), nullable=True)
    )
    launched_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SurveyResponse(SQLModel, table=True):
    """That a person answered (so nobody answers twice); what they answered is kept apart, unlinked."""

    __table_args__ = (UniqueConstraint("survey_id", "person_id", name="uq_survey_response"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    survey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("survey.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False))


class SurveyAnswer(SQLModel, table=True):
    """One anonymous answer: a random id, no person, no time, only the department to group results by."""

    id: str = Field(primary_key=True, max_length=32)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    survey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("survey.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    department: str | None = Field(default=None, max_length=255)
    fair: int
    clear_goals: int
    useful_feedback: int
    helpful_one_on_ones: int
    comment: str = Field(default="", sa_column=Column(Text, nullable=False))
