"""The APScheduler clock: every minute it runs the planners, then wakes the sender."""

from __future__ import annotations

import logging

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import Clock
from bot.planning import PLANNERS
from bot.sender import Sender
from storage.db import Database

logger = logging.getLogger(__name__)

TICK_JOB_ID = "perfbot-tick"


def tick(db: Database, clock: Clock, sender: Sender | None = None) -> int:
    """Queue everything due now; returns how many deliveries were queued."""
    now = clock.now()
    queued = 0
    for planner in PLANNERS:
        with db.session() as session:
            queued += planner(session, now)
    if sender is not None:
        sender.wake()
    return queued


class Clockwork:
    """Owns the background scheduler that ticks once a minute."""

    def __init__(self, db: Database, clock: Clock, sender: Sender) -> None:
        self.scheduler = BackgroundScheduler(timezone="UTC")
        self.scheduler.add_job(
            tick,
            IntervalTrigger(minutes=1),
            args=[db, clock, sender],
            id=TICK_JOB_ID,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
        )

    def start(self) -> None:
        self.scheduler.start()

    def stop(self) -> None:
        self.scheduler.shutdown(wait=False)
