"""Domain: peer-feedback reminders are counted on each ask, so a quiet minute reads no ask and none is missed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlmodel import select

from bot.delivery.planning import run_planner
from bot.record import peer_requests
from storage.counting import statements_sent
from storage.feedback import FeedbackAsk, Kind
from storage.org import Person
from storage.outbox import Delivery
from tests.conftest import START
from tests.people import build


def _ask(db, now=START) -> int:
    with db.session() as session:
        o = build(session)
        peer_requests.request(
            session, requester=o.maria, about=o.ken, responders=[o.pia], now=now, deadline=now + timedelta(days=9)
        )
        return session.exec(select(FeedbackAsk.id)).one()


def _periods(db) -> list[str]:
    with db.read() as session:
        return list(session.exec(select(Delivery.period).where(Delivery.kind == "peer_ask").order_by(Delivery.id)))


def _pass(db, now) -> tuple[int, int]:
    """One pass through the tick's planning path: (rows queued, queries sent)."""
    with statements_sent(db) as sent:
        queued = run_planner(db, peer_requests.plan_reminders, now)
    return queued, len(sent)


def test_a_quiet_minute_reads_no_ask_and_writes_nothing(db):
    ask_id = _ask(db)
    assert _pass(db, START + timedelta(days=1)) == (0, 3)  # counts in use, asks due (none), requests closed
    assert run_planner(db, peer_requests.plan_reminders, START + timedelta(days=2)) == 1  # reminder 1
    assert _pass(db, START + timedelta(days=2, minutes=1)) == (0, 3)
    assert _periods(db) == [f"ask:{ask_id}", f"ask:{ask_id}:r1"]


def test_a_reminder_falls_due_on_the_minute_and_a_clock_that_was_down_sends_only_the_latest(db):
    ask_id = _ask(db)
    assert run_planner(db, peer_requests.plan_reminders, START + timedelta(days=2, seconds=-1)) == 0
    assert run_planner(db, peer_requests.plan_reminders, START + timedelta(days=2)) == 1
    assert run_planner(db, peer_requests.plan_reminders, START + timedelta(days=6, hours=3)) == 1  # 4 was missed
    assert run_planner(db, peer_requests.plan_reminders, START + timedelta(days=7)) == 0
    assert run_planner(db, peer_requests.plan_reminders, START + timedelta(days=8)) == 1
    assert _periods(db)[1:] == [f"ask:{ask_id}:r1", f"ask:{ask_id}:r3", f"ask:{ask_id}:r4"]


def test_reminders_queued_before_the_count_was_kept_are_not_sent_twice(db):
    ask_id = _ask(db)
    run_planner(db, peer_requests.plan_reminders, START + timedelta(days=2))
    with db.session() as session:  # as a database upgraded from before the count: every ask at zero
        session.exec(update(FeedbackAsk).values(reminders_planned=0))
    assert run_planner(db, peer_requests.plan_reminders, START + timedelta(days=3)) == 0
    assert _pass(db, START + timedelta(days=3, minutes=1)) == (0, 3)
    assert _periods(db) == [f"ask:{ask_id}", f"ask:{ask_id}:r1"]


def test_an_answered_ask_is_reminded_no_more(db):
    ask_id = _ask(db)
    run_planner(db, peer_requests.plan_reminders, START + timedelta(days=2))
    with db.session() as session:
        pia = session.exec(select(Person).where(Person.slack_id == "UPIA")).one()
        now = START + timedelta(days=3)
        peer_requests.answer(
            session, responder=pia, ask_id=ask_id, text="Clear", kind=Kind.PRAISE, anonymous=False, now=now
        )
    assert run_planner(db, peer_requests.plan_reminders, START + timedelta(days=4)) == 0
    assert _periods(db) == [f"ask:{ask_id}", f"ask:{ask_id}:r1"]


def test_the_requester_hears_how_many_of_those_asked_answered_once_it_closes(db):
    ask_id = _ask(db)
    with db.session() as session:
        pia = session.exec(select(Person).where(Person.slack_id == "UPIA")).one()
        now = START + timedelta(days=1)
        peer_requests.answer(
            session, responder=pia, ask_id=ask_id, text="Clear", kind=Kind.PRAISE, anonymous=False, now=now
        )
    assert run_planner(db, peer_requests.plan_reminders, START + timedelta(days=9)) == 1
    assert run_planner(db, peer_requests.plan_reminders, START + timedelta(days=10)) == 0
    with db.read() as session:
        (notice,) = session.exec(select(Delivery).where(Delivery.kind == "peer_closed")).all()
    assert notice.recipient == "UMARIA" and "1 of 1 answered" in notice.message["text"]
