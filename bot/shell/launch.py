"""Starts a shell: the sandbox workspace on a database, the demo organisation, and the shell's clock.

The database is the one Perfbot is configured with (DATABASE_URL, by default the SQLite file
perfbot.db); the demo lives in its own workspace there, so it never mixes with a real one. The
shell's clock is kept in that database too, so a second run goes on where the first stopped.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from sqlmodel import Session

from bot.delivery.clock import ManualClock
from bot.sandbox.workspace import SandboxWorkspace
from bot.shell import demo
from bot.shell.commands import SHELL_COMMANDS
from bot.shell.session import Shell
from storage.shell import ShellClock

# The demo starts on a Monday morning, the start of a working week.
DEMO_START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
UPLOADS = "perfbot-uploads"  # in the working directory, beside the default perfbot.db
# Messages are queued with the wall clock's time, so the shell's clock must stay ahead of it.
WALL_CLOCK_MARGIN = timedelta(days=1)


def start_time(stored: datetime | None, wall: datetime) -> datetime:
    """Where the shell's clock starts: where it stopped last time, else DEMO_START; and never behind
    the wall clock (then: the next Monday 09:00 UTC after it)."""
    moment = stored or DEMO_START
    if moment >= wall + WALL_CLOCK_MARGIN:
        return moment
    later = (wall + WALL_CLOCK_MARGIN).replace(hour=9, minute=0, second=0, microsecond=0)
    return later + timedelta(days=(7 - later.weekday()) % 7 or 7)


def read_clock(session: Session) -> datetime | None:
    row = session.get(ShellClock, demo.DEMO_TEAM)
    return row.now if row else None


def write_clock(session: Session, moment: datetime) -> None:
    row = session.get(ShellClock, demo.DEMO_TEAM)
    if row is None:
        session.add(ShellClock(team_id=demo.DEMO_TEAM, now=moment))
    else:
        row.now = moment


def open_shell(
    database_url: str, out: TextIO, *, start_as: str | None = None, fresh: bool = False, wall: datetime | None = None
) -> Shell:
    """A ready shell on `database_url`: migrated, with the demo organisation, its clock restored."""
    clock = ManualClock(DEMO_START)
    ws = SandboxWorkspace.start(database_url, clock)
    ws.slack.upload_dir = Path(UPLOADS).resolve()  # files the bot uploads (report charts, exports) land here
    # The shell answers a command nothing handles itself; Bolt's warning would only repeat it.
    logging.getLogger("slack_bolt.App").setLevel(logging.ERROR)
    if fresh:
        demo.remove(ws.db)
    with ws.db.session() as session:
        stored = read_clock(session)
    clock.set(start_time(stored, wall or datetime.now(UTC)))
    if not demo.is_loaded(ws.db):
        count = demo.load(ws.db, clock.now())
        out.write(f"Loaded the demo organisation: {count} people in “{demo.DEMO_WORKSPACE_NAME}”.\n")
    with ws.db.session() as session:
        write_clock(session, clock.now())

    def save_clock(moment: datetime) -> None:
        with ws.db.session() as session:
            write_clock(session, moment)

    try:
        shell = Shell(ws, out, commands=SHELL_COMMANDS, start_as=start_as, save_clock=save_clock)
    except Exception:
        ws.close()
        raise
    out.write(f"Perfbot shell · {demo.DEMO_WORKSPACE_NAME} · clock {shell.time_text(clock.now())}\n")
    shell.begin_step()
    ws.tick()
    shell.show_news()
    shell.end_step()
    return shell


def close_shell(shell: Shell) -> None:
    shell.ws.close()
