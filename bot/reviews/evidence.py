"""Evidence a rating cites: items from the person's own record in the cycle, a Slack permalink or a written example."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, select

from bot.errors import Forbidden, Invalid
from bot.org import access
from storage.checkins import Checkin
from storage.cycles import Cycle
from storage.feedback import Feedback
from storage.goals import Goal, GoalStatus, Metric, MetricPoint, OwnerKind
from storage.oneonone import AgendaItem, ItemKind, Meeting, OneOnOne
from storage.org import Person
from storage.plans import Plan
from storage.reviews import SavedEvidence

KINDS = ("metric", "checkin", "feedback", "agenda", "plan", "saved", "link", "note")
PERMALINK = re.compile(r"^https://[a-z0-9-]+\.slack\.com/archives/[A-Z0-9]+/p[\d.]+(\?\S*)?$")
LINK = re.compile(r"https://[a-z0-9-]+\.slack\.com/archives/\S+")
MIN_EXAMPLE_WORDS, MIN_EXAMPLE_CHARS = 5, 25
AGREED = (GoalStatus.AGREED,)


@dataclass(frozen=True)
class Item:
    """One piece of a person's record that a rating may cite: kind, the row id, and what it says."""

    kind: str
    ref: int
    text: str

    @property
    def token(self) -> str:
        return f"{self.kind}:{self.ref}"


def window(cycle: Cycle) -> tuple[datetime, datetime]:
    start = datetime.combine(cycle.starts_on, time.min, tzinfo=UTC)
    return start, datetime.combine(cycle.ends_on + timedelta(days=1), time.min, tzinfo=UTC)


def record_items(session: Session, cycle: Cycle, subject: Person, viewer: Person, now: datetime) -> list[Item]:
    """What `viewer` may cite about `subject` from this cycle's record at `now` (a few queries, newest first)."""
    start, end = window(cycle)
    items: list[Item] = []
    metric_rows = session.exec(
        select(MetricPoint, Metric, Goal)
        .join(Metric, Metric.id == MetricPoint.metric_id)
        .join(Goal, Goal.id == Metric.goal_id)
        .where(
            Goal.cycle_id == cycle.id,
            Goal.owner_kind == OwnerKind.PERSON,
            Goal.owner_person_id == subject.id,
            Goal.status.in_(AGREED),
        )
        .order_by(MetricPoint.recorded_at.desc())
        .limit(15)
    )
    for point, metric, goal in metric_rows:
        items.append(Item("metric", point.id, f"{goal.title}: {metric.name} = {point.value:g}{metric.unit}"))
    for checkin in session.exec(
        select(Checkin)
        .where(Checkin.person_id == subject.id, Checkin.submitted_at >= start, Checkin.submitted_at < end)
        .order_by(Checkin.submitted_at.desc())
        .limit(8)
    ):
        items.append(Item("checkin", checkin.id, f"{checkin.week}: {checkin_highlight(checkin)}"))
    for entry in session.exec(
        select(Feedback)
        .where(Feedback.subject_id == subject.id, Feedback.created_at >= start, Feedback.created_at < end)
        .order_by(Feedback.created_at.desc())
        .limit(30)
    ):
        if access.can_see_feedback(session, viewer, entry, now):
            items.append(Item("feedback", entry.id, f"{entry.kind}: {entry.text}"))
    pair_ids = select(OneOnOne.id).where(OneOnOne.report_id == subject.id)
    for item in session.exec(
        select(AgendaItem)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(
            Meeting.pair_id.in_(pair_ids),
            AgendaItem.kind.in_((ItemKind.ACTION, ItemKind.NOTE)),
            AgendaItem.created_at >= start,
            AgendaItem.created_at < end,
        )
        .order_by(AgendaItem.created_at.desc())
        .limit(10)
    ):
        items.append(Item("agenda", item.id, ("✓ " if item.done_at else "") + item.text))
    for plan in session.exec(select(Plan).where(Plan.owner_id == subject.id, Plan.created_at < end).limit(5)):
        items.append(Item("plan", plan.id, f"{plan.title} ({plan.status})"))
    for saved in session.exec(
        select(SavedEvidence)
        .where(SavedEvidence.subject_id == subject.id, SavedEvidence.created_at >= start)
        .order_by(SavedEvidence.created_at.desc())
        .limit(10)
    ):
        items.append(Item("saved", saved.id, saved.text or saved.permalink))
    return items


def checkin_highlight(checkin: Checkin) -> str:
    answers = {a.get("id"): a.get("value") for a in checkin.answers}
    parts = [str(answers[key]) for key in ("went_well",) if isinstance(answers.get(key), str) and answers[key]]
    if checkin.blockers:
        parts.append(f"blocker: {checkin.blockers}")
    if checkin.mood:
        parts.append(f"mood {checkin.mood}/5")
    return "; ".join(parts) or "check-in"


def is_example(text: str) -> bool:
    """A written example is at least a sentence: a few words, not a placeholder."""
    text = text.strip()
    return len(text) >= MIN_EXAMPLE_CHARS and len(text.split()) >= MIN_EXAMPLE_WORDS


def cite(picked: list[str], written: str, available: list[Item], *, field: str) -> list[dict[str, Any]]:
    """Evidence for one rating: picked tokens ("checkin:12") from `available`, and/or a permalink or example.
    Raises Invalid next to the field when there is none, or a token names something not offered."""
    by_token = {item.token: item for item in available}
    evidence: list[dict[str, Any]] = []
    for token in picked:
        item = by_token.get(token)
        if item is None:
            raise Forbidden("review.evidence_unknown", field=field)
        evidence.append({"kind": item.kind, "ref": item.ref, "text": item.text[:300]})
    written = (written or "").strip()
    if written:
        links = LINK.findall(written)
        if links and all(PERMALINK.match(link) for link in links):
            evidence.extend({"kind": "link", "ref": None, "text": link} for link in links)
            rest = LINK.sub("", written).strip()
            if rest and is_example(rest):
                evidence.append({"kind": "note", "ref": None, "text": rest[:1000]})
        elif is_example(written):
            evidence.append({"kind": "note", "ref": None, "text": written[:1000]})
        else:
            raise Invalid("review.evidence_too_short", field=field, words=MIN_EXAMPLE_WORDS)
    if not evidence:
        raise Invalid("review.evidence_needed", field=field)
    return evidence


def save_from_message(
    session: Session, *, actor: Person, subject: Person, permalink: str, text: str, now: datetime
) -> SavedEvidence:
    """ "Add as evidence": keep a Slack message for one's own review, or (a manager) a report's."""
    if actor.team_id != subject.team_id or not (
        actor.id == subject.id or access.is_line_or_hr(session, actor, subject)
    ):
        raise Forbidden("review.evidence_not_yours", person=subject.slack_id)
    if not PERMALINK.match(permalink or ""):
        raise Invalid("review.evidence_bad_link")
    existing = session.exec(
        select(SavedEvidence).where(SavedEvidence.subject_id == subject.id, SavedEvidence.permalink == permalink)
    ).first()
    if existing is not None:
        return existing
    saved = SavedEvidence(
        team_id=subject.team_id,
        subject_id=subject.id,
        added_by_id=actor.id,
        permalink=permalink,
        text=(text or "").strip()[:1000],
        created_at=now,
    )
    session.add(saved)
    session.flush()
    return saved
