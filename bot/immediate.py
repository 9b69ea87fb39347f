"""An executor that runs each function at once, on the calling thread, handing its result or error to the future
as a pool would: the sandbox runs every listener so, `perfbot serve` the listener of a command that answers in
its ack alone (`handlers.request_thread`)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any


class ImmediateExecutor(Executor):
    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 - handed to the future as a pool would
            future.set_exception(error)
        return future
