"""Review completion and the rating distribution for a report, read from the reviews feature's tables in two
aggregate queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func
from sqlmodel import Session, select

from bot.reports.scope import Scope
from storage.cycles import Cycle
from storage.reviews import Review, ReviewResult, ReviewStatus


@dataclass
class ReviewStats:
    """Review completion (0–1) and final ratings 1–5 by count."""

    completion: float
    ratings: dict[int, int]


def review_stats(session: Session, scope: Scope, cycle: Cycle) -> ReviewStats | None:
    """Submitted share of the cycle's reviews about people in scope (declined ones aside), and the final ratings
    by count. A person's own report counts only results released to them. None before any review exists."""
    total, submitted = session.exec(
        select(
            func.count(), func.coalesce(func.sum(case((Review.status == ReviewStatus.SUBMITTED, 1), else_=0)), 0)
        ).where(
            Review.team_id == scope.team_id,
            Review.cycle_id == cycle.id,
            Review.status != ReviewStatus.DECLINED,
            scope.covers(Review.subject_id),
        )
    ).one()
    if not total:
        return None
    results = select(ReviewResult.rating, func.count()).where(
        ReviewResult.team_id == scope.team_id, ReviewResult.cycle_id == cycle.id, scope.covers(ReviewResult.person_id)
    )
    if scope.own:
        results = results.where(ReviewResult.released_at.is_not(None))
    ratings = dict(session.exec(results.group_by(ReviewResult.rating)).all())
    return ReviewStats(completion=submitted / total, ratings={int(k): int(v) for k, v in ratings.items()})
