"""What every route of `perfbot serve` shares, without Bolt (health answers before Bolt is loaded): the body
cap and a JSON answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from bot.config import MAX_BODY_BYTES

StartResponse = Callable[..., Any]


def json_answer(
    start_response: StartResponse, status: str, payload: dict[str, Any], *headers: tuple[str, str]
) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body))), *headers])
    return [body]


def too_large(start_response: StartResponse) -> list[bytes]:
    """The answer to a body `read_body` refused."""
    return json_answer(start_response, "413 Content Too Large", {"error": f"body over {MAX_BODY_BYTES} bytes"})


def read_body(environ: dict[str, Any]) -> bytes | None:
    """The request body, or None when it is larger than `MAX_BODY_BYTES` (declared or actually sent)."""
    try:
        declared = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        return None
    stream = environ.get("wsgi.input")
    if stream is None or declared <= 0:
        return b""
    body = stream.read(declared)
    return body if len(body) <= MAX_BODY_BYTES else None
