"""The one error handler: a domain error becomes a friendly message in the user's language.

Bolt also calls it for exceptions raised while verifying a request (a malformed signature header): such a request
was never verified, so its body is not trusted, not acted on and not logged; it is refused with a 401. A
verified request is always answered 200 with the explanation: in the ack when there still is one, otherwise
privately in Slack (the ack already given stands)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltResponse
from slack_sdk import WebClient
from sqlalchemy.exc import IntegrityError

from bot.errors import PerfbotError
from bot.i18n import ENGLISH, t

logger = logging.getLogger(__name__)


def explain(error: Exception, lang: str) -> str:
    if isinstance(error, PerfbotError):
        return t(lang, error.key, **error.params)
    return t(lang, "error.unexpected")


def handle_error(
    error: Exception, body: dict[str, Any], response: BoltResponse | None, context: dict[str, Any], client: WebClient
) -> BoltResponse | None:
    if not context.get("verified"):
        logger.warning("refused a request that could not be verified: %s", type(error).__name__)
        return BoltResponse(status=401, body={"error": "invalid request"})
    if is_duplicate(error):
        # Two deliveries of one thing raced to the same unique key: the other one stored it. Nothing new was
        # stored here, and the person was (or is being) answered by the other; not an error, not "nothing saved".
        logger.info("a concurrent duplicate was already stored (%s)", _constraint(error))
        return None if response is None else BoltResponse(status=200, body="")
    if not isinstance(error, PerfbotError):
        logger.error("listener failed: %s", type(error).__name__, exc_info=error)
    lang = context.get("lang") or ENGLISH
    text = explain(error, lang)
    # `response` is None once the listener has acked; then only a separate message can reach the user.
    if response is not None:
        if body.get("type") == "view_submission":
            field = getattr(error, "field", None) or _first_input_block(body)
            return BoltResponse(status=200, body={"response_action": "errors", "errors": {field: text}})
        if body.get("command"):
            return BoltResponse(status=200, body={"response_type": "ephemeral", "text": text})
    _tell_privately(client, body, context, text)
    return None if response is None else BoltResponse(status=200, body="")


def is_duplicate(error: Exception) -> bool:
    """A unique key violated, on SQLite or PostgreSQL (SQLSTATE 23505); other integrity errors are bugs."""
    if not isinstance(error, IntegrityError):
        return False
    return getattr(error.orig, "sqlstate", None) == "23505" or str(error.orig).startswith("UNIQUE constraint failed")


def _constraint(error: Exception) -> str:
    diag = getattr(getattr(error, "orig", None), "diag", None)
    return getattr(diag, "constraint_name", None) or str(getattr(error, "orig", "")).partition("\n")[0][:120]


def _first_input_block(body: dict[str, Any]) -> str:
    for block in body.get("view", {}).get("blocks", []):
        if block.get("type") == "input":
            return block["block_id"]
    return "_"


def _tell_privately(client: WebClient, body: dict[str, Any], context: dict[str, Any], text: str) -> None:
    user = context.get("user_id")
    if not user:
        return
    channel = (body.get("channel") or {}).get("id") if isinstance(body.get("channel"), dict) else None
    channel = channel or body.get("channel_id")
    try:
        if channel:
            client.chat_postEphemeral(channel=channel, user=user, text=text)
        else:
            client.chat_postMessage(channel=user, text=text)
    except Exception:  # telling the user is best effort; the error itself is already logged
        logger.warning("could not tell %s about an error", user)
