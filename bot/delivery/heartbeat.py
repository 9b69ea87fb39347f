"""The clock's heartbeat: the last tick, whichever replica ran it, so any replica can tell a stopped clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.db import Database
from storage.outbox import ClockBeat

BEAT = "clock"
STALE_AFTER = timedelta(minutes=5)  # the clock counts as stopped after this long (or 5 intervals) without a tick


@dataclass
class Beat:
    holder: str
    ticked_at: datetime
    interval: timedelta

    def stale(self, now: datetime) -> bool:
        return now - self.ticked_at > max(STALE_AFTER, 5 * self.interval)


def record_tick(db: Database, *, holder: str, at: datetime, interval: timedelta) -> None:
    with db.session() as session:
        session.merge(ClockBeat(name=BEAT, holder=holder, ticked_at=at, tick_seconds=interval.total_seconds()))


def last_tick(db: Database) -> Beat | None:
    with db.session() as session:
        row = session.get(ClockBeat, BEAT)
        return None if row is None else Beat(row.holder, row.ticked_at, timedelta(seconds=row.tick_seconds))
