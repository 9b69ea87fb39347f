"""The nudge rules: plain facts about a manager's team in, what needs action (and why) out. No queries here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.coaching.settings import Thresholds

# Rule names (stored with each raised nudge) and the one-click actions each offers, in order.
MOOD, BLOCKERS, ONEONONE, ACTIONS, GOAL, FEEDBACK, PLAN, RECOGNITION = (
    "mood",
    "blockers",
    "oneonone",
    "actions",
    "goal",
    "feedback",
    "plan",
    "recognition",
)
RULES = (MOOD, BLOCKERS, ONEONONE, ACTIONS, GOAL, FEEDBACK, PLAN, RECOGNITION)
SCHEDULE, OPEN_AGENDA, ASK_UPDATE, ADD_POINT, OPEN_FEEDBACK, OPEN_KUDOS, OPEN_PLAN = (
    "schedule",
    "agenda",
    "ask_update",
    "add_point",
    "feedback",
    "kudos",
    "plan",
)
ACTIONS_OF = {
    MOOD: (SCHEDULE,),
    BLOCKERS: (ADD_POINT,),
    ONEONONE: (OPEN_AGENDA,),
    ACTIONS: (OPEN_AGENDA,),
    GOAL: (ASK_UPDATE, ADD_POINT),
    FEEDBACK: (OPEN_FEEDBACK,),
    PLAN: (OPEN_PLAN,),
    RECOGNITION: (OPEN_KUDOS,),
}


@dataclass(frozen=True)
class GoalFact:
    goal_id: int
    owner_id: int
    title: str
    progress: float  # 0.0–1.0
    last_update: datetime
    cycle_start: date
    cycle_end: date


@dataclass
class TeamFacts:
    """What the rules need to know about one manager's direct reports (each map is keyed by report id)."""

    manager_id: int
    reports: list[int]
    slack_ids: dict[int, str] = field(default_factory=dict)  # the reports' Slack ids
    team_of: dict[int, str] = field(default_factory=dict)  # the reports' workspaces
    moods: dict[int, list[tuple[str, int | None, str | None]]] = field(default_factory=dict)  # newest week first
    last_held: dict[int, datetime | None] = field(default_factory=dict)  # absent: the pair never met in Perfbot
    cadence_days: dict[int, int | None] = field(default_factory=dict)
    overdue_actions: dict[int, int] = field(default_factory=dict)
    goals: list[GoalFact] = field(default_factory=list)
    last_feedback: dict[int, datetime] = field(default_factory=dict)
    recognised: set[int] = field(default_factory=set)
    plans_due: dict[int, list[str]] = field(default_factory=dict)  # the plan's title, or its slipped actions
    snoozed: set[tuple[int, str]] = field(default_factory=set)  # (subject id, rule)


@dataclass(frozen=True)
class Raised:
    """One thing that needs the manager's action: about whom, by which rule, and the facts that say why."""

    subject_id: int
    rule: str
    detail: dict[str, Any]

    @property
    def actions(self) -> tuple[str, ...]:
        return ACTIONS_OF[self.rule]


def mood_nudge(moods: list[tuple[str, int | None, str | None]], limits: Thresholds) -> dict[str, Any] | None:
    """Low twice running, or a sharp drop from the weeks before."""
    scores = [mood for _, mood, _ in moods if mood is not None][:4]
    if len(scores) < 2:
        return None
    latest, before = scores[0], scores[1:]
    low = latest <= limits.mood and scores[1] <= limits.mood
    drop = sum(before) / len(before) - latest >= limits.mood_drop
    if not (low or drop):
        return None
    return {"moods": list(reversed(scores)), "why": "low" if low else "drop"}


def blockers_nudge(moods: list[tuple[str, int | None, str | None]], limits: Thresholds) -> dict[str, Any] | None:
    recent = [blockers for _, _, blockers in moods[:3] if blockers and blockers.strip()]
    if len(recent) < limits.blockers:
        return None
    return {"count": len(recent), "latest": recent[0][:200]}


def oneonone_nudge(
    last_held: datetime | None, cadence: int | None, today: date, limits: Thresholds, *, known: bool
) -> dict[str, Any] | None:
    allowed = cadence or limits.oneonone_days
    if not known or last_held is None:
        return {"never": True, "days": 0, "limit": allowed}
    days = (today - last_held.date()).days
    return {"never": False, "days": days, "limit": allowed} if days > allowed else None


def goal_nudge(goal: GoalFact, today: date, limits: Thresholds) -> dict[str, Any] | None:
    """Behind the time elapsed in the cycle by more than the margin, or not updated for too long."""
    length = max(1, (goal.cycle_end - goal.cycle_start).days)
    elapsed = min(1.0, max(0.0, (today - goal.cycle_start).days / length))
    behind = round(elapsed * 100) - round(goal.progress * 100)
    quiet = (today - goal.last_update.date()).days
    if behind > limits.goal_margin:
        why = "behind"
    elif quiet >= limits.goal_stale_days and goal.progress < 1.0:
        why = "stale"
    else:
        return None
    return {
        "goal_id": goal.goal_id,
        "title": goal.title,
        "why": why,
        "progress": round(goal.progress * 100),
        "elapsed": round(elapsed * 100),
        "days": quiet,
    }


def evaluate(team: TeamFacts, today: date, now: datetime, limits: Thresholds) -> list[Raised]:
    """Every nudge for one manager, reports in the given order, the team-wide one last; snoozed ones left out."""
    raised: list[Raised] = []
    goals_of: dict[int, list[GoalFact]] = {}
    for goal in team.goals:
        goals_of.setdefault(goal.owner_id, []).append(goal)
    for report in team.reports:
        moods = team.moods.get(report, [])
        found: list[tuple[str, dict[str, Any] | None]] = [
            (MOOD, mood_nudge(moods, limits)),
            (BLOCKERS, blockers_nudge(moods, limits)),
            (
                ONEONONE,
                oneonone_nudge(
                    team.last_held.get(report),
                    team.cadence_days.get(report),
                    today,
                    limits,
                    known=report in team.last_held,
                ),
            ),
        ]
        if team.overdue_actions.get(report):
            found.append((ACTIONS, {"count": team.overdue_actions[report]}))
        behind = [detail for goal in goals_of.get(report, []) if (detail := goal_nudge(goal, today, limits))]
        if behind:
            found.append((GOAL, {"goals": behind[:3], "more": max(0, len(behind) - 3)}))
        last = team.last_feedback.get(report)
        if last is None or (now - last).days >= limits.feedback_days:
            found.append((FEEDBACK, {"days": None if last is None else (now - last).days}))
        if team.plans_due.get(report):
            found.append((PLAN, {"items": team.plans_due[report][:3]}))
        raised += [
            Raised(report, rule, detail)
            for rule, detail in found
            if detail is not None and (report, rule) not in team.snoozed
        ]
    if team.reports and not team.recognised and (team.manager_id, RECOGNITION) not in team.snoozed:
        raised.append(Raised(team.manager_id, RECOGNITION, {"people": len(team.reports)}))
    return raised
