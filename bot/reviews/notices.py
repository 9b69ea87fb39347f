"""Review messages as outbox rows: one DM per (recipient, kind, period), with an optional button."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.delivery import outbox
from bot.i18n import language_for, t
from storage.org import Person

OPEN_SELF = "review_open_self"
OPEN_MANAGER = "review_open_manager"
OPEN_PEER = "review_open_peer"
DECLINE_PEER = "review_decline_peer"
APPROVE_PEERS = "review_approve_peers"
ACKNOWLEDGE = "review_acknowledge"
REQUEST_REVIEW = "review_request_review"


def button(lang: str, label_key: str, action_id: str, value: str, *, primary: bool = False) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": t(lang, label_key), "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if primary:
        element["style"] = "primary"
    return element


def notify(
    session: Session,
    recipient: Person,
    /,
    *,
    kind: str,
    period: str,
    key: str,
    buttons: list[tuple[str, str, str]] = (),
    not_before: datetime | None = None,
    extra_text: str = "",
    **params: Any,
) -> bool:
    """Queue a DM to `recipient` in their language; `buttons` are (label key, action id, value)."""
    lang = language_for(recipient.locale)
    text = t(lang, key, **params) + (f"\n{extra_text}" if extra_text else "")
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}]
    if buttons:
        elements = [
            button(lang, label, action, value, primary=i == 0) for i, (label, action, value) in enumerate(buttons)
        ]
        blocks.append({"type": "actions", "elements": elements})
    return outbox.enqueue(
        session,
        team_id=recipient.team_id,
        recipient=recipient.slack_id,
        kind=kind,
        period=period,
        message=outbox.message(text, blocks),
        not_before=not_before,
    )
