"""The review packet: what a person's record says about the cycle, assembled so no review starts from nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from bot.goals import reads, scorecard
from bot.reviews.evidence import Item, record_items, window
from bot.reviews.scoring import goal_progress
from storage.checkins import Checkin
from storage.cycles import Cycle
from storage.goals import Goal, GoalStatus
from storage.org import Person


@dataclass
class GoalLine:
    goal: Goal
    progress: float
    perspective_weight: int


@dataclass
class Packet:
    subject: Person
    cycle: Cycle
    goals: list[GoalLine]
    scorecard_progress: float
    moods: list[int]
    items: list[Item] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Item]:
        return [item for item in self.items if item.kind == kind]


def agreed_goals(session: Session, cycle: Cycle, subject: Person) -> list[Goal]:
    return [g for g in reads.goals_of(session, cycle, subject) if g.status == GoalStatus.AGREED]


def assemble(session: Session, cycle: Cycle, subject: Person, viewer: Person, now: datetime) -> Packet:
    """The subject's packet as `viewer` may see it (the caller has checked `viewer` may review `subject`)."""
    card = reads.person_scorecard(session, cycle, subject)
    agreed = {g.id for g in agreed_goals(session, cycle, subject)}
    lines = [
        GoalLine(goal, progress, p.weight if card.bsc_enabled else 100)
        for p in card.perspectives
        for goal, progress in p.goals
        if goal.id in agreed
    ]
    start, end = window(cycle)
    moods = [
        mood
        for mood in session.exec(
            select(Checkin.mood)
            .where(Checkin.person_id == subject.id, Checkin.submitted_at >= start, Checkin.submitted_at < end)
            .order_by(Checkin.week)
        )
        if mood
    ]
    progress = goal_progress(card) or 0.0  # the same goal progress the final score uses
    return Packet(subject, cycle, lines, progress, moods, record_items(session, cycle, subject, viewer, now))


def progress_bar(progress: float) -> str:
    return scorecard.bar(progress)
