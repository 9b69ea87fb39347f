"""What check-ins need from goals: a person's active goals, and recording progress given in a check-in.

Goals are their own feature; check-ins only speak this small interface. `SOURCE` is the implementation in
use: `NoGoals` until the goals feature plugs itself in with `use(...)` (see the README's check-ins section).
`MemoryGoals` is a plain working implementation for the sandbox and tests.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from sqlmodel import Session

from bot.errors import NotFound


@dataclass(frozen=True)
class GoalStatus:
    """A goal as a check-in shows it: progress in percent, and the KPI's current value if it has one."""

    goal_id: str
    title: str
    progress: int | None = None
    kpi_value: float | None = None
    kpi_unit: str = ""


class GoalSource(Protocol):
    def active_goals(self, session: Session, team_id: str, person_id: int) -> list[GoalStatus]:
        """The person's goals that a check-in asks about (agreed, not closed), in display order."""
        ...

    def record_progress(
        self,
        session: Session,
        team_id: str,
        person_id: int,
        goal_id: str,
        *,
        progress: int | None,
        kpi_value: float | None,
        at: datetime,
    ) -> GoalStatus:
        """Store the progress given in a check-in (same transaction); returns the goal as it is now.
        Raise bot.errors.NotFound if the goal is not the person's active goal."""
        ...


class NoGoals:
    """No goals feature: the goal-progress question is left out of the modal."""

    def active_goals(self, session: Session, team_id: str, person_id: int) -> list[GoalStatus]:
        return []

    def record_progress(self, session, team_id, person_id, goal_id, *, progress, kpi_value, at) -> GoalStatus:
        raise NotFound("checkin.goal_unknown")


class MemoryGoals:
    """Goals kept in memory, keyed by (team, person): enough for the sandbox and tests."""

    def __init__(self) -> None:
        self.goals: dict[tuple[str, int], list[GoalStatus]] = {}
        self.history: list[tuple[str, int, str, int | None, float | None, datetime]] = []

    def add(self, team_id: str, person_id: int, goal: GoalStatus) -> None:
        self.goals.setdefault((team_id, person_id), []).append(goal)

    def active_goals(self, session: Session, team_id: str, person_id: int) -> list[GoalStatus]:
        return list(self.goals.get((team_id, person_id), []))

    def record_progress(self, session, team_id, person_id, goal_id, *, progress, kpi_value, at) -> GoalStatus:
        goals = self.goals.get((team_id, person_id), [])
        for index, goal in enumerate(goals):
            if goal.goal_id == goal_id:
                updated = replace(
                    goal,
                    progress=goal.progress if progress is None else progress,
                    kpi_value=goal.kpi_value if kpi_value is None else kpi_value,
                )
                goals[index] = updated
                self.history.append((team_id, person_id, goal_id, progress, kpi_value, at))
                return updated
        raise NotFound("checkin.goal_unknown")


SOURCE: GoalSource = NoGoals()


def use(source: GoalSource) -> None:
    """Plug in the goals implementation check-ins talk to."""
    global SOURCE
    SOURCE = source


def source() -> GoalSource:
    return SOURCE
