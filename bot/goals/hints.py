"""Goal quality hints shown when a goal is proposed: suggestions the owner may ignore, seen by the approving manager."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storage.cycles import Cycle
from storage.goals import Goal, GoalType, Metric

# Words that make a title a wish rather than a goal, unless a number or a measured key result pins it down.
VAGUE = re.compile(
    r"\b(improve|better|things|stuff|various|etc|some|more|try|work on|look into|help with|be good)\b"
    r"|改进|提升|更好|一些|尽量|各种",
    re.IGNORECASE,
)
SHORT_TITLE_WORDS = 3


@dataclass(frozen=True)
class Hint:
    key: str  # a message-catalog key, "hint.<name>"
    params: dict[str, str] = field(default_factory=dict)


def for_goal(goal: Goal, metrics: list[Metric], cycle: Cycle) -> list[Hint]:
    hints: list[Hint] = []
    if goal.goal_type == GoalType.KPI and (not metrics or not any(m.unit.strip() for m in metrics)):
        hints.append(Hint("hint.kpi_unmeasured"))
    if goal.due_on is not None and not cycle.starts_on <= goal.due_on <= cycle.ends_on:
        hints.append(Hint("hint.due_outside", {"start": cycle.starts_on.isoformat(), "end": cycle.ends_on.isoformat()}))
    if any(metric.target_value == metric.start_value for metric in metrics):
        hints.append(Hint("hint.target_is_start"))
    title = goal.title.strip()
    if not re.search(r"\d", title) and (VAGUE.search(title) or len(title.split()) < 2 and len(title) < 8):
        hints.append(Hint("hint.vague_title"))
    return hints
