"""`perfbot` commands: run, serve, migrate, HR's organisation, cycle and metric tools, and the shell."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError
from sqlmodel import select

from bot import cycles_cli, logs
from bot.config import WHERE_TO_GET, MissingSetting, Settings, require
from bot.errors import InvalidRows
from storage import migrate
from storage.db import Database
from storage.org import Workspace

logger = logging.getLogger("perfbot")


class CommandError(Exception):
    """A command cannot go on; its message is the one line the person sees."""


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        problem = error.errors()[0]
        variable = str(problem["loc"][0]) if problem["loc"] else "setting"
        where = WHERE_TO_GET.get(variable, "the README")
        raise CommandError(f"{variable} is malformed ({problem['msg']}). Get it from {where}.") from None


def start_background(perfbot) -> None:
    from bot.scheduler import Clockwork

    services = perfbot.services
    services.sender.recover()  # settle what a previous (crashed) process left in 'sending'
    services.sender.start()
    Clockwork(services.db, services.clock, services.sender).start()


def cmd_run(settings: Settings, args: argparse.Namespace) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import build

    require(settings, "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
    perfbot = build(settings)
    start_background(perfbot)
    logger.info("Perfbot is running in Socket Mode")
    SocketModeHandler(perfbot.app, settings.slack_app_token).start()


def cmd_serve(settings: Settings, args: argparse.Namespace) -> None:
    import waitress

    from bot.app import build
    from bot.web import wsgi_app

    if settings.installs_by_oauth:
        require(settings, "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET")
    else:
        require(settings, "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    perfbot = build(settings)
    start_background(perfbot)
    logger.info("Perfbot is serving on port %s", args.port)
    waitress.serve(wsgi_app(perfbot), host=args.host, port=args.port, threads=8)


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> None:
    db = Database(settings.database_url)
    migrate.upgrade(db.engine)
    print(f"Database is at revision {migrate.head_revision()}.")


def _team_id(db: Database, given: str | None) -> str:
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


def cmd_org_import(settings: Settings, args: argparse.Namespace) -> None:
    from bot.org_import import import_csv

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"{path} is not a file.")
    db = Database(settings.database_url)
    migrate.upgrade(db.engine)
    team_id = _team_id(db, args.team)
    try:
        with db.session() as session:
            result = import_csv(session, team_id, path.read_text(encoding="utf-8"))
    except InvalidRows as error:
        raise CommandError(f"Nothing was imported; fix these lines of {path}:\n{error}") from None
    print(f"Imported {result.updated} people from {path}.")


def cmd_org_sync(settings: Settings, args: argparse.Namespace) -> None:
    from slack_sdk import WebClient

    from bot.slack_directory import sync_workspace

    require(settings, "SLACK_BOT_TOKEN")
    db = Database(settings.database_url)
    migrate.upgrade(db.engine)
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    team_id = client.auth_test()["team_id"]
    count = sync_workspace(db, client, team_id, settings.hr_admin_ids)
    print(f"Synced {count} people of workspace {team_id}.")


def cmd_shell(settings: Settings, args: argparse.Namespace) -> int:
    from bot.shell.inputs import ShellInputError
    from bot.shell.launch import close_shell, open_shell

    logging.getLogger().setLevel(logging.WARNING)
    interactive = sys.stdin.isatty()
    if interactive:
        import readline  # noqa: F401 - line editing and history for input()
    try:
        shell = open_shell(settings.database_url, sys.stdout, start_as=args.as_handle, fresh=args.fresh)
    except ShellInputError as error:
        raise CommandError(str(error)) from None
    try:
        if interactive:
            print(
                "Type /help for the shell's commands, /perf help for Perfbot's; Ctrl-D leaves.\n"
                "The demo lives in its own workspace; `perfbot demo-data --remove` deletes it."
            )
        return shell.run(sys.stdin, interactive=interactive)
    finally:
        close_shell(shell)


def cmd_demo_data(settings: Settings, args: argparse.Namespace) -> None:
    from datetime import UTC, datetime

    from bot.shell import demo
    from bot.shell.launch import read_clock, start_time, write_clock

    db = Database(settings.database_url)
    migrate.upgrade(db.engine)
    if args.remove:
        count = demo.remove(db)
        print(f"Removed the demo workspace “{demo.DEMO_WORKSPACE_NAME}” and its {count} people.")
        return
    with db.session() as session:
        now = start_time(read_clock(session), datetime.now(UTC))
    count = demo.load(db, now)
    with db.session() as session:
        write_clock(session, now)
    print(
        f"The demo workspace “{demo.DEMO_WORKSPACE_NAME}” holds {count} demo people (Slack ids "
        f"{demo.DEMO_ID_PREFIX}…). Try it with `perfbot shell`; remove it with `perfbot demo-data --remove`."
    )


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="perfbot", description="Performance management inside Slack.")
    commands = root.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run in Socket Mode (SLACK_BOT_TOKEN, SLACK_APP_TOKEN)").set_defaults(
        handler=cmd_run
    )
    serve = commands.add_parser("serve", help="serve HTTP: POST /slack/events, GET /healthz")
    serve.add_argument("--port", type=int, default=3000)
    serve.add_argument("--host", default="0.0.0.0")
    serve.set_defaults(handler=cmd_serve)
    commands.add_parser("migrate", help="bring the database schema up to date").set_defaults(handler=cmd_migrate)
    org_parser = commands.add_parser("org", help="the organisation: import HR's CSV, sync from Slack")
    org_commands = org_parser.add_subparsers(dest="org_command", required=True)
    org_import = org_commands.add_parser(
        "import", help="set managers, departments, roles from a CSV (columns: person,manager,department,role)"
    )
    org_import.add_argument("file")
    org_import.add_argument("--team", help="Slack team id, when the database holds several workspaces")
    org_import.set_defaults(handler=cmd_org_import)
    org_commands.add_parser("sync", help="sync people from Slack's users.list").set_defaults(handler=cmd_org_sync)
    cycles_cli.add_commands(commands)
    shell = commands.add_parser(
        "shell", help="try Perfbot in the terminal, no Slack needed (reads a script from stdin too)"
    )
    shell.add_argument("--as", dest="as_handle", metavar="NAME", help="start as this person, e.g. ken")
    shell.add_argument("--fresh", action="store_true", help="throw the demo workspace away and start over")
    shell.set_defaults(handler=cmd_shell)
    demo_data = commands.add_parser("demo-data", help="load the demo organisation the shell uses")
    demo_data.add_argument("--remove", action="store_true", help="delete the demo workspace and all its records")
    demo_data.set_defaults(handler=cmd_demo_data)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logs.configure()
    handler: Callable[[Settings, argparse.Namespace], int | None] = args.handler
    try:
        code = handler(load_settings(), args)
    except (CommandError, MissingSetting) as error:
        print(f"perfbot: {error}", file=sys.stderr)
        return 2
    except (BoltError, SlackApiError) as error:
        print(
            f"perfbot: Slack refused the request ({_slack_reason(error)}). "
            f"Check SLACK_BOT_TOKEN: {WHERE_TO_GET['SLACK_BOT_TOKEN']}.",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130
    return code or 0


def _slack_reason(error: Exception) -> str:
    if isinstance(error, SlackApiError):
        return str(error.response.get("error"))
    return str(error).splitlines()[0][:200]


if __name__ == "__main__":
    sys.exit(main())
