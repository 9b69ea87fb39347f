"""Text a person typed: made safe to echo into Slack (no mentions, broadcasts or forged links), and read as a
date."""

from __future__ import annotations

import calendar
import re
from datetime import date

from bot.errors import Invalid

_BROADCASTS = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
ZERO_WIDTH_SPACE = "\u200b"


def escape(text: str) -> str:
    """Escape Slack's control characters and defuse @channel/@here/@everyone."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCASTS.sub(lambda match: f"@{ZERO_WIDTH_SPACE}{match.group(1)}", escaped)


def mention(slack_id: str) -> str:
    """A user mention the bot itself writes (never built from typed text)."""
    return f"<@{slack_id}>"


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def typed_day(text: str, *, usage: str = "date.format", field: str | None = None) -> date:
    """A YYYY-MM-DD a person typed. Not in that shape: the `usage` message; in that shape but no such day
    (2027-02-30): a message that says it does not exist, rather than a usage hint."""
    match = _DAY.match(text.strip())
    if not match:
        raise Invalid(usage, field=field, value=escape(text.strip()))
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        if 1 <= month <= 12:
            days = calendar.monthrange(year, month)[1]
            raise Invalid("date.no_such_day", field=field, value=text.strip(), days=days) from None
        raise Invalid("date.no_such_month", field=field, value=text.strip()) from None
