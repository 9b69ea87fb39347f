"""`perfbot org import|sync`: HR's organisation from a CSV, or people from Slack."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import CommandError, counted, migrated_database, reach_slack, workspace_id

if TYPE_CHECKING:
    from bot.config import Settings


def cmd_org_import(settings: Settings, args: argparse.Namespace) -> None:
    from bot.errors import InvalidRows
    from bot.org.csv_import import import_csv

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"{path} is not a file.")
    db = migrated_database(settings)
    team = workspace_id(db, args.team)
    try:
        with db.session() as session:
            result = import_csv(session, team, path.read_text(encoding="utf-8"))
    except InvalidRows as error:
        raise CommandError(f"Nothing was imported; fix these lines of {path}:\n{error}") from None
    print(f"Imported {counted(result.updated, 'person', 'people')} from {path}.")


def cmd_org_sync(settings: Settings, args: argparse.Namespace) -> None:
    from slack_sdk import WebClient

    from bot.config import require
    from bot.org.slack_sync import sync_workspace

    require(settings, "SLACK_BOT_TOKEN")
    reach_slack(settings)
    db = migrated_database(settings)
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    team = client.auth_test()["team_id"]
    count = sync_workspace(db, client, team, settings.hr_admins_for(team))
    print(f"Synced {counted(count, 'person', 'people')} of workspace {team}.")


def add_commands(commands: argparse._SubParsersAction) -> None:
    org_parser = commands.add_parser("org", help="the organisation: import HR's CSV, sync from Slack")
    org_commands = org_parser.add_subparsers(dest="org_command", required=True)
    org_import = org_commands.add_parser(
        "import", help="set managers, departments, roles from a CSV (columns: person,manager,department,role)"
    )
    org_import.add_argument("file")
    org_import.add_argument("--team", help="Slack team id, when the database holds several workspaces")
    org_import.set_defaults(handler=cmd_org_import)
    org_commands.add_parser("sync", help="sync people from Slack's users.list").set_defaults(handler=cmd_org_sync)
