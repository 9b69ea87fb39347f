"""Managers' check-in digests: each manager's week of their reports' check-ins, planned for all managers at once.

Like the other check-in planners it runs every tick and derives what is due from the database: a digest is due
from the digest time of the next working day after the week's last prompt day, for `DIGEST_WINDOW`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from types import SimpleNamespace
from typing import Any, NamedTuple

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from bot.checkins import answers
from bot.checkins.calendar import at_local, monday_of, next_working_day, parse_days, previous_week, week_of, zone
from bot.checkins.planner import LOOKBACK, scheduled_teams, zones_near
from bot.checkins.render import TEXT, Digest, DigestEntry, Renderer
from bot.checkins.schedules import effective, schedules
from bot.delivery.outbox import enqueue
from bot.goals.pace import pace_changes
from bot.i18n import language_for
from bot.org import directory
from storage.checkins import Checkin, CheckinSchedule
from storage.org import Person
from storage.outbox import Delivery

DIGEST_WINDOW = timedelta(hours=12)
TREND_WEEKS = 3  # a mood trend shows the three weeks before the reported one


def digest_due(schedule: CheckinSchedule, today: date, tz) -> tuple[str, datetime] | None:
    """The week whose digest is due around now, and its deadline: the next working day after the week's
    last scheduled prompt day, at the digest time, in the manager's zone."""
    last_day = max(parse_days(schedule.weekdays))
    for offset in range(8):
        day = today - timedelta(days=offset)
        if day.weekday() == last_day:
            deadline = at_local(next_working_day(day, schedule.workdays, schedule.country), schedule.digest_time, tz)
            return week_of(day), deadline
    return None


class Answered(NamedTuple):
    """What a digest shows of one check-in: its id (for the reply button), the moods of the weeks before it
    (oldest first), its mood, blockers and goal progress."""

    id: int
    moods: list[int | None]
    mood: int | None
    blockers: str | None
    goals: list[dict[str, Any]]


class DigestFacts:
    """What the digests of one workspace need, loaded in a few queries for all its managers at once."""

    def __init__(self, session: Session, team_id: str, reports: list[Person], weeks: set[str], now: datetime) -> None:
        self.now = now
        # The check-ins of the reported weeks, each with the moods of its trend's earlier weeks as columns of its
        # row: one row a check-in, rather than one more for every earlier week of every person.
        earlier = sorted({week for reported in weeks for week in earlier_weeks(reported)})
        checkin, before = Checkin.__table__, Checkin.__table__.alias("before")
        own = (checkin.c.person_id, checkin.c.week, checkin.c.id, checkin.c.mood, checkin.c.blockers, checkin.c.answers)
        query = (
            select(*own, *(func.max(case((before.c.week == week, before.c.mood))) for week in earlier))
            .select_from(
                checkin.outerjoin(
                    before,
                    (before.c.team_id == checkin.c.team_id)
                    & (before.c.person_id == checkin.c.person_id)
                    & before.c.week.in_(earlier),
                )
            )
            .where(checkin.c.team_id == team_id, checkin.c.week.in_(weeks))
            .group_by(checkin.c.id)
        )
        column = {week: number for number, week in enumerate(earlier, start=len(own))}
        self.checkins: dict[str, dict[int, Answered]] = {week: {} for week in weeks}
        for row in session.connection().execute(query).all():
            person_id, week, checkin_id, mood, blockers, given = row[: len(own)]
            # Of the answers, only the goals' progress is shown (the mood and blockers have their own columns).
            goals = next((answer["value"] for answer in given if answer["type"] == "goals"), [])
            moods = [row[column[trend_week]] for trend_week in earlier_weeks(week)]
            self.checkins[week][person_id] = Answered(checkin_id, moods, mood, blockers, goals)
        self.away = answers.away_between(session, team_id, min(monday_of(week) for week in weeks), now.date())
        self.stats = answers.stats_for(session, reports, now)
        # Goals that reached their target or fell behind pace since each reported week began: one query a week.
        ids = [person.id for person in reports]
        self.pace: dict[str, dict[int, list]] = {}
        for week in weeks:
            since = datetime.combine(monday_of(week), datetime.min.time(), tzinfo=UTC)
            by_owner: dict[int, list] = {}
            for change in pace_changes(session, team_id, ids, since=since, now=now):
                by_owner.setdefault(change.owner_person_id, []).append(change)
            self.pace[week] = by_owner


