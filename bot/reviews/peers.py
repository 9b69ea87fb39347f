"""Peer review: the subject nominates peers, the manager approves or changes the list, peers answer or decline."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, func, select

from bot.errors import Forbidden, Invalid
from bot.org import access, directory
from bot.reviews import notices
from bot.reviews.competencies import setup_for
from bot.reviews.timeline import Timeline, local_day, require
from bot.text import escape, mention
from storage.cycles import Cycle
from storage.org import Person
from storage.reviews import NominationStatus, PeerNomination, Review, ReviewEvent, ReviewKind, ReviewStatus

QUESTIONS = ("strengths", "improve")  # the open questions a peer answers (catalog: review.question.<id>)


def nominations(session: Session, cycle: Cycle, subject: Person) -> list[PeerNomination]:
    return list(
        session.exec(
            select(PeerNomination)
            .where(
                PeerNomination.cycle_id == cycle.id,
                PeerNomination.subject_id == subject.id,
                PeerNomination.status != NominationStatus.REMOVED,
            )
            .order_by(PeerNomination.id)
        )
    )


def _check_peers(session: Session, cycle: Cycle, subject: Person, peers: list[Person]) -> None:
    setup = setup_for(session, cycle)
    distinct = {p.id for p in peers}
    if any(p.team_id != subject.team_id or not p.is_active for p in peers):
        raise Forbidden("review.peer_outside")
    if subject.id in distinct:
        raise Invalid("review.peer_self")
    if not setup.peer_min <= len(distinct) <= setup.peer_max:
        raise Invalid("review.peer_count", low=setup.peer_min, high=setup.peer_max, count=len(distinct))


def _replace(session: Session, cycle: Cycle, subject: Person, peers: list[Person], status, actor, now) -> None:
    wanted = {p.id for p in peers}
    existing = {
        n.peer_id: n
        for n in session.exec(
            select(PeerNomination).where(PeerNomination.cycle_id == cycle.id, PeerNomination.subject_id == subject.id)
        )
    }
    for peer_id, row in existing.items():
        if peer_id not in wanted:
            row.status = NominationStatus.REMOVED
    for peer in peers:
        row = existing.get(peer.id)
        if row is None:
            row = PeerNomination(team_id=subject.team_id, cycle_id=cycle.id, subject_id=subject.id, peer_id=peer.id)
            session.add(row)
        row.status, row.created_at = status, now
        if status == NominationStatus.APPROVED:
            row.decided_by_id = actor.id
    session.flush()


def nominate(session: Session, *, actor: Person, cycle: Cycle, peers: list[Person], now: datetime) -> None:
    """The subject proposes peers (within the cycle's min–max); their manager is asked to approve."""
    require(Timeline.of(session, cycle).peers_open(local_day(actor, now)), "peer_review")
    if any(n.status == NominationStatus.APPROVED for n in nominations(session, cycle, actor)):
        raise Invalid("review.peers_already_approved")
    _check_peers(session, cycle, actor, peers)
    _replace(session, cycle, actor, peers, NominationStatus.NOMINATED, actor, now)
    manager = directory.manager_of(session, actor)
    if manager is not None:
        notices.notify(
            session,
            manager,
            kind="review_nominated",
            period=f"cycle{cycle.id}:{actor.id}:{now:%Y%m%dT%H%M%S}",
            key="review.notice.nominated",
            buttons=[("review.button.approve_peers", notices.APPROVE_PEERS, str(actor.id))],
            person=mention(actor.slack_id),
            peers=", ".join(mention(p.slack_id) for p in peers),
        )


def approve(
    session: Session, *, actor: Person, cycle: Cycle, subject: Person, now: datetime, peers: list[Person] | None = None
) -> list[Review]:
    """The manager line approves the nominated peers (or a changed list); each peer gets a task by DM."""
    if not access.can_manage_peer_nominations(session, actor, subject):
        raise Forbidden("review.not_your_report", person=subject.slack_id)
    timeline = Timeline.of(session, cycle)
    require(timeline.peers_open(local_day(actor, now)), "peer_review")
    if peers is None:
        by_id = {p.id: p for p in directory.people(session, subject.team_id)}
        peers = [by_id[n.peer_id] for n in nominations(session, cycle, subject) if n.peer_id in by_id]
        if not peers:
            raise Invalid("review.no_nominations", person=subject.slack_id)
    _check_peers(session, cycle, subject, peers)
    _replace(session, cycle, subject, peers, NominationStatus.APPROVED, actor, now)
    due = timeline.peer_due()
    tasks = []
    for peer in peers:
        review = session.exec(
            select(Review).where(
                Review.cycle_id == cycle.id,
                Review.subject_id == subject.id,
                Review.author_id == peer.id,
                Review.kind == ReviewKind.PEER,
            )
        ).first()
        if review is None:
            review = Review(
                team_id=subject.team_id,
                cycle_id=cycle.id,
                subject_id=subject.id,
                author_id=peer.id,
                kind=ReviewKind.PEER,
                due_on=due,
                created_at=now,
                updated_at=now,
            )
            session.add(review)
            session.flush()
        tasks.append(review)
        notices.notify(
            session,
            peer,
            kind="review_peer_task",
            period=f"review{review.id}",
            key="review.notice.peer_task",
            buttons=[
                ("review.button.write_peer", notices.OPEN_PEER, str(review.id)),
                ("review.button.decline", notices.DECLINE_PEER, str(review.id)),
            ],
            person=mention(subject.slack_id),
            due=due.isoformat() if due else "",
        )
    return tasks


def decline(session: Session, *, actor: Person, review: Review, reason: str, now: datetime) -> Review:
    """A peer asked for too many reviews declines, with a reason; the subject's manager is told."""
    if review.kind != ReviewKind.PEER or review.author_id != actor.id or review.team_id != actor.team_id:
        raise Forbidden("review.not_yours")
    if review.status == ReviewStatus.SUBMITTED:
        raise Invalid("review.already_submitted")
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise Invalid("review.decline_reason_needed", field="reason")
    if review.status == ReviewStatus.DECLINED:
        return review
    review.status, review.decline_reason, review.updated_at = ReviewStatus.DECLINED, reason[:1000], now
    session.add(
        ReviewEvent(
            team_id=review.team_id,
            review_id=review.id,
            action="declined",
            actor_id=actor.id,
            at=now,
            comment=reason[:1000],
        )
    )
    session.flush()
    subject = session.get(Person, review.subject_id)
    manager = directory.manager_of(session, subject)
    if manager is not None:
        notices.notify(
            session,
            manager,
            kind="review_peer_declined",
            period=f"review{review.id}",
            key="review.notice.peer_declined",
            peer=mention(actor.slack_id),
            person=mention(subject.slack_id),
            reason=escape(reason[:300]),
        )
    return review


def open_tasks(session: Session, peer: Person) -> list[Review]:
    """Peer reviews `peer` still has to write (drafts in active cycles)."""
    return list(
        session.exec(
            select(Review).where(
                Review.author_id == peer.id, Review.kind == ReviewKind.PEER, Review.status == ReviewStatus.DRAFT
            )
        )
    )


def submitted_peer_reviews(session: Session, cycle: Cycle, subject: Person) -> list[Review]:
    return list(
        session.exec(
            select(Review).where(
                Review.cycle_id == cycle.id,
                Review.subject_id == subject.id,
                Review.kind == ReviewKind.PEER,
                Review.status == ReviewStatus.SUBMITTED,
            )
        )
    )


def anonymous_count(session: Session, cycle: Cycle, subject: Person) -> int:
    return session.exec(
        select(func.count())
        .select_from(Review)
        .where(
            Review.cycle_id == cycle.id,
            Review.subject_id == subject.id,
            Review.kind == ReviewKind.PEER,
            Review.status == ReviewStatus.SUBMITTED,
            Review.anonymous,
        )
    ).one()


def answers_for(
    session: Session, *, viewer: Person, cycle: Cycle, subject: Person, released: bool
) -> list[tuple[Review, bool]]:
    """The peer answers `viewer` may read, each with whether its author may be named to them."""
    reviews = submitted_peer_reviews(session, cycle, subject)
    if viewer.id == subject.id:
        anonymous = anonymous_count(session, cycle, subject)
        shown = [
            r for r in reviews if access.subject_sees_peer_answer(r, released=released, anonymous_answers=anonymous)
        ]
    elif access.is_line_or_hr(session, viewer, subject):
        shown = reviews
    else:
        shown = [r for r in reviews if r.author_id == viewer.id]
    return [(r, access.shows_review_author(viewer, r)) for r in shown]
