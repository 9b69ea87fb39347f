"""Block Kit for the App Home tab's profile part."""

from __future__ import annotations

from bot.i18n import t
from bot.text import escape, mention
from handlers.blocks.kit import Block, context, divider, header, section
from storage.org import Person


def profile_blocks(lang: str, person: Person, manager: Person | None, reports: list[Person]) -> list[Block]:
    none = t(lang, "home.none")
    fields = [
        f"*{t(lang, 'home.manager')}*\n{mention(manager.slack_id) if manager else none}",
        f"*{t(lang, 'home.department')}*\n{escape(person.department) if person.department else none}",
        f"*{t(lang, 'home.role')}*\n{t(lang, f'role.{person.role}')}",
        f"*{t(lang, 'home.reports')}*\n{' '.join(mention(r.slack_id) for r in reports[:40]) or none}",
    ]
    blocks = [header(t(lang, "home.title")), section(t(lang, "home.greeting", name=escape(person.name)), fields=fields)]
    if len(reports) > 40:
        blocks.append(context(t(lang, "home.more_reports", count=len(reports) - 40)))
    blocks.append(divider())
    return blocks


def home_view(blocks: list[Block]) -> dict:
    return {"type": "home", "blocks": blocks}
