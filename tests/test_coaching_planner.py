"""Domain: the Monday digest planner on SQLite and PostgreSQL: when it fires, what it stores, who gets what, and a
statement count that does not grow with the number of people."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bench.coaching import populate
from bot.coaching import actions, settings
from bot.coaching.planner import KIND, plan_weekly_digests
from bot.sandbox.workspace import text_of
from storage.checkins import Checkin
from storage.coaching import Nudge
from storage.counting import statements_sent
from storage.outbox import Delivery
from tests.conftest import START
from tests.people import build

MONDAY = START  # Monday 2027-01-04 09:00 UTC; tests.people puts everyone in UTC


def checkin(session, person, week: str, mood: int | None, blockers: str = "") -> None:
    session.add(Checkin(team_id=person.team_id, person_id=person.id, week=week, mood=mood, blockers=blockers))


def digests(session) -> dict[str, str]:
    rows = session.exec(select(Delivery).where(Delivery.kind == KIND))
    return {row.recipient: row.message["text"] + "\n" + text_of(row.message.get("blocks", [])) for row in rows}


def test_monday_nine_local_queues_one_digest_per_manager_with_why(db):
    with db.session() as session:
        o = build(session)
        for week, mood in (("2026-W51", 4), ("2026-W52", 2), ("2026-W53", 2)):
            checkin(session, o.ken, week, mood, "Waiting on staging access")
        checkin(session, o.pia, "2026-W53", 5)
        session.flush()
        assert plan_weekly_digests(session, MONDAY - timedelta(minutes=1)) == 0
        assert plan_weekly_digests(session, MONDAY) == 3  # Maria, Ola and the VP (for Maria and Ola)
        assert plan_weekly_digests(session, MONDAY + timedelta(hours=1)) == 0  # once a week
        shown = digests(session)
        nudges = session.exec(select(Nudge).where(Nudge.manager_id == o.maria.id, Nudge.subject_id == o.ken.id)).all()
    maria = shown["UMARIA"]
    assert "Your team this week (2027-W01)" in maria
    assert "<@UKEN>'s mood was low in two check-ins running (4 → 2 → 2)." in maria
    assert "<@UKEN> reported blockers in 3 of their last 3 check-ins" in maria
    assert "No one-to-one with <@UPIA> is recorded yet" in maria
    assert "Nobody in your team (3 people) was recognised" in maria
    assert {n.rule for n in nudges} == {"mood", "blockers", "oneonone", "feedback"}
    assert all(n.week == "2027-W01" and n.acted_at is None for n in nudges)


def test_a_skip_level_manager_hears_only_about_their_own_direct_reports(db):
    with db.session() as session:
        o = build(session)
        for week in ("2026-W52", "2026-W53"):
            checkin(session, o.ken, week, 1, "Blocked on everything")
        session.flush()
        plan_weekly_digests(session, MONDAY)
        shown = digests(session)
    assert "UKEN" in shown["UMARIA"] and "Blocked on everything" in shown["UMARIA"]
    vp = shown["UVP"]
    assert "<@UMARIA>" in vp and "<@UOLA>" in vp
    assert "UKEN" not in vp and "Blocked on everything" not in vp and "mood" not in vp
    assert "UHR" not in shown and "UKEN" not in shown  # no reports, no digest; HR gets none either


def test_opted_out_managers_and_snoozed_nudges_are_left_out(db):
    with db.session() as session:
        o = build(session)
        settings.set_digest(session, person=o.ola, enabled=False, now=MONDAY)
        plan_weekly_digests(session, MONDAY)
        nudge = session.exec(
            select(Nudge).where(Nudge.manager_id == o.maria.id, Nudge.subject_id == o.ken.id, Nudge.rule == "oneonone")
        ).one()
        clicked = actions.click(session, actor=o.maria, nudge_id=nudge.id, action="snooze", now=MONDAY)
        until = actions.snooze(session, clicked, MONDAY)
        assert until == (MONDAY + timedelta(days=28)).date()
        plan_weekly_digests(session, MONDAY + timedelta(days=7))
        later = session.exec(
            select(Nudge).where(Nudge.manager_id == o.maria.id, Nudge.week == "2027-W02", Nudge.rule == "oneonone")
        ).all()
        recipients = {row.recipient for row in session.exec(select(Delivery).where(Delivery.kind == KIND))}
        counts = actions.counts(session, actor=o.hr, since=MONDAY - timedelta(days=1))
    assert {n.subject_id for n in later} == {o.pia.id, o.zoe.id}  # Ken's is snoozed for four weeks
    assert "UOLA" not in recipients and "UMARIA" in recipients
    maria = next(c for c in counts if c.manager.id == o.maria.id)
    assert maria.raised > maria.snoozed == 1 and maria.acted == 0


def test_local_time_decides_and_a_digest_expires_at_the_end_of_the_working_day(db):
    with db.session() as session:
        o = build(session)
        o.maria.tz = "Asia/Shanghai"  # Monday 09:00 there is Monday 01:00 UTC
        session.flush()
        assert plan_weekly_digests(session, datetime(2027, 1, 4, 1, 0, tzinfo=UTC)) == 1
        row = session.exec(select(Delivery).where(Delivery.recipient == "UMARIA")).one()
    assert row.period == "2027-W01" and row.expires_at == datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_statement_count_does_not_grow_with_the_number_of_people(db):
    counts = []
    for size in (10, 100):
        populate(db, size, weeks=6)
        with statements_sent(db) as statements, db.session() as session:
            queued = plan_weekly_digests(session, datetime(2027, 5, 3, 9, 0, tzinfo=UTC))
        assert queued > 0
        counts.append(len(statements))
        with db.session() as session:  # start the next size from an empty workspace
            for table in ("delivery", "nudge", "feedback", "meeting", "oneonone", "metricpoint", "metric", "goal"):
                session.connection().exec_driver_sql(f"DELETE FROM {table}")
            for table in ("cyclephase", "cycle", "checkin", "person"):
                session.connection().exec_driver_sql(f"DELETE FROM {table}")
    assert counts[0] == counts[1]


def test_overdue_actions_late_plans_goals_behind_and_recent_feedback_and_kudos(db):
    from bot.goals import cycles, negotiation
    from bot.record import feedback, oneonone, plans
    from storage.feedback import Kind, Source, Visibility
    from storage.oneonone import ItemKind
    from storage.plans import PlanKind, Rhythm
    from tests.goalkit import kpi

    monday = datetime(2027, 2, 15, 9, 0, tzinfo=UTC)  # 45 of Q1's 89 days gone
    with db.session() as session:
        o = build(session)
        q1, _ = cycles.create(
            session,
            team_id=o.hr.team_id,
            actor=o.hr,
            name="Q1",
            cadence="quarterly",
            starts_on=START.date().replace(day=1),
            ends_on=START.date().replace(month=3, day=31),
            timetable=cycles.suggested_timetable(START.date().replace(day=1), START.date().replace(month=3, day=31)),
            now=START,
        )
        goal = negotiation.create(session, cycle=q1, actor=o.ken, data=kpi("Cut p95 latency"), now=START)
        negotiation.transition(session, goal=goal, actor=o.ken, action="propose", now=monday - timedelta(days=2))
        negotiation.transition(session, goal=goal, actor=o.maria, action="approve", now=monday - timedelta(days=2))
        pair = oneonone.pair_for(session, o.maria, o.pia)
        oneonone.add_item(
            session,
            actor=o.maria,
            pair=pair,
            kind=ItemKind.ACTION,
            text="Write the runbook",
            now=START,
            owner=o.pia,
            due=monday.date() - timedelta(days=3),
        )
        oneonone.hold(session, actor=o.maria, pair=pair, now=monday - timedelta(days=2))
        plan = plans.open_plan(
            session,
            manager=o.maria,
            owner=o.zoe,
            kind=PlanKind.IMPROVEMENT,
            title="Dependable handovers",
            review_date=monday.date() - timedelta(days=7),
            now=START,
        )
        plans.add_action(session, actor=o.maria, plan=plan, text="Handover note", rhythm=Rhythm.WEEKLY, now=START)
        for subject in (o.ken, o.pia, o.zoe):
            feedback.log(
                session,
                author=o.maria,
                subject=subject,
                text="Thanks",
                kind=Kind.PRAISE,
                visibility=Visibility.PRIVATE,
                now=monday - timedelta(days=3),
            )
        feedback.log(
            session,
            author=o.pia,
            subject=o.zoe,
            text="Kudos",
            kind=Kind.PRAISE,
            visibility=Visibility.SHARED,
            now=monday - timedelta(days=3),
            source=Source.KUDOS,
        )
        session.flush()
        plan_weekly_digests(session, monday)
        maria = digests(session)["UMARIA"]
        rules = {(n.subject_id, n.rule) for n in session.exec(select(Nudge).where(Nudge.manager_id == o.maria.id))}
    assert "<@UKEN>'s goal “Cut p95 latency” is at 0% with 51% of the cycle gone." in maria
    assert "An action item from your one-to-ones with <@UPIA> is overdue." in maria
    assert "<@UZOE>'s plan needs a look: “Dependable handovers”, “Handover note”." in maria
    assert (o.ken.id, "goal") in rules and (o.pia.id, "actions") in rules and (o.zoe.id, "plan") in rules
    assert not any(rule in ("feedback", "recognition") for _, rule in rules)  # feedback given, Zoe recognised
    assert (o.pia.id, "oneonone") not in rules  # they met two days ago
