"""Text the shell prints: Slack mrkdwn, text objects and rich text as plain terminal text (pure functions)."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any


class UnknownBlock(ValueError):
    """The renderer met a block or element type it cannot show."""


_ANGLE = re.compile(r"<([^<>]+)>")
_BOLD = re.compile(r"(?<![\w*])\*(\S(?:[^*\n]*?\S)?)\*(?![\w*])")


def mrkdwn(text: str, names: Mapping[str, str] | None = None) -> str:
    """Slack mrkdwn as plain text: `<@U1>` -> `@ken`, `<#C1>` -> `#kudos`, `<url|label>` -> `label (url)`,
    entities decoded. `names` maps user and channel ids to the names shown."""
    names = names or {}

    def angle(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            user = target[1:]
            return "@" + (names.get(user) or label or user)
        if target.startswith("#"):
            return "#" + (label or names.get(target[1:]) or target[1:])
        if target.startswith("!"):
            special = target[1:].split("^")[0]
            if special in ("here", "channel", "everyone"):
                return "@" + special
            return label or special
        return f"{label} ({target})" if label and label != target else target

    text = _ANGLE.sub(angle, text)
    text = _BOLD.sub(r"\1", text)
    return html.unescape(text)


def plain_text(node: Any, names: Mapping[str, str] | None = None) -> str:
    """The readable text of a text object (plain_text or mrkdwn), or ''."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node
    kind = node.get("type")
    if kind == "plain_text":
        return node.get("text", "")
    if kind == "mrkdwn":
        return mrkdwn(node.get("text", ""), names)
    raise UnknownBlock(f"text object of type {kind!r}")


def rich_text_lines(block: dict[str, Any], names: Mapping[str, str]) -> list[str]:
    """A rich_text block's paragraphs, lists, quotes and code as lines."""
    lines: list[str] = []

    def add(text: str, indent: str) -> None:
        lines.extend(indent + part for part in text.split("\n"))

    def rich(element: dict[str, Any], indent: str) -> None:
        kind = element.get("type")
        if kind == "rich_text_section":
            add(inline(element.get("elements", [])), indent)
        elif kind == "rich_text_list":
            ordered = element.get("style") == "ordered"
            for index, item in enumerate(element.get("elements", []), start=1):
                marker = f"{index}." if ordered else "•"
                add(f"{marker} {inline(item.get('elements', []))}", indent + "  " * element.get("indent", 0))
        elif kind == "rich_text_quote":
            add("> " + inline(element.get("elements", [])), indent)
        elif kind == "rich_text_preformatted":
            add("```\n" + inline(element.get("elements", [])) + "\n```", indent)
        else:
            raise UnknownBlock(f"rich text element of type {kind!r}")

    def inline(elements: list[dict[str, Any]]) -> str:
        parts = []
        for element in elements:
            kind = element.get("type")
            if kind == "text":
                parts.append(element.get("text", ""))
            elif kind == "link":
                label = element.get("text")
                parts.append(f"{label} ({element['url']})" if label else element["url"])
            elif kind == "user":
                parts.append("@" + names.get(element["user_id"], element["user_id"]))
            elif kind == "channel":
                parts.append("#" + element["channel_id"])
            elif kind == "usergroup":
                parts.append("@" + element["usergroup_id"])
            elif kind == "broadcast":
                parts.append("@" + element["range"])
            elif kind == "emoji":
                parts.append(f":{element['name']}:")
            elif kind == "date":
                parts.append(element.get("fallback") or str(element.get("timestamp")))
            else:
                raise UnknownBlock(f"rich text inline element of type {kind!r}")
        return "".join(parts)

    for element in block.get("elements", []):
        rich(element, "")
    return lines
