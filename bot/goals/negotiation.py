"""Goals: creating and editing them, the negotiation state machine, metrics and their dated points."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from bot.errors import Forbidden, Invalid, NotFound
from bot.goals import cycles, reads
from bot.org import access, directory
from storage.cycles import Cycle
from storage.goals import Direction, Goal, GoalEvent, GoalStatus, GoalType, Metric, MetricPoint, OwnerKind
from storage.org import Person

TITLE_LIMIT = 150
DESCRIPTION_LIMIT = 3000
COMMENT_LIMIT = 3000
UNIT_LIMIT = 32

OWNER, MANAGER = "owner", "manager"
# (status, action) -> (new status, who may do it). Anything not listed is an illegal transition.
TRANSITIONS: dict[tuple[GoalStatus, str], tuple[GoalStatus, str]] = {
    (GoalStatus.DRAFT, "propose"): (GoalStatus.PROPOSED, OWNER),
    (GoalStatus.CHANGES_REQUESTED, "propose"): (GoalStatus.PROPOSED, OWNER),
    (GoalStatus.PROPOSED, "withdraw"): (GoalStatus.DRAFT, OWNER),
    (GoalStatus.PROPOSED, "approve"): (GoalStatus.AGREED, MANAGER),
    (GoalStatus.PROPOSED, "request_changes"): (GoalStatus.CHANGES_REQUESTED, MANAGER),
    (GoalStatus.AGREED, "reopen"): (GoalStatus.PROPOSED, OWNER),
    (GoalStatus.ASSIGNED, "acknowledge"): (GoalStatus.AGREED, OWNER),
}
ACTIONS = sorted({action for _, action in TRANSITIONS})
# Statuses in which the owner may edit the goal; editing an agreed goal re-opens it for approval.
OWNER_EDITABLE = {GoalStatus.DRAFT, GoalStatus.CHANGES_REQUESTED, GoalStatus.AGREED}


@dataclass(frozen=True)
class MetricInput:
    name: str
    start: float
    target: float
    unit: str = ""
    direction: Direction = Direction.HIGHER
    current: float | None = None


@dataclass(frozen=True)
class GoalInput:
    title: str
    goal_type: GoalType
    weight: int
    perspective: str | None = None
    description: str = ""
    due_on: date | None = None
    parent_id: int | None = None
    metrics: tuple[MetricInput, ...] = ()


def parse_number(text: str | None, *, field: str) -> float:
    """A number a person typed ('95', '95%', '1,200.5'); Invalid naming the field otherwise."""
    cleaned = (text or "").strip().rstrip("%").replace(",", "").strip()
    try:
        value = float(cleaned)
    except ValueError:
        raise Invalid("goal.not_a_number", field=field) from None
    if not math.isfinite(value):
        raise Invalid("goal.not_a_number", field=field)
    return value


def parse_key_results(text: str) -> tuple[MetricInput, ...]:
    """One key result a line: `name; start; target[; unit]` (lower is better when the target is below the start)."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.replace("|", ";").split(";")]
        if len(parts) not in (3, 4) or not parts[0]:
            raise Invalid("goal.key_results_format", field="key_results", line=number)
        start = parse_number(parts[1], field="key_results")
        target = parse_number(parts[2], field="key_results")
        direction = Direction.HIGHER if target >= start else Direction.LOWER
        found.append(MetricInput(parts[0], start, target, parts[3] if len(parts) == 4 else "", direction))
    return tuple(found)


def key_results_text(metrics: list[Metric]) -> str:
    def number(value: float) -> str:
        return f"{value:g}"

    return "\n".join(
        "; ".join([m.name, number(m.start_value), number(m.target_value), *([m.unit] if m.unit else [])])
        for m in metrics
    )


def parse_weight(text: str | None) -> int:
    value = parse_number(text, field="weight")
    if value != int(value) or not 1 <= value <= 100:
        raise Invalid("goal.weight_range", field="weight")
    return int(value)


