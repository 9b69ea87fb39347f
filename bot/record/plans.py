"""Improvement and development plans: action goals with a rhythm, weekly ticks, slips and an outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from sqlalchemy import or_, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from bot.delivery import outbox, planning
from bot.errors import Forbidden, Invalid, NotFound
from bot.i18n import language_for, t
from bot.org import access
from bot.text import escape, mention
from storage.org import Person
from storage.plans import Plan, PlanAction, PlanKind, PlanProgress, PlanStatus, Rhythm

MAX_TITLE = 300
TICK_ACTION = "plan_tick"
# The weekly prompt goes out on Friday afternoon in the owner's time zone.
PROMPT_WEEKDAY, PROMPT_HOUR = 4, 15


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


def current(session: Session, owner: Person) -> Plan | None:
    """The owner's running plan (open, or extended to a new review date)."""
    return session.exec(
        select(Plan).where(Plan.team_id == owner.team_id, Plan.owner_id == owner.id, Plan.status.in_(ACTIVE))
    ).first()


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
        return {_prompt_period(action, today)}
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
        following = _next_start(rhythm, day)
        if following > end:
            return found
        if day == _period_start(rhythm, day):
            found.append(period_of(rhythm, day))
        day = following


def _period_start(rhythm: Rhythm, day: date) -> date:
    return day - timedelta(days=day.weekday()) if rhythm == Rhythm.WEEKLY else day.replace(day=1)


def _next_start(rhythm: Rhythm, day: date) -> date:
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
    return _complete(action.rhythm, action.created_at.date(), end)


@lru_cache(maxsize=4096)
def _complete(rhythm: Rhythm, start: date, end: date) -> tuple[str, ...]:
    """The periods of an action set on `start` that are over by `end` (cached: actions set the same day share
    them)."""
    if rhythm == Rhythm.THIS_MONTH:  # one period: the month it was set in, once that month is over
        return (period_of(Rhythm.MONTHLY, start),) if _next_start(Rhythm.MONTHLY, start) <= end else ()
    # A period counts once the action existed for the whole of it, so a goal set mid-week starts next week.
    return tuple(periods_between(rhythm, start, end))


def _prompt_period(action: PlanAction, today: date) -> str:
    if action.rhythm == Rhythm.THIS_MONTH:
        return period_of(Rhythm.MONTHLY, action.created_at.date())
    return period_of(action.rhythm, today)


def plan_prompts(session: Session, now: datetime) -> int:
    """Friday afternoon (owner's zone) each open plan's owner is asked to tick progress; slips go to the manager.
    What was planned is kept on the rows (the week each plan's owner was prompted, the next day each action can
    slip), so a quiet minute is two small queries: the owners' zones, and the plans with something due (none)."""
    today = now.date()
    local_days = _prompt_days(session, now)
    owner_row, manager_row = aliased(Person), aliased(Person)
    stale = select(PlanAction.id).where(PlanAction.plan_id == Plan.id, _slips_due(today)).exists()
    prompt_due = [
        (owner_row.tz.is_(None) if zone is None else owner_row.tz == zone)
        & (col(Plan.prompted_week).is_(None) | (Plan.prompted_week != period_of(Rhythm.WEEKLY, day)))
        for zone, day in local_days.items()
    ]
    due = col(Plan.status).in_(ACTIVE) & or_(stale, *prompt_due)
    # Plain rows, not ORM objects: a thousand plans are read at their busiest.
    rows = session.connection().execute(
        select(
            Plan.id, Plan.team_id, Plan.title, Plan.closed_at, *_as("owner", owner_row), *_as("manager", manager_row)
        )
        .join(owner_row, owner_row.id == Plan.owner_id)
        .join(manager_row, manager_row.id == Plan.manager_id)
        .where(due)
        .order_by(Plan.id)
    )
    open_plans = [(row, _person(row, "owner"), _person(row, "manager")) for row in rows]
    if not open_plans:
        return 0
    due_ids = select(Plan.id).join(owner_row, owner_row.id == Plan.owner_id).where(due)
    by_plan: dict[int, list] = {}
    columns = (
        PlanAction.id,
        PlanAction.plan_id,
        PlanAction.text,
        PlanAction.rhythm,
        PlanAction.created_at,
        PlanAction.slips_due_on,
    )
    for action in session.connection().execute(
        select(*columns).where(col(PlanAction.plan_id).in_(due_ids)).order_by(PlanAction.id)
    ):
        by_plan.setdefault(action.plan_id, []).append(action)
    done: dict[int, set[str]] = {}
    ticks = select(PlanProgress.action_id, PlanProgress.period).join(
        PlanAction, PlanAction.id == PlanProgress.action_id
    )
    for action_id, period in session.connection().execute(ticks.where(col(PlanAction.plan_id).in_(due_ids))):
        done.setdefault(action_id, set()).add(period)
    prompts, slips, checked = [], [], []
    for plan, owner, manager in open_plans:
        plan_actions = by_plan.get(plan.id, [])
        if not plan_actions:
            continue
        local_day = local_days.get(owner.tz)
        if owner.is_active and local_day is not None:
            period = f"plan:{plan.id}:{period_of(Rhythm.WEEKLY, local_day)}"
            prompts.append((period, plan, owner, plan_actions, local_day))
        end = (plan.closed_at or now).date()
        for action in plan_actions:
            if action.slips_due_on is not None and action.slips_due_on > today:
                continue
            checked.append((action.id, _next_start(action.rhythm, today)))
            ticked = done.get(action.id, set())
            # Periods over by the day before it was due were planned by an earlier pass: only later ones are new.
            start, due_on = action.created_at.date(), action.slips_due_on
            before = _complete(action.rhythm, start, due_on - timedelta(days=1)) if due_on else ()
            slipped = [period for period in _complete(action.rhythm, start, end) if period not in ticked]
            if slipped := [period for period in slipped if period not in before]:
                slips.append((plan, owner, manager, action, slipped))
    queued = 0
    prompted = planning.already_queued(session, "plan_prompt", (row[0] for row in prompts))
    for period, plan, owner, plan_actions, local_day in prompts:
        if (plan.team_id, owner.slack_id, period) not in prompted:
            queued += _prompt(session, plan, owner, plan_actions, local_day, done)
    keys = (f"plan-slip:{row[3].id}:{period}" for row in slips for period in row[4])
    slipped_before = planning.already_queued(session, "plan_slip", keys)
    for plan, owner, manager, action, slipped in slips:
        key = (plan.team_id, manager.slack_id)
        new = [period for period in slipped if (*key, f"plan-slip:{action.id}:{period}") not in slipped_before]
        queued += _slips(session, plan, owner, manager, action, new)
    _remember_planned(session, prompts, checked)
    return queued


