"""`/1on1 @person …`: the running agenda of a one-to-one, its talking points, notes and action items."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlmodel import Session, select

from bot.errors import Forbidden, Invalid, NotFound
from bot.i18n import t
from bot.org import access, directory
from bot.record import oneonone
from bot.services import Services
from bot.text import escape, typed_day
from handlers.blocks.kit import Block, button, context, section
from handlers.context import acting_person, named_person
from handlers.mentions import leading_mentions
from handlers.people import resolve
from handlers.surface import Audience, Surface
from handlers.values import id_of
from storage.oneonone import ItemKind, OneOnOne
from storage.org import Person

_CADENCE = re.compile(r"^(\d{1,3})\s*(d|day|days|w|week|weeks)$", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(.*)$", re.DOTALL)
KINDS = {"point": ItemKind.TALKING_POINT, "note": ItemKind.NOTE, "action": ItemKind.ACTION}


def parse_cadence(text: str) -> int:
    match = _CADENCE.match(text.strip())
    if not match:
        raise Invalid("oneonone.cadence_usage")
    return int(match.group(1)) * (7 if match.group(2).lower().startswith("w") else 1)


def parse_action(text: str) -> tuple[str | None, date | None, str]:
    """`[@owner] [YYYY-MM-DD] text` -> (owner's Slack id, due date, text)."""
    ids, rest = leading_mentions(text)
    if len(ids) > 1:
        raise Invalid("oneonone.action_usage")
    due = None
    match = _DATE.match(rest)
    if match:
        due = typed_day(match.group(1))
        rest = match.group(2).strip()
    return (ids[0] if ids else None), due, rest


def agenda_blocks(view: oneonone.Agenda, lang: str, can_write: bool) -> list[Block]:
    blocks: list[Block] = [section(oneonone.agenda_text(view, lang))]
    if can_write:
        for item in [i for i in view.actions if not i.done_at][:20]:
            blocks.append(
                section(
                    f"☐ {escape(item.text)}",
                    accessory=button(t(lang, "oneonone.mark_done"), oneonone.DONE_ACTION, str(item.id)),
                )
            )
        blocks.append(context(t(lang, "oneonone.how_to_add")))
    return blocks


def register(app: App, services: Services, surface: Surface) -> None:
    def command(ack: Ack, command: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        actor, lang = acting_person(context), context["lang"]
        ids, rest = leading_mentions(command.get("text") or "")
        if not ids:
            raise Invalid("oneonone.usage")
        word, _, tail = rest.partition(" ")
        word, now = word.lower(), services.clock.now()
        if only_reads(command.get("text") or ""):
            answer = answer_by_reading(actor, lang, ids, word, context)
            if answer is not None:
                ack(response_type="ephemeral", text=answer[0], blocks=answer[1])
                return
        with services.db.session() as session:
            people = [resolve(session, client, actor.team_id, slack_id) for slack_id in ids[:2]]
            if len(ids) == 2:  # someone in the line above, or HR, reading a pair's agenda and history
                _require_line_or_member(session, actor, people)
                pair = _pair_of(session, *people)
                view = oneonone.agenda(session, viewer=actor, pair=pair)
                past = oneonone.history(session, viewer=actor, pair=pair)
                shown = [*agenda_blocks(view, lang, False), section(oneonone.history_text(past, lang))]
                ack(response_type="ephemeral", text=oneonone.agenda_text(view, lang), blocks=shown)
                return
            pair = oneonone.pair_for(session, actor, people[0])
            if word in KINDS:
                owner_id, due, text = parse_action(tail) if word == "action" else (None, None, tail)
                owner = resolve(session, client, actor.team_id, owner_id) if owner_id else None
                oneonone.add_item(
                    session, actor=actor, pair=pair, kind=KINDS[word], text=text, now=now, owner=owner, due=due
                )
                done = t(lang, f"oneonone.added.{word}")
            elif word == "held":
                oneonone.hold(session, actor=actor, pair=pair, now=now)
                done = t(lang, "oneonone.held")
            elif word == "history":
                past = oneonone.history(session, viewer=actor, pair=pair)
                text = oneonone.history_text(past, lang)
                ack(response_type="ephemeral", text=text, blocks=[section(text)])
                return
            elif word == "every":
                meeting = oneonone.set_cadence(session, actor=actor, pair=pair, days=parse_cadence(tail), now=now)
                done = t(
                    lang,
                    "oneonone.cadence_set",
                    count=pair.cadence_days,
                    when=meeting.scheduled_for.strftime("%Y-%m-%d"),
                )
            elif word:
                raise Invalid("oneonone.usage")
            else:
                done = ""
            view = oneonone.agenda(session, viewer=actor, pair=pair)
        shown = ([section(done)] if done else []) + agenda_blocks(view, lang, True)
        ack(response_type="ephemeral", text=done or oneonone.agenda_text(view, lang), blocks=shown)

    def answer_by_reading(
        actor: Person, lang: str, ids: list[str], word: str, context: dict[str, Any]
    ) -> tuple[str, list[Block]] | None:
        """The answer to a reading `/1on1` from what is stored, or None when something must be stored first (a
        person not synced yet, the pair's first use, its next meeting): then the writing path answers."""
        named = [named_person(context, slack_id) for slack_id in ids[:2]]
        at_hand = [actor, *(person for person in named if person is not None)]
        # Only a pair's history and another pair's agenda look its people up by id: there they join the read.
        with services.db.read(*(at_hand if len(ids) == 2 or word == "history" else ())) as session:
            people = [
                person or directory.find(session, actor.team_id, slack_id)
                for person, slack_id in zip(named, ids[:2], strict=True)
            ]
            if None in people:
                return None
            if len(ids) == 2:
                _require_line_or_member(session, actor, people)
                pair = _pair_of(session, *people)
                view = oneonone.open_agenda(session, viewer=actor, pair=pair)
                if view is None:
                    return None
                past = oneonone.history(session, viewer=actor, pair=pair)
                shown = [*agenda_blocks(view, lang, False), section(oneonone.history_text(past, lang))]
                return oneonone.agenda_text(view, lang), shown
            pair, meeting, items = oneonone.find_pair_and_open_meeting(session, actor, people[0])
            if pair is None:
                return None
            if word == "history":
                text = oneonone.history_text(oneonone.history(session, viewer=actor, pair=pair), lang)
                return text, [section(text)]
            if meeting is None:
                return None
            view = oneonone.agenda_of(
                session, viewer=actor, pair=pair, meeting=meeting, items=items, people=(actor, people[0])
            )
            return oneonone.agenda_text(view, lang), agenda_blocks(view, lang, True)

    def on_done(ack: Ack, action: dict[str, Any], respond: Respond, context: dict[str, Any]) -> None:
        ack()
        actor, lang = acting_person(context), context["lang"]
        with services.db.session() as session:
            item = oneonone.complete_action(session, actor=actor, item_id=id_of(action), now=services.clock.now())
        respond(replace_original=False, text=t(lang, "oneonone.action_done", text=escape(item.text)))

    def home_section(session, person, lang: str) -> list[Block]:
        items = oneonone.open_actions_of(session, person)
        if not items:
            return []
        lines = [f"*{t(lang, 'oneonone.home.title')}*"]
        lines += [f"☐ {escape(i.text)}" + (f" ({i.due.isoformat()})" if i.due else "") for i in items]
        return [section("\n".join(lines))]

    surface.home_sections.append(home_section)
    app.command("/1on1")(command)
    surface.reads_only("/1on1", only_reads)
    app.action(oneonone.DONE_ACTION)(on_done)
    surface.help(Audience.EVERYONE, "help.line.oneonone")


def only_reads(text: str) -> bool:
    """`/1on1 @a @b` (a pair's agenda and history, for their line), `/1on1 @person` and `… history` only read."""
    ids, rest = leading_mentions(text)
    return len(ids) == 2 or (len(ids) == 1 and rest.partition(" ")[0].lower() in ("", "history"))


def _require_line_or_member(session: Session, actor: Person, people: list[Person]) -> None:
    if actor.id not in {p.id for p in people} and not any(access.is_line_or_hr(session, actor, p) for p in people):
        raise Forbidden("oneonone.not_allowed")


def _pair_of(session, first, second) -> OneOnOne:
    pair = session.exec(
        select(OneOnOne).where(
            OneOnOne.team_id == first.team_id,
            ((OneOnOne.manager_id == first.id) & (OneOnOne.report_id == second.id))
            | ((OneOnOne.manager_id == second.id) & (OneOnOne.report_id == first.id)),
        )
    ).first()
    if pair is None:
        raise NotFound("oneonone.no_pair")
    return pair