# -- rules --------------------------------------------------------------------------------------
def _validate(
    session: Session, cycle: Cycle, owner: Person | None, data: GoalInput, *, goal: Goal | None = None
) -> None:
    cycles.require_open(cycle)
    title = data.title.strip()
    if not title or len(title) > TITLE_LIMIT:
        raise Invalid("goal.title_length", field="title", limit=TITLE_LIMIT)
    if len(data.description) > DESCRIPTION_LIMIT:
        raise Invalid("goal.description_length", field="description", limit=DESCRIPTION_LIMIT)
    if not 1 <= data.weight <= 100:
        raise Invalid("goal.weight_range", field="weight")
    if data.due_on is not None and not cycle.starts_on <= data.due_on <= cycle.ends_on:
        raise Invalid(
            "goal.due_outside", field="due_on", start=cycle.starts_on.isoformat(), end=cycle.ends_on.isoformat()
        )
    perspective = data.perspective if cycle.bsc_enabled else None
    if cycle.bsc_enabled:
        weights = cycles.weights_for(session, cycle, owner.department if owner else None)
        if perspective not in cycles.PERSPECTIVES:
            raise Invalid("goal.perspective_required", field="perspective")
        if weights.get(perspective, 0) <= 0:
            raise Invalid("goal.perspective_unweighted", field="perspective", perspective=perspective)
    _validate_metrics(data)
    same_owner = reads.goals_of(session, cycle, owner) if owner else reads.shared_goals(session, cycle)
    if any(other.title.lower() == title.lower() for other in same_owner if goal is None or other.id != goal.id):
        # Also what makes a double-submitted modal harmless: the second copy is refused.
        raise Invalid("goal.title_taken", field="title")
    if owner is not None:
        siblings = [
            other
            for other in reads.goals_of(session, cycle, owner)
            if (goal is None or other.id != goal.id) and (other.perspective == perspective or not cycle.bsc_enabled)
        ]
        used = sum(other.weight for other in siblings)
        if used + data.weight > 100:
            raise Invalid("goal.weight_over", field="weight", left=100 - used, perspective=perspective or "all")
    if data.parent_id is not None:
        parent = reads.get(session, cycle.team_id, data.parent_id)
        if parent.cycle_id != cycle.id:
            raise Invalid("goal.parent_other_cycle", field="parent")
        hidden = not access.can_view_goal(session, owner, parent) if owner else parent.owner_kind == OwnerKind.PERSON
        if hidden:
            raise NotFound("goal.not_found", field="parent")
        if goal is not None and would_create_cycle(session, goal, parent):
            raise Invalid("goal.alignment_cycle", field="parent")


def _validate_metrics(data: GoalInput) -> None:
    if data.goal_type == GoalType.KPI and len(data.metrics) != 1:
        raise Invalid("goal.kpi_needs_target", field="target")
    if data.goal_type == GoalType.OBJECTIVE and not data.metrics:
        raise Invalid("goal.objective_needs_key_result", field="target")
    for metric in data.metrics:
        if not metric.name.strip() or len(metric.name) > TITLE_LIMIT:
            raise Invalid("goal.title_length", field="metric", limit=TITLE_LIMIT)
        if len(metric.unit) > UNIT_LIMIT:
            raise Invalid("goal.unit_length", field="unit", limit=UNIT_LIMIT)
        if metric.target == metric.start:
            raise Invalid("goal.target_equals_start", field="target")
        if (metric.target > metric.start) != (metric.direction == Direction.HIGHER):
            raise Invalid(f"goal.target_direction_{metric.direction}", field="target")


def would_create_cycle(session: Session, goal: Goal, parent: Goal) -> bool:
    """True when making `parent` the goal's parent would loop (the goal is the parent or one of its ancestors)."""
    seen: set[int] = set()
    current: Goal | None = parent
    while current is not None and current.id not in seen:
        if current.id == goal.id:
            return True
        seen.add(current.id)
        current = session.get(Goal, current.parent_id) if current.parent_id else None
    return False


