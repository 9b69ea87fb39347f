"""The HTTP surface for `perfbot serve`: Bolt's `POST /slack/events` (and OAuth), `GET /healthz`, `GET /metrics`."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.app import Perfbot
from bot.delivery.heartbeat import last_tick
from bot.delivery.metrics import CONTENT_TYPE
from bot.delivery.outbox import backlog

EVENTS_PATH = "/slack/events"
OAUTH_PATHS = ("/slack/install", "/slack/oauth_redirect")
logger = logging.getLogger(__name__)


def health(perfbot: Perfbot) -> dict[str, Any]:
    """This replica's view: the database, its role, the outbox's backlog, and whether any replica ticks."""
    services = perfbot.services
    sender = services.sender
    clockwork = perfbot.clockwork
    report: dict[str, Any] = {
        "ok": False,
        "database": "unreachable",
        "replica": sender.replica,
        "clock_holder": bool(clockwork is not None and clockwork.running),
        "sending_for": sorted(sender.workspaces.live(services.clock.now())),
    }
    if not services.db.is_reachable():
        return report
    now = services.clock.now()
    try:
        with services.db.session() as session:
            count, oldest = backlog(session, now)
        beat = last_tick(services.db)
    except Exception:  # noqa: BLE001 - reachable a moment ago; a failure now is unhealthy, not a 500
        logger.warning("health check could not read the outbox")
        return report
    age = max(0.0, (now - oldest).total_seconds()) if oldest else 0.0
    sender.metrics.backlog.set(count)
    sender.metrics.oldest_pending.set(age)
    stopped = beat.stale(now) if beat else False  # a fresh database: the first tick is on its way
    report.update(
        ok=not stopped,
        database="reachable",
        clock={
            "last_tick_by": beat.holder if beat else None,
            "last_tick_age_seconds": round((now - beat.ticked_at).total_seconds(), 1) if beat else None,
            "stopped": stopped,
        },
        outbox={"backlog": count, "oldest_pending_age_seconds": round(age, 1)},
    )
    return report


def wsgi_app(perfbot: Perfbot) -> Callable[..., Iterable[bytes]]:
    bolt = SlackRequestHandler(perfbot.app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if path == "/healthz" and method == "GET":
            report = health(perfbot)
            body = json.dumps(report).encode()
            start_response(
                "200 OK" if report["ok"] else "503 Service Unavailable",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        if path == "/metrics" and method == "GET":
            health(perfbot)  # refreshes the backlog gauges
            body = perfbot.services.sender.metrics.exposition()
            start_response("200 OK", [("Content-Type", CONTENT_TYPE), ("Content-Length", str(len(body)))])
            return [body]
        if (path == EVENTS_PATH and method == "POST") or (path in OAUTH_PATHS and method == "GET"):
            return bolt(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    return application
