"""Slack-level: weekly check-ins through the real Bolt app and the fake Slack."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.checkins.goal_source import GoalStatus, MemoryGoals
from bot.delivery.sender import LEASE, Sender
from bot.sandbox.workspace import text_of
from storage.checkins import AwayPeriod, Checkin, CheckinReply, CheckinSchedule
from storage.outbox import Delivery

FRIDAY_1559 = datetime(2027, 1, 8, 15, 59, tzinfo=UTC)  # London is on UTC in January
FRIDAY_1600 = datetime(2027, 1, 8, 16, 0, tzinfo=UTC)
MONDAY_0900 = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
MONDAY_1700 = datetime(2027, 1, 11, 17, 0, tzinfo=UTC)


@pytest.fixture
def goals(ws) -> MemoryGoals:
    memory = MemoryGoals()
    ws.perfbot.services.checkin_goals = memory
    return memory


@pytest.fixture
def sam(ws, maria):
    return ws.person("Sam", manager=maria, department="Engineering")


def at(ws, moment: datetime) -> None:
    ws.clock.set(moment)
    ws.tick()


def stored(ws, table):
    with ws.db.session() as session:
        return list(session.exec(select(table)))


def test_prompt_answer_progress_reminder_and_digest(ws, hr, maria, ken, sam, goals):
    goals.add(ws.team_id, ws.stored(ken.id).id, GoalStatus("g1", "Cut p95 latency", progress=40))
    reply = hr.runs("/perf checkin-schedule on")
    assert "Fri at 16:00" in reply.text

    at(ws, FRIDAY_1559)
    assert not ken.received_dm(containing="weekly check-in")
    at(ws, FRIDAY_1600)
    assert ken.received_dm(containing="weekly check-in (2027-W01)", buttons=["Check in"])
    assert sam.received_dm(containing="weekly check-in", buttons=["Check in"])

    ken.clicks("Check in")
    modal = ken.modal()
    assert modal["private_metadata"] == "2027-W01"
    goal_input = next(b for b in modal["blocks"] if b.get("block_id") == "goal:g1")
    assert goal_input["element"]["initial_value"] == "40"  # pre-filled with the goal
    ken.submits({"goal:g1": "60", "went_well": "Shipped the cache", "blockers": "Need staging access", "mood": "4"})
    assert ken.modal() is None
    assert ken.received_dm(containing="your check-in for 2027-W01 is saved")
    assert ken.received_dm(containing="Cut p95 latency: 40% → 60%")
    assert goals.active_goals(None, ws.team_id, ws.stored(ken.id).id)[0].progress == 60
    [checkin] = stored(ws, Checkin)
    assert (checkin.week, checkin.mood, checkin.blockers) == ("2027-W01", 4, "Need staging access")

    at(ws, datetime(2027, 1, 11, 8, 59, tzinfo=UTC))
    assert not sam.received_dm(containing="gentle reminder")
    at(ws, MONDAY_0900)
    assert sam.received_dm(containing="gentle reminder: your check-in for 2027-W01 is still open", buttons=["Check in"])
    assert not ken.received_dm(containing="gentle reminder")

    at(ws, MONDAY_1700)
    assert maria.received_dm(containing="Team check-ins for 2027-W01: 1 of 2 answered", buttons=["Reply to Ken"])
    digest = maria.last_dm()
    text = digest.text + str(digest.blocks)
    assert "Need staging access" in text and "40% → 60%" in text and "mood 4" in text
    assert f"<@{sam.id}> has not checked in" in text

    maria.clicks("Reply to Ken")
    maria.submits({"reply": "Great week. I'll get you staging access today."})
    prompt = next(m for m in ken.dms() if "weekly check-in" in m.text)
    answer = ken.last_dm()
    assert "Great week" in answer.text and answer.thread_ts == prompt.ts  # a thread on the prompt
    [stored_reply] = stored(ws, CheckinReply)
    assert stored_reply.checkin_id == checkin.id and stored_reply.subject_id == ws.stored(ken.id).id


def test_resubmitting_edits_the_weeks_check_in_and_a_double_click_counts_once(ws, hr, ken):
    hr.runs("/perf checkin-schedule on")
    at(ws, FRIDAY_1600)
    ken.runs("/checkin")
    view = ken.modal()
    ken.submits({"went_well": "Demo", "mood": "3"})
    ws.slack.modal_stacks[ken.id].append(view["id"])  # the same submit arrives a second time
    ken.submits({"went_well": "Demo", "mood": "3"})
    assert len([m for m in ken.dms() if "is saved" in m.text]) == 1
    [checkin] = stored(ws, Checkin)
    assert checkin.revision == 1

    ken.runs("/checkin")
    assert next(b for b in ken.modal()["blocks"] if b.get("block_id") == "went_well")["element"]["initial_value"] == (
        "Demo"
    )
    ken.submits({"went_well": "Demo, and a release", "mood": "5"})
    [checkin] = stored(ws, Checkin)
    assert checkin.revision == 2 and checkin.mood == 5
    assert ken.received_dm(containing="Your check-in for 2027-W01 is updated")


def test_bad_scale_value_is_refused_and_nothing_is_stored(ws, hr, ken):
    hr.runs("/perf checkin-schedule on")
    ken.runs("/checkin")
    reply = ken.submits({"went_well": ""})
    assert reply.body["response_action"] == "errors"
    assert "at least one question" in reply.body["errors"]["went_well"]
    assert stored(ws, Checkin) == []


def test_skip_and_away_stop_prompts(ws, hr, ken, sam):
    hr.runs("/perf checkin-schedule on")
    assert "Skipped" in ken.runs("/checkin skip").text
    reply = sam.runs("/checkin away 2027-01-07..2027-01-12")
    assert "2027-01-07 to 2027-01-12" in reply.text
    at(ws, FRIDAY_1600)
    assert not ken.received_dm(containing="weekly check-in")
    assert not sam.received_dm(containing="weekly check-in")
    assert {a.reason for a in stored(ws, AwayPeriod)} == {"skip", "away"}


def test_skipping_after_the_prompt_cancels_the_reminder_and_the_digest_says_skipped(ws, hr, maria, ken, sam):
    hr.runs("/perf checkin-schedule on")
    at(ws, FRIDAY_1600)
    assert ken.received_dm(containing="weekly check-in (2027-W01)")
    assert "Skipped" in ken.runs("/checkin skip").text
    sam.runs("/checkin away 2027-01-08..2027-01-08")
    at(ws, MONDAY_0900)
    assert not ken.received_dm(containing="gentle reminder")
    assert not sam.received_dm(containing="gentle reminder")
    at(ws, MONDAY_1700)
    digest = maria.last_dm()
    text = digest.text + text_of(digest.blocks)
    assert "Team check-ins for 2027-W01: 0 of 2 answered" in text
    assert f"<@{ken.id}> skipped this week" in text and f"<@{sam.id}> is away this week" in text


def test_bad_away_dates_get_a_clear_message(ws, ken):
    assert "2027-03-01..2027-03-05" in ken.runs("/checkin away next week").text
    assert "before the last day" in ken.runs("/checkin away 2027-01-10..2027-01-08").text
    assert stored(ws, AwayPeriod) == []


def test_a_manager_without_a_team_schedule_sees_the_workspace_default_that_applies(ws, hr, maria, ken):
    assert "not set up yet" in maria.runs("/perf checkin-schedule team").text
    hr.runs("/perf checkin-schedule on")
    reply = maria.runs("/perf checkin-schedule team").text
    assert "not set up" not in reply
    assert "Your team has no schedule of its own, so the workspace default below applies" in reply
    assert "Fri at 16:00" in reply
    assert [s.scope for s in stored(ws, CheckinSchedule)] == ["workspace"]  # looking changes nothing


def test_a_manager_sets_the_team_schedule_and_an_employee_cannot(ws, hr, maria, ken):
    hr.runs("/perf checkin-schedule on")
    reply = maria.runs("/perf checkin-schedule team mon,thu 10:30 remind=24h channel=<#C0TEAM|team> country=GB")
    assert "Mon, Thu at 10:30" in reply.text and "24 h after" in reply.text
    assert "Only a manager" in ken.runs("/perf checkin-schedule team fri 16:00").text
    assert "HR" in ken.runs("/perf checkin-schedule fri 16:00").text
    assert "not a time" in maria.runs("/perf checkin-schedule team 25:00").text
    scopes = {s.scope: s for s in stored(ws, CheckinSchedule)}
    team = scopes[f"team:{ws.stored(maria.id).id}"]
    assert (team.weekdays, team.local_time, team.reminder_delay_hours, team.digest_channel) == (
        "0,3",
        "10:30",
        24,
        "C0TEAM",
    )

    reply = maria.runs("/perf checkin-questions team add scale How is your energy?")
    assert "6. How is your energy? (1–5)" in reply.text
    ws.clock.set(datetime(2027, 1, 7, 10, 30, tzinfo=UTC))  # Thursday
    ws.tick()
    ken.clicks("Check in")
    assert any(b.get("block_id") == "q1" for b in ken.modal()["blocks"])


def test_hr_sees_failed_deliveries_with_the_reason(ws, hr, ken):
    hr.runs("/perf checkin-schedule on")
    ws.slack.add_member(ken.id, "Ken", deleted=True)  # deactivated in Slack, not yet synced
    at(ws, FRIDAY_1600)
    assert "user_disabled" in hr.runs("/perf deliveries").text
    [delivery] = [d for d in stored(ws, Delivery) if d.recipient == ken.id]
    assert delivery.status == "failed"


def test_help_lists_check_in_commands_by_role(ws, hr, maria, ken):
    assert "/checkin" in ken.runs("/perf help").text and "checkin-schedule" not in ken.runs("/perf help").text
    assert "checkin-schedule team" in maria.runs("/perf help").text
    assert "/perf deliveries" in hr.runs("/perf help").text


def test_a_429_delays_the_prompt_by_retry_after_and_it_still_arrives_once(ws, hr, ken):
    hr.runs("/perf checkin-schedule on")
    ws.slack.fail_next("chat.postMessage", "ratelimited", status=429, retry_after=30)
    at(ws, FRIDAY_1600)
    assert not ken.received_dm(containing="weekly check-in")
    ws.advance(timedelta(seconds=30))
    assert len([m for m in ken.dms() if "weekly check-in" in m.text]) == 1


def test_a_restart_after_a_crash_mid_fan_out_sends_the_rest_and_nothing_twice(ws, hr, ken, sam, monkeypatch):
    hr.runs("/perf checkin-schedule on")
    ws.clock.set(FRIDAY_1600)
    from bot.delivery.planning import tick

    tick(ws.db, ws.clock, ws.perfbot.services.planners)  # planned, not yet sent
    sender = ws.perfbot.services.sender
    claimed = sender.claim()
    sender.post(claimed[0])  # one prompt goes out, then the process dies holding the other
    restarted = Sender(ws.db, ws.perfbot.services.client_for, ws.clock)
    ws.clock.advance(LEASE)
    restarted.drain()
    for person in (ken, sam):
        assert len([m for m in person.dms() if "weekly check-in" in m.text]) == 1


def test_the_app_home_shows_streak_and_participation(ws, hr, maria, ken):
    hr.runs("/perf checkin-schedule on")
    at(ws, FRIDAY_1600)
    ken.clicks("Check in")
    ken.submits({"went_well": "Demo"})
    home = ken.opens_home()
    assert "Streak: 1 week · participation: 100%" in text_of(home["blocks"])
    assert f"<@{ken.id}>: Streak: 1 week ·" in text_of(maria.opens_home()["blocks"])


def test_a_chinese_speaker_is_prompted_in_chinese(ws, hr):
    li = ws.person("Li", locale="zh-CN")
    hr.runs("/perf checkin-schedule on")
    at(ws, FRIDAY_1600)
    assert li.received_dm(containing="该做每周签到了", buttons=["去签到"])


def test_the_digest_also_goes_to_the_team_channel_the_manager_picked(ws, hr, maria, ken):
    hr.runs("/perf checkin-schedule on")
    maria.runs("/perf checkin-schedule team channel=<#C0TEAM|team>")
    at(ws, FRIDAY_1600)
    at(ws, MONDAY_1700)
    [posted] = ws.slack.messages_in("C0TEAM")
    assert "Team check-ins for 2027-W01: 0 of 1 answered" in posted.text
    assert maria.received_dm(containing="Team check-ins for 2027-W01")


def test_only_the_manager_line_may_reply_to_a_check_in(ws, hr, maria, ken, sam):
    hr.runs("/perf checkin-schedule on")
    at(ws, FRIDAY_1600)
    ken.clicks("Check in")
    ken.submits({"went_well": "Demo"})
    [checkin] = stored(ws, Checkin)
    from bot.checkins import answers
    from bot.errors import Forbidden

    for author in (sam, ken):
        with ws.db.session() as session, pytest.raises(Forbidden):
            answers.reply(session, ws.team_id, author.id, checkin.id, "hi", request_id=f"r{author.id}", now=FRIDAY_1600)
    assert stored(ws, CheckinReply) == []