def _record(session: Session, goal: Goal, action: str, before: str | None, actor: Person, now: datetime, comment=""):
    session.add(
        GoalEvent(
            team_id=goal.team_id,
            goal_id=goal.id,
            action=action,
            from_status=before,
            to_status=goal.status,
            actor_id=actor.id,
            at=now,
            comment=comment,
        )
    )


def may_create(session: Session, actor: Person, owner_kind: OwnerKind, owner: Person | None, department: str | None):
    if owner_kind == OwnerKind.COMPANY:
        access.require_hr(actor)
    elif owner_kind == OwnerKind.TEAM:
        access.require_team_goal(session, actor, department)
    elif owner is None or not (owner.id == actor.id or access.is_in_line_above(session, actor, owner)):
        raise Forbidden("goal.set_for_others_forbidden", field="owner")


def create(
    session: Session,
    *,
    cycle: Cycle,
    actor: Person,
    data: GoalInput,
    now: datetime,
    owner: Person | None = None,
    owner_kind: OwnerKind = OwnerKind.PERSON,
    department: str | None = None,
) -> Goal:
    """A new goal. Own goals start as drafts; a manager's goal for a report waits for acknowledgement;
    team and company goals (set by HR, or the team's manager) are agreed at once."""
    if owner_kind == OwnerKind.PERSON:
        owner = owner or actor
    else:
        owner = None
        if owner_kind == OwnerKind.TEAM and not (department or "").strip():
            raise Invalid("cycle.department_required", field="owner")
    may_create(session, actor, owner_kind, owner, department)
    _validate(session, cycle, owner, data)
    if owner_kind != OwnerKind.PERSON:
        status = GoalStatus.AGREED
    else:
        status = GoalStatus.DRAFT if owner.id == actor.id else GoalStatus.ASSIGNED
    goal = Goal(
        team_id=cycle.team_id,
        cycle_id=cycle.id,
        owner_kind=owner_kind,
        owner_person_id=owner.id if owner else None,
        owner_department=(department or "").strip() or None if owner_kind == OwnerKind.TEAM else None,
        title=data.title.strip(),
        description=data.description.strip(),
        perspective=data.perspective if cycle.bsc_enabled else None,
        goal_type=data.goal_type,
        weight=data.weight,
        due_on=data.due_on,
        parent_id=data.parent_id,
        status=status,
        created_by_id=actor.id,
        created_at=now,
        updated_at=now,
    )
    session.add(goal)
    session.flush()
    _replace_metrics(session, goal, data.metrics, actor, now)
    _record(session, goal, "create", None, actor, now)
    session.flush()
    return goal


def _replace_metrics(session: Session, goal: Goal, metrics: tuple[MetricInput, ...], actor: Person, now: datetime):
    """Keep metrics matched by position (so their points survive an edit); add or drop the rest."""
    existing = reads.metrics_of(session, goal)
    for index, given in enumerate(metrics):
        if index < len(existing):
            row = existing[index]
            row.name, row.unit, row.direction = given.name.strip(), given.unit.strip(), given.direction
            row.start_value, row.target_value = given.start, given.target
            if given.current is not None:
                row.current_value = given.current
        else:
            row = Metric(
                team_id=goal.team_id,
                goal_id=goal.id,
                name=given.name.strip(),
                unit=given.unit.strip(),
                start_value=given.start,
                target_value=given.target,
                current_value=given.start if given.current is None else given.current,
                direction=given.direction,
            )
            session.add(row)
            session.flush()
            session.add(
                MetricPoint(
                    team_id=goal.team_id,
                    metric_id=row.id,
                    value=row.current_value,
                    recorded_at=now,
                    recorded_by_id=actor.id,
                    source="start",
                )
            )
    for row in existing[len(metrics) :]:
        session.delete(row)


def _cycle_of(session: Session, goal: Goal) -> Cycle:
    return cycles.get(session, goal.team_id, goal.cycle_id)


def role_of(session: Session, actor: Person, goal: Goal) -> str | None:
    """'owner', 'manager' (anyone above the owner in the line) or None, for a person's goal."""
    owner = reads.owner_of(session, goal)
    if owner is None:
        return None
    if owner.id == actor.id:
        return OWNER
    return MANAGER if access.is_in_line_above(session, actor, owner) else None


