"""Builds correctly signed Slack requests (commands, interactions, events) for the real Bolt app."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from slack_bolt.request import BoltRequest
from slack_sdk.signature import SignatureVerifier

SIGNING_SECRET = "test-signing-secret"


def signed_headers(
    body: str,
    *,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    content_type: str = "application/x-www-form-urlencoded",
) -> dict[str, str]:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body)
    return {"content-type": content_type, "x-slack-request-timestamp": str(timestamp), "x-slack-signature": signature}


def command_body(
    *,
    command: str,
    text: str,
    user_id: str,
    team_id: str,
    trigger_id: str,
    response_url: str,
    channel_id: str = "C0GENERAL",
) -> str:
    return urlencode(
        {
            "token": "legacy",
            "team_id": team_id,
            "team_domain": "perfco",
            "channel_id": channel_id,
            "channel_name": "general",
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0PERF",
            "response_url": response_url,
            "trigger_id": trigger_id,
        }
    )


def interaction_body(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})


def event_body(*, event: dict[str, Any], team_id: str, event_id: str) -> str:
    return json.dumps(
        {
            "token": "legacy",
            "team_id": team_id,
            "api_app_id": "A0PERF",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
            "authorizations": [{"team_id": team_id, "user_id": "U0BOT", "is_bot": True}],
        }
    )


def bolt_request(body: str, *, json_body: bool = False, headers: dict[str, str] | None = None) -> BoltRequest:
    content_type = "application/json" if json_body else "application/x-www-form-urlencoded"
    return BoltRequest(body=body, headers=headers or signed_headers(body, content_type=content_type))
