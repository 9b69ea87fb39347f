"""The final score: a fixed, documented formula over goals, competencies and the self/peer/manager views.

Never typed and never evaluated from text: components are computed here and combined with the weights HR
set for the cycle. `compute_cycle` does it for a whole cycle in a fixed number of queries.

    goals    = 1 + 4 × scorecard progress (0–100 %): perspectives that hold goals, by perspective weight, and
               goals inside one by goal weight   [goal_basis "progress"]
             or the manager's goal ratings weighted by perspective weight × goal weight   [goal_basis "ratings"]
    manager  = the manager's competency ratings, weighted by competency weight
    peer     = the mean over submitted peer reviews of each one's weighted competency rating
    self     = the self review's competency ratings, weighted by competency weight
    score    = Σ weight × component / Σ weight, over the components that exist (a missing one's weight is shared
               out in proportion), rounded half up to 2 decimals
    band     = 1 below 1.50, 2 below 2.50, 3 below 3.50, 4 below 4.50, else 5
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlmodel import Session, select

from bot.goals import scorecard
from bot.reviews.competencies import COMPONENTS, setup_for
from storage.cycles import Cycle, DepartmentWeights
from storage.goals import Goal, GoalStatus, Metric, OwnerKind
from storage.org import Person
from storage.reviews import RatingAdjustment, Review, ReviewKind, ReviewRating, ReviewResult, ReviewStatus


def round_score(value: float) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def band(score: float) -> int:
    """The 1–5 rating band of a score (half up: 3.50 is a 4)."""
    return max(1, min(5, int(Decimal(str(score)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))))


def weighted_competencies(ratings: dict[str, int], weights: dict[str, int]) -> float | None:
    """The weighted mean of competency ratings (keys without a rating are left out)."""
    rated = {key: ratings[key] for key in weights if key in ratings}
    total = sum(weights[key] for key in rated)
    return sum(weights[key] * rating for key, rating in rated.items()) / total if total else None


@dataclass(frozen=True)
class Component:
    name: str
    weight: int
    value: float | None
    detail: dict[str, Any]


def combine(components: list[Component]) -> tuple[float, list[dict[str, Any]]]:
    """The score and the breakdown rows (each with its weight and the share it really carried)."""
    present = [c for c in components if c.value is not None and c.weight > 0]
    total = sum(c.weight for c in present)
    if not total:
        return 0.0, []
    score = round_score(sum(c.weight * c.value for c in present) / total)
    rows = [
        {
            "name": c.name,
            "weight": c.weight,
            "share": round(100 * c.weight / total, 1) if c in present else 0.0,
            "value": None if c.value is None else round_score(c.value),
            **c.detail,
        }
        for c in components
    ]
    return score, rows


def goal_progress(card: scorecard.Scorecard) -> float | None:
    """Weighted progress over the perspectives that hold goals (an empty perspective is a set-up problem shown
    elsewhere, not a zero in the score); inside one, goals count by their weight. None without goals."""
    parts = []
    for perspective in card.perspectives:
        if not perspective.goals:
            continue
        total = perspective.goal_weight_total
        inner = (
            sum(goal.weight * value for goal, value in perspective.goals) / total
            if total
            else sum(value for _, value in perspective.goals) / len(perspective.goals)
        )
        parts.append((perspective.weight if card.bsc_enabled else 100, inner))
    weight = sum(w for w, _ in parts)
    if not parts:
        return None
    return sum(w * v for w, v in parts) / weight if weight else sum(v for _, v in parts) / len(parts)


@dataclass
class PersonFacts:
    person: Any  # anything with .id and .department (Subject when loaded for a cycle)
    goals: list[tuple[Any, list[Any]]]  # (goal, its metrics), shaped as scorecard.build reads them
    reviews: dict[str, list[tuple[Any, dict[str, int]]]]  # kind -> [(review, {item: rating})]


def components_for(facts: PersonFacts, setup, bsc_enabled: bool, weights: dict[str, int]) -> list[Component]:
    competency_weights = {c["key"]: c["weight"] for c in setup.competencies}
    mine = {
        kind: [
            (r, {k.split(":", 1)[1]: v for k, v in items.items() if k.startswith("competency:")}) for r, items in rows
        ]
        for kind, rows in facts.reviews.items()
    }
    component_weights = {name: int(setup.component_weights.get(name, 0)) for name in COMPONENTS}
    found: list[Component] = []
    # goals
    card = scorecard.build(facts.goals, bsc_enabled=bsc_enabled, weights=weights)
    goal_value, detail = None, {"basis": "progress"}
    progress = goal_progress(card)
    if progress is not None:
        goal_value, detail = 1 + 4 * progress, {"basis": "progress", "progress": round(progress * 100, 1)}
    if setup.goal_basis == "ratings" and facts.reviews.get("manager"):
        _, items = facts.reviews["manager"][0]
        perspective = {p.name: p.weight for p in card.perspectives}
        rated = [
            (
                goal.weight
                * (perspective.get(goal.perspective or scorecard.NO_PERSPECTIVE, 100) if bsc_enabled else 100),
                items[f"goal:{goal.id}"],
            )
            for goal, _ in facts.goals
            if f"goal:{goal.id}" in items
        ]
        total = sum(weight for weight, _ in rated)
        if total:
            goal_value, detail = sum(w * r for w, r in rated) / total, {"basis": "ratings", "rated": len(rated)}
    found.append(Component("goals", component_weights["goals"], goal_value, detail))
    for kind in ("manager", "peer", "self"):
        values = [
            v
            for _, ratings in mine.get(kind, [])
            for v in [weighted_competencies(ratings, competency_weights)]
            if v is not None
        ]
        value = sum(values) / len(values) if values else None
        found.append(Component(kind, component_weights[kind], value, {"reviews": len(values)}))
    return found


def breakdown_for(
    facts: PersonFacts, setup, bsc_enabled: bool, weights: dict[str, int]
) -> tuple[float, dict[str, Any]]:
    score, rows = combine(components_for(facts, setup, bsc_enabled, weights))
    manager = facts.reviews.get("manager") or []
    review = manager[0][0] if manager else None
    return score, {
        "components": rows,
        "score": score,
        "band": band(score),
        "manager_overall": review.overall if review else None,
        "potential": review.potential if review else None,
    }


def columns_of(breakdown: dict[str, Any]) -> dict[str, Any]:
    """What calibration reads of a breakdown, as the result's plain columns."""
    values = {row["name"]: row.get("value") for row in breakdown.get("components", [])}
    return {
        "self_value": values.get("self"),
        "manager_value": values.get("manager"),
        "potential": breakdown.get("potential"),
    }


