"""People who use the real Bolt app through the fake Slack: they run commands, click, submit and read."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from slack_bolt.response import BoltResponse

from bot.app import Perfbot, build
from bot.config import Settings
from bot.delivery.clock import ManualClock
from bot.delivery.planning import tick
from bot.immediate import ImmediateExecutor  # listeners run inline: a dispatch returns with its work done
from bot.org import directory
from bot.org.slack_sync import profile_from_member
from bot.sandbox.fake_slack import TEAM_ID, FakeSlack, Message
from bot.sandbox.signed import SIGNING_SECRET, bolt_request, command_body, event_body, interaction_body
from storage.org import Person, Role


def text_of(blocks: list[dict[str, Any]]) -> str:
    """Every piece of text a person can read in `blocks`, one per line."""
    return "\n".join(_texts(blocks))


def _texts(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if node.get("type") in ("plain_text", "mrkdwn") and isinstance(node.get("text"), str):
            yield node["text"]
            return
        for key, value in node.items():
            if key not in ("action_id", "block_id", "value", "type", "callback_id", "private_metadata"):
                yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)


def elements(blocks: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(block, interactive element) pairs in `blocks`."""
    for block in blocks:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            yield block, element
        if block.get("accessory"):
            yield block, block["accessory"]
        if block.get("type") == "input" and block.get("dispatch_action"):  # an input that acts when changed
            yield block, block["element"]


@dataclass
class Reply:
    """What Slack got back for a request: the HTTP status and the JSON body, if any."""

    status: int
    body: dict[str, Any]

    @property
    def text(self) -> str:
        return "\n".join(filter(None, [self.body.get("text", ""), text_of(self.body.get("blocks", []))]))


class SandboxWorkspace:
    """One Slack workspace, the fake Web API behind it, the real Perfbot app and a clock you move."""

    def __init__(self, slack: FakeSlack, perfbot: Perfbot, clock: ManualClock) -> None:
        self.slack, self.perfbot, self.clock = slack, perfbot, clock
        self.team_id = TEAM_ID
        self._serial = itertools.count(1)

    @classmethod
    def start(cls, database_url: str, clock: ManualClock, **settings: str) -> SandboxWorkspace:
        """A fake Slack on a free local port and Perfbot wired to it, on `database_url`."""
        slack = FakeSlack().start()
        config = Settings(
            SLACK_BOT_TOKEN="xoxb-sandbox",
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            DATABASE_URL=database_url,
            SLACK_API_URL=slack.url,
            **settings,
        )
        perfbot = build(config, clock=clock, listener_executor=ImmediateExecutor())
        return cls(slack, perfbot, clock)

    def close(self) -> None:
        self.slack.stop()
        self.db.dispose()

    @property
    def db(self):
        return self.perfbot.services.db

    def person(
        self,
        name: str,
        *,
        role: Role = Role.EMPLOYEE,
        manager: SlackUser | None = None,
        tz: str = "Europe/London",
        locale: str = "en-US",
        department: str | None = None,
        user_id: str | None = None,
    ) -> SlackUser:
        """Someone in the workspace: a Slack member, synced into Perfbot, with HR's details set."""
        user_id = user_id or f"U{name.upper()[:8]}{next(self._serial)}"
        member = self.slack.add_member(user_id, name, tz=tz, locale=locale)
        with self.db.session() as session:
            person, _ = directory.upsert(session, self.team_id, profile_from_member(member))
            directory.set_role(person, role)
            directory.set_department(person, department)
            if manager is not None:
                directory.set_manager(session, person, directory.get(session, self.team_id, manager.id))
        return SlackUser(self, user_id, name)

    def dispatch(self, body: str, *, json_body: bool = False, headers: dict[str, str] | None = None) -> Reply:
        response: BoltResponse = self.perfbot.app.dispatch(bolt_request(body, json_body=json_body, headers=headers))
        self.deliver()
        try:
            parsed = json.loads(response.body) if response.body else {}
        except json.JSONDecodeError:
            parsed = {"text": response.body}
        return Reply(response.status, parsed if isinstance(parsed, dict) else {})

    def event(self, event: dict[str, Any], *, event_id: str | None = None) -> Reply:
        event_id = event_id or f"Ev{next(self._serial):08d}"
        return self.dispatch(event_body(event=event, team_id=self.team_id, event_id=event_id), json_body=True)

    def deliver(self) -> int:
        """Send every queued message that is due, as the sender thread would."""
        return self.perfbot.services.sender.drain()

    def tick(self) -> int:
        """One clock tick: plan what is due now, then deliver it."""
        queued = tick(self.db, self.clock, self.perfbot.services.planners)
        self.deliver()
        return queued

    def advance(self, delta: timedelta, *, tick_every: timedelta | None = None) -> None:
        """Move the clock forward, ticking along the way (every `tick_every`, default once at the end)."""
        if tick_every is None:
            self.clock.advance(delta)
            self.tick()
            return
        end = self.clock.now() + delta
        while self.clock.now() < end:
            self.clock.advance(min(tick_every, end - self.clock.now()))
            self.tick()

    def stored(self, slack_id: str) -> Person:
        with self.db.session() as session:
            return directory.get(session, self.team_id, slack_id)


