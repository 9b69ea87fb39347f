"""Reads what a person entered in a modal: `values(view)` maps each input block_id to a plain value."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from bot.errors import Invalid, PerfbotError
from bot.i18n import ENGLISH, catalog, t
from bot.text import typed_day


def values(view: dict[str, Any]) -> dict[str, Any]:
    """block_id -> the entered value: text, option value, date, user id or a list of option values."""
    found: dict[str, Any] = {}
    for block_id, actions in (view.get("state") or {}).get("values", {}).items():
        for state in actions.values():
            found[block_id] = _value(state)
    return found


def _value(state: dict[str, Any]) -> Any:
    kind = state.get("type")
    if kind in ("static_select", "radio_buttons"):
        return (state.get("selected_option") or {}).get("value")
    if kind in ("checkboxes", "multi_static_select"):
        return [option["value"] for option in state.get("selected_options") or []]
    if kind == "datepicker":
        return state.get("selected_date")
    if kind == "users_select":
        return state.get("selected_user")
    return state.get("value")


def text(entered: dict[str, Any], block_id: str) -> str:
    return (entered.get(block_id) or "").strip()


def day(entered: dict[str, Any], block_id: str, *, required: bool = False) -> date | None:
    raw = entered.get(block_id)
    if not raw:
        if required:
            raise Invalid("cycle.date_required", field=block_id)
        return None
    return typed_day(raw, usage="cycle.date_required", field=block_id)


def metadata(view: dict[str, Any]) -> dict[str, Any]:
    raw = view.get("private_metadata") or ""
    try:
        parsed = json.loads(raw) if raw else {}
    except json.JSONDecodeError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


# Error params that name a phase, perspective, status or action are shown by their catalog name.
NAMED_PARAMS = {
    "phase": "phase",
    "previous": "phase",
    "perspective": "perspective",
    "status": "status",
    "action": "goal.button",
}


@contextmanager
def names_in(lang: str) -> Iterator[None]:
    """Re-raise a domain error with its phase/perspective/status/action params in the person's language."""
    try:
        yield
    except PerfbotError as error:
        for param, prefix in NAMED_PARAMS.items():
            value = error.params.get(param)
            if isinstance(value, str) and f"{prefix}.{value}" in catalog():
                error.params[param] = t(lang, f"{prefix}.{value}")
        raise


def localized(listener: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a Bolt listener (one that declares `context`) so its domain errors name things in the user's language."""

    @functools.wraps(listener)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with names_in((kwargs.get("context") or {}).get("lang", ENGLISH)):
            return listener(*args, **kwargs)

    return wrapper
