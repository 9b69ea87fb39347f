"""Helpers for review tests: a Q1 cycle with an agreed KPI goal per person, and moments in its timetable."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session

from bot.goals import cycles
from storage.cycles import Cycle
from storage.goals import Direction, Goal, GoalStatus, GoalType, Metric, OwnerKind
from storage.org import Person

Q1_START, Q1_END = date(2027, 1, 1), date(2027, 3, 31)
# Moments inside the suggested Q1 timetable (London 10:00, within working hours).
SELF_REVIEW = datetime(2027, 2, 24, 10, 0, tzinfo=UTC)
PEER_REVIEW = datetime(2027, 3, 3, 10, 0, tzinfo=UTC)
MANAGER_REVIEW = datetime(2027, 3, 10, 10, 0, tzinfo=UTC)
CALIBRATION = datetime(2027, 3, 17, 10, 0, tzinfo=UTC)
RESULTS = datetime(2027, 3, 24, 10, 0, tzinfo=UTC)


def q1(session: Session, team_id: str, hr: Person, *, now: datetime = SELF_REVIEW) -> Cycle:
    cycle, _ = cycles.create(
        session,
        team_id=team_id,
        actor=hr,
        name="2027 Q1",
        cadence="quarterly",
        starts_on=Q1_START,
        ends_on=Q1_END,
        timetable=cycles.suggested_timetable(Q1_START, Q1_END),
        now=now,
    )
    cycles.activate(session, cycle)
    session.flush()
    return cycle


def agreed_goal(
    session: Session, cycle: Cycle, owner: Person, title: str = "Cut p95 latency", *, progress: float = 0.5
) -> Goal:
    """An agreed KPI in the internal perspective, `progress` of the way from 400 ms to 200 ms."""
    goal = Goal(
        team_id=owner.team_id,
        cycle_id=cycle.id,
        owner_kind=OwnerKind.PERSON,
        owner_person_id=owner.id,
        title=title,
        perspective="internal",
        goal_type=GoalType.KPI,
        weight=100,
        status=GoalStatus.AGREED,
    )
    session.add(goal)
    session.flush()
    current = 400 - 200 * progress
    session.add(
        Metric(
            team_id=owner.team_id,
            goal_id=goal.id,
            name=title,
            unit="ms",
            start_value=400,
            target_value=200,
            current_value=current,
            direction=Direction.LOWER,
        )
    )
    session.flush()
    return goal
