"""Hand-written SQL that reads the rows each planner and page needs (and writes the rows a planner queued):
the baseline the scale benchmark compares Perfbot with, measured on the same database in the same run."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import MetaData, text
from sqlalchemy.engine import Engine

from storage.db import Database
from storage.org import Workspace
from storage.outbox import Delivery

PEOPLE = "SELECT id, slack_id, name, tz, locale, manager_id, role FROM person WHERE team_id = :team AND is_active"
RECENT_CHECKINS = "SELECT person_id, week FROM checkin WHERE team_id = :team AND week >= :since_week"
SENT_PROMPTS = (
    "SELECT recipient, period FROM delivery WHERE team_id = :team AND kind = 'checkin.prompt' AND status = 'sent'"
    " AND period >= :since_day"
)

# What each planner must read at its busiest moment.
PLANNERS: dict[str, list[str]] = {
    "prompts": [
        "SELECT * FROM checkinschedule WHERE team_id = :team",
        PEOPLE,
        RECENT_CHECKINS,
        "SELECT recipient, period FROM delivery WHERE team_id = :team AND kind = 'checkin.prompt'"
        " AND period >= :since_day",
    ],
    "reminders": [
        "SELECT * FROM checkinschedule WHERE team_id = :team",
        PEOPLE,
        RECENT_CHECKINS,
        SENT_PROMPTS,
        "SELECT recipient, period FROM delivery WHERE team_id = :team AND kind = 'checkin.reminder'"
        " AND period >= :since_day",
    ],
    "digests": [
        PEOPLE,
        "SELECT person_id, week, mood, blockers, answers FROM checkin WHERE team_id = :team AND week >= :since_week",
        "SELECT person_id, week FROM checkin WHERE team_id = :team",
        SENT_PROMPTS,
    ],
    "phase_reminders": [
        PEOPLE,
        "SELECT * FROM cyclephase WHERE team_id = :team",
        "SELECT owner_person_id, status FROM goal WHERE team_id = :team AND owner_kind = 'person'",
        "SELECT g.owner_person_id, m.id, MAX(p.recorded_at) FROM metric m JOIN goal g ON g.id = m.goal_id"
        " LEFT JOIN metricpoint p ON p.metric_id = m.id AND p.source != 'start' WHERE g.team_id = :team"
        " GROUP BY g.owner_person_id, m.id",
        "SELECT recipient, period FROM delivery WHERE team_id = :team AND kind = 'cycle.reminder'",
    ],
    "peer_requests": [
        "SELECT a.id, a.asked_at, r.deadline, p.slack_id, p.locale, p.tz, ab.slack_id, rq.slack_id FROM feedbackask a"
        " JOIN feedbackrequest r ON r.id = a.request_id JOIN person p ON p.id = a.responder_id"
        " JOIN person ab ON ab.id = r.about_id JOIN person rq ON rq.id = r.requester_id"
        " WHERE a.answered_at IS NULL AND r.deadline > :now",
        "SELECT r.id, rq.slack_id, COUNT(a.id), COUNT(a.answered_at) FROM feedbackrequest r"
        " JOIN person rq ON rq.id = r.requester_id LEFT JOIN feedbackask a ON a.request_id = r.id"
        " WHERE r.deadline <= :now AND NOT r.closed_notice_sent GROUP BY r.id, rq.slack_id",
    ],
    "oneonone_due": [
        "SELECT i.id, i.text, i.due, p.slack_id, p.locale FROM agendaitem i JOIN person p ON p.id = i.owner_id"
        " WHERE i.kind = 'action' AND i.done_at IS NULL AND i.due <= :today",
    ],
    "oneonone_agenda": [
        "SELECT m.id, m.pair_id, mp.slack_id, rp.slack_id FROM meeting m JOIN oneonone o ON o.id = m.pair_id"
        " JOIN person mp ON mp.id = o.manager_id JOIN person rp ON rp.id = o.report_id"
        " WHERE m.held_at IS NULL AND m.scheduled_for > :now",
        "SELECT i.* FROM agendaitem i JOIN meeting m ON m.id = i.meeting_id WHERE m.held_at IS NULL",
    ],
    "plans": [
        "SELECT pl.*, o.slack_id, o.tz, m.slack_id FROM plan pl JOIN person o ON o.id = pl.owner_id"
        " JOIN person m ON m.id = pl.manager_id WHERE pl.status IN ('open', 'extended')",
        "SELECT a.* FROM planaction a JOIN plan pl ON pl.id = a.plan_id WHERE pl.status IN ('open', 'extended')",
        "SELECT pp.action_id, pp.period FROM planprogress pp",
    ],
    "kudos": [
        "SELECT subject_id, COUNT(*) FROM feedback WHERE team_id = :team AND source = 'kudos'"
        " AND created_at >= :month_start GROUP BY subject_id",
        PEOPLE,
    ],
}

# What each page must read for a manager looking at one of their reports.
PAGES: dict[str, list[str]] = {
    "App Home": [
        "SELECT * FROM person WHERE team_id = :team AND slack_id = :manager",
        "SELECT * FROM person WHERE team_id = :team AND manager_id = :manager_id AND is_active",
        # The goals section is headed by the active cycle's name, and shows its goals only.
        "SELECT c.name, g.*, m.* FROM cycle c JOIN goal g ON g.cycle_id = c.id LEFT JOIN metric m ON m.goal_id = g.id"
        " WHERE c.team_id = :team AND c.status = 'active' AND g.owner_person_id = :manager_id",
        # and counts the reports' goals waiting for the manager's approval.
        "SELECT count(*) FROM goal g JOIN person p ON p.id = g.owner_person_id JOIN cycle c ON c.id = g.cycle_id"
        " WHERE p.manager_id = :manager_id AND g.status = 'proposed' AND c.team_id = :team AND c.status = 'active'",
        # Streaks and participation, and the manager's recent moods. (Participation also counts the prompts sent,
        # not read here: right after the bench's bulk load PostgreSQL's statistics have the delivery table nearly
        # empty, and a hand-written read of them took 46 ms; left out, the baseline only gets faster.)
        "SELECT person_id, week, mood FROM checkin WHERE team_id = :team AND person_id IN"
        " (SELECT id FROM person WHERE manager_id = :manager_id OR id = :manager_id)",
        # The latest three shown, and how many of the newest fifty the manager may see (the dashboard).
        "SELECT * FROM feedback WHERE team_id = :team AND subject_id = :manager_id ORDER BY created_at DESC LIMIT 50",
        "SELECT * FROM agendaitem WHERE owner_id = :manager_id AND kind = 'action' AND done_at IS NULL LIMIT 5",
    ],
    "/goal list @report": [
        "SELECT * FROM person WHERE team_id = :team AND slack_id = :report",
        "SELECT g.*, m.* FROM goal g LEFT JOIN metric m ON m.goal_id = g.id"
        " WHERE g.team_id = :team AND (g.owner_person_id = :report_id OR g.owner_kind != 'person')",
    ],
    "/feedback show @report": [
        "SELECT * FROM person WHERE team_id = :team AND slack_id = :report",
        "SELECT f.*, a.slack_id FROM feedback f JOIN person a ON a.id = f.author_id"
        " WHERE f.team_id = :team AND f.subject_id = :report_id ORDER BY f.created_at DESC LIMIT 20",
    ],
    "/1on1 @report": [
        "SELECT * FROM person WHERE team_id = :team AND slack_id = :report",
        "SELECT * FROM oneonone WHERE manager_id = :manager_id AND report_id = :report_id",
        "SELECT i.* FROM agendaitem i JOIN meeting m ON m.id = i.meeting_id JOIN oneonone o ON o.id = m.pair_id"
        " WHERE o.manager_id = :manager_id AND o.report_id = :report_id",
    ],
}


def read(db: Database, statements: list[str], params: dict[str, Any]) -> tuple[float, int]:
    """Runs the statements on one of Perfbot's read connections, fetching every row: (seconds, rows)."""
    began, rows = time.perf_counter(), 0
    with db.read_connection() as connection:
        for statement in statements:
            rows += len(connection.execute(text(statement), params).fetchall())
    return time.perf_counter() - began, rows