class SlackUser:
    """A person at a Slack client: what they type and click goes through the real Bolt app."""

    def __init__(self, workspace: SandboxWorkspace, user_id: str, name: str) -> None:
        self.ws, self.id, self.name = workspace, user_id, name
        self._responses = itertools.count(1)

    def __repr__(self) -> str:
        return f"<SlackUser {self.name} {self.id}>"

    @property
    def mention(self) -> str:
        return f"<@{self.id}|{self.name.lower()}>"

    def _response_url(self) -> str:
        return f"{self.ws.slack.response_url_base}{next(self._responses)}/{self.id}"

    def _send(self, body: str) -> Reply:
        """Dispatch a request; an ack that carries a message shows before anything the listener sent after."""
        shown_before = len(self.ws.slack.messages)
        reply = self.ws.dispatch(body)
        if reply.body.get("text") or reply.body.get("blocks"):
            self.ws.slack.messages.insert(
                shown_before,
                Message(
                    channel="ack",
                    ts=f"{time.time():.6f}",
                    text=reply.body.get("text", ""),
                    blocks=reply.body.get("blocks") or [],
                    ephemeral_to=self.id,
                ),
            )
        return reply

    # -- typing ----------------------------------------------------------------------------
    def runs(self, line: str, *, channel_id: str = "C0GENERAL") -> Reply:
        """Type a slash command, e.g. `/perf help` or `/feedback @ken great demo`."""
        command, _, text = line.strip().partition(" ")
        body = command_body(
            command=command,
            text=text,
            user_id=self.id,
            team_id=self.ws.team_id,
            trigger_id=self.ws.slack.new_trigger(self.id),
            response_url=self._response_url(),
            channel_id=channel_id,
        )
        return self._send(body)

    # -- reading ---------------------------------------------------------------------------
    def dms(self) -> list[Message]:
        return self.ws.slack.dms_to(self.id)

    def last_dm(self) -> Message:
        dms = self.dms()
        assert dms, f"{self.name} has no DM from the bot"
        return dms[-1]

    def ephemerals(self) -> list[Message]:
        return self.ws.slack.ephemerals_to(self.id)

    def last_reply(self) -> Message:
        replies = self.ephemerals()
        assert replies, f"{self.name} has no reply from the bot"
        return replies[-1]

    def modal(self) -> dict[str, Any] | None:
        return self.ws.slack.open_modal(self.id)

    def home(self) -> dict[str, Any] | None:
        return self.ws.slack.homes.get(self.id)

    def opens_home(self) -> dict[str, Any] | None:
        self.ws.event({"type": "app_home_opened", "user": self.id, "tab": "home", "channel": "D0HOME"})
        return self.home()

    def received_dm(self, *, containing: str, buttons: list[str] | None = None) -> bool:
        for message in self.dms():
            text = message.text + "\n" + text_of(message.blocks)
            labels = [element.get("text", {}).get("text") for _, element in elements(message.blocks)]
            if containing in text and all(label in labels for label in buttons or []):
                return True
        return False

    # -- clicking --------------------------------------------------------------------------
    def _surfaces(self) -> Iterator[tuple[str, dict[str, Any], list[dict[str, Any]]]]:
        """What the person can click, newest first: the open modal, messages, then App Home."""
        modal = self.modal()
        if modal:
            yield "view", modal, modal.get("blocks", [])
        for message in reversed(self.ws.slack.messages):
            if message.ephemeral_to == self.id or message.channel == self.ws.slack.dm_channel(self.id):
                yield "message", {"message": message}, message.blocks
        home = self.home()
        if home:
            yield "view", home, home.get("blocks", [])

    def clicks(self, label: str, *, value: str | None = None) -> Reply:
        """Click the newest button (or pick in the newest select) whose text or action_id is `label`."""
        for kind, surface, blocks in self._surfaces():
            for block, element in elements(blocks):
                if label in (element.get("action_id"), element.get("text", {}).get("text")):
                    return self._act(kind, surface, block, element, value)
        raise AssertionError(f"{self.name} sees no button or menu {label!r}")

    def _act(
        self, kind: str, surface: dict[str, Any], block: dict[str, Any], element: dict[str, Any], value: str | None
    ) -> Reply:
        action = {
            "action_id": element["action_id"],
            "block_id": block.get("block_id", "b"),
            "type": element["type"],
            "action_ts": f"{time.time():.6f}",
        }
        if element["type"] == "button":
            action.update(value=element.get("value", ""), text=element.get("text"))
        elif element["type"] in ("static_select", "overflow"):
            options = element.get("options") or [o for g in element.get("option_groups", []) for o in g["options"]]
            chosen = next((o for o in options if value in (o["value"], o["text"]["text"])), None)
            assert chosen is not None, f"no option {value!r} in {element['action_id']}"
            action["selected_option"] = chosen
        elif element["type"] == "users_select":
            action["selected_user"] = value
        elif element["type"] == "datepicker":
            action["selected_date"] = value
        else:
            action.update(_selected(element, value))
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": self.ws.team_id},
            "api_app_id": "A0PERF",
            "user": {"id": self.id, "team_id": self.ws.team_id, "username": self.name.lower()},
            "trigger_id": self.ws.slack.new_trigger(self.id),
            "actions": [action],
        }
        if kind == "message":
            message: Message = surface["message"]
            payload.update(
                container={
                    "type": "message",
                    "message_ts": message.ts,
                    "channel_id": message.channel,
                    "is_ephemeral": message.ephemeral_to is not None,
                },
                channel={"id": message.channel},
                response_url=self._response_url(),
                message={
                    "ts": message.ts,
                    "text": message.text,
                    "blocks": message.blocks,
                    "thread_ts": message.thread_ts,
                },
            )
        else:
            payload.update(container={"type": "view", "view_id": surface["id"]}, view=surface)
        return self._send(interaction_body(payload))

    def acts(
        self, kind: str, surface: dict[str, Any], block: dict[str, Any], element: dict[str, Any], value: Any = None
    ) -> Reply:
        """Act on one element the caller picked: `kind` is "message" (surface {"message": m}) or "view"."""
        return self._act(kind, surface, block, element, value)

    def uses_shortcut(self, callback_id: str, message: Message) -> Reply:
        """Run a message shortcut (the "…" menu on a message) on `message`."""
        payload = {
            "type": "message_action",
            "callback_id": callback_id,
            "team": {"id": self.ws.team_id},
            "user": {"id": self.id, "team_id": self.ws.team_id},
            "channel": {"id": message.channel},
            "trigger_id": self.ws.slack.new_trigger(self.id),
            "response_url": self._response_url(),
            "message_ts": message.ts,
            "message": {"ts": message.ts, "text": message.text, "user": message.user, "type": "message"},
        }
        return self._send(interaction_body(payload))

    # -- modals ----------------------------------------------------------------------------
    def submits(self, values: dict[str, Any] | None = None) -> Reply:
        """Submit the open modal; `values` maps an input's block_id to what the person enters."""
        view = self.modal()
        assert view is not None, f"{self.name} has no modal open"
        state = modal_state(view, values or {})
        payload = {
            "type": "view_submission",
            "team": {"id": self.ws.team_id},
            "api_app_id": "A0PERF",
            "user": {"id": self.id, "team_id": self.ws.team_id},
            "trigger_id": self.ws.slack.new_trigger(self.id),
            "view": {
                **view,
                "state": {"values": state},
                "hash": f"h{view['id']}",
                "private_metadata": view.get("private_metadata", ""),
            },
        }
        reply = self.ws.dispatch(interaction_body(payload))
        stack = self.ws.slack.modal_stacks[self.id]
        action = reply.body.get("response_action")
        if action == "errors":
            return reply
        if action == "update":
            self.ws.slack._store_view(reply.body["view"], self.id, stack[-1])
        elif action == "push":
            stack.append(self.ws.slack._store_view(reply.body["view"], self.id)["id"])
        elif action == "clear":
            stack.clear()
        elif stack and stack[-1] == view["id"]:
            stack.pop()
        return reply


