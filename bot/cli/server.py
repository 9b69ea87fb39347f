"""`perfbot run`, `perfbot serve` and `perfbot migrate`: the bot itself, and its schema."""

from __future__ import annotations

import argparse
import logging
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.app import Perfbot
    from bot.config import Settings

logger = logging.getLogger("perfbot")


def start_background(perfbot: Perfbot) -> None:
    from datetime import timedelta

    from bot.delivery.scheduler import Clockwork

    services = perfbot.services
    services.sender.start()  # its first drain settles what a dead process left in 'sending'
    interval = timedelta(seconds=services.settings.tick_seconds)
    perfbot.clockwork = Clockwork(services.db, services.clock, services.sender, services.planners, interval=interval)
    perfbot.clockwork.start()

    def stop(signum: int, frame: object) -> None:  # SIGTERM: hand the clock and the sender leases on at once
        perfbot.clockwork.stop()
        services.sender.stop()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)


def cmd_run(settings: Settings, args: argparse.Namespace) -> None:
    from bot.cli.common import reach_slack
    from bot.config import require

    require(settings, "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
    reach_slack(settings)
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import build

    perfbot = build(settings)
    start_background(perfbot)
    logger.info("Perfbot is running in Socket Mode")
    SocketModeHandler(perfbot.app, settings.slack_app_token).start()


def cmd_serve(settings: Settings, args: argparse.Namespace) -> None:
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
    import waitress

    from bot.app import build
    from bot.web import MAX_BODY_BYTES, wsgi_app

    perfbot = build(settings)
    start_background(perfbot)
    logger.info("Perfbot is serving on port %s", args.port)
    waitress.serve(wsgi_app(perfbot), host=args.host, port=args.port, threads=8, max_request_body_size=MAX_BODY_BYTES)


def serve_api_only(settings: Settings, args: argparse.Namespace) -> None:
    """The live KPI feeds' API alone (e.g. beside `perfbot shell`, on its database): no Slack, no clock."""
    import waitress

    from bot.cli.common import migrated_database
    from bot.config import MAX_BODY_BYTES
    from bot.delivery.clock import SystemClock
    from bot.feeds.api import standalone_app

    db = migrated_database(settings)
    app = standalone_app(db, SystemClock(), per_minute=settings.api_rate_per_minute)
    logger.info("Perfbot's API is serving on port %s", args.port)
    waitress.serve(app, host=args.host, port=args.port, threads=4, max_request_body_size=MAX_BODY_BYTES)


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> None:
    from bot.cli.common import migrated_database
    from storage import migrate

    migrated_database(settings)
    print(f"Database is at revision {migrate.head_revision()}.")


def add_commands(commands: argparse._SubParsersAction) -> None:
    commands.add_parser("run", help="run in Socket Mode (SLACK_BOT_TOKEN, SLACK_APP_TOKEN)").set_defaults(
        handler=cmd_run
    )
    serve = commands.add_parser("serve", help="serve HTTP: POST /slack/events, GET /healthz")
    serve.add_argument("--port", type=int, default=3000)
    serve.add_argument("--host", default="0.0.0.0")
    serve.add_argument("--api-only", action="store_true", help="serve only /api/v1 (live KPI feeds) and /healthz")
    serve.set_defaults(handler=cmd_serve)
    commands.add_parser("migrate", help="bring the database schema up to date").set_defaults(handler=cmd_migrate)
