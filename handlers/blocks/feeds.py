"""Block Kit for API tokens: the one-time token with a ready `curl` line, and HR's list of tokens."""

from __future__ import annotations

import json
import shlex
from datetime import datetime

from bot.i18n import t
from bot.text import escape
from handlers.blocks.kit import Block, context, header, section
from storage.feeds import ApiToken


def _scope(lang: str, token: ApiToken) -> str:
    if token.department is None:
        return t(lang, "feeds.token.scope.all")
    return t(lang, "feeds.token.scope.department", department=escape(token.department))


def _when(moment: datetime | None, lang: str) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else t(lang, "feeds.token.never")


def curl_line(base_url: str, secret: str, goal: str, value: float, measured_at: datetime) -> str:
    point = {"goal": goal, "value": value, "measured_at": measured_at.strftime("%Y-%m-%dT%H:%M:%SZ")}
    return " ".join(
        [
            "curl -sS -X POST",
            shlex.quote(f"{base_url.rstrip('/')}/api/v1/metrics"),
            "-H",
            shlex.quote(f"Authorization: Bearer {secret}"),
            "-H 'Content-Type: application/json'",
            "-d",
            shlex.quote(json.dumps({"points": [{**point, "source_id": "try-1"}]})),
        ]
    )


def token_created(
    lang: str, token: ApiToken, secret: str, *, base_url: str, goal: str, value: float, now: datetime
) -> list[Block]:
    return [
        section(t(lang, "feeds.token.created", name=escape(token.name), id=token.id, scope=_scope(lang, token))),
        section(f"```{secret}```"),
        section(t(lang, "feeds.token.try", goal=goal, url=base_url.rstrip("/"))),
        section(f"```{curl_line(base_url, secret, goal, value, now)}```"),
        context(t(lang, "feeds.token.serve")),
    ]


def token_list(lang: str, tokens: list[ApiToken]) -> list[Block]:
    if not tokens:
        return [section(t(lang, "feeds.token.list.empty"))]
    lines = [
        t(
            lang,
            "feeds.token.list.line",
            id=token.id,
            name=escape(token.name),
            scope=_scope(lang, token),
            created=_when(token.created_at, lang),
            used=_when(token.last_used_at, lang),
            revoked=t(lang, "feeds.token.revoked_tag", at=_when(token.revoked_at, lang)) if token.revoked_at else "",
        )
        for token in tokens[:40]
    ]
    return [header(t(lang, "feeds.token.list.title")), section("\n".join(lines))]
