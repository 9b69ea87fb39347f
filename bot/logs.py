"""Logging set-up that keeps request bodies (feedback text, check-in answers) out of the logs."""

from __future__ import annotations

import logging
import re

# Bolt's own log lines quote raw request bodies: "… body: token=…&text=…" on a failed signature check (a form,
# JSON or anything else), "… ({'type': …})" for unhandled requests. Everything from there on is dropped.
_BODY = re.compile(r"(body:|\()\s*(?:[\[{]|(?<=body:)\s*\S).*", re.DOTALL)
# However a body slips into a library's message, a line never carries more than this.
MAX_LIBRARY_LINE = 500


class RedactBodies(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(("slack_bolt", "slack_sdk")):
            message = record.getMessage()
            redacted = _BODY.sub(r"\1 [redacted]", message)
            if len(redacted) > MAX_LIBRARY_LINE:
                redacted = redacted[:MAX_LIBRARY_LINE] + " [truncated]"
            if redacted != message:
                record.msg, record.args = redacted, ()
        return True


def configure(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactBodies())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # slack_sdk logs full request and response payloads at DEBUG.
    logging.getLogger("slack_sdk").setLevel(max(level, logging.INFO))
    # Alembic announces its plugins and every check at INFO; storage.migrate says what actually changed.
    logging.getLogger("alembic").setLevel(max(level, logging.WARNING))
    # APScheduler announces every run of the tick at INFO; bot.delivery.scheduler says who runs the clock.
    logging.getLogger("apscheduler").setLevel(max(level, logging.WARNING))
