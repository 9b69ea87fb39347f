"""The APScheduler clock: every interval it runs the planners, then wakes the sender.

Schedules are data: the tick derives what is due from the database, so a missed tick is caught up by the
next one (planners look back over the still-relevant part of the day) and a retried tick queues nothing
twice (the outbox's unique key). The job lives in a persistent SQLAlchemy job store on the same database
(table created by our migration), under a fixed id with replace_existing and a wide misfire grace time.

One clock per database: the process holding the clock lock (a PostgreSQL advisory lock on a connection of
its own, or a lock file next to a SQLite database) runs the scheduler; the others try the lock every few
seconds. The holder checks the lock every few seconds and before every tick: a lock lost with its
connection (a database restart) pauses the scheduler until the lock is held again. The lock's session ends
itself when left idle for three checks, so a holder that stalls hands the clock on too. Nothing a database
error raises ends the watch: it retries with backoff.
"""

from __future__ import annotations

import fcntl
import logging
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.delivery.clock import Clock
from bot.delivery.heartbeat import record_tick
from bot.delivery.planning import Planner, tick
from bot.delivery.sender import Sender
from storage import locks
from storage.db import Database
from storage.outbox import SCHEDULER_JOBS_TABLE

logger = logging.getLogger(__name__)

TICK_JOB_ID = "perfbot-tick"
TICK_JOB_FUNC = "bot.delivery.scheduler:run_tick"
MISFIRE_GRACE = timedelta(hours=12)
CLOCK_LOCK_NAME = "perfbot-clock"
WATCH_EVERY = timedelta(seconds=2)  # how often a replica checks (or tries to take) the clock lock
BACKOFF_CAP = timedelta(seconds=30)

_active: Clockwork | None = None


def run_tick() -> None:
    """The job APScheduler stores (by reference, so nothing unpicklable goes into the job store)."""
    if _active is not None:
        _active.tick()


class ClockLock:
    """Held by at most one process per database (per schema on PostgreSQL)."""

    def __init__(self, db: Database, idle_timeout: timedelta = 3 * WATCH_EVERY) -> None:
        self.db = db
        self.idle_timeout = idle_timeout
        self._connection = None
        self._key: int | None = None
        self._file: IO[str] | None = None

    def acquire(self) -> bool:
        url = self.db.engine.url
        if url.get_backend_name() == "postgresql":
            self._drop_connection()
            connection = self.db.engine.connect()
            try:
                key = locks.key(connection, CLOCK_LOCK_NAME)
                got = locks.try_lock(connection, key)
                if got:  # a holder stalled (SIGSTOP, swap) stops checking: its session then ends, lock and all
                    locks.end_when_idle(connection, self.idle_timeout)
                connection.commit()
            except Exception:
                connection.invalidate()
                connection.close()
                raise
            if got:
                self._connection, self._key = connection, key
            else:
                connection.close()
            return got
        if url.database in (None, "", ":memory:"):
            return True
        if self._file is not None:
            return True
        handle = Path(f"{url.database}.clock.lock").open("w")  # noqa: SIM115 - held for the process's life
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._file = handle
        return True

    def held(self) -> bool:
        """Whether this process still holds the lock; a dead connection means it does not."""
        if self._connection is None:
            return self._file is not None or self.db.engine.url.get_backend_name() != "postgresql"
        try:
            still = locks.holds(self._connection, self._key)
            self._connection.commit()
        except Exception:  # noqa: BLE001 - the connection (and the lock with it) is gone
            still = False
        if not still:
            self._drop_connection()
        return still

    def release(self) -> None:
        if self._connection is not None:
            try:
                locks.unlock(self._connection, self._key)
                self._connection.commit()
            except Exception:  # noqa: BLE001 - a dead connection released the lock already
                pass
            self._drop_connection()
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None

    def _drop_connection(self) -> None:
        if self._connection is not None:
            try:
                self._connection.invalidate()  # never back to the pool: its session may hold the lock
                self._connection.close()
            except Exception:  # noqa: BLE001
                pass
            self._connection = None


