"""The demo organisation `perfbot shell` starts with, and its removal.

Everything lives in its own sandbox workspace (team id `T0PERF`, named "Perf Co (demo)"), apart
from any real workspace in the same database; every demo person's Slack id starts with `UDEMO` and
their e-mail ends with `@demo.example.com`. Removing the demo deletes every row of that workspace,
in every table that has a `team_id` (so what features add later goes with it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func
from sqlmodel import Session, SQLModel, select

import storage.tables  # noqa: F401 - every table must be known to remove a workspace's rows
from bot import org
from bot.org import Profile
from bot.sandbox.fake_slack import TEAM_ID
from storage.db import Database
from storage.org import Person, Role, Workspace

DEMO_TEAM = TEAM_ID
DEMO_WORKSPACE_NAME = "Perf Co (demo)"
DEMO_ID_PREFIX = "UDEMO"
DEMO_EMAIL_DOMAIN = "demo.example.com"


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
        org.ensure_workspace(session, DEMO_TEAM, DEMO_WORKSPACE_NAME)
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
            person, _ = org.upsert(session, DEMO_TEAM, profile)
            org.set_role(person, demo.role)
            org.set_department(person, demo.department)
            people[demo.handle] = person
        for demo in DEMO_PEOPLE:
            org.set_manager(session, people[demo.handle], people[demo.manager] if demo.manager else None)
        session.flush()
        add_feature_demo_rows(session, DEMO_TEAM, people, now)
    return len(DEMO_PEOPLE)


def add_feature_demo_rows(session: Session, team_id: str, people: dict[str, Person], now: datetime) -> None:
    """Hook for each feature's demo records, keyed by handle in `people` (e.g. people["ken"]).

    Goals (one active cycle with BSC weights, a few goals in different states), check-ins and
    feedback add their demo rows here as those features land, through their domain functions, so
    the demo shows a lived-in organisation. Keep each feature's part idempotent: `load` may run
    again on a database that already holds the demo.
    """


def remove(db: Database) -> int:
    """Delete the demo workspace and everything in it; returns how many people it held."""
    with db.session() as session:
        count = session.exec(select(func.count()).select_from(Person).where(Person.team_id == DEMO_TEAM)).one()
        for table in reversed(SQLModel.metadata.sorted_tables):
            if "team_id" in table.c and table.name != Workspace.__tablename__:
                session.exec(delete(table).where(table.c.team_id == DEMO_TEAM))
        session.exec(delete(Workspace).where(Workspace.team_id == DEMO_TEAM))
    return count
