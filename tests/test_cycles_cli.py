"""The cycle and metric-import commands, run as `perfbot` would run them through bot/cli/main.py."""

from datetime import UTC, datetime

import pytest

from bot.cli.main import CommandError, parser
from bot.config import Settings
from bot.goals import cycles, negotiation, reads
from bot.org import directory
from storage import migrate
from storage.db import Database
from tests.goalkit import TEAM, kpi, people


def run(url: str, *argv: str) -> None:
    args = parser().parse_args(argv)  # the `perfbot` command line itself
    args.handler(Settings(DATABASE_URL=url), args)


@pytest.fixture
def url(sqlite_url):
    db = Database(sqlite_url)
    migrate.upgrade(db.engine)
    with db.session() as session:
        people(session)
    db.dispose()
    return sqlite_url


def test_cycle_new_and_close(url, capsys):
    run(url, "cycle", "new", "--name", "2027 Q1", "--start", "2027-01-01", "--weights", "50/20/20/10")
    out = capsys.readouterr().out
    assert "Created cycle 2027 Q1 (active), 2027-01-01 to 2027-03-31." in out and "goal_setting: 2027-01-01" in out
    db = Database(url)
    with db.session() as session:
        assert cycles.active(session, TEAM).weights["financial"] == 50
    with pytest.raises(CommandError, match="add up to 100"):
        run(url, "cycle", "new", "--name", "Q2", "--start", "2027-04-01", "--weights", "50/50/50/50")
    run(url, "cycle", "close")
    assert "Closed cycle 2027 Q1" in capsys.readouterr().out


def test_import_metrics(url, tmp_path, capsys):
    run(url, "cycle", "new", "--name", "2027 Q1", "--start", "2027-01-01")
    db = Database(url)
    with db.session() as session:
        ken = directory.get(session, TEAM, "UKEN")
        goal = negotiation.create(
            session, cycle=cycles.active(session, TEAM), actor=ken, data=kpi(), now=datetime.now(UTC)
        )  # the command stamps values with the real time
    good = tmp_path / "good.csv"
    good.write_text("person,metric,value\nUKEN,Cut p95 latency,300\n", encoding="utf-8")
    run(url, "goals", "import-metrics", str(good))
    assert "Recorded 1 value in 2027 Q1" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("person,metric,value\nUKEN,Cut p95 latency,fast\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2: value 'fast' is not a number"):
        run(url, "goals", "import-metrics", str(bad))
    with db.session() as session:
        assert reads.metrics_of(session, reads.get(session, TEAM, goal.id))[0].current_value == 300
