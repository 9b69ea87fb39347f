"""Benchmark (not a test): the organisation report over N people × W weeks of check-ins and metric points,
timed against hand-written SQL reading the same aggregates on the same database; the number of queries at
N and N/10 people; and an export of the same data with its peak memory.

    python -m bench.reports [--people 10000] [--weeks 52] [--database-url postgresql+psycopg://…]

Without --database-url it runs on a temporary SQLite file. On PostgreSQL it works in a private schema that
is dropped afterwards.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, insert, text

from bot.checkins.calendar import week_of
from bot.reports import charts, export, scope
from bot.reports.data import collect
from storage import migrate
from storage.checkins import Checkin
from storage.counting import statements_sent
from storage.cycles import Cycle
from storage.db import Database
from storage.feedback import Feedback
from storage.goals import Goal, Metric, MetricPoint
from storage.org import Person, Workspace

TEAM = "TBENCH"
START = date(2026, 1, 5)  # a Monday
DEPARTMENTS = 12
TEAM_SIZE = 8
PERSPECTIVES = ("financial", "customer", "internal", "learning")


def _chunks(rows: list[dict], size: int = 5000) -> Iterator[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def populate(db: Database, people: int, weeks: int) -> Cycle:
    """`people` people in teams of eight and twelve departments, one KPI goal each with a point a week, one
    milestone, a check-in a week (most weeks), and three pieces of feedback each."""
    end = START + timedelta(weeks=weeks) - timedelta(days=1)
    stamp = datetime(2026, 1, 5, 12, tzinfo=UTC)
    with db.session() as session:
        connection = session.connection()
        connection.execute(insert(Workspace), [{"team_id": TEAM, "name": "Bench", "created_at": stamp}])
        cycle = Cycle(team_id=TEAM, name="Year", cadence="yearly", starts_on=START, ends_on=end, status="active")
        session.add(cycle)
        session.flush()
        persons = [
            {
                "id": n + 1,
                "team_id": TEAM,
                "slack_id": f"U{n:07d}",
                "name": f"Person {n}",
                "email": f"p{n}@example.com",
                "tz": "Europe/London",
                "locale": "en-US",
                "is_active": True,
                "role": "hr_admin" if n == 0 else ("manager" if n < people // TEAM_SIZE + 1 else "employee"),
                "department": f"Dept {n % DEPARTMENTS}",
                "manager_id": None if n == 0 else (n - 1) // TEAM_SIZE + 1,
                "is_primary_owner": False,
                "updated_at": stamp,
            }
            for n in range(people)
        ]
        for rows in _chunks(persons):
            connection.execute(insert(Person), rows)
        goals, metrics, points, checkins, feedback = [], [], [], [], []
        for n in range(people):
            person_id = n + 1
            kpi, milestone = 2 * n + 1, 2 * n + 2
            common = {"team_id": TEAM, "cycle_id": cycle.id, "owner_kind": "person", "owner_person_id": person_id}
            common |= {"description": "", "status": "agreed", "created_at": stamp, "updated_at": stamp}
            perspective = PERSPECTIVES[n % 4]
            goals.append(common | {"id": kpi, "title": f"KPI {n}", "perspective": perspective, "goal_type": "kpi"})
            goals[-1] |= {"weight": 60, "done": False}
            goals.append(common | {"id": milestone, "title": f"Milestone {n}", "perspective": perspective})
            goals[-1] |= {"goal_type": "milestone", "weight": 40, "done": n % 3 == 0}
            target = 100.0 + n % 50
            metrics.append(
                {"id": n + 1, "team_id": TEAM, "goal_id": kpi, "name": "Value", "unit": "u", "start_value": 0.0}
                | {"target_value": target, "current_value": target * (n % 10) / 10, "direction": "higher"}
            )
            for week in range(weeks):
                at = stamp + timedelta(weeks=week)
                value = target * min(1.0, week / max(1, weeks) * (1 + n % 3 / 2))
                points.append({"team_id": TEAM, "metric_id": n + 1, "value": value, "recorded_at": at})
                points[-1]["source"] = "import"
                if (n + week) % 7:
                    checkins.append(
                        {"team_id": TEAM, "person_id": person_id, "week": week_of(at.date()), "answers": []}
                        | {"mood": 1 + (n + week) % 5, "revision": 1, "submitted_at": at, "updated_at": at}
                    )
            for k in range(3):
                author = (n + 1 + k * 17) % people + 1
                feedback.append(
                    {"team_id": TEAM, "subject_id": person_id, "author_id": author, "kind": "praise"}
                    | {"visibility": "shared", "text": f"Note {k}", "source": "kudos" if k == 2 else "command"}
                    | {"anonymous": k == 1, "created_at": stamp + timedelta(days=n % 300), "updated_at": stamp}
                )
        for table, rows in ((Goal, goals), (Metric, metrics), (MetricPoint, points), (Checkin, checkins)):
            for chunk in _chunks(rows):
                connection.execute(insert(table), chunk)
        for chunk in _chunks(feedback):
            connection.execute(insert(Feedback), chunk)
    return cycle


def hand_written(db: Database, cycle: Cycle) -> dict:
    """The same aggregates the report reads, as plain SQL."""
    dialect = db.engine.dialect.name
    month = "to_char(p.recorded_at, 'YYYY-MM')" if dialect == "postgresql" else "strftime('%Y-%m', p.recorded_at)"
    weeks = (week_of(cycle.starts_on), week_of(cycle.ends_on))
    window = (
        datetime.combine(cycle.starts_on, datetime.min.time()),
        datetime.combine(cycle.ends_on, datetime.max.time()),
    )
    progress = """CASE WHEN m.target_value = m.start_value THEN (CASE WHEN {v} >= m.target_value THEN 1.0 ELSE 0.0 END)
        WHEN ({v} - m.start_value) / (m.target_value - m.start_value) > 1 THEN 1.0
        WHEN ({v} - m.start_value) / (m.target_value - m.start_value) < 0 THEN 0.0
        ELSE ({v} - m.start_value) / (m.target_value - m.start_value) END"""
    queries = {
        "perspectives": f"""SELECT perspective, avg(progress), count(*) FROM (
                SELECT g.id, g.perspective,
                       CASE WHEN g.goal_type = 'milestone' THEN (CASE WHEN g.done THEN 1.0 ELSE 0.0 END)
                       ELSE coalesce(avg({progress.format(v="m.current_value")}), 0.0) END AS progress
                FROM goal g LEFT JOIN metric m ON m.goal_id = g.id
                WHERE g.team_id = :team AND g.cycle_id = :cycle AND g.owner_kind = 'person'
                  AND g.status IN ('agreed', 'assigned')
                GROUP BY g.id, g.perspective, g.goal_type, g.done) per_goal GROUP BY perspective""",
        "kpi_count": """SELECT count(*) FROM metric m JOIN goal g ON g.id = m.goal_id
                WHERE g.team_id = :team AND g.cycle_id = :cycle AND g.owner_kind = 'person'
                  AND g.status IN ('agreed', 'assigned')""",
        "kpi_months": f"""SELECT {month}, avg({progress.format(v="p.value")}) FROM metricpoint p
                JOIN metric m ON m.id = p.metric_id JOIN goal g ON g.id = m.goal_id
                WHERE g.team_id = :team AND g.cycle_id = :cycle AND g.owner_kind = 'person'
                  AND g.status IN ('agreed', 'assigned') GROUP BY 1 ORDER BY 1""",
        "sizes": """SELECT department, count(*) FROM person WHERE team_id = :team AND is_active GROUP BY department""",
        "checkins": """SELECT p.department, c.week, count(*), avg(c.mood)
                FROM checkin c JOIN person p ON p.id = c.person_id
                WHERE c.team_id = :team AND p.is_active AND c.week >= :first AND c.week <= :last
                GROUP BY p.department, c.week""",
        "received": """SELECT source, count(*) FROM feedback WHERE team_id = :team AND created_at >= :start
                AND created_at < :end GROUP BY source""",
        "given": """SELECT source, count(*) FROM feedback WHERE team_id = :team AND created_at >= :start
                AND created_at < :end AND NOT anonymous GROUP BY source""",
    }
    params = {"team": TEAM, "cycle": cycle.id, "first": weeks[0], "last": weeks[1]}
    params |= {"start": window[0], "end": window[1]}
    with db.engine.connect() as connection:
        return {name: connection.execute(text(sql), params).all() for name, sql in queries.items()}


def org_report(db: Database, cycle: Cycle):
    with db.session() as session:
        return collect(session, scope.whole_org(TEAM), cycle)


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times)


@contextmanager
def database(url: str | None) -> Iterator[Database]:
    if url is None:
        with tempfile.TemporaryDirectory() as folder:
            db = Database(f"sqlite:///{Path(folder) / 'bench.db'}")
            migrate.upgrade(db.engine)
            yield db
            db.dispose()
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    db = Database(f"{url}{separator}options={quote(f'-csearch_path={schema}')}")
    try:
        migrate.upgrade(db.engine)
        yield db
    finally:
        db.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _high_water_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: after fork+exec ru_maxrss still counts the
    parent's size, VmHWM starts afresh with the new program."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _export(url: str, fmt: str, folder: str, answer) -> None:
    db = Database(url)
    began = time.perf_counter()
    with db.session() as session:
        done = export.export(session, export.selection_for(session, TEAM, "org", None), fmt, Path(folder) / f"x.{fmt}")
    seconds = time.perf_counter() - began
    peak = _high_water_mb()
    answer.put((sum(done.counts.values()), seconds, peak, (Path(folder) / f"x.{fmt}").stat().st_size / 2**20))
    db.dispose()


def export_in_child(url: str, fmt: str) -> tuple[int, float, float, float]:
    """Export in a fresh process, so its peak memory is the export's: (rows, seconds, peak RSS MB, file MB)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    answer = context.Queue()
    with tempfile.TemporaryDirectory() as folder:
        child = context.Process(target=_export, args=(url, fmt, folder, answer))
        child.start()
        result = answer.get(timeout=3600)
        child.join()
    return result


