"""Loads what the nudge rules need for every due manager at once: a fixed handful of set-based queries (joins and
aggregates over the whole selection), however many managers and reports there are."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, exists, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from bot.checkins.calendar import week_of
from bot.coaching.nudges import GoalFact, TeamFacts
from bot.goals.scorecard import goal_progress
from storage.checkins import Checkin
from storage.coaching import NudgeSnooze
from storage.cycles import Cycle, CycleStatus
from storage.feedback import Feedback, Source
from storage.goals import Goal, GoalStatus, Metric, MetricPoint, OwnerKind
from storage.oneonone import AgendaItem, ItemKind, Meeting, OneOnOne
from storage.org import Person
from storage.plans import Plan, PlanAction, PlanProgress, PlanStatus, Rhythm

MOOD_WEEKS = 5  # check-ins older than this say nothing about this week
RECOGNITION_DAYS = 30
RUNNING = (PlanStatus.OPEN, PlanStatus.EXTENDED)


def load(session: Session, managers, today: date, now: datetime) -> dict[int, TeamFacts]:
    """`managers` is a subquery of the due managers' person ids; returns their teams' facts by manager id."""
    report = aliased(Person)
    in_team = and_(report.is_active, col(report.manager_id).in_(managers))
    teams: dict[int, TeamFacts] = {}
    by_report: dict[int, TeamFacts] = {}
    for report_id, manager_id, slack_id, team_id in session.exec(
        select(report.id, report.manager_id, report.slack_id, report.team_id)
        .where(in_team)
        .order_by(report.manager_id, report.name, report.id)
    ):
        team = teams.setdefault(manager_id, TeamFacts(manager_id=manager_id, reports=[]))
        team.reports.append(report_id)
        team.slack_ids[report_id] = slack_id
        team.team_of[report_id] = team_id
        by_report[report_id] = team

    since = week_of(today - timedelta(weeks=MOOD_WEEKS))
    checkins = (
        select(Checkin.person_id, Checkin.week, Checkin.mood, Checkin.blockers)
        .join(report, report.id == Checkin.person_id)
        .where(in_team, Checkin.team_id == report.team_id, Checkin.week >= since)
        .order_by(Checkin.person_id, Checkin.week.desc())
    )
    for person_id, week, mood, blockers in session.exec(checkins):
        by_report[person_id].moods.setdefault(person_id, []).append((week, mood, blockers))

    pairs = (
        select(OneOnOne.report_id, OneOnOne.cadence_days, func.max(Meeting.held_at))
        .join(report, report.id == OneOnOne.report_id)
        .outerjoin(Meeting, Meeting.pair_id == OneOnOne.id)
        .where(in_team, OneOnOne.manager_id == report.manager_id)
        .group_by(OneOnOne.report_id, OneOnOne.cadence_days)
    )
    for report_id, cadence, held in session.exec(pairs):
        by_report[report_id].last_held[report_id] = held
        by_report[report_id].cadence_days[report_id] = cadence

    overdue = (
        select(OneOnOne.report_id, func.count(AgendaItem.id))
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .join(OneOnOne, OneOnOne.id == Meeting.pair_id)
        .join(report, report.id == OneOnOne.report_id)
        .where(
            in_team,
            OneOnOne.manager_id == report.manager_id,
            AgendaItem.kind == ItemKind.ACTION,
            AgendaItem.done_at.is_(None),
            AgendaItem.due < today,
        )
        .group_by(OneOnOne.report_id)
    )
    for report_id, count in session.exec(overdue):
        by_report[report_id].overdue_actions[report_id] = count

    _load_goals(session, report, in_team, by_report)

    given = (
        select(Feedback.subject_id, func.max(Feedback.created_at))
        .join(report, report.id == Feedback.subject_id)
        .where(in_team, Feedback.author_id == report.manager_id)
        .group_by(Feedback.subject_id)
    )
    for subject_id, last in session.exec(given):
        by_report[subject_id].last_feedback[subject_id] = last

    recognised = (
        select(Feedback.subject_id)
        .join(report, report.id == Feedback.subject_id)
        .where(in_team, Feedback.source == Source.KUDOS, Feedback.created_at >= now - timedelta(days=RECOGNITION_DAYS))
        .distinct()
    )
    for subject_id in session.exec(recognised):
        by_report[subject_id].recognised.add(subject_id)

    _load_plans(session, report, in_team, by_report, today)

    snoozes = select(NudgeSnooze.manager_id, NudgeSnooze.subject_id, NudgeSnooze.rule).where(
        col(NudgeSnooze.manager_id).in_(managers), NudgeSnooze.until >= today
    )
    for manager_id, subject_id, rule in session.exec(snoozes):
        if manager_id in teams:
            teams[manager_id].snoozed.add((subject_id, rule))
    return teams


def _load_goals(session: Session, report, in_team, by_report: dict[int, TeamFacts]) -> None:
    """Agreed personal goals in each workspace's active cycle, their metrics and their last measured update (plain
    rows, not ORM objects: the progress rules read the same attributes)."""
    agreed = and_(
        in_team,
        Cycle.status == CycleStatus.ACTIVE,
        Goal.owner_kind == OwnerKind.PERSON,
        Goal.status == GoalStatus.AGREED,
    )
    goals = (
        select(
            Goal.id,
            Goal.owner_person_id,
            Goal.title,
            Goal.goal_type,
            Goal.done,
            Goal.updated_at,
            Cycle.starts_on,
            Cycle.ends_on,
        )
        .join(Cycle, Cycle.id == Goal.cycle_id)
        .join(report, report.id == Goal.owner_person_id)
        .where(agreed)
        .order_by(Goal.id)
    )
    rows = list(session.exec(goals))
    if not rows:
        return
    goal_ids = (
        select(Goal.id)
        .join(Cycle, Cycle.id == Goal.cycle_id)
        .join(report, report.id == Goal.owner_person_id)
        .where(agreed)
    )
    metrics: dict[int, list] = {}
    measured = select(
        Metric.goal_id, Metric.start_value, Metric.target_value, Metric.current_value, Metric.direction
    ).where(col(Metric.goal_id).in_(goal_ids))
    for metric in session.exec(measured):
        metrics.setdefault(metric.goal_id, []).append(metric)
    last_points = (
        select(Metric.goal_id, func.max(MetricPoint.recorded_at))
        .join(MetricPoint, MetricPoint.metric_id == Metric.id)
        .where(col(Metric.goal_id).in_(goal_ids))
        .group_by(Metric.goal_id)
    )
    updated: dict[int, datetime] = {goal_id: at for goal_id, at in session.exec(last_points)}
    for goal in rows:
        last = max(filter(None, [updated.get(goal.id), goal.updated_at]))
        progress = goal_progress(goal, metrics.get(goal.id, []))
        fact = GoalFact(goal.id, goal.owner_person_id, goal.title, progress, last, goal.starts_on, goal.ends_on)
        by_report[goal.owner_person_id].goals.append(fact)


def _load_plans(session: Session, report, in_team, by_report: dict[int, TeamFacts], today: date) -> None:
    """Open plans past their review date, and weekly action goals not ticked off last week."""
    late = (
        select(Plan.owner_id, Plan.title)
        .join(report, report.id == Plan.owner_id)
        .where(in_team, col(Plan.status).in_(RUNNING), Plan.review_date < today)
    )
    for owner_id, title in session.exec(late):
        by_report[owner_id].plans_due.setdefault(owner_id, []).append(title)
    last_monday = today - timedelta(days=today.weekday() + 7)
    ticked = exists().where(PlanProgress.action_id == PlanAction.id, PlanProgress.period == week_of(last_monday))
    slipped = (
        select(Plan.owner_id, PlanAction.text)
        .join(Plan, Plan.id == PlanAction.plan_id)
        .join(report, report.id == Plan.owner_id)
        .where(
            in_team,
            col(Plan.status).in_(RUNNING),
            PlanAction.rhythm == Rhythm.WEEKLY,
            PlanAction.created_at < datetime.combine(last_monday, time(), tzinfo=UTC),
            ~ticked,
        )
        .order_by(PlanAction.id)
    )
    for owner_id, text in session.exec(slipped):
        by_report[owner_id].plans_due.setdefault(owner_id, []).append(text)