@dataclass(frozen=True)
class ReviewFacts:
    """A submitted review as the score reads it (plain values, so thousands load quickly)."""

    id: int
    kind: str
    overall: int | None
    potential: str | None


@dataclass(frozen=True)
class GoalFacts:
    """The fields of a goal the scorecard reads (`scorecard.build` takes anything shaped like a Goal)."""

    id: int
    perspective: str | None
    weight: int
    goal_type: str
    done: bool


@dataclass(frozen=True)
class MetricFacts:
    start_value: float
    target_value: float
    current_value: float
    direction: str


@dataclass(frozen=True)
class Subject:
    id: int
    department: str | None


def load_facts(session: Session, cycle: Cycle) -> dict[int, PersonFacts]:
    """Everyone with a submitted manager review in the cycle, with their goals and submitted reviews (5 queries)."""
    submitted = (Review.cycle_id == cycle.id, Review.status == ReviewStatus.SUBMITTED)
    by_review: dict[int, dict[str, int]] = defaultdict(dict)
    for item, rating, review_id in session.exec(
        select(ReviewRating.item, ReviewRating.rating, ReviewRating.review_id)
        .join(Review, Review.id == ReviewRating.review_id)
        .where(*submitted)
    ):
        by_review[review_id][item] = rating
    reviews: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for rid, subject_id, kind, overall, potential in session.exec(
        select(Review.id, Review.subject_id, Review.kind, Review.overall, Review.potential).where(*submitted)
    ):
        reviews[subject_id][str(kind)].append((ReviewFacts(rid, str(kind), overall, potential), by_review[rid]))
    reviewed = select(Review.subject_id).where(*submitted, Review.kind == ReviewKind.MANAGER)
    people = {
        pid: Subject(pid, department)
        for pid, department in session.exec(select(Person.id, Person.department).where(Person.id.in_(reviewed)))
    }
    goal_filter = (Goal.cycle_id == cycle.id, Goal.owner_kind == OwnerKind.PERSON, Goal.status == GoalStatus.AGREED)
    metrics: dict[int, list[MetricFacts]] = defaultdict(list)
    for goal_id, start, target, current, direction in session.exec(
        select(Metric.goal_id, Metric.start_value, Metric.target_value, Metric.current_value, Metric.direction)
        .join(Goal, Goal.id == Metric.goal_id)
        .where(*goal_filter)
    ):
        metrics[goal_id].append(MetricFacts(start, target, current, direction))
    goals: dict[int, list[tuple[GoalFacts, list[MetricFacts]]]] = defaultdict(list)
    for gid, owner, perspective, weight, goal_type, done in session.exec(
        select(Goal.id, Goal.owner_person_id, Goal.perspective, Goal.weight, Goal.goal_type, Goal.done)
        .where(*goal_filter)
        .order_by(Goal.id)
    ):
        goals[owner].append((GoalFacts(gid, perspective, weight, goal_type, done), metrics[gid]))
    return {
        pid: PersonFacts(person, goals.get(pid, []), {k: list(v) for k, v in reviews[pid].items()})
        for pid, person in people.items()
    }


