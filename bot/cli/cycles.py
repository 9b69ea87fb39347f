"""`perfbot cycle new|close` and `perfbot goals import-metrics`, for scripting."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import CommandError, counted, migrated_database, workspace_id

# The domain is imported where a command runs: `perfbot --help` and argument errors must not load it.
if TYPE_CHECKING:
    from bot.config import Settings
    from bot.errors import PerfbotError


def _explain(error: PerfbotError) -> str:
    from bot.i18n import ENGLISH, t

    return t(ENGLISH, error.key, **error.params)


def _day(text: str, what: str) -> date:
    from bot.errors import Invalid
    from bot.text import typed_day

    try:
        return typed_day(text)
    except Invalid as error:
        if error.key == "date.format":
            raise CommandError(f"{what} must be a date like 2027-01-01, not {text!r}.") from None
        raise CommandError(f"{what}: {_explain(error)}") from None


def _cadence(text: str) -> str:
    """The cadence however it is spelt; the domain owns the spellings, so it is loaded only when one is given."""
    from bot.errors import Invalid
    from bot.goals import cycles

    try:
        return cycles.cadence_of(text)
    except Invalid:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a cadence: use quarterly, half-yearly, yearly or custom"
        ) from None


def cmd_import_metrics(settings: Settings, args: argparse.Namespace) -> None:
    from bot.errors import InvalidRows, PerfbotError
    from bot.goals.metrics_import import import_metrics

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"{path} is not a file.")
    db = migrated_database(settings)
    team_id = workspace_id(db, args.team)
    try:
        with db.session() as session:
            result = import_metrics(session, team_id, path.read_text(encoding="utf-8"), datetime.now(UTC))
    except InvalidRows as error:
        raise CommandError(f"Nothing was imported; fix these lines of {path}:\n{error}") from None
    except PerfbotError as error:
        raise CommandError(_explain(error)) from None
    print(f"Recorded {counted(result.updated, 'value', 'values')} in {result.cycle} from {path}.")


def cmd_cycle_new(settings: Settings, args: argparse.Namespace) -> None:
    from bot.errors import PerfbotError
    from bot.goals import cycles

    starts_on = _day(args.start, "--start")
    cadence = args.cadence or "quarterly"
    ends_on = _day(args.end, "--end") if args.end else cycles.default_end(cadence, starts_on)
    if ends_on is None:
        raise CommandError("A custom cycle needs --end.")
    db = migrated_database(settings)
    team_id = workspace_id(db, args.team)
    try:
        weights = cycles.parse_weights(args.weights)
        days = cycles.parse_reminder_days(args.reminder_days)
        timetable = cycles.suggested_timetable(starts_on, ends_on, peer_review=not args.no_peer_review)
        with db.session() as session:
            cycle, gaps = cycles.create(
                session,
                team_id=team_id,
                actor=None,
                name=args.name,
                cadence=cadence,
                starts_on=starts_on,
                ends_on=ends_on,
                timetable=timetable,
                weights=weights,
                bsc_enabled=not args.no_bsc,
                reminder_days=days,
                activate=not args.draft,
                now=datetime.now(UTC),
            )
            phases = cycles.phases(session, cycle)
    except PerfbotError as error:
        raise CommandError(_explain(error)) from None
    print(f"Created cycle {cycle.name} ({cycle.status}), {cycle.starts_on} to {cycle.ends_on}.")
    for phase in phases:
        print(f"  {phase.kind}: {phase.opens_on} to {phase.due_on}")


def cmd_cycle_close(settings: Settings, args: argparse.Namespace) -> None:
    from bot.errors import PerfbotError
    from bot.goals import cycles

    db = migrated_database(settings)
    team_id = workspace_id(db, args.team)
    try:
        with db.session() as session:
            cycle = cycles.require_active(session, team_id)
            cycles.close(session, cycle, datetime.now(UTC))
    except PerfbotError as error:
        raise CommandError(_explain(error)) from None
    print(f"Closed cycle {cycle.name}; its goals are frozen.")


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add `cycle new|close` and `goals import-metrics` to perfbot's sub-commands."""
    cycle_parser = commands.add_parser("cycle", help="evaluation cycles: create one with a suggested timetable, close")
    cycle_commands = cycle_parser.add_subparsers(dest="cycle_command", required=True)
    new = cycle_commands.add_parser("new", help="create a cycle (active unless another is, or --draft)")
    new.add_argument("--name", required=True)
    new.add_argument(
        "--cadence",
        type=_cadence,
        default=None,  # quarterly; not a string default, which argparse would parse (loading the domain) every time
        help="quarterly, half-yearly (or half_yearly), yearly or custom",
    )
    new.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
    new.add_argument("--end", help="last day, YYYY-MM-DD (default: from the cadence)")
    new.add_argument("--weights", default="40/30/20/10", help="financial/customer/internal/learning, sum 100")
    new.add_argument("--reminder-days", default="3 1", help="days before each deadline to remind, e.g. '3 1'")
    new.add_argument("--no-bsc", action="store_true", help="switch the balanced scorecard off")
    new.add_argument("--no-peer-review", action="store_true", help="leave the peer review phase out")
    new.add_argument("--draft", action="store_true", help="keep it a draft")
    new.add_argument("--team", help="Slack team id, when the database holds several workspaces")
    new.set_defaults(handler=cmd_cycle_new)
    close = cycle_commands.add_parser("close", help="close the active cycle (freezes its goals)")
    close.add_argument("--team", help="Slack team id, when the database holds several workspaces")
    close.set_defaults(handler=cmd_cycle_close)

    goals_parser = commands.add_parser("goals", help="goals: import measured KPI values")
    goals_commands = goals_parser.add_subparsers(dest="goals_command", required=True)
    metrics = goals_commands.add_parser(
        "import-metrics", help="record KPI values from a CSV (columns: person,metric,value[,date])"
    )
    metrics.add_argument("file")
    metrics.add_argument("--team", help="Slack team id, when the database holds several workspaces")
    metrics.set_defaults(handler=cmd_import_metrics)
