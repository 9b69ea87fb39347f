"""PostgreSQL advisory locks named per schema, so two Perfbots (or two test schemas) on one server never share one."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.engine import Connection

# A 64-bit key from the lock's name and the schema the connection works in (its search_path).
_KEY = text("SELECT ('x' || substr(md5(:name || ':' || current_schema()), 1, 16))::bit(64)::bigint")
_HELD = text(
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()"
    " AND classid::bigint = :high AND objid::bigint = :low AND objsubid = 1)"
)


def key(connection: Connection, name: str) -> int:
    return int(connection.execute(_KEY, {"name": name}).scalar_one())


def try_lock(connection: Connection, lock_key: int) -> bool:
    """Take the session-level lock if it is free; never waits."""
    return bool(connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": lock_key}).scalar_one())


def lock(connection: Connection, lock_key: int) -> None:
    """Take the session-level lock, waiting for whoever holds it."""
    connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": lock_key})


def unlock(connection: Connection, lock_key: int) -> None:
    connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key})


def holds(connection: Connection, lock_key: int) -> bool:
    """Whether this connection's backend still holds the lock (raises if the connection is gone)."""
    unsigned = lock_key & 0xFFFFFFFFFFFFFFFF
    params = {"high": unsigned >> 32, "low": unsigned & 0xFFFFFFFF}
    return bool(connection.execute(_HELD, params).scalar_one())


def end_when_idle(connection: Connection, after: timedelta) -> None:
    """Have the server end this session (and release its locks) once it sits idle for `after` (PostgreSQL 14+)."""
    if (connection.dialect.server_version_info or (0,)) < (14,):
        return  # older servers lack the setting: a stalled holder keeps the lock until its process ends
    milliseconds = int(after.total_seconds() * 1000)
    connection.execute(text(f"SET idle_session_timeout = {milliseconds}"))
