"""HR cycle-phase reminders: when a phase opens and N days before its deadline, DM everyone who still has
something to do in it, with a button to the right form. Planned as outbox rows, so each goes out once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, select

from bot import cycles, goals, org, outbox
from bot.i18n import language_for, t
from storage.cycles import Cycle, CyclePhase, CycleStatus
from storage.goals import GoalStatus, Metric, MetricPoint
from storage.org import Person
from storage.outbox import Delivery

KIND = "cycle.reminder"
LOCAL_HOUR = 9  # reminders for a day go out from 09:00 in each person's own time zone

# What the buttons do (handled in handlers/goals.py).
OPEN_CREATE = "goals.open_create"
OPEN_REVIEW = "goals.open_review"
OPEN_UPDATE = "goals.open_update"


@dataclass
class Todo:
    key: str
    params: dict = field(default_factory=dict)
    button: tuple[str, str] | None = None  # (action_id, label catalog key)


# phase kind -> checks (session, cycle, phase, person) -> what the person still has to do in it.
# Other features (reviews, calibration) add their checks for their phases here.
Check = Callable[[Session, Cycle, CyclePhase, Person], list[Todo]]
OUTSTANDING: dict[str, list[Check]] = {}


def goal_setting_todos(session: Session, cycle: Cycle, phase: CyclePhase, person: Person) -> list[Todo]:
    todos = []
    if person.manager_id is not None:
        mine = goals.goals_of(session, cycle, person)
        open_goals = [goal for goal in mine if goal.status != GoalStatus.AGREED]
        if not mine:
            todos.append(Todo("reminder.what.no_goals", button=(OPEN_CREATE, "reminder.button.goals")))
        elif open_goals:
            todos.append(
                Todo("reminder.what.not_agreed", {"count": len(open_goals)}, (OPEN_CREATE, "reminder.button.goals"))
            )
    waiting = goals.awaiting_approval(session, cycle, person)
    if waiting:
        todos.append(Todo("reminder.what.to_approve", {"count": len(waiting)}, (OPEN_REVIEW, "reminder.button.review")))
    return todos


def check_in_todos(session: Session, cycle: Cycle, phase: CyclePhase, person: Person) -> list[Todo]:
    since = datetime.combine(phase.opens_on, time(0, 0), tzinfo=ZoneInfo("UTC"))
    stale = 0
    for goal in goals.goals_of(session, cycle, person):
        for metric in goals.metrics_of(session, goal):
            if not _updated_since(session, metric, since):
                stale += 1
    if not stale:
        return []
    return [Todo("reminder.what.update_numbers", {"count": stale}, (OPEN_UPDATE, "reminder.button.update"))]


def _updated_since(session: Session, metric: Metric, since: datetime) -> bool:
    query = select(MetricPoint.id).where(
        MetricPoint.metric_id == metric.id, MetricPoint.recorded_at >= since, MetricPoint.source != "start"
    )
    return session.exec(query).first() is not None


OUTSTANDING["goal_setting"] = [goal_setting_todos]
OUTSTANDING["check_ins"] = [check_in_todos]


def todos_for(session: Session, cycle: Cycle, phase: CyclePhase, person: Person) -> list[Todo]:
    return [todo for check in OUTSTANDING.get(phase.kind, []) for todo in check(session, cycle, phase, person)]


def local_day(now: datetime, tz: str) -> date:
    """The day whose reminders are due for someone in `tz`: today from 09:00 local, yesterday before."""
    try:
        local = now.astimezone(ZoneInfo(tz))
    except (ZoneInfoNotFoundError, ValueError):
        local = now
    return local.date() if local.hour >= LOCAL_HOUR else local.date() - timedelta(days=1)


def stage(phase: CyclePhase, reminder_days: list[int], day: date) -> str | None:
    """The newest reminder moment of the phase reached on `day`: 'open', or 'dN' (N days before the deadline)."""
    if not phase.opens_on <= day <= phase.due_on:
        return None
    moments = [("open", phase.opens_on)] + [
        (f"d{n}", phase.due_on - timedelta(days=n))
        for n in reminder_days
        if phase.opens_on < phase.due_on - timedelta(days=n)
    ]
    reached = [(when, name) for name, when in moments if when <= day]
    return max(reached)[1] if reached else None


def reminder_message(cycle: Cycle, phase: CyclePhase, todos: list[Todo], lang: str) -> dict:
    phase_name = t(lang, f"phase.{phase.kind}")
    what = " ".join(t(lang, todo.key, **todo.params) for todo in todos)
    text = t(
        lang,
        "reminder.text",
        phase=phase_name,
        cycle=cycle.name,
        due=phase.due_on.isoformat(),
        what=what,
    )
    buttons, seen = [], set()
    for todo in todos:
        if todo.button and todo.button[0] not in seen:
            seen.add(todo.button[0])
            label = t(lang, todo.button[1])
            buttons.append(
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": label},
                    "action_id": todo.button[0],
                    "value": str(cycle.id),
                }
            )
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
    if buttons:
        blocks.append({"type": "actions", "elements": buttons})
    return outbox.message(text, blocks)


def _remind(session: Session, cycle: Cycle, phase: CyclePhase, person: Person, period: str) -> bool:
    todos = todos_for(session, cycle, phase, person)
    if not todos:
        return False
    message = reminder_message(cycle, phase, todos, language_for(person.locale))
    return outbox.enqueue(
        session, team_id=cycle.team_id, recipient=person.slack_id, kind=KIND, period=period, message=message
    )


def plan_phase_reminders(session: Session, now: datetime) -> int:
    """Planner: queue due phase reminders for every active cycle (each (person, phase, moment) once)."""
    queued = 0
    for cycle in session.exec(select(Cycle).where(Cycle.status == CycleStatus.ACTIVE)):
        phases = [phase for phase in cycles.phases(session, cycle) if phase.kind in OUTSTANDING]
        if not phases:
            continue
        already = set(
            session.exec(
                select(Delivery.recipient, Delivery.period).where(
                    Delivery.team_id == cycle.team_id, Delivery.kind == KIND
                )
            )
        )
        for person in org.people(session, cycle.team_id):
            day = local_day(now, person.tz)
            for phase in phases:
                moment = stage(phase, cycle.reminder_days, day)
                if moment is None:
                    continue
                period = f"cycle{cycle.id}:{phase.kind}:{moment}"
                if (person.slack_id, period) not in already:
                    queued += _remind(session, cycle, phase, person, period)
    return queued


def push_now(session: Session, cycle: Cycle, now: datetime) -> tuple[CyclePhase | None, int]:
    """HR's "remind now": the phase running today, and how many people were reminded of it."""
    phase = cycles.phase_on(session, cycle, now.date())
    if phase is None:
        return None, 0
    period = f"cycle{cycle.id}:{phase.kind}:push:{now:%Y%m%dT%H%M}"
    count = sum(_remind(session, cycle, phase, person, period) for person in org.people(session, cycle.team_id))
    return phase, count
