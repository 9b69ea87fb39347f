"""The goals a token may feed: agreed goals of the workspace's active cycle measured by one number."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from bot.feeds.schema import FeedableGoal
from bot.goals import cycles
from bot.goals.tracking import goal_key
from bot.org import access
from storage.feeds import ApiToken
from storage.goals import Goal, GoalStatus, Metric, OwnerKind
from storage.org import Person


def feedable_goals(session: Session, token: ApiToken) -> list[FeedableGoal]:
    cycle = cycles.active(session, token.team_id)
    if cycle is None:
        return []
    single = (
        select(Metric.goal_id)
        .join(Goal, Goal.id == Metric.goal_id)
        .where(Goal.cycle_id == cycle.id)
        .group_by(Metric.goal_id)
        .having(func.count(Metric.id) == 1)
    )
    rows = session.exec(
        select(Goal, Metric, Person)
        .join(Metric, Metric.goal_id == Goal.id)
        .join(Person, Person.id == Goal.owner_person_id, isouter=True)
        .where(Goal.cycle_id == cycle.id, Goal.status == GoalStatus.AGREED, col(Goal.id).in_(single))
        .order_by(Goal.id)
    ).all()
    found = []
    for goal, metric, owner in rows:
        department = owner.department if owner is not None else goal.owner_department
        if goal.owner_kind == OwnerKind.COMPANY:
            department = None
        if not access.token_may_feed(token.department, department):
            continue
        found.append(
            FeedableGoal(
                key=goal_key(goal.id),
                title=goal.title,
                owner_email=owner.email if owner is not None else None,
                department=department,
                cycle=cycle.name,
                unit=metric.unit,
                start=metric.start_value,
                target=metric.target_value,
                current=metric.current_value,
                direction=metric.direction,
            )
        )
    return found
