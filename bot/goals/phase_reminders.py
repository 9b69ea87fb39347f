"""HR cycle-phase reminders: when a phase opens and N days before its deadline, DM everyone who still has
something to do in it, with a button to the right form. Planned as outbox rows, so each goes out once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import ColumnElement, case, exists, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from bot.delivery import outbox
from bot.goals import cycles
from bot.i18n import language_for, t
from bot.org import directory
from storage.cycles import Cycle, CyclePhase, CycleStatus
from storage.goals import Goal, GoalStatus, Metric, MetricPoint, OwnerKind
from storage.org import Person
from storage.outbox import Delivery

KIND = "cycle.reminder"
LOCAL_HOUR = 9  # reminders for a day go out from 09:00 in each person's own time zone
FEW = 500  # people looked up by id; more are found by their workspace and zones

# What the buttons do (handled in handlers/goals/).
OPEN_CREATE = "goals.open_create"
OPEN_REVIEW = "goals.open_review"
OPEN_UPDATE = "goals.open_update"


@dataclass
class Todo:
    key: str
    params: dict = field(default_factory=dict)
    button: tuple[str, str] | None = None  # (action_id, label catalog key)


class CycleFacts:
    """What the checks need about one cycle, loaded once per planning pass: a few queries per cycle rather
    than a few per person, so a tick stays cheap for thousands of people."""

    def __init__(self, session: Session, cycle: Cycle) -> None:
        self.session, self.cycle = session, cycle
        self.messages: dict[tuple, dict] = {}  # one message for everyone with the same things to do

    @cached_property
    def goal_counts_by_owner(self) -> dict[int, tuple[int, int]]:
        """For each owner with goals: how many, and how many are not agreed yet."""
        not_agreed = func.sum(case((Goal.status != GoalStatus.AGREED, 1), else_=0))
        query = (
            select(Goal.owner_person_id, func.count(Goal.id), not_agreed)
            .where(Goal.cycle_id == self.cycle.id, Goal.owner_kind == OwnerKind.PERSON)
            .group_by(Goal.owner_person_id)
        )
        return {owner_id: (count, waiting) for owner_id, count, waiting in self.session.connection().execute(query)}

    @cached_property
    def proposed_by_manager(self) -> dict[int, int]:
        """How many proposed goals wait for each manager (of their active direct reports)."""
        query = (
            select(Person.manager_id, func.count(Goal.id))
            .join(Person, Person.id == Goal.owner_person_id)
            .where(Goal.cycle_id == self.cycle.id, Goal.status == GoalStatus.PROPOSED, Person.is_active)
            .group_by(Person.manager_id)
        )
        return {manager_id: count for manager_id, count in self.session.exec(query) if manager_id is not None}

    @cached_property
    def metric_updates_by_owner(self) -> dict[int, list[datetime | None]]:
        """For each owner, the time of each metric's last real update (None if never updated)."""
        last = func.max(MetricPoint.recorded_at)
        query = (
            select(Goal.owner_person_id, Metric.id, last)
            .join(Goal, Goal.id == Metric.goal_id)
            .join(MetricPoint, (MetricPoint.metric_id == Metric.id) & (MetricPoint.source != "start"), isouter=True)
            .where(Goal.cycle_id == self.cycle.id, Goal.owner_kind == OwnerKind.PERSON)
            .group_by(Goal.owner_person_id, Metric.id)
        )
        found: dict[int, list[datetime | None]] = defaultdict(list)
        for owner_id, _, updated in self.session.exec(query):
            found[owner_id].append(updated)
        return found


# phase kind -> checks (facts, phase, person) -> what the person still has to do in that phase.
# Other features (reviews, calibration) add their checks for their phases here.
Check = Callable[[CycleFacts, CyclePhase, Person], list[Todo]]
OUTSTANDING: dict[str, list[Check]] = {}


