"""What Slack's answers to chat.postMessage mean for a delivery: refused for good, slow down, or try again later."""

from __future__ import annotations

from typing import Any

PERMANENT_ERRORS = {
    "channel_not_found",
    "user_not_found",
    "account_inactive",
    "user_disabled",
    "is_archived",
    "not_in_channel",
    "cannot_dm_bot",
    "invalid_blocks",
    "msg_too_long",
    "no_text",
    "invalid_auth",
    "not_authed",
    "token_revoked",
    "missing_scope",
    "restricted_action",
    "too_many_attachments",
    "invalid_metadata_format",
}
RATE_LIMIT_ERRORS = {"ratelimited", "rate_limited"}
MAX_ATTEMPTS = 6
BACKOFF_BASE = 2.0  # seconds; the n-th failed attempt waits BACKOFF_BASE * 2**(n-1), capped
BACKOFF_CAP = 600.0


def backoff(attempts: int) -> float:
    return min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(0, attempts - 1))


def retry_after(response: Any) -> float:
    headers = getattr(response, "headers", None) or {}
    value = headers.get("Retry-After") or headers.get("retry-after")
    try:
        return max(1.0, float(value))
    except (TypeError, ValueError):
        return 1.0
