"""Helpers for live KPI feed tests: a Q1 workspace with agreed goals, and API tokens for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from bot.feeds import tokens
from bot.goals import cycles, negotiation
from storage.cycles import CycleStatus
from storage.goals import GoalStatus, GoalType, OwnerKind
from tests.goalkit import NOW, TEAM, kpi, people, q1

__all__ = ["NOW", "TEAM", "Setup", "setup_goals"]


@dataclass
class Setup:
    latency: int  # Ken's agreed KPI: 400 ms → 200 ms, lower is better (Engineering)
    draft: int  # Ken's goal still a draft
    sales: int  # Zoe's agreed KPI (Sales)
    objective: int  # Ken's agreed objective with two key results
    cycle_id: int
    token: str  # a workspace-wide token
    engineering_token: str  # limited to Engineering
    people: object
    closed_token: str = ""  # a token of another workspace whose only cycle is closed (see closed_workspace)
    closed_goal: int = 0


def setup_goals(session: Session) -> Setup:
    crew = people(session)
    cycle = q1(session, crew.hana)
    latency = negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi(weight=50), now=NOW)
    draft = negotiation.create(
        session, cycle=cycle, actor=crew.ken, data=kpi("Ship docs", perspective="customer", weight=10), now=NOW
    )
    sales = negotiation.create(
        session, cycle=cycle, actor=crew.zoe, data=kpi("Close deals", start=0, target=10, weight=100), now=NOW
    )
    q2 = date(2027, 4, 1), date(2027, 6, 30)
    timetable = cycles.suggested_timetable(*q2)
    next_quarter = q1(session, crew.hana, name="2027 Q2", starts_on=q2[0], ends_on=q2[1], timetable=timetable)
    next_quarter.status = CycleStatus.DRAFT  # a second "Close deals": Zoe's e-mail and that title name two goals
    negotiation.create(
        session, cycle=next_quarter, actor=crew.zoe, data=kpi("Close deals", start=0, target=10), now=NOW
    )
    two = kpi("Grow NPS", perspective="customer", weight=20, start=0, target=10)
    two = negotiation.GoalInput(
        title=two.title,
        goal_type=GoalType.OBJECTIVE,
        weight=two.weight,
        perspective=two.perspective,
        metrics=(*two.metrics, negotiation.MetricInput(name="Survey replies", start=0, target=100)),
    )
    objective = negotiation.create(session, cycle=cycle, actor=crew.ken, data=two, now=NOW)
    for goal in (latency, sales, objective):
        goal.status = GoalStatus.AGREED
    session.flush()
    assert latency.owner_kind == OwnerKind.PERSON
    everything = tokens.create(session, actor=crew.hana, name="Jira sync", department=None, now=NOW)
    engineering = tokens.create(session, actor=crew.hana, name="CI", department="Engineering", now=NOW)
    return Setup(
        latency=latency.id,
        draft=draft.id,
        sales=sales.id,
        objective=objective.id,
        cycle_id=cycle.id,
        token=everything.secret,
        engineering_token=engineering.secret,
        people=crew,
    )


def closed_workspace(session: Session, setup: Setup, team_id: str = "T0CLOSED") -> None:
    """Another workspace with an agreed goal in a cycle that is closed, and a token for it."""
    from bot.org import directory
    from storage.org import Role

    def profile(slack_id: str, name: str) -> directory.Profile:
        return directory.Profile(slack_id, name, f"{name.lower()}@closed.example", "UTC", "en-US", True)

    hr, _ = directory.upsert(session, team_id, profile("UCHR", "Cora"))
    directory.set_role(hr, Role.HR_ADMIN)
    owner, _ = directory.upsert(session, team_id, profile("UCOWNER", "Carl"))
    session.flush()
    cycle = q1(session, hr, team_id=team_id)
    goal = negotiation.create(session, cycle=cycle, actor=owner, data=kpi(), now=NOW)
    goal.status = GoalStatus.AGREED
    session.flush()
    setup.closed_token = tokens.create(session, actor=hr, name="old", department=None, now=NOW).secret
    setup.closed_goal = goal.id
    cycles.close(session, cycle, NOW)
