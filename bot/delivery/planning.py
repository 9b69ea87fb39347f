"""The planning tick: every planner looks at the database and queues what is due; one failing spares the rest.

The planners themselves belong to the features; the composition root (`bot/app.py`) lists them and hands
the list to the clock, so delivery never imports a feature.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from sqlmodel import Session

from bot.delivery.clock import Clock
from storage.db import Database

logger = logging.getLogger(__name__)

# A planner queues the deliveries due at `now` (via bot.delivery.outbox.enqueue) and returns how many it queued.
Planner = Callable[[Session, datetime], int]


class Wakeable(Protocol):
    def wake(self) -> None: ...


def tick(db: Database, clock: Clock, planners: Sequence[Planner], sender: Wakeable | None = None) -> int:
    """Queue everything due now; returns how many deliveries were queued."""
    now = clock.now()
    queued = 0
    for planner in planners:
        try:
            with db.session() as session:
                queued += planner(session, now)
        except Exception:
            logger.exception("planner %s failed", getattr(planner, "__name__", planner))
    if sender is not None:
        sender.wake()
    return queued