def goal_setting_todos(facts: CycleFacts, phase: CyclePhase, person: Person) -> list[Todo]:
    todos = []
    if person.manager_id is not None:
        mine, open_goals = facts.goal_counts_by_owner.get(person.id, (0, 0))
        if not mine:
            todos.append(Todo("reminder.what.no_goals", button=(OPEN_CREATE, "reminder.button.goals")))
        elif open_goals:
            todos.append(
                Todo("reminder.what.not_agreed", {"count": open_goals}, (OPEN_CREATE, "reminder.button.goals"))
            )
    waiting = facts.proposed_by_manager.get(person.id, 0)
    if waiting:
        todos.append(Todo("reminder.what.to_approve", {"count": waiting}, (OPEN_REVIEW, "reminder.button.review")))
    return todos


def check_in_todos(facts: CycleFacts, phase: CyclePhase, person: Person) -> list[Todo]:
    since = datetime.combine(phase.opens_on, time(0, 0), tzinfo=UTC)
    stale = sum(1 for updated in facts.metric_updates_by_owner.get(person.id, []) if updated is None or updated < since)
    if not stale:
        return []
    return [Todo("reminder.what.update_numbers", {"count": stale}, (OPEN_UPDATE, "reminder.button.update"))]


OUTSTANDING["goal_setting"] = [goal_setting_todos]
OUTSTANDING["check_ins"] = [check_in_todos]

# phase kind -> SQL conditions on Person: who may still have something to do in the phase, the same rules as the
# checks above said in SQL. A tick checks only those people (a quiet one none), and the checks decide.
# A phase kind without conditions has everyone not yet reminded checked.
# Each is given the ids of the few people asked about (None: everyone), to look at only their rows.
Candidates = Callable[[Cycle, CyclePhase, list[int] | None], ColumnElement[bool]]
MAY_HAVE_TODOS: dict[str, list[Candidates]] = {}


def goal_setting_candidates(cycle: Cycle, phase: CyclePhase, among: list[int] | None) -> ColumnElement[bool]:
    """Someone with a manager and no goal or a goal not agreed yet, or a manager with a proposal waiting."""
    # Uncorrelated IN subqueries: each is worked out once, not once per person.
    owners = select(Goal.owner_person_id).where(
        Goal.cycle_id == cycle.id, Goal.owner_kind == OwnerKind.PERSON, col(Goal.owner_person_id).is_not(None)
    )
    report = aliased(Person)
    approving = (
        select(report.manager_id)
        .join(Goal, Goal.owner_person_id == report.id)
        .where(Goal.cycle_id == cycle.id, Goal.status == GoalStatus.PROPOSED, report.is_active)
    )
    if among is not None:
        owners, approving = (
            owners.where(col(Goal.owner_person_id).in_(among)),
            approving.where(report.manager_id.in_(among)),
        )
    not_agreed = owners.where(Goal.status != GoalStatus.AGREED)
    has_manager = col(Person.manager_id).is_not(None)
    return (has_manager & (col(Person.id).not_in(owners) | col(Person.id).in_(not_agreed))) | col(Person.id).in_(
        approving
    )


def check_in_candidates(cycle: Cycle, phase: CyclePhase, among: list[int] | None) -> ColumnElement[bool]:
    """Someone with a metric that got no real update since the phase opened."""
    since = datetime.combine(phase.opens_on, time(0, 0), tzinfo=UTC)
    fresh = select(MetricPoint.id).where(
        MetricPoint.metric_id == Metric.id, MetricPoint.source != "start", MetricPoint.recorded_at >= since
    )
    stale_owners = (
        select(Goal.owner_person_id)
        .join(Metric, Metric.goal_id == Goal.id)
        .where(Goal.cycle_id == cycle.id, Goal.owner_kind == OwnerKind.PERSON, ~exists(fresh))
    )
    if among is not None:
        stale_owners = stale_owners.where(col(Goal.owner_person_id).in_(among))
    return col(Person.id).in_(stale_owners)


MAY_HAVE_TODOS["goal_setting"] = [goal_setting_candidates]
MAY_HAVE_TODOS["check_ins"] = [check_in_candidates]


