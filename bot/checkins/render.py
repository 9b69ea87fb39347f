"""How check-in messages are worded: a Renderer turns domain results into chat.postMessage arguments.

The domain and planners take the renderer to use as a parameter. `TEXT` renders catalog text only; the
composition root passes the Slack surface's Block Kit renderer (buttons, sections), so `bot` never imports
`handlers`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from bot.checkins.results import Stats, Submitted
from bot.delivery.outbox import message
from bot.i18n import t
from bot.text import escape, mention


@dataclass(slots=True)  # thousands a digest pass: no instance dict
class DigestEntry:
    slack_id: str
    status: str  # answered | missing | away | skipped
    name: str = ""
    checkin_id: int | None = None
    mood: int | None = None
    moods: list[int | None] = field(default_factory=list)  # earlier weeks, oldest first
    blockers: str | None = None
    goals: list[dict[str, Any]] = field(default_factory=list)
    streak: int = 0
    participation: int | None = None
    pace: list[Any] = field(default_factory=list)  # bot.goals.pace.PaceChange: live values past target or behind


@dataclass
class Digest:
    manager_slack_id: str
    week: str
    entries: list[DigestEntry]

    @property
    def answered(self) -> int:
        return sum(1 for entry in self.entries if entry.status == "answered")


class Renderer(Protocol):
    def prompt(self, lang: str, week: str, reminder: bool = False) -> dict[str, Any]: ...
    def thanks(self, lang: str, submitted: Submitted, stats: Stats) -> dict[str, Any]: ...
    def digest(self, lang: str, digest: Digest) -> dict[str, Any]: ...
    def reply(self, lang: str, author_slack_id: str, week: str, text: str) -> dict[str, Any]: ...


def mood_trend(entry: DigestEntry) -> str:
    points = [str(mood) for mood in entry.moods if mood is not None]
    if entry.mood is not None:
        points.append(str(entry.mood))
    return " → ".join(points) if points else "–"


def goal_lines(lang: str, goals: list[dict[str, Any]]) -> list[str]:
    lines = []
    for goal in goals:
        before, after = goal.get("before"), goal.get("progress")
        change = f"{before if before is not None else '–'}% → {after if after is not None else '–'}%"
        kpi = t(lang, "checkin.kpi", value=f"{goal['kpi']:g}") if goal.get("kpi") is not None else ""
        lines.append(f"• {escape(goal['title'])}: {change}{kpi}")
    return lines


@lru_cache(maxsize=4096)  # a digest pass shows the same few streaks and rates to thousands of people
def stats_line(lang: str, streak: int, participation: int | None) -> str:
    rate = "–" if participation is None else f"{participation}%"
    return t(lang, "checkin.stats", count=streak, rate=rate)


def pace_lines(lang: str, changes: list[Any]) -> list[str]:
    return [
        t(
            lang,
            f"feeds.digest.{change.kind}",
            title=escape(change.title),
            value=f"{change.value:g}{' ' + escape(change.unit) if change.unit else ''}",
            target=f"{change.target:g}",
            progress=change.progress,
            expected=change.expected,
        )
        for change in changes
    ]


def entry_lines(lang: str, entry: DigestEntry) -> str:
    who = mention(entry.slack_id)
    if entry.status != "answered":
        line = t(lang, f"checkin.digest.{entry.status}", person=who)
        return "\n".join([line, *pace_lines(lang, entry.pace)]) if entry.pace else line
    parts = [t(lang, "checkin.digest.answered", person=who, trend=mood_trend(entry))]
    if entry.blockers:
        parts.append(t(lang, "checkin.digest.blockers", text=escape(entry.blockers)))
    if entry.goals:
        parts.extend(goal_lines(lang, [g for g in entry.goals if g.get("before") != g.get("progress") or g.get("kpi")]))
    if entry.pace:
        parts.extend(pace_lines(lang, entry.pace))
    parts.append(stats_line(lang, entry.streak, entry.participation))
    return "\n".join(parts)


class TextRenderer:
    """Catalog text only, no buttons: what the domain uses when no Slack surface is registered."""

    def prompt(self, lang: str, week: str, reminder: bool = False) -> dict[str, Any]:
        return message(t(lang, "checkin.reminder.text" if reminder else "checkin.prompt.text", week=week))

    def thanks(self, lang: str, submitted: Submitted, stats: Stats) -> dict[str, Any]:
        key = "checkin.thanks.new" if submitted.created else "checkin.thanks.edited"
        lines = [t(lang, key, week=submitted.checkin.week)]
        lines.extend(
            goal_lines(
                lang,
                [
                    {"title": c.title, "before": c.before, "progress": c.after, "kpi": c.kpi_value}
                    for c in submitted.goals
                ],
            )
        )
        lines.append(stats_line(lang, stats.streak, stats.participation))
        return message("\n".join(lines))

    def digest(self, lang: str, digest: Digest) -> dict[str, Any]:
        head = t(lang, "checkin.digest.title", week=digest.week, answered=digest.answered, total=len(digest.entries))
        return message("\n\n".join([head, *(entry_lines(lang, entry) for entry in digest.entries)]))

    def reply(self, lang: str, author_slack_id: str, week: str, text: str) -> dict[str, Any]:
        return message(t(lang, "checkin.reply.text", author=mention(author_slack_id), week=week, text=escape(text)))


TEXT = TextRenderer()