def compute_cycle(session: Session, cycle: Cycle, now: datetime) -> int:
    """(Re)compute every unreleased result of the cycle in a fixed number of statements; returns how many."""
    setup = setup_for(session, cycle)
    facts = load_facts(session, cycle)
    department_weights = {
        row.department: row.weights
        for row in session.exec(select(DepartmentWeights).where(DepartmentWeights.cycle_id == cycle.id))
    }
    existing = {
        person_id: (rid, rating, released_at)
        for rid, person_id, rating, released_at in session.exec(
            select(ReviewResult.id, ReviewResult.person_id, ReviewResult.rating, ReviewResult.released_at).where(
                ReviewResult.cycle_id == cycle.id
            )
        )
    }
    adjusted = set(
        session.exec(
            select(RatingAdjustment.result_id)
            .join(ReviewResult, ReviewResult.id == RatingAdjustment.result_id)
            .where(ReviewResult.cycle_id == cycle.id)
        )
    )
    inserts, updates = [], []
    for pid, person_facts in facts.items():
        weights = department_weights.get(person_facts.person.department or "", cycle.weights)
        score, breakdown = breakdown_for(person_facts, setup, cycle.bsc_enabled, weights)
        row = existing.get(pid)
        if row is None:
            inserts.append(
                {
                    "team_id": cycle.team_id,
                    "cycle_id": cycle.id,
                    "person_id": pid,
                    "score": score,
                    "computed_rating": breakdown["band"],
                    "rating": breakdown["band"],
                    "breakdown": breakdown,
                    **columns_of(breakdown),
                    "computed_at": now,
                }
            )
        elif row[2] is None:
            rid, stored_rating, _ = row
            rating = stored_rating if rid in adjusted else breakdown["band"]
            updates.append(
                {
                    "result_id": rid,
                    "score": score,
                    "computed_rating": breakdown["band"],
                    "rating": rating,
                    "breakdown": breakdown,
                    **columns_of(breakdown),
                    "computed_at": now,
                }
            )
    if inserts:
        session.execute(insert(ReviewResult), inserts)
    if updates:
        table = ReviewResult.__table__  # Core executemany: no per-row ORM bookkeeping for thousands of results
        session.connection().execute(update(table).where(table.c.id == bindparam("result_id")), updates)
    session.flush()
    session.expire_all()
    return len(inserts) + len(updates)
