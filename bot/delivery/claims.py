"""Claims on outbox rows: who may post a row, fenced by a token and kept by a short lease the holder renews.

A claim marks due rows 'sending' under a new token in the workspaces this replica sends for; whatever the
holder writes afterwards (sent, failed, back to pending) holds only while the token still owns the row.
Posts are recorded as sent a few at a time (`flush`): a crash in between is settled from history.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select, update

from bot.delivery.clock import Clock
from bot.delivery.leases import WorkspaceLeases, new_token
from bot.delivery.metrics import DeliveryMetrics
from bot.delivery.pacing import Pacer
from storage.db import Database
from storage.outbox import Delivery, DeliveryStatus

logger = logging.getLogger(__name__)

# Rows claimed at once: a claim is a write transaction of its own, while renewing a batch's claims rides on
# the lease renewal every third of the lease, so a bigger batch costs fewer transactions per post.
BATCH = 100
_ROWS = Delivery.__table__.c
_CLAIM_COLUMNS = (_ROWS.id, _ROWS.team_id, _ROWS.recipient, _ROWS.message, _ROWS.attempts, _ROWS.expires_at)
# Built once (as the statements below): a sender claims and renews every few posts.
_DUE = (
    select(*_CLAIM_COLUMNS)
    .where(
        _ROWS.status == DeliveryStatus.PENDING,
        _ROWS.not_before <= bindparam("now"),
        _ROWS.team_id.in_(bindparam("teams", expanding=True)),
    )
    .order_by(_ROWS.not_before, _ROWS.id)
    .with_for_update(skip_locked=True)
)
_CLAIM = (
    update(Delivery.__table__)
    .where(_ROWS.id.in_(bindparam("ids", expanding=True)))
    .values(
        status=DeliveryStatus.SENDING,
        claimed_at=bindparam("at"),
        claim_token=bindparam("token"),
        attempts=_ROWS.attempts + 1,
    )
)
_RENEW_CLAIMS = (
    update(Delivery.__table__)
    .where(
        _ROWS.id.in_(bindparam("ids", expanding=True)),
        _ROWS.status == DeliveryStatus.SENDING,
        _ROWS.claim_token.in_(bindparam("tokens", expanding=True)),
    )
    .values(claimed_at=bindparam("at"))
    .returning(_ROWS.id)
)


@dataclass
class Claimed:
    """The parts of a claimed row the sender needs (detached from any session)."""

    id: int
    team_id: str
    recipient: str
    message: dict[str, Any]
    attempts: int
    token: int = 0
    key: tuple[str, str] = field(init=False, repr=False, compare=False)  # what the pace counts it under

    def __post_init__(self) -> None:
        self.key = (self.team_id, self.recipient)


# Posts recorded per transaction at most; most are recorded sooner, in the lease renewal's transaction (at
# Slack's pace, ~33 posts a third of the lease). A crash loses at most this many records: history settles them.
MARK_BATCH = 50
_MARK_SENT = (
    update(Delivery.__table__)
    .where(
        _ROWS.id == bindparam("delivery_id"),
        _ROWS.status == DeliveryStatus.SENDING,
        _ROWS.claim_token == bindparam("token"),
    )
    .values(status=DeliveryStatus.SENT, channel=bindparam("to"), ts=bindparam("at_ts"), sent_at=bindparam("at"))
)


def _owned(delivery: Claimed):
    """The fence: the row is still 'sending' under this claim's token."""
    return (_ROWS.id == delivery.id) & (_ROWS.status == DeliveryStatus.SENDING) & (_ROWS.claim_token == delivery.token)


