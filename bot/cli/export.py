"""`perfbot export` and `perfbot report`: every record HR may export as a file, and the report charts in a folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import CommandError, migrated_database, workspace_id

if TYPE_CHECKING:
    from bot.config import Settings

FORMATS = ("json", "csv", "xlsx")


def _explain(error) -> str:
    from bot.i18n import ENGLISH, t

    return t(ENGLISH, error.key, **error.params)


def cmd_export(settings: Settings, args: argparse.Namespace) -> None:
    from tqdm import tqdm

    from bot.errors import PerfbotError
    from bot.reports import export, scope

    db = migrated_database(settings)
    team_id = workspace_id(db, args.team)
    try:
        with db.session() as session:
            cycle = scope.cycle_named(session, team_id, args.cycle) if args.cycle else None
            selection = export.selection_for(session, team_id, args.scope, cycle)
            path = Path(args.out) if args.out else Path.cwd() / export.default_name(args.format, cycle)
            total = sum(export.count_rows(session, selection).values())
            with tqdm(total=total, unit=" rows", file=sys.stderr, disable=not sys.stderr.isatty()) as bar:
                done = export.export(session, selection, args.format, path, progress=bar)
    except PerfbotError as error:
        raise CommandError(_explain(error)) from None
    counts = ", ".join(f"{name} {count}" for name, count in done.counts.items())
    print(f"Wrote {done.path}: {counts}.")


def cmd_report(settings: Settings, args: argparse.Namespace) -> None:
    from bot.errors import PerfbotError
    from bot.reports import bundle, scope

    db = migrated_database(settings)
    team_id = workspace_id(db, args.team)
    try:
        with db.session() as session:
            cycle = scope.cycle_named(session, team_id, args.cycle)
            chosen = scope.named(session, team_id, args.scope)
            report = bundle.build(session, chosen, cycle, args.lang)
        label = "".join(ch if ch.isalnum() else "-" for ch in cycle.name)
        folder = Path(args.out) if args.out else Path.cwd() / f"perfbot-report-{label}"
        written = bundle.write_folder(report, folder)
    except PerfbotError as error:
        raise CommandError(_explain(error)) from None
    print(report.text.replace("*", ""))
    print(f"Wrote {len(written)} files to {folder}.")


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add `export` and `report` to perfbot's sub-commands."""
    export = commands.add_parser("export", help="every record HR may export, as json, csv (a zip) or xlsx")
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("--cycle", help="one cycle's goals and what happened during it (default: everything)")
    export.add_argument("--scope", default="org", help="org (default), department:NAME or person:EMAIL")
    export.add_argument("--out", help="the file to write (default: perfbot-export-<cycle>.<ext> here)")
    export.add_argument("--team", help="Slack team id, when the database holds several workspaces")
    export.set_defaults(handler=cmd_export)
    report = commands.add_parser("report", help="a report's summary and charts (PNG) written to a folder")
    report.add_argument("--scope", default="org", help="org (default), department:NAME or person:EMAIL")
    report.add_argument("--cycle", help="the cycle (default: the active one, else the latest)")
    report.add_argument("--out", help="the folder to write (default: perfbot-report-<cycle> here)")
    report.add_argument("--lang", choices=("en", "zh-CN"), default="en")
    report.add_argument("--team", help="Slack team id, when the database holds several workspaces")
    report.set_defaults(handler=cmd_report)
