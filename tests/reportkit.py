"""A small organisation with known numbers for report tests: goals with points, check-ins, feedback, kudos."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from storage.checkins import Checkin
from storage.cycles import Cycle
from storage.feedback import Feedback, Kind, Source, Visibility
from storage.goals import Direction, Goal, GoalStatus, GoalType, Metric, MetricPoint
from storage.org import Person
from tests import goalkit

TEAM = goalkit.TEAM
T0 = datetime(2027, 1, 5, 12, 0, tzinfo=UTC)


@dataclass
class Org:
    people: goalkit.People
    cycle: Cycle


def add_goal(
    session: Session,
    cycle: Cycle,
    owner: Person,
    title: str,
    perspective: str,
    *,
    start: float,
    target: float,
    current: float,
    points: tuple[float, ...] = (),
    weight: int = 100,
    status: GoalStatus = GoalStatus.AGREED,
) -> Metric:
    team = owner.team_id
    goal = Goal(
        team_id=team,
        cycle_id=cycle.id,
        owner_person_id=owner.id,
        title=title,
        perspective=perspective,
        goal_type=GoalType.KPI,
        weight=weight,
        status=status,
    )
    session.add(goal)
    session.flush()
    direction = Direction.HIGHER if target >= start else Direction.LOWER
    metric = Metric(
        team_id=team,
        goal_id=goal.id,
        name=title,
        unit="u",
        start_value=start,
        target_value=target,
        current_value=current,
        direction=direction,
    )
    session.add(metric)
    session.flush()
    for step, value in enumerate(points):
        session.add(
            MetricPoint(team_id=team, metric_id=metric.id, value=value, recorded_at=T0 + timedelta(days=7 * step))
        )
    return metric


def checkin(session: Session, person: Person, week: str, mood: int) -> None:
    session.add(Checkin(team_id=person.team_id, person_id=person.id, week=week, answers=[], mood=mood, submitted_at=T0))


def feedback(session: Session, author: Person, subject: Person, *, kudos=False, anonymous=False, text="Good") -> None:
    session.add(
        Feedback(
            team_id=author.team_id,
            author_id=author.id,
            subject_id=subject.id,
            kind=Kind.PRAISE,
            visibility=Visibility.SHARED,
            text=text,
            source=Source.KUDOS if kudos else Source.COMMAND,
            anonymous=anonymous,
            created_at=T0,
        )
    )


def build(session: Session) -> Org:
    """Olga > Maria > Ken in Engineering; Zoe in Sales; Hana HR. Ken: a KPI half-way (internal) and a
    financial one done; Zoe: a customer KPI at 0. Check-ins in W01 and W02, feedback and kudos."""
    people = goalkit.people(session)
    cycle = goalkit.q1(session, people.hana)
    add_goal(
        session, cycle, people.ken, "Cut latency", "internal", start=400, target=200, current=300, points=(350, 300)
    )
    add_goal(session, cycle, people.ken, "Revenue", "financial", start=0, target=10, current=10, points=(10,))
    add_goal(session, cycle, people.zoe, "NPS", "customer", start=20, target=40, current=20)
    add_goal(session, cycle, people.zoe, "Draft", "customer", start=0, target=1, current=1, status=GoalStatus.DRAFT)
    checkin(session, people.ken, "2027-W01", 4)
    checkin(session, people.ken, "2027-W02", 2)
    checkin(session, people.zoe, "2027-W01", 5)
    feedback(session, people.maria, people.ken)
    feedback(session, people.maria, people.ken, text="Second")
    feedback(session, people.zoe, people.ken, kudos=True)
    feedback(session, people.ken, people.zoe, anonymous=True, text="Anonymous words")
    session.flush()
    return Org(people, cycle)
