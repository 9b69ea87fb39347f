"""Slack-level, the coaching story: a report's mood falls twice and a goal stalls; the manager's Monday message lists
both with one-click actions; "Schedule a one-to-one" puts a point on the pair's agenda; HR sees it counted."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from bot.goals import cycles, negotiation
from bot.sandbox.workspace import text_of
from storage.coaching import Nudge
from storage.oneonone import AgendaItem
from storage.org import Role
from storage.outbox import Delivery
from tests.goalkit import kpi

FRIDAYS = [datetime(2027, 1, day, 16, 0, tzinfo=UTC) for day in (8, 15, 22)]
MONDAY_W04 = datetime(2027, 1, 25, 9, 0, tzinfo=UTC)


def at(ws, moment: datetime) -> None:
    ws.clock.set(moment)
    ws.tick()


def test_falling_mood_and_a_stalled_goal_reach_the_manager_who_schedules_a_one_to_one(ws, hr, maria, ken):
    with ws.db.session() as session:
        hana, kenp, mariap = (ws.stored(p.id) for p in (hr, ken, maria))
        cycle, _ = cycles.create(
            session,
            team_id=ws.team_id,
            actor=hana,
            name="2027 Q1",
            cadence="quarterly",
            starts_on=date(2027, 1, 1),
            ends_on=date(2027, 3, 31),
            timetable=cycles.suggested_timetable(date(2027, 1, 1), date(2027, 3, 31)),
            now=ws.clock.now(),
        )
        goal = negotiation.create(session, cycle=cycle, actor=kenp, data=kpi(), now=ws.clock.now())
        negotiation.transition(session, goal=goal, actor=kenp, action="propose", now=ws.clock.now())
        negotiation.transition(session, goal=goal, actor=mariap, action="approve", now=ws.clock.now())
    hr.runs("/perf checkin-schedule on")

    # Three Fridays: Ken's mood goes 4, then 2, then 2; his goal gets no update at all.
    for friday, mood in zip(FRIDAYS, ("4", "2", "2"), strict=True):
        at(ws, friday)
        ken.runs("/checkin")
        ken.submits({"went_well": "Some progress", "mood": mood})

    at(ws, MONDAY_W04)
    assert maria.received_dm(
        containing="Your team this week (2027-W04)",
        buttons=["Schedule a one-to-one", "Ask for an update", "Add to one-to-one", "Snooze"],
    )
    digest = next(m for m in maria.dms() if "2027-W04" in m.text)
    shown = text_of(digest.blocks)
    assert f"<@{ken.id}>'s mood was low in two check-ins running (4 → 2 → 2)." in shown
    assert f"<@{ken.id}>'s goal “Cut p95 latency” is at 0% with 27% of the cycle gone." in shown
    assert not ken.received_dm(containing="Your team this week")  # nudges go to the manager only

    ws.advance(timedelta(hours=2), tick_every=timedelta(minutes=30))

    # One click: the talking point is on the pair's running agenda, and Ken is told of it.
    maria.clicks("Schedule a one-to-one")
    assert "Added to your next one-to-one with" in maria.last_reply().text
    assert ken.received_dm(containing="How are you doing? Let's talk about the last few weeks.")
    maria.clicks("Schedule a one-to-one")  # a double click adds nothing twice
    agenda = maria.runs(f"/1on1 {ken.mention}").body["text"]
    assert agenda.count("How are you doing?") == 1

    # "Ask for an update" reaches Ken with a button to the goal's update form.
    maria.clicks("Ask for an update")
    assert ken.received_dm(containing="asks for an update on “Cut p95 latency”", buttons=["Update now"])
    ken.clicks("Update now")
    assert ken.modal() is not None

    with ws.db.session() as session:
        points = session.exec(select(AgendaItem).where(AgendaItem.text.startswith("How are you doing"))).all()
        nudges = {n.rule: n for n in session.exec(select(Nudge).where(Nudge.week == "2027-W04"))}
        sent = session.exec(select(Delivery).where(Delivery.kind == "coaching.digest")).all()
    assert len(points) == 1
    assert nudges["mood"].acted_at is not None and nudges["mood"].action == "schedule"
    assert nudges["goal"].acted_at is not None and nudges["goal"].action == "ask_update"
    assert [d.period for d in sent] == ["2027-W04"]  # once, however often the clock ticked that Monday

    # HR sees the nudges raised and acted on, per manager.
    stats = hr.runs("/perf coaching stats").text
    assert f"<@{maria.id}>: " in stats and "/ 2 / 0" in stats


def test_snooze_and_opt_out_silence_what_the_manager_chose(ws, maria, ken):
    at(ws, datetime(2027, 1, 4, 9, 0, tzinfo=UTC))
    assert maria.received_dm(containing="No one-to-one with", buttons=["Open the agenda", "Snooze"])
    before = maria.last_dm()
    block = next(b for b in before.blocks if b.get("type") == "section" and "No one-to-one with" in b["text"]["text"])
    buttons = before.blocks[before.blocks.index(block) + 1]
    snooze = next(e for e in buttons["elements"] if e["text"]["text"] == "Snooze")
    maria.acts("message", {"message": before}, buttons, snooze)
    assert "you won't hear about this" in maria.last_reply().text
    maria.clicks("Open the agenda")
    assert "One-to-one:" in maria.last_reply().text

    at(ws, datetime(2027, 1, 11, 9, 0, tzinfo=UTC))
    week2 = next(m for m in maria.dms() if "2027-W02" in m.text)
    assert "No one-to-one with" not in text_of(week2.blocks)

    assert "is off" in maria.runs("/perf coaching off").text
    at(ws, datetime(2027, 1, 18, 9, 0, tzinfo=UTC))
    assert not any("2027-W03" in m.text for m in maria.dms())


def test_someone_elses_nudge_cannot_be_used(ws, maria, ken):
    other = ws.person("Ola", role=Role.MANAGER)
    at(ws, datetime(2027, 1, 4, 9, 0, tzinfo=UTC))
    message = maria.last_dm()
    actions = next(b for b in message.blocks if b.get("type") == "actions")
    other.acts("message", {"message": message}, actions, actions["elements"][0])
    assert "belongs to another manager" in ws.slack.messages[-1].text
    with ws.db.session() as session:
        assert all(n.acted_at is None for n in session.exec(select(Nudge)))