def _prompt_days(session: Session, now: datetime) -> dict[str | None, date]:
    """Each owner zone (as stored) where the Friday prompt is due now, with its local date: worked out once per
    zone, not per person."""
    owner_zones = select(Person.tz).join(Plan, Plan.owner_id == Person.id).where(col(Plan.status).in_(ACTIVE))
    days = {}
    for zone in session.connection().execute(owner_zones.distinct()).scalars():
        local = now.astimezone(_zone(zone or "UTC"))
        if (local.weekday(), local.hour) >= (PROMPT_WEEKDAY, PROMPT_HOUR):
            days[zone] = local.date()
    return days


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _slips_due(today: date):
    return col(PlanAction.slips_due_on).is_(None) | (PlanAction.slips_due_on <= today)


def _remember_planned(session: Session, prompts: list, checked: list[tuple[int, date]]) -> None:
    """Written with the queued rows (after them, in a tick): the week each plan's prompt is queued for, and for
    each action looked at the next day one of its periods ends (`checked`). A new plan or action has neither, and
    a tick only ever saves a slip, so whatever changes later is looked at in time."""
    by_week: dict[str, list[int]] = {}
    for period, plan, *_ in prompts:
        by_week.setdefault(period.rsplit(":", 1)[1], []).append(plan.id)
    for week, plan_ids in sorted(by_week.items()):
        for chunk in _chunks(plan_ids):
            planning.later(
                session, update(Plan).where(planning.among(session, Plan.id, chunk)).values(prompted_week=week)
            )
    by_day: dict[date, list[int]] = {}
    for action_id, due_on in checked:
        by_day.setdefault(due_on, []).append(action_id)
    for due_on, action_ids in sorted(by_day.items()):
        for chunk in _chunks(action_ids):
            among = planning.among(session, PlanAction.id, chunk)
            planning.later(session, update(PlanAction).where(among).values(slips_due_on=due_on))


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[start : start + planning.MAX_LISTED] for start in range(0, len(ids), planning.MAX_LISTED)]


def _as(prefix: str, person) -> list:
    return [getattr(person, name).label(f"{prefix}_{name}") for name in ("slack_id", "tz", "locale", "is_active")]


def _person(row, prefix: str) -> SimpleNamespace:
    return SimpleNamespace(
        **{name: getattr(row, f"{prefix}_{name}") for name in ("slack_id", "tz", "locale", "is_active")}
    )


def _prompt(
    session: Session,
    plan: Plan,
    owner: Person,
    plan_actions: list[PlanAction],
    today: date,
    done: dict[int, set[str]],
) -> int:
    lang = language_for(owner.locale)
    text = t(lang, "plan.prompt", title=escape(plan.title))
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
    for action in plan_actions:
        period = _prompt_period(action, today)
        if action.rhythm == Rhythm.THIS_MONTH and (
            period in done.get(action.id, set()) or period < today.strftime("%Y-%m")
        ):
            continue  # a one-off already done, or its month is over
        label, rhythm = _rhythm_words(lang, action.rhythm)
        button = {
            "type": "button",
            "text": {"type": "plain_text", "text": label},
            "action_id": f"{TICK_ACTION}:{action.id}",
            "value": f"{action.id}:{period}",
        }
        line = f"• {escape(action.text)} _({rhythm})_"
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": line}, "accessory": button})
    return outbox.enqueue(
        session,
        team_id=plan.team_id,
        recipient=owner.slack_id,
        kind="plan_prompt",
        period=f"plan:{plan.id}:{period_of(Rhythm.WEEKLY, today)}",
        message=outbox.message(text, blocks[:50]),
    )


@cache
def _rhythm_words(lang: str, rhythm: Rhythm) -> tuple[str, str]:
    """The tick button's label and the rhythm's name, looked up once per language."""
    return t(lang, f"plan.done_{rhythm}"), t(lang, f"plan.rhythm.{rhythm}")


def _slips(session: Session, plan: Plan, owner: Person, manager: Person, action: PlanAction, slipped: list[str]) -> int:
    """The manager hears of each period of `action` that ended unticked (a message each)."""
    lang, person, text = language_for(manager.locale), mention(owner.slack_id), escape(action.text)
    return sum(
        outbox.enqueue(
            session,
            team_id=plan.team_id,
            recipient=manager.slack_id,
            kind="plan_slip",
            period=f"plan-slip:{action.id}:{period}",
            message=outbox.message(t(lang, "plan.slip", person=person, text=text, period=period)),
        )
        for period in slipped
    )
