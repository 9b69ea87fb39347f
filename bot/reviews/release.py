"""Planner: what follows a release, set-based: each person's result DM, the manager's results one-to-one prompt
and the talking point on their `/1on1` agenda, planned once per released result, at each recipient's working hours.

`/perf release` only stamps `released_at` (one UPDATE) and answers; the next tick plans the messages here in a
fixed number of statements, whatever the number of people (at most BATCH results a tick, the rest on the next
ticks, so no tick holds the write lock for long), and stamps `planned_at` so nothing is planned twice. The pass
only reads; the deliveries, the one-to-one pairs, meetings and talking points (set-based INSERT … SELECT) and
the stamp are written by the tick after it (`bot.delivery.planning.later`), in its last write batch.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import exists, func, literal, update
from sqlmodel import Session, select

from bot.delivery import outbox, planning
from bot.i18n import language_for, t
from bot.reviews import notices
from bot.reviews.results import IMPROVEMENT_AT_OR_BELOW, SEED_ACTION, breakdown_lines
from bot.text import escape, mention
from storage.cycles import Cycle
from storage.oneonone import AgendaItem, ItemKind, Meeting, OneOnOne
from storage.org import Person
from storage.reviews import Review, ReviewKind, ReviewResult, ReviewStatus
from storage.upsert import insert_for

SEND_FROM, SEND_UNTIL = 9, 18  # local working hours for result messages
BATCH = 500  # results planned per tick, so one tick's write stays short; the rest follow on the next ticks


def working_time(now: datetime, tz: str | None) -> datetime:
    """`now` if it falls in the person's working hours, else the start of their next working hours (UTC)."""
    try:
        zone = ZoneInfo(tz or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local = now.astimezone(zone)
    if SEND_FROM <= local.hour < SEND_UNTIL:
        return now
    day = local.date() if local.hour < SEND_FROM else local.date() + timedelta(days=1)
    return datetime.combine(day, time(SEND_FROM), zone).astimezone(now.tzinfo)


def _message(recipient: Person, key: str, buttons, extra: str = "", /, **params: Any) -> dict[str, Any]:
    lang = language_for(recipient.locale)
    text = t(lang, key, **params) + (f"\n{extra}" if extra else "")
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}]
    if buttons:
        elements = [
            notices.button(lang, label, action, value, primary=i == 0)
            for i, (label, action, value) in enumerate(buttons)
        ]
        blocks.append({"type": "actions", "elements": elements})
    return outbox.message(text, blocks)


def plan_released_results(session: Session, now: datetime) -> int:
    """Planner: messages and talking points for every released result not planned yet; returns how many results."""
    pending = list(
        session.exec(
            select(ReviewResult, Person, Cycle)
            .join(Person, Person.id == ReviewResult.person_id)
            .join(Cycle, Cycle.id == ReviewResult.cycle_id)
            .where(ReviewResult.released_at.is_not(None), ReviewResult.planned_at.is_(None))
            .order_by(ReviewResult.id)
            .limit(BATCH)
        )
    )
    if not pending:
        return 0
    result_ids = [result.id for result, _, _ in pending]
    waiting = [person.id for _, person, _ in pending]
    managers = {
        p.id: p
        for p in session.exec(
            select(Person).where(
                Person.is_active, Person.id.in_(select(Person.manager_id).where(Person.id.in_(waiting)))
            )
        )
    }
    summaries = {
        (cycle_id, subject_id): summary
        for cycle_id, subject_id, summary in session.exec(
            select(Review.cycle_id, Review.subject_id, Review.summary).where(
                Review.kind == ReviewKind.MANAGER,
                Review.status == ReviewStatus.SUBMITTED,
                Review.subject_id.in_(waiting),
            )
        )
    }
    deliveries, points = [], []
    for result, person, cycle in pending:
        lang = language_for(person.locale)
        summary = summaries.get((cycle.id, person.id))
        deliveries.append(
            {
                "team_id": person.team_id,
                "recipient": person.slack_id,
                "kind": "review_result",
                "period": f"cycle{cycle.id}",
                "not_before": working_time(now, person.tz),
                "message": _message(
                    person,
                    "review.notice.result",
                    [
                        ("review.button.acknowledge", notices.ACKNOWLEDGE, str(result.id)),
                        ("review.button.request_review", notices.REQUEST_REVIEW, str(result.id)),
                    ],
                    "\n".join(breakdown_lines(lang, result))
                    + "\n"
                    + t(
                        lang,
                        "review.manager_summary",
                        summary=escape(summary) if summary else t(lang, "review.no_summary"),
                    ),
                    cycle=cycle.name,
                    rating=result.rating,
                    label=t(lang, f"review.scale.{result.rating}"),
                    score=f"{result.score:.2f}",
                ),
            }
        )
        manager = managers.get(person.manager_id)
        if manager is None:
            continue
        low = result.rating <= IMPROVEMENT_AT_OR_BELOW
        deliveries.append(
            {
                "team_id": manager.team_id,
                "recipient": manager.slack_id,
                "kind": "review_results_one_on_one",
                "period": f"cycle{cycle.id}:{person.id}",
                "not_before": working_time(now, manager.tz),
                "message": _message(
                    manager,
                    "review.notice.hold_results_low" if low else "review.notice.hold_results",
                    [("review.button.seed_plan", SEED_ACTION, str(result.id))],
                    person=mention(person.slack_id),
                    rating=result.rating,
                    cycle=cycle.name,
                ),
            }
        )
        text = t(language_for(manager.locale), "review.talking_point", cycle=cycle.name)
        points.append((manager, person, text, cycle.id))
    _add_talking_points(session, points, now)
    outbox.enqueue_many(session, deliveries)
    # Stamped with the last batch of the tick's deliveries: a tick that fails before is planned again next time
    # (deliveries are unique per key, talking points skipped when already there).
    planning.later(session, update(ReviewResult).where(ReviewResult.id.in_(result_ids)).values(planned_at=now))
    return len(pending)


