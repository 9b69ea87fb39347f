"""Parses what Slack puts in a command's text for mentions (`<@U123|name>`) when escaping is on."""

from __future__ import annotations

import re

from bot.errors import NotFound
from bot.text import escape

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
# Slack turns a name picked from its list into a mention; an `@name` left as typed names nobody Slack knows.
UNRESOLVED = re.compile(r"@([^\s<>@]+)")
# Likewise `#name` left as typed is a channel Slack does not know (or one that is private to the bot).
UNRESOLVED_CHANNEL = re.compile(r"^#([^\s<>#]+)$")


def mentioned_ids(text: str) -> list[str]:
    return MENTION.findall(text)


def leading_mentions(text: str) -> tuple[list[str], str]:
    """The mentions at the start of `text`, and the rest of it. An `@name` among them that Slack did not turn
    into a mention is someone it does not know: that is said plainly rather than skipped."""
    ids: list[str] = []
    rest = text.strip()
    while True:
        if match := MENTION.match(rest):
            ids.append(match.group(1))
            rest = rest[match.end() :].strip()
        elif unknown := UNRESOLVED.match(rest):
            raise NotFound("org.unknown_name", name=escape(unknown.group(1)))
        else:
            return ids, rest


def refuse_unknown_channel(word: str) -> None:
    """A `#name` Slack did not turn into `<#C123|name>` is a channel it does not know: say so plainly."""
    if unknown := UNRESOLVED_CHANNEL.match(word.strip()):
        raise NotFound("org.unknown_channel", name=escape(unknown.group(1)))
