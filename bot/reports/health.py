"""How well the performance process itself works in a cycle: who is late, what lags, which goals and KPIs
say nothing, and where feedback flows only one way. A fixed number of queries over the whole workspace."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from bot.goals import cycles
from bot.i18n import t
from bot.reports import sql
from bot.reports.data import COUNTED_GOALS, cycle_window
from bot.text import escape
from storage.checkins import Checkin
from storage.cycles import Cycle
from storage.feedback import Feedback
from storage.goals import Goal, GoalEvent, GoalStatus, Metric, MetricPoint, OwnerKind
from storage.org import Person

EASY_BEFORE, HARD_AFTER = 0.5, 0.75  # share of the cycle elapsed
LISTED = 5
START = "start"  # the point a metric is created with: not a measurement


@dataclass
class ManagerHealth:
    manager: str
    people: int
    agreed: int = 0  # people with at least one agreed goal
    late: int = 0  # of those, agreed after the goal-setting deadline
    checkins: int = 0
    expected_checkins: int = 0


@dataclass
class Health:
    cycle: str
    elapsed: float
    managers: list[ManagerHealth] = field(default_factory=list)
    never_updated: list[str] = field(default_factory=list)
    kpis_without_data: int = 0
    easy: list[str] = field(default_factory=list)
    impossible: list[str] = field(default_factory=list)
    weights_unfixed: int = 0
    weeks: list[tuple[str, int, float | None]] = field(default_factory=list)  # (week, check-ins, mean mood)
    people: int = 0
    one_way_teams: list[str] = field(default_factory=list)


def _elapsed(cycle: Cycle, today: date) -> float:
    span = (cycle.ends_on - cycle.starts_on).days or 1
    return max(0.0, min(1.0, (today - cycle.starts_on).days / span))


def check(session: Session, cycle: Cycle, now: datetime) -> Health:
    team_id, today = cycle.team_id, now.date()
    health = Health(cycle.name, _elapsed(cycle, today))
    people = session.exec(
        select(Person.id, Person.name, Person.manager_id).where(Person.team_id == team_id, Person.is_active)
    ).all()
    health.people = len(people)
    names = {person_id: name for person_id, name, _ in people}
    _participation(session, cycle, now, health, people, names)
    _goals(session, cycle, health)
    _checkin_trend(session, cycle, health)
    _one_way(session, cycle, health, names)
    return health


def _participation(session, cycle, now, health, people, names) -> None:
    setting = next((p for p in cycles.phases(session, cycle) if p.kind == "goal_setting"), None)
    deadline = datetime.combine(setting.due_on, datetime.max.time(), tzinfo=UTC) if setting else None
    agreed_at = dict(
        session.exec(
            select(Goal.owner_person_id, func.min(GoalEvent.at))
            .join(GoalEvent, GoalEvent.goal_id == Goal.id)
            .where(
                Goal.cycle_id == cycle.id, Goal.owner_kind == OwnerKind.PERSON, GoalEvent.to_status == GoalStatus.AGREED
            )
            .group_by(Goal.owner_person_id)
        ).all()
    )
    weeks = sql.weeks_between(cycle.starts_on, min(cycle.ends_on, now.date())) if now.date() >= cycle.starts_on else []
    first, last = (weeks[0], weeks[-1]) if weeks else (None, None)
    answered = (
        dict(
            session.exec(
                select(Checkin.person_id, func.count())
                .where(Checkin.team_id == cycle.team_id, Checkin.week >= first, Checkin.week <= last)
                .group_by(Checkin.person_id)
            ).all()
        )
        if weeks
        else {}
    )
    teams: dict[int, ManagerHealth] = {}
    for person_id, _, manager_id in people:
        if manager_id is None or manager_id not in names:
            continue
        team = teams.setdefault(manager_id, ManagerHealth(names[manager_id], 0))
        team.people += 1
        team.expected_checkins += len(weeks)
        team.checkins += answered.get(person_id, 0)
        if person_id in agreed_at:
            team.agreed += 1
            team.late += bool(deadline and agreed_at[person_id] > deadline)
    health.managers = sorted(teams.values(), key=lambda team: (team.agreed / team.people, team.manager))


def _goals(session: Session, cycle: Cycle, health: Health) -> None:
    counted = (
        Goal.cycle_id == cycle.id,
        Goal.owner_kind == OwnerKind.PERSON,
        Goal.status.in_(COUNTED_GOALS),
    )
    measured = (MetricPoint.metric_id == Metric.id) & (MetricPoint.source != START)
    rows = session.exec(
        select(Goal.title, sql.goal_progress(func.avg(sql.progress(Metric.current_value))), func.count(Metric.id))
        .outerjoin(Metric, Metric.goal_id == Goal.id)
        .where(*counted)
        .group_by(Goal.id, Goal.title, Goal.goal_type, Goal.done)
        .order_by(Goal.id)
    ).all()
    for title, progress, _ in rows:
        if progress >= 1.0 and health.elapsed < EASY_BEFORE:
            health.easy.append(title)
        if progress <= 0.0 and health.elapsed >= HARD_AFTER:
            health.impossible.append(title)
    health.never_updated = list(
        session.exec(
            select(Goal.title)
            .join(Metric, Metric.goal_id == Goal.id)
            .outerjoin(MetricPoint, measured)
            .where(*counted)
            .group_by(Goal.id, Goal.title)
            .having(func.count(MetricPoint.id) == 0)
            .order_by(Goal.id)
        )
    )
    health.kpis_without_data = session.exec(
        select(func.count())
        .select_from(Metric)
        .join(Goal, Goal.id == Metric.goal_id)
        .where(*counted, ~select(MetricPoint.id).where(measured).exists())
    ).one()
    totals = session.exec(
        select(Goal.owner_person_id, Goal.perspective, func.sum(Goal.weight))
        .where(*counted)
        .group_by(Goal.owner_person_id, Goal.perspective)
    ).all()
    health.weights_unfixed = len({owner for owner, _, total in totals if total != 100})


def _checkin_trend(session: Session, cycle: Cycle, health: Health) -> None:
    weeks = sql.weeks_between(cycle.starts_on, cycle.ends_on)
    rows = session.exec(
        select(Checkin.week, func.count(), func.avg(Checkin.mood))
        .where(Checkin.team_id == cycle.team_id, Checkin.week >= weeks[0], Checkin.week <= weeks[-1])
        .group_by(Checkin.week)
        .order_by(Checkin.week)
    ).all()
    health.weeks = [(week, count, None if mood is None else float(mood)) for week, count, mood in rows]


def _one_way(session: Session, cycle: Cycle, health: Health, names: dict[int, str]) -> None:
    """Teams where the manager gives feedback to their reports and none ever comes back up."""
    start, end = cycle_window(cycle)
    subject, author = aliased(Person), aliased(Person)
    within = (Feedback.team_id == cycle.team_id, Feedback.created_at >= start, Feedback.created_at < end)
    down = dict(
        session.exec(
            select(subject.manager_id, func.count())
            .select_from(Feedback)
            .join(subject, subject.id == Feedback.subject_id)
            .where(*within, Feedback.author_id == subject.manager_id)
            .group_by(subject.manager_id)
        ).all()
    )
    up = dict(
        session.exec(
            select(Feedback.subject_id, func.count())
            .select_from(Feedback)
            .join(author, author.id == Feedback.author_id)
            .where(*within, author.manager_id == Feedback.subject_id)
            .group_by(Feedback.subject_id)
        ).all()
    )
    health.one_way_teams = sorted(names[m] for m, count in down.items() if count and not up.get(m) and m in names)


def lines(health: Health, lang: str) -> list[str]:
    found = [t(lang, "health.title", cycle=escape(health.cycle), elapsed=f"{health.elapsed * 100:.0f}%")]
    for team in health.managers:
        rate = f"{team.checkins / team.expected_checkins * 100:.0f}%" if team.expected_checkins else "–"
        found.append(
            t(
                lang,
                "health.manager",
                manager=escape(team.manager),
                agreed=team.agreed,
                people=team.people,
                late=team.late,
                checkins=rate,
            )
        )
    found.append(t(lang, "health.never_updated", count=len(health.never_updated), goals=_some(health.never_updated)))
    found.append(t(lang, "health.kpis_without_data", count=health.kpis_without_data))
    found.append(t(lang, "health.easy", count=len(health.easy), goals=_some(health.easy)))
    found.append(t(lang, "health.impossible", count=len(health.impossible), goals=_some(health.impossible)))
    found.append(t(lang, "health.weights", count=health.weights_unfixed))
    if health.weeks and health.people:
        trend = ", ".join(
            f"{week[-3:]} {count / health.people * 100:.0f}%" + (f" ({mood:.1f})" if mood is not None else "")
            for week, count, mood in health.weeks[-6:]
        )
        found.append(t(lang, "health.checkins", trend=trend))
    else:
        found.append(t(lang, "health.no_checkins"))
    teams = ", ".join(escape(name) for name in health.one_way_teams) or t(lang, "health.none")
    found.append(t(lang, "health.one_way", teams=teams))
    return found


def _some(titles: list[str]) -> str:
    if not titles:
        return ""
    shown = ", ".join(escape(title) for title in titles[:LISTED])
    return " (" + shown + ("…" if len(titles) > LISTED else "") + ")"
