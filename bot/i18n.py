"""Looks up user-facing text in the message catalog, in the person's language."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from string import Formatter
from typing import Any

import bot.messages

ENGLISH = "en"
CHINESE = "zh-CN"
LANGUAGES = (ENGLISH, CHINESE)


def language_for(slack_locale: str | None) -> str:
    """Slack's `zh-CN` (and other Simplified Chinese spellings) map to Chinese; everything else to English."""
    normalized = (slack_locale or "").replace("_", "-").lower()
    return CHINESE if normalized in {"zh-cn", "zh-hans", "zh-sg", "zh"} else ENGLISH


@cache
def catalog() -> dict[str, dict[str, str]]:
    """Every message, merged from the modules of `bot.messages` (one module per feature)."""
    merged: dict[str, dict[str, str]] = {}
    for module_info in pkgutil.iter_modules(bot.messages.__path__):
        module = importlib.import_module(f"bot.messages.{module_info.name}")
        for key, translations in module.MESSAGES.items():
            if key in merged:
                raise ValueError(f"message key {key!r} is defined twice")
            merged[key] = translations
    return merged


def t(language: str, key: str, **params: Any) -> str:
    """The message `key` in `language` (falling back to English), with `params` filled in. A message that counts
    something takes a `count` param; when it is 1 and the catalog has `<key>.one`, that (singular) text is used."""
    if params.get("count") == 1 and f"{key}.one" in catalog():
        key = f"{key}.one"
    translations = catalog()[key]
    template = translations.get(language) or translations[ENGLISH]
    return template.format(**params) if params else template


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}
