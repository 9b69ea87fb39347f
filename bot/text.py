"""Makes text a person typed safe to echo into Slack: no mentions, broadcasts or forged links."""

from __future__ import annotations

import re

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
