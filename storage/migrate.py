"""Brings a database schema up to date with Alembic (the only way the schema changes)."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).parent / "migrations"
logger = logging.getLogger(__name__)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    url = engine.url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """Apply every migration not yet applied; says so in the log only when something changed."""
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
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()