@cache
def earlier_weeks(week: str) -> tuple[str, ...]:
    """The weeks of a mood trend before `week`, oldest first."""
    weeks = [previous_week(week)]
    while len(weeks) < TREND_WEEKS:
        weeks.append(previous_week(weeks[-1]))
    return tuple(reversed(weeks))


def build_digest(facts: DigestFacts, manager: Person, reports: list[Person], week: str) -> Digest:
    first_day = monday_of(week)
    answered, pace = facts.checkins[week], facts.pace[week]
    entries = []
    for person in reports:
        stats = facts.stats[person.id]
        checkin = answered.get(person.id)
        if checkin is None:
            status = answers.absence(facts.away.get(person.id, []), first_day) or "missing"
            entry = DigestEntry(
                person.slack_id,
                status,
                person.name,
                streak=stats.streak,
                participation=stats.participation,
                pace=pace.get(person.id, []),
            )
        else:
            entry = DigestEntry(
                person.slack_id,
                "answered",
                person.name,
                checkin.id,
                checkin.mood,
                checkin.moods,
                checkin.blockers,
                checkin.goals,
                stats.streak,
                stats.participation,
                pace.get(person.id, []),
            )
        entries.append(entry)
    return Digest(manager.slack_id, week, entries)


def plan_digests(session: Session, now: datetime, renderer: Renderer = TEXT) -> int:
    """Every due manager's digest: a few queries per workspace, however many managers and reports it has."""
    queued = 0
    for team_id in scheduled_teams(session):
        by_scope = schedules(session, team_id)
        zones = zones_near(session, team_id, now, {s.digest_time for s in by_scope.values()}, DIGEST_WINDOW)
        if not zones:
            continue
        # Plain queries with id lists: nested IN subqueries cost PostgreSQL seconds at this size.
        ids = session.connection().execute(
            select(Person.manager_id).where(Person.team_id == team_id, Person.is_active).distinct()
        )
        manager_ids = [manager_id for (manager_id,) in ids if manager_id is not None]
        managers = session.connection().execute(
            select(*directory.LIGHT).where(
                Person.team_id == team_id, Person.is_active, col(Person.id).in_(manager_ids), col(Person.tz).in_(zones)
            )
        )
        since = week_of((now - LOOKBACK).date())
        done = set(
            session.exec(
                select(Delivery.recipient, Delivery.period).where(
                    Delivery.team_id == team_id, Delivery.kind == answers.DIGEST, Delivery.period >= since
                )
            )
        )
        due: list[tuple[Person, str, CheckinSchedule]] = []
        moments: dict[tuple[int, str | None], tuple[str, datetime] | None] = {}  # per schedule and zone
        for manager in managers:
            # Every report of one manager has the same schedule: their team's, else the workspace's.
            schedule = effective(by_scope, SimpleNamespace(manager_id=manager.id))
            if schedule is None:
                continue
            if (schedule.id, manager.tz) not in moments:
                tz = zone(manager.tz)
                moments[(schedule.id, manager.tz)] = digest_due(schedule, now.astimezone(tz).date(), tz)
            moment = moments[(schedule.id, manager.tz)]
            if moment is None or not moment[1] <= now < moment[1] + DIGEST_WINDOW:
                continue
            if (manager.slack_id, moment[0]) not in done:
                due.append((manager, moment[0], schedule))
        if not due:
            continue  # a quiet minute: no report was read
        reports_of: dict[int, list[Person]] = {}
        reports = select(*directory.LIGHT).where(
            Person.team_id == team_id, Person.is_active, col(Person.manager_id).in_([m.id for m, _, _ in due])
        )
        for person in session.connection().execute(reports.order_by(Person.name)).all():
            reports_of.setdefault(person.manager_id, []).append(person)
        due = [(manager, reports_of[manager.id], week, schedule) for manager, week, schedule in due]
        if not due:
            continue
        reporting = [person for _, reports, _, _ in due for person in reports]
        facts = DigestFacts(session, team_id, reporting, {week for _, _, week, _ in due}, now)
        for manager, reports, week, schedule in due:
            text = renderer.digest(language_for(manager.locale), build_digest(facts, manager, reports, week))
            queued += enqueue(
                session, team_id=team_id, recipient=manager.slack_id, kind=answers.DIGEST, period=week, message=text
            )
            if schedule.digest_channel and schedule.scope != "workspace":
                queued += enqueue(
                    session,
                    team_id=team_id,
                    recipient=schedule.digest_channel,
                    kind=answers.DIGEST,
                    period=f"{week}:{manager.slack_id}",
                    message=text,
                )
    return queued
