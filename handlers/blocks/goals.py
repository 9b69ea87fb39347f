"""Block Kit for goals: the goal, update and comment modals, goal cards with buttons, the list and App Home."""

from __future__ import annotations

import json

from bot.goals import scorecard, tracking
from bot.goals.cycles import PERSPECTIVES
from bot.goals.negotiation import key_results_text
from bot.i18n import t
from bot.text import escape, truncate
from handlers.blocks.inputs import date_input, modal, option, select, text_input, user_input
from handlers.blocks.kit import Block, actions, button, context, divider, header, section
from storage.cycles import Cycle
from storage.goals import Direction, Goal, GoalEvent, GoalStatus, GoalType, Metric

GOAL_CALLBACK = "goals.modal"
UPDATE_CALLBACK = "goals.update_modal"
COMMENT_CALLBACK = "goals.comment_modal"
PROPOSE, EDIT, APPROVE, REQUEST_CHANGES = "goals.propose", "goals.edit", "goals.approve", "goals.request_changes"
ACKNOWLEDGE, UPDATE, HISTORY = "goals.acknowledge", "goals.update", "goals.history"
MARK_DONE, WITHDRAW = "goals.mark_done", "goals.withdraw"
LIST_LIMIT = 12


def number(value: float) -> str:
    return f"{value:g}"


def goal_modal(
    lang: str,
    cycle: Cycle,
    perspectives: list[str],
    parents: list[Goal],
    *,
    goal: Goal | None = None,
    metric: Metric | None = None,
    more: list[Metric] | None = None,
    can_assign: bool = False,
    shared: dict | None = None,
) -> dict:
    blocks: list[Block] = [
        context(
            t(
                lang,
                "goal.modal.cycle",
                name=escape(cycle.name),
                start=cycle.starts_on.isoformat(),
                end=cycle.ends_on.isoformat(),
            )
        )
    ]
    if goal is None and can_assign:
        blocks.append(user_input("owner", t(lang, "goal.field.owner"), optional=True))
    blocks.append(
        text_input("title", t(lang, "goal.field.title"), initial=goal.title if goal else None, max_length=150)
    )
    blocks.append(
        text_input(
            "description",
            t(lang, "goal.field.description"),
            initial=goal.description if goal else None,
            multiline=True,
            optional=True,
        )
    )
    if cycle.bsc_enabled:
        options = [option(t(lang, f"perspective.{name}"), name) for name in perspectives]
        blocks.append(
            select(
                "perspective", t(lang, "goal.field.perspective"), options, initial=goal.perspective if goal else None
            )
        )
    types = [option(t(lang, f"goal_type.{kind}"), kind) for kind in GoalType]
    blocks.append(
        select("goal_type", t(lang, "goal.field.goal_type"), types, initial=goal.goal_type if goal else "kpi")
    )
    blocks.append(text_input("weight", t(lang, "goal.field.weight"), initial=str(goal.weight) if goal else None))
    blocks.append(
        date_input("due_on", t(lang, "goal.field.due_on"), initial=goal.due_on if goal else None, optional=True)
    )
    if parents:
        options = [option(truncate(parent.title, 75), str(parent.id)) for parent in parents]
        initial = str(goal.parent_id) if goal and goal.parent_id else None
        blocks.append(select("parent", t(lang, "goal.field.parent"), options, initial=initial, optional=True))
    blocks.append(
        text_input("metric", t(lang, "goal.field.metric"), initial=metric.name if metric else None, optional=True)
    )
    blocks.append(
        text_input("unit", t(lang, "goal.field.unit"), initial=metric.unit if metric else None, optional=True)
    )
    blocks.append(
        text_input(
            "start", t(lang, "goal.field.start"), initial=number(metric.start_value) if metric else None, optional=True
        )
    )
    blocks.append(
        text_input(
            "target",
            t(lang, "goal.field.target"),
            initial=number(metric.target_value) if metric else None,
            optional=True,
        )
    )
    directions = [option(t(lang, f"direction.{d}"), d) for d in Direction]
    blocks.append(
        select(
            "direction", t(lang, "goal.field.direction"), directions, initial=metric.direction if metric else "higher"
        )
    )
    blocks.append(
        text_input(
            "key_results",
            t(lang, "goal.field.key_results"),
            initial=key_results_text(more) if more else None,
            multiline=True,
            optional=True,
        )
    )
    title = t(lang, "goal.modal.edit_title" if goal else "goal.modal.title")
    metadata = json.dumps({"goal_id": goal.id} if goal else (shared or {}))
    return modal(GOAL_CALLBACK, title, t(lang, "goal.modal.save"), t(lang, "goal.modal.cancel"), blocks, metadata)


