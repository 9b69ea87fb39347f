"""Helpers for live KPI feed tests: a Q1 workspace with agreed goals, and API tokens for it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from bot.feeds import tokens
from bot.goals import negotiation
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
