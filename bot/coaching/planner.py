"""The weekly digest planner: at each manager's local Monday 09:00, their nudges are stored and one DM queued.

One set-based pass per tick: the due managers are a subquery (zone, not opted out, not yet sent this week), their
teams' facts come from a fixed handful of queries, the nudges and the messages are inserted in one statement each.
The statement count does not grow with the number of people (tests/test_coaching_planner.py counts them).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import exists
from sqlmodel import Session, col, select

from bot.checkins.calendar import at_local, week_of, zone
from bot.coaching import digest, facts, nudges, settings
from bot.delivery import outbox
from bot.i18n import language_for
from bot.org import access
from storage.coaching import CoachingPreference, Nudge
from storage.org import Person
from storage.outbox import Delivery
from storage.upsert import insert_for

KIND = "coaching.digest"
DIGEST_TIME = "09:00"
WINDOW = timedelta(hours=8)  # a digest missed at 09:00 still goes until 17:00 local, never later


def _due_zones(session: Session, now: datetime) -> dict[str, tuple[str, datetime]]:
    """The managers' zones where it is Monday between 09:00 and the end of the window: zone -> (week, due)."""
    has_reports = select(Person.manager_id).where(Person.is_active, Person.manager_id.is_not(None))
    names = session.exec(select(Person.tz).where(Person.is_active, col(Person.id).in_(has_reports)).distinct())
    due = {}
    for name in names:
        tz = zone(name)
        local = now.astimezone(tz)
        if local.weekday() != 0:
            continue
        start = at_local(local.date(), DIGEST_TIME, tz)
        if start <= now < start + WINDOW:
            due[name] = (week_of(local.date()), start)
    return due


def due_managers(zones: dict[str, tuple[str, datetime]]):
    """A subquery of the managers whose digest is due: in a due zone, with a report, not opted out, not yet sent."""
    has_reports = select(Person.manager_id).where(Person.is_active, Person.manager_id.is_not(None))
    opted_out = select(CoachingPreference.person_id).where(CoachingPreference.digest_enabled.is_(False))
    weeks = sorted({week for week, _ in zones.values()})
    sent = exists().where(
        Delivery.team_id == Person.team_id,
        Delivery.recipient == Person.slack_id,
        Delivery.kind == KIND,
        col(Delivery.period).in_(weeks),
    )
    return select(Person.id).where(
        Person.is_active,
        col(Person.id).in_(has_reports),
        col(Person.tz).in_(list(zones)),
        col(Person.id).not_in(opted_out),
        ~sent,
    )


def plan_weekly_digests(session: Session, now: datetime) -> int:
    """Planner: queue each due manager's digest (only when something needs action); returns how many."""
    zones = _due_zones(session, now)
    if not zones:
        return 0
    managers_query = due_managers(zones)
    managers = {m.id: m for m in session.exec(select(Person).where(col(Person.id).in_(managers_query)))}
    if not managers:
        return 0
    teams = facts.load(session, managers_query, now.date(), now)
    limits = settings.thresholds_of(session, sorted({m.team_id for m in managers.values()}))
    planned: dict[int, list[nudges.Raised]] = {}
    totals: dict[int, int] = {}
    rows = []
    for manager_id, team in teams.items():
        manager = managers.get(manager_id)
        if manager is None:
            continue
        week, _ = zones[manager.tz]
        today = now.astimezone(zone(manager.tz)).date()
        raised = [
            nudge
            for nudge in nudges.evaluate(team, today, now, limits[manager.team_id])
            if access.may_nudge_about(manager, team.team_of.get(nudge.subject_id, manager.team_id), team.manager_id)
        ]
        if not raised:
            continue
        planned[manager_id], totals[manager_id] = raised[: digest.MAX_NUDGES], len(raised)  # what fits is stored
        rows += [
            {
                "team_id": manager.team_id,
                "manager_id": manager_id,
                "subject_id": nudge.subject_id,
                "rule": nudge.rule,
                "week": week,
                "detail": nudge.detail,
                "raised_at": now,
            }
            for nudge in planned[manager_id]
        ]
    if not rows:
        return 0
    insert = insert_for(session.get_bind().dialect.name)(Nudge.__table__)
    session.connection().execute(
        insert.on_conflict_do_nothing(index_elements=["team_id", "manager_id", "subject_id", "rule", "week"]), rows
    )
    weeks = sorted({week for week, _ in zones.values()})
    stored = session.exec(
        select(Nudge.id, Nudge.manager_id, Nudge.subject_id, Nudge.rule).where(
            col(Nudge.manager_id).in_(managers_query),
            col(Nudge.week).in_(weeks),
        )
    )
    ids = {(manager_id, subject_id, rule): nudge_id for nudge_id, manager_id, subject_id, rule in stored}
    messages = []
    for manager_id, raised in planned.items():
        manager = managers[manager_id]
        week, due = zones[manager.tz]
        with_ids = [
            (ids[(manager_id, n.subject_id, n.rule)], n) for n in raised if (manager_id, n.subject_id, n.rule) in ids
        ]
        messages.append(
            {
                "team_id": manager.team_id,
                "recipient": manager.slack_id,
                "kind": KIND,
                "period": week,
                "message": digest.message(
                    language_for(manager.locale), week, with_ids, teams[manager_id].slack_ids, totals[manager_id]
                ),
                "expires_at": due + WINDOW,
            }
        )
    outbox.enqueue_many(session, messages)
    return len(messages)
