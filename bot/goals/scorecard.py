"""Progress: of one metric (higher or lower is better), of a goal, and a person's weighted scorecard."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.goals.cycles import PERSPECTIVES
from storage.goals import Direction, Goal, GoalType, Metric

NO_PERSPECTIVE = "all"


def metric_progress(start: float, target: float, current: float, direction: Direction | str) -> float:
    """How far from start to target `current` is, 0.0–1.0 (clamped); lower-is-better counts the way down."""
    if target == start:
        reached = current >= target if direction == Direction.HIGHER else current <= target
        return 1.0 if reached else 0.0
    share = (current - start) / (target - start)
    return max(0.0, min(1.0, share))


def goal_progress(goal: Goal, metrics: Iterable[Metric]) -> float:
    """A milestone is done or not; a KPI or objective is the mean progress of its metrics (key results)."""
    if goal.goal_type == GoalType.MILESTONE:
        return 1.0 if goal.done else 0.0
    values = [metric_progress(m.start_value, m.target_value, m.current_value, m.direction) for m in metrics]
    return sum(values) / len(values) if values else 0.0


@dataclass
class PerspectiveScore:
    name: str
    weight: int
    goals: list[tuple[Goal, float]] = field(default_factory=list)

    @property
    def goal_weight_total(self) -> int:
        return sum(goal.weight for goal, _ in self.goals)

    @property
    def progress(self) -> float:
        """Weighted by each goal's weight inside the perspective (weights are out of 100)."""
        return sum(goal.weight * progress for goal, progress in self.goals) / 100


@dataclass
class Scorecard:
    bsc_enabled: bool
    perspectives: list[PerspectiveScore]

    @property
    def progress(self) -> float:
        """The overall weighted progress, 0.0–1.0."""
        if not self.bsc_enabled:
            return self.perspectives[0].progress if self.perspectives else 0.0
        return sum(p.weight * p.progress for p in self.perspectives) / 100

    def problems(self) -> list[tuple[str, dict]]:
        """What keeps the goal set from adding up: (catalog key, params) pairs."""
        found = []
        for perspective in self.perspectives:
            if perspective.weight > 0 and not perspective.goals:
                found.append(("goal.problem.no_goal", {"perspective": perspective.name}))
            elif perspective.goals and perspective.goal_weight_total != 100:
                found.append(
                    ("goal.problem.weights", {"perspective": perspective.name, "total": perspective.goal_weight_total})
                )
        return found


def build(
    goals_with_metrics: list[tuple[Goal, list[Metric]]], *, bsc_enabled: bool, weights: dict[str, int]
) -> Scorecard:
    if not bsc_enabled:
        only = PerspectiveScore(NO_PERSPECTIVE, 100, [(g, goal_progress(g, ms)) for g, ms in goals_with_metrics])
        return Scorecard(False, [only])
    perspectives = {name: PerspectiveScore(name, int(weights.get(name, 0))) for name in PERSPECTIVES}
    for goal, metrics in goals_with_metrics:
        if goal.perspective in perspectives:
            perspectives[goal.perspective].goals.append((goal, goal_progress(goal, metrics)))
    return Scorecard(True, list(perspectives.values()))


def bar(progress: float, width: int = 10) -> str:
    """A text progress bar, e.g. ▓▓▓▓░░░░░░ 40%."""
    filled = round(max(0.0, min(1.0, progress)) * width)
    return f"{'▓' * filled}{'░' * (width - filled)} {round(progress * 100)}%"
