"""How check-ins see goals: a person's active goals, and recording the progress given in a check-in.

Check-ins speak only the small `GoalSource` interface. `CycleGoals` is the real one (agreed goals in the
active cycle, progress kept as dated metric points); the composition root hands it to check-ins through
`Services.checkin_goals`. `NoGoals` leaves the goal question out; `MemoryGoals` is for the sandbox and tests.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from sqlmodel import Session

from bot.errors import NotFound
from bot.goals import cycles, reads, scorecard, tracking
from storage.goals import Goal, GoalType
from storage.goals import GoalStatus as Agreement
from storage.org import Person


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


NO_GOALS = NoGoals()


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


class CycleGoals:
    """The goals feature as check-ins see it: agreed goals of the active cycle, progress as metric points."""

    def active_goals(self, session: Session, team_id: str, person_id: int) -> list[GoalStatus]:
        cycle = cycles.active(session, team_id)
        person = session.get(Person, person_id)
        if cycle is None or person is None:
            return []
        agreed = [goal for goal in reads.goals_of(session, cycle, person) if goal.status == Agreement.AGREED]
        return [self._status(session, goal) for goal in agreed]

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
        goal = reads.get(session, team_id, int(goal_id))
        person = session.get(Person, person_id)
        if goal.owner_person_id != person_id or goal.status != Agreement.AGREED:
            raise NotFound("checkin.goal_unknown")
        metrics = reads.metrics_of(session, goal)
        if goal.goal_type == GoalType.MILESTONE:
            if progress is not None:
                tracking.mark_done(session, goal=goal, actor=person, done=progress >= 100, now=at)
        elif len(metrics) == 1:
            metric = metrics[0]
            if kpi_value is None and progress is not None:
                # "60 %" of the way from the metric's start to its target.
                kpi_value = metric.start_value + (metric.target_value - metric.start_value) * progress / 100
            if kpi_value is not None:
                tracking.record_value(
                    session,
                    metric=metric,
                    value=kpi_value,
                    now=at,
                    actor=person,
                    source="checkin",
                    field=f"kpi:{goal_id}",
                )
        # An objective with several key results moves through each key result, not one percentage.
        return self._status(session, goal)

    @staticmethod
    def _status(session: Session, goal: Goal) -> GoalStatus:
        metrics = reads.metrics_of(session, goal)
        single = metrics[0] if len(metrics) == 1 else None
        return GoalStatus(
            goal_id=str(goal.id),
            title=goal.title,
            progress=round(scorecard.goal_progress(goal, metrics) * 100),
            kpi_value=single.current_value if single else None,
            kpi_unit=single.unit if single else "",
        )
