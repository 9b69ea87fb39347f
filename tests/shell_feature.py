"""A feature that exists only in the shell tests: a modal, a DM with a button, and a weekly prompt.

It plays the part goals, check-ins and feedback will play once they merge, so the shell's modal,
button and clock paths are tested through the real Bolt app today.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App
from sqlmodel import Session

from bot.delivery.outbox import enqueue, message
from bot.org import directory
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


OPTIONS = [{"text": plain(text), "value": value} for text, value in [("Red", "red"), ("Green", "green")]]
SURVEY = [
    {"type": "static_select", "action_id": "survey_colour", "options": OPTIONS},
    {"type": "overflow", "action_id": "survey_more", "options": OPTIONS},
    {"type": "checkboxes", "action_id": "survey_boxes", "options": OPTIONS},
    {"type": "multi_users_select", "action_id": "survey_people"},
    {"type": "timepicker", "action_id": "survey_time"},
    {"type": "datepicker", "action_id": "survey_date"},
    {"type": "users_select", "action_id": "survey_person"},
    {"type": "radio_buttons", "action_id": "survey_radio", "options": OPTIONS},
    {"type": "multi_static_select", "action_id": "survey_many", "options": OPTIONS},
    {"type": "channels_select", "action_id": "survey_channel"},
]


def picked(action: dict[str, Any]) -> str:
    """What a block action selected, in a few words."""
    if "selected_option" in action:
        return action["selected_option"]["value"]
    if "selected_options" in action:
        return ",".join(option["value"] for option in action["selected_options"])
    for key in ("selected_users", "selected_time", "selected_date", "selected_user", "selected_channel"):
        if key in action:
            value = action[key]
            return ",".join(value) if isinstance(value, list) else str(value)
    return "?"


def register(app: App, services: Services, surface: Surface) -> None:
    def survey(request: PerfRequest) -> None:
        request.ack(response_type="ephemeral", text="Survey", blocks=[actions(*SURVEY)])

    surface.perf_command("widgets", survey)  # /perf survey is the real process survey

    def ping(request: PerfRequest) -> None:
        ids, _ = leading_mentions(request.args)
        with services.db.session() as session:
            enqueue(
                session,
                team_id=request.actor.team_id,
                recipient=ids[0],
                kind="test.ping",
                period=request.command["trigger_id"],
                message=message(f"{mention(request.actor.slack_id)} pings you"),
            )
        request.ack(response_type="ephemeral", text=f"Pinged {mention(ids[0])}.")

    surface.perf_command("ping", ping)

    def answered(ack: Ack, action: dict[str, Any], respond) -> None:
        ack()
        respond(response_type="ephemeral", text=f"{action['action_id']}: {picked(action)}")

    app.action(re.compile("^survey_"))(answered)

    def home_section(session: Session, person, lang: str) -> list[dict[str, Any]]:
        return [section("Nudges"), actions(button("Nudge Ken", "home_nudge", "UDEMOKEN"))]

    surface.home_sections.append(home_section)

    def open_from_home(ack: Ack, body: dict[str, Any], action: dict[str, Any], client) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view={**nudge_modal(action["value"]), "notify_on_close": True})

    app.action("home_nudge")(open_from_home)

    def closed(ack: Ack, view: dict[str, Any], context: dict[str, Any]) -> None:
        ack()
        with services.db.session() as session:
            enqueue(
                session,
                team_id=context["team_id"],
                recipient=context["user_id"],
                kind="test.closed",
                period=view["id"],
                message=message("You closed the nudge without sending it."),
            )

    app.view_closed("nudge_modal")(closed)

    def greet(message: dict[str, Any], say) -> None:
        say(f"Hello {mention(message['user'])}, you wrote: {escape(message['text'])}")

    app.message("hello")(greet)

    def quick_nudge(ack: Ack, body: dict[str, Any], client) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=nudge_modal("UDEMOKEN"))

    app.shortcut("quick_nudge")(quick_nudge)

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

    def acknowledged(ack: Ack, body: dict[str, Any], action: dict[str, Any], context: dict[str, Any], client) -> None:
        ack()
        client.chat_update(
            channel=body["channel"]["id"], ts=body["message"]["ts"], text="Nudge", blocks=[section("You got it.")]
        )
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
    for person in directory.people(session, "T0PERF"):
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
