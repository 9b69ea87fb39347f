"""What follows from a rating in money and careers: the merit matrix's recommendation, promotion nominations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from bot.errors import Forbidden, Invalid
from bot.org import access
from bot.reviews.competencies import DEFAULT_MERIT_MATRIX, setup_for
from storage.cycles import Cycle
from storage.org import Person
from storage.reviews import PromotionNomination, ReviewResult

DECISIONS = ("approved", "declined")


@dataclass(frozen=True)
class Recommendation:
    person: Person
    rating: int
    score: float
    merit_pct: float
    bonus_multiplier: float
    promotion_eligible: bool


def recommendations(session: Session, *, viewer: Person, cycle: Cycle) -> list[Recommendation]:
    """HR's view: the merit increase and bonus multiplier the matrix recommends for each result (2 queries)."""
    access.require_hr(viewer)
    setup = setup_for(session, cycle)
    matrix = setup.merit_matrix or DEFAULT_MERIT_MATRIX
    found = []
    for result, person in session.exec(
        select(ReviewResult, Person)
        .join(Person, Person.id == ReviewResult.person_id)
        .where(ReviewResult.cycle_id == cycle.id)
        .order_by(Person.name)
    ):
        row = matrix.get(str(result.rating), {})
        found.append(
            Recommendation(
                person,
                result.rating,
                result.score,
                float(row.get("merit_pct", 0)),
                float(row.get("bonus_multiplier", 0)),
                result.score >= setup.promotion_threshold,
            )
        )
    return found


def nominate_for_promotion(
    session: Session, *, actor: Person, cycle: Cycle, person: Person, evidence: str, now: datetime
) -> PromotionNomination:
    if not access.can_write_manager_review(actor, person):
        raise Forbidden("review.not_your_report", person=person.slack_id)
    evidence = (evidence or "").strip()
    if len(evidence.split()) < 5:
        raise Invalid("review.promotion_evidence_needed", field="evidence")
    found = session.exec(
        select(PromotionNomination).where(
            PromotionNomination.cycle_id == cycle.id, PromotionNomination.person_id == person.id
        )
    ).first()
    if found is not None:
        raise Invalid("review.promotion_already", person=person.slack_id)
    nomination = PromotionNomination(
        team_id=person.team_id,
        cycle_id=cycle.id,
        person_id=person.id,
        nominated_by_id=actor.id,
        evidence=evidence[:3000],
        created_at=now,
    )
    session.add(nomination)
    session.flush()
    return nomination


def decide_promotion(session: Session, *, actor: Person, nomination: PromotionNomination, decision: str) -> None:
    access.require_hr(actor)
    if nomination.team_id != actor.team_id:
        raise Forbidden("access.hr_only")
    if decision not in DECISIONS:
        raise Invalid("review.promotion_usage")
    nomination.status, nomination.decided_by_id = decision, actor.id
    session.flush()


def promotion_nominations(session: Session, cycle: Cycle) -> list[PromotionNomination]:
    return list(session.exec(select(PromotionNomination).where(PromotionNomination.cycle_id == cycle.id)))
