"""Calibration: rating distributions per manager and department against the organisation's, alerts, the 9-box,
and adjustments that always carry a reason (who, when, from, to, why)."""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from sqlmodel import Session, select

from bot.errors import Forbidden, Invalid, NotFound
from bot.org import access
from bot.reviews.competencies import SCALE, setup_for
from bot.reviews.timeline import Timeline, local_day, require
from storage.cycles import Cycle
from storage.org import Person
from storage.reviews import RatingAdjustment, ReviewResult

GAP = 1.5  # self vs manager gap worth a conversation
LENIENT_SEVERE = 0.5  # a group mean this far from the organisation's
NARROW_SPREAD = 0.5  # a standard deviation below this, with at least MIN_GROUP ratings
MIN_GROUP = 3
GUIDELINE_TOLERANCE = 10  # percentage points off the guideline before a warning


@dataclass
class Group:
    name: str  # a manager's Slack id or a department name
    ratings: list[int] = field(default_factory=list)

    # Cached: read many times (every manager's alert compares with the organisation's) once the group is built.
    @cached_property
    def mean(self) -> float:
        return round(statistics.fmean(self.ratings), 2) if self.ratings else 0.0

    @cached_property
    def spread(self) -> float:
        if len(self.ratings) < 2:
            return 0.0
        mean = math.fsum(self.ratings) / len(self.ratings)
        return round(math.sqrt(math.fsum((r - mean) ** 2 for r in self.ratings) / len(self.ratings)), 2)

    @cached_property
    def distribution(self) -> dict[int, int]:
        counts = Counter(self.ratings)
        return {band: counts.get(band, 0) for band in SCALE}


@dataclass(frozen=True)
class ResultFacts:
    """What calibration reads of a result (plain values: no ORM objects for thousands of rows)."""

    id: int
    score: float
    rating: int
    computed_rating: int
    potential: str | None


@dataclass(frozen=True)
class PersonFacts:
    id: int
    slack_id: str
    name: str
    department: str | None
    manager_id: int | None


@dataclass
class Row:
    result: ResultFacts
    person: PersonFacts
    self_value: float | None
    manager_value: float | None

    @property
    def gap(self) -> float | None:
        if self.self_value is None or self.manager_value is None:
            return None
        return round(self.self_value - self.manager_value, 2)


@dataclass
class View:
    cycle: Cycle
    rows: list[Row]
    org: Group
    managers: list[Group]
    departments: list[Group]
    alerts: list[tuple[str, dict]]  # (catalog key, params)
    gaps: list[Row]
    nine_box: dict[tuple[str, str], list[PersonFacts]]
    guideline_warnings: list[tuple[str, dict]]


def performance_level(rating: int) -> str:
    return "low" if rating <= 2 else "medium" if rating == 3 else "high"


def rows_for(session: Session, viewer: Person, cycle: Cycle, department: str | None = None) -> list[Row]:
    """The results `viewer` may calibrate (HR: everyone; a manager: their line), in one query (two for a manager).
    Plain columns only: the self and manager components and the potential are stored beside the breakdown."""
    query = (
        select(
            ReviewResult.id,
            ReviewResult.score,
            ReviewResult.rating,
            ReviewResult.computed_rating,
            ReviewResult.potential,
            ReviewResult.self_value,
            ReviewResult.manager_value,
            Person.id,
            Person.slack_id,
            Person.name,
            Person.department,
            Person.manager_id,
        )
        .join(Person, Person.id == ReviewResult.person_id)
        .where(ReviewResult.cycle_id == cycle.id, ReviewResult.team_id == viewer.team_id)
        .order_by(Person.name)
    )
    if department:
        query = query.where(Person.department == department)
    line = None if access.is_hr(viewer) else _line_of(session, viewer)
    rows = []
    for (
        rid,
        score,
        rating,
        computed,
        potential,
        self_value,
        manager_value,
        pid,
        slack_id,
        name,
        dept,
        manager_id,
    ) in session.connection().execute(query).all():
        if line is not None and pid not in line:
            continue
        rows.append(
            Row(
                ResultFacts(rid, score, rating, computed, potential),
                PersonFacts(pid, slack_id, name, dept, manager_id),
                self_value,
                manager_value,
            )
        )
    return rows


