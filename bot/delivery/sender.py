"""Sends queued deliveries at Slack's pace, exactly once, even across a crash.

A row goes pending -> sending (claimed, committed) -> sent | failed | dropped. Each post carries message
metadata naming the delivery id, so a row left in 'sending' by a process that died is settled by reading
the channel's history: found -> it was sent (mark it), absent -> it was not (queue it again).
Waiting is pluggable (`wait`): production waits on a stop event, tests advance the ManualClock.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import update
from sqlmodel import select

from bot.delivery.clock import Clock, ManualClock
from bot.delivery.pacing import Pacer
from bot.errors import NotFound
from storage.db import Database
from storage.outbox import Delivery, DeliveryStatus

logger = logging.getLogger(__name__)

METADATA_EVENT = "perfbot_delivery"
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
    "not_authed",
    "token_revoked",
    "missing_scope",
    "restricted_action",
    "too_many_attachments",
    "invalid_metadata_format",
}
RATE_LIMIT_ERRORS = {"ratelimited", "rate_limited"}
MAX_ATTEMPTS = 6
BACKOFF_BASE = 2.0  # seconds; the n-th failed attempt waits BACKOFF_BASE * 2**(n-1), capped
BACKOFF_CAP = 600.0
BATCH = 50
LEASE = timedelta(minutes=2)  # a row in 'sending' longer than this belongs to a dead process
HISTORY_LIMIT = 200


class Outcome(Enum):
    SENT = "sent"
    RETRY = "retry"
    RATE_LIMITED = "rate_limited"
    FAILED = "failed"
    UNSURE = "unsure"


@dataclass
class Claimed:
    """The parts of a claimed row the sender needs (detached from any session)."""

    id: int
    team_id: str
    recipient: str
    message: dict[str, Any]
    attempts: int


def default_wait(clock: Clock, stop: threading.Event) -> Callable[[float], None]:
    if isinstance(clock, ManualClock):
        return lambda seconds: clock.advance(timedelta(seconds=seconds))
    return lambda seconds: stop.wait(seconds)


class Sender:
    """Posts due deliveries; `drain()` sends everything due now, `start()` runs it in a thread."""

    def __init__(
        self,
        db: Database,
        client_for: Callable[[str], WebClient],
        clock: Clock,
        *,
        pacer: Pacer | None = None,
        wait: Callable[[float], None] | None = None,
        lease: timedelta = LEASE,
    ) -> None:
        self.db = db
        self.client_for = client_for  # the WebClient that speaks for a workspace
        self.clock = clock
        self.pacer = pacer or Pacer()
        self.lease = lease
        self._wake = threading.Event()
        self._stop = threading.Event()
        self.wait = wait or default_wait(clock, self._stop)
        self._thread: threading.Thread | None = None
        self._dm_channels: dict[tuple[str, str], str] = {}

    def _now(self) -> float:
        return self.clock.now().timestamp()

    # -- claiming ----------------------------------------------------------------------------
    def claim(self, limit: int = BATCH) -> list[Claimed]:
        """Mark up to `limit` due rows 'sending' (SKIP LOCKED on PostgreSQL); expired ones are dropped."""
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
            claimed = []
            for row in rows:
                if row.expires_at is not None and row.expires_at <= now:
                    row.status = DeliveryStatus.DROPPED
                    row.error = "expired before it could be sent"
                    continue
                row.status = DeliveryStatus.SENDING
                row.claimed_at = now
                row.attempts += 1
                claimed.append(Claimed(row.id, row.team_id, row.recipient, dict(row.message), row.attempts))
            return claimed

    def _release(self, deliveries: list[Claimed], not_before: float) -> None:
        """Put claimed rows back, untouched, to be sent from `not_before` on."""
        if not deliveries:
            return
        when = self.clock.now() + timedelta(seconds=max(0.0, not_before - self._now()))
        with self.db.session() as session:
            for delivery in deliveries:
                row = session.get(Delivery, delivery.id)
                if row is not None and row.status == DeliveryStatus.SENDING:
                    row.status, row.not_before, row.attempts = DeliveryStatus.PENDING, when, row.attempts - 1

    # -- posting -----------------------------------------------------------------------------
    def post(self, delivery: Claimed) -> Outcome:
        arguments = {
            **delivery.message,
            "metadata": {"event_type": METADATA_EVENT, "event_payload": {"delivery_id": delivery.id}},
        }
        try:
            response = self.client_for(delivery.team_id).chat_postMessage(channel=delivery.recipient, **arguments)
        except NotFound:  # the workspace uninstalled Perfbot: nothing can reach it
            return self._gone(delivery)
        except SlackApiError as error:
            return self._failed(delivery, error)
        except OSError as error:  # connection reset or timeout: Slack may or may not have it
            return self._unsure(delivery, error)
        self.pacer.sent(delivery.team_id, delivery.recipient, self._now())
        channel = response.get("channel")
        if channel:
            self._dm_channels[(delivery.team_id, delivery.recipient)] = channel
        self._mark_sent(delivery.id, channel, response.get("ts"))
        return Outcome.SENT

    def _mark_sent(self, delivery_id: int, channel: str | None, ts: str | None) -> None:
        with self.db.session() as session:
            row = session.get(Delivery, delivery_id)
            row.status, row.channel, row.ts, row.sent_at = DeliveryStatus.SENT, channel, ts, self.clock.now()
            row.error = None

    def _failed(self, delivery: Claimed, error: SlackApiError) -> Outcome:
        response = error.response
        status = getattr(response, "status_code", 200)
        reason = str(response.get("error") or status)
        now = self._now()
        with self.db.session() as session:
            row = session.get(Delivery, delivery.id)
            row.error = reason[:255]
            if status == 429 or reason in RATE_LIMIT_ERRORS:
                retry_after = _retry_after(response)
                self.pacer.pause(delivery.team_id, now + retry_after)
                row.status = DeliveryStatus.PENDING
                row.attempts -= 1  # Slack asked us to slow down; the message itself is fine
                row.not_before = self.clock.now() + timedelta(seconds=retry_after)
                logger.info("rate limited; pausing %s for %ss", delivery.team_id, retry_after)
                return Outcome.RATE_LIMITED
            if reason in PERMANENT_ERRORS or row.attempts >= MAX_ATTEMPTS:
                row.status = DeliveryStatus.FAILED
                logger.warning("delivery %s failed: %s", row.id, reason)
                return Outcome.FAILED
            row.status = DeliveryStatus.PENDING
            row.not_before = self.clock.now() + timedelta(seconds=backoff(row.attempts))
            return Outcome.RETRY

    def _gone(self, delivery: Claimed) -> Outcome:
        with self.db.session() as session:
            row = session.get(Delivery, delivery.id)
            row.status, row.error = DeliveryStatus.FAILED, "not_installed"
        return Outcome.FAILED

    def _unsure(self, delivery: Claimed, error: OSError) -> Outcome:
        """Leave the row 'sending' so that recovery checks Slack for it once the backoff has passed."""
        delay = timedelta(seconds=backoff(delivery.attempts))
        with self.db.session() as session:
            row = session.get(Delivery, delivery.id)
            row.error = f"unsure: {type(error).__name__}"[:255]
            row.claimed_at = self.clock.now() - self.lease + delay
        logger.warning("delivery %s: no answer from Slack (%s); will check", delivery.id, type(error).__name__)
        return Outcome.UNSURE

    # -- recovery ----------------------------------------------------------------------------
    def recover(self, older_than: timedelta | None = None) -> int:
        """Settle rows stuck in 'sending' (claimed before now - older_than): sent -> mark, not sent -> requeue."""
        cutoff = self.clock.now() - (self.lease if older_than is None else older_than)
        with self.db.session() as session:
            stuck = list(
                session.exec(
                    select(Delivery.id, Delivery.team_id, Delivery.recipient, Delivery.channel, Delivery.claimed_at)
                    .where(Delivery.status == DeliveryStatus.SENDING, Delivery.claimed_at <= cutoff)
                    .order_by(Delivery.id)
                )
            )
        settled = 0
        for delivery_id, team_id, recipient, channel, claimed_at in stuck:
            try:
                channel = channel or self._channel_of(team_id, recipient)
                ts = self._find_posted(team_id, channel, delivery_id) if channel else None
            except NotFound:
                channel, ts = None, None  # the workspace uninstalled Perfbot: nothing was posted since
            except SlackApiError as error:
                reason = error.response.get("error")
                if reason not in PERMANENT_ERRORS:
                    logger.warning("cannot check delivery %s yet: %s", delivery_id, reason)
                    continue
                channel, ts = None, None  # the channel is gone: nothing was (or can be) posted there
            except OSError:
                continue
            values: dict[str, Any] = (
                {"status": DeliveryStatus.SENT, "channel": channel, "ts": ts, "sent_at": self.clock.now()}
                if ts
                else {"status": DeliveryStatus.PENDING, "not_before": self.clock.now()}
            )
            with self.db.session() as session:
                result = session.exec(
                    update(Delivery)
                    .where(
                        Delivery.id == delivery_id,
                        Delivery.status == DeliveryStatus.SENDING,
                        Delivery.claimed_at == claimed_at,
                    )
                    .values(**values)
                )
                settled += result.rowcount
        return settled

    def _channel_of(self, team_id: str, recipient: str) -> str | None:
        """The channel a recipient's messages land in: a channel id as is, a user's DM channel (cached)."""
        if not recipient.startswith(("U", "W")):
            return recipient
        key = (team_id, recipient)
        if key not in self._dm_channels:
            with self.db.session() as session:
                known = session.exec(
                    select(Delivery.channel).where(
                        Delivery.team_id == team_id, Delivery.recipient == recipient, Delivery.channel.is_not(None)
                    )
                ).first()
            if known is None:  # conversations.open is Tier 3: only for a recipient never reached before
                known = self.client_for(team_id).conversations_open(users=recipient)["channel"]["id"]
            self._dm_channels[key] = known
        return self._dm_channels[key]

    def _find_posted(self, team_id: str, channel: str, delivery_id: int) -> str | None:
        """The ts of the message carrying `delivery_id` in its metadata, among the channel's latest ones."""
        history = self.client_for(team_id).conversations_history(
            channel=channel, limit=HISTORY_LIMIT, include_all_metadata=True
        )
        for message in history.get("messages", []):
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == METADATA_EVENT and payload.get("delivery_id") == delivery_id:
                return message.get("ts")
        return None

    # -- the loop ----------------------------------------------------------------------------
    def drain(self) -> int:
        """Send everything due now, paced; returns how many rows were handled (posted, retried or failed)."""
        self.recover()
        handled = 0
        while not self._stop.is_set() and (batch := self.claim()):
            waiting = batch
            while waiting:
                now = self._now()
                waiting.sort(key=lambda d: self.pacer.ready_at(d.team_id, d.recipient, now))
                delivery = waiting.pop(0)
                delay = self.pacer.ready_at(delivery.team_id, delivery.recipient, now) - now
                if delay > 0:
                    self.wait(delay)
                if self._stop.is_set():
                    self._release([delivery, *waiting], self._now())
                    return handled
                outcome = self.post(delivery)
                handled += 1
                if outcome is Outcome.RATE_LIMITED:
                    paused = [d for d in waiting if d.team_id == delivery.team_id]
                    waiting = [d for d in waiting if d.team_id != delivery.team_id]
                    self._release(paused, self.pacer.ready_at(delivery.team_id, "", self._now()))
        return handled

    def next_due_in(self) -> float | None:
        """Seconds until the earliest pending row is due (0 if one is due now), None if none is pending."""
        with self.db.session() as session:
            earliest = session.exec(
                select(Delivery.not_before)
                .where(Delivery.status == DeliveryStatus.PENDING)
                .order_by(Delivery.not_before)
                .limit(1)
            ).first()
        return None if earliest is None else max(0.0, (earliest - self.clock.now()).total_seconds())

    def run_until_idle(self) -> int:
        """Drain, waiting for deferred rows (backoff, Retry-After) too, until nothing is pending."""
        handled = 0
        while not self._stop.is_set():
            handled += self.drain()
            due_in = self.next_due_in()
            if due_in is None:
                stuck = self.clock.now() - self.lease
                with self.db.session() as session:
                    sending = session.exec(
                        select(Delivery.claimed_at).where(Delivery.status == DeliveryStatus.SENDING).limit(1)
                    ).first()
                if sending is None:
                    return handled
                due_in = max(0.0, (sending - stuck).total_seconds())
            if due_in > 0:
                self.wait(due_in)
        return handled

    def wake(self) -> None:
        self._wake.set()

    def start(self, idle_seconds: float = 5.0) -> None:
        def loop() -> None:
            while not self._stop.is_set():
                try:
                    self.drain()
                    due_in = self.next_due_in()
                except Exception:  # the sender must outlive a bad row or a database hiccup
                    logger.exception("delivery loop error")
                    due_in = None
                self._wake.wait(idle_seconds if due_in is None else min(idle_seconds, due_in))
                self._wake.clear()

        self._thread = threading.Thread(target=loop, name="perfbot-sender", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout=10)


def backoff(attempts: int) -> float:
    return min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(0, attempts - 1))


def _retry_after(response: Any) -> float:
    headers = getattr(response, "headers", None) or {}
    value = headers.get("Retry-After") or headers.get("retry-after")
    try:
        return max(1.0, float(value))
    except (TypeError, ValueError):
        return 1.0