def update_modal(lang: str, choices: list[tuple[Goal, Metric]], *, initial: int | None = None) -> dict:
    options = [
        option(
            f"{truncate(goal.title, 40)} · {truncate(metric.name, 20)} ({number(metric.current_value)})", str(metric.id)
        )
        for goal, metric in choices
    ]
    blocks = [
        select("metric", t(lang, "goal.field.metric"), options, initial=str(initial) if initial else None),
        text_input("value", t(lang, "goal.field.value"), max_length=30),
    ]
    return modal(
        UPDATE_CALLBACK,
        t(lang, "goal.modal.update_title"),
        t(lang, "goal.modal.save"),
        t(lang, "goal.modal.cancel"),
        blocks,
    )


def comment_modal(lang: str, goal: Goal, where: dict) -> dict:
    blocks = [
        section(f"*{escape(goal.title)}*"),
        text_input("comment", t(lang, "goal.field.comment"), multiline=True, max_length=3000),
    ]
    metadata = json.dumps({"goal_id": goal.id, **where})
    return modal(
        COMMENT_CALLBACK,
        t(lang, "goal.modal.comment_title"),
        t(lang, "goal.modal.send"),
        t(lang, "goal.modal.cancel"),
        blocks,
        metadata,
    )


def metric_lines(lang: str, metrics: list[Metric]) -> str:
    return "".join(
        "\n"
        + t(
            lang,
            "goal.list.metric",
            name=escape(metric.name),
            current=number(metric.current_value),
            unit=escape(metric.unit),
            start=number(metric.start_value),
            target=number(metric.target_value),
        )
        for metric in metrics
    )


def goal_text(lang: str, goal: Goal, metrics: list[Metric]) -> str:
    progress = scorecard.goal_progress(goal, metrics)
    return t(
        lang,
        "goal.list.line",
        title=escape(goal.title),
        weight=goal.weight,
        status=f"{t(lang, f'status.{goal.status}')} · {tracking.goal_key(goal.id)}",
        bar=scorecard.bar(progress),
        metrics=metric_lines(lang, metrics),
    )


def owner_buttons(lang: str, goal: Goal) -> list[dict]:
    value = str(goal.id)
    found = []
    if goal.status in (GoalStatus.DRAFT, GoalStatus.CHANGES_REQUESTED):
        found.append(button(t(lang, "goal.button.propose"), PROPOSE, value, style="primary"))
    if goal.status == GoalStatus.PROPOSED:
        found.append(button(t(lang, "goal.button.withdraw"), WITHDRAW, value))
    if goal.status == GoalStatus.ASSIGNED:
        found.append(button(t(lang, "goal.button.acknowledge"), ACKNOWLEDGE, value, style="primary"))
    if goal.status in (GoalStatus.DRAFT, GoalStatus.CHANGES_REQUESTED, GoalStatus.AGREED):
        found.append(button(t(lang, "goal.button.edit"), EDIT, value))
    if goal.goal_type != GoalType.MILESTONE:
        found.append(button(t(lang, "goal.button.update"), UPDATE, value))
    elif not goal.done:
        found.append(button(t(lang, "goal.button.mark_done"), MARK_DONE, value))
    found.append(button(t(lang, "goal.button.history"), HISTORY, value))
    return found


def viewer_buttons(lang: str, goal: Goal) -> list[dict]:
    """What a manager or HR may do on someone else's goal from a list: update numbers, read history."""
    found = []
    if goal.goal_type != GoalType.MILESTONE:
        found.append(button(t(lang, "goal.button.update"), UPDATE, str(goal.id)))
    found.append(button(t(lang, "goal.button.history"), HISTORY, str(goal.id)))
    return found


def hints_text(lang: str, hints: list[tuple[str, dict]]) -> str:
    """Goal quality suggestions (bot/goals/hints.py) as one line each, under a heading."""
    return "\n".join([t(lang, "hint.title"), *(f"• {t(lang, key, **params)}" for key, params in hints)])


def card(
    lang: str,
    headline: str,
    goal: Goal,
    metrics: list[Metric],
    buttons: list[dict],
    hints: list[tuple[str, dict]] | None = None,
) -> list[Block]:
    blocks = [section(headline), section(goal_text(lang, goal, metrics))]
    if hints:
        blocks.append(context(hints_text(lang, hints)))
    if buttons:
        blocks.append(actions(*buttons, block_id=f"goal_{goal.id}"))
    return blocks


def review_buttons(lang: str, goal: Goal) -> list[dict]:
    value = str(goal.id)
    return [
        button(t(lang, "goal.button.approve"), APPROVE, value, style="primary"),
        button(t(lang, "goal.button.request_changes"), REQUEST_CHANGES, value),
    ]


