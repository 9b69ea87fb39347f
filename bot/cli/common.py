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
