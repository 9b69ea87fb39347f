"""What an export holds, kind by kind: one query per record kind, with the columns HR's view allows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Select, and_, true
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement
from sqlmodel import select

from bot.org import access
from bot.reports.data import cycle_window
from storage.checkins import Checkin
from storage.cycles import Cycle
from storage.feedback import Feedback, Source
from storage.goals import Goal, Metric, MetricPoint
from storage.oneonone import AgendaItem, Meeting, OneOnOne
from storage.org import Person
from storage.plans import Plan, PlanAction
from storage.reviews import Review, ReviewResult

Covers = Callable[[ColumnElement], ColumnElement]


@dataclass(frozen=True)
class Selection:
    """Which records: a workspace, who they are about (`covers` a person id column), optionally one cycle."""

    team_id: str
    covers: Covers
    cycle: Cycle | None = None

    def during(self, column: ColumnElement) -> ColumnElement:
        if self.cycle is None:
            return true()
        start, end = cycle_window(self.cycle)
        return and_(column >= start, column < end)


@dataclass(frozen=True)
class RecordKind:
    name: str
    columns: tuple[str, ...]
    query: Callable[[Selection], Select]


def _people(selection: Selection) -> Select:
    manager = aliased(Person)
    return (
        select(
            Person.id,
            Person.slack_id,
            Person.name,
            Person.email,
            Person.department,
            Person.role,
            manager.email,
            Person.tz,
            Person.is_active,
        )
        .outerjoin(manager, manager.id == Person.manager_id)
        .where(Person.team_id == selection.team_id, selection.covers(Person.id))
        .order_by(Person.id)
    )


def _goals(selection: Selection) -> Select:
    owner = aliased(Person)
    query = (
        select(
            Goal.id,
            Cycle.name,
            Goal.owner_kind,
            owner.email,
            Goal.owner_department,
            Goal.title,
            Goal.goal_type,
            Goal.perspective,
            Goal.weight,
            Goal.status,
            Goal.due_on,
            Goal.done,
            Goal.parent_id,
        )
        .join(Cycle, Cycle.id == Goal.cycle_id)
        .outerjoin(owner, owner.id == Goal.owner_person_id)
        .where(Goal.team_id == selection.team_id, selection.covers(Goal.owner_person_id))
        .order_by(Goal.id)
    )
    return query.where(Goal.cycle_id == selection.cycle.id) if selection.cycle else query


def _metric_filter(selection: Selection, query: Select) -> Select:
    query = query.join(Goal, Goal.id == Metric.goal_id).where(
        Goal.team_id == selection.team_id, selection.covers(Goal.owner_person_id)
    )
    return query.where(Goal.cycle_id == selection.cycle.id) if selection.cycle else query


def _metrics(selection: Selection) -> Select:
    query = select(
        Metric.id,
        Metric.goal_id,
        Metric.name,
        Metric.unit,
        Metric.start_value,
        Metric.target_value,
        Metric.current_value,
        Metric.direction,
    ).order_by(Metric.id)
    return _metric_filter(selection, query)


def _metric_points(selection: Selection) -> Select:
    query = (
        select(MetricPoint.metric_id, Metric.goal_id, MetricPoint.value, MetricPoint.recorded_at, MetricPoint.source)
        .join(Metric, Metric.id == MetricPoint.metric_id)
        .order_by(MetricPoint.id)
    )
    return _metric_filter(selection, query)


def _checkins(selection: Selection) -> Select:
    return (
        select(Person.email, Checkin.week, Checkin.mood, Checkin.blockers, Checkin.answers, Checkin.submitted_at)
        .join(Person, Person.id == Checkin.person_id)
        .where(
            Checkin.team_id == selection.team_id,
            selection.covers(Checkin.person_id),
            selection.during(Checkin.submitted_at),
        )
        .order_by(Checkin.id)
    )


def _feedback(selection: Selection, *, kudos: bool) -> Select:
    subject, author = aliased(Person), aliased(Person)
    kind = Feedback.source == Source.KUDOS if kudos else Feedback.source != Source.KUDOS
    return (
        select(
            Feedback.id,
            subject.email,
            access.exported_author(author.email, Feedback.anonymous),
            Feedback.anonymous,
            Feedback.kind,
            Feedback.visibility,
            Feedback.source,
            Feedback.company_value,
            Feedback.text,
            Feedback.created_at,
        )
        .join(subject, subject.id == Feedback.subject_id)
        .join(author, author.id == Feedback.author_id)
        .where(
            Feedback.team_id == selection.team_id,
            kind,
            selection.covers(Feedback.subject_id),
            selection.during(Feedback.created_at),
        )
        .order_by(Feedback.id)
    )


def _one_to_ones(selection: Selection) -> Select:
    manager, report, author, owner = aliased(Person), aliased(Person), aliased(Person), aliased(Person)
    return (
        select(
            manager.email,
            report.email,
            Meeting.number,
            Meeting.held_at,
            AgendaItem.kind,
            author.email,
            AgendaItem.text,
            owner.email,
            AgendaItem.due,
            AgendaItem.done_at,
            AgendaItem.created_at,
        )
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .join(OneOnOne, OneOnOne.id == Meeting.pair_id)
        .join(manager, manager.id == OneOnOne.manager_id)
        .join(report, report.id == OneOnOne.report_id)
        .join(author, author.id == AgendaItem.author_id)
        .outerjoin(owner, owner.id == AgendaItem.owner_id)
        .where(
            AgendaItem.team_id == selection.team_id,
            selection.covers(OneOnOne.report_id),
            selection.during(AgendaItem.created_at),
        )
        .order_by(AgendaItem.id)
    )


def _plans(selection: Selection) -> Select:
    owner, manager = aliased(Person), aliased(Person)
    return (
        select(
            Plan.id,
            owner.email,
            manager.email,
            Plan.kind,
            Plan.title,
            Plan.review_date,
            Plan.status,
            Plan.outcome_note,
            PlanAction.text,
            PlanAction.rhythm,
            Plan.created_at,
            Plan.closed_at,
        )
        .join(owner, owner.id == Plan.owner_id)
        .join(manager, manager.id == Plan.manager_id)
        .outerjoin(PlanAction, PlanAction.plan_id == Plan.id)
        .where(Plan.team_id == selection.team_id, selection.covers(Plan.owner_id), selection.during(Plan.created_at))
        .order_by(Plan.id, PlanAction.id)
    )


def _reviews(selection: Selection) -> Select:
    subject, author = aliased(Person), aliased(Person)
    query = (
        select(
            Review.id,
            Cycle.name,
            subject.email,
            access.exported_author(author.email, Review.anonymous),
            Review.anonymous,
            Review.kind,
            Review.status,
            Review.overall,
            Review.summary,
            Review.submitted_at,
        )
        .join(Cycle, Cycle.id == Review.cycle_id)
        .join(subject, subject.id == Review.subject_id)
        .join(author, author.id == Review.author_id)
        .where(Review.team_id == selection.team_id, selection.covers(Review.subject_id))
        .order_by(Review.id)
    )
    return query.where(Review.cycle_id == selection.cycle.id) if selection.cycle else query


def _results(selection: Selection) -> Select:
    query = (
        select(
            Cycle.name,
            Person.email,
            ReviewResult.score,
            ReviewResult.computed_rating,
            ReviewResult.rating,
            ReviewResult.released_at,
        )
        .join(Cycle, Cycle.id == ReviewResult.cycle_id)
        .join(Person, Person.id == ReviewResult.person_id)
        .where(ReviewResult.team_id == selection.team_id, selection.covers(ReviewResult.person_id))
        .order_by(ReviewResult.id)
    )
    return query.where(ReviewResult.cycle_id == selection.cycle.id) if selection.cycle else query


FEEDBACK_COLUMNS = (
    "id",
    "subject",
    "author",
    "anonymous",
    "kind",
    "visibility",
    "source",
    "company_value",
    "text",
    "created_at",
)
KINDS: tuple[RecordKind, ...] = (
    RecordKind("people", ("id", "slack_id", "name", "email", "department", "role", "manager", "tz", "active"), _people),
    RecordKind(
        "goals",
        (
            "id",
            "cycle",
            "owner_kind",
            "owner",
            "department",
            "title",
            "type",
            "perspective",
            "weight",
            "status",
            "due_on",
            "done",
            "parent_id",
        ),
        _goals,
    ),
    RecordKind("metrics", ("id", "goal_id", "name", "unit", "start", "target", "current", "direction"), _metrics),
    RecordKind("metric_points", ("metric_id", "goal_id", "value", "recorded_at", "source"), _metric_points),
    RecordKind("checkins", ("person", "week", "mood", "blockers", "answers", "submitted_at"), _checkins),
    RecordKind("feedback", FEEDBACK_COLUMNS, lambda selection: _feedback(selection, kudos=False)),
    RecordKind("kudos", FEEDBACK_COLUMNS, lambda selection: _feedback(selection, kudos=True)),
    RecordKind(
        "one_to_ones",
        ("manager", "report", "meeting", "held_at", "item", "author", "text", "owner", "due", "done_at", "created_at"),
        _one_to_ones,
    ),
    RecordKind(
        "plans",
        (
            "id",
            "owner",
            "manager",
            "kind",
            "title",
            "review_date",
            "status",
            "outcome_note",
            "action",
            "rhythm",
            "created_at",
            "closed_at",
        ),
        _plans,
    ),
    RecordKind(
        "reviews",
        ("id", "cycle", "subject", "author", "anonymous", "kind", "status", "overall", "summary", "submitted_at"),
        _reviews,
    ),
    RecordKind("results", ("cycle", "person", "score", "computed_rating", "rating", "released_at"), _results),
)