def _line_of(session: Session, manager: Person) -> set[int]:
    """Everyone below `manager` (one query for the workspace's reporting lines)."""
    below: dict[int, list[int]] = defaultdict(list)
    for pid, mid in session.exec(select(Person.id, Person.manager_id).where(Person.team_id == manager.team_id)):
        if mid is not None:
            below[mid].append(pid)
    found, todo = set(), [manager.id]
    while todo:
        for child in below.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def view(session: Session, *, viewer: Person, cycle: Cycle, department: str | None = None) -> View:
    if not access.is_hr(viewer) and not _line_of(session, viewer):
        raise Forbidden("review.calibrate_forbidden")
    rows = rows_for(session, viewer, cycle, department)
    manager_ids = {row.person.manager_id for row in rows if row.person.manager_id}
    managers_by_id = (
        {
            pid: slack_id
            for pid, slack_id in session.exec(select(Person.id, Person.slack_id).where(Person.id.in_(manager_ids)))
        }
        if manager_ids
        else {}
    )
    org = Group("org", [row.result.rating for row in rows])
    by_manager: dict[str, Group] = {}
    by_department: dict[str, Group] = {}
    nine_box: dict[tuple[str, str], list[PersonFacts]] = defaultdict(list)
    for row in rows:
        key = managers_by_id.get(row.person.manager_id, "-")
        by_manager.setdefault(key, Group(key)).ratings.append(row.result.rating)
        dept = row.person.department or "-"
        by_department.setdefault(dept, Group(dept)).ratings.append(row.result.rating)
        potential = row.result.potential
        if potential:
            nine_box[(performance_level(row.result.rating), potential)].append(row.person)
    alerts: list[tuple[str, dict]] = []
    for group in by_manager.values():
        if len(group.ratings) >= MIN_GROUP or len(org.ratings) > len(group.ratings):
            if group.mean >= org.mean + LENIENT_SEVERE:
                alerts.append(
                    ("review.calibration.lenient", {"manager": group.name, "mean": group.mean, "org": org.mean})
                )
            elif group.mean <= org.mean - LENIENT_SEVERE:
                alerts.append(
                    ("review.calibration.severe", {"manager": group.name, "mean": group.mean, "org": org.mean})
                )
        if len(group.ratings) >= MIN_GROUP and group.spread < NARROW_SPREAD:
            alerts.append(("review.calibration.narrow", {"manager": group.name, "spread": group.spread}))
    gaps = [row for row in rows if row.gap is not None and abs(row.gap) >= GAP]
    return View(
        cycle,
        rows,
        org,
        sorted(by_manager.values(), key=lambda g: g.name),
        sorted(by_department.values(), key=lambda g: g.name),
        alerts,
        gaps,
        dict(nine_box),
        guideline_warnings(setup_for(session, cycle).guideline, org),
    )


def guideline_warnings(guideline: dict, org: Group) -> list[tuple[str, dict]]:
    """Bands whose share is more than GUIDELINE_TOLERANCE points off HR's guideline (a warning, not a rule)."""
    if not guideline or not org.ratings:
        return []
    warnings = []
    for band, count in org.distribution.items():
        actual = round(100 * count / len(org.ratings))
        expected = int(guideline.get(str(band), 0))
        if abs(actual - expected) > GUIDELINE_TOLERANCE:
            warnings.append(("review.calibration.guideline", {"band": band, "actual": actual, "expected": expected}))
    return warnings


def adjust(
    session: Session, *, actor: Person, cycle: Cycle, subject: Person, rating: int, reason: str, now: datetime
) -> RatingAdjustment:
    """HR changes a proposed rating in calibration; a reason is required and the change is kept."""
    access.require_hr(actor)
    if subject.team_id != actor.team_id:
        raise NotFound("org.unknown_person", person=subject.slack_id)
    require(Timeline.of(session, cycle).calibration_open(local_day(actor, now)), "calibration")
    if rating not in SCALE:
        raise Invalid("review.rating_range", field="rating")
    reason = (reason or "").strip()
    if len(reason.split()) < 2:
        raise Invalid("review.adjust_reason_needed", field="reason")
    result = session.exec(
        select(ReviewResult).where(ReviewResult.cycle_id == cycle.id, ReviewResult.person_id == subject.id)
    ).first()
    if result is None:
        raise NotFound("review.no_result", person=subject.slack_id)
    if result.released_at is not None:
        raise Invalid("review.already_released", person=subject.slack_id)
    if result.rating == rating:
        raise Invalid("review.adjust_same", rating=rating)
    change = RatingAdjustment(
        team_id=result.team_id,
        result_id=result.id,
        actor_id=actor.id,
        at=now,
        from_rating=result.rating,
        to_rating=rating,
        reason=reason[:1000],
    )
    result.rating = rating
    session.add(change)
    session.flush()
    return change


def adjustments(session: Session, result: ReviewResult) -> list[RatingAdjustment]:
    return list(
        session.exec(
            select(RatingAdjustment).where(RatingAdjustment.result_id == result.id).order_by(RatingAdjustment.id)
        )
    )