class Claims:
    """The sender's part that claims rows, renews its leases and writes outcomes under the fence."""

    db: Database
    clock: Clock
    lease: timedelta
    metrics: DeliveryMetrics
    pacer: Pacer
    workspaces: WorkspaceLeases
    _renewed_at: datetime | None
    _posted: list[dict[str, Any]]

    def _now(self) -> float:
        return self.clock.now().timestamp()

    def claim(self, limit: int = BATCH) -> list[Claimed]:
        """Mark up to `limit` due rows 'sending' under a new token (SKIP LOCKED on PostgreSQL), in the
        workspaces this replica sends for; expired ones are dropped."""
        now = self.clock.now()
        with self.db.engine.begin() as connection:
            for team_id, paused_until in self.workspaces.take_due(connection, now).items():
                logger.info("sending for workspace %s from this replica", team_id)
                if paused_until is not None and paused_until > now:
                    self.pacer.pause(team_id, paused_until.timestamp())
            teams = sorted(self.workspaces.renew(connection, now))  # the claims below start a lease period
            self.metrics.sender_workspaces.set(len(teams))
            if not teams:
                return []
            rows = connection.execute(_DUE.limit(limit), {"now": now, "teams": teams}).all()
            expired = [row.id for row in rows if row.expires_at is not None and row.expires_at <= now]
            if expired:
                connection.execute(
                    update(Delivery)
                    .where(_ROWS.id.in_(expired))
                    .values(status=DeliveryStatus.DROPPED, error="expired before it could be sent")
                )
            token = new_token()
            claimed = [
                Claimed(row.id, row.team_id, row.recipient, row.message, row.attempts + 1, token)
                for row in rows
                if row.id not in expired
            ]
            if claimed:
                connection.execute(_CLAIM, {"ids": [delivery.id for delivery in claimed], "at": now, "token": token})
                self._renewed_at = now
        return claimed

    def keep(self, waiting: list[Claimed], *, force: bool = False) -> list[Claimed]:
        """Renew this replica's leases when a third of the lease has passed (or `force`); returns the part of
        `waiting` it still owns. Rows taken over by another replica are forgotten here, never posted."""
        now = self.clock.now()
        if not force and self._renewed_at is not None and now < self._renewed_at + self.lease / 3:
            return waiting
        with self.db.engine.begin() as connection:
            self._flush_on(connection)
            teams = self.workspaces.renew(connection, now)
            mine = [delivery for delivery in waiting if delivery.team_id in teams]
            moved = [delivery for delivery in waiting if delivery.team_id not in teams]
            # The workspace moved to another replica: hand back what was never posted, if still ours to.
            taken_over = len(moved) - self._release_on(connection, moved, now)
            kept = set()
            if mine:
                ids, tokens = [d.id for d in mine], sorted({d.token for d in mine})
                kept = set(connection.execute(_RENEW_CLAIMS, {"ids": ids, "tokens": tokens, "at": now}).scalars())
        self._renewed_at = now
        lost = [delivery.id for delivery in mine if delivery.id not in kept]
        if lost or taken_over:
            self.metrics.claims_lost.inc(len(lost) + taken_over)
            logger.warning(
                "%s claimed deliveries were taken over by another replica; not posting them here",
                len(lost) + taken_over,
            )
        return [delivery for delivery in mine if delivery.id in kept]

    def _release(self, deliveries: list[Claimed], not_before: float) -> None:
        """Put claimed rows back, untouched, to be sent from `not_before` on."""
        if not deliveries:
            return
        when = self.clock.now() + timedelta(seconds=max(0.0, not_before - self._now()))
        with self.db.engine.begin() as connection:
            self._release_on(connection, deliveries, when)

    @staticmethod
    def _release_on(connection, deliveries: list[Claimed], when: datetime) -> int:
        """Put back the rows still owned under their claim; returns how many were. One statement per claim
        (a batch's rows share its token), fenced on that token as `_owned` fences one row."""
        by_token: dict[int, list[int]] = {}
        for delivery in deliveries:
            by_token.setdefault(delivery.token, []).append(delivery.id)
        released = 0
        for token, ids in by_token.items():
            released += connection.execute(
                update(Delivery)
                .where(_ROWS.id.in_(ids), _ROWS.status == DeliveryStatus.SENDING, _ROWS.claim_token == token)
                .values(status=DeliveryStatus.PENDING, not_before=when, attempts=_ROWS.attempts - 1)
            ).rowcount
        return released

    def _settle(self, delivery: Claimed, **values: Any) -> bool:
        """Write the row's outcome if this claim still owns it; False if another replica settled it first."""
        with self.db.engine.begin() as connection:
            return connection.execute(update(Delivery).where(_owned(delivery)).values(**values)).rowcount == 1

    def flush(self) -> None:
        """Mark the posts made since the last flush sent, each fenced on its claim, in one transaction."""
        if not self._posted:
            return
        with self.db.engine.begin() as connection:
            self._flush_on(connection)

    def _flush_on(self, connection) -> None:
        """`flush` inside the caller's transaction (lease renewal records the posts in the same one)."""
        if not self._posted:
            return
        posted, self._posted = self._posted, []
        marked = connection.execute(_MARK_SENT, posted).rowcount
        if logger.isEnabledFor(logging.INFO):
            logger.info("deliveries sent: %s", ", ".join(str(mark["delivery_id"]) for mark in posted))
        if 0 <= marked < len(posted):
            self.metrics.claims_lost.inc(len(posted) - marked)
            logger.warning("%s deliveries were posted after another replica had taken them over", len(posted) - marked)
