"""The APScheduler clock: every minute it runs the planners, then wakes the sender.

Schedules are data: the tick derives what is due from the database, so a missed tick is caught up by the
next one (planners look back over the still-relevant part of the day) and a retried tick queues nothing
twice (the outbox's unique key). The job lives in a persistent SQLAlchemy job store on the same database
(table created by our migration), under a fixed id with replace_existing and a wide misfire grace time.
One clock per database: the process holding the clock lock (a PostgreSQL advisory lock, or a lock file
next to a SQLite database) runs the scheduler; the others retry the lock every minute.
"""

from __future__ import annotations

import fcntl
import logging
import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import text

from bot.delivery.clock import Clock
from bot.delivery.planning import Planner, tick
from bot.delivery.sender import Sender
from storage.db import Database
from storage.outbox import SCHEDULER_JOBS_TABLE

logger = logging.getLogger(__name__)

TICK_JOB_ID = "perfbot-tick"
TICK_JOB_FUNC = "bot.delivery.scheduler:run_tick"
MISFIRE_GRACE = timedelta(hours=12)
CLOCK_LOCK_KEY = 0x70657266626F74  # "perfbot"

_active: Clockwork | None = None


def run_tick() -> None:
    """The job APScheduler stores (by reference, so nothing unpicklable goes into the job store)."""
    if _active is not None:
        _active.tick()


class ClockLock:
    """Held by at most one process per database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._connection = None
        self._file: IO[str] | None = None

    def acquire(self) -> bool:
        url = self.db.engine.url
        if url.get_backend_name() == "postgresql":
            connection = self.db.engine.connect()
            got = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": CLOCK_LOCK_KEY}).scalar()
            connection.commit()
            if got:
                self._connection = connection
            else:
                connection.close()
            return bool(got)
        if url.database in (None, "", ":memory:"):
            return True
        handle = Path(f"{url.database}.clock.lock").open("w")  # noqa: SIM115 - held for the process's life
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._file = handle
        return True

    def release(self) -> None:
        if self._connection is not None:
            self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": CLOCK_LOCK_KEY})
            self._connection.close()
            self._connection = None
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None


class Clockwork:
    """Owns the background scheduler that ticks once a minute (when this process holds the clock lock)."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        sender: Sender,
        planners: Sequence[Planner],
        *,
        interval: timedelta = timedelta(minutes=1),
    ):
        self.db, self.clock, self.sender, self.planners, self.interval = db, clock, sender, planners, interval
        self.lock = ClockLock(db)
        self.scheduler = BackgroundScheduler(
            timezone=UTC, jobstores={"default": SQLAlchemyJobStore(engine=db.engine, tablename=SCHEDULER_JOBS_TABLE)}
        )
        self._stop = threading.Event()
        self._waiter: threading.Thread | None = None
        self.running = False

    def tick(self) -> int:
        return tick(self.db, self.clock, self.planners, self.sender)

    def start(self) -> bool:
        """Start ticking now (catching up what is still due today) if this process gets the clock."""
        if self._take_clock():
            return True
        logger.info("another process owns the clock; retrying every minute")

        def wait_for_clock() -> None:
            while not self._stop.wait(60):
                if self._take_clock():
                    return

        self._waiter = threading.Thread(target=wait_for_clock, name="perfbot-clock-wait", daemon=True)
        self._waiter.start()
        return False

    def _take_clock(self) -> bool:
        global _active
        if not self.lock.acquire():
            return False
        _active = self
        self.scheduler.start()
        self.scheduler.add_job(
            TICK_JOB_FUNC,
            IntervalTrigger(seconds=self.interval.total_seconds(), timezone=UTC),
            id=TICK_JOB_ID,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=int(MISFIRE_GRACE.total_seconds()),
            next_run_time=datetime.now(UTC),  # the first tick at once: catch up on what was missed
        )
        self.running = True
        return True

    def stop(self) -> None:
        global _active
        self._stop.set()
        if self.running:
            self.scheduler.shutdown(wait=False)
            self.running = False
        if _active is self:
            _active = None
        self.lock.release()
