"""Reading goals: one goal, a person's goals and the shared ones, their metrics and history, what awaits a
manager's approval, and a person's scorecard. Pages ask these on every open, so their statements are built once."""

from __future__ import annotations

from sqlalchemy import bindparam
from sqlmodel import Session, col, func, select

from bot.errors import NotFound
from bot.goals import cycles, scorecard
from bot.org import directory
from storage.cycles import Cycle
from storage.db import read_memo
from storage.goals import Goal, GoalEvent, GoalStatus, Metric, OwnerKind
from storage.org import Person


def get(session: Session, team_id: str, goal_id: int) -> Goal:
    goal = session.get(Goal, goal_id)
    if goal is None or goal.team_id != team_id:
        raise NotFound("goal.not_found")
    return goal


def owner_of(session: Session, goal: Goal) -> Person | None:
    return session.get(Person, goal.owner_person_id) if goal.owner_person_id else None


# Goal pages and App Home ask these on every open: built once.
_METRICS_OF_GOALS = (
    select(Metric).where(col(Metric.goal_id).in_(bindparam("goal_ids", expanding=True))).order_by(Metric.id)
)
_GOALS_OF = (
    select(Goal)
    .where(Goal.cycle_id == bindparam("cycle_id"), Goal.owner_person_id == bindparam("person_id"))
    .order_by(Goal.id)
)
_PROPOSED_BY = (
    select(Goal)
    .where(
        Goal.cycle_id == bindparam("cycle_id"),
        Goal.status == GoalStatus.PROPOSED,
        Goal.owner_person_id.in_(bindparam("person_ids", expanding=True)),
    )
    .order_by(Goal.id)
)


def metrics_of(session: Session, goal: Goal) -> list[Metric]:
    return list(session.exec(select(Metric).where(Metric.goal_id == goal.id).order_by(Metric.id)))


def metrics_for(session: Session, goals: list[Goal]) -> dict[int, list[Metric]]:
    """Each goal's metrics, for a whole list of goals in one query."""
    ids = tuple(goal.id for goal in goals)

    def load() -> dict[int, list[Metric]]:
        found: dict[int, list[Metric]] = {goal_id: [] for goal_id in ids}
        if ids:
            for metric in session.exec(_METRICS_OF_GOALS, params={"goal_ids": list(ids)}):
                found[metric.goal_id].append(metric)
        return found

    return {goal_id: list(metrics) for goal_id, metrics in read_memo(session, ("metrics_for", ids), load).items()}


def history(session: Session, goal: Goal) -> list[GoalEvent]:
    return list(session.exec(select(GoalEvent).where(GoalEvent.goal_id == goal.id).order_by(GoalEvent.id)))


def goals_of(session: Session, cycle: Cycle, person: Person) -> list[Goal]:
    params = {"cycle_id": cycle.id, "person_id": person.id}
    return list(
        read_memo(session, ("goals_of", cycle.id, person.id), lambda: list(session.exec(_GOALS_OF, params=params)))
    )


def shared_goals(session: Session, cycle: Cycle) -> list[Goal]:
    """Company and team goals: visible to everyone in the workspace."""
    return list(
        session.exec(
            select(Goal).where(Goal.cycle_id == cycle.id, Goal.owner_kind != OwnerKind.PERSON).order_by(Goal.id)
        )
    )


def awaiting_approval(session: Session, cycle: Cycle, manager: Person) -> list[Goal]:
    """Proposed goals of the manager's direct reports."""
    report_ids = [report.id for report in directory.direct_reports(session, manager)]
    if not report_ids:
        return []
    return list(session.exec(_PROPOSED_BY, params={"cycle_id": cycle.id, "person_ids": report_ids}))


# App Home shows a manager how many of their reports' goals wait for them: counted, not loaded.
_PROPOSED_TO = (
    select(func.count())
    .select_from(Goal)
    .join(Person, Person.id == Goal.owner_person_id)
    .where(
        Goal.cycle_id == bindparam("cycle_id"),
        Goal.status == GoalStatus.PROPOSED,
        Person.manager_id == bindparam("manager_id"),
        Person.is_active,
    )
)


def awaiting_approval_count(session: Session, cycle: Cycle, manager: Person) -> int:
    """How many goals `awaiting_approval` would list."""
    session.flush()  # a plain statement (no ORM entity to load) is not preceded by the session's autoflush
    return session.connection().execute(_PROPOSED_TO, {"cycle_id": cycle.id, "manager_id": manager.id}).scalar_one()


# A scorecard needs a person's goals and their metrics together: one statement.
_GOALS_AND_METRICS = (
    select(Goal, Metric)
    .outerjoin(Metric, Metric.goal_id == Goal.id)
    .where(Goal.cycle_id == bindparam("cycle_id"), Goal.owner_person_id == bindparam("person_id"))
    .order_by(Goal.id, Metric.id)
)


def goals_with_metrics(session: Session, cycle: Cycle, person: Person) -> tuple[list[Goal], dict[int, list[Metric]]]:
    """`goals_of` and `metrics_for` those goals, in one statement; within a read transaction both then answer
    from it (App Home's goals section and dashboard ask them again)."""
    params = {"cycle_id": cycle.id, "person_id": person.id}

    def load() -> tuple[list[Goal], dict[int, list[Metric]]]:
        goals: list[Goal] = []
        metrics: dict[int, list[Metric]] = {}
        for goal, metric in session.exec(_GOALS_AND_METRICS, params=params):
            if goal.id not in metrics:
                goals.append(goal)
                metrics[goal.id] = []
            if metric is not None:
                metrics[goal.id].append(metric)
        read_memo(session, ("goals_of", cycle.id, person.id), lambda: goals)
        read_memo(session, ("metrics_for", tuple(metrics)), lambda: metrics)
        return goals, metrics

    goals, metrics = read_memo(session, ("goals_with_metrics", cycle.id, person.id), load)
    return list(goals), {goal_id: list(found) for goal_id, found in metrics.items()}


def person_scorecard(session: Session, cycle: Cycle, person: Person) -> scorecard.Scorecard:
    own, metrics = goals_with_metrics(session, cycle, person)
    goals = [(goal, metrics[goal.id]) for goal in own]
    weights = cycles.weights_for(session, cycle, person.department)
    return scorecard.build(goals, bsc_enabled=cycle.bsc_enabled, weights=weights)
