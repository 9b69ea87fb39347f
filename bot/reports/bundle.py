"""A whole report: its summary text and its charts as PNG files, ready to upload or write to a folder."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from bot.errors import Invalid
from bot.reports import charts, summary
from bot.reports.data import ReportData, ReviewSource, collect
from bot.reports.scope import Scope
from storage.cycles import Cycle


@dataclass
class ReportFile:
    filename: str
    title: str
    content: bytes


@dataclass
class Report:
    data: ReportData
    summary: list[str]
    files: list[ReportFile]

    @property
    def text(self) -> str:
        return "\n".join(self.summary)


def build(
    session: Session,
    scope: Scope,
    cycle: Cycle,
    lang: str,
    *,
    reviews: ReviewSource | None = None,
    now: datetime | None = None,
) -> Report:
    data = collect(session, scope, cycle, reviews=reviews, now=now)
    files = [ReportFile(f"{chart.name}.png", chart.title, charts.png(chart)) for chart in charts.all_charts(data, lang)]
    return Report(data, summary.lines(data, lang), files)


def readable(path: Path) -> None:
    """A staged file is created private (mkstemp); the finished one is readable like any written file."""
    path.chmod(0o644)


def write_folder(report: Report, folder: Path) -> list[Path]:
    """Write the charts and summary into `folder`, all or nothing (a temporary folder renamed into place
    per file; nothing is left behind when writing fails)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".perfbot-"):
            pass
    except OSError as error:
        raise Invalid("report.folder_unwritable", folder=str(folder), reason=error.strerror or str(error)) from None
    staged: list[tuple[Path, Path]] = []
    try:
        entries = [(file.filename, file.content) for file in report.files]
        entries.append(("summary.txt", (report.text + "\n").encode()))
        for name, content in entries:
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".perfbot-")
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            staged.append((Path(temporary), folder / name))
    except OSError as error:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise Invalid("report.folder_unwritable", folder=str(folder), reason=error.strerror or str(error)) from None
    for temporary, final in staged:
        readable(temporary)
        temporary.replace(final)
    return [final for _, final in staged]
