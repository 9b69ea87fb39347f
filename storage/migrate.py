"""Brings a database schema up to date with Alembic (the only way the schema changes)."""

from __future__ import annotations

import logging
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
logger = logging.getLogger(__name__)
_REVISION = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


@cache
def head_revisions() -> frozenset[str]:
    """The newest revision(s), read from the version files' `revision` / `down_revision` lines: loading
    Alembic and every migration module costs a quarter of a second, which a start on a current database
    must not pay."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue
        revisions.add(found["revision"].strip().strip("\"'"))
        parents.update(re.findall(r"[\"']([^\"']+)[\"']", found.get("down_revision", "None")))
    return frozenset(revisions - parents)


def needs_upgrade(engine: Engine) -> bool:
    """Whether the database is behind the migrations (or has no schema yet): one small query."""
    try:
        with engine.connect() as connection:
            current = {row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))}
    except Exception:  # noqa: BLE001 - no version table (a new database) or unreadable: let Alembic decide
        return True
    return current != head_revisions()


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    url = engine.url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """Apply every migration not yet applied; says so in the log only when something changed."""
    if not needs_upgrade(engine):
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    config = alembic_config(engine)
    with engine.begin() as connection:
        before = MigrationContext.configure(connection).get_current_revision()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        after = MigrationContext.configure(connection).get_current_revision()
    if after != before:
        logger.info("database schema upgraded from %s to %s", before or "empty", after)


def upgrade_under_lock(engine: Engine) -> None:
    """`upgrade`, one process at a time: on PostgreSQL replicas starting together queue on an advisory lock,
    and each one after the first finds the schema current."""
    if engine.dialect.name != "postgresql":
        upgrade(engine)  # SQLite: BEGIN IMMEDIATE already makes the upgrade's transaction exclusive
        return
    from storage import locks

    with engine.connect() as connection:
        lock_key = locks.key(connection, "perfbot-migrate")
        locks.lock(connection, lock_key)
        connection.commit()
        try:
            upgrade(engine)
        finally:
            locks.unlock(connection, lock_key)
            connection.commit()


def head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()
