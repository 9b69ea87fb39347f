"""Live numbers: recording a metric's value as a dated point (owner, manager line, or HR's import),
reading the points back, and marking milestones done."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from bot.errors import Forbidden, Invalid, NotFound
from bot.goals import cycles
from bot.goals.negotiation import role_of
from bot.org import access
from bot.text import escape
from storage.cycles import CycleStatus
from storage.goals import Goal, GoalType, Metric, MetricPoint, OwnerKind
from storage.org import Person


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
