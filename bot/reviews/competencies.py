"""A cycle's review set-up: competencies and their weights, component weights, peer limits, merit matrix."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from bot.errors import Invalid
from bot.org import access
from storage.cycles import Cycle
from storage.org import Person
from storage.reviews import ReviewSetup

SCALE = (1, 2, 3, 4, 5)
POTENTIALS = ("low", "medium", "high")
COMPONENTS = ("goals", "manager", "peer", "self")
GOAL_BASES = ("progress", "ratings")
# The documented default: goals and the manager's view carry the score; peers and self inform it.
DEFAULT_COMPONENT_WEIGHTS = {"goals": 40, "manager": 40, "peer": 10, "self": 10}
DEFAULT_COMPETENCIES: list[dict[str, Any]] = [
    {"key": "delivery", "weight": 30, "en": "Delivers results", "zh-CN": "交付成果"},
    {"key": "quality", "weight": 20, "en": "Quality of work", "zh-CN": "工作质量"},
    {"key": "collaboration", "weight": 20, "en": "Collaboration", "zh-CN": "协作"},
    {"key": "ownership", "weight": 15, "en": "Ownership", "zh-CN": "主人翁意识"},
    {"key": "growth", "weight": 15, "en": "Learning and growth", "zh-CN": "学习与成长"},
]
# Rating band -> merit increase (%) and bonus multiplier; HR changes it per cycle.
DEFAULT_MERIT_MATRIX = {
    "1": {"merit_pct": 0.0, "bonus_multiplier": 0.0},
    "2": {"merit_pct": 1.0, "bonus_multiplier": 0.5},
    "3": {"merit_pct": 3.0, "bonus_multiplier": 1.0},
    "4": {"merit_pct": 5.0, "bonus_multiplier": 1.25},
    "5": {"merit_pct": 8.0, "bonus_multiplier": 1.5},
}
DEFAULT_PEER_LIMITS = (3, 5)


def default_setup(cycle: Cycle) -> ReviewSetup:
    return ReviewSetup(
        team_id=cycle.team_id,
        cycle_id=cycle.id,
        competencies=[dict(c) for c in DEFAULT_COMPETENCIES],
        component_weights=dict(DEFAULT_COMPONENT_WEIGHTS),
        goal_basis="progress",
        peer_min=DEFAULT_PEER_LIMITS[0],
        peer_max=DEFAULT_PEER_LIMITS[1],
        merit_matrix={band: dict(row) for band, row in DEFAULT_MERIT_MATRIX.items()},
        promotion_threshold=4.0,
    )


def setup_for(session: Session, cycle: Cycle) -> ReviewSetup:
    """The cycle's set-up as stored, or the default (not stored until HR changes something)."""
    found = session.exec(select(ReviewSetup).where(ReviewSetup.cycle_id == cycle.id)).first()
    return found or default_setup(cycle)


def _stored(session: Session, cycle: Cycle) -> ReviewSetup:
    setup = setup_for(session, cycle)
    if setup.id is None:
        session.add(setup)
    return setup


def competency_label(competency: dict[str, Any], lang: str) -> str:
    return competency.get(lang) or competency.get("en") or competency["key"]


def validate_competencies(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each competency has a key, English and Chinese text and a whole weight; the weights sum to 100."""
    keys: set[str] = set()
    for item in items:
        key = str(item.get("key") or "").strip().lower()
        if not key or not key.replace("_", "").isalnum() or key in keys:
            raise Invalid("review.setup.competency_key", field="competencies", competency=key or "?")
        if not str(item.get("en") or "").strip() or not str(item.get("zh-CN") or "").strip():
            raise Invalid("review.setup.competency_text", field="competencies", competency=key)
        weight = item.get("weight")
        if not isinstance(weight, int) or weight <= 0:
            raise Invalid("review.setup.competency_weight", field="competencies", competency=key)
        keys.add(key)
    total = sum(item["weight"] for item in items)
    if not items or total != 100:
        raise Invalid("review.setup.weights_sum", field="competencies", total=total)
    return [{"key": i["key"].strip().lower(), "weight": i["weight"], "en": i["en"], "zh-CN": i["zh-CN"]} for i in items]


def parse_component_weights(text: str) -> dict[str, int]:
    """'goals=40 manager=40 peer=10 self=10' -> weights; they must name all four and sum to 100."""
    found: dict[str, int] = {}
    for word in text.split():
        name, _, value = word.partition("=")
        if name not in COMPONENTS or not value.isdigit():
            raise Invalid("review.setup.components_usage")
        found[name] = int(value)
    if set(found) != set(COMPONENTS):
        raise Invalid("review.setup.components_usage")
    total = sum(found.values())
    if total != 100:
        raise Invalid("review.setup.weights_sum", total=total)
    return found


def set_component_weights(session: Session, *, actor: Person, cycle: Cycle, weights: dict[str, int], now: datetime):
    access.require_hr(actor)
    setup = _stored(session, cycle)
    setup.component_weights = dict(weights)
    setup.updated_at = now
    session.flush()
    return setup


def set_competencies(session: Session, *, actor: Person, cycle: Cycle, items: list[dict[str, Any]], now: datetime):
    access.require_hr(actor)
    setup = _stored(session, cycle)
    setup.competencies = validate_competencies(items)
    setup.updated_at = now
    session.flush()
    return setup


def set_goal_basis(session: Session, *, actor: Person, cycle: Cycle, basis: str, now: datetime) -> ReviewSetup:
    access.require_hr(actor)
    if basis not in GOAL_BASES:
        raise Invalid("review.setup.basis_usage")
    setup = _stored(session, cycle)
    setup.goal_basis = basis
    setup.updated_at = now
    session.flush()
    return setup


def set_peer_limits(session: Session, *, actor: Person, cycle: Cycle, low: int, high: int, now: datetime):
    access.require_hr(actor)
    if not 0 <= low <= high <= 10:
        raise Invalid("review.setup.peer_limits")
    setup = _stored(session, cycle)
    setup.peer_min, setup.peer_max, setup.updated_at = low, high, now
    session.flush()
    return setup


def set_guideline(session: Session, *, actor: Person, cycle: Cycle, shares: dict[str, int], now: datetime):
    """HR's expected share of each band (%); warned about in calibration, never enforced."""
    access.require_hr(actor)
    if set(shares) != {str(b) for b in SCALE} or sum(shares.values()) != 100 or min(shares.values()) < 0:
        raise Invalid("review.setup.guideline_usage")
    setup = _stored(session, cycle)
    setup.guideline, setup.updated_at = dict(shares), now
    session.flush()
    return setup


def set_merit_row(
    session: Session, *, actor: Person, cycle: Cycle, band: int, merit_pct: float, bonus: float, now: datetime
) -> ReviewSetup:
    access.require_hr(actor)
    if band not in SCALE or not 0 <= merit_pct <= 100 or not 0 <= bonus <= 10:
        raise Invalid("review.setup.merit_usage")
    setup = _stored(session, cycle)
    matrix = {key: dict(row) for key, row in (setup.merit_matrix or DEFAULT_MERIT_MATRIX).items()}
    matrix[str(band)] = {"merit_pct": merit_pct, "bonus_multiplier": bonus}
    setup.merit_matrix, setup.updated_at = matrix, now
    session.flush()
    return setup
