"""A slack_sdk WebClient that keeps its HTTPS connection to Slack open between calls (one per thread).

slack_sdk sends every call through `urllib.request.urlopen`, which opens a new connection (TCP and TLS) each
time and closes it after one answer. Here the same request goes over a kept connection; everything else
(arguments, retry handlers, errors, the answer) stays slack_sdk's. A kept connection the server has closed is
noticed before a request is written on it and replaced; a failure once a request is on its way is raised as
it is (the sender treats it as "unsure" and checks Slack's history, never posting twice). A proxy from the
environment or the client, or a non-HTTP URL, takes slack_sdk's own way. An answer's headers are read as
http.client reads them, without its email parser where they are plain (`plain_headers.py`), and a request's
head and body go out in one write.
slack_sdk decides whether to format a debug line of each request from its logger's own level, which is unset
(0) unless someone sets it; the client's logger here answers with the level logging really applies.
"""

from __future__ import annotations

import io
import logging
import select
import threading
import urllib.error
import urllib.request
from email.message import Message
from functools import lru_cache
from http.client import HTTPConnection, HTTPSConnection
from typing import Any
from urllib.parse import SplitResult, urlsplit

from slack_sdk import WebClient

from bot.delivery.plain_headers import PlainHeadersResponse


class KeepAliveWebClient(WebClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not isinstance(self._logger, EffectiveLevelLogger):
            self._logger = EffectiveLevelLogger(self._logger)
        self._kept = threading.local()
        self._proxies = urllib.request.getproxies()  # read once, as urllib's default opener does

    def _perform_urllib_http_request_internal(self, url: str, req: urllib.request.Request) -> dict[str, Any]:
        parts = _split(url)
        if self.proxy is not None or parts.scheme not in ("http", "https") or self._proxied(parts.scheme, parts):
            return super()._perform_urllib_http_request_internal(url, req)
        connection = self._connection(parts.scheme, parts.netloc)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            try:
                connection.request(req.get_method(), path, body=req.data, headers=dict(req.header_items()))
            except OSError as error:  # as urlopen reports a failure to connect or to send
                raise urllib.error.URLError(error) from error
            response = connection.getresponse()
            body = response.read()
        except BaseException:
            self._drop()
            raise
        if response.will_close:
            self._drop()
        if not 200 <= response.status < 300:  # as urlopen does: slack_sdk reads 429s and 5xx from HTTPError
            raise urllib.error.HTTPError(url, response.status, response.reason, response.headers, io.BytesIO(body))
        headers = _as_dict(response.headers)
        content_type, charset = _content_type(response.headers.get("Content-Type"))
        if content_type == "application/gzip":
            return {"status": response.status, "headers": headers, "body": body}
        return {"status": response.status, "headers": headers, "body": body.decode(charset)}

    def _proxied(self, scheme: str, parts: Any) -> bool:
        """Whether urllib would send this URL through a proxy from the environment (HTTPS_PROXY, NO_PROXY…)."""
        return scheme in self._proxies and not urllib.request.proxy_bypass(parts.hostname or "")

    def _connection(self, scheme: str, netloc: str) -> HTTPConnection:
        kept: HTTPConnection | None = getattr(self._kept, "connection", None)
        if kept is not None and (getattr(self._kept, "target", None) != (scheme, netloc) or _dropped(kept)):
            self._drop()
            kept = None
        if kept is None:
            if scheme == "https":
                kept = OneSendHTTPSConnection(netloc, timeout=self.timeout, context=self.ssl)
            else:
                kept = OneSendHTTPConnection(netloc, timeout=self.timeout)
            kept.response_class = PlainHeadersResponse
            self._kept.connection, self._kept.target = kept, (scheme, netloc)
        return kept

    def _drop(self) -> None:
        kept = getattr(self._kept, "connection", None)
        self._kept.connection = None
        if kept is not None:
            kept.close()


class OneSendHTTPConnection(HTTPConnection):
    """Writes a request's head and its bytes body to the socket at once: http.client sends them one after the
    other, and the second small write costs a second trip through the network stack (and TLS) for every call.
    The bytes on the wire are the same; a body that is not bytes is sent as http.client sends it."""

    _held: list[bytes] | None = None

    def request(self, *args: Any, **kwargs: Any) -> None:
        self._held = []
        try:
            super().request(*args, **kwargs)
        except BaseException:
            self._held = None
            raise
        self._send_held()

    def send(self, data: Any) -> None:
        if self._held is not None and isinstance(data, bytes):
            self._held.append(data)
            return
        self._send_held()
        super().send(data)

    def _send_held(self) -> None:
        held, self._held = self._held, None
        if held:
            super().send(b"".join(held))


class OneSendHTTPSConnection(OneSendHTTPConnection, HTTPSConnection):
    """The same, over TLS."""


class EffectiveLevelLogger(logging.LoggerAdapter):
    """A logger whose `level` is the one in effect (its own, else its parents'), as slack_sdk's checks assume."""

    def __init__(self, logger: logging.Logger) -> None:
        super().__init__(logger, None)

    @property
    def level(self) -> int:
        return self.logger.getEffectiveLevel()


@lru_cache(maxsize=16)
def _split(url: str) -> SplitResult:
    """The parts of a Web API method's URL: a client calls the same few over and over."""
    return urlsplit(url)


@lru_cache(maxsize=16)
def _content_type(header: str | None) -> tuple[str, str]:
    """An answer's content type and charset, as `email.message.Message` reads them (once per distinct header)."""
    message = Message()
    if header is not None:
        message["Content-Type"] = header
    return message.get_content_type(), message.get_content_charset() or "utf-8"


def _as_dict(message: Message) -> dict[str, str]:
    """`dict(message)` without re-reading every header through the email policy: each name keeps the value of its
    first occurrence (names compared case-insensitively), as `message[name]` gives it; http.client decodes headers
    as ISO-8859-1, so the policy has nothing to sanitise."""
    first: dict[str, str] = {}
    for name, value in message.raw_items():
        first.setdefault(name.lower(), value)
    return {name: first[name.lower()] for name in message}


def _dropped(connection: HTTPConnection) -> bool:
    """Whether the server closed a kept connection while it was idle: its socket reads as ready (end of stream)."""
    sock = connection.sock
    if sock is None:
        return False  # not connected yet (or closed by us): http.client connects on the next request
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)
