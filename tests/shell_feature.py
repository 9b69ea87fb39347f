"""A feature that exists only in the shell tests: a modal, a DM with a button, and a weekly prompt.

It plays the part goals, check-ins and feedback will play once they merge, so the shell's modal,
button and clock paths are tested through the real Bolt app today.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App
from sqlmodel import Session

from bot import org
from bot.outbox import enqueue, message
from bot.services import Services
from bot.text import escape, mention
from handlers.blocks.kit import actions, button, plain, section
from handlers.mentions import leading_mentions
from handlers.surface import PerfRequest, Surface

URGENCY = [("Whenever", "low"), ("This week", "high")]
WEEKLY = ("UDEMOKEN", "UDEMOLIWEI")


def nudge_modal(recipient: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "nudge_modal",
        "private_metadata": recipient,
        "title": plain("Nudge"),
        "submit": plain("Send"),
        "blocks": [
            {
                "type": "input",
                "block_id": "message",
                "label": plain("Message"),
                "element": {"type": "plain_text_input", "action_id": "v"},
                "optional": True,
            },
            {
                "type": "input",
                "block_id": "urgency",
                "label": plain("Urgency"),
                "element": {
                    "type": "static_select",
                    "action_id": "v",
                    "options": [{"text": plain(text), "value": value} for text, value in URGENCY],
                    "initial_option": {"text": plain("Whenever"), "value": "low"},
                },
            },
        ],
    }


def register(app: App, services: Services, surface: Surface) -> None:
    def nudge(request: PerfRequest) -> None:
        ids, _ = leading_mentions(request.args)
        request.ack()
        request.client.views_open(trigger_id=request.command["trigger_id"], view=nudge_modal(ids[0]))

    surface.perf_command("nudge", nudge)

    def submitted(ack: Ack, view: dict[str, Any], context: dict[str, Any]) -> None:
        values = view["state"]["values"]
        text = values["message"]["v"]["value"] or ""
        urgency = values["urgency"]["v"]["selected_option"]["value"]
        if not text.strip():
            ack(response_action="errors", errors={"message": "Say what the nudge is about."})
            return
        ack()
        sender = context["actor"].slack_id
        with services.db.session() as session:
            enqueue(
                session,
                team_id=context["team_id"],
                recipient=view["private_metadata"],
                kind="test.nudge",
                period=view["id"],
                message=message(
                    f"{mention(sender)} nudges you",
                    [
                        section(f"{mention(sender)} nudges you ({urgency}): {escape(text)}"),
                        actions(button("Got it", "nudge_ack", sender, style="primary")),
                    ],
                ),
            )

    app.view("nudge_modal")(submitted)

    def acknowledged(ack: Ack, body: dict[str, Any], action: dict[str, Any], context: dict[str, Any]) -> None:
        ack()
        with services.db.session() as session:
            enqueue(
                session,
                team_id=context["team_id"],
                recipient=action["value"],
                kind="test.nudge_ack",
                period=action["action_ts"],
                message=message(f"{mention(context['user_id'])} got your nudge."),
            )

    app.action("nudge_ack")(acknowledged)


def weekly_prompt(session: Session, now: datetime) -> int:
    """From Friday 16:00 in each person's own zone, one prompt a week (for two demo people)."""
    queued = 0
    for person in org.people(session, "T0PERF"):
        local = now.astimezone(ZoneInfo(person.tz))
        if person.slack_id not in WEEKLY or (local.weekday(), local.hour) < (4, 16):
            continue
        week = local.isocalendar()
        queued += enqueue(
            session,
            team_id=person.team_id,
            recipient=person.slack_id,
            kind="test.weekly",
            period=f"{week.year}-W{week.week:02d}",
            message=message("Time for your weekly check-in", [section("Time for your weekly check-in")]),
        )
    return queued
