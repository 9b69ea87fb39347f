"""Benchmark (not a test): Perfbot at 10,000 people, each figure beside hand-written SQL for the same rows.

Builds the organisation of `bench/organisation.py` with bulk inserts, then measures every planner at its
busiest moment and on a quiet minute (time and statements), the pages a manager opens, the ack of slash
commands sent while the heaviest planner runs, 8 concurrent clients against `perfbot serve`'s WSGI app
under waitress (beside a bare Bolt app served the same way), and start-up times beside a bare Bolt app.

    python -m bench.scale                                   # SQLite, 10,000 people
    python -m bench.scale --people 500                      # a quick run
    python -m bench.scale --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    PERFBOT_TEST_POSTGRES_URL=... python -m bench.scale --backend both
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, delete, func, select, text

from bench import organisation, raw_sql
from bench.load import bare_bolt, concurrent_clients, startup_times
from bot.checkins.calendar import week_of
from bot.delivery.clock import ManualClock
from bot.delivery.planning import run_planner
from bot.immediate import ImmediateExecutor
from bot.launch import settle_heap
from bot.planners import planners
from bot.sandbox.signed import bolt_request, command_body, event_body
from bot.sandbox.workspace import SandboxWorkspace
from handlers.blocks.checkins import BlocksRenderer
from storage.counting import statements_sent
from storage.db import Database
from storage.org import Person
from storage.outbox import Delivery

QUIET_TARGET_S = 0.050
ACK_TARGET_S = 1.0
# Each page, its raw SQL and the bare Bolt app's answer are timed this many times; the best of each counts.
PAGE_REPEATS = 20


def moment_of(now: datetime) -> dict:
    """The hand-written SQL's parameters for a planner run at `now`."""
    today = now.date()
    return {
        "now": now,
        "today": today,
        "since_day": today.fromordinal(today.toordinal() - 9).isoformat(),
        "since_week": week_of(today.fromordinal(today.toordinal() - 35)),
        "month_start": now.replace(day=1, month=max(1, now.month - 1)),
    }


