"""Tables for reviews: per-cycle set-up, self/peer/manager reviews and their ratings, results and calibration.

How the tables read (for reports and exports):
- `reviewsetup`: one row per cycle. `competencies` is a list of {"key", "weight", "en", "zh-CN"} (weights sum
  to 100); `component_weights` is {"goals", "self", "peer", "manager"} (sum 100); `goal_basis` is "progress"
  (the weighted scorecard) or "ratings" (the manager's per-goal ratings); `merit_matrix` maps a rating band
  ("1".."5") to {"merit_pct", "bonus_multiplier"}; `guideline` maps a band to the share (%) HR expects.
- `review`: one per (cycle, subject, author, kind); kind self | peer | manager; status draft | submitted |
  returned | declined. `overall` (1–5) and `potential` (low | medium | high) are the manager's proposal.
- `reviewrating`: one 1–5 rating of an item ("goal:<goal id>" or "competency:<key>") in a review, with its
  evidence as a list of {"kind", "ref", "text"} (kind: metric | checkin | feedback | agenda | plan | link | note).
- `reviewevent`: a review's history (saved, submitted, returned with a comment, declined).
- `peernomination`: a peer proposed by the subject (status nominated | approved | removed).
- `reviewresult`: the computed final score per (cycle, person): `score` (1.00–5.00), `computed_rating` (its
  band), `rating` (after calibration), `breakdown` (every component, weight and how it was computed), and
  release / acknowledgement / request-for-review fields. `self_value`, `manager_value` (the self and manager
  components, as in the breakdown) and `potential` are kept as columns for calibration; `planned_at` is when the
  release planner queued the person's result message, the manager's prompt and the results talking point.
- `ratingadjustment`: every calibration change: who, when, from, to, why.
- `savedevidence`: Slack messages kept with "Add as evidence" for a person's review.
- `promotionnomination`: a manager's promotion case and HR's decision.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow


class ReviewKind(StrEnum):
    SELF = "self"
    PEER = "peer"
    MANAGER = "manager"


class ReviewStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"  # sent back by the manager for changes; editable again
    DECLINED = "declined"  # a peer said no, with a reason


class NominationStatus(StrEnum):
    NOMINATED = "nominated"
    APPROVED = "approved"
    REMOVED = "removed"


def _fk(table: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> Column:
    return Column(Integer, ForeignKey(f"{table}.id", ondelete=ondelete), index=True, nullable=nullable)


def _json() -> Column:
    return Column(JSON, nullable=False)


class ReviewSetup(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("cycle_id", name="uq_reviewsetup_cycle"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    cycle_id: int = Field(sa_column=_fk("cycle"))
    competencies: list[dict[str, Any]] = Field(default_factory=list, sa_column=_json())
    component_weights: dict[str, Any] = Field(default_factory=dict, sa_column=_json())
    goal_basis: str = Field(default="progress", sa_type=String(16))
    peer_min: int = 3
    peer_max: int = 5
    guideline: dict[str, Any] = Field(default_factory=dict, sa_column=_json())
    merit_matrix: dict[str, Any] = Field(default_factory=dict, sa_column=_json())
    promotion_threshold: float = Field(default=4.0, sa_column=Column(Float, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Review(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("cycle_id", "subject_id", "author_id", "kind", name="uq_review"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    cycle_id: int = Field(sa_column=_fk("cycle"))
    subject_id: int = Field(sa_column=_fk("person"))
    author_id: int = Field(sa_column=_fk("person"))
    kind: ReviewKind = Field(sa_type=String(16))
    status: ReviewStatus = Field(default=ReviewStatus.DRAFT, sa_type=String(16))
    summary: str = Field(default="", sa_column=Column(Text, nullable=False))
    overall: int | None = None
    potential: str | None = Field(default=None, sa_type=String(8))
    anonymous: bool = False
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=_json())  # peer open questions
    decline_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    due_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ReviewRating(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("review_id", "item", name="uq_reviewrating_item"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    review_id: int = Field(sa_column=_fk("review"))
    item: str = Field(max_length=80)
    rating: int
    evidence: list[dict[str, Any]] = Field(default_factory=list, sa_column=_json())


class ReviewEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    review_id: int = Field(sa_column=_fk("review"))
    action: str = Field(sa_type=String(16))
    actor_id: int | None = Field(default=None, sa_column=_fk("person", nullable=True, ondelete="SET NULL"))
    at: datetime = Field(sa_type=UTCDateTime)
    comment: str = Field(default="", sa_column=Column(Text, nullable=False))


class PeerNomination(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("cycle_id", "subject_id", "peer_id", name="uq_peernomination"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    cycle_id: int = Field(sa_column=_fk("cycle"))
    subject_id: int = Field(sa_column=_fk("person"))
    peer_id: int = Field(sa_column=_fk("person"))
    status: NominationStatus = Field(default=NominationStatus.NOMINATED, sa_type=String(16))
    decided_by_id: int | None = Field(default=None, sa_column=_fk("person", nullable=True, ondelete="SET NULL"))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ReviewResult(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("cycle_id", "person_id", name="uq_reviewresult"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    cycle_id: int = Field(sa_column=_fk("cycle"))
    person_id: int = Field(sa_column=_fk("person"))
    score: float = Field(sa_column=Column(Float, nullable=False))
    computed_rating: int
    rating: int
    breakdown: dict[str, Any] = Field(default_factory=dict, sa_column=_json())
    self_value: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    manager_value: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    potential: str | None = Field(default=None, sa_type=String(8))
    computed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    released_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    planned_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # release messages planned
    acknowledged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ack_comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    review_requested_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    review_request_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class RatingAdjustment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    result_id: int = Field(sa_column=_fk("reviewresult"))
    actor_id: int | None = Field(default=None, sa_column=_fk("person", nullable=True, ondelete="SET NULL"))
    at: datetime = Field(sa_type=UTCDateTime)
    from_rating: int
    to_rating: int
    reason: str = Field(sa_column=Column(Text, nullable=False))


class SavedEvidence(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    subject_id: int = Field(sa_column=_fk("person"))
    added_by_id: int = Field(sa_column=_fk("person"))
    permalink: str = Field(max_length=500)
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PromotionNomination(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("cycle_id", "person_id", name="uq_promotionnomination"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", index=True, max_length=32)
    cycle_id: int = Field(sa_column=_fk("cycle"))
    person_id: int = Field(sa_column=_fk("person"))
    nominated_by_id: int = Field(sa_column=_fk("person"))
    evidence: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="pending", sa_type=String(16))  # pending | approved | declined
    decided_by_id: int | None = Field(default=None, sa_column=_fk("person", nullable=True, ondelete="SET NULL"))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
