"""Domain: the plan planner remembers what it planned, so a quiet minute is cheap and nothing due is missed."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.delivery.planning import run_planner
from bot.record import plan_prompts, plans
from storage.counting import statements_sent
from storage.org import Person
from storage.outbox import Delivery
from storage.plans import Plan, PlanKind, PlanStatus, Rhythm
from tests.conftest import START
from tests.people import build

FRIDAY = START + timedelta(days=4, hours=7)  # Friday 16:00 UTC in week 1 of 2027 (everyone is on UTC here)
MONDAY = START + timedelta(days=7, hours=-9)  # Monday 00:00 UTC of week 2: week 1 is over


def _open(session, manager: Person, owner: Person, now=START) -> tuple[Plan, int]:
    plan = plans.open_plan(
        session, manager=manager, owner=owner, kind=PlanKind.DEVELOPMENT, title=f"Grow {owner.slack_id}", now=now
    )
    action = plans.add_action(session, actor=manager, plan=plan, text="Review two PRs", rhythm=Rhythm.WEEKLY, now=now)
    return plan, action.id


def _people(session) -> dict[str, Person]:
    return {person.slack_id: person for person in session.exec(select(Person))}


def _queued(db, kind: str) -> list[tuple[str, str]]:
    with db.read() as session:
        query = select(Delivery.recipient, Delivery.period).where(Delivery.kind == kind).order_by(Delivery.id)
        return [tuple(row) for row in session.exec(query)]


def _pass(db, now) -> tuple[int, int]:
    """One pass through the tick's planning path: (rows queued, queries sent)."""
    with statements_sent(db) as sent:
        queued = run_planner(db, plan_prompts.plan_prompts, now)
    return queued, len(sent)


def test_a_quiet_minute_is_two_small_reads_and_no_write(db):
    with db.session() as session:
        o = build(session)
        _open(session, o.maria, o.ken)
    assert run_planner(db, plan_prompts.plan_prompts, START) == 0  # Monday morning, week 1: nothing yet
    assert _pass(db, START + timedelta(hours=1)) == (0, 2)
    assert run_planner(db, plan_prompts.plan_prompts, FRIDAY) == 1
    assert _pass(db, FRIDAY + timedelta(minutes=1)) == (0, 2)  # prompted already
    assert _pass(db, FRIDAY + timedelta(days=1)) == (0, 2)  # Saturday: prompted, and nothing slipped
    assert run_planner(db, plan_prompts.plan_prompts, MONDAY) == 1  # week 1's slip, as the day begins
    assert _pass(db, MONDAY + timedelta(hours=2)) == (0, 2)


def test_a_slip_falls_due_at_the_period_boundary_once(db):
    with db.session() as session:
        o = build(session)
        _, action_id = _open(session, o.maria, o.ken)
    assert (
        run_planner(db, plan_prompts.plan_prompts, MONDAY - timedelta(minutes=1)) == 1
    )  # Sunday night: the prompt only
    assert _queued(db, "plan_slip") == []
    assert run_planner(db, plan_prompts.plan_prompts, MONDAY) == 1
    assert run_planner(db, plan_prompts.plan_prompts, MONDAY + timedelta(days=1)) == 0
    assert _queued(db, "plan_slip") == [("UMARIA", f"plan-slip:{action_id}:2027-W01")]


def test_a_late_tick_before_the_pass_saves_the_slip_and_after_it_takes_nothing_back(db):
    with db.session() as session:
        o = build(session)
        _, action_id = _open(session, o.maria, o.ken)
    run_planner(db, plan_prompts.plan_prompts, FRIDAY)
    with db.session() as session:  # Monday, before the day's first pass: last Friday's prompt, clicked late
        plans.tick(session, actor=_people(session)["UKEN"], action_id=action_id, period="2027-W01", now=MONDAY)
    assert run_planner(db, plan_prompts.plan_prompts, MONDAY + timedelta(minutes=5)) == 0
    assert run_planner(db, plan_prompts.plan_prompts, MONDAY + timedelta(days=7)) == 1  # week 2 slipped
    with db.session() as session:  # ticked after the slip was queued: it stays, and nothing is added
        ken = _people(session)["UKEN"]
        plans.tick(session, actor=ken, action_id=action_id, period="2027-W02", now=MONDAY + timedelta(days=7, hours=1))
    assert run_planner(db, plan_prompts.plan_prompts, MONDAY + timedelta(days=8)) == 0
    assert _queued(db, "plan_slip") == [("UMARIA", f"plan-slip:{action_id}:2027-W02")]


def test_a_plan_or_goal_added_after_the_pass_is_prompted_and_slips_like_the_others(db):
    with db.session() as session:
        o = build(session)
        _open(session, o.maria, o.ken)
    assert run_planner(db, plan_prompts.plan_prompts, FRIDAY) == 1
    with db.session() as session:  # later that Friday: a plan for Pia, and a second goal on Ken's
        people = _people(session)
        _, pia_action = _open(session, people["UMARIA"], people["UPIA"], now=FRIDAY)
        ken_plan = plans.current(session, people["UKEN"])
        late = plans.add_action(
            session, actor=people["UMARIA"], plan=ken_plan, text="Write it up", rhythm=Rhythm.WEEKLY, now=FRIDAY
        ).id
    assert run_planner(db, plan_prompts.plan_prompts, FRIDAY + timedelta(hours=1)) == 1  # Pia's; Ken's is queued
    assert [recipient for recipient, _ in _queued(db, "plan_prompt")] == ["UKEN", "UPIA"]
    # Two Mondays on: Ken's first goal slipped weeks 1 and 2; the goals set on Friday only week 2.
    assert run_planner(db, plan_prompts.plan_prompts, MONDAY + timedelta(days=7)) == 4
    slips = [period for _, period in _queued(db, "plan_slip")]
    assert f"plan-slip:{late}:2027-W02" in slips and f"plan-slip:{pia_action}:2027-W02" in slips
    assert f"plan-slip:{late}:2027-W01" not in slips


def test_each_zone_is_prompted_on_its_own_friday_afternoon(db):
    with db.session() as session:
        o = build(session)
        o.pia.tz = "Pacific/Auckland"  # Friday 15:00 there is Friday 02:00 UTC
        _open(session, o.maria, o.ken)
        _open(session, o.maria, o.pia)
    assert run_planner(db, plan_prompts.plan_prompts, FRIDAY - timedelta(hours=13)) == 1  # 03:00 UTC: Auckland only
    assert [recipient for recipient, _ in _queued(db, "plan_prompt")] == ["UPIA"]
    assert run_planner(db, plan_prompts.plan_prompts, FRIDAY) == 1  # London's afternoon
    assert run_planner(db, plan_prompts.plan_prompts, FRIDAY + timedelta(days=1)) == 0


def test_a_closed_plan_neither_prompts_nor_slips(db):
    with db.session() as session:
        o = build(session)
        plan, _ = _open(session, o.maria, o.ken)
    run_planner(db, plan_prompts.plan_prompts, FRIDAY)
    with db.session() as session:
        maria = _people(session)["UMARIA"]
        plans.close(
            session, actor=maria, plan=session.get(Plan, plan.id), outcome=PlanStatus.MET, note="Done", now=FRIDAY
        )
    assert run_planner(db, plan_prompts.plan_prompts, MONDAY + timedelta(days=14)) == 0
    assert _queued(db, "plan_slip") == []
