"""What features plug into besides Bolt itself: /perf sub-commands, help lines and App Home sections."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from handlers.blocks.kit import Block
from storage.org import Person


def first_word_in(*words: str) -> Callable[[str], bool]:
    """A `reads_only` rule: the command's first word (lower case) is one of `words`."""
    return lambda text: text.partition(" ")[0].lower() in words


class Audience(IntEnum):
    """Who a help line is for; each role also sees the lines of the roles before it."""

    EVERYONE = 0
    MANAGER = 1
    HR = 2


@dataclass
class PerfRequest:
    """One `/perf <sub-command> …` invocation, already parsed."""

    ack: Ack
    respond: Respond
    client: WebClient
    actor: Person
    lang: str
    args: str
    command: dict[str, Any]


# A home section renders part of a person's App Home: (session, person, lang) -> blocks.
HomeSection = Callable[[Session, Person, str], list[Block]]
# A person hook reacts to a change in the organisation, in the transaction that made it: (session, person).
PersonHook = Callable[[Session, Person], None]


@dataclass
class Surface:
    perf_commands: dict[str, Callable[[PerfRequest], None]] = field(default_factory=dict)
    help_lines: list[tuple[Audience, str]] = field(default_factory=list)
    home_sections: list[HomeSection] = field(default_factory=list)
    joined: list[PersonHook] = field(default_factory=list)  # someone joined Slack, or used Perfbot first
    got_report: list[PersonHook] = field(default_factory=list)  # someone became (or still is) a report's manager
    # Per slash command, which of its texts only read: (text) -> bool. See `only_reads`.
    reading_texts: dict[str, list[Callable[[str], bool]]] = field(default_factory=dict)
    # Per slash command, which of its texts store their one write under the request's trigger id. See `writes_once`.
    keyed_texts: dict[str, list[Callable[[str], bool]]] = field(default_factory=dict)
    # Per slash command, which of its texts that write use the people they name as the request found them.
    naming_texts: dict[str, list[Callable[[str], bool]]] = field(default_factory=dict)

    def perf_command(self, name: str, handler: Callable[[PerfRequest], None]) -> None:
        if name in self.perf_commands:
            raise ValueError(f"/perf {name} is registered twice")
        self.perf_commands[name] = handler

    def help(self, audience: Audience, key: str) -> None:
        self.help_lines.append((audience, key))

    def reads_only(self, command: str, is_reading: Callable[[str], bool]) -> None:
        """Declare that `command` with a text for which `is_reading(text)` holds answers in its ack alone and
        stores nothing a replay could double (only rows with a unique key, such as a person synced from Slack);
        handlers/replays.py then runs its replays again instead of claiming it, and its listener runs on its
        request's thread (`handlers.request_thread`)."""
        self.reading_texts.setdefault(command, []).append(is_reading)

    def writes_once(self, command: str, is_keyed: Callable[[str], bool]) -> None:
        """Declare that `command` with a text for which `is_keyed(text)` holds stores its one write under the
        request's trigger id (a unique key, kept taken while a replay could come) and answers from what is stored,
        in its ack alone: run again on a replay, it finds its first write, stores nothing and answers as the first
        did. As for a command that only reads, handlers/replays.py then runs its replays again instead of claiming
        it, and its listener runs on its request's thread (`handlers.request_thread`)."""
        self.keyed_texts.setdefault(command, []).append(is_keyed)

    def names_people(self, command: str, uses_named: Callable[[str], bool]) -> None:
        """Declare that `command`, with a text for which `uses_named(text)` holds, takes the people it names as
        they were read with the person acting (`handlers.context.named_person`) instead of reading them again
        in its write. A reading command always gets them (see `only_reads`)."""
        self.naming_texts.setdefault(command, []).append(uses_named)

    def only_reads(self, body: dict[str, Any]) -> bool:
        """True for a slash command that a feature declared read-only (see `reads_only`)."""
        return _declared(self.reading_texts, body)

    def needs_no_claim(self, body: dict[str, Any]) -> bool:
        """True for a slash command whose replays are run again: one that only reads or writes once (see
        `reads_only`, `writes_once`)."""
        return self.only_reads(body) or _declared(self.keyed_texts, body)

    def wants_named(self, body: dict[str, Any]) -> bool:
        """True for a slash command whose named people are read with the person acting: one that only reads,
        or one declared with `names_people`."""
        return self.only_reads(body) or _declared(self.naming_texts, body)


def _declared(rules: dict[str, list[Callable[[str], bool]]], body: dict[str, Any]) -> bool:
    text = str(body.get("text") or "").strip()
    return any(holds(text) for holds in rules.get(str(body.get("command")), ()))
