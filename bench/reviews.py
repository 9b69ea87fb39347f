"""Benchmark (not a test): final scores and the calibration view for N people, against hand-written SQL that
reads the same rows, and the number of statements each needs (which must not grow with N).

    python -m bench.reviews [N]

Every person has an agreed KPI goal, a submitted self review and a submitted manager review rating five
competencies; teams of eight. Prints seconds, statements and the ratio to the raw SQL read.
"""

from __future__ import annotations

import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import event, insert, text, update
from sqlmodel import select

from bot.goals import cycles
from bot.org import directory
from bot.reviews import calibration, scoring
from bot.reviews.competencies import DEFAULT_COMPETENCIES
from bot.reviews.planner import plan_review_tasks
from storage import migrate
from storage.db import Database
from storage.goals import Goal, GoalStatus, GoalType, Metric, OwnerKind
from storage.org import Person, Role
from storage.reviews import Review, ReviewKind, ReviewRating, ReviewStatus

TEAM = "TBENCH"
START, END = date(2027, 1, 1), date(2027, 3, 31)
CALIBRATION = datetime(2027, 3, 17, 10, 0, tzinfo=UTC)
SELF_REVIEW = datetime(2027, 2, 25, 10, 0, tzinfo=UTC)
RAW_SCORES = """
SELECT r.subject_id, r.kind, rr.item, rr.rating FROM reviewrating rr JOIN review r ON r.id = rr.review_id
 WHERE r.cycle_id = :cycle AND r.status = 'submitted';
SELECT g.owner_person_id, g.weight, g.perspective, m.start_value, m.target_value, m.current_value
  FROM goal g JOIN metric m ON m.goal_id = g.id WHERE g.cycle_id = :cycle AND g.status = 'agreed';
SELECT id, department, manager_id FROM person WHERE team_id = :team
"""
RAW_CALIBRATION = """
SELECT p.manager_id, p.department, rr.rating, rr.score, rr.breakdown FROM reviewresult rr
  JOIN person p ON p.id = rr.person_id WHERE rr.cycle_id = :cycle
"""


