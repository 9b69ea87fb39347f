"""The plans' weekly tick: Friday afternoon progress prompts to each open plan's owner, and slips to the manager."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from sqlalchemy import or_, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from bot.delivery import outbox, planning
from bot.i18n import language_for, t
from bot.record.plans import ACTIVE, TICK_ACTION, next_period_start, period_of, periods_completed, prompt_period
from bot.text import escape, mention
from storage.org import Person
from storage.plans import Plan, PlanAction, PlanProgress, Rhythm

PROMPT_WEEKDAY, PROMPT_HOUR = 4, 15


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
            checked.append((action.id, next_period_start(action.rhythm, today)))
            ticked = done.get(action.id, set())
            # Periods over by the day before it was due were planned by an earlier pass: only later ones are new.
            start, due_on = action.created_at.date(), action.slips_due_on
            before = periods_completed(action.rhythm, start, due_on - timedelta(days=1)) if due_on else ()
            slipped = [period for period in periods_completed(action.rhythm, start, end) if period not in ticked]
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
        period = prompt_period(action, today)
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
