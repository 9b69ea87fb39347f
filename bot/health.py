"""`GET /healthz` and `GET /metrics`: this replica's view of the database, the clock and the outbox. They need
only storage and delivery, so `perfbot serve` answers them before the features and Bolt are loaded."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from bot.delivery.clock import Clock
from bot.delivery.heartbeat import last_tick
from bot.delivery.metrics import CONTENT_TYPE
from bot.delivery.outbox import backlog
from bot.delivery.sender import Sender
from bot.http_basics import StartResponse, json_answer, read_body, too_large
from storage.db import Database

if TYPE_CHECKING:
    from bot.app import Perfbot
    from bot.delivery.scheduler import Clockwork

HEALTH_PATHS = ("/healthz", "/metrics")

logger = logging.getLogger(__name__)


def health(perfbot: Perfbot) -> dict[str, Any]:
    services = perfbot.services
    return health_of(services.db, services.clock, services.sender, perfbot.clockwork)


def health_of(db: Database, clock: Clock, sender: Sender, clockwork: Clockwork | None) -> dict[str, Any]:
    """This replica's view: the database, its role, the outbox's backlog, and whether any replica ticks."""
    report: dict[str, Any] = {
        "ok": False,
        "database": "unreachable",
        "replica": sender.replica,
        "clock_holder": bool(clockwork is not None and clockwork.running),
        "sending_for": sorted(sender.workspaces.live(clock.now())),
    }
    if not db.is_reachable():
        return report
    now = clock.now()
    try:
        with db.session() as session:
            count, oldest = backlog(session, now)
        beat = last_tick(db)
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


def observability_app(
    db: Database, clock: Clock, sender: Sender, clockwork: Callable[[], Clockwork | None]
) -> Callable[..., Iterable[bytes]]:
    """`GET /healthz` and `GET /metrics`: all they need is storage and delivery, so they answer while the rest of
    the app is still being built (`bot.launch.StartingGate`)."""

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if read_body(environ) is None:
            return too_large(start_response)
        report = health_of(db, clock, sender, clockwork())
        if environ.get("PATH_INFO") == "/metrics":  # the health check refreshed the backlog gauges
            exposition = sender.metrics.exposition()
            start_response("200 OK", [("Content-Type", CONTENT_TYPE), ("Content-Length", str(len(exposition)))])
            return [exposition]
        return json_answer(start_response, "200 OK" if report["ok"] else "503 Service Unavailable", report)

    return application