def run(people: int, weeks: int, url: str | None = None, runs: int = 3) -> dict:
    figures: dict = {"people": people, "weeks": weeks}
    for size in (max(1, people // 10), people):
        with database(url) as db:
            began = time.perf_counter()
            cycle = populate(db, size, weeks)
            figures["populate_s"] = time.perf_counter() - began
            with statements_sent(db) as statements:
                data = org_report(db, cycle)
            figures[f"queries_at_{size}"] = len(statements)
            for fmt in ("csv", "xlsx"):
                figures[f"export_{fmt}_at_{size}"] = export_in_child(db.url, fmt)
            if size != people:
                continue
            figures["dialect"] = db.engine.dialect.name
            figures["report_s"] = best_of(runs, lambda: org_report(db, cycle))  # noqa: B023
            figures["sql_s"] = best_of(runs, lambda: hand_written(db, cycle))  # noqa: B023
            figures["ratio"] = figures["report_s"] / figures["sql_s"]
            began = time.perf_counter()
            drawn = [charts.png(chart) for chart in charts.all_charts(data, "en")]
            figures["charts_s"], figures["charts"] = time.perf_counter() - began, len(drawn)
            expected = hand_written(db, cycle)
            figures["same_perspectives"] = sorted(
                (name, round(float(value), 6)) for name, value, _ in expected["perspectives"]
            ) == sorted((name, round(value, 6)) for name, value, _ in data.perspectives)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--database-url", help="PostgreSQL URL (default: a temporary SQLite file)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    figures = run(args.people, args.weeks, args.database_url, args.runs)
    small = max(1, args.people // 10)
    print(
        f"{figures['dialect']}: {args.people} people × {args.weeks} weeks (populated in {figures['populate_s']:.1f} s)"
    )
    print(
        f"org report {figures['report_s'] * 1000:.0f} ms vs hand-written SQL {figures['sql_s'] * 1000:.0f} ms: "
        f"ratio {figures['ratio']:.2f} (target ≤ 2); same numbers: {figures['same_perspectives']}"
    )
    at_small, at_people = figures[f"queries_at_{small}"], figures[f"queries_at_{args.people}"]
    print(f"queries: {at_small} at {small} people, {at_people} at {args.people}")
    print(f"charts: {figures['charts']} PNGs in {figures['charts_s']:.2f} s")
    for fmt in ("csv", "xlsx"):
        for size in (small, args.people):
            rows, seconds, peak, megabytes = figures[f"export_{fmt}_at_{size}"]
            print(
                f"export {fmt} at {size} people: {rows} rows, {megabytes:.1f} MB in {seconds:.1f} s, "
                f"peak RSS of the exporting process {peak:.0f} MB"
            )


if __name__ == "__main__":
    main()
