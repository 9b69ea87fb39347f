"""Queues messages for delivery: a row per (workspace, recipient, kind, period), inserted at most once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from storage.outbox import Delivery
from storage.types import utcnow

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def message(text: str, blocks: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    """The chat.postMessage arguments a delivery carries (text is the notification fallback)."""
    return {"text": text, **({"blocks": blocks} if blocks else {}), **extra}


def enqueue(
    session: Session,
    *,
    team_id: str,
    recipient: str,
    kind: str,
    period: str,
    message: dict[str, Any],
    not_before: datetime | None = None,
    expires_at: datetime | None = None,
) -> bool:
    """Queue a message; True if queued now, False if this (recipient, kind, period) was already queued."""
    insert = _INSERTS[session.get_bind().dialect.name]
    statement = (
        insert(Delivery)
        .values(
            team_id=team_id,
            recipient=recipient,
            kind=kind,
            period=period,
            message=message,
            status="pending",
            not_before=not_before or utcnow(),
            expires_at=expires_at,
            attempts=0,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["team_id", "recipient", "kind", "period"])
        .returning(Delivery.id)
    )
    # RETURNING, not rowcount: on PostgreSQL (psycopg, through the ORM session) rowcount was not 1 even when a row
    # was inserted, so every enqueue looked like a duplicate.
    return session.exec(statement).first() is not None
