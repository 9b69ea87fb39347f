"""The HTTP surface for `perfbot serve`: Bolt's `POST /slack/events` (and OAuth pages), `GET /healthz`,
`GET /metrics`, and the live KPI feeds' `/api/v1/…` routes (bot/feeds/api.py).

Every request passes one gate first: a body over `MAX_BODY_BYTES` is a 413, whatever the route. A Slack
request is then verified here, before Bolt sees it: a missing, malformed, stale or wrong signature is a 401
(Bolt would log the body, or hand a request it could not verify to the error handler); bytes that are not
UTF-8 cannot carry a valid signature either. A verified body that is not what Slack sends (bad JSON, a JSON
content type on a form, fields Bolt cannot read) is a 400. Nothing of a body is ever logged."""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from slack_bolt.request import BoltRequest
from slack_bolt.request.payload_utils import (
    to_action,
    to_command,
    to_event,
    to_message,
    to_options,
    to_shortcut,
    to_step,
    to_view,
)
from slack_sdk.signature import SignatureVerifier

from bot.health import HEALTH_PATHS, observability_app
from bot.http_basics import StartResponse, json_answer, read_body, too_large

if TYPE_CHECKING:
    from bot.app import Perfbot

EVENTS_PATH = "/slack/events"
OAUTH_PATHS = ("/slack/install", "/slack/oauth_redirect")
# Slack's own window: a request signed more than five minutes ago is refused (a replay).
SIGNATURE_MAX_AGE_SECONDS = 60 * 5
PAYLOAD_PARTS = (to_options, to_shortcut, to_action, to_view, to_command, to_event, to_message, to_step)
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")

logger = logging.getLogger(__name__)


def signature_is_valid(verifier: SignatureVerifier, headers: dict[str, str], body: str, now: float) -> bool:
    """Slack's signing scheme, checked strictly: anything malformed is simply invalid, never an exception."""
    timestamp, signature = headers.get("timestamp", ""), headers.get("signature", "")
    if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
        return False
    if abs(now - int(timestamp)) > SIGNATURE_MAX_AGE_SECONDS:
        return False
    return verifier.is_valid(body=body, timestamp=timestamp, signature=signature)


def bolt_request(environ: dict[str, Any], body: str) -> BoltRequest | None:
    """The request as Bolt reads it, or None when Bolt cannot read it: a body that is not a JSON object, a form
    or a form with a JSON `payload` object, or fields of shapes Slack never sends (Bolt raises reading them)."""
    headers = WsgiHttpRequest(environ).get_headers()
    try:
        request = BoltRequest(body=body, query=environ.get("QUERY_STRING", ""), headers=headers)
        if not isinstance(request.body, dict):
            return None
        # The parts of the payload Bolt hands listeners (and the error handler) as arguments: a shape it cannot
        # read there (a view without a type) would fail the listener and then the error handler, unanswered.
        for part in PAYLOAD_PARTS:
            part(request.body)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        return None
    return request


def wsgi_app(perfbot: Perfbot, *, now: Callable[[], float] = time.time) -> Callable[..., Iterable[bytes]]:
    bolt = SlackRequestHandler(perfbot.app, path=EVENTS_PATH)
    secret = perfbot.services.settings.slack_signing_secret
    verifier = SignatureVerifier(secret) if secret else None
    services = perfbot.services
    observe = observability_app(services.db, services.clock, services.sender, lambda: perfbot.clockwork)
    from bot.feeds.api import FeedsApi

    feeds = FeedsApi(services.db, services.clock, per_minute=services.settings.api_rate_per_minute)

    def slack_event(environ: dict[str, Any], start_response: StartResponse, body: bytes) -> Iterable[bytes]:
        headers = {
            "timestamp": str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")),
            "signature": str(environ.get("HTTP_X_SLACK_SIGNATURE", "")),
        }
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:  # Slack signs UTF-8 text; these bytes cannot carry a valid signature
            text = None
        if verifier is None or text is None or not signature_is_valid(verifier, headers, text, now()):
            logger.info("refused an unverified request (%d bytes)", len(body))
            return json_answer(start_response, "401 Unauthorized", {"error": "invalid request"})
        request = bolt_request(environ, text)
        if request is None:
            logger.info("refused a signed request whose body Slack would not send (%d bytes)", len(body))
            return json_answer(start_response, "400 Bad Request", {"error": "malformed body"})
        answer = perfbot.app.dispatch(
            request
        )  # Bolt's failures to read a payload are a 400 there (handlers/bolt_app.py)
        response = WsgiHttpResponse(status=answer.status, headers=answer.headers, body=answer.body)
        start_response(response.status, response.get_headers())
        return response.get_body()

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        body = read_body(environ)
        if body is None:
            return too_large(start_response)
        environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(body), str(len(body))
        if path in HEALTH_PATHS and method == "GET":
            return observe(environ, start_response)
        if feeds.handles(path):
            return feeds(environ, start_response)
        if path == EVENTS_PATH and method == "POST":
            return slack_event(environ, start_response, body)
        if path in OAUTH_PATHS and method == "GET":
            return bolt(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    return application