SCRATCH = "bench_scratch"


def create_scratch(engine: Engine) -> None:
    """A table defined as the outbox is: its primary key, the unique key that makes a delivery exactly-once, the
    indexes the sender and the planners look rows up by, and its foreign key to the workspace (checked per row)."""
    metadata = MetaData()
    Workspace.__table__.to_metadata(metadata)  # what the foreign key names; only the copy is created
    scratch = Delivery.__table__.to_metadata(metadata, name=SCRATCH)
    for named in [*scratch.indexes, *scratch.constraints]:
        if isinstance(named.name, str):  # index and constraint names are the schema's, not the table's
            named.name = f"{SCRATCH}_{named.name}"
    scratch.drop(engine, checkfirst=True)
    scratch.create(engine)


# The columns a planner writes (the rest keep their defaults until the sender fills them in).
_WRITTEN = (
    "team_id",
    "recipient",
    "kind",
    "period",
    "message",
    "status",
    "not_before",
    "expires_at",
    "attempts",
    "anonymous",
    "created_at",
)


def checkpoint(engine: Engine) -> None:
    """On SQLite, moves what the write-ahead log holds into the database: SQLite does so at the commit that takes
    the log over 1,000 pages, whichever side's commit that is, so each timed write starts from an empty log and
    neither side pays for pages the other wrote. (PostgreSQL checkpoints on its own schedule.)"""
    if engine.dialect.name == "sqlite":
        connection = engine.raw_connection()  # the driver's own: SQLAlchemy's would begin a transaction first
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()


def write_same_rows(engine: Engine, after_id: int) -> float:
    """Inserts a copy of the delivery rows queued since `after_id` in one executemany, each message sent as its
    JSON text, as the planners' rows are: what writing them costs (emptying the table again is not counted)."""
    with engine.connect() as connection:
        columns = ", ".join("CAST(message AS TEXT) AS message" if name == "message" else name for name in _WRITTEN)
        rows = connection.execute(text(f"SELECT {columns} FROM delivery WHERE id > :after"), {"after": after_id})
        values = [dict(row._mapping) for row in rows]
    if not values:
        return 0.0
    message = "CAST(:message AS JSON)" if engine.dialect.name == "postgresql" else ":message"
    checkpoint(engine)
    began = time.perf_counter()
    with engine.begin() as connection:
        connection.execute(
            text(
                f"INSERT INTO {SCRATCH} ({', '.join(_WRITTEN)}) VALUES"
                f" ({', '.join(message if name == 'message' else f':{name}' for name in _WRITTEN)})"
            ),
            values,
        )
    seconds = time.perf_counter() - began
    with engine.begin() as connection:
        connection.execute(text(f"DELETE FROM {SCRATCH}"))
    return seconds
