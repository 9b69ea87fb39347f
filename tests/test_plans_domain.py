"""Domain: plan rhythm (periods, ticks, slips), the Friday prompt, who manages a plan, and its outcome."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from bot.errors import Forbidden, Invalid
from bot.record import plan_prompts, plans
from storage.outbox import Delivery
from storage.plans import PlanKind, PlanStatus, Rhythm
from tests.conftest import START
from tests.people import build

REVIEW = date(2027, 2, 1)


def test_periods_follow_iso_weeks_and_calendar_months():
    assert plans.period_of(Rhythm.WEEKLY, date(2027, 1, 4)) == "2027-W01"
    assert plans.period_of(Rhythm.WEEKLY, date(2027, 1, 3)) == "2026-W53"
    assert plans.period_of(Rhythm.MONTHLY, date(2027, 1, 31)) == "2027-01"
    # complete periods only, starting with the first whole one after the start
    assert plans.periods_between(Rhythm.WEEKLY, date(2027, 1, 4), date(2027, 1, 25)) == [
        "2027-W01",
        "2027-W02",
        "2027-W03",
    ]
    assert plans.periods_between(Rhythm.WEEKLY, date(2027, 1, 5), date(2027, 1, 17)) == []
    assert plans.periods_between(Rhythm.WEEKLY, date(2027, 1, 5), date(2027, 1, 18)) == ["2027-W02"]
    assert plans.periods_between(Rhythm.MONTHLY, date(2027, 1, 1), date(2027, 3, 15)) == ["2027-01", "2027-02"]


def _plan(session, o):
    plan = plans.open_plan(
        session,
        manager=o.maria,
        owner=o.ken,
        kind=PlanKind.IMPROVEMENT,
        title="Reliable reviews",
        now=START,
        review_date=REVIEW,
    )
    weekly = plans.add_action(session, actor=o.maria, plan=plan, text="Review two PRs", rhythm=Rhythm.WEEKLY, now=START)
    monthly = plans.add_action(session, actor=o.ken, plan=plan, text="Pair once", rhythm=Rhythm.MONTHLY, now=START)
    return plan, weekly, monthly


def test_ticks_and_slips_over_three_weeks(db):
    with db.session() as session:
        o = build(session)
        plan, weekly, monthly = _plan(session, o)
        plans.tick(session, actor=o.ken, action_id=weekly.id, period="2027-W01", now=START)
        plans.tick(session, actor=o.ken, action_id=weekly.id, period="2027-W01", now=START)  # twice: one tick
        plans.tick(session, actor=o.ken, action_id=weekly.id, period="2027-W03", now=START + timedelta(days=14))
        with pytest.raises(Forbidden):
            plans.tick(session, actor=o.maria, action_id=weekly.id, period="2027-W02", now=START)
        states = plans.progress(session, viewer=o.maria, plan=plan, now=START + timedelta(days=21))
        assert (states[0].done_periods, states[0].slipped_periods) == (["2027-W01", "2027-W03"], ["2027-W02"])
        assert (states[1].done_periods, states[1].slipped_periods) == ([], [])  # January is not over yet
        with pytest.raises(Forbidden):
            plans.progress(session, viewer=o.pia, plan=plan, now=START)


@pytest.mark.parametrize(
    ("period", "days_later"),
    [("2027-W05", 0), ("2027-W02", 0), ("2026-W52", 0), ("junk", 0), ("x" * 5000, 0), ("2027-W01", 14)],
    ids=["future", "next-week", "before-the-goal", "junk", "huge", "slipped-long-ago"],
)
def test_a_tick_only_for_a_period_the_prompt_offered(db, period, days_later):
    with db.session() as session:
        o = build(session)
        plan, weekly, _ = _plan(session, o)
        with pytest.raises(Invalid, match="plan.tick_not_offered"):
            plans.tick(session, actor=o.ken, action_id=weekly.id, period=period, now=START + timedelta(days=days_later))
        # This week's and, late, last week's prompt are fine.
        plans.tick(session, actor=o.ken, action_id=weekly.id, period="2027-W02", now=START + timedelta(days=7))
        plans.tick(session, actor=o.ken, action_id=weekly.id, period="2027-W01", now=START + timedelta(days=7))


def test_friday_prompt_once_a_week_and_a_slip_reaches_the_manager(db):
    with db.session() as session:
        o = build(session)
        _plan(session, o)
    friday = START + timedelta(days=4, hours=7)  # Friday 16:00 UTC (Ken's zone here)
    with db.session() as session:
        assert plan_prompts.plan_prompts(session, START) == 0  # Monday: nothing yet
        assert plan_prompts.plan_prompts(session, friday) == 1
        assert plan_prompts.plan_prompts(session, friday + timedelta(hours=1)) == 0
        assert plan_prompts.plan_prompts(session, friday + timedelta(days=3)) == 1  # Monday: last week slipped
        rows = session.exec(select(Delivery).where(Delivery.kind != "plan_opened").order_by(Delivery.id)).all()
        assert [(d.kind, d.recipient) for d in rows] == [("plan_prompt", "UKEN"), ("plan_slip", "UMARIA")]
        assert "Review two PRs" in rows[1].message["text"] and "2027-W01" in rows[1].message["text"]
        buttons = [b["accessory"]["value"] for b in rows[0].message["blocks"] if "accessory" in b]
        assert [v.split(":")[1] for v in buttons] == ["2027-W01", "2027-01"]


def test_opening_a_plan_queues_one_notice_to_its_owner(db):
    with db.session() as session:
        o = build(session)
        plan, _, _ = _plan(session, o)
        (notice,) = session.exec(select(Delivery)).all()
        assert (notice.recipient, notice.kind, notice.period) == ("UKEN", "plan_opened", f"plan-opened:{plan.id}")
        assert "Reliable reviews" in notice.message["text"] and "2027-02-01" in notice.message["text"]


def test_only_the_manager_line_or_hr_open_and_close_plans(db):
    with db.session() as session:
        o = build(session)
        with pytest.raises(Forbidden):
            plans.open_plan(session, manager=o.pia, owner=o.ken, kind=PlanKind.DEVELOPMENT, title="x", now=START)
        with pytest.raises(Forbidden):
            plans.open_plan(session, manager=o.ken, owner=o.ken, kind=PlanKind.DEVELOPMENT, title="x", now=START)
        with pytest.raises(Invalid, match="plan.review_date_needed"):
            plans.open_plan(session, manager=o.maria, owner=o.ken, kind=PlanKind.IMPROVEMENT, title="x", now=START)
        plan, *_ = _plan(session, o)
        with pytest.raises(Invalid, match="plan.already_open"):
            plans.open_plan(session, manager=o.hr, owner=o.ken, kind=PlanKind.DEVELOPMENT, title="y", now=START)
        with pytest.raises(Invalid, match="plan.extend_needs_date"):
            plans.close(session, actor=o.maria, plan=plan, outcome=PlanStatus.EXTENDED, note="More time", now=START)
        plans.close(
            session,
            actor=o.maria,
            plan=plan,
            outcome=PlanStatus.EXTENDED,
            note="More time",
            now=START,
            new_review_date=date(2027, 3, 1),
        )
        assert plans.current(session, o.ken).id == plan.id and plan.review_date == date(2027, 3, 1)
        plans.close(session, actor=o.vp, plan=plan, outcome=PlanStatus.MET, note="Reviews are solid", now=START)
        assert plans.current(session, o.ken) is None and plan.outcome_note == "Reviews are solid"
        assert plan_prompts.plan_prompts(session, START + timedelta(days=4, hours=7)) == 0  # a closed plan asks nothing


def test_a_this_month_goal_is_prompted_until_done_and_slips_once_when_the_month_ends(db):
    with db.session() as session:
        o = build(session)
        plan, weekly, _ = _plan(session, o)
        once = plans.add_action(
            session, actor=o.maria, plan=plan, text="Finish the course", rhythm=Rhythm.THIS_MONTH, now=START
        )
    friday = START + timedelta(days=4, hours=7)
    with db.session() as session:
        plan_prompts.plan_prompts(session, friday)
        prompt = session.exec(select(Delivery).where(Delivery.kind == "plan_prompt")).one()
        assert f"{once.id}:2027-01" in [b["accessory"]["value"] for b in prompt.message["blocks"] if "accessory" in b]
        states = plans.progress(session, viewer=o.maria, plan=plan, now=START + timedelta(days=28))
        assert states[2].slipped_periods == ["2027-01"]
        plans.tick(session, actor=o.ken, action_id=once.id, period="2027-01", now=friday)
        plan_prompts.plan_prompts(session, friday + timedelta(days=7))
        second = session.exec(
            select(Delivery).where(Delivery.kind == "plan_prompt").order_by(Delivery.id.desc())
        ).first()
        assert f"{once.id}:2027-01" not in [
            b["accessory"]["value"] for b in second.message["blocks"] if "accessory" in b
        ]
        assert (
            plans.progress(session, viewer=o.maria, plan=plan, now=START + timedelta(days=40))[2].slipped_periods == []
        )
