"""Check-in schedules: the workspace default (HR) and per-team ones (managers): days, time, questions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from bot.checkins.calendar import WEEKDAY_NAMES, format_days, valid_country
from bot.errors import Invalid
from bot.i18n import t
from bot.org import access, directory
from storage.checkins import WORKSPACE_SCOPE, CheckinSchedule
from storage.org import Person
from storage.types import utcnow

QUESTION_TYPES = ("text", "scale", "goals")
DEFAULT_QUESTIONS: list[dict[str, Any]] = [
    {"id": "goals", "type": "goals", "key": "checkin.q.goals"},
    {"id": "went_well", "type": "text", "key": "checkin.q.went_well"},
    {"id": "blockers", "type": "text", "key": "checkin.q.blockers"},
    {"id": "next_week", "type": "text", "key": "checkin.q.next_week"},
    {"id": "mood", "type": "scale", "key": "checkin.q.mood"},
]
MAX_QUESTIONS = 10
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def team_scope(manager: Person) -> str:
    return f"team:{manager.id}"


def question_label(question: dict[str, Any], lang: str) -> str:
    return t(lang, question["key"]) if question.get("key") else question.get("label", "")


def find(session: Session, team_id: str, scope: str) -> CheckinSchedule | None:
    return session.exec(
        select(CheckinSchedule).where(CheckinSchedule.team_id == team_id, CheckinSchedule.scope == scope)
    ).first()


def schedules(session: Session, team_id: str) -> dict[str, CheckinSchedule]:
    rows = session.exec(select(CheckinSchedule).where(CheckinSchedule.team_id == team_id))
    return {row.scope: row for row in rows}


def effective(by_scope: dict[str, CheckinSchedule], person: Person) -> CheckinSchedule | None:
    """The schedule that applies to `person`: their manager's team schedule, else the workspace default.
    A team schedule switched off means no check-ins for that team."""
    chosen = by_scope.get(f"team:{person.manager_id}") if person.manager_id else None
    chosen = chosen or by_scope.get(WORKSPACE_SCOPE)
    return chosen if chosen is not None and chosen.enabled else None


@dataclass
class ScheduleChange:
    """What `/perf checkin-schedule …` may change; None leaves a setting as it is."""

    enabled: bool | None = None
    weekdays: set[int] | None = None
    local_time: str | None = None
    reminder_delay_hours: int | None = None
    reminder_next_morning: bool = False
    reminder_time: str | None = None
    digest_time: str | None = None
    country: str | None = None
    digest_channel: str | None = None


def editable_scope(session: Session, actor: Person, *, team: bool) -> str:
    """The schedule `actor` edits: the workspace default (HR) or their own team's (a manager)."""
    if team:
        access.require_checkin_team_schedule(session, actor)
        return team_scope(actor)
    access.require_hr(actor)
    return WORKSPACE_SCOPE


def get_or_create(session: Session, actor: Person, scope: str) -> CheckinSchedule:
    schedule = find(session, actor.team_id, scope)
    if schedule is None:
        base = find(session, actor.team_id, WORKSPACE_SCOPE) if scope != WORKSPACE_SCOPE else None
        schedule = CheckinSchedule(team_id=actor.team_id, scope=scope, questions=list(DEFAULT_QUESTIONS))
        if base is not None:  # a new team schedule starts as a copy of the workspace default
            for name in ("weekdays", "workdays", "local_time", "reminder_delay_hours", "reminder_time"):
                setattr(schedule, name, getattr(base, name))
            schedule.digest_time, schedule.country, schedule.questions = base.digest_time, base.country, base.questions
        session.add(schedule)
    return schedule


