"""A person's own small dashboard for the App Home: goal progress, recent check-ins, feedback received."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import bindparam
from sqlmodel import Session, select

from bot.goals import cycles, reads
from bot.goals.scorecard import goal_progress
from bot.record import feedback_reads
from bot.reports.data import COUNTED_GOALS
from storage.checkins import Checkin
from storage.goals import OwnerKind
from storage.org import Person

RECENT_WEEKS = 4


@dataclass
class Dashboard:
    cycle: str | None = None
    goals: list[tuple[str, float]] = field(default_factory=list)
    checkins: list[tuple[str, int | None]] = field(default_factory=list)
    feedback_received: int = 0
    latest_feedback: date | None = None


# Asked on every App Home: built once.
_RECENT_CHECKINS = (
    select(Checkin.week, Checkin.mood)
    .where(Checkin.team_id == bindparam("team_id"), Checkin.person_id == bindparam("person_id"))
    .order_by(Checkin.week.desc())
    .limit(RECENT_WEEKS)
)


def own(session: Session, person: Person, now: datetime) -> Dashboard:
    board = Dashboard()
    cycle = cycles.active(session, person.team_id)
    if cycle is not None:
        board.cycle = cycle.name
        # The person's goals and their metrics, in one statement read once with the goals section of the page.
        own_goals, metrics = reads.goals_with_metrics(session, cycle, person)
        board.goals = [
            (goal.title, goal_progress(goal, metrics[goal.id]))
            for goal in own_goals
            if goal.owner_kind == OwnerKind.PERSON and goal.status in COUNTED_GOALS
        ]
    mine = {"team_id": person.team_id, "person_id": person.id}
    session.flush()  # plain statements are not preceded by the session's autoflush
    connection = session.connection()
    recent = connection.execute(_RECENT_CHECKINS, mine).all()
    board.checkins = [(week, mood) for week, mood in reversed(recent)]
    # Read once with the feedback section of the same page.
    _, visible = feedback_reads.received(session, person, now=now, latest=0)
    board.feedback_received = len(visible)
    board.latest_feedback = visible[0].created_at.date() if visible else None
    return board
