"""Slack-level, the whole story: HR opens a Q1 cycle, Ken proposes four goals, Maria sends one back and
approves the rest, Ken revises it and gets it approved, KPI values arrive from Slack and a CSV, and
App Home shows the weighted progress."""

from sqlmodel import select

from bot.goals import cycles, reads
from bot.goals.metrics_import import import_metrics
from bot.sandbox.fake_slack import TEAM_ID
from bot.sandbox.workspace import text_of
from storage.goals import Goal, GoalStatus

FOUR_GOALS = [
    {"title": "Grow upsell revenue", "perspective": "financial", "unit": "USD", "start": "0", "target": "100000"},
    {"title": "Raise NPS", "perspective": "customer", "start": "30", "target": "50"},
    {
        "title": "Cut p95 latency",
        "perspective": "internal",
        "unit": "ms",
        "start": "400",
        "target": "200",
        "direction": "lower",
    },
    {"title": "Complete training modules", "perspective": "learning", "start": "0", "target": "4"},
]


def stored_goals(ws) -> dict[str, Goal]:
    with ws.db.session() as session:
        return {goal.title: goal for goal in session.exec(select(Goal))}


def metric_id(ws, title: str) -> str:
    with ws.db.session() as session:
        goal = next(g for g in session.exec(select(Goal)) if g.title == title)
        return str(reads.metrics_of(session, goal)[0].id)


def test_q1_goals_from_proposal_to_weighted_progress(ws, hr, maria, ken):
    # HR opens the quarter with the classic 40/30/20/10 scorecard.
    hr.runs("/perf cycle new")
    hr.submits({"name": "2027 Q1", "starts_on": "2027-01-01", "weights": "40/30/20/10"})
    hr.submits()
    assert hr.received_dm(containing="Weights: 40/30/20/10")

    # Ken drafts and proposes one goal per perspective; Maria is asked about each.
    for goal in FOUR_GOALS:
        ken.runs("/goal")
        reply = ken.submits({"goal_type": "kpi", "weight": "100", **goal})
        assert reply.status == 200 and not reply.body.get("errors")
        assert ken.received_dm(containing=f"Saved *{goal['title']}* as draft", buttons=["Propose", "Edit"])
        ken.clicks("Propose")
        assert maria.received_dm(
            containing=f"proposes a goal for *2027 Q1*: *{goal['title']}*", buttons=["Approve", "Request changes"]
        )
    assert {g.status for g in stored_goals(ws).values()} == {GoalStatus.PROPOSED}

    # Maria approves the three newest and sends the revenue goal back with a comment.
    for _ in range(3):
        maria.clicks("Approve")
    maria.clicks("Request changes")
    assert maria.modal()["callback_id"] == "goals.comment_modal"
    maria.submits({"comment": "Make it 120000, we agreed on a bigger target"})
    assert ken.received_dm(containing="asks for changes to *Grow upsell revenue*: Make it 120000", buttons=["Edit"])
    assert ken.received_dm(containing="approved your goal *Cut p95 latency*")
    statuses = {title: goal.status for title, goal in stored_goals(ws).items()}
    assert statuses == {
        "Grow upsell revenue": GoalStatus.CHANGES_REQUESTED,
        "Raise NPS": GoalStatus.AGREED,
        "Cut p95 latency": GoalStatus.AGREED,
        "Complete training modules": GoalStatus.AGREED,
    }

    # Ken revises the target and proposes again; Maria approves.
    ken.clicks("Edit")
    assert ken.modal()["callback_id"] == "goals.modal"
    ken.submits({"target": "120000"})
    ken.clicks("Propose")
    assert maria.received_dm(containing="*Grow upsell revenue*", buttons=["Approve"])
    maria.clicks("Approve")
    revenue = stored_goals(ws)["Grow upsell revenue"]
    assert revenue.status == GoalStatus.AGREED
    with ws.db.session() as session:
        steps = [(e.action, e.to_status) for e in reads.history(session, revenue)]
        assert reads.metrics_of(session, revenue)[0].target_value == 120000
    assert steps == [
        ("create", "draft"),
        ("propose", "proposed"),
        ("request_changes", "changes_requested"),
        ("edit", "changes_requested"),
        ("propose", "proposed"),
        ("approve", "agreed"),
    ]

    # KPI values from Slack: Ken updates latency (a typo first), Maria updates his NPS.
    ken.runs("/goal update")
    reply = ken.submits({"metric": metric_id(ws, "Cut p95 latency"), "value": "fast"})
    assert "Enter a number" in reply.body["errors"]["value"]
    ken.submits({"metric": metric_id(ws, "Cut p95 latency"), "value": "250"})
    assert ken.received_dm(containing="Recorded 250ms for *Cut p95 latency*. Progress: ▓▓▓▓▓▓▓▓░░ 75%")
    maria.runs("/goal update")
    maria.submits({"metric": metric_id(ws, "Raise NPS"), "value": "40"})

    # ...and from HR's CSV.
    with ws.db.session() as session:
        result = import_metrics(
            session,
            TEAM_ID,
            f"person,metric,value\n{ken.id},Grow upsell revenue,60000\nken@example.com,Complete training modules,2\n",
            ws.clock.now(),
        )
    assert result.updated == 2

    # App Home: 40%·0.5 + 30%·0.5 + 20%·0.75 + 10%·0.5 = 55%.
    home = text_of(ken.opens_home()["blocks"])
    assert "Goals · 2027 Q1" in home
    assert "Weighted progress: ▓▓▓▓▓▓░░░░ 55%" in home
    assert "*Financial* · weight 40% · ▓▓▓▓▓░░░░░ 50%" in home
    assert "*Internal process* · weight 20% · ▓▓▓▓▓▓▓▓░░ 75%" in home
    assert "Grow upsell revenue" in home and "agreed" in home
    stored_ken = ws.stored(ken.id)
    with ws.db.session() as session:
        card = reads.person_scorecard(session, cycles.active(session, TEAM_ID), stored_ken)
        assert round(card.progress, 4) == 0.55 and card.problems() == []

    # /goal list shows the same, grouped by perspective with weights.
    listing = ken.runs("/goal list").text
    assert "Your goals in 2027 Q1" in listing and "*Customer* · weight 30%" in listing
