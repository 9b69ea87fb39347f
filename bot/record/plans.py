"""Improvement and development plans: action goals with a rhythm, weekly ticks, slips and an outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam
from sqlmodel import Session, select

from bot.delivery import outbox
from bot.errors import Forbidden, Invalid, NotFound
from bot.i18n import language_for, t
from bot.org import access
from bot.text import escape, mention
from storage.org import Person
from storage.plans import Plan, PlanAction, PlanKind, PlanProgress, PlanStatus, Rhythm

MAX_TITLE = 300
TICK_ACTION = "plan_tick"
# The weekly prompt goes out on Friday afternoon in the owner's time zone.


def period_of(rhythm: Rhythm, day: date) -> str:
    """ISO week ("2027-W02") for weekly goals; the month ("2027-01") otherwise."""
    if rhythm == Rhythm.WEEKLY:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def _clean(text: str, limit: int = MAX_TITLE, *, what: str = "title") -> str:
    """`what` (title, action, note) names the text in the message when it is missing."""
    text = (text or "").strip()
    if not text:
        raise Invalid(f"plan.empty.{what}")
    if len(text) > limit:
        raise Invalid("feedback.too_long", limit=limit, length=len(text))
    return text


def open_plan(
    session: Session,
    *,
    manager: Person,
    owner: Person,
    kind: PlanKind,
    title: str,
    now: datetime,
    review_date: date | None = None,
) -> Plan:
    if owner.team_id != manager.team_id:
        raise NotFound("org.unknown_person", person=owner.slack_id)
    if not access.can_manage_plan(session, manager, owner):
        raise Forbidden("plan.not_manager", person=owner.slack_id)
    if kind == PlanKind.IMPROVEMENT and review_date is None:
        raise Invalid("plan.review_date_needed")
    if review_date is not None and review_date <= now.date():
        raise Invalid("plan.review_date_past")
    if current(session, owner) is not None:
        raise Invalid("plan.already_open", person=owner.slack_id)
    plan = Plan(
        team_id=owner.team_id,
        owner_id=owner.id,
        manager_id=manager.id,
        kind=kind,
        title=_clean(title),
        review_date=review_date,
        created_at=now,
    )
    session.add(plan)
    session.flush()
    _tell_owner_opened(session, plan, manager, owner)
    return plan


def _tell_owner_opened(session: Session, plan: Plan, manager: Person, owner: Person) -> None:
    """The owner hears of their plan from the bot at once, with what happens next."""
    lang = language_for(owner.locale)
    key = f"plan.opened_notice.{plan.kind}"
    text = t(lang, key, manager=mention(manager.slack_id), title=escape(plan.title), review=plan.review_date or "")
    outbox.enqueue(
        session,
        team_id=plan.team_id,
        recipient=owner.slack_id,
        kind="plan_opened",
        period=f"plan-opened:{plan.id}",
        message=outbox.message(text),
    )


ACTIVE = (PlanStatus.OPEN, PlanStatus.EXTENDED)
# Every App Home asks for its person's running plan: built once.
_CURRENT = select(Plan).where(
    Plan.team_id == bindparam("team_id"), Plan.owner_id == bindparam("owner_id"), Plan.status.in_(ACTIVE)
)


def current(session: Session, owner: Person) -> Plan | None:
    """The owner's running plan (open, or extended to a new review date)."""
    return session.exec(_CURRENT, params={"team_id": owner.team_id, "owner_id": owner.id}).first()


def latest(session: Session, owner: Person) -> Plan | None:
    """The running plan, or else the most recent one (kept as evidence after it ends)."""
    return (
        current(session, owner)
        or session.exec(
            select(Plan).where(Plan.team_id == owner.team_id, Plan.owner_id == owner.id).order_by(Plan.id.desc())
        ).first()
    )


def require_current(session: Session, owner: Person) -> Plan:
    plan = current(session, owner)
    if plan is None:
        raise NotFound("plan.none_open", person=owner.slack_id)
    return plan


def add_action(session: Session, *, actor: Person, plan: Plan, text: str, rhythm: Rhythm, now: datetime) -> PlanAction:
    owner = session.get(Person, plan.owner_id)
    if actor.id != owner.id and not access.can_manage_plan(session, actor, owner):
        raise Forbidden("plan.not_manager", person=owner.slack_id)
    action = PlanAction(
        team_id=plan.team_id, plan_id=plan.id, text=_clean(text, what="action"), rhythm=rhythm, created_at=now
    )
    session.add(action)
    session.flush()
    return action


def offered_periods(action: PlanAction, today: date) -> set[str]:
    """The periods a prompt may have asked about by `today` (the owner's date): this period's, and the one
    before for a late click on last Friday's prompt; never a future one or one before the goal was set."""
    if action.rhythm == Rhythm.THIS_MONTH:
        return {prompt_period(action, today)}
    previous = today - timedelta(days=7) if action.rhythm == Rhythm.WEEKLY else today.replace(day=1) - timedelta(days=1)
    first = period_of(action.rhythm, action.created_at.date())
    return {
        period for period in (period_of(action.rhythm, today), period_of(action.rhythm, previous)) if period >= first
    }


