"""Logging set-up that keeps request bodies (feedback text, check-in answers) out of the logs."""

from __future__ import annotations

import logging
import re

# Bolt's own log lines quote raw request bodies (e.g. on a failed signature check).
_BODY = re.compile(r"(body:|\()\s*[\[{].*", re.DOTALL)


class RedactBodies(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(("slack_bolt", "slack_sdk")):
            message = record.getMessage()
            redacted = _BODY.sub(r"\1 [redacted]", message)
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
