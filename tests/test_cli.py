"""The `perfbot` commands: clear one-line errors for bad settings, migrations, HR's CSV import."""

import logging
import subprocess
import sys

import pytest

from bot.cli.main import main
from bot.logs import RedactBodies
from bot.org import directory
from bot.org.directory import Profile
from storage import migrate
from storage.db import Database


def run(*args: str, env: dict[str, str], cwd) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in env.items()}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli.main", *args], env=clean, cwd=cwd, capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def base_env(monkeypatch, tmp_path):
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "PERFBOT_"))}
    return env


@pytest.mark.parametrize(
    ("command", "settings", "variable"),
    [
        (["run"], {}, "SLACK_BOT_TOKEN is not set"),
        (["run"], {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN is not set"),
        (["serve"], {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET is not set"),
        (["run"], {"SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN is malformed"),
        (["migrate"], {"DATABASE_URL": "not a url"}, "DATABASE_URL is malformed"),
    ],
)
def test_bad_settings_exit_non_zero_with_one_clear_line(base_env, tmp_path, command, settings, variable):
    result = run(*command, env={**base_env, **settings}, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and variable in lines[0]
    assert "Traceback" not in result.stderr
    if "SLACK" in variable:
        assert "api.slack.com/apps" in lines[0]


def test_migrate_creates_the_default_sqlite_database(base_env, tmp_path):
    result = run("migrate", env=base_env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "perfbot.db").exists()
    assert migrate.head_revision() in result.stdout


@pytest.fixture
def team_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'org.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    db = Database(url)
    migrate.upgrade(db.engine)
    with db.session() as session:
        for slack_id, name in [("UA", "Ann"), ("UB", "Bob")]:
            directory.upsert(
                session, "T1", Profile(slack_id, name, f"{name.lower()}@example.com", "UTC", "en-US", True)
            )
    return db


def test_org_import_applies_a_good_csv(team_db, tmp_path, capsys):
    path = tmp_path / "org.csv"
    path.write_text("person,manager,department,role\nbob@example.com,ann@example.com,Sales,employee\n")
    assert main(["org", "import", str(path)]) == 0
    assert "Imported 1 person from" in capsys.readouterr().out
    with team_db.session() as session:
        assert directory.get(session, "T1", "UB").department == "Sales"


def test_org_import_of_a_bad_csv_lists_lines_and_changes_nothing(team_db, tmp_path, capsys):
    path = tmp_path / "org.csv"
    path.write_text("person,manager\nUB,UA\nghost@example.com,UA\nUA,UZ\n")
    assert main(["org", "import", str(path)]) == 2
    error = capsys.readouterr().err
    assert "line 3: unknown person ghost@example.com" in error and "line 4: unknown manager UZ" in error
    with team_db.session() as session:
        assert directory.get(session, "T1", "UB").manager_id is None


def test_bolt_log_lines_never_carry_request_bodies():
    record = logging.LogRecord(
        "slack_bolt.App",
        logging.INFO,
        __file__,
        1,
        "Invalid request signature detected (signature: v0=1, timestamp: 1, body: %s)",
        ({"text": "private feedback"},),
        None,
    )
    RedactBodies().filter(record)
    assert "private feedback" not in record.getMessage()
