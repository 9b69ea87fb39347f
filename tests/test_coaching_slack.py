"""Slack-level: onboarding (welcome, manager introduction, HR checklist), the handbook, thresholds and goal hints."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from bot.goals import cycles
from bot.sandbox.workspace import SlackUser, text_of
from storage.coaching import CoachingSettings, GuidePage
from storage.outbox import Delivery


def deliveries(ws, kind: str) -> list[Delivery]:
    with ws.db.session() as session:
        return list(session.exec(select(Delivery).where(Delivery.kind == kind)))


def test_a_new_joiner_gets_one_welcome_in_their_language(ws, maria):
    member = ws.slack.add_member("UJOIN", "Li", locale="zh-CN")
    ws.event({"type": "team_join", "user": member})
    joiner = SlackUser(ws, "UJOIN", "Li")
    assert joiner.received_dm(containing="欢迎使用 Perfbot，Li！", buttons=["设定我的目标", "第一次签到"])
    assert joiner.received_dm(containing="目前还没有进行中的考核周期")
    ws.event({"type": "team_join", "user": member})  # told twice (a second event), welcomed once
    assert len(deliveries(ws, "coaching.welcome")) == 1
    joiner.clicks("第一次签到")
    assert joiner.modal() is not None  # the check-in form opens


def test_first_use_welcomes_and_names_the_manager_and_the_cycles_next_step(ws, hr, maria):
    with ws.db.session() as session:
        cycles.create(
            session,
            team_id=ws.team_id,
            actor=ws.stored(hr.id),
            name="2027 Q1",
            cadence="quarterly",
            starts_on=date(2027, 1, 1),
            ends_on=date(2027, 3, 31),
            timetable=cycles.suggested_timetable(date(2027, 1, 1), date(2027, 3, 31)),
            now=ws.clock.now(),
        )
    ws.slack.add_member("UFIRST", "Nia")
    nia = SlackUser(ws, "UFIRST", "Nia")
    nia.runs("/perf help")  # Perfbot had never heard of Nia: fetched from Slack on first contact
    assert nia.received_dm(containing="Welcome to Perfbot, Nia!", buttons=["Set my goals", "My first check-in"])
    assert nia.received_dm(containing="Current cycle: 2027 Q1. Next step: Goal setting, until")
    hr.runs(f"/perf admin set-manager {nia.mention} {maria.mention}")
    nia.runs("/perf help")
    assert len(deliveries(ws, "coaching.welcome")) == 1


def test_a_first_report_brings_the_manager_an_introduction_once(ws, hr):
    lead = ws.person("Lena")
    first, second = ws.person("Finn"), ws.person("Sara")
    hr.runs(f"/perf admin set-manager {first.mention} {lead.mention}")
    assert lead.received_dm(containing="You now lead a team in Perfbot")
    assert lead.received_dm(containing="`/1on1 @report` keeps the running agenda")
    hr.runs(f"/perf admin set-manager {second.mention} {lead.mention}")
    assert len([m for m in lead.dms() if "You now lead a team" in m.text]) == 1


def test_hr_home_shows_the_setup_checklist_ticking_itself(ws, hr, maria, ken):
    home = text_of(hr.opens_home()["blocks"])
    assert "Perfbot setup checklist" in home
    assert "✅ Managers set" in home and "☐ An active evaluation cycle" in home and "☐ A kudos channel" in home
    hr.runs("/perf kudos-channel <#C0KUDOS|kudos>")
    hr.runs("/perf checkin-schedule on")
    assert "✅ A kudos channel" in hr.runs("/perf setup").text
    assert "✅ Weekly check-ins on" in text_of(hr.opens_home()["blocks"])
    assert "setup checklist" not in text_of(ken.opens_home()["blocks"])
    assert "Only HR admins" in ken.runs("/perf setup").text


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en-US", ["Writing a measurable goal", "`/perf guide calibration`"]),
        ("zh-CN", ["撰写可衡量的目标", "校准如何进行"]),
    ],
)
def test_the_handbook_lists_its_pages_in_the_persons_language(ws, locale, expected):
    reader = ws.person("Reader", locale=locale)
    shown = reader.runs("/perf guide").text
    assert all(text in shown for text in expected)


@pytest.mark.parametrize(
    ("topic", "english", "chinese"),
    [
        ("goals", "`/goal`", "平衡计分卡"),
        ("oneonone", "`/1on1 @person`", "一对一会谈"),
        ("feedback", "Situation: when and where", "情境（Situation）"),
        ("ratings", "3 Meets", "3 符合预期"),
        ("calibration", "leniency", "宽松倾向"),
        ("plans", "`/plan @report improvement", "改进计划"),
    ],
)
def test_every_page_exists_in_both_languages_and_names_its_command(ws, topic, english, chinese):
    en, zh = ws.person("En"), ws.person("Zh", locale="zh-CN")
    assert english in en.runs(f"/perf guide {topic}").text
    assert chinese in zh.runs(f"/perf guide {topic}").text


def test_hr_adds_a_company_page_that_everyone_reads(ws, hr, ken):
    reply = hr.runs("/perf guide add values Our values | *Ownership*: we finish what we start <!channel>")
    assert "/perf guide values" in reply.text
    assert "Our values" in ken.runs("/perf guide").text
    page = ken.runs("/perf guide values").text
    assert "we finish what we start" in page and "<!channel>" not in page  # HR's text is escaped
    assert "Only HR admins" in ken.runs("/perf guide add culture Culture | Be kind").text
    assert "lower-case letters" in hr.runs("/perf guide add goals Mine | x").text  # built-in names are kept
    assert "Write `/perf guide add slug Title" in hr.runs("/perf guide add values no bar here").text
    assert "There is no page “nothing”" in ken.runs("/perf guide nothing").text
    hr.runs("/perf guide remove values")
    with ws.db.session() as session:
        assert session.exec(select(GuidePage)).all() == []


def test_hr_tunes_the_thresholds_and_bad_input_changes_nothing(ws, hr, maria):
    assert "`mood` = 2" in hr.runs("/perf coaching").text
    reply = hr.runs("/perf coaching set mood=1 oneonone_days=14")
    assert "Thresholds saved" in reply.text and "`oneonone_days` = 14" in reply.text
    assert "out of range" in hr.runs("/perf coaching set mood=9").text
    assert "names among" in hr.runs("/perf coaching set colour=3").text
    assert "Only HR admins" in maria.runs("/perf coaching set mood=3").text
    assert "Try `/perf coaching off`" in maria.runs("/perf coaching").text
    with ws.db.session() as session:
        [row] = session.exec(select(CoachingSettings)).all()
    assert row.values == {"mood": 1, "oneonone_days": 14}


def test_a_vague_kpi_gets_suggestions_the_owner_and_the_manager_see(ws, hr, maria, ken):
    hr.runs("/perf cycle new")
    hr.submits({"name": "2027 Q1", "starts_on": "2027-01-01", "weights": "40/30/20/10"})
    hr.submits()
    ken.runs("/goal")
    ken.submits(
        {
            "goal_type": "kpi",
            "weight": "50",
            "title": "Improve things",
            "perspective": "internal",
            "start": "1",
            "target": "5",
        }
    )
    ken.clicks("Propose")
    assert maria.received_dm(containing="Suggestions (you may ignore them):", buttons=["Approve"])
    card = text_of(maria.last_dm().blocks)
    assert "The title is vague" in card and "Say what the KPI's number measures" in card
    assert ken.received_dm(containing="Sent *Improve things* to")
    assert ken.received_dm(containing="The title is vague")  # the owner's card says so too
    maria.clicks("Approve")  # suggestions, not rules: the goal is agreed as it is
    assert ken.received_dm(containing="approved your goal")


def test_a_chinese_speaking_manager_gets_the_monday_message_in_chinese(ws):
    from datetime import UTC, datetime

    lead = ws.person("Wang", locale="zh-CN", tz="Asia/Shanghai")
    ws.person("Chen", manager=lead, tz="Asia/Shanghai")
    ws.clock.set(datetime(2027, 1, 4, 1, 0, tzinfo=UTC))  # Monday 09:00 in Shanghai
    ws.tick()
    assert lead.received_dm(containing="本周团队（2027-W01）", buttons=["打开议程", "稍后提醒"])
    assert "只有 HR 管理员" in lead.runs("/perf coaching set mood=x").text  # not HR: refused before parsing
