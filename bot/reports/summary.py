"""The short text that goes with a report's charts, in the reader's language."""

from __future__ import annotations

from bot.i18n import t
from bot.reports.data import ReportData
from bot.text import escape


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def lines(data: ReportData, lang: str) -> list[str]:
    scope = t(lang, f"report.scope.{data.scope.kind}", name=escape(data.scope.label))
    found = [t(lang, "report.summary.title", scope=scope, cycle=escape(data.cycle), people=data.people)]
    if data.perspectives:
        parts = [
            t(lang, "report.summary.perspective", name=t(lang, f"report.perspective.{name}"), progress=_percent(value))
            for name, value, _ in data.perspectives
        ]
        found.append(
            t(lang, "report.summary.goals", goals=sum(n for _, _, n in data.perspectives), parts=", ".join(parts))
        )
    else:
        found.append(t(lang, "report.summary.no_goals"))
    if data.kpi_count:
        found.append(t(lang, "report.summary.kpis", count=data.kpi_count))
    answered = [value for value in data.overall_participation if value]
    if answered:
        moods = [m for series in data.mood.values() for m in series if m is not None]
        mood = f"{sum(moods) / len(moods):.1f}" if moods else "–"
        found.append(
            t(
                lang,
                "report.summary.checkins",
                latest=_percent(answered[-1]),
                mean=_percent(sum(answered) / len(answered)),
                mood=mood,
            )
        )
    else:
        found.append(t(lang, "report.summary.no_checkins"))
    counts = data.feedback
    found.append(
        t(
            lang,
            "report.summary.feedback",
            given=counts["feedback"]["given"],
            received=counts["feedback"]["received"],
            kudos_given=counts["kudos"]["given"],
            kudos_received=counts["kudos"]["received"],
        )
    )
    if data.reviews is not None:
        found.append(t(lang, "report.summary.reviews", done=_percent(data.reviews.completion)))
    return found
