"""Points a feed sends: each is checked on its own (goal, agreement, cycle, time, the token's department) and
the good ones are recorded as metric points like any other; a (goal, time, source id) is stored once.

A whole request takes a fixed number of queries, whatever the number of points.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, insert
from sqlmodel import Session, col, select

from bot.feeds.schema import EXPLAINED, MetricPoint, PointResult, Reason, goal_id_of
from bot.goals import tracking
from bot.goals.tracking import goal_key
from storage.cycles import Cycle, CycleStatus
from storage.feeds import ApiToken, FeedPoint
from storage.goals import Goal, GoalStatus, Metric, OwnerKind
from storage.org import Person


@dataclass
class Outcome:
    results: list[PointResult]
    atomic: bool
    recorded: int = 0

    def count(self, status: str) -> int:
        return sum(1 for result in self.results if result.status == status)

    @property
    def refused_atomically(self) -> bool:
        return self.atomic and self.count("refused") > 0


@dataclass
class _Goals:
    """The goals, metrics, cycles and owners a request names, loaded in one go."""

    by_id: dict[int, Goal] = field(default_factory=dict)
    by_owner_title: dict[tuple[str, str], list[Goal]] = field(default_factory=dict)
    metrics: dict[int, list[Metric]] = field(default_factory=dict)
    cycles: dict[int, Cycle] = field(default_factory=dict)
    owners: dict[int, Person] = field(default_factory=dict)


def parse_point(raw: Any) -> MetricPoint | Reason:
    try:
        return MetricPoint.model_validate(raw)
    except ValidationError as error:
        if isinstance(raw, dict) and any(e["loc"][:1] == ("value",) for e in error.errors()):
            return Reason.VALUE_NOT_A_NUMBER
        return Reason.INVALID_POINT


def _title(text: str) -> str:
    return " ".join(text.split()).casefold()


def _load(session: Session, team_id: str, points: list[MetricPoint]) -> _Goals:
    found = _Goals()
    ids = {goal_id_of(p.goal) for p in points if p.goal}
    emails = {p.owner_email.strip().lower() for p in points if not p.goal and p.owner_email}
    goals: list[Goal] = []
    if ids:
        goals += session.exec(select(Goal).where(Goal.team_id == team_id, col(Goal.id).in_(ids))).all()
    if emails:
        rows = session.exec(
            select(Goal, Person)
            .join(Person, Person.id == Goal.owner_person_id)
            .where(Goal.team_id == team_id, Person.team_id == team_id, func.lower(Person.email).in_(emails))
        ).all()
        for goal, person in rows:
            found.by_owner_title.setdefault((person.email.lower(), _title(goal.title)), []).append(goal)
            goals.append(goal)
    found.by_id = {goal.id: goal for goal in goals}
    if not goals:
        return found
    for metric in session.exec(select(Metric).where(col(Metric.goal_id).in_(found.by_id)).order_by(Metric.id)):
        found.metrics.setdefault(metric.goal_id, []).append(metric)
    cycle_ids = {goal.cycle_id for goal in goals}
    found.cycles = {c.id: c for c in session.exec(select(Cycle).where(col(Cycle.id).in_(cycle_ids)))}
    owner_ids = {goal.owner_person_id for goal in goals if goal.owner_person_id}
    if owner_ids:
        found.owners = {p.id: p for p in session.exec(select(Person).where(col(Person.id).in_(owner_ids)))}
    return found


def _resolve(found: _Goals, point: MetricPoint) -> Goal | Reason:
    if point.goal:
        return found.by_id.get(goal_id_of(point.goal), Reason.UNKNOWN_GOAL)
    candidates = found.by_owner_title.get((point.owner_email.strip().lower(), _title(point.goal_title)), [])
    if len(candidates) > 1:
        open_ones = [g for g in candidates if found.cycles[g.cycle_id].status != CycleStatus.CLOSED]
        candidates = open_ones if len(open_ones) == 1 else candidates
    if not candidates:
        return Reason.UNKNOWN_GOAL
    return candidates[0] if len(candidates) == 1 else Reason.AMBIGUOUS_GOAL


def department_of(found: _Goals, goal: Goal) -> str | None:
    if goal.owner_kind == OwnerKind.PERSON:
        owner = found.owners.get(goal.owner_person_id)
        return owner.department if owner else None
    return goal.owner_department if goal.owner_kind == OwnerKind.TEAM else None


def _refusal(found: _Goals, token: ApiToken, goal: Goal, point: MetricPoint) -> Reason | None:
    if token.department is not None and (department_of(found, goal) or "").casefold() != token.department.casefold():
        return Reason.OUTSIDE_DEPARTMENT
    cycle = found.cycles[goal.cycle_id]
    if cycle.status == CycleStatus.CLOSED:
        return Reason.CYCLE_CLOSED
    if goal.status != GoalStatus.AGREED:
        return Reason.GOAL_NOT_AGREED
    if len(found.metrics.get(goal.id, [])) != 1:
        return Reason.NOT_ONE_METRIC
    starts = datetime.combine(cycle.starts_on, time.min, tzinfo=UTC)
    ends = datetime.combine(cycle.ends_on, time.min, tzinfo=UTC) + timedelta(days=1)
    if not starts <= point.measured_at < ends:
        return Reason.TIME_OUTSIDE_CYCLE
    return None


def _refused(index: int, reason: Reason, goal: Goal | None = None) -> PointResult:
    key = goal_key(goal.id) if goal is not None else None
    return PointResult(index=index, status="refused", goal=key, reason=reason, detail=EXPLAINED[reason])


def record(session: Session, token: ApiToken, raw_points: list[Any], *, atomic: bool, now: datetime) -> Outcome:
    """Check every point and record the good ones (all or none when `atomic`), in the caller's transaction."""
    parsed = [parse_point(raw) for raw in raw_points]
    found = _load(session, token.team_id, [p for p in parsed if isinstance(p, MetricPoint)])
    results: list[PointResult | None] = [None] * len(parsed)
    planned: list[tuple[int, Goal, MetricPoint]] = []
    for index, point in enumerate(parsed):
        if isinstance(point, Reason):
            results[index] = _refused(index, point)
            continue
        goal = _resolve(found, point)
        if isinstance(goal, Reason):
            results[index] = _refused(index, goal)
            continue
        reason = _refusal(found, token, goal, point)
        if reason is not None:
            results[index] = _refused(index, reason, goal)
            continue
        planned.append((index, goal, point))
    seen = _already_stored(session, token.team_id, planned)
    fresh: list[tuple[int, Goal, MetricPoint]] = []
    for index, goal, point in planned:
        key = (goal.id, point.measured_at.astimezone(UTC), point.source_id or "")
        status = "duplicate" if key in seen else "recorded"
        seen.add(key)
        results[index] = PointResult(index=index, status=status, goal=goal_key(goal.id))
        if status == "recorded":
            fresh.append((index, goal, point))
    outcome = Outcome(results=[r for r in results if r is not None], atomic=atomic)
    if outcome.refused_atomically:
        for index, goal, _ in fresh:
            outcome.results[index] = _refused(index, Reason.BATCH_REFUSED, goal)
        return outcome
    _store(session, token, found, fresh, now)
    outcome.recorded = len(fresh)
    return outcome