class Clockwork:
    """Owns the background scheduler that ticks every `interval`, while this process holds the clock lock."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        sender: Sender,
        planners: Sequence[Planner],
        *,
        interval: timedelta = timedelta(minutes=1),
        watch_every: timedelta = WATCH_EVERY,
    ):
        self.db, self.clock, self.sender, self.planners, self.interval = db, clock, sender, planners, interval
        self.watch_every = watch_every
        self.metrics = sender.metrics
        self.replica = sender.replica
        self.lock = ClockLock(db, idle_timeout=3 * watch_every)
        self.scheduler = BackgroundScheduler(
            timezone=UTC, jobstores={"default": SQLAlchemyJobStore(engine=db.engine, tablename=SCHEDULER_JOBS_TABLE)}
        )
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self._guard = threading.Lock()
        self.running = False  # this process holds the clock and its scheduler runs the tick

    def tick(self) -> int:
        """One tick, if this process (still) holds the clock."""
        with self._guard:
            if not self.running:
                return 0
            if not self.lock.held():
                self._lose("the clock lock was lost (database connection gone)")
                return 0
        started = time.perf_counter()
        queued = tick(self.db, self.clock, self.planners, self.sender)
        self.metrics.tick_duration.observe(time.perf_counter() - started)
        if not self.running:  # stopped meanwhile: the clock is handed on, and so is the heartbeat
            return queued
        try:
            record_tick(self.db, holder=self.replica, at=self.clock.now(), interval=self.interval)
        except Exception:  # noqa: BLE001 - a heartbeat missed is a heartbeat missed
            logger.warning("could not record the clock's tick")
        return queued

    def start(self) -> bool:
        """Start watching the clock lock; True if this process got the clock at once (and ticks now)."""
        self.scheduler.start(paused=True)
        try:
            self.watch_once()
        except Exception as error:  # noqa: BLE001 - the watch retries
            logger.warning("clock watch: %s; retrying", type(error).__name__)
        if not self.running:
            logger.info("another replica runs the clock; trying every %ss", self.watch_every.total_seconds())
        self._watcher = threading.Thread(target=self._watch, name="perfbot-clock-watch", daemon=True)
        self._watcher.start()
        return self.running

    def watch_once(self) -> None:
        """Check the lock if held, try to take it if not; raises on a database error."""
        with self._guard:
            if self.running:
                if not self.lock.held():
                    self._lose("the clock lock was lost (database connection gone)")
                return
            if self.lock.acquire():
                try:
                    self._gain()
                except Exception:
                    self.lock.release()
                    raise

    def _watch(self) -> None:
        failures = 0
        while True:
            delay = self.watch_every * (2 ** min(failures, 4)) if failures else self.watch_every
            if self._stop.wait(min(delay, BACKOFF_CAP).total_seconds()):
                return
            try:
                self.watch_once()
                failures = 0
            except Exception as error:  # noqa: BLE001 - the watch must outlive any database outage
                failures += 1
                logger.warning("clock watch: %s (%s in a row); retrying", type(error).__name__, failures)
                with self._guard:
                    if self.running:
                        self._lose("database error while holding the clock")

    def _gain(self) -> None:
        global _active
        _active = self
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
        self.scheduler.resume()
        self.running = True
        self.metrics.clock_holder.set(1)
        logger.warning("this replica (%s) now runs the clock", self.replica)

    def _lose(self, why: str) -> None:
        self.scheduler.pause()
        self.running = False
        self.metrics.clock_holder.set(0)
        self.lock.release()
        logger.warning("this replica stopped running the clock: %s", why)

    def stop(self) -> None:
        global _active
        self._stop.set()
        with self._guard:
            if self.scheduler.running:
                self.scheduler.shutdown(wait=False)
            self.running = False
            self.metrics.clock_holder.set(0)
            if _active is self:
                _active = None
            self.lock.release()
