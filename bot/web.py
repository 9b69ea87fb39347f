"""The HTTP surface for `perfbot serve`: Bolt's `POST /slack/events` (and OAuth pages), `GET /healthz`, and
the live KPI feeds' `/api/v1/…` routes (bot/feeds/api.py)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.app import Perfbot
from bot.feeds.api import FeedsApi

EVENTS_PATH = "/slack/events"
OAUTH_PATHS = ("/slack/install", "/slack/oauth_redirect")


def wsgi_app(perfbot: Perfbot) -> Callable[..., Iterable[bytes]]:
    bolt = SlackRequestHandler(perfbot.app, path=EVENTS_PATH)
    services = perfbot.services
    feeds = FeedsApi(services.db, services.clock, per_minute=services.settings.api_rate_per_minute)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if path == "/healthz" and method == "GET":
            healthy = perfbot.services.db.is_reachable()
            body = json.dumps({"ok": healthy, "database": "reachable" if healthy else "unreachable"}).encode()
            start_response(
                "200 OK" if healthy else "503 Service Unavailable",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        if feeds.handles(path):
            return feeds(environ, start_response)
        if (path == EVENTS_PATH and method == "POST") or (path in OAUTH_PATHS and method == "GET"):
            return bolt(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    return application
