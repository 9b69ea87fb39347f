"""Settles rows a dead or stalled sender left in 'sending', by reading the channel's history.

Every post carries message metadata naming its delivery id: found in the channel -> it was sent (mark it),
absent -> it was not (queue it again). Settling is fenced on the claim as it was read, so a holder that
renewed its lease meanwhile keeps its row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select, update

from bot.delivery.clock import Clock
from bot.delivery.metrics import DeliveryMetrics
from bot.delivery.slack_answers import PERMANENT_ERRORS
from bot.errors import NotFound
from storage.db import Database
from storage.outbox import Delivery, DeliveryStatus

logger = logging.getLogger(__name__)

METADATA_EVENT = "perfbot_delivery"
HISTORY_LIMIT = 200
_ROWS = Delivery.__table__.c


class Recovery:
    """The sender's part that checks Slack for half-sent rows (mixed into `Sender`)."""

    db: Database
    clock: Clock
    client_for: Callable[[str], WebClient]
    lease: timedelta
    metrics: DeliveryMetrics
    _dm_channels: dict[tuple[str, str], str]

    # -- recovery ----------------------------------------------------------------------------
    def recover(self, older_than: timedelta | None = None) -> int:
        """Settle rows stuck in 'sending' (claimed before now - older_than): sent -> mark, not sent -> requeue."""
        cutoff = self.clock.now() - (self.lease if older_than is None else older_than)
        with self.db.engine.connect() as connection:
            stuck = connection.execute(
                select(_ROWS.id, _ROWS.team_id, _ROWS.recipient, _ROWS.channel, _ROWS.claimed_at, _ROWS.claim_token)
                .where(
                    _ROWS.status == DeliveryStatus.SENDING,
                    # claimed before the cutoff, or "after" now + lease: on a clock since moved back
                    (_ROWS.claimed_at <= cutoff) | (_ROWS.claimed_at > self.clock.now() + self.lease),
                )
                .order_by(_ROWS.id)
            ).all()
        settled = 0
        for delivery_id, team_id, recipient, channel, claimed_at, token in stuck:
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
            # Fenced on the claim as it was read: a holder that renewed its lease meanwhile keeps the row.
            with self.db.engine.begin() as connection:
                result = connection.execute(
                    update(Delivery)
                    .where(
                        _ROWS.id == delivery_id,
                        _ROWS.status == DeliveryStatus.SENDING,
                        _ROWS.claimed_at == claimed_at,
                        _ROWS.claim_token.is_not_distinct_from(token),
                    )
                    .values(**values)
                )
            if result.rowcount:
                settled += 1
                outcome = "found" if ts else "requeued"
                self.metrics.recovered.labels(outcome).inc()
                logger.info("delivery %s left half-sent by its claim holder: %s", delivery_id, outcome)
        return settled

    def _channel_of(self, team_id: str, recipient: str) -> str | None:
        """The channel a recipient's messages land in: a channel id as is, a user's DM channel (cached)."""
        if not recipient.startswith(("U", "W")):
            return recipient
        key = (team_id, recipient)
        if key not in self._dm_channels:
            with self.db.engine.connect() as connection:
                known = connection.execute(
                    select(_ROWS.channel)
                    .where(_ROWS.team_id == team_id, _ROWS.recipient == recipient, _ROWS.channel.is_not(None))
                    .limit(1)
                ).scalar()
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
