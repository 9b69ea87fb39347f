"""Planners and pages cost the same number of statements for 10 people as for 100 (set-based, not per person)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, event, text

from bench import organisation
from bot.app import planners
from bot.delivery.planning import run_planner
from handlers.blocks.checkins import BlocksRenderer
from storage import migrate
from storage.db import Database
from tests.conftest import POSTGRES_URL


@contextmanager
def counting(db: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


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


def planner_counts(db: Database, size: int) -> dict[str, tuple[int, int]]:
    """Per measurement: (statements, rows queued)."""
    organisation.build(db, size)
    found: dict[str, tuple[int, int]] = {}

    def run(label, planner, now) -> None:
        with counting(db) as statements:
            queued = run_planner(db, planner, now)
        if label:
            found[label] = (len(statements), queued)

    organisation.scenario(db, planners(BlocksRenderer()), run)
    return found


def test_every_planner_costs_the_same_statements_for_10_and_100_people(make_db):
    small, large = planner_counts(make_db(), 10), planner_counts(make_db(), 100)
    for label in large:
        if "quiet" not in label:
            assert large[label][1] > small[label][1] > 0, f"{label} queued nothing: the scenario does not test it"
    assert {label: count for label, (count, _) in large.items()} == {
        label: count for label, (count, _) in small.items()
    }