@contextmanager
def database(backend: str, url: str | None) -> Iterator[str]:
    """A fresh database: a temporary SQLite file, or a private schema on the PostgreSQL server."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'scale.db'}"
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def row(work: str, seconds: float, statements: int | str, raw: float | None, raw_statements: int | str, note=""):
    ratio = f"{seconds / raw:.1f}×" if raw else "–"
    raw_text = f"{raw * 1000:.1f} ms ({raw_statements})" if raw is not None else "–"
    print(f"| {work} | {seconds * 1000:.1f} ms | {statements} | {raw_text} | {ratio} | {note} |", flush=True)


def run_backend(backend: str, url: str | None, people: int) -> None:
    with database(backend, url) as database_url:
        workspace = SandboxWorkspace.start(database_url, ManualClock(organisation.QUIET))
        try:
            measure(workspace, backend, people)
        finally:
            workspace.close()


def measure(workspace: SandboxWorkspace, backend: str, people: int) -> None:
    db, team = workspace.db, workspace.team_id
    began = time.perf_counter()
    org = organisation.build(db, people, team_id=team)
    settle_heap()  # the bench has started, as `perfbot serve` settles its heap once it has
    print(
        f"\n### {backend}: {people:,} people, {org.managers:,} managers (built in {time.perf_counter() - began:.1f} s)"
    )
    print("\n| work | Perfbot | statements | raw SQL (statements) | ratio | |\n| --- | --- | --- | --- | --- | --- |")
    raw_sql.create_scratch(db.engine)
    with db.read() as session:
        ids = dict(session.exec(select(Person.slack_id, Person.id).where(Person.team_id == team)).all())
    params = {"team": team, "manager": org.manager, "report": org.report}
    params |= {"manager_id": ids[org.manager], "report_id": ids[org.report]}
    command_acks: list[tuple[str, float, str]] = []

    def run(label, planner, now) -> None:
        compared = bool(label) and not label.endswith("(quiet)")
        if compared:  # the hand-written SQL reads first too: both sides then find the same rows in a warm cache
            statements_of = raw_sql.PLANNERS[label]
            warm_read, _ = raw_sql.read(db, statements_of, params | moment_of(now))
        with db.read() as session:
            last_id = session.scalar(select(func.coalesce(func.max(Delivery.id), 0)))
        raw_sql.checkpoint(db.engine)
        # Only this thread's: commands sent meanwhile are not the planner's.
        with statements_sent(db, this_thread_only=True) as statements:
            start = time.perf_counter()
            queued = run_planner(db, planner, now)
            seconds = time.perf_counter() - start
        if not label:
            return
        if not compared:
            note = "✓" if seconds < QUIET_TARGET_S else f"over {QUIET_TARGET_S * 1000:.0f} ms"
            row(f"{label}: nothing due", seconds, len(statements), None, "", note)
            return
        raw_write = raw_sql.write_same_rows(db.engine, last_id)
        raw_read = min(warm_read, raw_sql.read(db, statements_of, params | moment_of(now))[0])
        raw_count = len(statements_of) + (1 if queued else 0)
        row(f"{label} ({queued:,} queued)", seconds, len(statements), raw_read + raw_write, raw_count)
        if label == "digests":  # the heaviest tick once more, the same work, while commands are sent
            commands = partial(commands_during, workspace, org, acks=command_acks)
            again = again_with_commands(db, planner, now, last_id, commands)
            row("digests again, while the commands below are sent", again, "", None, "", "not compared: shares the GIL")

    organisation.scenario(db, team, planners(BlocksRenderer()), run)
    # The planners queued tens of thousands of deliveries since the statistics were gathered. Autovacuum would
    # refresh them within a minute; until then PostgreSQL reads App Home's sent prompts by scanning a whole index.
    organisation.analyze(db)
    pages(workspace, org, params)
    for command, seconds, answer in command_acks:
        note = "✓" if seconds < ACK_TARGET_S else "over 1 s"
        print(f"| `{command}` during the digest tick: ack | {seconds * 1000:.0f} ms | | | | {note} {answer} |")


def again_with_commands(db: Database, planner, now: datetime, last_id: int, commands) -> float:
    """Deletes what a pass queued and runs the same pass again while `commands(stop)` runs in a thread: the
    acks are measured during the heaviest tick, while the tick's own time is measured alone (the thread shares
    the GIL: a pass timed beside it counts the commands' work too). Returns this second pass's seconds."""
    with db.session() as session:
        session.exec(delete(Delivery).where(Delivery.id > last_id))
    stop = threading.Event()
    thread = threading.Thread(target=commands, args=(stop,))
    thread.start()
    try:
        start = time.perf_counter()
        run_planner(db, planner, now)
        return time.perf_counter() - start
    finally:
        stop.set()
        thread.join()


def dispatch(workspace: SandboxWorkspace, user: str, line: str, app=None) -> tuple[float, str]:
    """One request through the real Bolt app (or `app`), timed to its ack (nothing queued is delivered)."""
    if line == "app_home_opened":
        event = {"type": "app_home_opened", "user": user, "tab": "home", "channel": "D0HOME"}
        body, json_body = event_body(event=event, team_id=workspace.team_id, event_id=uuid.uuid4().hex), True
    else:
        command, _, words = line.partition(" ")
        body = command_body(
            command=command,
            text=words,
            user_id=user,
            team_id=workspace.team_id,
            trigger_id=uuid.uuid4().hex,
            response_url=f"{workspace.slack.response_url_base}1/{user}",
        )
        json_body = False
    request = bolt_request(body, json_body=json_body)
    began = time.perf_counter()
    response = (app or workspace.perfbot.app).dispatch(request)
    seconds = time.perf_counter() - began
    answer = response.body if response.status == 200 else f"HTTP {response.status}"
    return seconds, answer


def commands_during(workspace: SandboxWorkspace, org, stop: threading.Event, *, acks: list) -> None:
    """A read and a write command, sent again and again while the tick runs; the slowest ack of each counts."""
    slowest = {"/perf help": (0.0, ""), f"/feedback <@{org.report}|r> coaching clear review notes": (0.0, "")}
    while not stop.is_set():
        for command in slowest:
            seconds, answer = dispatch(workspace, org.manager, command)
            if seconds >= slowest[command][0]:
                text = json.loads(answer).get("text", "") if answer.startswith("{") else answer
                slowest[command] = (seconds, text[:48])
    acks.extend((command, seconds, f"(answered: “{answer}”)") for command, (seconds, answer) in slowest.items())


def pages(workspace: SandboxWorkspace, org, params: dict) -> None:
    for slack_id in (org.manager, org.report):
        workspace.slack.add_member(slack_id, slack_id, tz=organisation.ZONE)
    report = f"<@{org.report}|report>"
    shown = {
        "App Home": "app_home_opened",
        "/goal list @report": f"/goal list {report}",
        "/feedback show @report": f"/feedback show {report}",
        "/1on1 @report": f"/1on1 {report}",
    }
    bare = bare_bolt(workspace.slack.url, ImmediateExecutor())  # listeners run inline, as in the sandbox
    for label, line in shown.items():
        with statements_sent(workspace.db, this_thread_only=True) as statements:  # counted apart: not timed
            dispatch(workspace, org.manager, line)
        times = [dispatch(workspace, org.manager, line)[0] for _ in range(PAGE_REPEATS)]
        raw = min(raw_sql.read(workspace.db, raw_sql.PAGES[label], params)[0] for _ in range(PAGE_REPEATS))
        bolt = min(dispatch(workspace, org.manager, line, bare)[0] for _ in range(PAGE_REPEATS))
        note = f"raw SQL {raw * 1000:.1f} ms + bare Bolt {bolt * 1000:.1f} ms"
        row(
            f"{label} (manager), through Bolt", min(times), len(statements), raw + bolt, len(raw_sql.PAGES[label]), note
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default=None)
    parser.add_argument("--database-url", help="a PostgreSQL server to run on (a private schema is used)")
    parser.add_argument("--skip-load", action="store_true", help="planners and pages only")
    parser.add_argument("--start-up-only", action="store_true", help="start-up times only")
    parser.add_argument("--load-only", action="store_true", help="the concurrent clients only")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if args.start_up_only:
        with database("sqlite", None) as url:
            startup_times(url)
        return
    postgres_url = args.database_url or os.environ.get("PERFBOT_TEST_POSTGRES_URL")
    backend = args.backend or ("postgres" if args.database_url else "sqlite")
    backends = ["sqlite", "postgres"] if backend == "both" else [backend]
    for name in backends:
        if name == "postgres" and not postgres_url:
            parser.error("PostgreSQL needs --database-url or PERFBOT_TEST_POSTGRES_URL")
        # The clients first, on a database of their own: after the planners' tens of thousands of rows and the
        # drop of their schema, PostgreSQL's background work (autovacuum, checkpoints) would fall on them, and on
        # the hand-written SQL, but not on bare Bolt, which reads no database.
        if not args.skip_load:
            with database(name, postgres_url) as url:
                concurrent_clients(url, min(args.people, 2000))
        if not args.load_only:
            run_backend(name, postgres_url, args.people)
    if not (args.skip_load or args.load_only):
        with database("sqlite", None) as url:
            startup_times(url)


if __name__ == "__main__":
    main()
