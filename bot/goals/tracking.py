"""Live numbers: recording a metric's value as a dated point (owner, manager line, or HR's import),
reading the points back, and marking milestones done."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func, insert, update
from sqlmodel import Session, col, select

from bot.errors import Forbidden, Invalid, NotFound
from bot.goals import cycles
from bot.goals.negotiation import role_of
from bot.org import access
from bot.text import escape
from storage.cycles import CycleStatus
from storage.goals import Goal, GoalEvent, GoalType, Metric, MetricPoint, OwnerKind
from storage.org import Person


def goal_key(goal_id: int) -> str:
    """The stable key HR sees on a goal and integrations name it by, e.g. G-142."""
    return f"G-{goal_id}"


def points(session: Session, metric: Metric) -> list[MetricPoint]:
    return list(
        session.exec(
            select(MetricPoint)
            .where(MetricPoint.metric_id == metric.id)
            .order_by(MetricPoint.recorded_at, MetricPoint.id)
        )
    )


def can_update_numbers(session: Session, actor: Person, goal: Goal) -> bool:
    if goal.owner_kind != OwnerKind.PERSON:
        return access.is_hr(actor) or goal.created_by_id == actor.id
    return role_of(session, actor, goal) is not None


def impossible_value(metric: Metric, value: float) -> bool:
    """A negative value for a metric that counts from one non-negative number to another (latency, a rate,
    a count) is a typo, not progress: lower-is-better would otherwise show it as 100 %."""
    return value < 0 <= min(metric.start_value, metric.target_value)


def check_value(metric: Metric, value: float, *, field: str = "value") -> None:
    if impossible_value(metric, value):
        raise Invalid(
            "goal.negative_value",
            field=field,
            metric=escape(metric.name),
            start=f"{metric.start_value:g}",
            target=f"{metric.target_value:g}",
            value=f"{value:g}",
        )


def record_value(
    session: Session,
    *,
    metric: Metric,
    value: float,
    now: datetime,
    actor: Person | None,
    source: str = "slack",
    field: str = "value",
) -> MetricPoint:
    """Set a metric's current value and keep it as a dated point (owner or manager line; HR via import)."""
    check_value(metric, value, field=field)
    goal = session.get(Goal, metric.goal_id)
    cycle = cycles.get(session, goal.team_id, goal.cycle_id)
    if cycle.status == CycleStatus.CLOSED:
        raise Invalid("cycle.closed", name=cycle.name)
    if actor is not None and not can_update_numbers(session, actor, goal):
        raise Forbidden("goal.update_forbidden")
    metric.current_value = value
    goal.updated_at = now
    point = MetricPoint(
        team_id=metric.team_id,
        metric_id=metric.id,
        value=value,
        recorded_at=now,
        recorded_by_id=actor.id if actor else None,
        source=source,
    )
    session.add(point)
    session.flush()
    return point


def record_measured(
    session: Session, entries: list[tuple[int, float, datetime]], *, source: str, now: datetime, note: str = ""
) -> int:
    """Keep each (metric id, value, measured at) as a dated point, in a fixed number of statements whatever the
    number of points: a metric's current value becomes its latest measured point's, so a late-arriving older
    point never overwrites a newer one. The caller has checked that the goals' cycles are open. With `note`,
    each goal's history gets one line saying who sent the values (e.g. an API token's name). Bulk statements:
    Metric and Goal objects already loaded in `session` are not refreshed."""
    if not entries:
        return 0
    metric_ids = {metric_id for metric_id, _, _ in entries}
    metrics = {
        row[0]: row
        for row in session.exec(
            select(Metric.id, Metric.team_id, Metric.goal_id, Metric.unit, Metric.current_value, Goal.status)
            .join(Goal, Goal.id == Metric.goal_id)
            .where(col(Metric.id).in_(metric_ids))
        ).all()
    }
    latest = dict(
        session.exec(
            select(MetricPoint.metric_id, func.max(MetricPoint.recorded_at))
            .where(col(MetricPoint.metric_id).in_(metric_ids))
            .group_by(MetricPoint.metric_id)
        ).all()
    )
    current = {metric_id: row[4] for metric_id, row in metrics.items()}
    rows = []
    for metric_id, value, at in entries:
        rows.append(
            {"team_id": metrics[metric_id][1], "metric_id": metric_id, "value": value, "recorded_at": at}
            | {"source": source}
        )
        if latest.get(metric_id) is None or at >= latest[metric_id]:
            latest[metric_id] = at
            current[metric_id] = value
    # Core statements on the tables: executemany, without the ORM's per-row bookkeeping.
    metric_table, goal_table = Metric.__table__, Goal.__table__
    session.execute(insert(MetricPoint.__table__), rows)
    session.execute(
        update(metric_table).where(metric_table.c.id == bindparam("metric")).values(current_value=bindparam("value")),
        [{"metric": i, "value": current[i]} for i in sorted(metric_ids)],
    )
    session.execute(
        update(goal_table).where(goal_table.c.id == bindparam("goal")).values(updated_at=now),
        [{"goal": goal_id} for goal_id in sorted({metrics[i][2] for i in metric_ids})],
    )
    if note:
        events = {}
        for metric_id in sorted(metric_ids):
            _, team_id, goal_id, unit, _, status = metrics[metric_id]
            events[goal_id] = {
                "team_id": team_id,
                "goal_id": goal_id,
                "action": "feed",
                "from_status": status,
                "to_status": status,
                "at": now,
                "comment": f"{note}: {current[metric_id]:g}{(' ' + unit) if unit else ''}",
            }
        session.execute(insert(GoalEvent.__table__), list(events.values()))
    return len(rows)


def get_metric(session: Session, team_id: str, metric_id: int) -> Metric:
    metric = session.get(Metric, metric_id)
    if metric is None or metric.team_id != team_id:
        raise NotFound("goal.not_found")
    return metric


def mark_done(session: Session, *, goal: Goal, actor: Person, done: bool, now: datetime) -> None:
    cycles.require_open(cycles.get(session, goal.team_id, goal.cycle_id))
    if goal.goal_type != GoalType.MILESTONE:
        raise Invalid("goal.not_a_milestone")
    if not can_update_numbers(session, actor, goal):
        raise Forbidden("goal.update_forbidden")
    goal.done = done
    goal.updated_at = now
