"""Benchmark (not a test): live KPI points through the feeds API against the same rows written by hand-written SQL.

    python -m bench.metrics_feed [--points 10000] [--batch 500] [--goals 200] [--database-url URL]

The feed side sends each batch as a real request body to the `/api/v1/metrics` WSGI app in process (bearer
check, JSON, per-point checks, duplicate check, recording as metric points); the baseline inserts the same
rows (one metric point and one feed point per value) with plain `INSERT … VALUES` statements, a transaction
per batch. Prints both times and their ratio (target ≤ 3×).
"""

from __future__ import annotations

import argparse
import io
import json
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlmodel import select

from bot.delivery.clock import SystemClock
from bot.feeds import tokens
from bot.feeds.api import FeedsApi
from bot.goals import cycles, negotiation
from bot.org import directory
from storage import migrate
from storage.db import Database
from storage.goals import Direction, GoalStatus, GoalType, Metric
from storage.org import Role

TEAM = "TBENCH"
START = datetime(2027, 1, 1, tzinfo=UTC)


def seed(db: Database, goals: int) -> tuple[str, list[int], dict[int, int]]:
    """A Q1 cycle with one agreed KPI per person; returns a token, the goal ids, and goal id → metric id."""
    with db.session() as session:
        profiles = [
            directory.Profile(f"U{i:06d}", f"Person {i}", f"p{i}@example.com", "UTC", "en-US", True)
            for i in range(goals + 1)
        ]
        people = directory.sync_profiles(session, TEAM, profiles)
        hr = people[0]
        directory.set_role(hr, Role.HR_ADMIN)
        cycle, _ = cycles.create(
            session,
            team_id=TEAM,
            actor=hr,
            name="Q1",
            cadence="quarterly",
            starts_on=date(2027, 1, 1),
            ends_on=date(2027, 3, 31),
            timetable=cycles.suggested_timetable(date(2027, 1, 1), date(2027, 3, 31)),
            now=START,
        )
        metric = negotiation.MetricInput(name="Tickets", start=0, target=100, direction=Direction.HIGHER)
        ids = []
        for person in people[1:]:
            data = negotiation.GoalInput(
                title="Tickets closed", goal_type=GoalType.KPI, weight=100, perspective="internal", metrics=(metric,)
            )
            goal = negotiation.create(session, cycle=cycle, actor=person, data=data, now=START)
            goal.status = GoalStatus.AGREED
            ids.append(goal.id)
        session.flush()
        metrics = {m.goal_id: m.id for m in session.exec(select(Metric))}
        secret = tokens.create(session, actor=hr, name="bench", department=None, now=START).secret
    return secret, ids, metrics


def batches(goal_ids: list[int], points: int, size: int) -> list[list[dict]]:
    found = []
    for first in range(0, points, size):
        found.append(
            [
                {
                    "goal": f"G-{goal_ids[n % len(goal_ids)]}",
                    "value": float(n % 100),
                    "measured_at": (START + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "source_id": f"bench-{n}",
                }
                for n in range(first, min(points, first + size))
            ]
        )
    return found


def feed(db: Database, secret: str, all_batches: list[list[dict]]) -> float:
    api = FeedsApi(db, SystemClock(), per_minute=1_000_000)
    began = time.perf_counter()
    for batch in all_batches:
        body = json.dumps({"points": batch}).encode()
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/api/v1/metrics",
            "QUERY_STRING": "",
            "CONTENT_LENGTH": str(len(body)),
            "HTTP_AUTHORIZATION": f"Bearer {secret}",
            "wsgi.input": io.BytesIO(body),
        }
        statuses = []
        answer = b"".join(api(environ, lambda status, headers, statuses=statuses: statuses.append(status)))
        if not statuses[0].startswith("200") or json.loads(answer)["recorded"] != len(batch):
            raise SystemExit(f"the feed refused a batch: {statuses[0]} {answer[:300]!r}")
    return time.perf_counter() - began


def by_hand(db: Database, metrics: dict[int, int], all_batches: list[list[dict]]) -> float:
    point = text(
        "INSERT INTO metricpoint (team_id, metric_id, value, recorded_at, source) "
        "VALUES (:team, :metric, :value, :at, 'sql')"
    )
    fed = text(
        "INSERT INTO feedpoint (team_id, goal_id, measured_at, source_id, value, received_at) "
        "VALUES (:team, :goal, :at, :source, :value, :now)"
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    began = time.perf_counter()
    for batch in all_batches:
        rows = []
        for p in batch:
            goal = int(p["goal"][2:])
            at = datetime.strptime(p["measured_at"], "%Y-%m-%dT%H:%M:%SZ") + timedelta(days=30)  # no clash
            rows.append(
                {"team": TEAM, "metric": metrics[goal], "goal": goal, "value": p["value"], "at": at}
                | {"source": p["source_id"], "now": now}
            )
        with db.engine.begin() as connection:
            connection.execute(point, rows)
            connection.execute(fed, rows)
    return time.perf_counter() - began


def run(points: int = 10_000, batch: int = 500, goals: int = 200, database_url: str | None = None) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(database_url or f"sqlite:///{Path(folder) / 'bench.db'}")
        migrate.upgrade(db.engine)
        secret, goal_ids, metrics = seed(db, goals)
        work = batches(goal_ids, points, batch)
        fed = feed(db, secret, work)
        sql = by_hand(db, metrics, work)
        db.dispose()
    figures = {"points": points, "batch": batch, "feed_s": fed, "sql_s": sql, "ratio": fed / sql}
    print(
        f"{points} points in batches of {batch} over {goals} goals: feeds API {fed:.3f} s, "
        f"hand-written SQL {sql:.3f} s, ratio {fed / sql:.2f}x (target <= 3x)"
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--goals", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    run(args.points, args.batch, args.goals, args.database_url)


if __name__ == "__main__":
    main()
