"""Benchmark (not a test): one clock tick planning every manager's Monday coaching digest.

    python -m bench.coaching [PEOPLE] [WEEKS] [--database-url URL]

Builds a workspace of PEOPLE (teams of eight, everyone in London) with WEEKS of weekly check-ins, an agreed goal
each with a measured KPI, one-to-ones and feedback, then times the planner's tick on Monday morning against the same
reads and writes done with hand-written SQL, and prints the ratio and the number of SQL statements the tick issued.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, text
from sqlmodel import select

from bot.coaching.planner import plan_weekly_digests
from bot.goals import cycles
from bot.org import directory
from storage import migrate
from storage.checkins import Checkin
from storage.coaching import Nudge
from storage.counting import statements_sent
from storage.db import Database
from storage.feedback import Feedback
from storage.goals import Goal, Metric, MetricPoint
from storage.oneonone import Meeting, OneOnOne
from storage.org import Role

TEAM = "TBENCH"
MONDAY = datetime(2027, 5, 3, 9, 0, tzinfo=UTC)  # 10:00 in London (summer time): inside the digest window
TEAM_SIZE = 8
CHUNK = 5000


def _weeks_before(moment: datetime, count: int) -> list[str]:
    days = [moment.date() - timedelta(weeks=n) for n in range(1, count + 1)]
    return [f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}" for d in days]


def _insert(session, table, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        session.connection().execute(insert(table.__table__), rows[start : start + CHUNK])


def populate(db: Database, size: int, weeks: int = 52, *, now: datetime = MONDAY, seed: int = 7) -> None:
    """A workspace of `size` people in teams of eight, with `weeks` of history, built with bulk inserts."""
    rng = random.Random(seed)
    with db.session() as session:
        profiles = [
            directory.Profile(f"U{i:06d}", f"Person {i}", f"p{i}@example.com", "Europe/London", "en-US", True)
            for i in range(size)
        ]
        people = directory.sync_profiles(session, TEAM, profiles)
        directory.set_role(people[0], Role.HR_ADMIN)
        for index, person in enumerate(people[1:], start=1):
            person.manager_id = people[(index - 1) // TEAM_SIZE].id
        session.flush()
        start = now.date() - timedelta(days=40)
        cycle, _ = cycles.create(
            session,
            team_id=TEAM,
            actor=people[0],
            name="Bench",
            cadence="custom",
            starts_on=start,
            ends_on=start + timedelta(days=90),
            timetable=cycles.suggested_timetable(start, start + timedelta(days=90)),
            now=now - timedelta(days=40),
        )
        week_names = _weeks_before(now, weeks)
        checkins = []
        for person in people:
            base = rng.randint(2, 5)
            for week in week_names:
                mood = max(1, min(5, base + rng.choice((-1, 0, 0, 1))))
                blockers = "Waiting on review" if rng.random() < 0.2 else ""
                checkins.append(
                    {
                        "team_id": TEAM,
                        "person_id": person.id,
                        "week": week,
                        "answers": [],
                        "mood": mood,
                        "blockers": blockers,
                        "revision": 1,
                        "submitted_at": now,
                        "updated_at": now,
                    }
                )
        _insert(session, Checkin, checkins)
        earlier = now - timedelta(days=35)
        goals = [
            {
                "team_id": TEAM,
                "cycle_id": cycle.id,
                "owner_kind": "person",
                "owner_person_id": person.id,
                "title": f"Goal of {person.name}",
                "description": "",
                "perspective": "internal",
                "goal_type": "kpi",
                "weight": 100,
                "status": "agreed",
                "done": False,
                "created_at": earlier,
                "updated_at": earlier,
            }
            for person in people[1:]
        ]
        _insert(session, Goal, goals)
        goal_ids = [row[0] for row in session.connection().execute(text("SELECT id FROM goal ORDER BY id"))]
        metrics = [
            {
                "team_id": TEAM,
                "goal_id": goal_id,
                "name": "KPI",
                "unit": "%",
                "start_value": 0.0,
                "target_value": 100.0,
                "current_value": float(rng.randint(0, 60)),
                "direction": "higher",
            }
            for goal_id in goal_ids
        ]
        _insert(session, Metric, metrics)
        metric_ids = [row[0] for row in session.connection().execute(text("SELECT id FROM metric ORDER BY id"))]
        points = [
            {
                "team_id": TEAM,
                "metric_id": metric_id,
                "value": 10.0,
                "recorded_at": now - timedelta(days=rng.randint(1, 30)),
                "source": "bench",
            }
            for metric_id in metric_ids
        ]
        _insert(session, MetricPoint, points)
        pairs = [
            {"team_id": TEAM, "manager_id": person.manager_id, "report_id": person.id, "created_at": earlier}
            for person in people[1:]
            if rng.random() < 0.7
        ]
        _insert(session, OneOnOne, pairs)
        pair_ids = [row[0] for row in session.connection().execute(text("SELECT id FROM oneonone ORDER BY id"))]
        meetings = [
            {
                "team_id": TEAM,
                "pair_id": pair_id,
                "number": 1,
                "held_at": now - timedelta(days=rng.randint(1, 40)),
                "created_at": earlier,
            }
            for pair_id in pair_ids
        ]
        _insert(session, Meeting, meetings)
        feedback = [
            {
                "team_id": TEAM,
                "subject_id": person.id,
                "author_id": person.manager_id,
                "kind": "praise",
                "visibility": "private",
                "text": "Good work",
                "source": rng.choice(("command", "kudos")),
                "anonymous": False,
                "created_at": now - timedelta(days=rng.randint(1, 60)),
                "updated_at": now,
            }
            for person in people[1:]
            if rng.random() < 0.6
        ]
        _insert(session, Feedback, feedback)


# The same facts the planner reads, as hand-written SQL (the baseline: what the database itself costs).
HAND_WRITTEN = [
    "SELECT p.id, p.manager_id, p.slack_id FROM person p WHERE p.is_active AND p.manager_id IS NOT NULL",
    "SELECT c.person_id, c.week, c.mood, c.blockers FROM checkin c JOIN person p ON p.id = c.person_id "
    "WHERE p.manager_id IS NOT NULL AND c.week >= :since ORDER BY c.person_id, c.week DESC",
    "SELECT o.report_id, o.cadence_days, max(m.held_at) FROM oneonone o LEFT JOIN meeting m ON m.pair_id = o.id "
    "GROUP BY o.report_id, o.cadence_days",
    "SELECT g.id, g.owner_person_id, g.title, c.starts_on, c.ends_on FROM goal g JOIN cycle c ON c.id = g.cycle_id "
    "WHERE c.status = 'active' AND g.status = 'agreed'",
    "SELECT m.goal_id, m.start_value, m.target_value, m.current_value FROM metric m",
    "SELECT m.goal_id, max(mp.recorded_at) FROM metric m JOIN metricpoint mp ON mp.metric_id = m.id GROUP BY m.goal_id",
    "SELECT f.subject_id, max(f.created_at) FROM feedback f JOIN person p ON p.id = f.subject_id "
    "WHERE f.author_id = p.manager_id GROUP BY f.subject_id",
    "SELECT DISTINCT f.subject_id FROM feedback f WHERE f.source = 'kudos' AND f.created_at >= :month",
]


def hand_written(db: Database, now: datetime, people: int, nudges: int, digests: int) -> float:
    """The same work done with hand-written SQL: read the facts, write as many nudge and delivery rows (rolled back)."""
    since = _weeks_before(now, 5)[-1]
    month = (now - timedelta(days=30)).replace(tzinfo=None)
    stamp = now.replace(tzinfo=None)
    nudge_rows = [
        {
            "m": 1,
            "s": 2 + i % (people - 1),
            "w": f"b{i // (people - 1)}",
            "d": json.dumps({"moods": [4, 2], "why": "low"}),
            "t": stamp,
        }
        for i in range(nudges)
    ]
    delivery_rows = [
        {"r": f"UB{i:06d}", "m": json.dumps({"text": "x" * 400, "blocks": [{"type": "section"}] * 10}), "t": stamp}
        for i in range(digests)
    ]
    began = time.perf_counter()
    with db.engine.connect() as connection:
        transaction = connection.begin()
        for sql in HAND_WRITTEN:
            connection.execute(text(sql), {"since": since, "month": month}).fetchall()
        if nudge_rows:
            connection.execute(
                text(
                    "INSERT INTO nudge (team_id, manager_id, subject_id, rule, week, detail, raised_at) "
                    f"VALUES ('{TEAM}', :m, :s, 'mood', :w, :d, :t)"
                ),
                nudge_rows,
            )
        if delivery_rows:
            connection.execute(
                text(
                    "INSERT INTO delivery (team_id, recipient, kind, period, message, status, not_before, attempts, "
                    f"created_at) VALUES ('{TEAM}', :r, 'bench', 'bench', :m, 'pending', :t, 0, :t)"
                ),
                delivery_rows,
            )
        transaction.rollback()
    return time.perf_counter() - began


def run(size: int, weeks: int, database_url: str | None = None) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(database_url or f"sqlite:///{Path(folder) / 'bench.db'}")
        migrate.upgrade(db.engine)
        began = time.perf_counter()
        populate(db, size, weeks)
        built = time.perf_counter() - began
        with statements_sent(db) as statements, db.session() as session:
            began = time.perf_counter()
            queued = plan_weekly_digests(session, MONDAY)
            planned = time.perf_counter() - began
        with db.session() as session:
            raised = session.exec(select(func.count()).select_from(Nudge)).one()
        baseline = min(hand_written(db, MONDAY, size, raised, queued) for _ in range(3))
        with statements_sent(db) as quiet_statements, db.session() as session:
            began = time.perf_counter()
            again = plan_weekly_digests(session, MONDAY)
            quiet = time.perf_counter() - began
        db.dispose()
    figures = {
        "people": size,
        "weeks": weeks,
        "built": built,
        "queued": queued,
        "nudges": raised,
        "tick": planned,
        "baseline": baseline,
        "ratio": planned / baseline if baseline else float("inf"),
        "statements": len(statements),
        "quiet_queued": again,
        "quiet_tick": quiet,
        "quiet_statements": len(quiet_statements),
    }
    print(
        f"{size} people, {weeks} weeks of check-ins (built in {built:.1f} s): first tick raised {raised} nudges "
        f"and queued {queued} digests in {planned:.3f} s with {len(statements)} SQL statements; the same reads and "
        f"writes in hand-written SQL {baseline:.3f} s; ratio {figures['ratio']:.2f}; quiet tick {quiet:.3f} s, "
        f"{again} queued, {len(quiet_statements)} statements"
    )
    return figures


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("people", nargs="?", type=int, default=10_000)
    parser.add_argument("weeks", nargs="?", type=int, default=52)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    return run(args.people, args.weeks, args.database_url)


if __name__ == "__main__":
    main()
