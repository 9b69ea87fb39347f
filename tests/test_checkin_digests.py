"""Managers' check-in digests, byte for byte: what a varied small organisation's managers receive, in both
languages and both renderers, stays exactly what `tests/data/checkin_digests.json` recorded."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import delete, update
from sqlmodel import select

from bot.checkins import answers, schedules
from bot.checkins.digests import plan_digests
from bot.checkins.goal_source import GoalStatus, MemoryGoals
from bot.checkins.planner import plan_prompts
from bot.checkins.render import TEXT, Digest, DigestEntry
from bot.checkins.schedules import ScheduleChange
from bot.goals.pace import PaceChange
from bot.org import directory
from bot.org.directory import Profile
from handlers.blocks.checkins import BlocksRenderer
from storage.checkins import WORKSPACE_SCOPE
from storage.org import Role
from storage.outbox import Delivery, DeliveryStatus

TEAM = "T0DIGEST"
GOLDEN = Path(__file__).parent / "data" / "checkin_digests.json"
DIGEST_MOMENT = datetime(2027, 1, 18, 17, 0, tzinfo=UTC)  # Monday 17:00 London: week 2's digests


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def person(session, slack_id: str, *, manager=None, locale="en-US", role=Role.EMPLOYEE, tz="Europe/London"):
    row, _ = directory.upsert(session, TEAM, Profile(slack_id, slack_id[1:].title(), None, tz, locale, True))
    directory.set_role(row, role)
    if manager:
        directory.set_manager(session, row, directory.get(session, TEAM, manager))
    session.flush()
    return row


def organisation(db) -> None:
    """Two managers (one reads Chinese, one sends a copy to a team channel) whose reports answered, missed,
    were away, skipped, kept streaks of different lengths, moved goals and wrote text needing escapes."""
    goals = MemoryGoals()
    with db.session() as session:
        hr = person(session, "UHR", role=Role.HR_ADMIN, tz="Etc/GMT+12")
        maria = person(session, "UMARIA", role=Role.MANAGER)
        person(session, "UWEI", role=Role.MANAGER, locale="zh-CN")
        for slack_id in ("UKEN", "UANA", "UBO", "ULI", "UZED"):
            person(session, slack_id, manager="UMARIA")
        for slack_id in ("UXU", "UYAN"):
            person(session, slack_id, manager="UWEI", locale="zh-CN")
        schedules.apply(session, hr, WORKSPACE_SCOPE, ScheduleChange(enabled=True))
        schedules.apply(session, maria, schedules.team_scope(maria), ScheduleChange(digest_channel="C0TEAM"))
        ken, xu = directory.get(session, TEAM, "UKEN"), directory.get(session, TEAM, "UXU")
        goals.add(TEAM, ken.id, GoalStatus("g1", "Ship <the> beta & more", progress=20))
        goals.add(TEAM, ken.id, GoalStatus("g2", "Cut p95 latency", progress=50, kpi_value=300.0, kpi_unit="ms"))
        goals.add(TEAM, xu.id, GoalStatus("g3", "提高 @channel 转化率", progress=None))
    for day in (1, 8, 15):
        with db.session() as session:
            plan_prompts(session, utc(2027, 1, day, 16, 0))
    with db.session() as session:
        session.exec(update(Delivery).values(status=DeliveryStatus.SENT, ts="1.0", channel="D1"))
    with db.session() as session:

        def submit(slack_id: str, week: str, values: dict, day: int) -> None:
            answers.submit(
                session,
                TEAM,
                slack_id,
                week,
                values,
                request_id=f"{slack_id}{week}",
                now=utc(2027, 1, day, 17),
                goals=goals,
            )

        submit("UKEN", "2027-W01", {"mood": "3", "went_well": "Demo"}, 8)
        submit(
            "UKEN",
            "2027-W02",
            {"mood": "4", "blockers": "No <!channel> access & <https://x.test|link>", "goal:g1": "45", "kpi:g2": "250"},
            15,
        )
        submit("UZED", "2026-W53", {"mood": "5"}, 1)
        submit("UZED", "2027-W02", {"went_well": "Pairing"}, 15)
        submit("UANA", "2027-W01", {"mood": "2"}, 8)
        submit("UXU", "2027-W01", {"mood": "1"}, 8)
        submit("UXU", "2027-W02", {"mood": "5", "blockers": "@here 等待 <评审>", "goal:g3": "10"}, 15)
        answers.away(session, TEAM, "UBO", date(2027, 1, 14), date(2027, 1, 20), now=utc(2027, 1, 13))
        answers.skip_week(session, TEAM, "ULI", now=utc(2027, 1, 15, 18))


def digests_sent(db, renderer) -> list[list]:
    with db.session() as session:
        queued = plan_digests(session, DIGEST_MOMENT, renderer)
        rows = session.exec(
            select(Delivery.recipient, Delivery.period, Delivery.message)
            .where(Delivery.kind == answers.DIGEST)
            .order_by(Delivery.recipient, Delivery.period)
        ).all()
        assert queued == len(rows)
        session.exec(delete(Delivery).where(Delivery.kind == answers.DIGEST))  # the other renderer plans them anew
    return [[recipient, period, message] for recipient, period, message in rows]


def synthetic_digests() -> list[Digest]:
    """What the planner's organisation does not produce: goals' live values past target or behind pace, and a
    team larger than one message holds."""
    crossed = PaceChange(1, 7, "Sales <Q1>", "crossed", 120.5, "k€", 100.0, 100, 40)
    behind = PaceChange(1, 8, "NPS", "behind", 12.0, "", 40.0, 30, 60)
    entries = [
        DigestEntry("UA", "answered", "A", 11, 3, [None, 2, 4], None, [], 1, 50, [crossed]),
        DigestEntry("UB", "missing", "", pace=[behind, crossed], streak=0, participation=None),
        DigestEntry("UC", "away", "C", streak=7, participation=100),
        DigestEntry(
            "UD",
            "answered",
            "D",
            12,
            None,
            [],
            "x",
            [{"title": "T", "before": 5, "progress": 5, "kpi": 1.5}, {"title": "U", "before": None, "progress": 9}],
            1,
            0,
        ),
    ]
    crowd = [DigestEntry(f"U{n:03}", "missing", f"P{n}", streak=n % 3, participation=n) for n in range(60)]
    return [Digest("UM", "2027-W09", entries), Digest("UN", "2027-W09", []), Digest("UO", "2027-W09", crowd)]


def everything(db) -> dict:
    organisation(db)
    rendered: dict = {"planned": {}, "rendered": {}}
    for name, renderer in (("blocks", BlocksRenderer()), ("text", TEXT)):
        rendered["planned"][name] = digests_sent(db, renderer)
        rendered["rendered"][name] = [
            renderer.digest(lang, digest) for lang in ("en", "zh-CN") for digest in synthetic_digests()
        ]
    return json.loads(json.dumps(rendered))  # stored messages are JSON: compare as JSON


def test_managers_receive_exactly_the_recorded_digests(db):
    assert everything(db) == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_one_pass_reports_on_two_weeks_each_with_its_own_mood_trend(db):
    """Maria's team is asked on Mondays and gets its digest at midnight; Wei's follows the workspace (Fridays,
    digest on Monday at 17:00): early on Tuesday both are due, for different weeks, in one pass."""
    with db.session() as session:
        hr = person(session, "UHR", role=Role.HR_ADMIN, tz="Etc/GMT+12")
        maria = person(session, "UMARIA", role=Role.MANAGER)
        person(session, "UWEI", role=Role.MANAGER, locale="zh-CN")
        person(session, "UKEN", manager="UMARIA")
        person(session, "UXU", manager="UWEI", locale="zh-CN")
        schedules.apply(session, hr, WORKSPACE_SCOPE, ScheduleChange(enabled=True))
        change = ScheduleChange(weekdays={0}, digest_time="00:00")
        schedules.apply(session, maria, schedules.team_scope(maria), change)
        for slack_id, moods in (("UKEN", {"2026-W53": "1", "2027-W01": "2", "2027-W02": "3", "2027-W03": "4"}),):
            for week, mood in moods.items():
                answers.submit(session, TEAM, slack_id, week, {"mood": mood}, request_id=week, now=utc(2027, 1, 18))
        for week, mood in {"2026-W52": "5", "2027-W01": "4", "2027-W02": "3", "2027-W03": "2"}.items():
            answers.submit(session, TEAM, "UXU", week, {"mood": mood}, request_id=f"x{week}", now=utc(2027, 1, 18))
    with db.session() as session:
        assert plan_digests(session, utc(2027, 1, 19, 1, 0), BlocksRenderer()) == 2
        sent = {
            (recipient, period): message["text"] + "".join(block["text"]["text"] for block in message["blocks"])
            for recipient, period, message in session.exec(
                select(Delivery.recipient, Delivery.period, Delivery.message).where(Delivery.kind == answers.DIGEST)
            )
        }
    assert set(sent) == {("UMARIA", "2027-W03"), ("UWEI", "2027-W02")}
    assert "<@UKEN> · mood 1 → 2 → 3 → 4" in sent[("UMARIA", "2027-W03")]
    assert "<@UXU> · 信心 5 → 4 → 3" in sent[("UWEI", "2027-W02")]
