"""Slack-level: the goal modal's validation, manager-set goals, history, re-approval, reminders' buttons."""

import copy

import pytest
from sqlmodel import select

from bot.goals import reads, tracking
from bot.sandbox.workspace import text_of
from storage.goals import Goal, GoalStatus

LATENCY = {
    "title": "Cut p95 latency",
    "perspective": "internal",
    "goal_type": "kpi",
    "weight": "60",
    "unit": "ms",
    "start": "400",
    "target": "200",
    "direction": "lower",
}


@pytest.fixture
def q1(ws, hr):
    hr.runs("/perf cycle new")
    hr.submits({"name": "2027 Q1", "starts_on": "2027-01-01"})
    hr.submits()


def stored(ws) -> list[Goal]:
    with ws.db.session() as session:
        return list(session.exec(select(Goal).order_by(Goal.id)))


@pytest.mark.parametrize(
    ("typed", "field", "says"),
    [
        ({"weight": "lots"}, "weight", "Enter a number"),
        ({"weight": "150"}, "weight", "from 1 to 100"),
        ({"start": "four hundred"}, "start", "Enter a number"),
        ({"target": "500"}, "target", "Lower is better, so the target must be below"),
        ({"title": "x" * 151}, "title", "1 to 150 characters"),
        ({"due_on": "2027-05-01"}, "due_on", "inside the cycle (2027-01-01 to 2027-03-31)"),
        ({"start": "", "target": ""}, "target", "A KPI needs a start and a target"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_saved(ws, q1, ken, typed, field, says):
    ken.runs("/goal")
    reply = ken.submits({**LATENCY, **typed})
    assert reply.body["response_action"] == "errors"
    assert says in reply.body["errors"][field]
    assert stored(ws) == []
    assert ken.modal() is not None


def test_weights_inside_a_perspective_cannot_pass_100(ws, q1, ken):
    ken.runs("/goal")
    ken.submits(LATENCY)
    ken.runs("/goal")
    reply = ken.submits({**LATENCY, "title": "Fewer incidents", "start": "10", "target": "2"})
    assert "Weights inside Internal process would pass 100: at most 40 is left" in reply.body["errors"]["weight"]
    assert [goal.title for goal in stored(ws)] == ["Cut p95 latency"]


def test_no_cycle_is_explained_in_the_users_language(ws):
    li = ws.person("Li", locale="zh-CN")
    assert "目前没有进行中的考核周期" in li.runs("/goal").text


def test_manager_sets_a_goal_the_report_acknowledges(ws, q1, maria, ken):
    maria.runs("/goal")
    maria.submits({**LATENCY, "owner": ken.id})
    assert ken.received_dm(containing="set a goal for you in *2027 Q1*: *Cut p95 latency*", buttons=["Acknowledge"])
    assert stored(ws)[0].status == GoalStatus.ASSIGNED
    ken.clicks("Acknowledge")
    assert maria.received_dm(containing="acknowledged the goal *Cut p95 latency*")
    assert stored(ws)[0].status == GoalStatus.AGREED


def test_nobody_sets_goals_outside_their_line(ws, q1, maria, ken):
    zoe = ws.person("Zoe", role="manager")
    ws.person("Helper", manager=zoe)  # Zoe manages someone, so she may set goals for others
    zoe.runs("/goal")
    reply = zoe.submits({**LATENCY, "owner": ken.id})
    assert "people in your reporting line" in reply.body["errors"]["owner"]
    assert stored(ws) == []


def test_changing_an_agreed_goal_needs_the_managers_approval_again(ws, q1, maria, ken):
    ken.runs("/goal")
    ken.submits(LATENCY)
    ken.clicks("Propose")
    maria.clicks("Approve")
    assert ken.received_dm(containing="approved your goal", buttons=["Edit"])
    ken.clicks("Edit")
    ken.submits({"target": "150"})
    assert stored(ws)[0].status == GoalStatus.PROPOSED
    assert maria.received_dm(containing="*Cut p95 latency*", buttons=["Approve", "Request changes"])
    assert ken.received_dm(containing="Sent *Cut p95 latency* to")


def test_history_shows_who_did_what(ws, q1, maria, ken):
    ken.runs("/goal")
    ken.submits(LATENCY)
    ken.clicks("Propose")
    maria.clicks("Request changes")
    maria.submits({"comment": "Say which service"})
    ken.clicks("History")
    history = ken.last_reply().text + "\n" + "\n".join(b["text"]["text"] for b in ken.last_reply().blocks)
    assert f"<@{ken.id}> proposed" in history
    assert f"<@{maria.id}> requested changes: Say which service" in history


def test_requesting_changes_needs_a_comment(ws, q1, maria, ken):
    ken.runs("/goal")
    ken.submits(LATENCY)
    ken.clicks("Propose")
    maria.clicks("Request changes")
    reply = maria.submits({"comment": "   "})
    assert "Say what should change" in reply.body["errors"]["comment"]
    assert stored(ws)[0].status == GoalStatus.PROPOSED


def test_echoed_text_is_escaped(ws, q1, ken):
    ken.runs("/goal")
    ken.submits({**LATENCY, "title": "Ship <!channel> @here faster"})
    text = ken.last_dm().text
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text and "@\u200bhere" in text


def test_manager_reviews_from_the_reminder_button(ws, q1, hr, maria, ken):
    boss = ws.person("Boss", role="manager")
    with ws.db.session() as session:
        from bot.org import directory

        directory.set_manager(
            session, directory.get(session, ws.team_id, maria.id), directory.get(session, ws.team_id, boss.id)
        )
    ken.runs("/goal")
    ken.submits(LATENCY)
    ken.clicks("Propose")
    hr.runs("/perf cycle remind")
    assert maria.received_dm(containing="waiting for your approval", buttons=["Review goals"])
    maria.clicks("Review goals")
    assert "1 goal of your reports waits for your approval" in maria.last_reply().text
    maria.clicks("Approve")
    assert stored(ws)[0].status == GoalStatus.AGREED


def test_updating_someone_elses_kpi_is_refused(ws, q1, maria, ken):
    ken.runs("/goal")
    ken.submits(LATENCY)
    zoe = ws.person("Zoe")
    reply = zoe.runs("/goal update")
    assert "no KPI or key result to update" in reply.text
    with ws.db.session() as session:
        assert [p.source for p in tracking.points(session, reads.metrics_of(session, stored(ws)[0])[0])] == ["start"]


def test_managers_see_their_reports_goals_and_others_do_not(ws, q1, maria, ken):
    ken.runs("/goal")
    ken.submits(LATENCY)
    listing = maria.runs(f"/goal list {ken.mention}")
    assert "Goals of Ken in 2027 Q1" in listing.text and "Cut p95 latency" in listing.text
    labels = {e["text"]["text"] for b in listing.body["blocks"] if b["type"] == "actions" for e in b["elements"]}
    assert labels == {"Update progress", "History"}
    zoe = ws.person("Zoe")
    refused = zoe.runs(f"/goal list {ken.mention}")
    assert "in your reporting line" in refused.text and "Cut p95 latency" not in refused.text


def test_company_goal_is_visible_to_all_and_people_align_to_it(ws, q1, hr, ken):
    hr.runs("/goal company")
    hr.submits({**LATENCY, "title": "Fastest product in the market", "weight": "100"})
    assert hr.received_dm(containing="Saved *Fastest product in the market*")
    company = stored(ws)[0]
    assert company.owner_kind == "company" and company.status == GoalStatus.AGREED
    ken.runs("/goal")
    parent = next(b for b in ken.modal()["blocks"] if b.get("block_id") == "parent")
    assert [o["text"]["text"] for o in parent["element"]["options"]] == ["Fastest product in the market"]
    ken.submits({**LATENCY, "parent": str(company.id)})
    assert stored(ws)[1].parent_id == company.id
    assert "Fastest product in the market" in ken.runs("/goal list").text
    assert "Only HR admins" in ken.runs("/goal company").text


def test_a_milestone_is_marked_done(ws, q1, ken):
    ken.runs("/goal")
    ken.submits({"title": "Launch the EU region", "perspective": "customer", "goal_type": "milestone", "weight": "100"})
    ken.clicks("Mark done")
    assert stored(ws)[0].done
    assert ken.received_dm(containing="Done: *Launch the EU region*")


def test_everyone_sees_the_cycle_timetable(ws, q1, ken):
    assert "Goal setting: 2027-01-01" in ken.runs("/perf cycle").text
    assert "Only HR admins" in ken.runs("/perf cycle close").text


def test_an_objective_with_several_key_results(ws, q1, ken):
    ken.runs("/goal")
    ken.submits(
        {
            "title": "Delight enterprise customers",
            "perspective": "customer",
            "goal_type": "objective",
            "weight": "100",
            "metric": "NPS",
            "start": "30",
            "target": "50",
            "key_results": "Churned accounts; 8; 2\nSupport replies within a day; 70; 95; %",
        }
    )
    with ws.db.session() as session:
        metrics = reads.metrics_of(session, stored(ws)[0])
    assert [(m.name, m.direction) for m in metrics] == [
        ("NPS", "higher"),
        ("Churned accounts", "lower"),
        ("Support replies within a day", "higher"),
    ]
    ken.clicks("Edit")
    more = next(b for b in ken.modal()["blocks"] if b.get("block_id") == "key_results")
    assert more["element"]["initial_value"] == "Churned accounts; 8; 2\nSupport replies within a day; 70; 95; %"
    reply = ken.submits({"key_results": "Churned accounts; 8"})
    assert "line 1 should read" in reply.body["errors"]["key_results"]


def test_the_owner_withdraws_a_proposal_and_the_manager_can_no_longer_approve_it(ws, q1, maria, ken):
    ken.runs("/goal")
    ken.submits(LATENCY)
    ken.clicks("Propose")
    ken.runs("/goal list")
    ken.clicks("Withdraw")
    assert stored(ws)[0].status == GoalStatus.DRAFT
    maria.clicks("Approve")
    assert "can't be moved with “Approve”" in maria.last_reply().text
    assert stored(ws)[0].status == GoalStatus.DRAFT


def test_a_chinese_speaker_gets_the_goal_modal_in_chinese(ws, q1, maria):
    li = ws.person("Li", locale="zh-CN", manager=maria)
    li.runs("/goal")
    assert li.modal()["title"]["text"] == "新建目标"
    reply = li.submits({**LATENCY, "weight": "很多"})
    assert reply.body["errors"]["weight"] == "请输入数字，例如 95 或 12.5。"


def test_app_home_shows_a_manager_what_waits_and_reviews_from_there(ws, q1, maria, ken):
    ken.runs("/goal")
    ken.submits(LATENCY)
    ken.clicks("Propose")
    home = text_of(maria.opens_home()["blocks"])
    assert "1 goal of your reports waits for your approval" in home
    before = len(maria.dms())
    maria.clicks("goals.open_review")  # the home's Review goals button (the DM has none)
    assert len(maria.dms()) == before + 1
    assert maria.received_dm(containing="1 goal of your reports waits", buttons=["Approve", "Request changes"])
    maria.clicks("Approve")
    assert stored(ws)[0].status == GoalStatus.AGREED
    assert "wait for your approval" not in text_of(maria.home()["blocks"])


def test_double_clicks_and_double_submits_change_nothing_twice(ws, q1, maria, ken):
    ken.runs("/goal")
    view = ken.modal()
    ken.submits(LATENCY)
    ken.ws.slack.modal_stacks[ken.id].append(view["id"])  # Slack re-sends the same submission
    again = ken.submits(LATENCY)
    assert "already a goal with this title" in again.body["errors"]["title"]
    assert len(stored(ws)) == 1
    card = copy.deepcopy(ken.last_dm())
    ken.clicks("Propose")
    ken.ws.slack.messages.append(card)  # the card, as it looked before the first click
    ken.clicks("Propose")
    reviews = [m for m in maria.dms() if "proposes a goal" in m.text]
    assert len(reviews) == 1
    with ws.db.session() as session:
        assert [e.action for e in reads.history(session, stored(ws)[0])] == ["create", "propose"]


def test_team_goals_are_set_by_the_teams_manager_or_hr_and_others_are_refused(ws, q1, hr, maria, ken):
    refused = ken.runs("/goal team")
    assert "Only HR or a manager of Engineering can set Engineering's team goals" in refused.text
    assert ken.modal() is None
    assert "Only HR or a manager of Sales" in maria.runs("/goal team Sales").text
    maria.runs("/goal team")
    maria.submits({**LATENCY, "title": "Engineering ships weekly", "weight": "100"})
    hr.runs("/goal team Sales")
    hr.submits({**LATENCY, "title": "Sales answers in a day", "weight": "100"})
    assert [(g.owner_kind, g.owner_department, g.status) for g in stored(ws)] == [
        ("team", "Engineering", GoalStatus.AGREED),
        ("team", "Sales", GoalStatus.AGREED),
    ]
