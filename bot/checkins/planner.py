"""Check-in planners: prompts at each person's local time and reminders (managers' digests: `digests`).

Each runs every tick and derives what is due from the database, so a missed tick is caught up by the next
one while it is still relevant (the windows below) and stale ones are dropped (expires_at), never sent at
night. The outbox's unique key makes a retried or overlapping tick queue nothing twice.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache

from sqlmodel import Session, col, select

from bot.checkins import answers
from bot.checkins.calendar import (
    at_local,
    is_working_day,
    next_working_day,
    parse_days,
    parse_time,
    week_of,
    zone,
)
from bot.checkins.render import TEXT, Renderer
from bot.checkins.schedules import effective, schedules
from bot.delivery.outbox import enqueue
from bot.i18n import language_for
from bot.org import directory
from storage.checkins import Checkin, CheckinSchedule
from storage.org import Person
from storage.outbox import Delivery, DeliveryStatus

PROMPT_WINDOW = timedelta(hours=4)  # a prompt missed at 16:00 still goes until 20:00 local, never later
REMINDER_WINDOW = timedelta(hours=4)
LOOKBACK = timedelta(days=9)


class TeamView:
    """What one tick needs to know about a workspace, loaded in a few queries."""

    def __init__(
        self,
        session: Session,
        team_id: str,
        now: datetime,
        *,
        zones: set[str] | None = None,
        weeks: set[str] | None = None,
    ) -> None:
        """`weeks`: the only weeks whose check-ins are asked about (None: every week still of interest)."""
        self.session, self.team_id, self.now = session, team_id, now
        self.by_scope = schedules(session, team_id)
        people = select(*directory.LIGHT).where(Person.team_id == team_id, Person.is_active)
        if zones is not None:
            people = people.where(col(Person.tz).in_(zones))
        self.people = session.connection().execute(people).all()  # plain rows: cheaper than Person objects
        self.by_slack = {person.slack_id: person for person in self.people}
        self.away = answers.away_between(session, team_id, (now - LOOKBACK).date(), (now + timedelta(days=2)).date())
        oldest = week_of((now - LOOKBACK - timedelta(days=7)).date())
        answered = select(Checkin.person_id, Checkin.week).where(Checkin.team_id == team_id, Checkin.week >= oldest)
        if weeks is not None:
            answered = answered.where(col(Checkin.week).in_(sorted(weeks)))
        self.answered = {tuple(row) for row in session.connection().execute(answered).all()}

    def schedule(self, person: Person) -> CheckinSchedule | None:
        return effective(self.by_scope, person)

    def can_ask(self, person: Person, schedule: CheckinSchedule, day: date) -> bool:
        """A working day for them: their work week, not a public holiday, not away."""
        return is_working_day(day, schedule.workdays, schedule.country) and not answers.is_away(
            self.away.get(person.id, []), day
        )

    def since(self, kind: str) -> str:
        """The oldest period still of interest: periods are dates (prompts, reminders) or weeks (digests)."""
        oldest = (self.now - LOOKBACK).date()
        return week_of(oldest) if kind == answers.DIGEST else oldest.isoformat()

    def keys(self, kind: str) -> set[tuple[str, str]]:
        rows = self.session.connection().execute(
            select(Delivery.recipient, Delivery.period).where(
                Delivery.team_id == self.team_id, Delivery.kind == kind, Delivery.period >= self.since(kind)
            )
        )
        return {tuple(row) for row in rows.all()}


def scheduled_teams(session: Session) -> list[str]:
    return list(session.exec(select(CheckinSchedule.team_id).where(CheckinSchedule.enabled).distinct()))


def zones_near(session: Session, team_id: str, now: datetime, local_times: set[str], window: timedelta) -> set[str]:
    """The people's zones where the local clock is now within [t - 1 h, t + window + 1 h) for some t in
    `local_times`: a cheap filter (the hour of slack covers DST shifts); planners check exactly after it."""
    names = session.exec(select(Person.tz).where(Person.team_id == team_id, Person.is_active).distinct())
    found = set()
    for name in names:
        local = now.astimezone(zone(name)).replace(tzinfo=None)
        for local_time in local_times:
            start = datetime.combine(local.date(), parse_time(local_time))
            for moment in (start - timedelta(days=1), start):
                if moment - timedelta(hours=1) <= local < moment + window + timedelta(hours=1):
                    found.add(name)
    return found


def _schedule_times(session: Session, team_id: str) -> list[CheckinSchedule]:
    return list(session.exec(select(CheckinSchedule).where(CheckinSchedule.team_id == team_id)))


def plan_prompts(session: Session, now: datetime, renderer: Renderer = TEXT) -> int:
    queued = 0
    prompt = cache(renderer.prompt)  # the same for everyone with one language in one week: rendered (and encoded) once
    for team_id in scheduled_teams(session):
        times = {schedule.local_time for schedule in _schedule_times(session, team_id)}
        zones = zones_near(session, team_id, now, times, PROMPT_WINDOW)
        if not zones:
            continue
        # A prompt asks about the week of its day, today in the person's zone.
        weeks = {week_of(now.astimezone(zone(name)).date()) for name in zones}
        view = TeamView(session, team_id, now, zones=zones, weeks=weeks)
        sent = view.keys(answers.PROMPT)
        slots: dict[tuple[str, int], tuple[date, datetime] | None] = {}
        for person in view.people:
            schedule = view.schedule(person)
            if schedule is None:
                continue
            key = (person.tz, schedule.id)
            if key not in slots:  # the same for everyone in this zone on this schedule
                tz = zone(person.tz)
                day = now.astimezone(tz).date()
                due = at_local(day, schedule.local_time, tz)
                open_now = day.weekday() in parse_days(schedule.weekdays) and due <= now < due + PROMPT_WINDOW
                slots[key] = (day, due) if open_now else None
            if slots[key] is None:
                continue
            day, due = slots[key]
            if (person.slack_id, day.isoformat()) in sent:
                continue
            week = week_of(day)
            if (person.id, week) in view.answered or not view.can_ask(person, schedule, day):
                continue
            queued += enqueue(
                session,
                team_id=team_id,
                recipient=person.slack_id,
                kind=answers.PROMPT,
                period=day.isoformat(),
                message=prompt(language_for(person.locale), week),
                expires_at=due + PROMPT_WINDOW,
            )
    return queued


def reminder_due(schedule: CheckinSchedule, day: date, tz) -> datetime:
    """When a prompt sent on `day` is followed by a reminder: after the delay, or the next working morning."""
    if schedule.reminder_delay_hours:
        return at_local(day, schedule.local_time, tz) + timedelta(hours=schedule.reminder_delay_hours)
    return at_local(next_working_day(day, schedule.workdays, schedule.country), schedule.reminder_time, tz)


def plan_reminders(session: Session, now: datetime, renderer: Renderer = TEXT) -> int:
    queued = 0
    prompt = cache(renderer.prompt)  # rendered once per language and week
    for team_id in scheduled_teams(session):
        team_schedules = _schedule_times(session, team_id)
        times = set()
        for schedule in team_schedules:
            times.add(schedule.reminder_time)
            if schedule.reminder_delay_hours:
                delayed = datetime.combine(date.min, parse_time(schedule.local_time))
                times.add((delayed + timedelta(hours=schedule.reminder_delay_hours)).strftime("%H:%M"))
        zones = zones_near(session, team_id, now, times, REMINDER_WINDOW)
        if not zones:
            continue
        # The prompt days whose reminder may be due now, worked out per (schedule, zone, day) before any
        # delivery is read: on a quiet minute there are none, and nothing else is read.
        days = [(now - LOOKBACK).date() + timedelta(days=n) for n in range(LOOKBACK.days + 2)]
        due_at = _reminder_moments(team_schedules, zones, {day.isoformat() for day in days}, now)
        if not due_at:
            continue
        # Sent prompts of those days not yet followed by a reminder: two plain reads compared here (an anti-join's
        # plan is at the mercy of the planner's statistics, which a fast-growing outbox outruns).
        recent = select(Delivery.recipient, Delivery.period, Delivery.kind).where(
            Delivery.team_id == team_id,
            col(Delivery.kind).in_([answers.PROMPT, answers.REMINDER]),
            col(Delivery.period).in_(sorted({period for _, _, period in due_at})),
            (Delivery.kind == answers.REMINDER) | (Delivery.status == DeliveryStatus.SENT),
        )
        sent, reminded = [], set()
        for recipient, period, kind in session.connection().execute(recent).all():
            if kind == answers.REMINDER:
                reminded.add((recipient, period))
            else:
                sent.append((recipient, period))
        prompts = [key for key in sent if key not in reminded]
        if not prompts:
            continue  # nothing can be due this minute: the people need not be read at all
        view = TeamView(session, team_id, now, zones=zones)
        for recipient, period in prompts:
            person = view.by_slack.get(recipient)
            schedule = view.schedule(person) if person else None
            due = due_at.get((schedule.id, person.tz, period)) if schedule else None
            if due is None:
                continue
            day, tz = date.fromisoformat(period), zone(person.tz)
            if (person.id, week_of(day)) in view.answered:
                continue
            # Skipped or away on the prompt's day (`/checkin skip` after the prompt) or today: no reminder.
            periods = view.away.get(person.id, [])
            if answers.is_away(periods, day) or answers.is_away(periods, now.astimezone(tz).date()):
                continue
            queued += enqueue(
                session,
                team_id=team_id,
                recipient=recipient,
                kind=answers.REMINDER,
                period=period,
                message=prompt(language_for(person.locale), week_of(day), reminder=True),
                expires_at=due + REMINDER_WINDOW,
            )
    return queued


def _reminder_moments(
    team_schedules: list[CheckinSchedule], zones: set[str], periods: set[str], now: datetime
) -> dict[tuple[int, str, str], datetime]:
    """For each (schedule, zone, prompt day) whose reminder is due now, when it fell due: worked out once per
    combination rather than once per person."""
    found = {}
    for schedule in team_schedules:
        for name in zones:
            for period in periods:
                due = reminder_due(schedule, date.fromisoformat(period), zone(name))
                if due <= now < due + REMINDER_WINDOW:
                    found[(schedule.id, name, period)] = due
    return found