def with_todos(session: Session, cycle: Cycle, phase: CyclePhase, people: list, tzs: set[str]) -> list:
    """Those of `people` (not yet reminded, in `tzs`) who may have something to do in the phase, in their order.
    A second query rather than a condition of the first: asked together, PostgreSQL may evaluate the
    conditions for everyone before it finds that everyone was reminded already."""
    checks = MAY_HAVE_TODOS.get(phase.kind, [])
    if not people or not checks:
        return people
    if len(people) <= FEW:
        among = [person.id for person in people]
        query = select(Person.id).where(col(Person.id).in_(among))
    else:  # many: the workspace's people in those zones, cheaper than long IN lists
        among = None
        query = select(Person.id).where(Person.team_id == cycle.team_id, Person.is_active, col(Person.tz).in_(tzs))
    query = query.where(or_(*(check(cycle, phase, among) for check in checks)))
    found = set(session.connection().execute(query).scalars())
    return [person for person in people if person.id in found]


def todos_for(facts: CycleFacts, phase: CyclePhase, person: Person) -> list[Todo]:
    return [todo for check in OUTSTANDING.get(phase.kind, []) for todo in check(facts, phase, person)]


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


def _remind(facts: CycleFacts, phase: CyclePhase, person: Person, period: str) -> bool:
    session, cycle = facts.session, facts.cycle
    todos = todos_for(facts, phase, person)
    if not todos:
        return False
    lang = language_for(person.locale)
    key = (phase.kind, lang, *((todo.key, *sorted(todo.params.items()), todo.button) for todo in todos))
    if key not in facts.messages:
        facts.messages[key] = reminder_message(cycle, phase, todos, lang)
    message = facts.messages[key]
    return outbox.enqueue(
        session, team_id=cycle.team_id, recipient=person.slack_id, kind=KIND, period=period, message=message
    )


def plan_phase_reminders(session: Session, now: datetime) -> int:
    """Planner: queue due phase reminders for every active cycle (each (person, phase, moment) once).
    A few queries per cycle; what each person still has to do is only worked out for those not yet reminded
    who may have something to do, so a quiet tick reads nobody."""
    queued = 0
    for cycle in session.exec(select(Cycle).where(Cycle.status == CycleStatus.ACTIVE)).all():
        phases = [phase for phase in cycles.phases(session, cycle) if phase.kind in OUTSTANDING]
        if not phases:
            continue
        zones = session.exec(select(Person.tz).where(Person.team_id == cycle.team_id, Person.is_active).distinct())
        due: dict[str, tuple[CyclePhase, set[str]]] = {}  # period -> its phase and the zones it is due in
        for tz in zones.all():
            day = local_day(now, tz)
            for phase in phases:
                moment = stage(phase, cycle.reminder_days, day)
                if moment:
                    due.setdefault(f"cycle{cycle.id}:{phase.kind}:{moment}", (phase, set()))[1].add(tz)
        facts = CycleFacts(session, cycle)
        for period, (phase, tzs) in sorted(due.items()):
            # Only the people not reminded of this moment yet: the outbox's unique key answers it in the database.
            reminded = exists().where(
                Delivery.team_id == Person.team_id,
                Delivery.recipient == Person.slack_id,
                Delivery.kind == KIND,
                Delivery.period == period,
            )
            waiting = select(*directory.LIGHT).where(
                Person.team_id == cycle.team_id, Person.is_active, col(Person.tz).in_(tzs), ~reminded
            )
            people = session.connection().execute(waiting.order_by(Person.name)).all()
            for person in with_todos(session, cycle, phase, people, tzs):
                queued += _remind(facts, phase, person, period)
    return queued


def push_now(session: Session, cycle: Cycle, now: datetime) -> tuple[CyclePhase | None, int]:
    """HR's "remind now": the phase running today, and how many people were reminded of it."""
    phase = cycles.phase_on(session, cycle, now.date())
    if phase is None:
        return None, 0
    period = f"cycle{cycle.id}:{phase.kind}:push:{now:%Y%m%dT%H%M}"
    facts = CycleFacts(session, cycle)
    count = sum(_remind(facts, phase, person, period) for person in directory.light_people(session, cycle.team_id))
    return phase, count
