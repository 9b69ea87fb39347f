"""`/kudos @person [#value] text` and HR's `/perf kudos-channel #channel`."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.errors import Invalid
from bot.i18n import t
from bot.record import kudos
from bot.services import Services
from bot.text import mention
from handlers.context import acting_person
from handlers.mentions import leading_mentions, refuse_unknown_channel
from handlers.people import resolve
from handlers.surface import Audience, PerfRequest, Surface


def register(app: App, services: Services, surface: Surface) -> None:
    def give(ack: Ack, command: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        actor, lang = acting_person(context), context["lang"]
        ids, rest = leading_mentions(command.get("text") or "")
        if len(ids) != 1:
            raise Invalid("kudos.usage")
        value, text = kudos.parse_value(rest)
        with services.db.session() as session:
            subject = resolve(session, client, actor.team_id, ids[0])
            kudos.give(session, giver=actor, subject=subject, text=text, company_value=value, now=services.clock.now())
            channel = kudos.channel_of(session, actor.team_id)
        ack(response_type="ephemeral", text=t(lang, "kudos.given", person=mention(ids[0]), channel=f"<#{channel}>"))

    def set_channel(request: PerfRequest) -> None:
        refuse_unknown_channel(request.args)
        channel = kudos.parse_channel(request.args)
        with services.db.session() as session:
            kudos.set_channel(session, actor=request.actor, channel_id=channel, now=services.clock.now())
        request.ack(response_type="ephemeral", text=t(request.lang, "kudos.channel_set", channel=f"<#{channel}>"))

    app.command("/kudos")(give)
    surface.perf_command("kudos-channel", set_channel)
    surface.help(Audience.EVERYONE, "help.line.kudos")
    surface.help(Audience.HR, "help.line.kudos_channel")
