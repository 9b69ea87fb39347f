"""Charts of a report as matplotlib figures (no display: the Agg canvas) and as PNG bytes."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.i18n import CHINESE, ENGLISH, t
from bot.reports.data import ReportData

SIZE = (8, 4.5)
DPI = 100
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei", "PingFang SC")


@cache
def cjk_font() -> str | None:
    """A font that draws Chinese, if the machine has one (matplotlib's default font does not)."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def chart_language(lang: str) -> str:
    """Charts speak the reader's language when a font can draw it; otherwise English (never empty boxes)."""
    return lang if lang != CHINESE or cjk_font() else ENGLISH


@dataclass
class Chart:
    name: str  # the file name's stem, e.g. "goals-by-perspective"
    title: str
    figure: Figure


def _figure(title: str) -> tuple[Figure, object]:
    figure = Figure(figsize=SIZE, dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(title)
    return figure, axes


def goals_by_perspective(data: ReportData, lang: str) -> Chart | None:
    if not data.perspectives:
        return None
    title = t(lang, "report.chart.perspectives", cycle=data.cycle)
    figure, axes = _figure(title)
    labels = [t(lang, f"report.perspective.{name}") for name, _, _ in data.perspectives]
    values = [round(progress * 100, 1) for _, progress, _ in data.perspectives]
    bars = axes.bar(labels, values, color="#2c7fb8")
    axes.bar_label(bars, labels=[f"{value:.0f}%" for value in values])
    axes.set_ylim(0, 110)
    axes.set_ylabel(t(lang, "report.chart.progress_axis"))
    return Chart("goals-by-perspective", title, figure)


def kpi_trends(data: ReportData, lang: str) -> Chart | None:
    if data.kpis:
        title = t(lang, "report.chart.kpis", cycle=data.cycle)
        figure, axes = _figure(title)
        for number, series in enumerate(data.kpis):
            color = f"C{number}"
            label = f"{series.name} ({series.unit})" if series.unit else series.name
            if series.points:
                axes.plot([day for day, _ in series.points], [value for _, value in series.points], "o-", color=color)
            axes.axhline(series.target, linestyle="--", color=color, label=f"{label} → {series.target:g}")
        axes.set_xlim(data.starts_on, data.ends_on)
        axes.legend(fontsize="small")
        figure.autofmt_xdate()
        return Chart("kpi-trends", title, figure)
    if data.kpi_months:
        title = t(lang, "report.chart.kpis_mean", count=data.kpi_count, cycle=data.cycle)
        figure, axes = _figure(title)
        months = [month for month, _ in data.kpi_months]
        axes.plot(months, [round(value * 100, 1) for _, value in data.kpi_months], "o-", label=title)
        axes.axhline(100, linestyle="--", color="grey", label=t(lang, "report.chart.target"))
        axes.set_ylim(0, 110)
        axes.set_ylabel(t(lang, "report.chart.progress_axis"))
        axes.legend(fontsize="small")
        return Chart("kpi-trends", title, figure)
    return None


def checkins(data: ReportData, lang: str) -> Chart | None:
    if not any(value is not None for values in data.participation.values() for value in values):
        return None
    title = t(lang, "report.chart.checkins", cycle=data.cycle)
    figure = Figure(figsize=(SIZE[0], SIZE[1] * 1.5), dpi=DPI)
    FigureCanvasAgg(figure)
    share, mood = figure.subplots(2, 1, sharex=True)
    figure.suptitle(title)
    positions = list(range(len(data.weeks)))
    for group, values in data.participation.items():
        share.plot(positions, [None if v is None else round(v * 100, 1) for v in values], "o-", label=group)
    for group, values in data.mood.items():
        mood.plot(positions, values, "o-", label=group)
    share.set_ylabel(t(lang, "report.chart.participation_axis"))
    share.set_ylim(0, 105)
    mood.set_ylabel(t(lang, "report.chart.mood_axis"))
    mood.set_ylim(1, 5)
    step = max(1, len(positions) // 12)
    mood.set_xticks(positions[::step], [week[-3:] for week in data.weeks[::step]])
    share.legend(fontsize="small")
    return Chart("checkins", title, figure)


def feedback(data: ReportData, lang: str) -> Chart | None:
    if not any(any(counts.values()) for counts in data.feedback.values()):
        return None
    title = t(lang, "report.chart.feedback", cycle=data.cycle)
    figure, axes = _figure(title)
    kinds = list(data.feedback)
    labels = [t(lang, f"report.feedback.{kind}") for kind in kinds]
    width = 0.4
    for offset, direction in ((-width / 2, "given"), (width / 2, "received")):
        values = [data.feedback[kind][direction] for kind in kinds]
        bars = axes.bar([i + offset for i in range(len(kinds))], values, width, label=t(lang, f"report.{direction}"))
        axes.bar_label(bars)
    axes.set_xticks(range(len(kinds)), labels)
    axes.legend()
    return Chart("feedback", title, figure)


def reviews(data: ReportData, lang: str) -> Chart | None:
    if data.reviews is None or not data.reviews.ratings:
        return None
    title = t(lang, "report.chart.reviews", cycle=data.cycle, done=round(data.reviews.completion * 100))
    figure, axes = _figure(title)
    scores = [1, 2, 3, 4, 5]
    bars = axes.bar([str(score) for score in scores], [data.reviews.ratings.get(score, 0) for score in scores])
    axes.bar_label(bars)
    return Chart("ratings", title, figure)


def all_charts(data: ReportData, lang: str) -> list[Chart]:
    lang = chart_language(lang)
    drawn = (goals_by_perspective, kpi_trends, checkins, feedback, reviews)
    if lang == CHINESE:
        from matplotlib import rc_context

        with rc_context({"font.family": [cjk_font(), "DejaVu Sans"]}):
            return [chart for draw in drawn if (chart := draw(data, lang)) is not None]
    return [chart for draw in drawn if (chart := draw(data, lang)) is not None]


def png(chart: Chart) -> bytes:
    buffer = io.BytesIO()
    chart.figure.savefig(buffer, format="png")
    return buffer.getvalue()
