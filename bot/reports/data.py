"""The numbers a report shows, read with a fixed number of aggregate queries whatever the number of people."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from bot.org import access
from bot.reports import sql
from bot.reports.ratings import ReviewStats, review_stats
from bot.reports.scope import ORG, PERSON, Scope
from storage.checkins import Checkin
from storage.cycles import Cycle
from storage.feedback import Feedback, Source
from storage.goals import Goal, GoalStatus, Metric, MetricPoint, OwnerKind
from storage.org import Person

MAX_KPI_LINES = 6  # more KPIs than this are drawn as one line: their mean progress to target
MAX_GROUPS = 8  # teams or departments drawn in the check-in charts (the largest)
NO_PERSPECTIVE = "all"
COUNTED_GOALS = (GoalStatus.AGREED, GoalStatus.ASSIGNED)


@dataclass
class KpiSeries:
    name: str
    unit: str
    target: float
    points: list[tuple[date, float]]


# How reports read reviews: (session, scope, cycle) -> stats, or None while reviews are not installed.
ReviewSource = Callable[[Session, Scope, Cycle], ReviewStats | None]


def no_reviews(session: Session, scope: Scope, cycle: Cycle) -> ReviewStats | None:
    return None


@dataclass
class ReportData:
    scope: Scope
    cycle: str
    people: int
    starts_on: date
    ends_on: date
    perspectives: list[tuple[str, float, int]]  # (perspective, mean goal progress 0–1, goals)
    kpi_count: int
    kpis: list[KpiSeries]  # each KPI's values, when there are at most MAX_KPI_LINES
    kpi_months: list[tuple[str, float]]  # otherwise the mean progress to target by month
    weeks: list[str]
    participation: dict[str, list[float | None]]  # group -> share of people who checked in, by week
    mood: dict[str, list[float | None]]  # group -> mean mood 1–5, by week
    overall_participation: list[float | None]
    feedback: dict[str, dict[str, int]] = field(default_factory=dict)  # feedback|kudos -> given|received -> n
    reviews: ReviewStats | None = None


def cycle_window(cycle: Cycle) -> tuple[datetime, datetime]:
    start = datetime.combine(cycle.starts_on, time(0), tzinfo=UTC)
    return start, datetime.combine(cycle.ends_on + timedelta(days=1), time(0), tzinfo=UTC)


def collect(
    session: Session, scope: Scope, cycle: Cycle, *, reviews: ReviewSource | None = None, now: datetime | None = None
) -> ReportData:
    """The report's numbers; `now` decides which shared feedback has reached its subject (own reports)."""
    weeks = sql.weeks_between(cycle.starts_on, cycle.ends_on)
    kpi_count, kpis, kpi_months = _kpis(session, scope, cycle)
    participation, mood, overall, people = _checkins(session, scope, weeks)
    return ReportData(
        scope=scope,
        cycle=cycle.name,
        people=people,
        starts_on=cycle.starts_on,
        ends_on=cycle.ends_on,
        perspectives=_perspectives(session, scope, cycle),
        kpi_count=kpi_count,
        kpis=kpis,
        kpi_months=kpi_months,
        weeks=weeks,
        participation=participation,
        mood=mood,
        overall_participation=overall,
        feedback=_feedback(session, scope, cycle, now or datetime.now(UTC)),
        reviews=(reviews or review_stats)(session, scope, cycle),
    )


def _goals_in(scope: Scope, cycle: Cycle):
    return (
        Goal.team_id == scope.team_id,
        Goal.cycle_id == cycle.id,
        Goal.owner_kind == OwnerKind.PERSON,
        Goal.status.in_(COUNTED_GOALS),
        scope.covers(Goal.owner_person_id),
    )


def _perspectives(session: Session, scope: Scope, cycle: Cycle) -> list[tuple[str, float, int]]:
    per_goal = (
        select(
            Goal.perspective.label("perspective"),
            sql.goal_progress(func.avg(sql.progress(Metric.current_value))).label("progress"),
        )
        .select_from(Goal)
        .outerjoin(Metric, Metric.goal_id == Goal.id)
        .where(*_goals_in(scope, cycle))
        .group_by(Goal.id, Goal.perspective, Goal.goal_type, Goal.done)
        .subquery()
    )
    rows = session.exec(
        select(per_goal.c.perspective, func.avg(per_goal.c.progress), func.count()).group_by(per_goal.c.perspective)
    ).all()
    order = ("financial", "customer", "internal", "learning")
    found = [(name or NO_PERSPECTIVE, float(avg or 0.0), int(count)) for name, avg, count in rows]
    return sorted(found, key=lambda row: order.index(row[0]) if row[0] in order else len(order))


