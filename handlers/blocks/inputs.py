"""Block Kit input elements for modals (plain text, selects, date pickers, checkboxes)."""

from __future__ import annotations

from datetime import date
from typing import Any

from handlers.blocks.kit import Block, plain


def option(text: str, value: str) -> dict[str, Any]:
    return {"text": plain(text[:75]), "value": value}


def input_block(block_id: str, label: str, element: dict[str, Any], *, optional: bool = False) -> Block:
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label[:2000]),
        "element": {"action_id": "value", **element},
        "optional": optional,
    }


def text_input(
    block_id: str, label: str, *, initial: str | None = None, multiline=False, max_length=None, optional=False
) -> Block:
    element: dict[str, Any] = {"type": "plain_text_input", "multiline": multiline}
    if initial:
        element["initial_value"] = initial
    if max_length:
        element["max_length"] = max_length
    return input_block(block_id, label, element, optional=optional)


def select(
    block_id: str, label: str, options: list[dict[str, Any]], *, initial: str | None = None, optional=False
) -> Block:
    element: dict[str, Any] = {"type": "static_select", "options": options[:100]}
    chosen = next((o for o in options if o["value"] == initial), None)
    if chosen:
        element["initial_option"] = chosen
    return input_block(block_id, label, element, optional=optional)


def date_input(block_id: str, label: str, *, initial: date | None = None, optional=False) -> Block:
    element: dict[str, Any] = {"type": "datepicker"}
    if initial:
        element["initial_date"] = initial.isoformat()
    return input_block(block_id, label, element, optional=optional)


def user_input(block_id: str, label: str, *, optional=False) -> Block:
    return input_block(block_id, label, {"type": "users_select"}, optional=optional)


def checkboxes(block_id: str, label: str, options: list[dict[str, Any]], *, initial: list[str], optional=True) -> Block:
    element: dict[str, Any] = {"type": "checkboxes", "options": options}
    chosen = [o for o in options if o["value"] in initial]
    if chosen:
        element["initial_options"] = chosen
    return input_block(block_id, label, element, optional=optional)


def modal(callback_id: str, title: str, submit: str, close: str, blocks: list[Block], metadata: str = "") -> dict:
    view = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title[:24]),
        "submit": plain(submit[:24]),
        "close": plain(close[:24]),
        "blocks": blocks[:100],
    }
    if metadata:
        view["private_metadata"] = metadata
    return view
