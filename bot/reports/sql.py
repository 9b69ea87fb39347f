"""SQL expressions the reports share: a metric's progress to target, a month bucket, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import case, func, literal
from sqlalchemy.sql import ColumnElement

from bot.checkins.calendar import week_of
from storage.goals import Direction, Goal, GoalType, Metric


def progress(value: ColumnElement, metric: type[Metric] = Metric) -> ColumnElement:
    """0.0–1.0 from start to target for `value` (the same rule as bot.goals.scorecard.metric_progress)."""
    start, target = metric.start_value, metric.target_value
    reached = case(
        ((metric.direction == Direction.HIGHER) & (value >= target), 1.0),
        ((metric.direction == Direction.LOWER) & (value <= target), 1.0),
        else_=0.0,
    )
    share = (value - start) / case((target == start, literal(1.0)), else_=target - start)
    return case((target == start, reached), (share > 1.0, 1.0), (share < 0.0, 0.0), else_=share)


def goal_progress(metric_progress_avg: ColumnElement) -> ColumnElement:
    """A milestone is done or not; a KPI or objective is the mean of its metrics' progress (0 without any)."""
    return case(
        (Goal.goal_type == GoalType.MILESTONE, case((Goal.done, 1.0), else_=0.0)),
        else_=func.coalesce(metric_progress_avg, 0.0),
    )


def month(column: ColumnElement, dialect: str) -> ColumnElement:
    """'YYYY-MM' of a timestamp column."""
    if dialect == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def weeks_between(first: date, last: date) -> list[str]:
    """ISO weeks ('2027-W01') from the one holding `first` to the one holding `last`."""
    weeks, day = [], first - timedelta(days=first.weekday())
    while day <= last:
        weeks.append(week_of(day))
        day += timedelta(days=7)
    return weeks


def months_between(first: date, last: date) -> list[str]:
    months, year, month_number = [], first.year, first.month
    while (year, month_number) <= (last.year, last.month):
        months.append(f"{year:04d}-{month_number:02d}")
        year, month_number = (year + 1, 1) if month_number == 12 else (year, month_number + 1)
    return months
