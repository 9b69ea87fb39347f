"""`perfbot shell`: the real Perfbot app against the fake Slack, driven from a terminal or a script.

A Shell is one person at a time (`/as @ken` switches) in the sandbox workspace. What they type goes
through the real Bolt app as Slack would send it; whatever the bot shows them, DMs it sends to
anyone, and modals it opens are printed as text, with numbered buttons and inputs to answer by.
"""

from __future__ import annotations

import itertools
import json
import re
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot.i18n import ENGLISH, t
from bot.org import directory
from bot.sandbox.fake_slack import BOT_USER_ID, Message
from bot.sandbox.workspace import SandboxWorkspace, SlackUser, modal_state
from bot.shell.inputs import ShellInputError, element_input, handle_of, shown, slack_channels, slack_mentions
from bot.shell.render import Control, Rendered, plain_text, render_message, render_view


@dataclass(frozen=True)
class Target:
    """A numbered control and the surface it sits on (a message, a modal or the App Home)."""

    control: Control
    surface_kind: str
    surface: dict[str, Any]


def _fingerprint(message: Message) -> str:
    return message.text + json.dumps(message.blocks, sort_keys=True)


class Shell:
    def __init__(
        self,
        ws: SandboxWorkspace,
        out: TextIO,
        *,
        commands: dict[str, Callable[[Shell, str], None]],
        start_as: str | None = None,
        save_clock: Callable[[datetime], None] | None = None,
    ) -> None:
        """`commands` are the shell's own slash commands (bot/shell/commands.py), by name."""
        self.ws, self.out, self.save_clock = ws, out, save_clock or (lambda moment: None)
        self.commands = commands
        self.handles: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.users: dict[str, SlackUser] = {}
        self.refresh_people()
        first = start_as or ("maria" if "maria" in self.handles else next(iter(self.handles), None))
        if first is None:
            raise ShellInputError("the sandbox workspace has nobody in it; run `perfbot demo-data`")
        self.me = self.user(first)
        self.targets: dict[int, Target] = {}
        self._typed: dict[str, dict[str, Any]] = {}
        self.errors: dict[str, str] = {}
        self._seen: dict[tuple[str, str, str | None], str] = {}
        self._unread: dict[str, dict[tuple[str, str], Message]] = {}
        self._modal_key: tuple[str, str] | None = None
        self._numbers = itertools.count(1)
        self._new_targets: dict[int, Target] = {}
        self.finished = False

    # -- people --------------------------------------------------------------------------------------------
    def refresh_people(self) -> None:
        """Mirror the workspace's people into the fake Slack and learn their @handles."""
        with self.ws.db.session() as session:
            people = directory.people(session, self.ws.team_id)
        for person in people:
            handle = handle_of(person.name)
            self.handles[handle] = person.slack_id
            self.names[person.slack_id] = handle
            self.ws.slack.add_member(
                person.slack_id, person.name, email=person.email, tz=person.tz, locale=person.locale
            )
        for name, channel_id in self.ws.slack.channels.items():  # Slack shows a channel by its name
            self.names[channel_id] = name

    def as_slack_sends(self, text: str) -> str:
        """What Slack sends for typed text: `@ken` and `#kudos` escaped into mentions when they exist."""
        return slack_channels(slack_mentions(text, self.handles), self.ws.slack.channels)

    def user(self, handle_or_id: str) -> SlackUser:
        handle = handle_or_id.strip().lstrip("@").lower()
        slack_id = self.handles.get(handle)
        if slack_id is None:
            raise ShellInputError(f"nobody is called @{handle} here; /who lists everyone")
        if slack_id not in self.users:
            self.users[slack_id] = SlackUser(self.ws, slack_id, handle)
        return self.users[slack_id]

    def person(self, slack_id: str):
        return self.ws.stored(slack_id)

    def role_of(self, slack_id: str) -> str:
        return t(ENGLISH, f"role.{self.person(slack_id).role}")

    @property
    def pending(self) -> dict[str, Any]:
        """What the person typed into their open modal so far, by input block_id."""
        modal = self.ws.slack.open_modal(self.me.id)
        return self._typed.setdefault(modal["id"], {}) if modal else {}

    @property
    def handle(self) -> str:
        return self.names[self.me.id]

    def prompt(self) -> str:
        modal = self.ws.slack.open_modal(self.me.id)
        where = f" · modal “{plain_text(modal.get('title'))}”" if modal else ""
        return f"you are @{self.handle} ({self.role_of(self.me.id)}){where} › "

    # -- output --------------------------------------------------------------------------------------------
    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def block(self, heading: str, rendered: Rendered) -> None:
        lines = rendered.lines or [""]
        if len(lines) == 1:
            self.say(f"{heading}: {lines[0]}")
        else:
            self.say(f"{heading}:")
            for line in lines:
                self.say(f"    {line}")

    def numbered(self, render: Callable[[int], Rendered], surface_kind: str, surface: dict[str, Any]) -> Rendered:
        rendered = render(next(self._numbers))
        for control in rendered.controls:
            self._new_targets[control.number] = Target(control, surface_kind, surface)
        self._numbers = itertools.count(rendered.controls[-1].number + 1) if rendered.controls else self._numbers
        return rendered

    def begin_step(self) -> None:
        self._numbers = itertools.count(1)
        self._new_targets = {}

    def end_step(self) -> None:
        if self._new_targets:
            self.targets = self._new_targets
        self._new_targets = {}

    def show_message(self, message: Message, heading: str, *, mine: bool) -> None:
        if mine:
            rendered = self.numbered(
                lambda start: render_message(message.text, message.blocks, names=self.names, start=start),
                "message",
                {"message": message},
            )
        else:
            rendered = render_message(message.text, message.blocks, names=self.names, numbered=False)
        self.block(heading, rendered)
        for file in message.files:  # an uploaded image or document: where the fake Slack saved it
            self.say(f"    [file] {file.title or file.filename}: {file.path}")

    def show_news(self) -> None:
        """Print what happened since the last step: replies, DMs (to anyone), a modal that opened."""
        dm_to_me = self.ws.slack.dm_channel(self.me.id)
        # Slack shows the reply to what you typed first, then what the bot sent on the way.
        for message in sorted(self.ws.slack.messages, key=lambda message: message.channel != "ack"):
            key = (message.channel, message.ts, message.ephemeral_to)
            fingerprint = _fingerprint(message)
            if self._seen.get(key) == fingerprint:
                continue
            if message.user != BOT_USER_ID:
                self._seen[key] = fingerprint
                continue
            updated = " (updated)" if key in self._seen else ""
            self._seen[key] = fingerprint
            if message.ephemeral_to == self.me.id:
                self.show_message(message, "bot" + updated, mine=True)
            elif message.channel == dm_to_me:
                self.show_message(message, "bot (DM)" + updated, mine=True)
            elif message.ephemeral_to:
                self._unread.setdefault(message.ephemeral_to, {})[(message.channel, message.ts)] = message
                self.show_message(message, f"→ to @{self.name_of(message.ephemeral_to)} only{updated}", mine=False)
            elif message.channel.startswith("D"):
                recipient = "U" + message.channel[1:]
                self._unread.setdefault(recipient, {})[(message.channel, message.ts)] = message
                self.show_message(message, f"→ DM to @{self.name_of(recipient)}{updated}", mine=False)
            else:
                self.show_message(message, f"→ in #{self.name_of(message.channel)}{updated}", mine=True)
        self.show_modal()

    def name_of(self, slack_id: str) -> str:
        return self.names.get(slack_id, slack_id)

    def take_unread(self) -> list[Message]:
        """Messages others' actions sent the current person while someone else was at the keyboard."""
        return list(self._unread.pop(self.me.id, {}).values())

    def keep_typed_inputs(self) -> None:
        """After the bot replaced the open modal (the next step of a form), keep what was typed only into inputs
        the new view still has, as Slack keeps an input's value only while its block stays."""
        view = self.ws.slack.open_modal(self.me.id)
        if view is None:
            return
        present = {block.get("block_id") for block in view.get("blocks", []) if block.get("type") == "input"}
        typed = self._typed.get(view["id"], {})
        for block_id in set(typed) - present:
            del typed[block_id]

    def forget_modal(self, view_id: str) -> None:
        self._typed.pop(view_id, None)
        self._modal_key, self.errors = None, {}

    def show_modal(self, *, force: bool = False) -> None:
        view = self.ws.slack.open_modal(self.me.id)
        if view is None:
            self._modal_key = None
            return
        key = (view["id"], json.dumps(view.get("blocks", []), sort_keys=True) + str(view.get("title")))
        if key == self._modal_key and not force:
            return
        if self._modal_key is None or self._modal_key[0] != view["id"]:
            self.errors = {}
        self._modal_key = key
        rendered = self.numbered(
            lambda start: render_view(view, names=self.names, start=start, values=self.pending, errors=self.errors),
            "view",
            view,
        )
        self.say("modal:")
        for line in rendered.lines:
            self.say(f"    {line}")

    def time_text(self, moment: datetime) -> str:
        tz = self.person(self.me.id).tz
        local = moment.astimezone(ZoneInfo(tz))
        return f"{moment.astimezone(UTC):%a %Y-%m-%d %H:%M} UTC ({local:%a %H:%M} for @{self.handle}, {tz})"

    # -- one line ------------------------------------------------------------------------------------------
    def handle_line(self, line: str) -> None:
        """Do what one typed line says and print the outcome."""
        line = line.strip()
        if not line or line.startswith("#"):
            return
        self.begin_step()
        try:
            self._dispatch(line)
        finally:
            self.end_step()

    def _dispatch(self, line: str) -> None:
        number = re.fullmatch(r"(\d+)(?:\s+(.*))?", line)
        if number:
            self.use(int(number.group(1)), number.group(2))
            return
        if not line.startswith("/"):
            self.write_dm(line)
            return
        command, _, rest = line.partition(" ")
        shell_command = self.commands.get(command.lower())
        if shell_command is not None:
            shell_command(self, rest.strip())
            return
        self.slash(line)

    def write_dm(self, text: str) -> None:
        """Anything that is not a command or a number is a message to Perfbot in its DM, as in Slack."""
        channel = self.ws.slack.dm_channel(self.me.id)
        ts = f"{time.time():.6f}"
        own = Message(channel=channel, ts=ts, text=text, blocks=[], user=self.me.id)
        self.ws.slack.messages.append(own)
        self._seen[(channel, ts, None)] = _fingerprint(own)
        event = {
            "type": "message",
            "channel_type": "im",
            "channel": channel,
            "user": self.me.id,
            "text": self.as_slack_sends(text),
            "ts": ts,
            "event_ts": ts,
        }
        reply = self.ws.event(event, event_id=f"EvShell{uuid.uuid4().hex[:16]}")
        if reply.status == 404:
            self.say("bot: (nothing in this build reads messages sent to Perfbot; try /perf help)")
        self.show_news()

    def slash(self, line: str) -> None:
        command = line.split(" ", 1)[0]
        reply = self.me.runs(self.as_slack_sends(line))
        if reply.status == 404:
            self.say(f"bot: (nothing in this build answers {command})")
        elif reply.status != 200:
            self.say(f"bot: (Slack would show an error: HTTP {reply.status})")
        self.show_news()

    def use(self, number: int, typed: str | None) -> None:
        target = self.targets.get(number)
        if target is None:
            raise ShellInputError(f"there is no [{number}] on screen; /dms, /home or /modal show things to press")
        control = target.control
        if control.kind == "input":
            if (self.ws.slack.open_modal(self.me.id) or {}).get("id") != target.surface.get("id"):
                raise ShellInputError(f"[{number}] belongs to a modal that is no longer open")
            value = element_input(control.element, typed, self.handles)
            self.pending[control.block["block_id"]] = value
            self.say(f"  {control.label} = {shown(control.element, value, self.names)}")
            return
        element = control.element
        value = None if element["type"] == "button" else element_input(element, typed, self.handles)
        if element["type"] != "button" and value in (None, []):
            raise ShellInputError(f"say what to pick in [{number}], e.g. `{number} 1`")
        surface = target.surface
        if target.surface_kind == "view" and surface.get("type") == "modal":
            surface = {**surface, "state": {"values": modal_state(surface, self.pending)}}
        reply = self.me.acts(target.surface_kind, surface, control.block, element, value)
        if reply.status != 200:
            self.say(f"bot: (nothing in this build answers that button: HTTP {reply.status})")
        self.show_news()

    # -- a whole session -----------------------------------------------------------------------------------
    def run(self, lines: Iterable[str] | None = None, *, interactive: bool = False) -> int:
        """Read lines (or the terminal when `interactive`) until they end; 1 if a line failed, else 0."""
        failed = False
        source = _prompted(self) if interactive else lines or []
        for raw in source:
            line = raw.rstrip("\n")
            if not interactive:
                self.say(line if line.strip().startswith("#") or not line.strip() else f"@{self.handle} › {line}")
            try:
                self.handle_line(line)
            except ShellInputError as error:
                self.say(f"shell: {error}")
                failed = failed or not interactive
            except Exception as error:  # noqa: BLE001 - one bad line must not end an interactive session
                self.say(f"shell error: {type(error).__name__}: {error}")
                failed = True
            if self.finished:
                break
        return 1 if failed else 0


def _prompted(shell: Shell) -> Iterable[str]:
    while True:
        try:
            yield input(shell.prompt())
        except KeyboardInterrupt:  # Ctrl-C drops the line being typed, as a shell does
            shell.say()
        except EOFError:
            shell.say()
            return
