"""Slack-level: a weekly check-in moves the real goals: a KPI value becomes a dated point on the goal."""

from datetime import UTC, datetime

from sqlmodel import select

from bot.goals import reads
from storage.goals import Goal, GoalStatus, Metric, MetricPoint

FRIDAY_1600 = datetime(2027, 1, 8, 16, 0, tzinfo=UTC)


def test_a_check_in_records_the_kpi_value_on_the_agreed_goal(ws, hr, maria, ken):
    hr.runs("/perf cycle new")
    hr.submits({"name": "2027 Q1", "starts_on": "2027-01-01", "weights": "40/30/20/10"})
    hr.submits()
    ken.runs("/goal")
    ken.submits(
        {
            "goal_type": "kpi",
            "weight": "100",
            "title": "Cut p95 latency",
            "perspective": "internal",
            "start": "400",
            "target": "200",
            "unit": "ms",
            "direction": "lower",
        }
    )
    ken.clicks("Propose")
    maria.clicks("Approve")
    with ws.db.session() as session:
        goal = session.exec(select(Goal)).one()
        assert goal.status == GoalStatus.AGREED

    hr.runs("/perf checkin-schedule on")
    ws.clock.set(FRIDAY_1600)
    ws.tick()
    ken.clicks("Check in")
    field = f"kpi:{goal.id}"
    assert any(block.get("block_id") == field for block in ken.modal()["blocks"])  # the real goal is asked about
    ken.submits({field: "300", "went_well": "Cache in front of search", "mood": "4"})

    assert ken.received_dm(containing="Cut p95 latency: 0% → 50%")
    with ws.db.session() as session:
        metric = session.exec(select(Metric)).one()
        point = session.exec(select(MetricPoint).order_by(MetricPoint.id.desc())).first()
        assert (metric.current_value, point.value, point.source) == (300, 300, "checkin")
        assert reads.get(session, ws.team_id, goal.id).status == GoalStatus.AGREED
