"""Writing a review: drafts, ratings with evidence, submitting (which locks it), returning it for changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, delete, select

from bot.errors import Forbidden, Invalid, NotFound
from bot.org import access, directory
from bot.reviews import notices
from bot.reviews.competencies import POTENTIALS, SCALE, setup_for
from bot.reviews.evidence import Item, cite
from bot.reviews.packet import agreed_goals
from bot.reviews.timeline import Timeline, local_day, require
from bot.text import escape, mention
from storage.cycles import Cycle
from storage.org import Person
from storage.reviews import Review, ReviewEvent, ReviewKind, ReviewRating, ReviewStatus

SUMMARY_LIMIT = 3000


@dataclass
class RatingInput:
    """One rated item as entered: the rating (None: not rated yet), picked evidence tokens and written evidence."""

    item: str
    rating: int | None
    picked: list[str] = field(default_factory=list)
    written: str = ""


@dataclass
class ReviewInput:
    ratings: list[RatingInput]
    summary: str = ""
    overall: int | None = None
    potential: str | None = None
    answers: dict[str, str] = field(default_factory=dict)
    anonymous: bool = False


def items_to_rate(session: Session, cycle: Cycle, subject: Person, kind: ReviewKind) -> list[str]:
    """Self and manager reviews rate each agreed goal and each competency; peers rate competencies only."""
    competencies = [f"competency:{c['key']}" for c in setup_for(session, cycle).competencies]
    if kind == ReviewKind.PEER:
        return competencies
    return [f"goal:{goal.id}" for goal in agreed_goals(session, cycle, subject)] + competencies


def find(session: Session, cycle: Cycle, subject: Person, author: Person, kind: ReviewKind) -> Review | None:
    return session.exec(
        select(Review).where(
            Review.cycle_id == cycle.id,
            Review.subject_id == subject.id,
            Review.author_id == author.id,
            Review.kind == kind,
        )
    ).first()


def get(session: Session, team_id: str, review_id: int) -> Review:
    review = session.get(Review, review_id)
    if review is None or review.team_id != team_id:
        raise NotFound("review.not_found")
    return review


def self_review_of(session: Session, cycle: Cycle, subject: Person) -> Review | None:
    return find(session, cycle, subject, subject, ReviewKind.SELF)


def manager_review_of(session: Session, cycle: Cycle, subject: Person) -> Review | None:
    return session.exec(
        select(Review).where(
            Review.cycle_id == cycle.id, Review.subject_id == subject.id, Review.kind == ReviewKind.MANAGER
        )
    ).first()


def ratings_of(session: Session, review: Review) -> dict[str, ReviewRating]:
    return {r.item: r for r in session.exec(select(ReviewRating).where(ReviewRating.review_id == review.id))}


def events_of(session: Session, review: Review) -> list[ReviewEvent]:
    return list(session.exec(select(ReviewEvent).where(ReviewEvent.review_id == review.id).order_by(ReviewEvent.id)))


def manager_unlocked(session: Session, cycle: Cycle, subject: Person, day) -> bool:
    """The manager review opens per report once the self review is submitted, or when the self phase ends."""
    own = self_review_of(session, cycle, subject)
    return (own is not None and own.status == ReviewStatus.SUBMITTED) or Timeline.of(session, cycle).after(
        "self_review", day
    )


def start(session: Session, *, actor: Person, cycle: Cycle, subject: Person, kind: ReviewKind, now: datetime) -> Review:
    """The review `actor` may write now (created as a draft on first open); refuses anything else."""
    if actor.team_id != subject.team_id or cycle.team_id != actor.team_id:
        raise NotFound("review.not_found")
    timeline, day = Timeline.of(session, cycle), local_day(actor, now)
    existing = find(session, cycle, subject, actor, kind)
    if kind == ReviewKind.SELF:
        if actor.id != subject.id:
            raise Forbidden("review.not_yours")
        returned = existing is not None and existing.status == ReviewStatus.RETURNED
        require(timeline.self_open(day) or (returned and timeline.manager_open(day)), "self_review")
    elif kind == ReviewKind.MANAGER:
        if not access.can_write_manager_review(actor, subject):
            raise Forbidden("review.not_your_report", person=subject.slack_id)
        require(timeline.manager_open(day), "manager_review")
        if not manager_unlocked(session, cycle, subject, day):
            raise Invalid("review.manager_locked", person=subject.slack_id)
    else:
        if existing is None:  # peers review only when nominated and approved
            raise Forbidden("review.not_asked", person=subject.slack_id)
        require(timeline.peers_open(day), "peer_review")
    if existing is not None:
        return existing
    review = Review(
        team_id=subject.team_id,
        cycle_id=cycle.id,
        subject_id=subject.id,
        author_id=actor.id,
        kind=kind,
        created_at=now,
        updated_at=now,
    )
    session.add(review)
    session.flush()
    return review


def _event(session: Session, review: Review, action: str, actor: Person, now: datetime, comment: str = "") -> None:
    session.add(
        ReviewEvent(
            team_id=review.team_id, review_id=review.id, action=action, actor_id=actor.id, at=now, comment=comment
        )
    )


def save(
    session: Session,
    *,
    actor: Person,
    review: Review,
    data: ReviewInput,
    available: list[Item],
    submit: bool,
    now: datetime,
) -> Review:
    """Save a draft, or submit (every item rated, each rating with evidence). Nothing is written on a refusal."""
    cycle = session.get(Cycle, review.cycle_id)
    subject = session.get(Person, review.subject_id)
    if review.author_id != actor.id or review.team_id != actor.team_id:
        raise Forbidden("review.not_yours")
    if review.status == ReviewStatus.SUBMITTED:
        raise Invalid("review.already_submitted")
    if review.status == ReviewStatus.DECLINED:
        raise Invalid("review.declined_already")
    start(session, actor=actor, cycle=cycle, subject=subject, kind=review.kind, now=now)  # still open, still allowed
    expected = items_to_rate(session, cycle, subject, review.kind)
    rows: list[ReviewRating] = []
    for entry in data.ratings:
        if entry.item not in expected:
            raise Forbidden("review.item_unknown")
        if entry.rating is None:
            if entry.picked or entry.written.strip():
                raise Invalid("review.rating_needed", field=f"rating|{entry.item}")
            continue
        if entry.rating not in SCALE:
            raise Invalid("review.rating_range", field=f"rating|{entry.item}")
        evidence = cite(entry.picked, entry.written, available, field=f"written|{entry.item}")
        rows.append(
            ReviewRating(
                team_id=review.team_id, review_id=review.id, item=entry.item, rating=entry.rating, evidence=evidence
            )
        )
    summary = (data.summary or "").strip()
    if len(summary) > SUMMARY_LIMIT:
        raise Invalid("review.summary_too_long", field="summary", limit=SUMMARY_LIMIT)
    if data.overall is not None and data.overall not in SCALE:
        raise Invalid("review.rating_range", field="overall")
    if data.potential is not None and data.potential not in POTENTIALS:
        raise Invalid("review.potential_bad", field="potential")
    if submit:
        rated = {row.item for row in rows}
        missing = [item for item in expected if item not in rated]
        if missing:
            raise Invalid("review.rating_needed", field=f"rating|{missing[0]}")
        if review.kind != ReviewKind.PEER and not summary:
            raise Invalid("review.summary_needed", field="summary")
        if review.kind == ReviewKind.MANAGER and data.overall is None:
            raise Invalid("review.overall_needed", field="overall")
    session.exec(delete(ReviewRating).where(ReviewRating.review_id == review.id))
    session.add_all(rows)
    review.summary, review.overall, review.potential = summary, data.overall, data.potential
    review.answers = {k: v.strip()[:SUMMARY_LIMIT] for k, v in data.answers.items() if v and v.strip()}
    review.anonymous = bool(data.anonymous) and review.kind == ReviewKind.PEER
    review.updated_at = now
    if submit:
        review.status, review.submitted_at = ReviewStatus.SUBMITTED, now
    _event(session, review, "submitted" if submit else "saved", actor, now)
    session.flush()
    if submit:
        _after_submit(session, review, cycle, subject)
    return review


def _after_submit(session: Session, review: Review, cycle: Cycle, subject: Person) -> None:
    if review.kind == ReviewKind.SELF:
        manager = directory.manager_of(session, subject)
        if manager is not None:
            notices.notify(
                session,
                manager,
                kind="review_self_submitted",
                period=f"cycle{cycle.id}:{subject.id}:{len(events_of(session, review))}",
                key="review.notice.self_submitted",
                buttons=[("review.button.write_manager", notices.OPEN_MANAGER, str(subject.id))],
                person=mention(subject.slack_id),
                cycle=cycle.name,
            )


def return_for_changes(session: Session, *, actor: Person, review: Review, comment: str, now: datetime) -> Review:
    """The manager sends a submitted self review back with a comment (kept in its history)."""
    subject = session.get(Person, review.subject_id)
    if review.kind != ReviewKind.SELF or not access.can_write_manager_review(actor, subject):
        raise Forbidden("review.not_your_report", person=subject.slack_id)
    if review.status != ReviewStatus.SUBMITTED:
        raise Invalid("review.not_submitted")
    comment = (comment or "").strip()
    if not comment:
        raise Invalid("review.comment_needed", field="comment")
    cycle = session.get(Cycle, review.cycle_id)
    require(Timeline.of(session, cycle).manager_open(local_day(actor, now)), "manager_review")
    review.status, review.updated_at = ReviewStatus.RETURNED, now
    _event(session, review, "returned", actor, now, comment[:SUMMARY_LIMIT])
    session.flush()
    notices.notify(
        session,
        subject,
        kind="review_returned",
        period=f"cycle{cycle.id}:{review.id}:{len(events_of(session, review))}",
        key="review.notice.returned",
        buttons=[("review.button.write_self", notices.OPEN_SELF, str(cycle.id))],
        manager=mention(actor.slack_id),
        comment=escape(comment[:500]),
    )
    return review
