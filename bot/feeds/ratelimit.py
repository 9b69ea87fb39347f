"""Per-token request limits: a token bucket per API token, kept in the serving process.

In process, not in the database: a limit exists to protect the server from a runaway integration, and
checking it must not cost a write per request. With several replicas each enforces the limit on its own,
so a token gets at most replicas × the rate, which is still bounded. Time comes from the injected clock.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

from bot.delivery.clock import Clock


@dataclass
class _Bucket:
    tokens: float
    at: float  # seconds, from the clock


class RateLimiter:
    """Up to `per_minute` requests a minute per key, with bursts of up to `per_minute`."""

    def __init__(self, clock: Clock, per_minute: int) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.clock = clock
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # refilled per second
        self._buckets: dict[int, _Bucket] = {}
        self._lock = threading.Lock()

    def take(self, key: int) -> int:
        """0 when the request may go ahead; otherwise the whole seconds to wait before trying again."""
        now = self.clock.now().timestamp()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = self._buckets[key] = _Bucket(self.capacity, now)
            bucket.tokens = min(self.capacity, bucket.tokens + max(0.0, now - bucket.at) * self.rate)
            bucket.at = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0
            return max(1, math.ceil((1.0 - bucket.tokens) / self.rate))
