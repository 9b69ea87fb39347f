"""The process's own health for HR: lagging teams, silent goals, too easy or out of reach, one-way feedback."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.i18n import ENGLISH
from bot.reports import health
from storage.goals import GoalEvent
from tests import reportkit


def test_health_finds_what_does_not_work(db):
    with db.session() as session:
        org = reportkit.build(session)
        ken_goal = reportkit.add_goal(
            session, org.cycle, org.people.ken, "Docs", "learning", start=0, target=1, current=0, weight=60
        )
        session.add(
            GoalEvent(
                team_id=reportkit.TEAM,
                goal_id=ken_goal.goal_id,
                action="approve",
                to_status="agreed",
                at=datetime(2027, 1, 30, tzinfo=UTC),  # after the goal-setting deadline
            )
        )
        session.flush()
        early = health.check(session, org.cycle, datetime(2027, 1, 20, tzinfo=UTC))
        late = health.check(session, org.cycle, datetime(2027, 3, 25, tzinfo=UTC))
    assert early.easy == ["Revenue"] and early.impossible == []
    assert late.impossible == ["NPS", "Docs"] and late.easy == []
    assert early.never_updated == ["NPS", "Docs"] and early.kpis_without_data == 2
    assert early.weights_unfixed == 1  # Ken's learning goals weigh 60, not 100
    maria = next(team for team in early.managers if team.manager == "Maria")
    assert (maria.people, maria.agreed, maria.late, maria.checkins) == (1, 1, 1, 2)
    assert early.one_way_teams == ["Maria"]  # Maria praised Ken twice; nothing came back up
    assert [week for week, _, _ in early.weeks] == ["2027-W01", "2027-W02"]
    text = "\n".join(health.lines(early, ENGLISH))
    assert "Maria's team: goals agreed for 1/1 (1 late)" in text
    assert "Too easy (at 100 % before half-way): 1 (Revenue)" in text
    assert "Teams where feedback only flows down: Maria" in text
