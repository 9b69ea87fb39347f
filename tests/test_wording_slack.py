"""Slack-level (and the CLI): the wording a new user meets in both languages — empty one-to-one items, days
that do not exist, impossible KPI values, cadence spellings and the Chinese feedback words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.cli.main import main
from bot.errors import Invalid
from bot.goals import cycles, tracking
from bot.record import feedback
from storage.cycles import Cycle
from storage.feedback import Feedback, Kind, Visibility
from storage.goals import Goal, Metric, MetricPoint
from storage.oneonone import AgendaItem
from storage.org import Role
from storage.plans import Plan

LATENCY = {
    "title": "Cut p95 latency",
    "perspective": "internal",
    "goal_type": "kpi",
    "weight": "100",
    "unit": "ms",
    "start": "400",
    "target": "200",
    "direction": "lower",
}


@pytest.fixture(autouse=True)
def keep_test_logging(monkeypatch):
    """`main()` sets up the CLI's logging; here the test runner's stays (its streams outlive each test)."""
    monkeypatch.setattr("bot.logs.configure", lambda *args, **kwargs: None)


@pytest.fixture
def li(ws, maria):
    return ws.person("Li", manager=maria, locale="zh-CN")


@pytest.mark.parametrize(
    ("line", "english", "chinese"),
    [
        ("/1on1 {other} point", "The talking point is empty. Write it after `point`", "议题内容为空"),
        ("/1on1 {other} note", "The note is empty", "记录内容为空"),
        ("/1on1 {other} action", "The action item is empty", "行动项内容为空"),
    ],
)
def test_an_empty_one_to_one_item_says_what_is_missing(ws, maria, ken, li, line, english, chinese):
    reply = ken.runs(line.format(other=maria.mention)).text
    assert english in reply and "feedback" not in reply
    assert chinese in li.runs(line.format(other=maria.mention)).text
    with ws.db.session() as session:
        assert session.exec(select(AgendaItem)).all() == []


def test_an_empty_plan_title_or_action_says_what_is_missing(ws, maria, ken):
    assert "The plan needs a title" in maria.runs(f"/plan {ken.mention} development").text
    maria.runs(f"/plan {ken.mention} development Grow into tech lead")
    assert "The action goal is empty" in maria.runs(f"/plan {ken.mention} weekly").text


@pytest.mark.parametrize(
    "line",
    [
        "/1on1 {ken} action 2027-02-30 Draft the handbook",
        "/plan {ken} improvement 2027-02-30 Dependable handovers",
        "/feedback request {ken} {pia} by 2027-02-30",
    ],
)
def test_a_day_that_does_not_exist_is_called_that(ws, maria, ken, li, line):
    pia = ws.person("Pia", manager=maria)
    mentions = {"ken": ken.mention, "pia": pia.mention}
    reply = maria.runs(line.format(**mentions)).text
    assert "2027-02-30 does not exist: that month has 28 days." in reply
    with ws.db.session() as session:
        assert session.exec(select(AgendaItem)).all() == [] and session.exec(select(Plan)).all() == []


def test_a_day_that_does_not_exist_in_chinese_and_for_away_days(ws, ken, li):
    assert "2027-02-30 does not exist" in ken.runs("/checkin away 2027-02-28..2027-02-30").text
    assert "2024-02-30 这一天不存在：那个月只有 29 天。" in li.runs("/checkin away 2024-02-30").text
    assert "2027-13-01 does not exist: months go from 01 to 12." in ken.runs("/checkin away 2027-13-01").text
    assert "2027-03-01..2027-03-05" in ken.runs("/checkin away soon").text  # not a date at all: how to write one


def test_the_cli_says_a_start_day_does_not_exist(ws, capsys, monkeypatch, sqlite_url):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["cycle", "new", "--name", "2027 Q1", "--start", "2027-02-30"]) == 2
    assert "--start: 2027-02-30 does not exist: that month has 28 days." in capsys.readouterr().err


@pytest.fixture
def q1(ws, hr):
    hr.runs("/perf cycle new")
    hr.submits({"name": "2027 Q1", "starts_on": "2027-01-01"})
    hr.submits()


def metric_of(ws) -> Metric:
    with ws.db.session() as session:
        return session.exec(select(Metric)).one()


def test_a_negative_value_for_a_kpi_that_counts_down_to_200_ms_is_refused_not_100_percent(ws, q1, ken, li):
    ken.runs("/goal")
    ken.submits(LATENCY)
    ken.runs("/goal update")
    reply = ken.submits({"metric": str(metric_of(ws).id), "value": "-5"})
    assert reply.body["response_action"] == "errors"
    assert (
        "Cut p95 latency counts from 400 to 200: a negative value (-5) can't be right"
        in (reply.body["errors"]["value"])
    )
    assert metric_of(ws).current_value == 400
    assert "░░░░░░░░░░ 0%" in ken.runs("/goal list").text
    ken.runs("/goal update")
    ken.submits({"metric": str(metric_of(ws).id), "value": "150"})  # beating the target is 100 %
    assert "▓▓▓▓▓▓▓▓▓▓ 100%" in ken.runs("/goal list").text


def test_negative_values_stay_possible_where_the_kpi_itself_is_negative(db):
    metric = Metric(team_id="T", goal_id=1, name="Net churn", start_value=-2, target_value=-5, current_value=-2)
    assert not tracking.impossible_value(metric, -4)
    latency = Metric(team_id="T", goal_id=1, name="p95", start_value=400, target_value=200, current_value=400)
    assert tracking.impossible_value(latency, -1) and not tracking.impossible_value(latency, 0)
    with pytest.raises(Invalid) as refused:
        tracking.check_value(latency, -1, field="kpi:7")
    assert refused.value.field == "kpi:7"


@pytest.mark.parametrize("spelling", ["half-yearly", "halfyearly", "half_yearly", "Half yearly"])
def test_half_yearly_in_any_spelling_on_the_command_line(spelling, capsys, monkeypatch, sqlite_url, ws, hr):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["cycle", "new", "--name", "2027 H1", "--start", "2027-01-01", "--cadence", spelling]) == 0
    assert "2027-01-01 to 2027-06-30" in capsys.readouterr().out
    with ws.db.session() as session:
        assert session.exec(select(Cycle)).one().cadence == "half_yearly"


def test_an_unknown_cadence_on_the_command_line_lists_the_choices(capsys, monkeypatch, sqlite_url):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    with pytest.raises(SystemExit):
        main(["cycle", "new", "--name", "X", "--start", "2027-01-01", "--cadence", "monthly"])
    assert "use quarterly, half-yearly, yearly or custom" in capsys.readouterr().err


@pytest.mark.parametrize("spelling", ["half-yearly", "halfyearly", "half_yearly"])
def test_half_yearly_in_any_spelling_in_slack(ws, hr, spelling):
    hr.runs(f"/perf cycle new {spelling}")
    cadence = next(b for b in hr.modal()["blocks"] if b.get("block_id") == "cadence")
    assert cadence["element"]["initial_option"]["value"] == "half_yearly"
    hr.submits({"name": "2027 H1", "starts_on": "2027-01-01"})
    hr.submits()
    with ws.db.session() as session:
        assert session.exec(select(Cycle)).one().ends_on.isoformat() == "2027-06-30"
    assert "Pick a cadence: quarterly, half-yearly" in hr.runs("/perf cycle new monthly").text


@pytest.mark.parametrize(
    ("text", "visibility"),
    [
        ("私下 多写测试", Visibility.PRIVATE),
        ("公开 表扬 演示很棒", Visibility.SHARED),
        ("私密 辅导 慢一点", Visibility.PRIVATE),
    ],
)
def test_chinese_words_choose_the_visibility(text, visibility):
    assert feedback.parse_words(text).visibility == visibility


def test_a_chinese_speaker_logs_private_feedback_with_si_xia(ws, ken):
    lead = ws.person("Wang", role=Role.MANAGER, locale="zh-CN")
    mei = ws.person("Mei", manager=lead, locale="zh-CN")
    reply = lead.runs(f"/feedback {mei.mention} 私下 辅导 评审时多解释原因").text
    assert "私下" not in reply
    with ws.db.session() as session:
        note = session.exec(select(Feedback)).one()
    assert (note.visibility, note.kind, note.text) == (Visibility.PRIVATE, Kind.COACHING, "评审时多解释原因")


def test_the_cycle_module_reads_cadences(db):
    assert cycles.cadence_of(" Half-Yearly ") == "half_yearly"
    with pytest.raises(Invalid):
        cycles.cadence_of("monthly")


def test_a_negative_kpi_in_a_check_in_is_explained_next_to_that_field(ws, q1, hr, maria, ken):
    ken.runs("/goal")
    ken.submits(LATENCY)
    ken.clicks("Propose")
    maria.clicks("Approve")
    hr.runs("/perf checkin-schedule on")
    ws.clock.set(datetime(2027, 1, 8, 16, 0, tzinfo=UTC))
    ws.tick()
    ken.clicks("Check in")
    with ws.db.session() as session:
        field = f"kpi:{session.exec(select(Goal)).one().id}"
    reply = ken.submits({field: "-300", "went_well": "Cache", "mood": "4"})
    assert reply.body["response_action"] == "errors"
    assert "a negative value (-300) can't be right" in reply.body["errors"][field]
    with ws.db.session() as session:
        assert [p.source for p in session.exec(select(MetricPoint))] == ["start"]
