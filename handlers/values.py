"""Values that come back from Slack (button values, private_metadata): read strictly, junk is a friendly refusal.

The bot only ever sends short ids and keys. Whatever comes back is checked for that shape here, and the domain
then checks it against what the bot sent (the record exists, belongs to this person, the period was offered)."""

from __future__ import annotations

from typing import Any

from bot.errors import Invalid

MAX_VALUE = 200  # longer than any value the bot sends
_MAX_DIGITS = 18  # fits a 64-bit id


def value_of(action: dict[str, Any]) -> str:
    """A button's value, as sent back by Slack."""
    value = action.get("value")
    if not isinstance(value, str) or len(value) > MAX_VALUE:
        raise Invalid("error.stale_value")
    return value


def as_id(text: Any) -> int:
    """A record id the bot put in a value."""
    if not isinstance(text, str) or not text.isascii() or not text.isdigit() or len(text) > _MAX_DIGITS:
        raise Invalid("error.stale_value")
    return int(text)


def id_of(action: dict[str, Any]) -> int:
    """A button whose value is one record id."""
    return as_id(value_of(action))


def id_and_key(action: dict[str, Any]) -> tuple[int, str]:
    """A button whose value is `<id>:<key>` (the key is checked by the domain)."""
    record, _, key = value_of(action).partition(":")
    return as_id(record), key


def metadata_id(view: dict[str, Any]) -> int:
    """A modal whose private_metadata is one record id."""
    metadata = view.get("private_metadata")
    if not isinstance(metadata, str) or len(metadata) > MAX_VALUE:
        raise Invalid("error.stale_value")
    return as_id(metadata)
