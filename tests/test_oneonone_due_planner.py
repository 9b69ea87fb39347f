"""Domain: an action item's due reminder is marked once queued, so a quiet minute reads no item."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import update
from sqlmodel import select

from bot.delivery.planning import run_planner
from bot.record import oneonone, oneonone_reminders
from storage.counting import statements_sent
from storage.oneonone import AgendaItem, ItemKind
from storage.outbox import Delivery
from tests.conftest import START
from tests.people import build

DUE = date(2027, 1, 6)
ON_THE_DAY = START + timedelta(days=2)


def _item(db) -> int:
    with db.session() as session:
        o = build(session)
        pair = oneonone.pair_for(session, o.maria, o.ken)
        item = oneonone.add_item(
            session, actor=o.maria, pair=pair, kind=ItemKind.ACTION, text="Ship it", now=START, owner=o.ken, due=DUE
        )
        return item.id


def _pass(db, now) -> tuple[int, int]:
    """One pass through the tick's planning path: (rows queued, queries sent)."""
    with statements_sent(db) as sent:
        queued = run_planner(db, oneonone_reminders.plan_due_reminders, now)
    return queued, len(sent)


def _reminders(db) -> list[tuple[str, str]]:
    with db.read() as session:
        query = select(Delivery.recipient, Delivery.period).where(Delivery.kind == "oneonone_due")
        return [tuple(row) for row in session.exec(query)]


def test_the_due_day_reminds_once_and_then_a_minute_reads_no_item(db):
    item_id = _item(db)
    assert _pass(db, ON_THE_DAY - timedelta(days=1)) == (0, 1)
    assert run_planner(db, oneonone_reminders.plan_due_reminders, ON_THE_DAY) == 1
    assert _pass(db, ON_THE_DAY + timedelta(minutes=1)) == (0, 1)
    assert _pass(db, ON_THE_DAY + timedelta(days=3)) == (0, 1)  # still within the look-back: not again
    assert _reminders(db) == [("UKEN", f"action-due:{item_id}")]


def test_a_reminder_queued_before_the_mark_is_not_sent_twice(db):
    item_id = _item(db)
    run_planner(db, oneonone_reminders.plan_due_reminders, ON_THE_DAY)
    with db.session() as session:  # as a database upgraded from before the mark
        session.exec(update(AgendaItem).values(due_reminded=False))
    assert run_planner(db, oneonone_reminders.plan_due_reminders, ON_THE_DAY + timedelta(hours=1)) == 0
    assert _pass(db, ON_THE_DAY + timedelta(hours=2)) == (0, 1)
    assert _reminders(db) == [("UKEN", f"action-due:{item_id}")]