def tick(session: Session, *, actor: Person, action_id: int, period: str, now: datetime) -> PlanProgress:
    """The owner marks an action goal done for a period the prompt offered (idempotent)."""
    action = session.get(PlanAction, action_id)
    if action is None or action.team_id != actor.team_id:
        raise NotFound("plan.action_not_found")
    plan = session.get(Plan, action.plan_id)
    if plan.owner_id != actor.id:
        raise Forbidden("plan.not_owner")
    if plan.status not in ACTIVE:
        raise Invalid("plan.closed")
    if period not in offered_periods(action, now.astimezone(ZoneInfo(actor.tz or "UTC")).date()):
        raise Invalid("plan.tick_not_offered")
    existing = session.exec(
        select(PlanProgress).where(PlanProgress.action_id == action.id, PlanProgress.period == period)
    ).first()
    if existing:
        return existing
    progress = PlanProgress(team_id=plan.team_id, action_id=action.id, period=period, ticked_at=now)
    session.add(progress)
    session.flush()
    return progress


def close(
    session: Session,
    *,
    actor: Person,
    plan: Plan,
    outcome: PlanStatus,
    note: str,
    now: datetime,
    new_review_date: date | None = None,
) -> Plan:
    """Record the outcome: met / not met end the plan; extended keeps it running to a new review date."""
    owner = session.get(Person, plan.owner_id)
    if not access.can_manage_plan(session, actor, owner):
        raise Forbidden("plan.not_manager", person=owner.slack_id)
    if outcome == PlanStatus.OPEN:
        raise Invalid("plan.close_usage")
    note = _clean(note, 3000, what="note")
    if outcome == PlanStatus.EXTENDED:
        if new_review_date is None or new_review_date <= now.date():
            raise Invalid("plan.extend_needs_date")
        plan.review_date = new_review_date
    else:
        plan.closed_at = now
    plan.outcome_note = note
    plan.status = outcome
    lang = language_for(owner.locale)
    outbox.enqueue(
        session,
        team_id=plan.team_id,
        recipient=owner.slack_id,
        kind="plan_outcome",
        period=f"plan-outcome:{plan.id}:{outcome}:{now.date().isoformat()}",
        message=outbox.message(
            t(lang, "plan.outcome_notice", title=escape(plan.title), outcome=t(lang, f"plan.status.{outcome}"))
            + "\n"
            + escape(note)
        ),
    )
    return plan


@dataclass
class ActionState:
    action: PlanAction
    done_periods: list[str]
    slipped_periods: list[str]


def actions(session: Session, plan: Plan) -> list[PlanAction]:
    return list(session.exec(select(PlanAction).where(PlanAction.plan_id == plan.id).order_by(PlanAction.id)))


def _done(session: Session, action: PlanAction) -> set[str]:
    return set(session.exec(select(PlanProgress.period).where(PlanProgress.action_id == action.id)))


def periods_between(rhythm: Rhythm, start: date, end: date) -> list[str]:
    """Every complete period that began on or after `start` and ended before `end`."""
    found, day = [], start
    while True:
        following = next_period_start(rhythm, day)
        if following > end:
            return found
        if day == _period_start(rhythm, day):
            found.append(period_of(rhythm, day))
        day = following


def _period_start(rhythm: Rhythm, day: date) -> date:
    return day - timedelta(days=day.weekday()) if rhythm == Rhythm.WEEKLY else day.replace(day=1)


def next_period_start(rhythm: Rhythm, day: date) -> date:
    if rhythm == Rhythm.WEEKLY:
        return _period_start(rhythm, day) + timedelta(days=7)
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def progress(session: Session, *, viewer: Person, plan: Plan, now: datetime) -> list[ActionState]:
    """Each action goal with the periods ticked and the periods that slipped (ended unticked)."""
    owner = session.get(Person, plan.owner_id)
    if not access.can_view_person_records(session, viewer, owner):
        raise Forbidden("plan.not_allowed", person=owner.slack_id)
    return states_of(session, plan, now)


def states_of(session: Session, plan: Plan, now: datetime) -> list[ActionState]:
    plan_actions = actions(session, plan)
    return _states(plan, plan_actions, {action.id: _done(session, action) for action in plan_actions}, now)


def _states(plan: Plan, plan_actions: list[PlanAction], done: dict[int, set[str]], now: datetime) -> list[ActionState]:
    end = (plan.closed_at or now).date()
    states = []
    for action in plan_actions:
        ticked = done.get(action.id, set())
        complete = _complete_periods(action, end)
        states.append(ActionState(action, sorted(ticked), [p for p in complete if p not in ticked]))
    return states


def _complete_periods(action: PlanAction, end: date) -> tuple[str, ...]:
    return periods_completed(action.rhythm, action.created_at.date(), end)


@lru_cache(maxsize=4096)
def periods_completed(rhythm: Rhythm, start: date, end: date) -> tuple[str, ...]:
    """The periods of an action set on `start` that are over by `end` (cached: actions set the same day share
    them)."""
    if rhythm == Rhythm.THIS_MONTH:  # one period: the month it was set in, once that month is over
        return (period_of(Rhythm.MONTHLY, start),) if next_period_start(Rhythm.MONTHLY, start) <= end else ()
    # A period counts once the action existed for the whole of it, so a goal set mid-week starts next week.
    return tuple(periods_between(rhythm, start, end))


def prompt_period(action: PlanAction, today: date) -> str:
    if action.rhythm == Rhythm.THIS_MONTH:
        return period_of(Rhythm.MONTHLY, action.created_at.date())
    return period_of(action.rhythm, today)
