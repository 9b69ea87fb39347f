"""What every `perfbot` command shares: the one-line error, settings, the migrated database, the workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings
    from storage.db import Database


class CommandError(Exception):
    """A command cannot go on; its message is the one line the person sees."""


def load_settings() -> Settings:
    from pydantic import ValidationError

    from bot.config import WHERE_TO_GET, Settings

    try:
        return Settings()
    except ValidationError as error:
        problem = error.errors()[0]
        variable = str(problem["loc"][0]) if problem["loc"] else "setting"
        where = WHERE_TO_GET.get(variable, "the README")
        raise CommandError(f"{variable} is malformed ({problem['msg']}). Get it from {where}.") from None


def migrated_database(settings: Settings) -> Database:
    from storage import migrate
    from storage.db import Database

    db = Database(settings.database_url)
    migrate.upgrade_under_lock(db.engine)
    return db


def workspace_id(db: Database, given: str | None) -> str:
    """The workspace a command acts on: `--team`, or the only one the database holds."""
    from sqlmodel import select

    from storage.org import Workspace

    if given:
        return given
    with db.session() as session:
        teams = list(session.exec(select(Workspace.team_id)))
    if len(teams) != 1:
        raise CommandError(
            "Name the workspace with --team T… (the database holds "
            f"{len(teams)} workspaces; run `perfbot org sync` first if it holds none)."
        )
    return teams[0]


def counted(count: int, one: str, many: str) -> str:
    """`1 person`, `3 people`: a number with its noun in the right number (the CLI speaks English)."""
    return f"{count} {one if count == 1 else many}"


def reach_slack(settings: Settings, timeout: float = 10.0) -> None:
    """Fail fast, in one line, when Slack's Web API cannot be reached at all (before Bolt's start-up checks
    would log each retry and end in a traceback). Any HTTP answer counts as reached."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(settings.slack_api_url, method="GET")  # no API method: nothing is called
    try:
        with urllib.request.urlopen(request, timeout=timeout):
            return
    except urllib.error.HTTPError:
        return
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise CommandError(
            f"Slack could not be reached at {settings.slack_api_url} ({reason}). "
            "Check the network, or SLACK_API_URL if you set it."
        ) from None