def scorecard_blocks(
    lang: str,
    card_: scorecard.Scorecard,
    metrics: dict[int, list[Metric]],
    *,
    with_buttons: bool,
    limit: int,
    own: bool = True,
) -> list[Block]:
    blocks: list[Block] = [section(t(lang, "goal.list.weighted", bar=scorecard.bar(card_.progress)))]
    shown = 0
    total = sum(len(p.goals) for p in card_.perspectives)
    for perspective in card_.perspectives:
        if not perspective.goals and perspective.weight == 0:
            continue
        blocks.append(
            context(
                t(
                    lang,
                    "goal.list.perspective",
                    perspective=t(lang, f"perspective.{perspective.name}"),
                    weight=perspective.weight,
                    bar=scorecard.bar(perspective.progress),
                )
            )
        )
        for goal, _ in perspective.goals:
            if shown >= limit:
                continue
            shown += 1
            blocks.append(section(goal_text(lang, goal, metrics[goal.id])))
            if with_buttons:
                buttons = owner_buttons(lang, goal) if own else viewer_buttons(lang, goal)
                blocks.append(actions(*buttons, block_id=f"goal_{goal.id}"))
    if total > shown:
        blocks.append(context(t(lang, "goal.list.more", count=total - shown)))
    problems = card_.problems()
    if problems:
        texts = [
            t(lang, key, **{**params, "perspective": t(lang, f"perspective.{params['perspective']}")})
            for key, params in problems
        ]
        blocks.append(context(t(lang, "goal.list.problems", problems=" ".join(texts))))
    return blocks


def shared_blocks(lang: str, shared: list[Goal], metrics: dict[int, list[Metric]]) -> list[Block]:
    if not shared:
        return []
    lines = []
    for goal in shared[:10]:
        progress = scorecard.bar(scorecard.goal_progress(goal, metrics[goal.id]))
        lines.append(f"• *{escape(goal.title)}* · {escape(goal.owner_department or '')} {progress}")
    return [context(t(lang, "goal.list.shared")), section("\n".join(lines))]


def list_blocks(
    lang: str,
    cycle: Cycle,
    card_: scorecard.Scorecard,
    metrics: dict[int, list[Metric]],
    shared: list[Goal],
    awaiting: int,
    *,
    title: str,
    own: bool = True,
) -> list[Block]:
    blocks: list[Block] = [header(title)]
    if not any(p.goals for p in card_.perspectives):
        blocks.append(section(t(lang, "goal.list.empty", cycle=escape(cycle.name))))
    else:
        blocks.extend(scorecard_blocks(lang, card_, metrics, with_buttons=True, limit=LIST_LIMIT, own=own))
    if awaiting:
        blocks.append(section(t(lang, "goal.list.awaiting", count=awaiting)))
    blocks.extend(shared_blocks(lang, shared, metrics))
    return blocks[:50]


def home_blocks(
    lang: str,
    cycle: Cycle,
    card_: scorecard.Scorecard,
    metrics: dict[int, list[Metric]],
    awaiting: int,
) -> list[Block]:
    blocks: list[Block] = [header(t(lang, "goal.home.title", cycle=cycle.name))]
    if any(p.goals for p in card_.perspectives):
        blocks.extend(scorecard_blocks(lang, card_, metrics, with_buttons=False, limit=8))
    else:
        blocks.append(section(t(lang, "goal.list.empty", cycle=escape(cycle.name))))
    if awaiting:
        blocks.append(section(t(lang, "goal.list.awaiting", count=awaiting)))
    buttons = [
        button(t(lang, "reminder.button.goals"), "goals.open_create", str(cycle.id)),
        button(t(lang, "reminder.button.update"), "goals.open_update", str(cycle.id)),
    ]
    if awaiting:
        buttons.append(button(t(lang, "reminder.button.review"), "goals.open_review", str(cycle.id)))
    blocks.append(actions(*buttons))
    blocks.append(divider())
    return blocks


def history_blocks(lang: str, goal: Goal, events: list[tuple[GoalEvent, str]]) -> list[Block]:
    lines = [
        t(
            lang,
            "goal.history.line",
            at=event.at.strftime("%Y-%m-%d %H:%M UTC"),
            actor=slack_id,
            action=t(lang, f"action.{event.action}"),
            comment=f": {escape(event.comment)}" if event.comment else "",
        )
        if event.action != "feed"  # a value an API token sent: no person acted
        else t(lang, "feeds.history.line", at=event.at.strftime("%Y-%m-%d %H:%M UTC"), comment=escape(event.comment))
        for event, slack_id in events[-30:]
    ]
    return [section(t(lang, "goal.history.title", title=escape(goal.title))), section("\n".join(lines))]


def perspectives_for(weights: dict[str, int]) -> list[str]:
    return [name for name in PERSPECTIVES if weights.get(name, 0) > 0]
