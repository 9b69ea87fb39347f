"""Check-in domain: local times across DST, holidays, away days, reminders, catch-up, digests, streaks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import select

from bot.checkins import answers, schedules
from bot.checkins.calendar import at_local, zone
from bot.checkins.digests import plan_digests
from bot.checkins.planner import plan_prompts, plan_reminders
from bot.checkins.schedules import ScheduleChange
from bot.errors import Invalid
from bot.org import directory
from bot.org.directory import Profile
from storage.checkins import WORKSPACE_SCOPE
from storage.org import Role
from storage.outbox import Delivery, DeliveryStatus

TEAM = "T0PERF"


def person(db, slack_id: str, tz: str = "Europe/London", manager: str | None = None, role=Role.EMPLOYEE):
    with db.session() as session:
        row, _ = directory.upsert(session, TEAM, Profile(slack_id, slack_id.title(), None, tz, "en-US", True))
        directory.set_role(row, role)
        if manager:
            directory.set_manager(session, row, directory.get(session, TEAM, manager))
        return row


def schedule(db, **change):
    with db.session() as session:
        hr = directory.get(session, TEAM, "UHR")
        return schedules.apply(session, hr, WORKSPACE_SCOPE, ScheduleChange(enabled=True, **change))


@pytest.fixture
def hr(db):
    # UTC-12: HR is never due for a prompt at the moments these tests look at.
    return person(db, "UHR", tz="Etc/GMT+12", role=Role.HR_ADMIN)


def run(db, planner, moment: datetime) -> int:
    with db.session() as session:
        return planner(session, moment)


def deliveries(db, kind: str) -> list[Delivery]:
    with db.session() as session:
        return list(session.exec(select(Delivery).where(Delivery.kind == kind).order_by(Delivery.id)))


def mark_sent(db) -> None:
    with db.session() as session:
        session.exec(update(Delivery).values(status=DeliveryStatus.SENT, ts="1.0", channel="D1"))


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_los_angeles_prompt_follows_the_clock_change(db, hr):
    person(db, "UANN", tz="America/Los_Angeles")
    schedule(db)
    # Friday 12 March 2027, 16:00 PST = Saturday 00:00 UTC; clocks go forward on Sunday 14 March.
    assert run(db, plan_prompts, utc(2027, 3, 12, 23, 59)) == 0
    assert run(db, plan_prompts, utc(2027, 3, 13, 0, 0)) == 1
    # Friday 19 March, 16:00 PDT = 23:00 UTC the same day.
    assert run(db, plan_prompts, utc(2027, 3, 19, 22, 59)) == 0
    assert run(db, plan_prompts, utc(2027, 3, 19, 23, 0)) == 1
    assert [d.period for d in deliveries(db, answers.PROMPT)] == ["2027-03-12", "2027-03-19"]


def test_sydney_prompt_follows_the_clock_change_and_ignores_london_time(db, hr):
    person(db, "USYD", tz="Australia/Sydney")
    person(db, "ULON")
    schedule(db)
    # Friday 2 April 2027, 16:00 AEDT (UTC+11) = 05:00 UTC; Sydney leaves daylight time on 4 April.
    assert run(db, plan_prompts, utc(2027, 4, 2, 5, 0)) == 1
    assert run(db, plan_prompts, utc(2027, 4, 9, 5, 0)) == 0  # 15:00 AEST: not yet
    assert run(db, plan_prompts, utc(2027, 4, 9, 6, 0)) == 1
    assert {d.recipient for d in deliveries(db, answers.PROMPT)} == {"USYD"}


def test_a_local_time_skipped_by_dst_lands_just_after_the_jump():
    tz = zone("America/Los_Angeles")
    assert at_local(date(2027, 3, 14), "02:30", tz) == utc(2027, 3, 14, 10, 30)  # 03:30 PDT


def test_no_prompt_on_a_public_holiday_of_the_configured_country(db, hr):
    person(db, "ULON")
    schedule(db)
    good_friday = utc(2027, 3, 26, 16, 0)  # 16:00 GMT
    schedule(db, country="GB")
    assert run(db, plan_prompts, good_friday) == 0
    schedule(db, country="none")
    assert run(db, plan_prompts, good_friday) == 1


def test_no_prompt_on_away_days_or_outside_working_days(db, hr):
    ken = person(db, "UKEN")
    person(db, "UANA")
    schedule(db, weekdays={5})  # Saturday prompts: not a working day
    assert run(db, plan_prompts, utc(2027, 1, 9, 16, 0)) == 0
    schedule(db, weekdays={4})
    with db.session() as session:
        answers.away(session, TEAM, "UKEN", date(2027, 1, 8), date(2027, 1, 8), now=utc(2027, 1, 4, 9, 0))
    assert run(db, plan_prompts, utc(2027, 1, 8, 16, 0)) == 1
    assert [d.recipient for d in deliveries(db, answers.PROMPT)] == ["UANA"]
    assert ken.slack_id == "UKEN"


def test_a_retried_tick_queues_nothing_twice(db, hr):
    person(db, "UKEN")
    schedule(db)
    moment = utc(2027, 1, 8, 16, 0)
    assert run(db, plan_prompts, moment) == 1
    assert run(db, plan_prompts, moment) == 0
    assert run(db, plan_prompts, moment + timedelta(minutes=1)) == 0
    assert len(deliveries(db, answers.PROMPT)) == 1


def test_a_missed_tick_is_caught_up_the_same_evening_but_not_at_night(db, hr):
    person(db, "UKEN")
    person(db, "UANA", tz="Asia/Tokyo")
    schedule(db)
    # The bot was down from 15:00 to 18:30 London time on Friday.
    assert run(db, plan_prompts, utc(2027, 1, 8, 18, 30)) == 1
    [prompt] = deliveries(db, answers.PROMPT)
    assert prompt.recipient == "UKEN" and prompt.expires_at == utc(2027, 1, 8, 20, 0)
    # Tokyo's 16:00 was 07:00 UTC; at 18:30 UTC it is 03:30 on Saturday there: dropped, not sent at night.
    assert "UANA" not in {d.recipient for d in deliveries(db, answers.PROMPT)}


def test_reminder_on_the_next_working_morning_skips_the_weekend_and_holidays(db, hr):
    person(db, "UKEN")
    # Thursday 25 March 2027; then Good Friday, the weekend the UK clocks change, Easter Monday.
    schedule(db, weekdays={3}, country="GB-ENG")
    assert run(db, plan_prompts, utc(2027, 3, 25, 16, 0)) == 1
    mark_sent(db)
    assert run(db, plan_reminders, utc(2027, 3, 26, 9, 0)) == 0  # Good Friday, 09:00 GMT
    assert run(db, plan_reminders, utc(2027, 3, 29, 8, 0)) == 0  # Easter Monday, 09:00 BST
    assert run(db, plan_reminders, utc(2027, 3, 30, 7, 59)) == 0
    assert run(db, plan_reminders, utc(2027, 3, 30, 8, 0)) == 1  # Tuesday 09:00 BST
    assert run(db, plan_reminders, utc(2027, 3, 30, 8, 1)) == 0


def test_reminder_after_a_configured_delay_and_not_once_answered(db, hr):
    person(db, "UKEN")
    person(db, "UANA")
    schedule(db, reminder_delay_hours=2)
    run(db, plan_prompts, utc(2027, 1, 8, 16, 0))
    mark_sent(db)
    with db.session() as session:
        answers.submit(session, TEAM, "UANA", "2027-W01", {"went_well": "ok"}, request_id="v1", now=utc(2027, 1, 8, 17))
    assert run(db, plan_reminders, utc(2027, 1, 8, 17, 59)) == 0
    assert run(db, plan_reminders, utc(2027, 1, 8, 18, 0)) == 1
    assert [d.recipient for d in deliveries(db, answers.REMINDER)] == ["UKEN"]


def test_one_check_in_per_week_resubmitting_edits_it(db, hr):
    person(db, "UKEN")
    now = utc(2027, 1, 8, 17)
    with db.session() as session:
        first = answers.submit(session, TEAM, "UKEN", "2027-W01", {"mood": "2"}, request_id="v1", now=now)
        again = answers.submit(session, TEAM, "UKEN", "2027-W01", {"mood": "2"}, request_id="v1", now=now)
        edited = answers.submit(session, TEAM, "UKEN", "2027-W01", {"mood": "4"}, request_id="v2", now=now)
    assert first.created and not again.changed and edited.changed and not edited.created
    assert edited.checkin.id == first.checkin.id and edited.checkin.revision == 2 and edited.checkin.mood == 4
    assert len(deliveries(db, answers.THANKS)) == 2  # one per submitted modal, none for the double click
    with db.session() as session, pytest.raises(Invalid) as error:
        answers.submit(session, TEAM, "UKEN", "2027-W01", {"mood": "9"}, request_id="v3", now=now)
    assert error.value.field == "mood"


def test_digest_lists_answers_mood_trend_blockers_and_who_is_missing_or_away(db, hr):
    person(db, "UMARIA", role=Role.MANAGER)
    person(db, "UKEN", manager="UMARIA")
    person(db, "UANA", manager="UMARIA")
    person(db, "UBO", manager="UMARIA")
    schedule(db)
    with db.session() as session:
        answers.submit(session, TEAM, "UKEN", "2027-W01", {"mood": "3"}, request_id="a", now=utc(2027, 1, 8, 17))
        answers.submit(
            session,
            TEAM,
            "UKEN",
            "2027-W02",
            {"mood": "4", "blockers": "No <!channel> access"},
            request_id="b",
            now=utc(2027, 1, 15, 17),
        )
        answers.away(session, TEAM, "UBO", date(2027, 1, 14), date(2027, 1, 20), now=utc(2027, 1, 13))
    assert run(db, plan_digests, utc(2027, 1, 18, 16, 59)) == 0
    assert run(db, plan_digests, utc(2027, 1, 18, 17, 0)) == 1  # the next working day after Friday, 17:00
    assert run(db, plan_digests, utc(2027, 1, 18, 17, 1)) == 0
    [digest] = deliveries(db, answers.DIGEST)
    text = digest.message["text"]
    assert digest.recipient == "UMARIA" and digest.period == "2027-W02"
    assert "1 of 3 answered" in text
    assert "<@UKEN> · mood 3 → 4" in text and "No &lt;!channel&gt; access" in text
    assert "<@UANA> has not checked in" in text and "<@UBO> is away" in text
    assert "Streak: 2 weeks" in text


def test_streak_and_participation(db, hr):
    ken = person(db, "UKEN")
    schedule(db)
    for day in (8, 15, 22):
        run(db, plan_prompts, utc(2027, 1, day, 16, 0))
    mark_sent(db)
    with db.session() as session:
        for week in ("2027-W02", "2027-W03"):
            answers.submit(session, TEAM, "UKEN", week, {"mood": "3"}, request_id=week, now=utc(2027, 1, 22, 17))
        stats = answers.stats(session, ken, utc(2027, 1, 22, 18))
    assert (stats.streak, stats.participation) == (2, 67)
