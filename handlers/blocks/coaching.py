"""Block Kit for coaching: the handbook's pages and list, HR's thresholds, nudge counts and setup checklist."""

from __future__ import annotations

from bot.coaching import guide, onboarding
from bot.coaching.actions import ManagerCounts
from bot.coaching.settings import Thresholds
from bot.i18n import t
from bot.text import mention
from handlers.blocks.kit import Block, context, divider, header, section


def guide_list(lang: str, pages: list[guide.Page]) -> list[Block]:
    builtin = [t(lang, "guide.line", slug=page.slug, title=page.title) for page in pages if not page.company]
    company = [t(lang, "guide.line", slug=page.slug, title=page.title) for page in pages if page.company]
    blocks = [section(t(lang, "guide.title") + "\n" + "\n".join(builtin))]
    if company:
        blocks.append(section(t(lang, "guide.company") + "\n" + "\n".join(company)))
    return blocks


def guide_page(lang: str, page: guide.Page) -> list[Block]:
    return [header(page.title), section(page.body), context(t(lang, "guide.back"))]


def thresholds(lang: str, values: Thresholds) -> list[Block]:
    lines = [t(lang, f"coaching.setting.{name}", value=value) for name, value in values.model_dump().items()]
    return [section(t(lang, "coaching.settings.title") + "\n" + "\n".join(lines)), context(t(lang, "coaching.usage"))]


def counts(lang: str, rows: list[ManagerCounts], days: int) -> list[Block]:
    lines = [
        t(
            lang,
            "coaching.stats.line",
            manager=mention(row.manager.slack_id),
            raised=row.raised,
            acted=row.acted,
            snoozed=row.snoozed,
        )
        for row in rows[:60]
    ]
    return [
        section(
            t(lang, "coaching.stats.title", days=days) + "\n" + ("\n".join(lines) or t(lang, "coaching.stats.none"))
        )
    ]


def checklist(lang: str, steps: list[onboarding.Step]) -> list[Block]:
    return [section(onboarding.checklist_text(lang, steps)), divider()]
