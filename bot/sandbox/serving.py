"""A WSGI app served by waitress on a thread of this process, as `perfbot serve` serves it (the Slack-level HTTP
tests and the benchmarks), and stopped without a traceback from any of its threads."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from waitress.server import create_server

from bot.config import MAX_BODY_BYTES

STOP_WAIT_SECONDS = 5.0


class ServedApp:
    """`app` on a free local port (`port`), 8 request threads, the body limit `perfbot serve` sets."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.server = create_server(app, host="127.0.0.1", port=0, threads=8, max_request_body_size=MAX_BODY_BYTES)
        self.port = self.server.effective_port
        self._thread = threading.Thread(target=self.server.run, name="served-app", daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def stop(self) -> None:
        """The request threads first: one still flushing an answer would wake a closed server through its
        trigger. Then the serving thread closes the server itself, between two polls: closed from another
        thread, its sockets could vanish under the select() it is in (an OSError in that thread)."""
        self.server.task_dispatcher.shutdown()
        self.server.trigger.pull_trigger(self.server.close)
        self._thread.join(STOP_WAIT_SECONDS)  # its loop ends once it watches no socket
