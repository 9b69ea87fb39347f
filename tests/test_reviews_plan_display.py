"""`/plan` shows a development action's kind, skill and due date in the reader's language (only those it has)."""

from __future__ import annotations

from datetime import date

from handlers.plans import action_details
from storage.plans import ActionKind, PlanAction, Rhythm


def action(**fields) -> PlanAction:
    return PlanAction(team_id="T1", plan_id=1, text="Course", rhythm=Rhythm.MONTHLY, **fields)


def test_an_actions_kind_skill_and_due_date_in_english_and_chinese():
    seeded = action(skill="Quality <of> work", action_kind=ActionKind.STRETCH, due_on=date(2027, 6, 22))
    assert action_details("en", seeded) == "Stretch project · skill: Quality &lt;of&gt; work · due 2027-06-22"
    assert action_details("zh-CN", seeded) == "挑战性项目 · 技能：Quality &lt;of&gt; work · 截止日期：2027-06-22"


def test_an_action_without_them_adds_nothing():
    assert action_details("en", action()) == ""
    assert action_details("en", action(due_on=date(2027, 1, 5))) == "due 2027-01-05"