def transition(session: Session, *, goal: Goal, actor: Person, action: str, now: datetime, comment: str = "") -> Goal:
    """Move the goal through the negotiation workflow; every step is recorded with who, when and why."""
    cycles.require_open(_cycle_of(session, goal))
    if goal.owner_kind != OwnerKind.PERSON:
        raise Invalid("goal.shared_not_negotiated")
    last = session.exec(select(GoalEvent).where(GoalEvent.goal_id == goal.id).order_by(GoalEvent.id.desc())).first()
    if last and (last.action, last.actor_id, last.to_status) == (action, actor.id, goal.status):
        return goal  # a double click or a retried request: the step is already done
    step = TRANSITIONS.get((goal.status, action))
    if step is None:
        raise Invalid("goal.illegal_transition", action=action, status=goal.status)
    new_status, who = step
    if role_of(session, actor, goal) != who:
        raise Forbidden(f"goal.only_{who}", action=action)
    comment = comment.strip()
    if action == "request_changes" and not comment:
        raise Invalid("goal.comment_required", field="comment")
    if len(comment) > COMMENT_LIMIT:
        raise Invalid("goal.comment_length", field="comment", limit=COMMENT_LIMIT)
    if action == "propose" and directory.manager_of(session, reads.owner_of(session, goal)) is None:
        raise Invalid("goal.no_manager")
    before = goal.status
    goal.status = new_status
    goal.updated_at = now
    _record(session, goal, action, before, actor, now, comment)
    session.flush()
    return goal


def edit(session: Session, *, goal: Goal, actor: Person, data: GoalInput, now: datetime) -> Goal:
    """Change a goal. The owner edits drafts and goals sent back; editing an agreed goal sends it back to
    the manager for approval. A manager edits a goal they set that is not yet acknowledged."""
    role = role_of(session, actor, goal)
    if goal.owner_kind != OwnerKind.PERSON:
        may_create(session, actor, goal.owner_kind, None, goal.owner_department)
    elif not (
        (role == OWNER and goal.status in OWNER_EDITABLE) or (role == MANAGER and goal.status == GoalStatus.ASSIGNED)
    ):
        raise Invalid("goal.not_editable", status=goal.status)
    cycle = _cycle_of(session, goal)
    _validate(session, cycle, reads.owner_of(session, goal), data, goal=goal)
    goal.title, goal.description = data.title.strip(), data.description.strip()
    goal.perspective = data.perspective if cycle.bsc_enabled else None
    goal.goal_type, goal.weight, goal.due_on, goal.parent_id = data.goal_type, data.weight, data.due_on, data.parent_id
    goal.updated_at = now
    _replace_metrics(session, goal, data.metrics, actor, now)
    if goal.owner_kind == OwnerKind.PERSON and goal.status == GoalStatus.AGREED:
        transition(session, goal=goal, actor=actor, action="reopen", now=now)
    else:
        _record(session, goal, "edit", goal.status, actor, now)
    session.flush()
    return goal


def set_parent(session: Session, *, goal: Goal, actor: Person, parent: Goal | None, now: datetime) -> None:
    if parent is not None and would_create_cycle(session, goal, parent):
        raise Invalid("goal.alignment_cycle", field="parent")
    if role_of(session, actor, goal) is None and not access.is_hr(actor):
        raise Forbidden("goal.not_yours")
    goal.parent_id = parent.id if parent else None
    goal.updated_at = now


def goal_choices(session: Session, viewer: Person, person: Person) -> list[tuple[int, str]]:
    """The person's goals in the active cycle that `viewer` may see and link feedback to, as (id, title);
    none for anyone the access policy does not let see the person's goals."""
    cycle = cycles.active(session, person.team_id)
    if cycle is None or not access.can_view_person_records(session, viewer, person):
        return []
    return [(goal.id, goal.title) for goal in reads.goals_of(session, cycle, person)]