def _already_stored(session: Session, team_id: str, planned: list[tuple[int, Goal, MetricPoint]]) -> set:
    if not planned:
        return set()
    times = {point.measured_at.astimezone(UTC) for _, _, point in planned}
    rows = session.exec(
        select(FeedPoint.goal_id, FeedPoint.measured_at, FeedPoint.source_id).where(
            FeedPoint.team_id == team_id,
            col(FeedPoint.goal_id).in_({goal.id for _, goal, _ in planned}),
            col(FeedPoint.measured_at).in_(times),
        )
    ).all()
    return {(goal_id, measured_at, source_id) for goal_id, measured_at, source_id in rows}


def _store(
    session: Session, token: ApiToken, found: _Goals, fresh: list[tuple[int, Goal, MetricPoint]], now: datetime
) -> None:
    if not fresh:
        return
    entries = [(found.metrics[goal.id][0], point.value, point.measured_at.astimezone(UTC)) for _, goal, point in fresh]
    session.execute(
        insert(FeedPoint),
        [
            {
                "team_id": token.team_id,
                "goal_id": goal.id,
                "measured_at": point.measured_at.astimezone(UTC),
                "source_id": point.source_id or "",
                "value": point.value,
                "token_id": token.id,
                "received_at": now,
            }
            for _, goal, point in fresh
        ],
    )
    tracking.record_measured(session, entries, source="api", now=now, note=f"“{token.name}”")
