"""Domain: cycle-phase reminders reach only people with something outstanding, once per moment."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from bot.goals import cycles, negotiation, phase_reminders, reads, tracking
from bot.goals.cycles import PhaseDates
from bot.goals.phase_reminders import plan_phase_reminders, push_now, stage
from storage.cycles import CyclePhase
from storage.goals import GoalStatus
from storage.outbox import Delivery
from tests.goalkit import NOW, Q1_END, kpi, people, person, q1  # noqa: F401

# Goal setting 4–15 Jan; check-ins 16 Jan–28 Feb; the rest packed at the end of the quarter.
TIMETABLE = [
    PhaseDates("goal_setting", date(2027, 1, 4), date(2027, 1, 15)),
    PhaseDates("check_ins", date(2027, 1, 16), date(2027, 2, 28)),
    PhaseDates("self_review", date(2027, 3, 1), date(2027, 3, 7)),
    PhaseDates("manager_review", date(2027, 3, 8), date(2027, 3, 14)),
    PhaseDates("calibration", date(2027, 3, 15), date(2027, 3, 21)),
    PhaseDates("results", date(2027, 3, 22), date(2027, 3, 31)),
]


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


def reminders(session) -> list[tuple[str, str]]:
    rows = session.exec(select(Delivery).where(Delivery.kind == phase_reminders.KIND).order_by(Delivery.id))
    return [(row.recipient, row.period) for row in rows]


def setup_cycle(session):
    crew = people(session)
    cycle = q1(session, crew.hana, timetable=TIMETABLE)
    return crew, cycle


@pytest.fixture(params=["by id", "by zone"])
def lookup(request, monkeypatch):
    """Who may have something to do is asked by id for a few people, by workspace and zone for many: both."""
    if request.param == "by zone":
        monkeypatch.setattr(phase_reminders, "FEW", 0)


def test_stage_moments():
    phase = CyclePhase(
        team_id="T", cycle_id=1, kind="goal_setting", opens_on=date(2027, 1, 4), due_on=date(2027, 1, 15)
    )
    assert stage(phase, [3, 1], date(2027, 1, 3)) is None
    assert stage(phase, [3, 1], date(2027, 1, 4)) == "open"
    assert stage(phase, [3, 1], date(2027, 1, 11)) == "open"
    assert stage(phase, [3, 1], date(2027, 1, 12)) == "d3"
    assert stage(phase, [3, 1], date(2027, 1, 14)) == "d1"
    assert stage(phase, [3, 1], date(2027, 1, 15)) == "d1"
    assert stage(phase, [3, 1], date(2027, 1, 16)) is None


def test_phase_opening_reminds_only_people_with_something_outstanding(db, lookup):
    with db.session() as session:
        crew, cycle = setup_cycle(session)
        # Maria has agreed goals, so as an employee she is done; Ken has none; Zoe and Olga...
        done = negotiation.create(session, cycle=cycle, actor=crew.maria, data=kpi(), now=NOW)
        done.status = GoalStatus.AGREED
        queued = plan_phase_reminders(session, at(date(2027, 1, 4)))
        recipients = {recipient for recipient, _ in reminders(session)}
    # Ken has a manager and no goals; Hana (HR, no manager), Zoe (no manager), Olga (no reports waiting) and
    # Maria (all agreed, nothing to approve) have nothing to do.
    assert recipients == {"UKEN"} and queued == 1


def test_managers_are_reminded_of_goals_awaiting_their_approval(db, lookup):
    with db.session() as session:
        crew, cycle = setup_cycle(session)
        goal = negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi(), now=NOW)
        negotiation.transition(session, goal=goal, actor=crew.ken, action="propose", now=NOW)
        plan_phase_reminders(session, at(date(2027, 1, 12)))
        rows = {row.recipient: row for row in session.exec(select(Delivery))}
    assert set(rows) == {"UKEN", "UMARIA"}
    assert "waiting for your approval" in rows["UMARIA"].message["text"]
    assert "not agreed yet" in rows["UKEN"].message["text"]
    buttons = [
        e["action_id"] for b in rows["UMARIA"].message["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    # Maria reports to Olga and has no goals herself yet: one DM tells her both things.
    assert buttons == [phase_reminders.OPEN_CREATE, phase_reminders.OPEN_REVIEW]
    assert "no goals yet" in rows["UMARIA"].message["text"]
    assert rows["UMARIA"].period == f"cycle{cycle.id}:goal_setting:d3"


def test_each_moment_is_sent_once_and_the_next_moment_again(db, lookup):
    with db.session() as session:
        crew, cycle = setup_cycle(session)
        # Ken and Maria (who reports to Olga) have no goals yet.
        assert plan_phase_reminders(session, at(date(2027, 1, 4))) == 2
        assert plan_phase_reminders(session, at(date(2027, 1, 4), 10)) == 0
        assert plan_phase_reminders(session, at(date(2027, 1, 8))) == 0
        assert plan_phase_reminders(session, at(date(2027, 1, 12))) == 2
        assert plan_phase_reminders(session, at(date(2027, 1, 14))) == 2
        assert plan_phase_reminders(session, at(date(2027, 1, 15))) == 0
        periods = [period.split(":")[-1] for recipient, period in reminders(session) if recipient == "UKEN"]
    assert periods == ["open", "d3", "d1"]


def test_reminders_wait_for_nine_in_the_persons_time_zone(db):
    with db.session() as session:
        crew, cycle = setup_cycle(session)
        tokyo = person(session, "UAKI", "Aki", manager=crew.maria)
        tokyo.tz = "Asia/Tokyo"
        session.flush()
        # 2027-01-04 01:00 UTC is 10:00 in Tokyo but 01:00 in London.
        plan_phase_reminders(session, datetime(2027, 1, 4, 1, 0, tzinfo=UTC))
        assert [r for r, _ in reminders(session)] == ["UAKI"]
        plan_phase_reminders(session, at(date(2027, 1, 4)))
        assert {r for r, _ in reminders(session)} == {"UAKI", "UKEN", "UMARIA"}


def test_check_ins_remind_people_whose_numbers_are_stale(db, lookup):
    with db.session() as session:
        crew, cycle = setup_cycle(session)
        fresh = negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi(), now=NOW)
        stale = negotiation.create(session, cycle=cycle, actor=crew.maria, data=kpi(), now=NOW)
        for goal in (fresh, stale):
            goal.status = GoalStatus.AGREED
        tracking.record_value(
            session,
            metric=reads.metrics_of(session, fresh)[0],
            value=300,
            now=at(date(2027, 1, 17)),
            actor=crew.ken,
        )
        plan_phase_reminders(session, at(date(2027, 1, 18)))
        rows = list(session.exec(select(Delivery)))
    assert [(row.recipient, row.period.split(":")[1]) for row in rows] == [("UMARIA", "check_ins")]
    assert "1 of your KPIs" in rows[0].message["text"]


def test_someone_with_nothing_to_do_at_a_moment_is_reminded_once_something_comes_up(db, lookup):
    with db.session() as session:
        crew, cycle = setup_cycle(session)
        plan_phase_reminders(session, at(date(2027, 1, 12)))
        assert {recipient for recipient, _ in reminders(session)} == {"UKEN", "UMARIA"}
        # Later the same day Maria proposes a goal: Olga, her manager, now has one to approve.
        goal = negotiation.create(session, cycle=cycle, actor=crew.maria, data=kpi(), now=NOW)
        negotiation.transition(session, goal=goal, actor=crew.maria, action="propose", now=NOW)
        assert plan_phase_reminders(session, at(date(2027, 1, 12), 15)) == 1
        assert reminders(session)[-1] == ("UOLGA", f"cycle{cycle.id}:goal_setting:d3")


def test_check_in_reminders_count_only_real_updates_since_the_phase_opened(db, lookup):
    with db.session() as session:
        crew, cycle = setup_cycle(session)
        early = negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi(), now=NOW)
        early.status = GoalStatus.AGREED
        metric = reads.metrics_of(session, early)[0]
        tracking.record_value(session, metric=metric, value=300, now=at(date(2027, 1, 10)), actor=crew.ken)
        plan_phase_reminders(session, at(date(2027, 1, 18)))
        assert reminders(session) == [("UKEN", f"cycle{cycle.id}:check_ins:open")]
        tracking.record_value(session, metric=metric, value=310, now=at(date(2027, 1, 19)), actor=crew.ken)
        assert plan_phase_reminders(session, at(date(2027, 2, 25))) == 0  # d3: updated since the phase opened


def test_closed_and_draft_cycles_send_nothing(db):
    with db.session() as session:
        crew, cycle = setup_cycle(session)
        cycles.close(session, cycle, NOW)
        q1(session, crew.hana, name="Draft", timetable=TIMETABLE, activate=False)
        assert plan_phase_reminders(session, at(date(2027, 1, 4))) == 0


def test_hr_push_reminds_now_and_again_on_a_later_push(db):
    with db.session() as session:
        crew, cycle = setup_cycle(session)
        phase, count = push_now(session, cycle, at(date(2027, 1, 6)))
        assert (phase.kind, count) == ("goal_setting", 2)
        assert push_now(session, cycle, at(date(2027, 1, 6)))[1] == 0  # the same push, retried
        assert push_now(session, cycle, at(date(2027, 1, 6)) + timedelta(hours=2))[1] == 2
        assert push_now(session, cycle, at(Q1_END + timedelta(days=1))) == (None, 0)
