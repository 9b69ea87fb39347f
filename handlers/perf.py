"""`/perf`: routes sub-commands to the features that registered them, and answers `/perf help`."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.i18n import t
from bot.org.access import is_hr
from bot.services import Services
from handlers.blocks.help import help_blocks
from handlers.context import acting_person
from handlers.surface import Audience, PerfRequest, Surface, first_word_in
from storage.org import Person, Role


def audience_of(person: Person) -> Audience:
    if is_hr(person):
        return Audience.HR
    return Audience.MANAGER if person.role == Role.MANAGER else Audience.EVERYONE


def register(app: App, services: Services, surface: Surface) -> None:
    def perf(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient, context: dict[str, Any]) -> None:
        actor, lang = acting_person(context), context["lang"]
        name, _, args = (command.get("text") or "").strip().partition(" ")
        name = name.lower() or "help"
        if name == "help":
            reader = audience_of(actor)
            lines = [t(lang, key) for audience, key in surface.help_lines if audience <= reader]
            ack(response_type="ephemeral", text=t(lang, "help.title"), blocks=help_blocks(lang, actor, lines))
            return
        handler = surface.perf_commands.get(name)
        if handler is None:
            ack(response_type="ephemeral", text=t(lang, "help.unknown_command", command=name[:40]))
            return
        handler(
            PerfRequest(
                ack=ack, respond=respond, client=client, actor=actor, lang=lang, args=args.strip(), command=command
            )
        )

    app.command("/perf")(perf)
    surface.reads_only("/perf", first_word_in("", "help"))
    surface.help(Audience.EVERYONE, "help.line.help")
