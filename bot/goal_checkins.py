"""How other features see the goals: check-ins ask about a person's agreed goals in the active cycle and
record progress as dated metric points (or a milestone done); feedback links to a person's goals."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot import cycles, goal_metrics, goals, scorecard
from bot.checkin_goals import GoalStatus
from bot.errors import NotFound
from storage.goals import Goal, GoalType
from storage.goals import GoalStatus as Agreement
from storage.org import Person


class CycleGoals:
    """The goals feature as check-ins see it (see bot.checkin_goals.GoalSource)."""

    def active_goals(self, session: Session, team_id: str, person_id: int) -> list[GoalStatus]:
        cycle = cycles.active(session, team_id)
        person = session.get(Person, person_id)
        if cycle is None or person is None:
            return []
        agreed = [goal for goal in goals.goals_of(session, cycle, person) if goal.status == Agreement.AGREED]
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
        goal = goals.get(session, team_id, int(goal_id))
        person = session.get(Person, person_id)
        if goal.owner_person_id != person_id or goal.status != Agreement.AGREED:
            raise NotFound("checkin.goal_unknown")
        metrics = goals.metrics_of(session, goal)
        if goal.goal_type == GoalType.MILESTONE:
            if progress is not None:
                goal_metrics.mark_done(session, goal=goal, actor=person, done=progress >= 100, now=at)
        elif len(metrics) == 1:
            metric = metrics[0]
            if kpi_value is None and progress is not None:
                # "60 %" of the way from the metric's start to its target.
                kpi_value = metric.start_value + (metric.target_value - metric.start_value) * progress / 100
            if kpi_value is not None:
                goal_metrics.record_value(
                    session, metric=metric, value=kpi_value, now=at, actor=person, source="checkin"
                )
        # An objective with several key results moves through each key result, not one percentage.
        return self._status(session, goal)

    @staticmethod
    def _status(session: Session, goal: Goal) -> GoalStatus:
        metrics = goals.metrics_of(session, goal)
        single = metrics[0] if len(metrics) == 1 else None
        return GoalStatus(
            goal_id=str(goal.id),
            title=goal.title,
            progress=round(scorecard.goal_progress(goal, metrics) * 100),
            kpi_value=single.current_value if single else None,
            kpi_unit=single.unit if single else "",
        )


def goal_choices(session: Session, person: Person) -> list[tuple[int, str]]:
    """The person's goals in the active cycle that feedback may be linked to, as (id, title)."""
    cycle = cycles.active(session, person.team_id)
    return [] if cycle is None else [(goal.id, goal.title) for goal in goals.goals_of(session, cycle, person)]
