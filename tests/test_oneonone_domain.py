"""Domain: one-to-one pairs, action-item carry-over, due reminders, the agenda a day before, and who reads notes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from bot.errors import Forbidden, Invalid
from bot.record import oneonone, oneonone_reminders
from storage.oneonone import ItemKind
from storage.outbox import Delivery
from tests.conftest import START
from tests.people import build


def test_open_action_items_carry_over_to_the_next_meeting_and_done_ones_stay(db):
    with db.session() as session:
        o = build(session)
        pair = oneonone.pair_for(session, o.maria, o.ken)
        assert oneonone.pair_for(session, o.ken, o.maria).id == pair.id  # either side opens the same pair
        open_item = oneonone.add_item(
            session,
            actor=o.maria,
            pair=pair,
            kind=ItemKind.ACTION,
            text="Write the design doc",
            now=START,
            owner=o.ken,
            due=date(2027, 1, 8),
        )
        done_item = oneonone.add_item(
            session, actor=o.ken, pair=pair, kind=ItemKind.ACTION, text="Book room", now=START
        )
        oneonone.add_item(session, actor=o.ken, pair=pair, kind=ItemKind.NOTE, text="Talked about on-call", now=START)
        oneonone.complete_action(session, actor=o.ken, item_id=done_item.id, now=START)
        first = oneonone.current_meeting(session, pair)
        second = oneonone.hold(session, actor=o.maria, pair=pair, now=START)
        view = oneonone.agenda(session, viewer=o.ken, pair=pair)
        assert view.meeting.id == second.id and second.number == 2
        assert [i.text for i in view.actions] == ["Write the design doc"] and view.carried == {open_item.id}
        assert view.notes == [] and view.points == []
        assert done_item.meeting_id == first.id
        third = oneonone.hold(session, actor=o.ken, pair=pair, now=START + timedelta(days=14))
        assert open_item.meeting_id == third.id and open_item.origin_meeting_id == first.id


def test_a_page_that_only_reads_finds_the_pair_and_its_next_meeting_as_the_writing_path_does(db):
    with db.session() as session:
        o = build(session)
        assert oneonone.find_pair_and_open_meeting(session, o.maria, o.ken) == (None, None, [])  # before first use
        pair = oneonone.pair_for(session, o.maria, o.ken)
        assert oneonone.find_pair_and_open_meeting(session, o.ken, o.maria)[1] is None  # no meeting needed yet
        oneonone.add_item(session, actor=o.ken, pair=pair, kind=ItemKind.NOTE, text="First", now=START)
        oneonone.hold(session, actor=o.maria, pair=pair, now=START)
        oneonone.add_item(session, actor=o.ken, pair=pair, kind=ItemKind.ACTION, text="Next", now=START)
        written = oneonone.agenda(session, viewer=o.maria, pair=pair)
    with db.read(o.maria, o.ken) as session:
        found, meeting, items = oneonone.find_pair_and_open_meeting(session, o.ken, o.maria)
        read = oneonone.agenda_of(
            session, viewer=o.ken, pair=found, meeting=meeting, items=items, people=(o.ken, o.maria)
        )
    assert (found.id, found.manager_id, found.report_id) == (pair.id, o.maria.id, o.ken.id)
    assert (meeting.id, meeting.number, meeting.held_at) == (written.meeting.id, 2, None)
    assert oneonone.agenda_text(read, "en") == oneonone.agenda_text(written, "en")
    assert [i.text for i in read.actions] == ["Next"]


def test_a_talking_point_tells_the_other_side(db):
    with db.session() as session:
        o = build(session)
        pair = oneonone.pair_for(session, o.ken, o.maria)
        oneonone.add_item(
            session, actor=o.ken, pair=pair, kind=ItemKind.TALKING_POINT, text="Promotion path", now=START
        )
        (notice,) = session.exec(select(Delivery)).all()
        assert notice.recipient == "UMARIA" and "Promotion path" in notice.message["text"]


def test_pairs_are_manager_and_direct_report_and_items_need_an_owner_in_the_pair(db):
    with db.session() as session:
        o = build(session)
        for actor, other in ((o.ken, o.pia), (o.vp, o.ken), (o.ken, o.ken)):
            with pytest.raises(Invalid):
                oneonone.pair_for(session, actor, other)
        pair = oneonone.pair_for(session, o.maria, o.ken)
        with pytest.raises(Invalid, match="oneonone.owner_outside"):
            oneonone.add_item(session, actor=o.maria, pair=pair, kind=ItemKind.ACTION, text="x", now=START, owner=o.pia)
        with pytest.raises(Forbidden):
            oneonone.add_item(session, actor=o.vp, pair=pair, kind=ItemKind.NOTE, text="x", now=START)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("maria", True),
        ("ken", True),
        ("vp", True),
        ("hr", True),
        ("pia", False),
        ("ola", False),
        ("hr_elsewhere", False),
    ],
)
def test_notes_are_for_the_pair_the_manager_line_and_hr(db, role, allowed):
    with db.session() as session:
        o = build(session)
        pair = oneonone.pair_for(session, o.maria, o.ken)
        oneonone.add_item(session, actor=o.maria, pair=pair, kind=ItemKind.NOTE, text="Private note", now=START)
        if allowed:
            assert [n.text for n in oneonone.agenda(session, viewer=getattr(o, role), pair=pair).notes] == [
                "Private note"
            ]
        else:
            with pytest.raises(Forbidden):
                oneonone.agenda(session, viewer=getattr(o, role), pair=pair)


def test_due_action_items_are_reminded_once_on_their_day(db):
    with db.session() as session:
        o = build(session)
        pair = oneonone.pair_for(session, o.maria, o.ken)
        oneonone.add_item(
            session,
            actor=o.maria,
            pair=pair,
            kind=ItemKind.ACTION,
            text="Ship it",
            now=START,
            owner=o.ken,
            due=date(2027, 1, 6),
        )
    counts = []
    for days in (1, 2, 3):
        with db.session() as session:
            counts.append(oneonone_reminders.plan_due_reminders(session, START + timedelta(days=days)))
    assert counts == [0, 1, 0]


def test_with_a_cadence_both_get_the_agenda_a_day_before(db):
    with db.session() as session:
        o = build(session)
        pair = oneonone.pair_for(session, o.maria, o.ken)
        meeting = oneonone.set_cadence(session, actor=o.maria, pair=pair, days=14, now=START)
        oneonone.add_item(
            session, actor=o.ken, pair=pair, kind=ItemKind.TALKING_POINT, text="Training budget", now=START
        )
        assert meeting.scheduled_for == START + timedelta(days=14)
    with db.session() as session:
        assert oneonone_reminders.plan_agenda_notices(session, START + timedelta(days=12)) == 0
        assert oneonone_reminders.plan_agenda_notices(session, START + timedelta(days=13, hours=1)) == 2
        assert oneonone_reminders.plan_agenda_notices(session, START + timedelta(days=13, hours=2)) == 0
        agendas = session.exec(select(Delivery).where(Delivery.kind == "oneonone_agenda")).all()
        assert sorted(d.recipient for d in agendas) == ["UKEN", "UMARIA"]
        assert all("Training budget" in d.message["text"] for d in agendas)
        with pytest.raises(Invalid):
            oneonone.set_cadence(session, actor=o.maria, pair=pair, days=0, now=START)
