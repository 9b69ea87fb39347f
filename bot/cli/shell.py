"""`perfbot shell` and `perfbot demo-data`: the real app on the fake Slack in a terminal, and its demo."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING

from bot.cli.common import CommandError, counted, migrated_database

if TYPE_CHECKING:
    from bot.config import Settings


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

    db = migrated_database(settings)
    if args.remove:
        count = demo.remove(db)
        print(f"Removed the demo workspace “{demo.DEMO_WORKSPACE_NAME}” and its {counted(count, 'person', 'people')}.")
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


def add_commands(commands: argparse._SubParsersAction) -> None:
    shell = commands.add_parser(
        "shell", help="try Perfbot in the terminal, no Slack needed (reads a script from stdin too)"
    )
    shell.add_argument("--as", dest="as_handle", metavar="NAME", help="start as this person, e.g. ken")
    shell.add_argument("--fresh", action="store_true", help="throw the demo workspace away and start over")
    shell.set_defaults(handler=cmd_shell)
    demo_data = commands.add_parser("demo-data", help="load the demo organisation the shell uses")
    demo_data.add_argument("--remove", action="store_true", help="delete the demo workspace and all its records")
    demo_data.set_defaults(handler=cmd_demo_data)
