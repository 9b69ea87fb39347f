"""Parses what Slack puts in a command's text for mentions (`<@U123|name>`) when escaping is on."""

from __future__ import annotations

import re

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def mentioned_ids(text: str) -> list[str]:
    return MENTION.findall(text)


def leading_mentions(text: str) -> tuple[list[str], str]:
    """The mentions at the start of `text`, and the rest of it."""
    ids: list[str] = []
    rest = text.strip()
    while match := MENTION.match(rest):
        ids.append(match.group(1))
        rest = rest[match.end() :].strip()
    return ids, rest
