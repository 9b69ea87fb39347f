"""What check-in operations return: the stored check-in, the goal progress it moved, a person's streak."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.checkins import Checkin


@dataclass
class GoalChange:
    goal_id: str
    title: str
    before: int | None
    after: int | None
    kpi_value: float | None = None


@dataclass
class Submitted:
    checkin: Checkin
    created: bool
    changed: bool
    goals: list[GoalChange] = field(default_factory=list)


@dataclass
class Stats:
    streak: int
    participation: int | None  # percent of prompted weeks answered, None before the first prompt
