"""Block Kit for check-ins: the prompt, the check-in modal, the manager's digest, the reply modal."""

from __future__ import annotations

from typing import Any

from bot.checkins.goal_source import GoalStatus
from bot.checkins.render import Digest, TextRenderer, entry_lines
from bot.checkins.schedules import question_label
from bot.delivery.outbox import message
from bot.i18n import t
from handlers.blocks.kit import Block, actions, button, context, header, plain, section
from storage.checkins import Checkin

MESSAGE_BLOCK_LIMIT = 50
MODAL_BLOCK_LIMIT = 100


def _text_input(block_id: str, label: str, initial: str | None, *, multiline: bool = True) -> Block:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": "value", "multiline": multiline}
    if initial:
        element["initial_value"] = initial
    return {"type": "input", "block_id": block_id, "optional": True, "label": plain(label[:2000]), "element": element}


def _number_input(block_id: str, label: str, initial: float | None, *, decimal: bool) -> Block:
    element: dict[str, Any] = {"type": "number_input", "action_id": "value", "is_decimal_allowed": decimal}
    if not decimal:
        element.update(min_value="0", max_value="100")
    if initial is not None:
        element["initial_value"] = f"{initial:g}"
    return {"type": "input", "block_id": block_id, "optional": True, "label": plain(label[:2000]), "element": element}


def _scale_input(block_id: str, label: str, initial: int | None) -> Block:
    options = [{"text": plain(str(n)), "value": str(n)} for n in range(1, 6)]
    element: dict[str, Any] = {"type": "static_select", "action_id": "value", "options": options}
    if initial:
        element["initial_option"] = options[initial - 1]
    return {"type": "input", "block_id": block_id, "optional": True, "label": plain(label[:2000]), "element": element}


def checkin_modal(
    lang: str,
    week: str,
    questions: list[dict[str, Any]],
    goals: list[GoalStatus],
    existing: Checkin | None,
) -> dict[str, Any]:
    """The check-in form, pre-filled with the person's goals and with their earlier answers for the week."""
    earlier = {answer["id"]: answer.get("value") for answer in (existing.answers if existing else [])}
    blocks: list[Block] = [context(t(lang, "checkin.modal.intro", week=week))]
    for question in questions:
        qid, label = question["id"], question_label(question, lang)
        if question["type"] == "text":
            blocks.append(_text_input(qid, label, earlier.get(qid)))
        elif question["type"] == "scale":
            blocks.append(_scale_input(qid, label, earlier.get(qid)))
        elif goals:
            blocks.append(section(f"*{label}*"))
            for goal in goals:
                title = goal.title[:100]
                blocks.append(
                    _number_input(
                        f"goal:{goal.goal_id}",
                        t(lang, "checkin.modal.goal_progress", title=title),
                        goal.progress,
                        decimal=False,
                    )
                )
                kpi = _number_input(
                    f"kpi:{goal.goal_id}", t(lang, "checkin.modal.kpi", title=title), None, decimal=True
                )
                if goal.kpi_value is not None:  # the live value, however it arrived (Slack, a CSV, an API feed)
                    unit = f" {goal.kpi_unit}" if goal.kpi_unit else ""
                    kpi["hint"] = plain(t(lang, "feeds.checkin.kpi_now", value=f"{goal.kpi_value:g}{unit}"))
                blocks.append(kpi)
    return {
        "type": "modal",
        "callback_id": "checkin_modal",
        "private_metadata": week,
        "title": plain(t(lang, "checkin.modal.title")[:24]),
        "submit": plain(t(lang, "checkin.modal.submit")),
        "close": plain(t(lang, "checkin.modal.cancel")),
        "blocks": blocks[:MODAL_BLOCK_LIMIT],
    }


def submitted_values(view: dict[str, Any]) -> dict[str, Any]:
    """A view submission's state as {block_id: value} for the inputs check-ins use."""
    values: dict[str, Any] = {}
    for block_id, inputs in view.get("state", {}).get("values", {}).items():
        for state in inputs.values():
            if state.get("type") == "static_select":
                values[block_id] = (state.get("selected_option") or {}).get("value")
            else:
                values[block_id] = state.get("value")
    return values


def reply_modal(lang: str, checkin_id: int) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "checkin_reply_modal",
        "private_metadata": str(checkin_id),
        "title": plain(t(lang, "checkin.reply.modal.title")[:24]),
        "submit": plain(t(lang, "checkin.reply.send")),
        "close": plain(t(lang, "checkin.modal.cancel")),
        "blocks": [
            {
                "type": "input",
                "block_id": "reply",
                "label": plain(t(lang, "checkin.reply.label")),
                "element": {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": 3000},
            }
        ],
    }


class BlocksRenderer(TextRenderer):
    """The Slack surface's rendering: the prompt gets a button, the digest a reply button per check-in."""

    def prompt(self, lang: str, week: str, reminder: bool = False) -> dict[str, Any]:
        text = t(lang, "checkin.reminder.text" if reminder else "checkin.prompt.text", week=week)
        return message(
            text,
            [section(text), actions(button(t(lang, "checkin.button.open"), "checkin_open", week, style="primary"))],
        )

    def digest(self, lang: str, digest: Digest) -> dict[str, Any]:
        title = t(lang, "checkin.digest.title", week=digest.week, answered=digest.answered, total=len(digest.entries))
        blocks: list[Block] = [header(title)]
        for entry in digest.entries[: MESSAGE_BLOCK_LIMIT - 1]:
            accessory = (
                button(
                    t(lang, "checkin.button.reply", name=entry.name or entry.slack_id),
                    "checkin_reply",
                    str(entry.checkin_id),
                )
                if entry.checkin_id
                else None
            )
            blocks.append(section(entry_lines(lang, entry), accessory=accessory))
        return message(title, blocks)