def _kpis(session: Session, scope: Scope, cycle: Cycle) -> tuple[int, list[KpiSeries], list[tuple[str, float]]]:
    metrics = select(Metric.id).join(Goal, Goal.id == Metric.goal_id).where(*_goals_in(scope, cycle))
    count = session.exec(select(func.count()).select_from(metrics.subquery())).one()
    if count == 0:
        return 0, [], []
    if count <= MAX_KPI_LINES:
        rows = session.exec(
            select(Metric.id, Metric.name, Metric.unit, Metric.target_value)
            .join(Goal, Goal.id == Metric.goal_id)
            .where(*_goals_in(scope, cycle))
            .order_by(Metric.id)
        ).all()
        series = {row[0]: KpiSeries(row[1], row[2], row[3], []) for row in rows}
        points = session.exec(
            select(MetricPoint.metric_id, MetricPoint.recorded_at, MetricPoint.value)
            .where(MetricPoint.metric_id.in_(list(series)))
            .order_by(MetricPoint.recorded_at, MetricPoint.id)
        )
        for metric_id, at, value in points:
            series[metric_id].points.append((at.date(), value))
        return count, list(series.values()), []
    month = sql.month(MetricPoint.recorded_at, session.get_bind().dialect.name)
    rows = session.exec(
        select(month, func.avg(sql.progress(MetricPoint.value)))
        .select_from(MetricPoint)
        .join(Metric, Metric.id == MetricPoint.metric_id)
        .join(Goal, Goal.id == Metric.goal_id)
        .where(*_goals_in(scope, cycle))
        .group_by(month)
        .order_by(month)
    ).all()
    return count, [], [(name, float(avg)) for name, avg in rows]


def _group_column(scope: Scope):
    if scope.kind == ORG:
        return Person.department
    return Person.id if scope.kind == PERSON else Person.manager_id


def _checkins(session: Session, scope: Scope, weeks: list[str]):
    group = _group_column(scope)
    sizes = dict(
        session.exec(
            select(group, func.count())
            .where(Person.team_id == scope.team_id, Person.is_active, scope.covers(Person.id))
            .group_by(group)
        ).all()
    )
    rows = session.exec(
        select(group, Checkin.week, func.count(), func.avg(Checkin.mood))
        .join(Person, Person.id == Checkin.person_id)
        .where(
            Checkin.team_id == scope.team_id,
            scope.covers(Checkin.person_id),
            Person.is_active,
            Checkin.week >= weeks[0],
            Checkin.week <= weeks[-1],
        )
        .group_by(group, Checkin.week)
    ).all()
    labels = _labels(session, scope, list(sizes))
    shown = sorted(sizes, key=lambda key: (-sizes[key], labels[key]))[:MAX_GROUPS]
    index = {week: number for number, week in enumerate(weeks)}
    participation = {labels[key]: [None] * len(weeks) for key in shown}
    mood = {labels[key]: [None] * len(weeks) for key in shown}
    answered: dict[str, int] = defaultdict(int)
    for key, week, count, mean_mood in rows:
        answered[week] += count
        if key in shown:
            participation[labels[key]][index[week]] = count / sizes[key]
            mood[labels[key]][index[week]] = None if mean_mood is None else float(mean_mood)
    people = sum(sizes.values())
    overall = [answered.get(week, 0) / people if people else None for week in weeks]
    return participation, mood, overall, people


def _labels(session: Session, scope: Scope, keys: list) -> dict:
    if scope.kind == ORG:
        return {key: key or "—" for key in keys}
    ids = [key for key in keys if key is not None]
    names = dict(session.exec(select(Person.id, Person.name).where(Person.id.in_(ids))).all()) if ids else {}
    if scope.kind == PERSON:
        return {key: names.get(key, "—") for key in keys}
    return {key: f"{names[key]}'s team" if key in names else "—" for key in keys}


def _feedback(session: Session, scope: Scope, cycle: Cycle, now: datetime) -> dict[str, dict[str, int]]:
    start, end = cycle_window(cycle)
    counts = {"feedback": {"given": 0, "received": 0}, "kudos": {"given": 0, "received": 0}}
    base = (Feedback.team_id == scope.team_id, Feedback.created_at >= start, Feedback.created_at < end)
    for direction, person, extra in (
        ("received", Feedback.subject_id, (access.feedback_counted_for_subject(now),) if scope.own else ()),
        ("given", Feedback.author_id, (~Feedback.anonymous,)),  # anonymous answers are nobody's to count
    ):
        rows = session.exec(
            select(Feedback.source, func.count()).where(*base, *extra, scope.covers(person)).group_by(Feedback.source)
        ).all()
        for source, count in rows:
            counts["kudos" if source == Source.KUDOS else "feedback"][direction] += count
    return counts
