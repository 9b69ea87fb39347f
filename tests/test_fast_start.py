"""Start-up does only what it needs: `perfbot --help` loads no database code, a current schema loads no Alembic."""

import subprocess
import sys

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


def loaded_by(argv: list[str]) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", LOADED_AFTER_HELP.format(argv=argv)], capture_output=True, text=True, check=True
    )
    return set(filter(None, result.stdout.strip().splitlines()[-1].split(",")))


def test_help_and_argument_errors_load_no_database_or_slack_code():
    assert loaded_by(["--help"]) <= {"bot"}
    assert loaded_by(["cycle", "new", "--start", "2027-01-01"]) <= {"bot"}  # --name missing


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
