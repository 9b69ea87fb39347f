"""Helpers for goal and cycle tests: a workspace with HR, a manager and a report, and a Q1 cycle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session

from bot.goals import cycles, negotiation
from bot.org import directory
from storage.cycles import Cycle
from storage.goals import Direction, GoalType
from storage.org import Person, Role

TEAM = "T0GOALS"
NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
Q1_START, Q1_END = date(2027, 1, 1), date(2027, 3, 31)


@dataclass
class People:
    hana: Person  # HR
    maria: Person  # manager
    ken: Person  # Maria's report
    olga: Person  # Maria's manager
    zoe: Person  # someone else, in no line


def person(session: Session, slack_id: str, name: str, *, role=Role.EMPLOYEE, manager=None, department=None) -> Person:
    profile = directory.Profile(slack_id, name, f"{name.lower()}@example.com", "Europe/London", "en-US", True)
    someone, _ = directory.upsert(session, TEAM, profile)
    directory.set_role(someone, role)
    directory.set_department(someone, department)
    if manager is not None:
        directory.set_manager(session, someone, manager)
    session.flush()
    return someone


def people(session: Session) -> People:
    hana = person(session, "UHANA", "Hana", role=Role.HR_ADMIN, department="People")
    olga = person(session, "UOLGA", "Olga", role=Role.MANAGER, department="Engineering")
    maria = person(session, "UMARIA", "Maria", role=Role.MANAGER, manager=olga, department="Engineering")
    ken = person(session, "UKEN", "Ken", manager=maria, department="Engineering")
    zoe = person(session, "UZOE", "Zoe", department="Sales")
    return People(hana, maria, ken, olga, zoe)


def q1(session: Session, actor: Person, **overrides) -> Cycle:
    options = {
        "team_id": TEAM,
        "actor": actor,
        "name": "2027 Q1",
        "cadence": "quarterly",
        "starts_on": Q1_START,
        "ends_on": Q1_END,
        "timetable": cycles.suggested_timetable(Q1_START, Q1_END),
        "now": NOW,
    }
    options.update(overrides)
    cycle, _ = cycles.create(session, **options)
    return cycle


def kpi(title="Cut p95 latency", *, perspective="internal", weight=100, start=400.0, target=200.0, **more):
    direction = Direction.HIGHER if target > start else Direction.LOWER
    metric = negotiation.MetricInput(name=title, start=start, target=target, unit="ms", direction=direction)
    return negotiation.GoalInput(
        title=title, goal_type=GoalType.KPI, weight=weight, perspective=perspective, metrics=(metric,), **more
    )
