"""The feeds' HTTP routes, a WSGI app mounted by `bot/web.py`: POST /api/v1/metrics, GET /api/v1/goals and
GET /api/v1/openapi.json.

Order of checks: bearer token (401), rate limit (429), body size (413), JSON (400), shape (422); only then
are points looked at. Nothing from a request body is ever logged.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import IntegrityError

from bot.config import MAX_BODY_BYTES
from bot.delivery.clock import Clock
from bot.feeds import points, tokens
from bot.feeds.listing import feedable_goals
from bot.feeds.ratelimit import RateLimiter
from bot.feeds.schema import Envelope, GoalsResponse, MetricsResponse, Problem, openapi
from storage.db import Database
from storage.feeds import ApiToken

PREFIX = "/api/v1/"
logger = logging.getLogger("perfbot.feeds")

Response = tuple[str, list[tuple[str, str]], bytes]
TRUE = {"1", "true", "yes", "on"}


def _json(status: str, payload: BaseModel | dict[str, Any], headers: list[tuple[str, str]] | None = None) -> Response:
    body = payload.model_dump_json(exclude_none=True) if isinstance(payload, BaseModel) else json.dumps(payload)
    return status, [("Content-Type", "application/json"), *(headers or [])], body.encode()


def _problem(status: str, error: str, detail: str | None = None, headers=None) -> Response:
    return _json(status, Problem(error=error, detail=detail), headers)


class FeedsApi:
    def __init__(self, db: Database, clock: Clock, *, per_minute: int) -> None:
        self.db = db
        self.clock = clock
        self.limiter = RateLimiter(clock, per_minute)
        self.routes: dict[tuple[str, str], Callable[[dict[str, Any]], Response]] = {
            ("POST", PREFIX + "metrics"): self.post_metrics,
            ("GET", PREFIX + "goals"): self.get_goals,
            ("GET", PREFIX + "openapi.json"): self.get_openapi,
        }

    @staticmethod
    def handles(path: str) -> bool:
        return path.startswith(PREFIX)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        route = self.routes.get((method, path))
        try:
            if route is not None:
                status, headers, body = route(environ)
            elif any(p == path for _, p in self.routes):
                status, headers, body = _problem("405 Method Not Allowed", "method_not_allowed")
            else:
                status, headers, body = _problem("404 Not Found", "not_found")
        except Exception as error:  # noqa: BLE001 - answer a clean 500
            # The frames and the error's type only: an error's message (e.g. SQL parameters) may quote the body.
            frames = "".join(traceback.format_tb(error.__traceback__))
            logger.error("feeds API failed on %s %s with %s\n%s", method, path, type(error).__name__, frames)
            status, headers, body = _problem("500 Internal Server Error", "internal_error", "nothing was recorded")
        start_response(status, [*headers, ("Content-Length", str(len(body)))])
        return [body]

    def _authenticate(self, environ: dict[str, Any]) -> ApiToken | Response:
        with self.db.session() as session:
            token = tokens.verify(session, environ.get("HTTP_AUTHORIZATION"), now=self.clock.now())
            if token is not None:
                session.flush()
                session.expunge(token)
        if token is None:
            return _problem(
                "401 Unauthorized",
                "unauthorized",
                "send a valid API token as `Authorization: Bearer <token>`",
                [("WWW-Authenticate", 'Bearer realm="perfbot"')],
            )
        wait = self.limiter.take(token.id)
        if wait:
            return _problem("429 Too Many Requests", "rate_limited", f"retry in {wait} s", [("Retry-After", str(wait))])
        return token

    def get_openapi(self, environ: dict[str, Any]) -> Response:
        return _json("200 OK", openapi())

    def get_goals(self, environ: dict[str, Any]) -> Response:
        token = self._authenticate(environ)
        if not isinstance(token, ApiToken):
            return token
        with self.db.session() as session:
            return _json("200 OK", GoalsResponse(goals=feedable_goals(session, token)))

    def post_metrics(self, environ: dict[str, Any]) -> Response:
        token = self._authenticate(environ)
        if not isinstance(token, ApiToken):
            return token
        body = _read_body(environ)
        if body is None:
            return _problem("413 Content Too Large", "body_too_large", f"send at most {MAX_BODY_BYTES} bytes")
        try:
            document = json.loads(body)
        except (ValueError, RecursionError):
            return _problem("400 Bad Request", "invalid_json", "the body is not JSON")
        if isinstance(document, dict) and "points" not in document:
            document = {"points": [document]}
        try:
            envelope = Envelope.model_validate(document)
        except ValidationError:
            return _problem(
                "422 Unprocessable Content", "invalid_body", 'send one point, or {"points": [...]} with 1 to 500'
            )
        query = parse_qs(environ.get("QUERY_STRING", ""))
        atomic = (query.get("atomic") or ["false"])[-1].strip().lower() in TRUE
        outcome = self._record(token, envelope.points, atomic)
        logger.info(
            "feed token %s: %d recorded, %d duplicate, %d refused",
            token.id,
            outcome.recorded,
            outcome.count("duplicate"),
            outcome.count("refused"),
        )
        answer = MetricsResponse(
            recorded=outcome.recorded,
            duplicates=outcome.count("duplicate"),
            refused=outcome.count("refused"),
            atomic=atomic,
            results=outcome.results,
        )
        return _json("422 Unprocessable Content" if outcome.refused_atomically else "200 OK", answer)

    def _record(self, token: ApiToken, raw_points: list[Any], atomic: bool) -> points.Outcome:
        for attempt in range(2):  # a concurrent request may store the same point first: then it is a duplicate
            try:
                with self.db.session() as session:
                    return points.record(session, token, raw_points, atomic=atomic, now=self.clock.now())
            except IntegrityError:
                if attempt:
                    raise
        raise AssertionError("unreachable")


def _read_body(environ: dict[str, Any]) -> bytes | None:
    """The request body, or None when it is over the cap (read no further than the cap)."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or -1)
    except ValueError:
        length = -1
    if length > MAX_BODY_BYTES:
        return None
    stream = environ["wsgi.input"]
    body = stream.read(length if length >= 0 else MAX_BODY_BYTES + 1)
    return None if len(body) > MAX_BODY_BYTES else body


def standalone_app(db: Database, clock: Clock, *, per_minute: int) -> Callable[..., Iterable[bytes]]:
    """`perfbot serve --api-only`: the /api/v1 routes and `GET /healthz`, without Slack."""
    feeds = FeedsApi(db, clock, per_minute=per_minute)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD") == "GET":
            healthy = db.is_reachable()
            status = "200 OK" if healthy else "503 Service Unavailable"
            response = _json(status, {"ok": healthy, "database": "reachable" if healthy else "unreachable"})
        elif feeds.handles(environ.get("PATH_INFO", "")):
            return feeds(environ, start_response)
        else:
            response = _problem("404 Not Found", "not_found")
        status, headers, body = response
        start_response(status, [*headers, ("Content-Length", str(len(body)))])
        return [body]

    return application
