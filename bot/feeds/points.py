"""Points a feed sends: each is checked on its own (goal, agreement, cycle, time, the token's department) and
the good ones are recorded as metric points like any other; a (goal, time, source id) is stored once.

A whole request takes a fixed number of queries, whatever the number of points.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.feeds.schema import EXPLAINED, MetricPoint, PointResult, Reason, goal_id_of
from bot.goals import tracking
from bot.goals.tracking import goal_key
from bot.org import access
from storage.cycles import Cycle, CycleStatus
from storage.feeds import ApiToken, FeedPoint
from storage.goals import Goal, GoalStatus, Metric, OwnerKind
from storage.org import Person
from storage.upsert import insert_for


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


@dataclass(frozen=True)
class GoalRow:
    """What the checks need of a goal (plain columns: loading whole ORM rows would dominate a batch's time)."""

    id: int
    cycle_id: int
    status: str
    owner_kind: str
    owner_person_id: int | None
    owner_department: str | None
    title: str


GOAL_COLUMNS = (
    Goal.id,
    Goal.cycle_id,
    Goal.status,
    Goal.owner_kind,
    Goal.owner_person_id,
    Goal.owner_department,
    Goal.title,
)


@dataclass
class _Goals:
    """The goals, metrics, cycles and owners' departments a request names, loaded in one go."""

    by_id: dict[int, GoalRow] = field(default_factory=dict)
    by_owner_title: dict[tuple[str, str], list[GoalRow]] = field(default_factory=dict)
    metrics: dict[int, list[int]] = field(default_factory=dict)  # goal id -> metric ids
    cycles: dict[int, Cycle] = field(default_factory=dict)
    departments: dict[int, str | None] = field(default_factory=dict)  # owner id -> department
    bounds: dict[int, tuple[datetime, datetime]] = field(default_factory=dict)  # cycle id -> [start, end)


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
    goals: list[GoalRow] = []
    if ids:
        rows = session.exec(select(*GOAL_COLUMNS).where(Goal.team_id == team_id, col(Goal.id).in_(ids))).all()
        goals += [GoalRow(*row) for row in rows]
    if emails:
        rows = session.exec(
            select(*GOAL_COLUMNS, Person.email)
            .join(Person, Person.id == Goal.owner_person_id)
            .where(Goal.team_id == team_id, Person.team_id == team_id, func.lower(Person.email).in_(emails))
        ).all()
        for *columns, email in rows:
            goal = GoalRow(*columns)
            found.by_owner_title.setdefault((email.lower(), _title(goal.title)), []).append(goal)
            goals.append(goal)
    found.by_id = {goal.id: goal for goal in goals}
    if not goals:
        return found
    metrics = session.exec(select(Metric.goal_id, Metric.id).where(col(Metric.goal_id).in_(found.by_id))).all()
    for goal_id, metric_id in metrics:
        found.metrics.setdefault(goal_id, []).append(metric_id)
    cycle_ids = {goal.cycle_id for goal in goals}
    found.cycles = {c.id: c for c in session.exec(select(Cycle).where(col(Cycle.id).in_(cycle_ids)))}
    found.bounds = {
        c.id: (
            datetime.combine(c.starts_on, time.min, tzinfo=UTC),
            datetime.combine(c.ends_on, time.min, tzinfo=UTC) + timedelta(days=1),
        )
        for c in found.cycles.values()
    }
    owner_ids = {goal.owner_person_id for goal in goals if goal.owner_person_id}
    if owner_ids:
        found.departments = dict(
            session.exec(select(Person.id, Person.department).where(col(Person.id).in_(owner_ids))).all()
        )
    return found


def _resolve(found: _Goals, point: MetricPoint) -> GoalRow | Reason:
    if point.goal:
        return found.by_id.get(goal_id_of(point.goal), Reason.UNKNOWN_GOAL)
    candidates = found.by_owner_title.get((point.owner_email.strip().lower(), _title(point.goal_title)), [])
    if len(candidates) > 1:
        open_ones = [g for g in candidates if found.cycles[g.cycle_id].status != CycleStatus.CLOSED]
        candidates = open_ones if len(open_ones) == 1 else candidates
    if not candidates:
        return Reason.UNKNOWN_GOAL
    return candidates[0] if len(candidates) == 1 else Reason.AMBIGUOUS_GOAL


def department_of(found: _Goals, goal: GoalRow) -> str | None:
    if goal.owner_kind == OwnerKind.PERSON:
        return found.departments.get(goal.owner_person_id)
    return goal.owner_department if goal.owner_kind == OwnerKind.TEAM else None


def _refusal(found: _Goals, token: ApiToken, goal: GoalRow, point: MetricPoint) -> Reason | None:
    if not access.token_may_feed(token.department, department_of(found, goal)):
        return Reason.OUTSIDE_DEPARTMENT
    cycle = found.cycles[goal.cycle_id]
    if cycle.status == CycleStatus.CLOSED:
        return Reason.CYCLE_CLOSED
    if goal.status != GoalStatus.AGREED:
        return Reason.GOAL_NOT_AGREED
    if len(found.metrics.get(goal.id, [])) != 1:
        return Reason.NOT_ONE_METRIC
    starts, ends = found.bounds[goal.cycle_id]
    if not starts <= point.measured_at < ends:
        return Reason.TIME_OUTSIDE_CYCLE
    return None


def _refused(index: int, reason: Reason, goal: GoalRow | None = None) -> PointResult:
    key = goal_key(goal.id) if goal is not None else None
    return PointResult(index=index, status="refused", goal=key, reason=reason, detail=EXPLAINED[reason])


def record(session: Session, token: ApiToken, raw_points: list[Any], *, atomic: bool, now: datetime) -> Outcome:
    """Check every point and record the good ones (all or none when `atomic`), in the caller's transaction."""
    parsed = [parse_point(raw) for raw in raw_points]
    found = _load(session, token.team_id, [p for p in parsed if isinstance(p, MetricPoint)])
    results: list[PointResult | None] = [None] * len(parsed)
    planned: list[tuple[int, GoalRow, MetricPoint]] = []
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
    outcome = Outcome(results=results, atomic=atomic)  # every index is filled below
    if atomic and any(result is not None for result in results):
        for index, goal, _ in planned:
            results[index] = _refused(index, Reason.BATCH_REFUSED, goal)
        return outcome
    first: dict[tuple, tuple[int, GoalRow, MetricPoint]] = {}
    for index, goal, point in planned:
        first.setdefault((goal.id, point.measured_at.astimezone(UTC), point.source_id or ""), (index, goal, point))
    stored = _insert_new(session, token, first, now)
    fresh = [first[key] for key in first if key in stored]
    recorded = {index for index, _, _ in fresh}
    for index, goal, _ in planned:
        status = "recorded" if index in recorded else "duplicate"
        results[index] = PointResult(index=index, status=status, goal=goal_key(goal.id))
    if fresh:
        entries = [
            (found.metrics[goal.id][0], point.value, point.measured_at.astimezone(UTC)) for _, goal, point in fresh
        ]
        tracking.record_measured(session, entries, source="api", now=now, note=f"“{token.name}”")
    outcome.recorded = len(fresh)
    return outcome


def _insert_new(session: Session, token: ApiToken, first: dict[tuple, tuple], now: datetime) -> set[tuple]:
    """Insert the feed points whose (goal, time, source id) is not stored yet, in one statement; returns the keys
    it inserted. The unique key decides, so two requests racing with the same point store it once."""
    if not first:
        return set()
    table = FeedPoint.__table__
    dialect = session.get_bind().dialect.name
    statement = insert_for(dialect)(table)
    statement = statement.on_conflict_do_nothing(index_elements=["team_id", "goal_id", "measured_at", "source_id"])
    rows = [
        {
            "team_id": token.team_id,
            "goal_id": goal_id,
            "measured_at": measured_at,
            "source_id": source_id,
            "value": point.value,
            "token_id": token.id,
            "received_at": now,
        }
        for (goal_id, measured_at, source_id), (_, _, point) in first.items()
    ]
    returned = session.execute(statement.returning(table.c.goal_id, table.c.measured_at, table.c.source_id), rows)
    return {tuple(row) for row in returned}
