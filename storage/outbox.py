"""The delivery outbox: one row per message the bot must send, unique per (workspace, recipient, kind, period)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Float, Index, LargeBinary, String, Table, Unicode, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    DROPPED = "dropped"


class Delivery(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("team_id", "recipient", "kind", "period", name="uq_delivery_key"),
        Index("ix_delivery_due", "status", "not_before"),
        Index("ix_delivery_kind", "team_id", "kind", "created_at"),
        Index("ix_delivery_period", "team_id", "kind", "period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    recipient: str = Field(max_length=32, description="Slack user or channel id")
    kind: str = Field(max_length=64)
    period: str = Field(max_length=128, description="what makes this delivery unique for its kind")
    message: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: DeliveryStatus = Field(default=DeliveryStatus.PENDING, sa_type=String(16))
    not_before: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    attempts: int = 0
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    claim_token: int | None = Field(default=None, sa_type=BigInteger, description="fences a claim: new per claim")
    channel: str | None = Field(default=None, max_length=32)
    ts: str | None = Field(default=None, max_length=32)
    error: str | None = Field(default=None, max_length=255)
    anonymous: bool = Field(default=False, description="part of an anonymous flow: never shown with its recipient")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SenderLease(SQLModel, table=True):
    """Which replica sends for a workspace (so the workspace's pace is one budget), until when, and its 429 pause."""

    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, primary_key=True)
    holder: str = Field(max_length=128, description="the replica holding the lease")
    token: int = Field(sa_type=BigInteger, description="new each time the lease changes hands")
    expires_at: datetime = Field(sa_type=UTCDateTime)
    paused_until: datetime | None = Field(default=None, sa_type=UTCDateTime, description="Slack's last Retry-After")


class ClockBeat(SQLModel, table=True):
    """The last tick of the clock, whichever replica ran it: what /healthz reads to tell a stopped clock."""

    name: str = Field(max_length=32, primary_key=True)
    holder: str = Field(max_length=128)
    ticked_at: datetime = Field(sa_type=UTCDateTime)
    tick_seconds: float = 60.0


# APScheduler's SQLAlchemy job store keeps the clock job here. Declared in our metadata so that the
# table is created (and kept) by our migrations, never by APScheduler itself; the columns match
# apscheduler.jobstores.sqlalchemy.SQLAlchemyJobStore (3.x).
SCHEDULER_JOBS_TABLE = "apscheduler_jobs"
scheduler_jobs = Table(
    SCHEDULER_JOBS_TABLE,
    SQLModel.metadata,
    Column("id", Unicode(191), primary_key=True),
    Column("next_run_time", Float(25), index=True),
    Column("job_state", LargeBinary, nullable=False),
)