def apply(session: Session, actor: Person, scope: str, change: ScheduleChange) -> CheckinSchedule:
    schedule = get_or_create(session, actor, scope)
    for name in ("local_time", "reminder_time", "digest_time"):
        value = getattr(change, name)
        if value is not None:
            if not _TIME.match(value):
                raise Invalid("checkin.schedule.bad_time", value=value[:10])
            hour, minute = value.split(":")
            setattr(schedule, name, f"{int(hour):02d}:{minute}")
    if change.weekdays is not None:
        if not change.weekdays:
            raise Invalid("checkin.schedule.no_days")
        schedule.weekdays = format_days(change.weekdays)
    if change.reminder_delay_hours is not None:
        if not 1 <= change.reminder_delay_hours <= 96:
            raise Invalid("checkin.schedule.bad_delay")
        schedule.reminder_delay_hours = change.reminder_delay_hours
    if change.reminder_next_morning:
        schedule.reminder_delay_hours = None
    if change.country is not None:
        if change.country.lower() in ("none", "-"):
            schedule.country = None
        elif not valid_country(change.country):
            raise Invalid("checkin.schedule.bad_country", country=change.country[:8])
        else:
            schedule.country = change.country.upper()
    if change.digest_channel is not None:
        schedule.digest_channel = None if change.digest_channel.lower() in ("none", "-") else change.digest_channel
    if change.enabled is not None:
        schedule.enabled = change.enabled
    schedule.updated_by, schedule.updated_at = actor.id, utcnow()
    session.flush()
    return schedule


def parse_weekdays(token: str) -> set[int] | None:
    """'fri', 'mon,thu' or 'mon-fri' -> weekday numbers (Monday=0); None if it is not a list of days."""
    days: set[int] = set()
    for part in token.lower().split(","):
        first, dash, last = part.partition("-")
        if first[:3] not in WEEKDAY_NAMES or (dash and last[:3] not in WEEKDAY_NAMES):
            return None
        start = WEEKDAY_NAMES.index(first[:3])
        end = WEEKDAY_NAMES.index(last[:3]) if dash else start
        days.update(range(start, end + 1) if start <= end else [*range(start, 7), *range(0, end + 1)])
    return days


def add_question(session: Session, actor: Person, scope: str, kind: str, label: str) -> CheckinSchedule:
    if kind not in QUESTION_TYPES:
        raise Invalid("checkin.questions.bad_type", kind=kind[:20])
    label = label.strip()
    if kind != "goals" and not 1 <= len(label) <= 150:
        raise Invalid("checkin.questions.bad_label")
    schedule = get_or_create(session, actor, scope)
    questions = list(schedule.questions)
    if len(questions) >= MAX_QUESTIONS:
        raise Invalid("checkin.questions.too_many", limit=MAX_QUESTIONS)
    if kind == "goals":
        if any(q["type"] == "goals" for q in questions):
            raise Invalid("checkin.questions.goals_twice")
        questions.append({"id": "goals", "type": "goals", "key": "checkin.q.goals"})
    else:
        number = 1 + max([int(q["id"][1:]) for q in questions if re.fullmatch(r"q\d+", q["id"])] or [0])
        questions.append({"id": f"q{number}", "type": kind, "label": label})
    schedule.questions, schedule.updated_by, schedule.updated_at = questions, actor.id, utcnow()
    return schedule


def remove_question(session: Session, actor: Person, scope: str, position: int) -> CheckinSchedule:
    schedule = get_or_create(session, actor, scope)
    questions = list(schedule.questions)
    if not 1 <= position <= len(questions) or len(questions) == 1:
        raise Invalid("checkin.questions.bad_position", count=len(questions))
    del questions[position - 1]
    schedule.questions, schedule.updated_by, schedule.updated_at = questions, actor.id, utcnow()
    return schedule


def reset_questions(session: Session, actor: Person, scope: str) -> CheckinSchedule:
    schedule = get_or_create(session, actor, scope)
    schedule.questions, schedule.updated_by, schedule.updated_at = list(DEFAULT_QUESTIONS), actor.id, utcnow()
    return schedule


def for_person(session: Session, person: Person) -> CheckinSchedule | None:
    return effective(schedules(session, person.team_id), person)


def manager_of(session: Session, person: Person) -> Person | None:
    return directory.manager_of(session, person)
