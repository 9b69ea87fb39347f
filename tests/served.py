"""The real app behind a real HTTP server (waitress, Bolt's thread runner) for Slack-level tests over HTTP.

`ServedWorkspace` is the sandbox workspace whose people's commands, clicks and submissions travel as signed
HTTP requests to `perfbot serve`'s WSGI app; every answer is timed. Listeners run on Bolt's own thread
runner (ack first, work after), and a request returns to the test once its listener has finished."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest

from bot.app import build
from bot.config import Settings
from bot.delivery.clock import ManualClock
from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.serving import ServedApp
from bot.sandbox.signed import SIGNING_SECRET, signed_headers
from bot.sandbox.workspace import Reply, SandboxWorkspace
from bot.shell.render import render_all
from bot.web import wsgi_app


class TrackedExecutor(ThreadPoolExecutor):
    """Bolt's listener pool, which a test can wait on until every listener started so far has finished."""

    def __init__(self) -> None:
        super().__init__(max_workers=8)
        self._futures: list[Future] = []
        self._lock = threading.Lock()
        self.submitted = 0  # functions handed to the pool so far

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future = super().submit(fn, *args, **kwargs)
        with self._lock:
            self._futures.append(future)
            self.submitted += 1
        return future

    def wait_idle(self) -> None:
        while True:
            with self._lock:
                pending = [f for f in self._futures if not f.done()]
                self._futures = pending
            if not pending:
                return
            wait(pending, timeout=10)


@dataclass
class Answer:
    status: int
    body: bytes
    seconds: float
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> dict:
        try:
            parsed = json.loads(self.body) if self.body else {}
        except ValueError:
            return {}
        return parsed if isinstance(parsed, dict) else {}


class Server(ServedApp):
    """One replica: `perfbot serve`'s WSGI app on waitress, on a free local port."""

    def __init__(self, perfbot) -> None:
        super().__init__(wsgi_app(perfbot))
        self.perfbot = perfbot

    def post(self, body: str | bytes, headers: dict[str, str], path: str = "/slack/events") -> Answer:
        """One HTTP/1.1 request on its own connection. Written on a plain socket so that an answer the server
        gives before reading the whole body (a 413) is still read."""
        data = body.encode() if isinstance(body, str) else body
        head = [
            f"POST {path} HTTP/1.1",
            f"Host: 127.0.0.1:{self.port}",
            f"Content-Length: {len(data)}",
            "Connection: close",
        ]
        head += [f"{name}: {value}" for name, value in headers.items()]
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as connection:
            # The server may answer early and close (a 413); its answer is still there to read.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                connection.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + data)
            received = b""
            with contextlib.suppress(ConnectionResetError):
                while chunk := connection.recv(65536):
                    received += chunk
        seconds = time.monotonic() - started
        status_line, _, rest = received.partition(b"\r\n")
        raw_headers, _, payload = rest.partition(b"\r\n\r\n")
        parts = status_line.split()
        status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
        found = dict(
            (name.strip().lower(), value.strip())
            for name, _, value in (line.decode("latin-1").partition(":") for line in raw_headers.split(b"\r\n"))
        )
        return Answer(status, payload, seconds, found)

    def close(self) -> None:
        self.stop()


class ServedWorkspace(SandboxWorkspace):
    """A sandbox workspace whose requests go over HTTP to the served app; `answers` keeps every one, timed."""

    def __init__(self, slack: FakeSlack, perfbot, clock: ManualClock, executor: TrackedExecutor) -> None:
        super().__init__(slack, perfbot, clock)
        self.executor = executor
        self.server = Server(perfbot)
        self.answers: list[Answer] = []
        self.last_body: str | bytes = ""

    @classmethod
    def serve(cls, database_url: str, clock: ManualClock, slack: FakeSlack | None = None, **settings: str):
        slack = slack or FakeSlack().start()
        executor = TrackedExecutor()
        config = Settings(
            SLACK_BOT_TOKEN="xoxb-sandbox",
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            DATABASE_URL=database_url,
            SLACK_API_URL=slack.url,
            **settings,
        )
        return cls(slack, build(config, clock=clock, listener_executor=executor), clock, executor)

    def post(self, body: str | bytes, headers: dict[str, str] | None = None, *, json_body: bool = False) -> Answer:
        """Send one request (signed unless `headers` are given) and wait for its listener to finish."""
        if headers is None:
            content_type = "application/json" if json_body else "application/x-www-form-urlencoded"
            text = body if isinstance(body, str) else body.decode()
            headers = signed_headers(text, content_type=content_type)
        answer = self.server.post(body, headers)
        self.answers.append(answer)
        self.last_body = body
        self.executor.wait_idle()
        self.deliver()
        return answer

    def dispatch(self, body: str, *, json_body: bool = False, headers: dict[str, str] | None = None) -> Reply:
        answer = self.post(body, headers, json_body=json_body)
        parsed = answer.json() or ({"text": answer.body.decode(errors="replace")} if answer.body else {})
        return Reply(answer.status, parsed)

    def close(self) -> None:
        self.server.close()
        self.executor.shutdown(wait=True)
        super().close()


@contextmanager
def served(database_url: str, clock: ManualClock, **settings: str) -> Iterator[ServedWorkspace]:
    workspace = ServedWorkspace.serve(database_url, clock, **settings)
    try:
        yield workspace
    finally:
        workspace.close()


@pytest.fixture
def http_ws(sqlite_url, clock) -> Iterator[ServedWorkspace]:
    """The sandbox workspace, served over HTTP; whatever the bot showed must render in `perfbot shell`."""
    with served(sqlite_url, clock) as workspace:
        yield workspace
        render_all(workspace.slack.messages, workspace.slack.views.values())
