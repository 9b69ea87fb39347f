"""Planners and pages cost the same number of statements for 10 people as for 100 (set-based, not per person)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from bench import organisation
from bot.delivery.clock import ManualClock
from bot.delivery.planning import run_planner
from bot.planners import planners
from bot.sandbox.workspace import SandboxWorkspace, SlackUser, text_of
from handlers.blocks.checkins import BlocksRenderer
from storage import migrate
from storage.counting import statements_sent
from storage.db import Database
from tests.conftest import POSTGRES_URL


@pytest.fixture(params=["sqlite", "postgres"])
def make_db(request, tmp_path) -> Iterator:
    """A fresh migrated database per call, on each backend."""
    made: list[tuple[Database, str | None]] = []
    admin = None
    if request.param == "postgres":
        if not POSTGRES_URL:
            pytest.skip("PERFBOT_TEST_POSTGRES_URL is not set")
        admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")

    def make() -> Database:
        schema = None
        if admin is None:
            url = f"sqlite:///{tmp_path / f'{uuid.uuid4().hex}.db'}"
        else:
            schema = f"t_{uuid.uuid4().hex[:12]}"
            with admin.connect() as connection:
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            separator = "&" if "?" in POSTGRES_URL else "?"
            url = f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
        db = Database(url)
        migrate.upgrade(db.engine)
        made.append((db, schema))
        return db

    yield make
    for db, schema in made:
        db.dispose()
        if schema:
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    if admin is not None:
        admin.dispose()


# 10 people under one manager, then 100 under two: more people, more managers and bigger teams.
SMALL, LARGE = (10, 1), (100, 2)


def planner_counts(db: Database, size: tuple[int, int]) -> dict[str, tuple[int, int]]:
    """Per measurement: (statements, rows queued)."""
    organisation.build(db, size[0], managers=size[1])
    found: dict[str, tuple[int, int]] = {}

    def run(label, planner, now) -> None:
        with statements_sent(db) as statements:
            queued = run_planner(db, planner, now)
        if label:
            found[label] = (len(statements), queued)

    organisation.scenario(db, organisation.TEAM, planners(BlocksRenderer()), run)
    return found


def test_every_planner_costs_the_same_statements_for_10_and_100_people(make_db):
    small, large = planner_counts(make_db(), SMALL), planner_counts(make_db(), LARGE)
    for label in large:
        if "quiet" not in label:
            assert large[label][1] > small[label][1] > 0, f"{label} queued nothing: the scenario does not test it"
    assert {label: count for label, (count, _) in large.items()} == {
        label: count for label, (count, _) in small.items()
    }


def page_counts(database_url: str, size: tuple[int, int]) -> dict[str, int]:
    """Statements per page a manager opens, through the real Bolt app on the fake Slack."""
    workspace = SandboxWorkspace.start(database_url, ManualClock(organisation.QUIET))
    try:
        org = organisation.build(workspace.db, size[0], managers=size[1], team_id=workspace.team_id)
        for slack_id in (org.manager, org.report):
            workspace.slack.add_member(slack_id, slack_id, tz=organisation.ZONE)
        manager = SlackUser(workspace, org.manager, "Manager")
        report = f"<@{org.report}|report>"
        pages = {  # what each shows, so that a refusal cannot pass for a cheap page
            "App Home": (manager.opens_home, "Check-ins"),
            "/goal list": (lambda: manager.runs("/goal list"), "Your goals in 2027 Q1"),
            "/goal list @report": (lambda: manager.runs(f"/goal list {report}"), "Goals of Person"),
            "/feedback show @report": (lambda: manager.runs(f"/feedback show {report}"), "Note 1 about"),
            "/1on1 @report": (lambda: manager.runs(f"/1on1 {report}"), "Career path"),
            "/perf help": (lambda: manager.runs("/perf help"), "What Perfbot can do for you"),
        }
        found = {}
        for label, (open_page, shows) in pages.items():
            open_page()  # once to warm any cache, then counted
            with statements_sent(workspace.db) as statements:
                open_page()
            found[label] = len(statements)
            shown = manager.home() if label == "App Home" else workspace.slack.messages[-1]
            assert shows in (text_of(shown["blocks"]) if label == "App Home" else shown.text + text_of(shown.blocks))
        return found
    finally:
        workspace.close()


def test_every_page_costs_the_same_statements_for_10_and_100_people(tmp_path):
    small = page_counts(f"sqlite:///{tmp_path / 'small.db'}", SMALL)
    large = page_counts(f"sqlite:///{tmp_path / 'large.db'}", LARGE)
    assert large == small
    # A read begins no transaction. The person acting with the person named, then all the page shows in one
    # statement; the sandbox's sender then looks for deliveries (two statements, each in a write transaction that
    # SQLite's connection begins itself, unseen by SQLAlchemy).
    assert (small["/feedback show @report"], small["/1on1 @report"]) == (2 + 2, 2 + 2)
    # App Home: the person acting (the request's middleware), then the direct reports, check-in stats, the active
    # cycle with its phases, goals with their metrics, goals awaiting approval, feedback, open actions, the plan,
    # review results, recent check-ins (11); then the sandbox's sender finds nothing to send (2).
    assert small["App Home"] == 11 + 2
