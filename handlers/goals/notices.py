"""The DMs a goal's steps announce (owner cards, the manager's approval request), queued in the outbox
in the same transaction as the step."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from bot.delivery import outbox
from bot.goals import cycles, hints, reads
from bot.i18n import language_for, t
from bot.org import directory
from bot.text import escape
from handlers.blocks import goals as blocks
from handlers.blocks.kit import section
from storage.cycles import Cycle
from storage.goals import Goal, GoalStatus
from storage.org import Person


def event_period(session: Session, goal: Goal) -> str:
    return f"goal{goal.id}:e{reads.history(session, goal)[-1].id}"


def dm(session: Session, person: Person, kind: str, period: str, text: str, body: list) -> None:
    outbox.enqueue(
        session,
        team_id=person.team_id,
        recipient=person.slack_id,
        kind=kind,
        period=period,
        message=outbox.message(text, body),
    )


def quality_hints(session: Session, goal: Goal) -> list[tuple[str, dict]]:
    """Suggestions on a proposed goal, for its owner and the manager who approves it."""
    if goal.status != GoalStatus.PROPOSED:
        return []
    cycle = cycles.get(session, goal.team_id, goal.cycle_id)
    return [(hint.key, hint.params) for hint in hints.for_goal(goal, reads.metrics_of(session, goal), cycle)]


def card_for_owner(session: Session, goal: Goal, owner: Person, key: str, **params: Any) -> None:
    lang = language_for(owner.locale)
    text = t(lang, key, title=escape(goal.title), **params)
    metrics = reads.metrics_of(session, goal)
    body = blocks.card(lang, text, goal, metrics, blocks.owner_buttons(lang, goal), quality_hints(session, goal))
    dm(session, owner, "goal.owner", event_period(session, goal), text, body)


def ask_manager(session: Session, cycle: Cycle, goal: Goal, owner: Person) -> Person | None:
    manager = directory.manager_of(session, owner)
    if manager is None:
        return None
    lang = language_for(manager.locale)
    text = t(lang, "goal.proposed_to_manager", owner=owner.slack_id, cycle=escape(cycle.name), title=escape(goal.title))
    metrics = reads.metrics_of(session, goal)
    body = blocks.card(lang, text, goal, metrics, blocks.review_buttons(lang, goal), quality_hints(session, goal))
    dm(session, manager, "goal.review", event_period(session, goal), text, body)
    return manager


def announce_saved(session: Session, cycle: Cycle, goal: Goal, actor: Person, owner: Person | None) -> None:
    if owner is None:
        lang = language_for(actor.locale)
        text = t(lang, "goal.saved_shared", title=escape(goal.title))
        dm(session, actor, "goal.saved", event_period(session, goal), text, [section(text)])
    elif goal.status == GoalStatus.ASSIGNED and owner.id != actor.id:
        card_for_owner(
            session, goal, owner, "goal.assigned_for_owner", manager=actor.slack_id, cycle=escape(cycle.name)
        )
    elif goal.status == GoalStatus.PROPOSED:
        ask_manager(session, cycle, goal, owner)
        card_for_owner(session, goal, owner, "goal.you_proposed", manager=directory.manager_of(session, owner).slack_id)
    else:
        lang = language_for(owner.locale)
        card_for_owner(session, goal, owner, "goal.saved", status=t(lang, f"status.{goal.status}"))
