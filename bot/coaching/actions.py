"""What a manager's click on a nudge does: a talking point on the one-to-one, a request for a goal update, a
snooze; every click is recorded on the nudge (acted on, or snoozed) for HR's counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func
from sqlmodel import Session, select

from bot.coaching import nudges, settings
from bot.delivery import outbox
from bot.errors import Forbidden, NotFound
from bot.i18n import language_for, t
from bot.org import access
from bot.record import oneonone
from bot.text import escape, mention
from storage.coaching import Nudge, NudgeSnooze
from storage.oneonone import ItemKind
from storage.org import Person

SNOOZED = "snooze"
ASK_KIND = "coaching.ask_update"
OPEN_UPDATE_ACTION = "goals.open_update"  # the goals feature's "update a value" button


@dataclass
class Clicked:
    nudge: Nudge
    manager: Person
    subject: Person
    first: bool  # False when this same action was already taken (a double click does nothing twice)


def click(session: Session, *, actor: Person, nudge_id: int, action: str, now: datetime) -> Clicked:
    """Record `action` on the actor's own nudge; only the manager it was raised for may act on it."""
    nudge = session.get(Nudge, nudge_id)
    if nudge is None or nudge.team_id != actor.team_id:
        raise NotFound("coaching.nudge_not_found")
    if nudge.manager_id != actor.id:
        raise Forbidden("coaching.not_yours")
    subject = session.get(Person, nudge.subject_id)
    if not access.may_nudge_about(actor, subject.team_id, subject.manager_id) and subject.id != actor.id:
        raise Forbidden("coaching.not_in_team", person=subject.slack_id)
    first = nudge.action != action
    nudge.action = action
    if action != SNOOZED:
        nudge.acted_at = nudge.acted_at or now
    return Clicked(nudge, actor, subject, first)


def talking_point(lang: str, nudge: Nudge) -> str:
    detail = nudge.detail
    if nudge.rule == nudges.GOAL:
        titles = ", ".join(f"“{goal['title']}”" for goal in detail.get("goals", []))
        return t(lang, "coaching.point.goal", titles=titles)
    if nudge.rule == nudges.BLOCKERS:
        return t(lang, "coaching.point.blockers", latest=detail.get("latest", ""))
    return t(lang, "coaching.point.mood")


def add_to_one_on_one(session: Session, clicked: Clicked, now: datetime) -> str:
    """Put the nudge on the pair's running agenda as a talking point (once); returns the point's text."""
    text = talking_point(language_for(clicked.manager.locale), clicked.nudge)
    if clicked.first:
        pair = oneonone.pair_for(session, clicked.manager, clicked.subject)
        oneonone.add_item(session, actor=clicked.manager, pair=pair, kind=ItemKind.TALKING_POINT, text=text, now=now)
    return text


def ask_for_update(session: Session, clicked: Clicked) -> int:
    """DM the report: their manager asks for an update on the goals the nudge named, with the update button."""
    subject, lang = clicked.subject, language_for(clicked.subject.locale)
    goals = clicked.nudge.detail.get("goals", [])
    titles = ", ".join(f"“{escape(goal['title'])}”" for goal in goals)
    text = t(lang, "coaching.ask_update", manager=mention(clicked.manager.slack_id), titles=titles)
    button = {
        "type": "button",
        "text": {"type": "plain_text", "text": t(lang, "coaching.action.update_now")},
        "action_id": OPEN_UPDATE_ACTION,
        "value": "coaching",
    }
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": text}, "accessory": button}]
    outbox.enqueue(
        session,
        team_id=subject.team_id,
        recipient=subject.slack_id,
        kind=ASK_KIND,
        period=f"nudge:{clicked.nudge.id}",
        message=outbox.message(text, blocks),
    )
    return len(goals)


def snooze(session: Session, clicked: Clicked, now: datetime) -> datetime:
    """Silence this rule about this person for the workspace's snooze length; returns until when."""
    days = settings.thresholds(session, clicked.manager.team_id).snooze_days
    until = (now + timedelta(days=days)).date()
    nudge = clicked.nudge
    row = session.exec(
        select(NudgeSnooze).where(
            NudgeSnooze.team_id == nudge.team_id,
            NudgeSnooze.manager_id == nudge.manager_id,
            NudgeSnooze.subject_id == nudge.subject_id,
            NudgeSnooze.rule == nudge.rule,
        )
    ).first()
    if row is None:
        row = NudgeSnooze(
            team_id=nudge.team_id, manager_id=nudge.manager_id, subject_id=nudge.subject_id, rule=nudge.rule
        )
        session.add(row)
    row.until, row.created_at = until, now
    return until


@dataclass(frozen=True)
class ManagerCounts:
    manager: Person
    raised: int
    acted: int
    snoozed: int


def counts(session: Session, *, actor: Person, since: datetime) -> list[ManagerCounts]:
    """HR's view: per manager, how many nudges were raised since `since`, acted on and snoozed (one query)."""
    access.require_hr(actor)
    query = (
        select(
            Person,
            func.count(Nudge.id),
            func.count(Nudge.acted_at),
            func.sum(case((Nudge.action == SNOOZED, 1), else_=0)),
        )
        .join(Person, Person.id == Nudge.manager_id)
        .where(Nudge.team_id == actor.team_id, Nudge.raised_at >= since)
        .group_by(Person.id)
        .order_by(func.count(Nudge.id).desc(), Person.name)
    )
    return [
        ManagerCounts(person, raised, acted, int(snoozed or 0))
        for person, raised, acted, snoozed in session.exec(query)
    ]
