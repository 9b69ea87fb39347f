"""The demo organisation `perfbot shell` starts with, and its removal.

Everything lives in its own sandbox workspace (team id `T0PERF`, named "Perf Co (demo)"), apart
from any real workspace in the same database; every demo person's Slack id starts with `UDEMO` and
their e-mail ends with `@demo.example.com`. Removing the demo deletes every row of that workspace,
in every table that has a `team_id` (so what features add later goes with it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, update
from sqlmodel import Session, SQLModel, select

import storage.tables  # noqa: F401 - every table must be known to remove a workspace's rows
from bot.checkins import answers, schedules
from bot.checkins.calendar import week_of
from bot.goals import cycles, negotiation, reads, tracking
from bot.goals.negotiation import GoalInput, MetricInput
from bot.org import directory
from bot.org.directory import Profile
from bot.record import feedback, oneonone
from bot.sandbox.fake_slack import TEAM_ID
from storage.db import Database
from storage.feedback import Kind, Visibility
from storage.goals import Direction, Goal, GoalType
from storage.org import Person, Role, Workspace
from storage.outbox import Delivery, DeliveryStatus

DEMO_TEAM = TEAM_ID
DEMO_WORKSPACE_NAME = "Perf Co (demo)"
DEMO_ID_PREFIX = "UDEMO"
DEMO_EMAIL_DOMAIN = "demo.example.com"
DEMO_CYCLE = "2027 Q1"


@dataclass(frozen=True)
class DemoPerson:
    handle: str
    name: str
    role: Role
    department: str
    tz: str
    locale: str = "en-US"
    manager: str | None = None

    @property
    def slack_id(self) -> str:
        return DEMO_ID_PREFIX + self.handle.upper()


# An HR admin, two managers, six employees; London, New York and Shanghai.
DEMO_PEOPLE = [
    DemoPerson("hana", "Hana", Role.HR_ADMIN, "People", "Europe/London"),
    DemoPerson("maria", "Maria", Role.MANAGER, "Engineering", "Europe/London"),
    DemoPerson("omar", "Omar", Role.MANAGER, "Sales", "America/New_York"),
    DemoPerson("ken", "Ken", Role.EMPLOYEE, "Engineering", "Europe/London", manager="maria"),
    DemoPerson("liwei", "Li Wei", Role.EMPLOYEE, "Engineering", "Asia/Shanghai", "zh-CN", manager="maria"),
    DemoPerson("aisha", "Aisha", Role.EMPLOYEE, "Engineering", "Europe/London", manager="maria"),
    DemoPerson("sam", "Sam", Role.EMPLOYEE, "Sales", "America/New_York", manager="omar"),
    DemoPerson("diego", "Diego", Role.EMPLOYEE, "Sales", "America/New_York", manager="omar"),
    DemoPerson("mei", "Mei", Role.EMPLOYEE, "Sales", "Asia/Shanghai", manager="omar"),
]


def is_demo_id(slack_id: str) -> bool:
    return slack_id.startswith(DEMO_ID_PREFIX)


def is_loaded(db: Database) -> bool:
    with db.session() as session:
        count = session.exec(select(func.count()).select_from(Person).where(Person.team_id == DEMO_TEAM)).one()
    return count > 0


def load(db: Database, now: datetime) -> int:
    """Create (or restore) the demo organisation; returns how many demo people there are. Idempotent."""
    with db.session() as session:
        directory.ensure_workspace(session, DEMO_TEAM, DEMO_WORKSPACE_NAME)
        people: dict[str, Person] = {}
        for demo in DEMO_PEOPLE:
            profile = Profile(
                slack_id=demo.slack_id,
                name=demo.name,
                email=f"{demo.handle}@{DEMO_EMAIL_DOMAIN}",
                tz=demo.tz,
                locale=demo.locale,
                is_active=True,
            )
            person, _ = directory.upsert(session, DEMO_TEAM, profile)
            directory.set_role(person, demo.role)
            directory.set_department(person, demo.department)
            people[demo.handle] = person
        for demo in DEMO_PEOPLE:
            directory.set_manager(session, people[demo.handle], people[demo.manager] if demo.manager else None)
        session.flush()
        add_feature_demo_rows(session, DEMO_TEAM, people, now)
    return len(DEMO_PEOPLE)


def add_feature_demo_rows(session: Session, team_id: str, people: dict[str, Person], now: datetime) -> None:
    """Each feature's demo records, keyed by handle in `people` (e.g. people["ken"]), made through the
    features' own domain functions so they are valid rows: one active cycle with BSC weights, goals in
    different states with live numbers, the weekly check-in schedule, past check-ins and feedback.

    Runs once: when the demo cycle is already there (`load` again), nothing is added twice. What this
    queues to people (thanks, notices) is history, not news: it is dropped, not sent when the shell starts.
    """
    if cycles.by_name(session, team_id, DEMO_CYCLE) is not None:
        return
    hana, maria, omar, ken, aisha, sam = (people[h] for h in ("hana", "maria", "omar", "ken", "aisha", "sam"))
    liwei = people["liwei"]
    today = now.date()
    starts_on, ends_on = date(today.year, 1, 1), date(today.year, 3, 31)
    if not starts_on <= today <= ends_on:  # the shell's clock starts in the first week of 2027
        starts_on, ends_on = today - timedelta(days=3), today + timedelta(days=87)
    cycle, _ = cycles.create(
        session,
        team_id=team_id,
        actor=hana,
        name=DEMO_CYCLE,
        cadence="quarterly",
        starts_on=starts_on,
        ends_on=ends_on,
        timetable=cycles.suggested_timetable(starts_on, ends_on),
        weights={"financial": 40, "customer": 30, "internal": 20, "learning": 10},
        now=now,
    )
    earlier = now - timedelta(days=3)

    def goal(owner: Person, title: str, perspective: str, weight: int, *metrics: MetricInput) -> Goal:
        data = GoalInput(
            title=title,
            goal_type=GoalType.KPI if metrics else GoalType.MILESTONE,
            weight=weight,
            perspective=perspective,
            metrics=metrics,
        )
        return negotiation.create(session, cycle=cycle, actor=owner, data=data, now=earlier)

    def agreed(made: Goal, owner: Person, manager: Person) -> Goal:
        negotiation.transition(session, goal=made, actor=owner, action="propose", now=earlier)
        return negotiation.transition(session, goal=made, actor=manager, action="approve", now=earlier)

    latency = goal(
        ken, "Cut API p95 latency", "internal", 60, MetricInput("p95 latency", 420, 250, "ms", Direction.LOWER)
    )
    agreed(latency, ken, maria)
    onboarding = goal(ken, "Onboard two new engineers", "learning", 40)
    agreed(onboarding, ken, maria)
    renewals = goal(sam, "Grow renewals revenue", "financial", 70, MetricInput("Renewals", 0, 500, "k$"))
    agreed(renewals, sam, omar)
    # Li Wei's goal was agreed a month ago and has not moved since: Maria's Monday message names it.
    billing = negotiation.create(
        session,
        cycle=cycle,
        actor=liwei,
        data=GoalInput(
            title="Move billing to the v2 API",
            goal_type=GoalType.KPI,
            weight=50,
            perspective="internal",
            metrics=(MetricInput("Endpoints moved", 0, 12, "endpoints"),),
        ),
        now=now - timedelta(days=30),
    )
    agreed_at = now - timedelta(days=30)
    negotiation.transition(session, goal=billing, actor=liwei, action="propose", now=agreed_at)
    negotiation.transition(session, goal=billing, actor=maria, action="approve", now=agreed_at)
    docs = goal(aisha, "Publish the public API guide", "customer", 50)
    negotiation.transition(session, goal=docs, actor=aisha, action="propose", now=earlier)  # waits for Maria
    for metric, values in (
        (reads.metrics_of(session, latency)[0], (390, 360)),
        (reads.metrics_of(session, renewals)[0], (120,)),
    ):
        for step, value in enumerate(values):
            tracking.record_value(
                session, metric=metric, value=value, now=earlier + timedelta(hours=step + 1), actor=None, source="demo"
            )

    schedules.apply(
        session,
        hana,
        schedules.editable_scope(session, hana, team=False),
        schedules.ScheduleChange(enabled=True, weekdays={4}, local_time="16:00"),
    )
    last_friday = now - timedelta(days=(now.weekday() - 4) % 7 or 7)
    for person, given in (
        (
            ken,
            {
                "went_well": "Caching cut p95 by 30 ms",
                "blockers": "",
                "next_week": "Profile the search path",
                "mood": 4,
            },
        ),
        (
            sam,
            {
                "went_well": "Two renewals signed",
                "blockers": "Waiting on legal",
                "next_week": "Chase the rest",
                "mood": 3,
            },
        ),
    ):
        week = week_of(answers.local_today(person, last_friday))
        answers.submit(session, team_id, person.slack_id, week, given, request_id="demo", now=last_friday)

    # Maria met Ken and Li Wei lately; with Aisha she has no one-to-one on record.
    for report, days_ago in ((ken, 6), (liwei, 10)):
        pair = oneonone.pair_for(session, maria, report)
        oneonone.hold(session, actor=maria, pair=pair, now=now - timedelta(days=days_ago))

    # Aisha's mood fell over three weeks before last: 4, then 2 and 2 (last week she has not checked in yet).
    for weeks_ago, mood in ((3, 4), (2, 2), (1, 2)):
        friday = last_friday - timedelta(weeks=weeks_ago)
        week = week_of(answers.local_today(aisha, friday))
        given = {"went_well": "Docs outline done", "blockers": "", "next_week": "Examples", "mood": mood}
        answers.submit(session, team_id, aisha.slack_id, week, given, request_id="demo", now=friday)

    for author, subject, text, kind, visibility in (
        (maria, ken, "Great demo of the latency dashboard", Kind.PRAISE, Visibility.SHARED),
        (aisha, ken, "Thanks for pairing on the cache bug", Kind.PRAISE, Visibility.SHARED),
        (maria, aisha, "Share drafts earlier so reviews are shorter", Kind.COACHING, Visibility.PRIVATE),
        (omar, sam, "Bring legal in at the start of big deals", Kind.COACHING, Visibility.PRIVATE),
    ):
        feedback.log(session, author=author, subject=subject, text=text, kind=kind, visibility=visibility, now=earlier)

    session.flush()
    session.exec(
        update(Delivery)
        .where(Delivery.team_id == team_id, Delivery.status == DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.DROPPED)
    )


def remove(db: Database) -> int:
    """Delete the demo workspace and everything in it; returns how many people it held."""
    with db.session() as session:
        count = session.exec(select(func.count()).select_from(Person).where(Person.team_id == DEMO_TEAM)).one()
        for table in reversed(SQLModel.metadata.sorted_tables):
            if "team_id" in table.c and table.name != Workspace.__tablename__:
                session.exec(delete(table).where(table.c.team_id == DEMO_TEAM))
        session.exec(delete(Workspace).where(Workspace.team_id == DEMO_TEAM))
    return count
