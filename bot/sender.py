"""Sends queued deliveries: claims due rows, posts them, records the result."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import select

from bot.clock import Clock
from storage.db import Database
from storage.outbox import Delivery, DeliveryStatus

logger = logging.getLogger(__name__)

PERMANENT_ERRORS = {
    "channel_not_found",
    "user_not_found",
    "account_inactive",
    "user_disabled",
    "is_archived",
    "not_in_channel",
    "cannot_dm_bot",
    "invalid_blocks",
    "msg_too_long",
    "no_text",
    "invalid_auth",
}
MAX_ATTEMPTS = 5
BATCH = 50


class Sender:
    """Posts due deliveries; `drain()` sends everything due now, `start()` runs it in a thread."""

    def __init__(self, db: Database, client_for: Callable[[str], WebClient], clock: Clock) -> None:
        self.db = db
        self.client_for = client_for
        self.clock = clock
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def claim(self, limit: int = BATCH) -> list[Delivery]:
        now = self.clock.now()
        with self.db.session() as session:
            rows = list(
                session.exec(
                    select(Delivery)
                    .where(Delivery.status == DeliveryStatus.PENDING, Delivery.not_before <= now)
                    .order_by(Delivery.not_before, Delivery.id)
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                )
            )
            for row in rows:
                if row.expires_at is not None and row.expires_at <= now:
                    row.status = DeliveryStatus.DROPPED
                    continue
                row.status = DeliveryStatus.SENDING
                row.claimed_at = now
                row.attempts += 1
            return [row for row in rows if row.status == DeliveryStatus.SENDING]

    def post(self, delivery: Delivery) -> None:
        try:
            client = self.client_for(delivery.team_id)
            response = client.chat_postMessage(channel=delivery.recipient, **delivery.message)
        except SlackApiError as error:
            self._failed(delivery, error)
            return
        with self.db.session() as session:
            row = session.get(Delivery, delivery.id)
            row.status = DeliveryStatus.SENT
            row.channel = response.get("channel")
            row.ts = response.get("ts")
            row.sent_at = self.clock.now()

    def _failed(self, delivery: Delivery, error: SlackApiError) -> None:
        reason = str(error.response.get("error") or error.response.status_code)
        with self.db.session() as session:
            row = session.get(Delivery, delivery.id)
            row.error = reason[:255]
            if reason in PERMANENT_ERRORS or row.attempts >= MAX_ATTEMPTS:
                row.status = DeliveryStatus.FAILED
                logger.warning("delivery %s failed: %s", row.id, reason)
                return
            retry_after = int(error.response.headers.get("Retry-After", 0) or 0) if error.response else 0
            delay = timedelta(seconds=max(retry_after, 2**row.attempts))
            row.status = DeliveryStatus.PENDING
            row.not_before = self.clock.now() + delay

    def drain(self) -> int:
        """Send everything due now; returns how many were posted or failed."""
        handled = 0
        while batch := self.claim():
            for delivery in batch:
                self.post(delivery)
            handled += len(batch)
        return handled

    def wake(self) -> None:
        self._wake.set()

    def start(self, idle_seconds: float = 5.0) -> None:
        def loop() -> None:
            while not self._stop.is_set():
                try:
                    self.drain()
                except Exception:  # the sender must outlive a bad row or a database hiccup
                    logger.exception("delivery loop error")
                self._wake.wait(idle_seconds)
                self._wake.clear()

        self._thread = threading.Thread(target=loop, name="perfbot-sender", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout=10)
