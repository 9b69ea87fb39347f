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
    moved_points = select(MetricPoint.metric_id).where(
        MetricPoint.recorded_at >= since, MetricPoint.recorded_at < now, MetricPoint.source != "start"
    )
    # Plain rows of the goals whose metric moved in the window: the others cannot have changed.
    rows = (
        session.connection()
        .execute(
            select(
                Goal.owner_person_id,
                Goal.id.label("goal_id"),
                Goal.title,
                Metric.id.label("metric_id"),
                Metric.start_value,
                Metric.target_value,
                Metric.current_value,
                Metric.direction,
                Metric.unit,
                Cycle.starts_on,
                Cycle.ends_on,
            )
            .join(Metric, Metric.goal_id == Goal.id)
            .join(Cycle, Cycle.id == Goal.cycle_id)
            .where(
                Goal.team_id == team_id,
                col(Goal.owner_person_id).in_(owners),
                Goal.status == GoalStatus.AGREED,
                Cycle.status == CycleStatus.ACTIVE,
                col(Goal.id).in_(single),
                col(Metric.id).in_(moved_points),
            )
        )
        .all()
    )
    if not rows:
        return []
    moved = {row.metric_id for row in rows}
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
    for row in rows:
        then = before.get(row.metric_id, row.start_value)
        was = metric_progress(row.start_value, row.target_value, then, row.direction)
        now_progress = metric_progress(row.start_value, row.target_value, row.current_value, row.direction)
        expected_then, expected_now = expected_share(row, since), expected_share(row, now)
        if now_progress >= 1.0 > was:
            kind = "crossed"
        elif now_progress < expected_now - SLACK and not was < expected_then - SLACK:
            kind = "behind"
        else:
            continue
        changes.append(
            PaceChange(
                owner_person_id=row.owner_person_id,
                goal_id=row.goal_id,
                title=row.title,
                kind=kind,
                value=row.current_value,
                unit=row.unit,
                target=row.target_value,
                progress=round(now_progress * 100),
                expected=round(expected_now * 100),
            )
        )
    return changes
