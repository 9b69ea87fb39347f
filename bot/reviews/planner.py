"""Review reminders and escalation, planned set-based: the self-review invitation, reminders before each
deadline (self review, nominations, peer answers, manager reviews, acknowledgements), the manager told after a
missed one, and HR's daily completion digest per manager during the review phases.

A fixed number of queries per active cycle, whatever the number of people: the people, the cycle's reviews,
nominations and results, and the deliveries already queued; every due message then goes in one INSERT.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, select

from bot.delivery import outbox
from bot.i18n import language_for, t
from bot.org import access
from bot.reviews import notices
from bot.reviews.timeline import Timeline
from bot.text import mention
from storage.cycles import Cycle, CyclePhase, CycleStatus
from storage.org import Person
from storage.outbox import Delivery
from storage.reviews import NominationStatus, PeerNomination, Review, ReviewKind, ReviewResult, ReviewStatus
from storage.types import utcnow
from storage.upsert import insert_for

SEND_FROM, SEND_UNTIL = 9, 18  # local working hours for review messages
KINDS = (
    "review_self_open",
    "review_remind",
    "review_overdue",
    "review_hr_digest",
)
REVIEW_PHASES = ("self_review", "peer_review", "manager_review")


def _local(now: datetime, tz: str | None) -> datetime:
    try:
        return now.astimezone(ZoneInfo(tz or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        return now


@dataclass
class Facts:
    """Everything the planner reads about one cycle, in a fixed number of queries."""

    cycle: Cycle
    timeline: Timeline
    people: dict[int, Person]
    reviews: list[Review]
    nominated: set[int]
    results: list[ReviewResult]

    @classmethod
    def load(cls, session: Session, cycle: Cycle, phases: list[CyclePhase]) -> Facts:
        people = {
            p.id: p for p in session.exec(select(Person).where(Person.team_id == cycle.team_id, Person.is_active))
        }
        reviews = list(session.exec(select(Review).where(Review.cycle_id == cycle.id)))
        nominated = set(
            session.exec(
                select(PeerNomination.subject_id).where(
                    PeerNomination.cycle_id == cycle.id, PeerNomination.status != NominationStatus.REMOVED
                )
            )
        )
        results = list(session.exec(select(ReviewResult).where(ReviewResult.cycle_id == cycle.id)))
        return cls(cycle, Timeline(cycle, phases), people, reviews, nominated, results)

    def submitted(self, kind: ReviewKind) -> set[int]:
        """Subjects whose review of `kind` is submitted."""
        return {r.subject_id for r in self.reviews if r.kind == kind and r.status == ReviewStatus.SUBMITTED}


class Batch:
    """Due messages for one tick, inserted in one statement; what is already queued is skipped."""

    def __init__(self, session: Session, team_id: str, already: set[tuple[str, str, str]]) -> None:
        self.session, self.team_id, self.already = session, team_id, already
        self.rows: list[dict[str, Any]] = []

    def add(self, recipient: Person, kind: str, period: str, key: str, buttons=(), /, **params: Any) -> None:
        if (recipient.slack_id, kind, period) in self.already:
            return
        self.already.add((recipient.slack_id, kind, period))
        lang = language_for(recipient.locale)
        text = t(lang, key, **params)
        blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}]
        if buttons:
            blocks.append(
                {
                    "type": "actions",
                    "elements": [notices.button(lang, label, action, value) for label, action, value in buttons],
                }
            )
        self.rows.append(
            {
                "team_id": self.team_id,
                "recipient": recipient.slack_id,
                "kind": kind,
                "period": period,
                "message": outbox.message(text, blocks),
                "status": "pending",
                "not_before": outbox.AS_SOON_AS_POSSIBLE,
                "expires_at": None,
                "attempts": 0,
                "created_at": utcnow(),
            }
        )

    def flush(self) -> int:
        if not self.rows:
            return 0
        dialect = self.session.get_bind().dialect.name
        statement = insert_for(dialect)(Delivery.__table__).on_conflict_do_nothing(
            index_elements=["team_id", "recipient", "kind", "period"]
        )
        self.session.connection().execute(statement, self.rows)
        return len(self.rows)


def _due_stage(due: date | None, reminder_days: list[int], day: date) -> str | None:
    """ "3d"/"1d" on a reminder day before `due`, "late" the day after it, else None."""
    if due is None:
        return None
    left = (due - day).days
    if left in reminder_days:
        return f"{left}d"
    return "late" if left == -1 else None


def plan_review_tasks(session: Session, now: datetime) -> int:
    """Planner: every review message due now, for every active cycle."""
    queued = 0
    cycles = list(session.exec(select(Cycle).where(Cycle.status == CycleStatus.ACTIVE)))
    if not cycles:
        return 0
    phases_by_cycle: dict[int, list[CyclePhase]] = defaultdict(list)
    for phase in session.exec(select(CyclePhase).where(CyclePhase.cycle_id.in_([c.id for c in cycles]))):
        phases_by_cycle[phase.cycle_id].append(phase)
    for cycle in cycles:
        timeline = Timeline(cycle, phases_by_cycle[cycle.id])
        if timeline.phase("self_review") is None:
            continue
        first = timeline.phase("self_review").opens_on
        last = (timeline.phase("results") or timeline.phase("manager_review")).due_on + timedelta(days=8)
        if not first - timedelta(days=1) <= now.date() <= last:
            continue
        facts = Facts.load(session, cycle, phases_by_cycle[cycle.id])
        already = set(
            session.exec(
                select(Delivery.recipient, Delivery.kind, Delivery.period).where(
                    Delivery.team_id == cycle.team_id,
                    Delivery.kind.in_(KINDS),
                    Delivery.period.startswith(f"cycle{cycle.id}:"),
                )
            )
        )
        batch = Batch(session, cycle.team_id, already)
        _plan_cycle(facts, batch, now)
        queued += batch.flush()
    return queued


def _plan_cycle(facts: Facts, batch: Batch, now: datetime) -> None:
    cycle, timeline, days = facts.cycle, facts.timeline, facts.cycle.reminder_days or [3, 1]
    prefix = f"cycle{cycle.id}"
    self_done = facts.submitted(ReviewKind.SELF)
    manager_done = facts.submitted(ReviewKind.MANAGER)
    reports: dict[int, list[Person]] = defaultdict(list)
    for person in facts.people.values():
        if person.manager_id in facts.people:
            reports[person.manager_id].append(person)
    in_cycle = {p.id for p in facts.people.values() if p.manager_id is not None}  # people with a manager
    for person in facts.people.values():
        local = _local(now, person.tz)
        if not SEND_FROM <= local.hour < SEND_UNTIL:
            continue
        day = local.date()
        manager = facts.people.get(person.manager_id)
        if person.id in in_cycle and person.id not in self_done:
            if timeline.self_open(day):
                batch.add(
                    person,
                    "review_self_open",
                    f"{prefix}:self",
                    "review.notice.self_open",
                    [("review.button.write_self", notices.OPEN_SELF, str(cycle.id))],
                    cycle=cycle.name,
                    due=timeline.due("self_review").isoformat(),
                )
            stage = _due_stage(timeline.due("self_review"), days, day)
            if stage == "late" and manager is not None:
                batch.add(
                    manager,
                    "review_overdue",
                    f"{prefix}:self:{person.id}",
                    "review.notice.overdue_self",
                    person=mention(person.slack_id),
                )
            elif stage:
                batch.add(
                    person,
                    "review_remind",
                    f"{prefix}:self:{stage}",
                    "review.notice.remind_self",
                    [("review.button.write_self", notices.OPEN_SELF, str(cycle.id))],
                    due=timeline.due("self_review").isoformat(),
                )
        if person.id in in_cycle and timeline.phase("peer_review") and person.id not in facts.nominated:
            stage = _due_stage(timeline.due("self_review"), days, day)
            if stage and stage != "late":
                batch.add(
                    person,
                    "review_remind",
                    f"{prefix}:nominate:{stage}",
                    "review.notice.remind_nominate",
                    due=timeline.due("self_review").isoformat(),
                )
        waiting = [r for r in reports.get(person.id, []) if r.id not in manager_done]
        if waiting:
            stage = _due_stage(timeline.due("manager_review"), days, day)
            boss = facts.people.get(person.manager_id)
            if stage == "late" and boss is not None:
                batch.add(
                    boss,
                    "review_overdue",
                    f"{prefix}:manager:{person.id}",
                    "review.notice.overdue_manager",
                    person=mention(person.slack_id),
                    count=len(waiting),
                )
            elif stage:
                batch.add(
                    person,
                    "review_remind",
                    f"{prefix}:manager:{stage}",
                    "review.notice.remind_manager",
                    count=len(waiting),
                    due=timeline.due("manager_review").isoformat(),
                )
    for review in facts.reviews:
        if review.kind != ReviewKind.PEER or review.status != ReviewStatus.DRAFT:
            continue
        peer = facts.people.get(review.author_id)
        subject = facts.people.get(review.subject_id)
        if peer is None or subject is None:
            continue
        local = _local(now, peer.tz)
        if not SEND_FROM <= local.hour < SEND_UNTIL:
            continue
        stage = _due_stage(review.due_on, days, local.date())
        boss = facts.people.get(peer.manager_id)
        if stage == "late" and boss is not None:
            batch.add(
                boss,
                "review_overdue",
                f"{prefix}:peer:{review.id}",
                "review.notice.overdue_peer",
                person=mention(peer.slack_id),
                subject=mention(subject.slack_id),
            )
        elif stage and stage != "late":
            batch.add(
                peer,
                "review_remind",
                f"{prefix}:peer:{review.id}:{stage}",
                "review.notice.remind_peer",
                [("review.button.write_peer", notices.OPEN_PEER, str(review.id))],
                person=mention(subject.slack_id),
                due=review.due_on.isoformat(),
            )
    for result in facts.results:
        person = facts.people.get(result.person_id)
        if person is None or result.released_at is None or result.acknowledged_at is not None:
            continue
        local = _local(now, person.tz)
        waited = (local.date() - _local(result.released_at, person.tz).date()).days
        if not SEND_FROM <= local.hour < SEND_UNTIL:
            continue
        if waited == 3:
            batch.add(
                person,
                "review_remind",
                f"{prefix}:ack",
                "review.notice.remind_ack",
                [("review.button.acknowledge", notices.ACKNOWLEDGE, str(result.id))],
                cycle=cycle.name,
            )
        elif waited == 7 and facts.people.get(person.manager_id) is not None:
            batch.add(
                facts.people[person.manager_id],
                "review_overdue",
                f"{prefix}:ack:{person.id}",
                "review.notice.overdue_ack",
                person=mention(person.slack_id),
            )
    _plan_digest(facts, batch, now, reports, self_done, manager_done)


def _plan_digest(facts: Facts, batch: Batch, now: datetime, reports, self_done, manager_done) -> None:
    """HR's daily completion digest per manager while a review phase runs."""
    cycle, timeline = facts.cycle, facts.timeline
    peers_total, peers_done = Counter(), Counter()
    for review in facts.reviews:
        if review.kind == ReviewKind.PEER:
            peers_total[review.subject_id] += 1
            peers_done[review.subject_id] += review.status == ReviewStatus.SUBMITTED
    for hr in facts.people.values():
        if not access.is_hr(hr):
            continue
        local = _local(now, hr.tz)
        day = local.date()
        if not SEND_FROM <= local.hour < SEND_UNTIL or not any(timeline.within(k, day) for k in REVIEW_PHASES):
            continue
        lang = language_for(hr.locale)
        lines = []
        for manager_id, team in sorted(reports.items(), key=lambda pair: facts.people[pair[0]].name):
            lines.append(
                t(
                    lang,
                    "review.digest_line",
                    manager=mention(facts.people[manager_id].slack_id),
                    self_done=sum(p.id in self_done for p in team),
                    peer_done=sum(peers_done[p.id] for p in team),
                    peer_total=sum(peers_total[p.id] for p in team),
                    manager_done=sum(p.id in manager_done for p in team),
                    total=len(team),
                )
            )
        if lines:
            batch.add(
                hr,
                "review_hr_digest",
                f"cycle{cycle.id}:digest:{day.isoformat()}",
                "review.notice.digest",
                cycle=cycle.name,
                lines="\n".join(lines[:40]),
            )
