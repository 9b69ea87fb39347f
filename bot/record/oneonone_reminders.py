"""One-to-ones' reminders: each open action item on its due day, and both sides' agenda a day before a
scheduled one-to-one. Set-based: a few queries for every pair, however many there are."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import update
from sqlalchemy.engine import Row
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from bot.delivery import outbox, planning
from bot.i18n import language_for, t
from bot.record import oneonone
from bot.text import escape
from storage.oneonone import AgendaItem, ItemKind, Meeting, OneOnOne
from storage.org import Person

AGENDA_NOTICE_BEFORE = timedelta(days=1)
# Items overdue longer than this were reminded long ago (or the clock was down); stop looking at them.
DUE_LOOKBACK = timedelta(days=7)


def plan_due_reminders(session: Session, now: datetime) -> int:
    """Remind the owner of each open action item on its due day: one query for all of them, which leaves out
    the items marked reminded, so a quiet minute reads no rows."""
    due = (
        session.connection()
        .execute(
            select(AgendaItem.id, AgendaItem.team_id, AgendaItem.text, AgendaItem.due, Person.slack_id, Person.locale)
            .join(Person, Person.id == AgendaItem.owner_id)
            .where(
                AgendaItem.kind == ItemKind.ACTION,
                AgendaItem.done_at.is_(None),
                AgendaItem.due <= now.date(),
                AgendaItem.due >= (now - DUE_LOOKBACK).date(),
                AgendaItem.due_reminded.is_(False),
                Person.is_active,
            )
        )
        .all()
    )
    if not due:
        return 0
    ids = [item.id for item in due]
    for start in range(0, len(ids), planning.MAX_LISTED):
        chunk = ids[start : start + planning.MAX_LISTED]
        planning.later(
            session, update(AgendaItem).where(planning.among(session, AgendaItem.id, chunk)).values(due_reminded=True)
        )
    # Nearly every item found is new (found items are marked), so none is looked up in the outbox first: one
    # queued before its mark (a database from before the mark, another replica's pass) is skipped by the
    # outbox's unique key when the rows are inserted.
    buttons: dict[str, str] = {}
    queued = 0
    for item in due:
        lang = language_for(item.locale)
        if lang not in buttons:
            buttons[lang] = t(lang, "oneonone.mark_done")
        text = t(lang, "oneonone.due", text=escape(item.text), due=item.due.isoformat())
        button = {
            "type": "button",
            "text": {"type": "plain_text", "text": buttons[lang]},
            "action_id": oneonone.DONE_ACTION,
            "value": str(item.id),
        }
        blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": text}, "accessory": button}]
        queued += outbox.enqueue(
            session,
            team_id=item.team_id,
            recipient=item.slack_id,
            kind="oneonone_due",
            period=f"action-due:{item.id}",
            message=outbox.message(text, blocks),
        )
    return queued


def plan_agenda_notices(session: Session, now: datetime) -> int:
    """A day before a scheduled one-to-one, both sides get its agenda: three queries for every pair, read as
    plain rows (thousands of meetings and items), each agenda rendered once per language."""
    manager, report = aliased(Person), aliased(Person)
    people = [
        getattr(who, name).label(f"{prefix}_{name}")
        for prefix, who in (("m", manager), ("r", report))
        for name in ("id", "slack_id", "locale")
    ]
    upcoming = (
        session.connection()
        .execute(
            select(Meeting.id, OneOnOne.id.label("pair_id"), OneOnOne.team_id, *people)
            .join(OneOnOne, OneOnOne.id == Meeting.pair_id)
            .join(manager, manager.id == OneOnOne.manager_id)
            .join(report, report.id == OneOnOne.report_id)
            .where(
                Meeting.held_at.is_(None),
                Meeting.scheduled_for.is_not(None),
                Meeting.scheduled_for <= now + AGENDA_NOTICE_BEFORE,
                Meeting.scheduled_for > now,
            )
        )
        .all()
    )
    queued_before = planning.already_queued(session, "oneonone_agenda", (f"agenda:{row.id}" for row in upcoming))
    upcoming = [
        row
        for row in upcoming
        if not all(
            (row.team_id, slack_id, f"agenda:{row.id}") in queued_before
            for slack_id in (row.m_slack_id, row.r_slack_id)
        )
    ]
    if not upcoming:
        return 0
    pair_ids = {row.pair_id for row in upcoming}
    current: dict[int, Row] = {}  # each pair's current meeting: its first one not yet held
    open_meetings = select(Meeting.id, Meeting.pair_id, Meeting.number, Meeting.scheduled_for).where(
        col(Meeting.pair_id).in_(pair_ids), Meeting.held_at.is_(None)
    )
    for meeting in session.connection().execute(open_meetings.order_by(Meeting.number.desc())):
        current[meeting.pair_id] = meeting
    items: dict[int, list[Row]] = {}
    columns = (AgendaItem.id, AgendaItem.meeting_id, AgendaItem.origin_meeting_id, AgendaItem.kind, AgendaItem.text)
    columns += (AgendaItem.done_at, AgendaItem.due, AgendaItem.owner_id)
    meeting_ids = [meeting.id for meeting in current.values()]
    for item in session.connection().execute(
        select(*columns).where(col(AgendaItem.meeting_id).in_(meeting_ids)).order_by(AgendaItem.id)
    ):
        items.setdefault(item.meeting_id, []).append(item)
    queued = 0
    for row in upcoming:
        meeting = current[row.pair_id]
        pair_manager = SimpleNamespace(id=row.m_id, slack_id=row.m_slack_id, locale=row.m_locale)
        pair_report = SimpleNamespace(id=row.r_id, slack_id=row.r_slack_id, locale=row.r_locale)
        pair = SimpleNamespace(id=row.pair_id, team_id=row.team_id)
        view = oneonone.agenda_from(pair, pair_manager, pair_report, meeting, items.get(meeting.id, []))
        messages: dict[str, dict] = {}  # both sides in one language share one message, encoded once
        for person in (pair_manager, pair_report):
            lang = language_for(person.locale)
            if lang not in messages:
                messages[lang] = outbox.message(oneonone.agenda_text(view, lang))
            queued += outbox.enqueue(
                session,
                team_id=row.team_id,
                recipient=person.slack_id,
                kind="oneonone_agenda",
                period=f"agenda:{row.id}",
                message=messages[lang],
            )
    return queued
