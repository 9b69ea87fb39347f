"""Where a listener runs: on Bolt's pool, except a slash command that answers in its ack alone, which runs on its
request's own thread.

Handed to the pool, such a listener's answer waits for two thread switches (to the pool and back), and under load
each waits up to the interpreter's switch interval (5 ms) behind whichever thread holds the GIL. A feature declares
which commands answer in their ack (`Surface.reads_only`, `Surface.writes_once`): their work is the answer, so
running it here makes nothing wait that would not have waited anyway. Lazy listeners still go to the pool."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from typing import Any

from bot.immediate import ImmediateExecutor

_here = threading.local()
_AT_ONCE = ImmediateExecutor()


def listener_running_here() -> bool:
    """Whether this thread is running its own request's listener (so nothing on it waits for that listener)."""
    return getattr(_here, "running", False)


class RequestThreadExecutor(Executor):
    """Bolt's listener executor: `pool`, except for the next listener of a request marked `listener_here`."""

    def __init__(self, pool: Executor) -> None:
        self.pool = pool
        self._marked = threading.local()

    @contextmanager
    def listener_here(self, here: bool) -> Iterator[None]:
        """While Bolt dispatches a request on this thread: when `here`, the first function it submits (the
        listener's; the lazy listeners it starts come after) runs on this thread."""
        self._marked.here = here
        try:
            yield
        finally:
            self._marked.here = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        if not getattr(self._marked, "here", False):
            return self.pool.submit(fn, *args, **kwargs)
        self._marked.here = False
        _here.running = True
        try:
            return _AT_ONCE.submit(fn, *args, **kwargs)
        finally:
            _here.running = False

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.pool.shutdown(wait=wait, cancel_futures=cancel_futures)
