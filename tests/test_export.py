"""Exports: written and read back with the same counts in every format; anonymous authors never leave the
database; a bad scope, cycle or path is one line and writes nothing."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from bot.cli.main import CommandError, parser
from bot.config import Settings
from bot.errors import Invalid, NotFound
from bot.reports import export
from bot.reports.records import KINDS
from storage import migrate
from storage.db import Database
from tests import reportkit


def read_back(path, fmt: str) -> dict[str, list[dict]]:
    """Every record in an export file, by kind, as dicts of column -> value."""
    if fmt == "json":
        return json.loads(path.read_text(encoding="utf-8"))
    if fmt == "csv":
        with zipfile.ZipFile(path) as archive:
            return {
                name.removesuffix(".csv"): list(csv.DictReader(io.TextIOWrapper(archive.open(name), encoding="utf-8")))
                for name in archive.namelist()
            }
    book = load_workbook(path)
    found = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        found[sheet.title] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    return found


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_an_export_round_trips_with_the_same_counts(db, tmp_path, fmt):
    with db.session() as session:
        org = reportkit.build(session)
        selection = export.selection_for(session, reportkit.TEAM, "org", org.cycle)
        expected = export.count_rows(session, selection)
        done = export.export(session, selection, fmt, tmp_path / f"out.{fmt}")
    assert done.counts == expected
    assert expected["people"] == 5 and expected["goals"] == 4 and expected["metric_points"] == 3
    assert expected["feedback"] == 3 and expected["kudos"] == 1 and expected["checkins"] == 3
    records = read_back(tmp_path / f"out.{fmt}", fmt)
    assert {kind: len(rows) for kind, rows in records.items()} == expected
    assert list(records) == [kind.name for kind in KINDS]
    anonymous = [row for row in records["feedback"] if row["text"] == "Anonymous words"]
    assert len(anonymous) == 1 and anonymous[0]["author"] in (None, "")  # never the author's e-mail
    assert {row["author"] for row in records["feedback"]} - {None, ""} == {"maria@example.com"}
    assert not list(tmp_path.glob(".perfbot-*"))  # nothing staged is left behind


def test_scopes_narrow_the_export_and_bad_ones_are_refused(db, tmp_path):
    with db.session() as session:
        reportkit.build(session)
        ken = export.count_rows(session, export.selection_for(session, reportkit.TEAM, "person:KEN@example.com", None))
        sales = export.count_rows(session, export.selection_for(session, reportkit.TEAM, "department:Sales", None))
        with pytest.raises(NotFound, match="report.unknown_department"):
            export.selection_for(session, reportkit.TEAM, "department:Marketing", None)
        with pytest.raises(NotFound, match="export.unknown_person"):
            export.selection_for(session, reportkit.TEAM, "person:ghost@example.com", None)
        with pytest.raises(Invalid, match="export.bad_scope"):
            export.selection_for(session, reportkit.TEAM, "everyone", None)
        with pytest.raises(Invalid, match="export.unwritable"):
            export.export(
                session, export.selection_for(session, reportkit.TEAM, "org", None), "json", tmp_path / "no" / "x.json"
            )
    assert (ken["people"], ken["goals"], ken["checkins"], ken["feedback"], ken["kudos"]) == (1, 2, 2, 2, 1)
    assert (sales["people"], sales["goals"], sales["feedback"]) == (1, 2, 1)
    assert not (tmp_path / "no").exists()


@pytest.fixture
def url(sqlite_url):
    db = Database(sqlite_url)
    migrate.upgrade(db.engine)
    with db.session() as session:
        reportkit.build(session)
    db.dispose()
    return sqlite_url


def run(url: str, *argv: str) -> None:
    args = parser().parse_args(argv)  # the `perfbot` command line itself
    args.handler(Settings(DATABASE_URL=url), args)


def test_perfbot_export_and_report_on_the_command_line(url, tmp_path, capsys):
    out = tmp_path / "q1.xlsx"
    run(url, "export", "--format", "xlsx", "--cycle", "2027 Q1", "--out", str(out))
    assert "people 5, goals 4, metrics 4, metric_points 3" in capsys.readouterr().out
    assert len(read_back(out, "xlsx")["goals"]) == 4
    run(url, "report", "--scope", "department:Engineering", "--out", str(tmp_path / "charts"))
    printed = capsys.readouterr().out
    assert "Department Engineering · 2027 Q1 · 3 people" in printed
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == [
        "checkins.png",
        "feedback.png",
        "goals-by-perspective.png",
        "kpi-trends.png",
        "summary.txt",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "--format", "csv", "--cycle", "1999"], "There is no cycle called 1999."),
        (["export", "--format", "csv", "--scope", "department:Nope"], "There is no department called Nope here."),
        (["export", "--format", "json", "--out", "/proc/perfbot/x.json"], "Cannot write /proc/perfbot/x.json"),
        (["report", "--scope", "person:ghost@example.com"], "Nobody here has the e-mail ghost@example.com."),
        (["report", "--out", "/proc/perfbot-charts"], "Cannot write the report to /proc/perfbot-charts"),
    ],
)
def test_bad_input_is_one_clear_line_and_writes_nothing(url, tmp_path, monkeypatch, argv, message):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    with pytest.raises(CommandError, match=message.replace(".", r"\.")) as failed:
        run(url, *argv)
    assert "\n" not in str(failed.value)
    assert list(work.iterdir()) == []
