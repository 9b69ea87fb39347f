"""Shared fixtures: databases (SQLite, and PostgreSQL when PERFBOT_TEST_POSTGRES_URL is set) and the sandbox."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from bot.delivery.clock import ManualClock
from bot.sandbox.workspace import SandboxWorkspace, SlackUser
from bot.shell.render import render_all
from storage import migrate
from storage.db import Database
from storage.org import Role

POSTGRES_URL = os.environ.get("PERFBOT_TEST_POSTGRES_URL")
# A Monday morning in London; tests move the clock from here.
START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'perfbot.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema on the test server, dropped afterwards (so parallel runs never meet)."""
    if not POSTGRES_URL:
        pytest.skip("PERFBOT_TEST_POSTGRES_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request) -> str:
    """Each storage test runs once per backend."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def db(database_url) -> Iterator[Database]:
    database = Database(database_url)
    migrate.upgrade(database.engine)
    yield database
    database.dispose()


@pytest.fixture
def ws(sqlite_url, clock) -> Iterator[SandboxWorkspace]:
    workspace = SandboxWorkspace.start(sqlite_url, clock)
    yield workspace
    try:
        # Whatever the bot showed must render in `perfbot shell`: a renderer gap fails the test.
        render_all(workspace.slack.messages, workspace.slack.views.values())
    finally:
        workspace.close()


@pytest.fixture
def hr(ws) -> SlackUser:
    return ws.person("Hana", role=Role.HR_ADMIN, department="People")


@pytest.fixture
def maria(ws) -> SlackUser:
    return ws.person("Maria", role=Role.MANAGER, department="Engineering")


@pytest.fixture
def ken(ws, maria) -> SlackUser:
    return ws.person("Ken", manager=maria, department="Engineering")
