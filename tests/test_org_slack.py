"""Slack-level: people kept in step with Slack, HR's admin commands, and the App Home profile."""

from bot.org.slack_sync import sync_workspace
from bot.sandbox.fake_slack import TEAM_ID
from bot.sandbox.workspace import text_of
from storage.org import Role


def test_sync_stores_two_thousand_people_across_pages_and_skips_bots(ws):
    for n in range(2000):
        ws.slack.add_member(f"UP{n:05d}", f"Person{n}", tz=["Asia/Tokyo", "America/Los_Angeles"][n % 2])
    ws.slack.add_member("UBOT1", "Buildbot", is_bot=True)
    ws.slack.add_member("USLACKBOT", "Slackbot")
    ws.slack.add_member("UGONE", "Gone", deleted=True)
    ws.slack.fail_next("users.list", "ratelimited", status=429, retry_after=0)
    seen = sync_workspace(ws.db, ws.perfbot.services.client_for(TEAM_ID), TEAM_ID, set())
    assert seen == 2001  # 2,000 people and the deactivated one; no bots
    assert len(ws.slack.calls_to("users.list")) == 1 + 11  # the rate-limited call, then 11 pages of 200
    assert ws.stored("UP01999").tz == "America/Los_Angeles"
    assert not ws.stored("UGONE").is_active
    from bot.org import directory

    with ws.db.session() as session:
        assert directory.find(session, TEAM_ID, "UBOT1") is None
        assert len(directory.people(session, TEAM_ID)) == 2000


def test_team_join_adds_the_person_and_user_change_keeps_them_current(ws):
    member = ws.slack.add_member("UJOIN", "Joiner", tz="Europe/Berlin")
    ws.event({"type": "team_join", "user": member})
    assert ws.stored("UJOIN").tz == "Europe/Berlin"
    member = ws.slack.add_member("UJOIN", "Joiner", tz="America/New_York", locale="zh-CN")
    ws.event({"type": "user_change", "user": member})
    stored = ws.stored("UJOIN")
    assert (stored.tz, stored.locale) == ("America/New_York", "zh-CN")


def test_a_retried_event_is_handled_once(ws):
    member = ws.slack.add_member("UJOIN", "Joiner")
    ws.event({"type": "team_join", "user": member}, event_id="Ev1")
    member["tz"] = "Asia/Tokyo"
    ws.event({"type": "user_change", "user": member}, event_id="Ev1")  # Slack's retry of the same id
    assert ws.stored("UJOIN").tz == "Europe/London"


def test_deactivated_person_is_marked_inactive_and_kept(ws, ken):
    member = ws.slack.add_member(ken.id, "Ken", deleted=True)
    ws.event({"type": "user_change", "user": member})
    stored = ws.stored(ken.id)
    assert not stored.is_active and stored.manager_id is not None


def test_hr_sets_a_manager_and_both_homes_are_republished(ws, hr, maria):
    sam = ws.person("Sam")
    reply = hr.runs(f"/perf admin set-manager {sam.mention} {maria.mention}")
    assert reply.body["response_type"] == "ephemeral"
    assert f"<@{maria.id}> now manages <@{sam.id}>" in reply.text
    assert ws.stored(sam.id).manager_id == ws.stored(maria.id).id
    assert f"<@{maria.id}>" in text_of(sam.home()["blocks"])
    assert f"<@{sam.id}>" in text_of(maria.home()["blocks"])


def test_a_reporting_cycle_is_refused_with_a_clear_message(ws, hr, maria, ken):
    reply = hr.runs(f"/perf admin set-manager {maria.mention} {ken.mention}")
    assert reply.body["response_type"] == "ephemeral"
    assert "loop" in reply.text
    assert ws.stored(maria.id).manager_id is None


def test_only_hr_can_run_admin_commands(ws, maria, ken):
    reply = ken.runs(f"/perf admin set-manager {maria.mention} {ken.mention}")
    assert reply.text == "Only HR admins can do that."
    assert ws.stored(maria.id).manager_id is None


def test_admin_usage_mistakes_get_hints_and_change_nothing(ws, hr, ken):
    assert "set-manager" in hr.runs("/perf admin").text
    assert "then their manager" in hr.runs(f"/perf admin set-manager {ken.mention}").text
    assert "employee|manager|hr_admin" in hr.runs(f"/perf admin set-role {ken.mention} boss").text
    assert "I don't know <@UNOBODY>" in hr.runs(f"/perf admin set-manager <@UNOBODY|x> {ken.mention}").text
    assert ws.stored(ken.id).role == Role.EMPLOYEE


def test_hr_sets_role_and_department(ws, hr, ken):
    hr.runs(f"/perf admin set-role {ken.mention} manager")
    reply = hr.runs(f"/perf admin set-department {ken.mention} Platform <!channel>")
    assert "Platform &lt;!channel&gt;" in reply.text
    stored = ws.stored(ken.id)
    assert stored.role == Role.MANAGER and stored.department == "Platform <!channel>"


def test_hr_syncs_from_slack(ws, hr):
    ws.slack.add_member("UNEW", "Nova")
    hr.runs("/perf admin sync")
    assert "Done: " in hr.last_reply().text
    assert ws.stored("UNEW").name == "Nova"


def test_app_home_shows_the_profile(ws, maria, ken):
    home = ken.opens_home()
    text = text_of(home["blocks"])
    assert "Hello, Ken!" in text and f"<@{maria.id}>" in text and "Engineering" in text and "employee" in text
    assert f"<@{ken.id}>" in text_of(maria.opens_home()["blocks"])


def test_app_home_in_chinese(ws):
    li = ws.person("Li", locale="zh-CN")
    assert "你的绩效档案" in text_of(li.opens_home()["blocks"])


def test_configured_hr_admin_is_bootstrapped_on_first_contact(sqlite_url, clock):
    from bot.sandbox.workspace import SandboxWorkspace, SlackUser

    ws = SandboxWorkspace.start(sqlite_url, clock, PERFBOT_HR_ADMINS="boss@example.com")
    try:
        ws.slack.add_member("UBOSS", "Boss", email="boss@example.com")
        SlackUser(ws, "UBOSS", "Boss").runs("/perf help")
        assert ws.stored("UBOSS").role == Role.HR_ADMIN
    finally:
        ws.close()
