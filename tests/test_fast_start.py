"""Start-up does only what it needs: `perfbot --help` loads no database code, a current schema loads no Alembic,
`perfbot serve` answers health before it loads Bolt or a feature, and loads nothing that only a report, an export
or the shell needs."""

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from bot.sandbox.fake_slack import FakeSlack
from storage import migrate
from storage.db import Database

LOADED_AFTER_HELP = """
import sys
from bot.cli.main import main
try:
    main({argv!r})
except SystemExit:
    pass
print(",".join(sorted(name for name in sys.modules if name.split(".")[0] in {{"sqlalchemy", "sqlmodel", "alembic",
      "slack_bolt", "bot"}} and not name.startswith("bot.cli"))))
"""


LOADED_BY_SERVING = """
import sys
from bot.app import build
from bot.config import Settings
from bot.web import wsgi_app
settings = Settings(SLACK_BOT_TOKEN="xoxb-start", SLACK_SIGNING_SECRET="secret", DATABASE_URL={url!r},
                    SLACK_API_URL={slack!r})
wsgi_app(build(settings))
print(",".join(sorted(sys.modules)))
"""

# `perfbot serve` with the features' composition root replaced: what was loaded when serve, already answering
# health, asked for it, and whether the collector was on then and after the command.
LOADED_BEFORE_THE_FEATURES = """
import gc, sys, types
seen = {}
def build(settings, core):
    raise KeyboardInterrupt  # serve's Ctrl-C: it hands over and stops
def asked_for(name):
    seen["loaded"], seen["collecting"] = sorted(sys.modules), gc.isenabled()
    return build
sys.modules["bot.app"] = types.ModuleType("bot.app")
sys.modules["bot.app"].__getattr__ = asked_for
from bot.cli.main import main
main(["serve", "--port", "0", "--host", "127.0.0.1"])
print(gc.isenabled(), seen["collecting"])
print(",".join(seen["loaded"]))
"""

# Loaded on first use (a chart, a spreadsheet, a schema upgrade, the shell), never to answer the first request.
HEAVY = {"matplotlib", "numpy", "PIL", "openpyxl", "alembic", "tqdm", "holidays"}
HEAVY_OWN = ("bot.sandbox", "bot.shell")


def loaded_by(argv: list[str]) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", LOADED_AFTER_HELP.format(argv=argv)], capture_output=True, text=True, check=True
    )
    return set(filter(None, result.stdout.strip().splitlines()[-1].split(",")))


def test_help_and_argument_errors_load_no_database_or_slack_code():
    assert loaded_by(["--help"]) <= {"bot"}
    assert loaded_by(["cycle", "new", "--start", "2027-01-01"]) <= {"bot"}  # --name missing


@pytest.fixture
def migrated(sqlite_url) -> Iterator[tuple[str, FakeSlack]]:
    """A migrated SQLite database and a fake Slack to start against."""
    db = Database(sqlite_url)
    try:
        migrate.upgrade(db.engine)
    finally:
        db.dispose()
    slack = FakeSlack().start()
    try:
        yield sqlite_url, slack
    finally:
        slack.stop()


def test_serving_a_migrated_database_loads_no_report_export_migration_or_shell_code(migrated):
    url, slack = migrated
    script = LOADED_BY_SERVING.format(url=url, slack=slack.url)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = set(result.stdout.strip().splitlines()[-1].split(","))
    assert "bot.app" in loaded  # the app was built
    assert {name for name in loaded if name.split(".")[0] in HEAVY or name.startswith(HEAVY_OWN)} == set()


def test_serve_answers_health_before_loading_bolt_any_feature_or_an_unused_dialect(migrated):
    url, slack = migrated
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-start",
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_API_URL": slack.url,
        "DATABASE_URL": url,
    }
    script = LOADED_BEFORE_THE_FEATURES
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    collecting, loaded = result.stdout.strip().splitlines()[-2:]
    # Off while starting (imports make hardly any garbage), on again once the command is over.
    assert collecting == "True False"
    loaded = set(loaded.split(","))
    assert "bot.health" in loaded and "waitress.server" in loaded  # health was being served
    early = {name for name in loaded if name.split(".")[0] in {"slack_bolt", "handlers", "alembic"}}
    features = {"bot.goals", "bot.reviews", "bot.reports", "bot.record", "bot.checkins", "bot.coaching", "bot.feeds"}
    early |= {name for name in loaded if name.split(".")[:2] and ".".join(name.split(".")[:2]) in features}
    early |= {name for name in loaded if name.startswith("sqlalchemy.dialects.postgresql")}
    assert early == set()


def test_head_read_from_the_version_files_is_alembics_head():
    assert migrate.head_revisions() == {migrate.head_revision()}


def test_a_current_database_needs_no_upgrade_and_a_new_one_does(database_url):
    db = Database(database_url)
    try:
        assert migrate.needs_upgrade(db.engine)
        migrate.upgrade(db.engine)
        assert not migrate.needs_upgrade(db.engine)
        migrate.upgrade(db.engine)  # the fast path: nothing to do
        assert not migrate.needs_upgrade(db.engine)
    finally:
        db.dispose()
