"""Evaluation cycles: timetable (dated phases) validation, scorecard weights, one active cycle, closing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam
from sqlmodel import Session, select

from bot.errors import Invalid, NotFound
from storage.cycles import Cycle, CyclePhase, CycleStatus, DepartmentWeights
from storage.db import read_memo
from storage.org import Person

PERSPECTIVES = ("financial", "customer", "internal", "learning")
DEFAULT_WEIGHTS = {"financial": 40, "customer": 30, "internal": 20, "learning": 10}
# The timetable, in the order the phases happen. Peer review is the only optional one.
PHASES = ("goal_setting", "check_ins", "self_review", "peer_review", "manager_review", "calibration", "results")
OPTIONAL_PHASES = {"peer_review"}
CADENCES = ("quarterly", "half_yearly", "yearly", "custom")
CADENCE_MONTHS = {"quarterly": 3, "half_yearly": 6, "yearly": 12}
DEFAULT_REMINDER_DAYS = (3, 1)
NAME_LIMIT = 80


@dataclass(frozen=True)
class PhaseDates:
    kind: str
    opens_on: date
    due_on: date


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, 1) if day.day == 1 else date(year, month, min(day.day, 28))


def cadence_of(text: str) -> str:
    """A cadence however it is spelt: `half-yearly`, `halfyearly`, `Half yearly` and `half_yearly` are one."""
    squeezed = re.sub(r"[\s_-]+", "", (text or "").strip().lower())
    for cadence in CADENCES:
        if squeezed == cadence.replace("_", ""):
            return cadence
    raise Invalid("cycle.cadence", field="cadence")


def default_end(cadence: str, starts_on: date) -> date | None:
    """The last day of a cycle of `cadence` starting on `starts_on` (None for custom dates)."""
    months = CADENCE_MONTHS.get(cadence)
    return _add_months(starts_on, months) - timedelta(days=1) if months else None


def suggested_timetable(starts_on: date, ends_on: date, *, peer_review: bool = True) -> list[PhaseDates]:
    """A back-to-back timetable that fills the cycle, in proportion (goal setting and check-ins get most)."""
    shares = {
        "goal_setting": 15,
        "check_ins": 45,
        "self_review": 8,
        "peer_review": 8,
        "manager_review": 8,
        "calibration": 8,
        "results": 8,
    }
    kinds = [kind for kind in PHASES if peer_review or kind not in OPTIONAL_PHASES]
    total_days = (ends_on - starts_on).days + 1
    if total_days < len(kinds):
        raise Invalid("cycle.too_short", field="ends_on", days=len(kinds))
    total_share = sum(shares[kind] for kind in kinds)
    phases, opens, used = [], starts_on, 0
    for index, kind in enumerate(kinds):
        used += shares[kind]
        due = ends_on if index == len(kinds) - 1 else starts_on + timedelta(days=total_days * used // total_share - 1)
        due = max(due, opens)
        phases.append(PhaseDates(kind, opens, due))
        opens = due + timedelta(days=1)
    return phases


def validate_timetable(starts_on: date, ends_on: date, phases: list[PhaseDates]) -> list[str]:
    """Raise Invalid (naming the phase's block) for a phase outside the cycle, reversed, out of order or
    overlapping; return warnings for gaps between phases (days nobody is asked to do anything)."""
    if ends_on < starts_on:
        raise Invalid("cycle.ends_before_start", field="ends_on")
    given = {phase.kind for phase in phases}
    for kind in PHASES:
        if kind not in given and kind not in OPTIONAL_PHASES:
            raise Invalid("cycle.phase_missing", field=f"phase_{kind}_due", phase=kind)
    ordered = sorted(phases, key=lambda phase: PHASES.index(phase.kind))
    gaps: list[str] = []
    previous: PhaseDates | None = None
    for phase in ordered:
        if phase.due_on < phase.opens_on:
            raise Invalid("cycle.phase_reversed", field=f"phase_{phase.kind}_due", phase=phase.kind)
        if phase.opens_on < starts_on or phase.due_on > ends_on:
            raise Invalid(
                "cycle.phase_outside",
                field=f"phase_{phase.kind}_{'opens' if phase.opens_on < starts_on else 'due'}",
                phase=phase.kind,
                start=starts_on.isoformat(),
                end=ends_on.isoformat(),
            )
        if previous is not None:
            if phase.opens_on <= previous.due_on:
                raise Invalid(
                    "cycle.phase_overlap",
                    field=f"phase_{phase.kind}_opens",
                    phase=phase.kind,
                    previous=previous.kind,
                    due=previous.due_on.isoformat(),
                )
            gap = (phase.opens_on - previous.due_on).days - 1
            if gap > 0:
                gaps.append(f"{previous.kind}>{phase.kind}:{gap}")
        previous = phase
    return gaps


def validate_weights(weights: dict[str, int], *, field: str = "weights") -> dict[str, int]:
    """Four whole non-negative perspective weights that sum to 100."""
    if set(weights) != set(PERSPECTIVES) or any(not isinstance(v, int) or v < 0 for v in weights.values()):
        raise Invalid("cycle.weights_shape", field=field)
    total = sum(weights.values())
    if total != 100:
        raise Invalid("cycle.weights_sum", field=field, total=total)
    return {key: weights[key] for key in PERSPECTIVES}


def parse_weights(text: str, *, field: str = "weights") -> dict[str, int]:
    """'40/30/20/10' (financial/customer/internal/learning) -> weights; Invalid if not four numbers."""
    parts = [part.strip().rstrip("%") for part in text.replace(",", "/").replace(" ", "/").split("/") if part.strip()]
    if len(parts) != len(PERSPECTIVES) or not all(part.isdigit() for part in parts):
        raise Invalid("cycle.weights_shape", field=field)
    return validate_weights(dict(zip(PERSPECTIVES, (int(part) for part in parts), strict=True)), field=field)


def validate_reminder_days(days: list[int]) -> list[int]:
    if any(not isinstance(day, int) or day < 0 or day > 60 for day in days):
        raise Invalid("cycle.reminder_days", field="reminder_days")
    return sorted(set(days), reverse=True)


def parse_reminder_days(text: str) -> list[int]:
    parts = [part.strip() for part in text.replace(",", " ").split() if part.strip()]
    if not all(part.isdigit() for part in parts):
        raise Invalid("cycle.reminder_days", field="reminder_days")
    return validate_reminder_days([int(part) for part in parts])


# Most pages and commands ask for the active cycle: the statement is built once. Its phases come with it (a
# handful of rows): App Home's reviews part asks for them next.
_ACTIVE = (
    select(Cycle, CyclePhase)
    .outerjoin(CyclePhase, CyclePhase.cycle_id == Cycle.id)
    .where(Cycle.team_id == bindparam("team_id"), Cycle.status == CycleStatus.ACTIVE)
)


def active(session: Session, team_id: str) -> Cycle | None:
    """The workspace's active cycle; within a read transaction its `phases` are then known too."""
    params = {"team_id": team_id}

    def load() -> Cycle | None:
        rows = session.exec(_ACTIVE, params=params).all()
        if not rows:
            return None
        cycle = rows[0][0]
        its_phases = [phase for of, phase in rows if of.id == cycle.id and phase is not None]
        read_memo(session, ("phases", cycle.id), lambda: _in_order(its_phases))
        return cycle

    return read_memo(session, ("active_cycle", team_id), load)


def require_active(session: Session, team_id: str) -> Cycle:
    cycle = active(session, team_id)
    if cycle is None:
        raise NotFound("cycle.none_active")
    return cycle


def get(session: Session, team_id: str, cycle_id: int) -> Cycle:
    cycle = session.get(Cycle, cycle_id)
    if cycle is None or cycle.team_id != team_id:
        raise NotFound("cycle.not_found")
    return cycle


def by_name(session: Session, team_id: str, name: str) -> Cycle | None:
    return session.exec(select(Cycle).where(Cycle.team_id == team_id, Cycle.name == name.strip())).first()


def all_cycles(session: Session, team_id: str) -> list[Cycle]:
    return list(session.exec(select(Cycle).where(Cycle.team_id == team_id).order_by(Cycle.starts_on.desc())))


# The reviews part of every App Home asks for the active cycle's phases: built once.
_PHASES = select(CyclePhase).where(CyclePhase.cycle_id == bindparam("cycle_id"))


def phases(session: Session, cycle: Cycle) -> list[CyclePhase]:
    params = {"cycle_id": cycle.id}
    return list(read_memo(session, ("phases", cycle.id), lambda: _in_order(session.exec(_PHASES, params=params))))


def _in_order(found: Iterable[CyclePhase]) -> list[CyclePhase]:
    return sorted(found, key=lambda phase: PHASES.index(phase.kind))


def create(
    session: Session,
    *,
    team_id: str,
    actor: Person | None,
    name: str,
    cadence: str,
    starts_on: date,
    ends_on: date,
    timetable: list[PhaseDates],
    weights: dict[str, int] | None = None,
    bsc_enabled: bool = True,
    reminder_days: list[int] | None = None,
    activate: bool = True,
    now: datetime,
) -> tuple[Cycle, list[str]]:
    """A new cycle (active if asked and none is, else a draft) with its phases; returns (cycle, gap warnings)."""
    name = name.strip()
    if not name or len(name) > NAME_LIMIT:
        raise Invalid("cycle.name_length", field="name", limit=NAME_LIMIT)
    if by_name(session, team_id, name) is not None:
        raise Invalid("cycle.name_taken", field="name", name=name)
    cadence = cadence_of(cadence)
    gaps = validate_timetable(starts_on, ends_on, timetable)
    weights = validate_weights(weights if weights is not None else dict(DEFAULT_WEIGHTS))
    days = validate_reminder_days(list(reminder_days if reminder_days is not None else DEFAULT_REMINDER_DAYS))
    status = CycleStatus.ACTIVE if activate and active(session, team_id) is None else CycleStatus.DRAFT
    cycle = Cycle(
        team_id=team_id,
        name=name,
        cadence=cadence,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        bsc_enabled=bsc_enabled,
        weights=weights,
        reminder_days=days,
        created_by_id=actor.id if actor else None,
        created_at=now,
    )
    session.add(cycle)
    session.flush()
    for phase in timetable:
        session.add(
            CyclePhase(
                team_id=team_id, cycle_id=cycle.id, kind=phase.kind, opens_on=phase.opens_on, due_on=phase.due_on
            )
        )
    session.flush()
    return cycle, gaps


def activate(session: Session, cycle: Cycle) -> None:
    if cycle.status == CycleStatus.CLOSED:
        raise Invalid("cycle.closed", name=cycle.name)
    current = active(session, cycle.team_id)
    if current is not None and current.id != cycle.id:
        raise Invalid("cycle.another_active", name=current.name)
    cycle.status = CycleStatus.ACTIVE


def close(session: Session, cycle: Cycle, now: datetime) -> None:
    """Close the cycle: its goals are frozen (no transitions, edits or metric updates)."""
    if cycle.status == CycleStatus.CLOSED:
        raise Invalid("cycle.closed", name=cycle.name)
    cycle.status = CycleStatus.CLOSED
    cycle.closed_at = now


def require_open(cycle: Cycle) -> None:
    if cycle.status == CycleStatus.CLOSED:
        raise Invalid("cycle.closed", name=cycle.name)


def set_department_weights(session: Session, cycle: Cycle, department: str, weights: dict[str, int]) -> None:
    require_open(cycle)
    department = department.strip()
    if not department:
        raise Invalid("cycle.department_required")
    weights = validate_weights(weights)
    row = session.exec(
        select(DepartmentWeights).where(
            DepartmentWeights.cycle_id == cycle.id, DepartmentWeights.department == department
        )
    ).first()
    if row is None:
        session.add(DepartmentWeights(team_id=cycle.team_id, cycle_id=cycle.id, department=department, weights=weights))
    else:
        row.weights = weights
    session.flush()


def weights_for(session: Session, cycle: Cycle, department: str | None) -> dict[str, int]:
    """The perspective weights that apply to someone in `department` (its override, else the cycle's)."""
    if department:
        row = session.exec(
            select(DepartmentWeights).where(
                DepartmentWeights.cycle_id == cycle.id, DepartmentWeights.department == department
            )
        ).first()
        if row is not None:
            return dict(row.weights)
    return dict(cycle.weights)


def phase_on(session: Session, cycle: Cycle, day: date) -> CyclePhase | None:
    """The phase running on `day`, if any."""
    for phase in phases(session, cycle):
        if phase.opens_on <= day <= phase.due_on:
            return phase
    return None
