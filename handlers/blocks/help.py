"""Block Kit for `/perf help`."""

from __future__ import annotations

from bot.i18n import t
from handlers.blocks.kit import Block, context, header, section
from storage.org import Person


def help_blocks(lang: str, person: Person, lines: list[str]) -> list[Block]:
    role = t(lang, f"role.{person.role}")
    return [
        header(t(lang, "help.title")),
        context(t(lang, "help.you_are", role=role)),
        section("\n".join(f"• {line}" for line in lines)),
    ]
