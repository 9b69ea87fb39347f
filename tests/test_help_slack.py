"""Slack-level: `/perf help` and unknown sub-commands, through the real Bolt app."""

from bot.sandbox.fake_slack import TEAM_ID


def test_help_lists_what_an_employee_can_do(ws, ken):
    reply = ken.runs("/perf help")
    assert reply.status == 200
    assert reply.body["response_type"] == "ephemeral"
    assert "/perf help" in reply.text
    assert "set-manager" not in reply.text


def test_help_shows_hr_admins_the_admin_commands(ws, hr):
    reply = hr.runs("/perf help")
    assert "set-manager" in reply.text
    assert "HR admin" in reply.text


def test_unknown_sub_command_gets_a_friendly_hint(ws, ken):
    reply = ken.runs("/perf frobnicate")
    assert reply.body["response_type"] == "ephemeral"
    assert "/perf frobnicate" in reply.text and "/perf help" in reply.text


def test_help_in_chinese_for_a_zh_cn_user(ws):
    li = ws.person("Li", locale="zh-CN")
    reply = li.runs("/perf help")
    assert "Perfbot 能为你做什么" in reply.text


def test_first_contact_fetches_the_person_from_slack(ws):
    ws.slack.add_member("UNEW1", "Newcomer", tz="Asia/Tokyo")
    from bot.sandbox.workspace import SlackUser

    newcomer = SlackUser(ws, "UNEW1", "Newcomer")
    reply = newcomer.runs("/perf help")
    assert reply.status == 200
    stored = ws.stored("UNEW1")
    assert stored.tz == "Asia/Tokyo" and stored.team_id == TEAM_ID