@contextmanager
def counted(db: Database):
    """Counts the SQL statements run inside the block: `with counted(db) as count: …; count()`."""
    statements = [0]

    def before(*_args, **_kwargs) -> None:
        statements[0] += 1

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield lambda: statements[0]
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def seed(db: Database, size: int, *, submitted: bool = True) -> int:
    """A workspace of `size` people (HR first, teams of eight) in a Q1 cycle; returns the cycle id."""
    with db.session() as session:
        directory.ensure_workspace(session, TEAM, "Bench")
        session.execute(
            insert(Person),
            [
                dict(
                    team_id=TEAM,
                    slack_id=f"U{i:06d}",
                    name=f"Person {i}",
                    email=f"p{i}@example.com",
                    tz="Europe/London",
                    locale="en-US",
                    is_active=True,
                    role=Role.HR_ADMIN if i == 0 else Role.EMPLOYEE,
                    department=None if i == 0 else f"Dept {i % 7}",
                    is_primary_owner=False,
                    updated_at=START_AT,
                )
                for i in range(size)
            ],
        )
        ids = [
            pid for (pid,) in session.execute(text("SELECT id FROM person WHERE team_id = :t ORDER BY id"), {"t": TEAM})
        ]
        session.execute(
            update(Person),
            [{"id": pid, "manager_id": ids[(index - 1) // 8]} for index, pid in enumerate(ids) if index > 0],
        )
        people = list(session.exec(select(Person).where(Person.team_id == TEAM).order_by(Person.id)))
        cycle, _ = cycles.create(
            session,
            team_id=TEAM,
            actor=people[0],
            name="Q1",
            cadence="quarterly",
            starts_on=START,
            ends_on=END,
            timetable=cycles.suggested_timetable(START, END),
            now=datetime(2027, 1, 1, tzinfo=UTC),
        )
        session.flush()
        reports = [p for p in people if p.manager_id is not None]
        goal_rows = [
            dict(
                team_id=TEAM,
                cycle_id=cycle.id,
                owner_kind=OwnerKind.PERSON,
                owner_person_id=p.id,
                title="KPI",
                description="",
                perspective="internal",
                goal_type=GoalType.KPI,
                weight=100,
                status=GoalStatus.AGREED,
                done=False,
                created_at=START_AT,
                updated_at=START_AT,
            )
            for p in reports
        ]
        session.execute(insert(Goal), goal_rows)
        goal_ids = session.execute(text("SELECT id, owner_person_id FROM goal WHERE cycle_id = :c"), {"c": cycle.id})
        session.execute(
            insert(Metric),
            [
                dict(
                    team_id=TEAM,
                    goal_id=gid,
                    name="KPI",
                    unit="",
                    start_value=0.0,
                    target_value=100.0,
                    current_value=float(owner % 100),
                    direction="higher",
                )
                for gid, owner in goal_ids
            ],
        )
        if submitted:
            status = ReviewStatus.SUBMITTED
            review_rows = [
                dict(
                    team_id=TEAM,
                    cycle_id=cycle.id,
                    subject_id=p.id,
                    author_id=author,
                    kind=kind,
                    status=status,
                    summary="ok",
                    overall=3,
                    potential="medium",
                    anonymous=False,
                    answers={},
                    created_at=START_AT,
                    updated_at=START_AT,
                    submitted_at=START_AT,
                )
                for p in reports
                for kind, author in ((ReviewKind.SELF, p.id), (ReviewKind.MANAGER, p.manager_id))
            ]
            session.execute(insert(Review), review_rows)
            reviews = session.execute(text("SELECT id, subject_id FROM review WHERE cycle_id = :c"), {"c": cycle.id})
            session.execute(
                insert(ReviewRating),
                [
                    dict(
                        team_id=TEAM,
                        review_id=rid,
                        item=f"competency:{c['key']}",
                        rating=1 + (rid + n) % 5,
                        evidence=[{"kind": "note", "ref": None, "text": "x"}],
                    )
                    for rid, _ in reviews
                    for n, c in enumerate(DEFAULT_COMPETENCIES)
                ],
            )
        return cycle.id


START_AT = datetime(2027, 1, 1, tzinfo=UTC)


def timed(db: Database, work) -> tuple[float, int]:
    with counted(db) as count:
        began = time.perf_counter()
        work()
        return time.perf_counter() - began, count()


def run(size: int, database_url: str | None = None) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(database_url or f"sqlite:///{Path(folder) / 'bench.db'}")
        migrate.upgrade(db.engine)
        cycle_id = seed(db, size)

        def scores() -> None:
            with db.session() as session:
                scoring.compute_cycle(session, cycles.get(session, TEAM, cycle_id), CALIBRATION)

        def raw(script: str):
            def work() -> None:
                with db.engine.connect() as connection:
                    for statement in filter(str.strip, script.split(";")):
                        connection.execute(text(statement), {"cycle": cycle_id, "team": TEAM}).all()

            return work

        def view() -> None:
            with db.session() as session:
                hr = session.exec(select(Person).where(Person.role == Role.HR_ADMIN)).first()
                calibration.view(session, viewer=hr, cycle=cycles.get(session, TEAM, cycle_id))

        figures = {}
        figures["scores"] = timed(db, scores)
        figures["raw_scores"] = timed(db, raw(RAW_SCORES))
        figures["calibration"] = timed(db, view)
        figures["raw_calibration"] = timed(db, raw(RAW_CALIBRATION))
        with db.session() as session:
            figures["planner"] = timed(db, lambda: plan_review_tasks(session, SELF_REVIEW))
        db.dispose()
        return figures


def main(size: int = 10_000) -> None:
    figures = run(size)
    for name, base in (("scores", "raw_scores"), ("calibration", "raw_calibration")):
        (seconds, statements), (raw_seconds, raw_statements) = figures[name], figures[base]
        print(
            f"{name}: {size} people in {seconds:.3f} s, {statements} statements; hand-written SQL "
            f"{raw_seconds:.3f} s, {raw_statements} statements; ratio {seconds / max(raw_seconds, 1e-9):.1f}"
        )
    seconds, statements = figures["planner"]
    print(f"planner: {size} people in {seconds:.3f} s, {statements} statements")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
