"""Goals whose live value crossed their target or fell behind pace in a window: what a manager's digest
mentions. Set-based: three queries for any number of people."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlmodel import Session, col, func, select

from bot.goals.scorecard import metric_progress
from storage.cycles import Cycle, CycleStatus
from storage.goals import Goal, GoalStatus, Metric, MetricPoint

SLACK = 0.10  # behind means more than 10 points of progress below where time says it should be


@dataclass(frozen=True)
class PaceChange:
    owner_person_id: int
    goal_id: int
    title: str
    kind: str  # "crossed" (reached its target) | "behind" (fell behind pace)
    value: float
    unit: str
    target: float
    progress: int  # percent
    expected: int  # percent of the cycle elapsed


def expected_share(cycle: Cycle, at: datetime) -> float:
    starts = datetime.combine(cycle.starts_on, time.min, tzinfo=UTC)
    ends = datetime.combine(cycle.ends_on, time.min, tzinfo=UTC) + timedelta(days=1)
    return max(0.0, min(1.0, (at - starts) / (ends - starts)))


def pace_changes(
    session: Session, team_id: str, owner_ids: Iterable[int], *, since: datetime, now: datetime
) -> list[PaceChange]:
    """Agreed single-number goals of these owners (active cycle) that got a value in [since, now) and now
    meet their target while they did not at `since`, or are now behind pace while they were not."""
    owners = set(owner_ids)
    if not owners:
        return []
    single = select(Metric.goal_id).group_by(Metric.goal_id).having(func.count(Metric.id) == 1)
    rows = session.exec(
        select(Goal, Metric, Cycle)
        .join(Metric, Metric.goal_id == Goal.id)
        .join(Cycle, Cycle.id == Goal.cycle_id)
        .where(
            Goal.team_id == team_id,
            col(Goal.owner_person_id).in_(owners),
            Goal.status == GoalStatus.AGREED,
            Cycle.status == CycleStatus.ACTIVE,
            col(Goal.id).in_(single),
        )
    ).all()
    if not rows:
        return []
    metric_ids = [metric.id for _, metric, _ in rows]
    moved = set(
        session.exec(
            select(MetricPoint.metric_id)
            .where(col(MetricPoint.metric_id).in_(metric_ids), MetricPoint.recorded_at >= since)
            .where(MetricPoint.recorded_at < now, MetricPoint.source != "start")
            .distinct()
        ).all()
    )
    before: dict[int, float] = {}
    if moved:
        latest_before = (
            select(MetricPoint.metric_id, func.max(MetricPoint.recorded_at).label("at"))
            .where(col(MetricPoint.metric_id).in_(moved), MetricPoint.recorded_at < since)
            .group_by(MetricPoint.metric_id)
            .subquery()
        )
        found = session.exec(
            select(MetricPoint.metric_id, MetricPoint.value)
            .join(
                latest_before,
                (latest_before.c.metric_id == MetricPoint.metric_id) & (latest_before.c.at == MetricPoint.recorded_at),
            )
            .order_by(MetricPoint.id)
        ).all()
        before = dict(found)
    changes = []
    for goal, metric, cycle in rows:
        if metric.id not in moved:
            continue
        was = metric_progress(
            metric.start_value, metric.target_value, before.get(metric.id, metric.start_value), metric.direction
        )
        now_progress = metric_progress(metric.start_value, metric.target_value, metric.current_value, metric.direction)
        expected_then, expected_now = expected_share(cycle, since), expected_share(cycle, now)
        if now_progress >= 1.0 > was:
            kind = "crossed"
        elif now_progress < expected_now - SLACK and not was < expected_then - SLACK:
            kind = "behind"
        else:
            continue
        changes.append(
            PaceChange(
                owner_person_id=goal.owner_person_id,
                goal_id=goal.id,
                title=goal.title,
                kind=kind,
                value=metric.current_value,
                unit=metric.unit,
                target=metric.target_value,
                progress=round(now_progress * 100),
                expected=round(expected_now * 100),
            )
        )
    return changes
