"""Slack-level: HR sets up a cycle through the two-step modal, sees it, reminds people, closes it."""

from datetime import date, timedelta

from bot.goals import cycles
from bot.sandbox.fake_slack import TEAM_ID


def creates_q1(hr, **basics):
    hr.runs("/perf cycle new")
    hr.submits({"name": "2027 Q1", "starts_on": "2027-01-01", **basics})
    return hr.submits()


def test_hr_creates_a_quarter_with_the_suggested_timetable(ws, hr):
    reply = hr.runs("/perf cycle new")
    assert reply.status == 200
    assert hr.modal()["callback_id"] == "cycle.new.basics"
    hr.submits({"name": "2027 Q1", "starts_on": "2027-01-01"})
    timetable = hr.modal()
    assert timetable["callback_id"] == "cycle.new.timetable"
    dates = {
        block["block_id"]: block["element"]["initial_date"] for block in timetable["blocks"] if block["type"] == "input"
    }
    assert dates["phase_goal_setting_opens"] == "2027-01-01" and dates["phase_results_due"] == "2027-03-31"
    hr.submits()
    assert hr.modal() is None
    assert hr.received_dm(containing="*2027 Q1* (active), 2027-01-01 to 2027-03-31. Weights: 40/30/20/10")
    with ws.db.session() as session:
        cycle = cycles.active(session, TEAM_ID)
        assert cycle.weights == cycles.DEFAULT_WEIGHTS and cycle.cadence == "quarterly"
        assert len(cycles.phases(session, cycle)) == 7


def test_weights_that_do_not_add_up_are_explained_next_to_the_field(ws, hr):
    hr.runs("/perf cycle new")
    reply = hr.submits({"name": "2027 Q1", "starts_on": "2027-01-01", "weights": "50/30/20/10"})
    assert reply.body["response_action"] == "errors"
    assert "add up to 100; these add up to 110" in reply.body["errors"]["weights"]
    assert hr.modal()["callback_id"] == "cycle.new.basics"


def test_overlapping_phases_are_explained_and_nothing_is_saved(ws, hr):
    hr.runs("/perf cycle new")
    hr.submits({"name": "2027 Q1", "starts_on": "2027-01-01", "options": []})
    reply = hr.submits({"phase_check_ins_opens": "2027-01-05"})
    assert reply.body["response_action"] == "errors"
    assert "overlaps Goal setting" in reply.body["errors"]["phase_check_ins_opens"]
    with ws.db.session() as session:
        assert cycles.all_cycles(session, TEAM_ID) == []


def test_bsc_off_and_department_weights(ws, hr):
    creates_q1(hr)
    reply = hr.runs("/perf cycle weights Sales 60/20/10/10")
    assert "Sales now uses weights 60/20/10/10" in reply.text
    reply = hr.runs("/perf cycle weights Sales 60/20/10/20")
    assert "add up to 110" in reply.text
    with ws.db.session() as session:
        assert cycles.weights_for(session, cycles.active(session, TEAM_ID), "Sales")["financial"] == 60


def test_only_hr_runs_cycles(ws, ken):
    reply = ken.runs("/perf cycle new")
    assert "Only HR admins" in reply.text
    assert ken.modal() is None


def test_hr_pushes_a_reminder_now_and_the_clock_sends_phase_reminders(ws, hr, maria, ken):
    creates_q1(hr)
    reply = hr.runs("/perf cycle remind")
    assert "Reminded 1 person about Goal setting" in reply.text
    assert ken.received_dm(containing="you have no goals yet", buttons=["Create a goal"])
    assert not maria.dms()  # Maria has no manager and nothing to approve
    before = len(ken.dms())
    ws.advance(timedelta(minutes=1))  # the phase opened on 1 January: the planner's own reminder
    ws.advance(timedelta(minutes=1))
    assert len(ken.dms()) == before + 1
    ken.clicks("Create a goal")
    assert ken.modal()["callback_id"] == "goals.modal"


def test_status_close_and_the_history_of_cycles(ws, hr):
    creates_q1(hr)
    assert "Goal setting: 2027-01-01" in hr.runs("/perf cycle").text
    assert "is closed" in hr.runs("/perf cycle close").text
    assert "no active cycle" in hr.runs("/perf cycle").text
    hr.runs("/perf cycle new")
    hr.submits({"name": "2027 Q2", "starts_on": "2027-04-01"})
    hr.submits()
    listing = hr.runs("/perf cycle list").text
    assert "*2027 Q2* (active)" in listing and "*2027 Q1* (closed)" in listing


def test_gaps_are_reported_and_reminder_days_are_kept(ws, hr):
    hr.runs("/perf cycle new")
    hr.submits({"name": "2027 Q1", "starts_on": "2027-01-01", "options": [], "reminder_days": "7, 2"})
    check_ins_opens = next(
        b["element"]["initial_date"] for b in hr.modal()["blocks"] if b.get("block_id") == "phase_check_ins_opens"
    )
    later = (date.fromisoformat(check_ins_opens) + timedelta(days=2)).isoformat()
    reply = hr.submits({"phase_check_ins_opens": later})
    assert reply.body.get("response_action") != "errors"
    assert hr.received_dm(containing="Note: 2 days between Goal setting and Check-ins belong to no phase.")
    with ws.db.session() as session:
        cycle = cycles.active(session, TEAM_ID)
        assert cycle.reminder_days == [7, 2]
        assert "peer_review" not in [p.kind for p in cycles.phases(session, cycle)]
