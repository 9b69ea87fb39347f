"""Check-in planners: prompts at each person's local time, reminders, managers' digests.

Each runs every tick and derives what is due from the database, so a missed tick is caught up by the next
one while it is still relevant (the windows below) and stale ones are dropped (expires_at), never sent at
night. The outbox's unique key makes a retried or overlapping tick queue nothing twice.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from bot.checkins import answers
from bot.checkins.calendar import (
    at_local,
    is_working_day,
    monday_of,
    next_working_day,
    parse_days,
    parse_time,
    previous_week,
    week_of,
    zone,
)
from bot.checkins.render import TEXT, Digest, DigestEntry, Renderer
from bot.checkins.schedules import effective, schedules
from bot.delivery.outbox import enqueue
from bot.goals.pace import pace_changes
from bot.i18n import language_for
from bot.org import directory
from storage.checkins import Checkin, CheckinSchedule
from storage.org import Person
from storage.outbox import Delivery, DeliveryStatus

PROMPT_WINDOW = timedelta(hours=4)  # a prompt missed at 16:00 still goes until 20:00 local, never later
REMINDER_WINDOW = timedelta(hours=4)
DIGEST_WINDOW = timedelta(hours=12)
LOOKBACK = timedelta(days=9)


class TeamView:
    """What one tick needs to know about a workspace, loaded in a few queries."""

    def __init__(self, session: Session, team_id: str, now: datetime, *, zones: set[str] | None = None) -> None:
        self.session, self.team_id, self.now = session, team_id, now
        self.by_scope = schedules(session, team_id)
        people = select(Person).where(Person.team_id == team_id, Person.is_active)
        if zones is not None:
            people = people.where(col(Person.tz).in_(zones))
        self.people = list(session.exec(people))
        self.by_slack = {person.slack_id: person for person in self.people}
        self.away = answers.away_between(session, team_id, (now - LOOKBACK).date(), (now + timedelta(days=2)).date())
        oldest = week_of((now - LOOKBACK - timedelta(days=7)).date())
        self.answered = set(
            session.exec(
                select(Checkin.person_id, Checkin.week).where(Checkin.team_id == team_id, Checkin.week >= oldest)
            )
        )

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
        rows = self.session.exec(
            select(Delivery.recipient, Delivery.period).where(
                Delivery.team_id == self.team_id, Delivery.kind == kind, Delivery.period >= self.since(kind)
            )
        )
        return set(rows)


def _teams(session: Session) -> list[str]:
    return list(session.exec(select(CheckinSchedule.team_id).where(CheckinSchedule.enabled).distinct()))


def _zones_near(session: Session, team_id: str, now: datetime, local_times: set[str], window: timedelta) -> set[str]:
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
    for team_id in _teams(session):
        times = {schedule.local_time for schedule in _schedule_times(session, team_id)}
        zones = _zones_near(session, team_id, now, times, PROMPT_WINDOW)
        if not zones:
            continue
        view = TeamView(session, team_id, now, zones=zones)
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
                message=renderer.prompt(language_for(person.locale), week),
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
    for team_id in _teams(session):
        times = set()
        for schedule in _schedule_times(session, team_id):
            times.add(schedule.reminder_time)
            if schedule.reminder_delay_hours:
                delayed = datetime.combine(date.min, parse_time(schedule.local_time))
                times.add((delayed + timedelta(hours=schedule.reminder_delay_hours)).strftime("%H:%M"))
        zones = _zones_near(session, team_id, now, times, REMINDER_WINDOW)
        if not zones:
            continue
        view = TeamView(session, team_id, now, zones=zones)
        reminded = view.keys(answers.REMINDER)
        prompts = session.exec(
            select(Delivery.recipient, Delivery.period).where(
                Delivery.team_id == team_id,
                Delivery.kind == answers.PROMPT,
                Delivery.status == DeliveryStatus.SENT,
                Delivery.period >= view.since(answers.PROMPT),
            )
        )
        for recipient, period in prompts:
            person = view.by_slack.get(recipient)
            schedule = view.schedule(person) if person else None
            if schedule is None or (recipient, period) in reminded:
                continue
            day, tz = date.fromisoformat(period), zone(person.tz)
            if (person.id, week_of(day)) in view.answered:
                continue
            due = reminder_due(schedule, day, tz)
            if not due <= now < due + REMINDER_WINDOW:
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
                message=renderer.prompt(language_for(person.locale), week_of(day), reminder=True),
                expires_at=due + REMINDER_WINDOW,
            )
    return queued


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


def build_digest(session: Session, manager: Person, reports: list[Person], week: str, now: datetime) -> Digest:
    ids = [person.id for person in reports]
    weeks = [week, previous_week(week)]
    weeks += [previous_week(weeks[-1]), previous_week(previous_week(weeks[-1]))]
    rows = session.exec(
        select(Checkin).where(
            Checkin.team_id == manager.team_id, col(Checkin.person_id).in_(ids), col(Checkin.week).in_(weeks)
        )
    )
    found = {(row.person_id, row.week): row for row in rows}
    away = answers.away_between(session, manager.team_id, monday_of(week), now.date())
    entries = []
    for person in reports:
        stats = answers.stats(session, person, now)
        checkin = found.get((person.id, week))
        if checkin is None:
            status = answers.absence(away.get(person.id, []), monday_of(week)) or "missing"
            entries.append(
                DigestEntry(
                    person.slack_id, status, person.name, streak=stats.streak, participation=stats.participation
                )
            )
            continue
        moods = [getattr(found.get((person.id, w)), "mood", None) for w in reversed(weeks[1:])]
        goals = next((a["value"] for a in checkin.answers if a["type"] == "goals"), [])
        entries.append(
            DigestEntry(
                person.slack_id,
                "answered",
                person.name,
                checkin.id,
                checkin.mood,
                moods,
                checkin.blockers,
                goals,
                stats.streak,
                stats.participation,
            )
        )
    since = datetime.combine(monday_of(week), datetime.min.time(), tzinfo=UTC)
    pace = pace_changes(session, manager.team_id, ids, since=since, now=now)
    for entry, person in zip(entries, reports, strict=True):
        entry.pace = [change for change in pace if change.owner_person_id == person.id]
    return Digest(manager.slack_id, week, entries)


def plan_digests(session: Session, now: datetime, renderer: Renderer = TEXT) -> int:
    queued = 0
    for team_id in _teams(session):
        by_scope = schedules(session, team_id)
        zones = _zones_near(session, team_id, now, {s.digest_time for s in by_scope.values()}, DIGEST_WINDOW)
        if not zones:
            continue
        manager_ids = select(Person.manager_id).where(Person.team_id == team_id, Person.manager_id.is_not(None))
        managers = session.exec(
            select(Person).where(
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
        for manager in managers:
            reports = directory.direct_reports(session, manager)
            schedule = effective(by_scope, reports[0]) if reports else None
            if schedule is None:
                continue
            tz = zone(manager.tz)
            due = digest_due(schedule, now.astimezone(tz).date(), tz)
            if due is None or not due[1] <= now < due[1] + DIGEST_WINDOW:
                continue
            week = due[0]
            if (manager.slack_id, week) in done:
                continue
            digest = build_digest(session, manager, reports, week, now)
            text = renderer.digest(language_for(manager.locale), digest)
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