def _add_talking_points(session: Session, points: list[tuple[Person, Person, str, int]], now: datetime) -> None:
    """The results talking point on each pair's open meeting, the pair and the meeting made when missing, and the
    report told (as `oneonone.add_item` does for one). The writes are set-based statements run after the
    planning pass (`planning.later`): the pairs, then an open meeting where none is, then one INSERT … SELECT
    per distinct text (a language and a cycle), skipping a pair whose open meeting has that point already."""
    if not points:
        return
    insert = insert_for(session.get_bind().dialect.name)
    pairs = {
        (m.id, r.id): {"team_id": m.team_id, "manager_id": m.id, "report_id": r.id, "created_at": now}
        for m, r, _, _ in points
    }
    planning.later(
        session,
        insert(OneOnOne.__table__)
        .values(list(pairs.values()))
        .on_conflict_do_nothing(index_elements=["team_id", "manager_id", "report_id"]),
    )
    report_ids = sorted({r.id for _, r, _, _ in points})
    pair = OneOnOne.__table__
    meeting, other, item = Meeting.__table__, Meeting.__table__.alias("other"), AgendaItem.__table__
    # the pairs of these reports with their direct manager
    ours = (pair.c.report_id.in_(report_ids), pair.c.manager_id == Person.manager_id, Person.id == pair.c.report_id)
    no_open = ~exists().where(other.c.pair_id == pair.c.id, other.c.held_at.is_(None))
    last = select(func.coalesce(func.max(other.c.number), 0) + 1).where(other.c.pair_id == pair.c.id).scalar_subquery()
    planning.later(
        session,
        meeting.insert().from_select(
            ["team_id", "pair_id", "number", "created_at"],
            select(pair.c.team_id, pair.c.id, last, literal(now, meeting.c.created_at.type)).where(*ours, no_open),
        ),
    )
    first_open = (
        select(func.min(other.c.number))
        .where(other.c.pair_id == meeting.c.pair_id, other.c.held_at.is_(None))
        .scalar_subquery()
    )
    by_text: dict[str, list[int]] = {}
    for _, report, text, _ in points:
        by_text.setdefault(text, []).append(report.id)
    for text, reports in by_text.items():
        already = exists().where(
            item.c.meeting_id == meeting.c.id,
            item.c.kind == ItemKind.TALKING_POINT.value,
            item.c.author_id == pair.c.manager_id,
            item.c.text == text,
        )
        planning.later(
            session,
            item.insert().from_select(
                ["team_id", "meeting_id", "origin_meeting_id", "kind", "author_id", "text", "created_at"],
                select(
                    meeting.c.team_id,
                    meeting.c.id,
                    meeting.c.id,
                    literal(ItemKind.TALKING_POINT.value),
                    pair.c.manager_id,
                    literal(text),
                    literal(now, item.c.created_at.type),
                )
                .select_from(
                    meeting.join(pair, pair.c.id == meeting.c.pair_id).join(Person, Person.id == pair.c.report_id)
                )
                .where(
                    pair.c.report_id.in_(sorted(set(reports))),
                    pair.c.manager_id == Person.manager_id,
                    meeting.c.held_at.is_(None),
                    meeting.c.number == first_open,
                    ~already,
                ),
            ),
        )
    outbox.enqueue_many(
        session,
        [
            {
                "team_id": report.team_id,
                "recipient": report.slack_id,
                "kind": "oneonone_point",
                "period": f"results:cycle{cycle_id}:{manager.id}",
                "not_before": working_time(now, report.tz),
                "message": outbox.message(
                    t(
                        language_for(report.locale),
                        "oneonone.point_added",
                        person=mention(manager.slack_id),
                        text=escape(text),
                    )
                ),
            }
            for manager, report, text, cycle_id in points
        ],
    )