def _selected(element: dict[str, Any], value: Any) -> dict[str, Any]:
    """The selection part of a block_actions action for the element types a click alone does not cover."""
    state = element_value(element, value)
    state.pop("type")
    return state


def modal_state(view: dict[str, Any], values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The `state.values` Slack would send for `view`, with `values` typed in (initial values otherwise)."""
    unknown = set(values) - {block.get("block_id") for block in view.get("blocks", [])}
    assert not unknown, f"the modal has no inputs {sorted(unknown)}"
    state: dict[str, dict[str, Any]] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        element = block["element"]
        given = values.get(block["block_id"], _initial(element))
        state[block["block_id"]] = {element["action_id"]: element_value(element, given)}
    return state


def _initial(element: dict[str, Any]) -> Any:
    for key in (
        "initial_value",
        "initial_date",
        "initial_time",
        "initial_user",
        "initial_users",
        "initial_conversation",
        "initial_channel",
    ):
        if key in element:
            return element[key]
    if "initial_option" in element:
        return element["initial_option"]["value"]
    if "initial_options" in element:
        return [option["value"] for option in element["initial_options"]]
    return None


def element_value(element: dict[str, Any], given: Any) -> dict[str, Any]:
    """One input's state, shaped as Slack shapes it for that element type."""
    kind = element["type"]
    if kind in ("plain_text_input", "number_input", "email_text_input", "url_text_input"):
        return {"type": kind, "value": None if given is None else str(given)}
    if kind in ("static_select", "radio_buttons"):
        options = element.get("options") or [o for g in element.get("option_groups", []) for o in g["options"]]
        chosen = next((o for o in options if given in (o["value"], o["text"]["text"])), None)
        assert given is None or chosen is not None, f"no option {given!r} in {element['action_id']}"
        return {"type": kind, "selected_option": chosen}
    if kind in ("checkboxes", "multi_static_select"):
        picked = given or []
        options = element.get("options") or [o for g in element.get("option_groups", []) for o in g["options"]]
        return {
            "type": kind,
            "selected_options": [o for o in options if o["value"] in picked or o["text"]["text"] in picked],
        }
    if kind == "users_select":
        return {"type": kind, "selected_user": given}
    if kind == "multi_users_select":
        return {"type": kind, "selected_users": list(given or [])}
    if kind in ("conversations_select", "channels_select"):
        key = "selected_conversation" if kind == "conversations_select" else "selected_channel"
        return {"type": kind, key: given}
    if kind == "datepicker":
        return {"type": kind, "selected_date": given}
    if kind == "timepicker":
        return {"type": kind, "selected_time": given}
    raise AssertionError(f"the sandbox cannot fill a {kind} input yet")
