"""Sends queued deliveries at Slack's pace, exactly once, even across a crash and with several replicas.

A row goes pending -> sending (claimed, committed) -> sent | failed | dropped. A claim carries a fencing
token and a short lease the sender renews while it works; marking a row (sent, failed, back to pending)
only succeeds while the token still owns it, and before each post the sender renews its lease when due,
so a replica that stalled past its lease drops what it held instead of posting it. Each post carries
message metadata naming the delivery id, so a row left in 'sending' by a process that died (or stalled)
is settled by reading the channel's history: found -> it was sent (mark it), absent -> queue it again.
One replica sends for a workspace at a time (`leases.py`), so the workspace's budget is shared.
Waiting is pluggable (`wait`): production waits on a stop event, tests advance the ManualClock.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import func, select

from bot.delivery.claims import MARK_BATCH, Claimed, Claims
from bot.delivery.clock import Clock, ManualClock
from bot.delivery.leases import WorkspaceLeases, replica_id
from bot.delivery.metrics import DeliveryMetrics
from bot.delivery.pacing import Pacer
from bot.delivery.recovery import METADATA_EVENT, Recovery
from bot.delivery.slack_answers import MAX_ATTEMPTS, PERMANENT_ERRORS, RATE_LIMIT_ERRORS, backoff
from bot.delivery.slack_answers import retry_after as retry_after_of
from bot.errors import NotFound
from storage.db import Database
from storage.outbox import Delivery, DeliveryStatus, SenderLease

logger = logging.getLogger(__name__)

# A claim (and a workspace's sender lease) lapses this long after its holder last renewed it; the holder
# renews every third of it while it works, so only a dead or stalled replica lets one lapse.
LEASE = timedelta(seconds=20)

_ROWS = Delivery.__table__.c


class Outcome(Enum):
    SENT = "sent"
    RETRY = "retry"
    RATE_LIMITED = "rate_limited"
    FAILED = "failed"
    UNSURE = "unsure"


def default_wait(clock: Clock, stop: threading.Event) -> Callable[[float], None]:
    if isinstance(clock, ManualClock):
        return lambda seconds: clock.advance(timedelta(seconds=seconds))
    return lambda seconds: stop.wait(seconds)


class Sender(Claims, Recovery):
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
        metrics: DeliveryMetrics | None = None,
        replica: str | None = None,
    ) -> None:
        self.db = db
        self.client_for = client_for  # the WebClient that speaks for a workspace
        self.clock = clock
        self.pacer = pacer or Pacer()
        self.lease = lease
        self.metrics = metrics or DeliveryMetrics()
        self.replica = replica or replica_id()
        self.workspaces = WorkspaceLeases(db, self.replica, lease)
        self._renewed_at: datetime | None = None
        self._posted: list[dict[str, Any]] = []
        self._wake = threading.Event()
        self._stop = threading.Event()
        self.wait = wait or default_wait(clock, self._stop)
        self._thread: threading.Thread | None = None
        self._dm_channels: dict[tuple[str, str], str] = {}

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
        sent_at = self.clock.now()
        self.pacer.sent(delivery.team_id, delivery.recipient, sent_at.timestamp())
        channel = response.get("channel")
        if channel:
            self._dm_channels[delivery.key] = channel
        return self._mark_sent(delivery, channel, response.get("ts"), sent_at)

    def _mark_sent(self, delivery: Claimed, channel: str | None, ts: str | None, sent_at: datetime) -> Outcome:
        """Note the post; `flush` records a few at a time (a crash in between is settled from history)."""
        self.metrics.sent.inc()
        self._posted.append(
            {"delivery_id": delivery.id, "token": delivery.token, "to": channel, "at_ts": ts, "at": sent_at}
        )
        if len(self._posted) >= MARK_BATCH:
            self.flush()
        return Outcome.SENT

    def _failed(self, delivery: Claimed, error: SlackApiError) -> Outcome:
        response = error.response
        status = getattr(response, "status_code", 200)
        reason = str(response.get("error") or status)[:255]
        if status == 429 or reason in RATE_LIMIT_ERRORS:
            retry_after = retry_after_of(response)
            until = self.clock.now() + timedelta(seconds=retry_after)
            self.pacer.pause(delivery.team_id, self._now() + retry_after)
            self.workspaces.pause(delivery.team_id, until)
            self.metrics.rate_limited.inc()
            logger.info("delivery %s rate limited; pausing %s for %ss", delivery.id, delivery.team_id, retry_after)
            # Slack asked us to slow down; the message itself is fine
            self._settle(
                delivery, status=DeliveryStatus.PENDING, attempts=_ROWS.attempts - 1, not_before=until, error=reason
            )
            return Outcome.RATE_LIMITED
        if reason in PERMANENT_ERRORS or delivery.attempts >= MAX_ATTEMPTS:
            self.metrics.failed.labels(reason if reason in PERMANENT_ERRORS else "gave_up").inc()
            logger.warning("delivery %s failed: %s", delivery.id, reason)
            self._settle(delivery, status=DeliveryStatus.FAILED, error=reason)
            return Outcome.FAILED
        self.metrics.retries.inc()
        logger.info("delivery %s: %s; retrying later", delivery.id, reason)
        not_before = self.clock.now() + timedelta(seconds=backoff(delivery.attempts))
        self._settle(delivery, status=DeliveryStatus.PENDING, not_before=not_before, error=reason)
        return Outcome.RETRY

    def _gone(self, delivery: Claimed) -> Outcome:
        self.metrics.failed.labels("not_installed").inc()
        logger.warning("delivery %s failed: not_installed", delivery.id)
        self._settle(delivery, status=DeliveryStatus.FAILED, error="not_installed")
        return Outcome.FAILED

    def _unsure(self, delivery: Claimed, error: OSError) -> Outcome:
        """Leave the row 'sending' so that recovery checks Slack for it once the backoff has passed."""
        delay = timedelta(seconds=backoff(delivery.attempts))
        self.metrics.unsure.inc()
        self._settle(
            delivery, error=f"unsure: {type(error).__name__}"[:255], claimed_at=self.clock.now() - self.lease + delay
        )
        logger.warning("delivery %s: no answer from Slack (%s); will check", delivery.id, type(error).__name__)
        return Outcome.UNSURE

    # -- the loop ----------------------------------------------------------------------------
    def drain(self) -> int:
        """Send everything due now, paced; returns how many rows were handled (posted, retried or failed)."""
        self.recover()
        handled = 0
        while not self._stop.is_set() and (batch := self.claim()):
            waiting = batch
            teams = {d.team_id for d in waiting}  # workspaces of the rows waiting (or sent since)
            while waiting:
                now = self._now()
                first, ready_at = self.pacer.first_ready((d.key for d in waiting), now, teams)
                delivery = waiting[first]
                if first:
                    waiting.insert(0, waiting.pop(first))
                delay = ready_at - now
                if delay > 0:
                    self.wait(delay)
                if self._stop.is_set():
                    self.flush()
                    self._release(waiting, self._now())
                    return handled
                kept = self.keep(waiting)  # right before posting: is the claim still ours?
                if kept is not waiting:
                    waiting, teams = kept, {d.team_id for d in kept}
                if not waiting or waiting[0] is not delivery:
                    continue
                waiting.pop(0)
                outcome = self.post(delivery)
                handled += 1
                if outcome is Outcome.RATE_LIMITED:
                    paused = [d for d in waiting if d.team_id == delivery.team_id]
                    waiting = [d for d in waiting if d.team_id != delivery.team_id]
                    teams.discard(delivery.team_id)
                    self._release(paused, self.pacer.ready_at(delivery.team_id, "", self._now()))
            self.flush()
        return handled

    def next_due_in(self) -> float | None:
        """Seconds until this replica may have something to do: the earliest pending row it could send
        (a workspace another replica sends for counts from that lease's end), or a claim to settle."""
        now = self.clock.now()
        with self.db.engine.connect() as connection:
            firsts = connection.execute(
                select(_ROWS.team_id, func.min(_ROWS.not_before))
                .where(_ROWS.status == DeliveryStatus.PENDING)
                .group_by(_ROWS.team_id)
            ).all()
            oldest_claim = connection.execute(
                select(func.min(_ROWS.claimed_at)).where(_ROWS.status == DeliveryStatus.SENDING)
            ).scalar()
            leases = SenderLease.__table__.c
            others = dict(
                connection.execute(
                    select(leases.team_id, leases.expires_at).where(
                        leases.holder != self.replica, leases.expires_at > now, leases.expires_at <= now + self.lease
                    )
                ).all()
            )
        moments = [max(first, others.get(team, first)) for team, first in firsts]
        if oldest_claim is not None:
            moments.append(oldest_claim + self.lease)
        return None if not moments else max(0.0, (min(moments) - now).total_seconds())

    def run_until_idle(self) -> int:
        """Drain, waiting for deferred rows (backoff, Retry-After, other replicas' claims) until none is left."""
        handled = 0
        while not self._stop.is_set():
            handled += self.drain()
            due_in = self.next_due_in()
            if due_in is None:
                return handled
            if due_in > 0:
                self.wait(due_in)
        return handled

    def wake(self) -> None:
        self._wake.set()

    def start(self, idle_seconds: float = 5.0) -> None:
        def loop() -> None:
            failures = 0
            while not self._stop.is_set():
                try:
                    self.drain()
                    due_in = self.next_due_in()
                    pause = idle_seconds if due_in is None else max(0.05, min(idle_seconds, due_in))
                    failures = 0
                except Exception:  # the sender must outlive a bad row or a database outage
                    failures += 1
                    logger.exception("delivery loop error (%s in a row)", failures)
                    pause = min(60.0, idle_seconds * 2 ** min(failures - 1, 4))
                self._wake.wait(pause)
                self._wake.clear()

        self._thread = threading.Thread(target=loop, name="perfbot-sender", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout=10)
        try:
            self.workspaces.release()
        except Exception:  # noqa: BLE001 - the lease lapses on its own
            logger.warning("could not release the sender leases; they lapse in %s", self.lease)
