"""`perfbot run`, `perfbot serve` and `perfbot migrate`: the bot itself, and its schema."""

from __future__ import annotations

import argparse
import logging
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.config import Settings
    from bot.delivery.planning import Planner
    from bot.delivery.scheduler import Clockwork
    from bot.launch import Core

logger = logging.getLogger("perfbot")


def start_clock(core: Core, planners: Sequence[Planner]) -> Clockwork:
    """The clock (if this replica gets its lock); SIGTERM then ends the process as Ctrl-C would."""
    from datetime import timedelta

    from bot.delivery.scheduler import Clockwork

    clockwork = Clockwork(
        core.db, core.clock, core.sender, planners, interval=timedelta(seconds=core.settings.tick_seconds)
    )
    clockwork.start()
    signal.signal(signal.SIGTERM, _exit)
    return clockwork


def _exit(signum: int, frame: object) -> None:
    """SIGTERM unwinds the main thread, so whatever it had open (a write transaction during start-up) ends
    before `hand_over` runs. Handing over inside the handler could wait on the write lock the interrupted thread
    still holds, while the sender it stops waits on that lock too."""
    raise SystemExit(0)


def hand_over(core: Core, clockwork: Clockwork, planners: Sequence[Planner]) -> None:
    """Let the clock and the sender's leases go at once, so another replica takes over without waiting."""
    from bot.launch import StartingPlanners

    if isinstance(planners, StartingPlanners):
        planners.abandon()  # a tick waiting for the features plans nothing
    clockwork.stop()
    core.sender.stop()


def cmd_run(settings: Settings, args: argparse.Namespace) -> None:
    from bot.cli.common import reach_slack
    from bot.config import require

    require(settings, "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
    reach_slack(settings)
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import build
    from bot.launch import build_core, settle_heap

    core = build_core(settings)
    perfbot = build(settings, core=core)
    core.sender.start()  # its first drain settles what a dead process left in 'sending'
    perfbot.clockwork = start_clock(core, perfbot.services.planners)
    settle_heap()
    logger.info("Perfbot is running in Socket Mode")
    try:
        SocketModeHandler(perfbot.app, settings.slack_app_token).start()
    finally:
        hand_over(core, perfbot.clockwork, perfbot.services.planners)


def cmd_serve(settings: Settings, args: argparse.Namespace) -> None:
    """Health answers as soon as the database, the clock and the sender are up; the features, their handlers
    and Bolt load meanwhile, and requests for them wait until they have (`bot.launch.StartingGate`)."""
    from bot.cli.common import reach_slack
    from bot.config import require

    if args.api_only:
        serve_api_only(settings, args)
        return
    if settings.installs_by_oauth:
        require(settings, "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET")
    else:
        require(settings, "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    reach_slack(settings)
    import threading

    from waitress.server import create_server

    from bot.config import MAX_BODY_BYTES
    from bot.health import HEALTH_PATHS, observability_app
    from bot.launch import StartingGate, StartingPlanners, build_core, settle_heap

    core = build_core(settings)
    core.verify_token()  # a wrong token stops the process before it is healthy or sends anything
    planners = StartingPlanners()  # the clock's first tick waits for the features
    clockwork = start_clock(core, planners)
    gate = StartingGate(observability_app(core.db, core.clock, core.sender, lambda: clockwork), HEALTH_PATHS)
    server = create_server(gate, host=args.host, port=args.port, threads=8, max_request_body_size=MAX_BODY_BYTES)
    serving = threading.Thread(target=server.run, name="perfbot-http", daemon=True)
    serving.start()
    server.print_listen("Serving on http://{}:{}")
    logger.info("Perfbot is serving on port %s", args.port)
    try:
        from bot.app import build
        from bot.web import wsgi_app

        perfbot = build(settings, core=core)
        perfbot.clockwork = clockwork
        core.sender.start()  # its first drain settles what a dead process left in 'sending'
        planners.become(perfbot.services.planners)
        gate.open(wsgi_app(perfbot))
        settle_heap()
        while serving.is_alive():  # a timed wait: a signal delivered to another thread still reaches this one
            serving.join(timeout=0.2)
    except KeyboardInterrupt:  # as waitress.serve did: Ctrl-C ends serving quietly
        pass
    finally:
        hand_over(core, clockwork, planners)
        server.close()


def serve_api_only(settings: Settings, args: argparse.Namespace) -> None:
    """The live KPI feeds' API alone (e.g. beside `perfbot shell`, on its database): no Slack, no clock."""
    import waitress

    from bot.cli.common import migrated_database
    from bot.config import MAX_BODY_BYTES
    from bot.delivery.clock import SystemClock
    from bot.feeds.api import standalone_app
    from bot.launch import settle_heap

    db = migrated_database(settings)
    app = standalone_app(db, SystemClock(), per_minute=settings.api_rate_per_minute)
    settle_heap()
    logger.info("Perfbot's API is serving on port %s", args.port)
    waitress.serve(app, host=args.host, port=args.port, threads=4, max_request_body_size=MAX_BODY_BYTES)


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> None:
    from bot.cli.common import migrated_database
    from storage import migrate

    migrated_database(settings)
    print(f"Database is at revision {migrate.head_revision()}.")


def add_commands(commands: argparse._SubParsersAction) -> None:
    commands.add_parser("run", help="run in Socket Mode (SLACK_BOT_TOKEN, SLACK_APP_TOKEN)").set_defaults(
        handler=cmd_run, settles_heap=True
    )
    serve = commands.add_parser("serve", help="serve HTTP: POST /slack/events, GET /healthz")
    serve.add_argument("--port", type=int, default=3000)
    serve.add_argument("--host", default="0.0.0.0")
    serve.add_argument("--api-only", action="store_true", help="serve only /api/v1 (live KPI feeds) and /healthz")
    serve.set_defaults(handler=cmd_serve, settles_heap=True)
    commands.add_parser("migrate", help="bring the database schema up to date").set_defaults(handler=cmd_migrate)
