"""Coaching on the Slack surface: the nudge buttons, `/perf coaching`, `/perf guide`, `/perf setup`, onboarding hooks
and HR's checklist on App Home."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.coaching import actions, digest, guide, nudges, onboarding, settings
from bot.errors import Invalid
from bot.i18n import t
from bot.org import access
from bot.record import oneonone, plans
from bot.services import Services
from bot.text import escape, mention
from handlers.blocks import coaching as blocks
from handlers.blocks import feedback as feedback_blocks
from handlers.blocks.kit import Block, section
from handlers.context import acting_person
from handlers.oneonone import agenda_blocks
from handlers.plans import plan_blocks
from handlers.surface import Audience, PerfRequest, Surface
from storage.org import Person

STATS_DAYS = 90
NUDGE_ACTIONS = re.compile(rf"^{re.escape(digest.ACTION_PREFIX)}[a-z_]+$")


def register(app: App, services: Services, surface: Surface) -> None:
    # -- the nudge buttons ----------------------------------------------------------------------
    def on_nudge(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient, context
    ) -> None:
        actor, lang = acting_person(context), context["lang"]
        name = action["action_id"].removeprefix(digest.ACTION_PREFIX)
        known = {a for rule_actions in nudges.ACTIONS_OF.values() for a in rule_actions} | {digest.SNOOZE}
        if name not in known or not str(action.get("value", "")).isdigit():
            raise Invalid("coaching.nudge_not_found")
        now = services.clock.now()
        modal = None
        with services.db.session() as session:
            clicked = actions.click(session, actor=actor, nudge_id=int(action["value"]), action=name, now=now)
            person = mention(clicked.subject.slack_id)
            if name in (nudges.SCHEDULE, nudges.ADD_POINT):
                text = actions.add_to_one_on_one(session, clicked, now)
                shown = [section(t(lang, "coaching.done.schedule", person=person, text=escape(text)))]
            elif name == nudges.ASK_UPDATE:
                actions.ask_for_update(session, clicked)
                shown = [section(t(lang, "coaching.done.ask_update", person=person))]
            elif name == nudges.OPEN_AGENDA:
                pair = oneonone.pair_for(session, actor, clicked.subject)
                shown = agenda_blocks(oneonone.agenda(session, viewer=actor, pair=pair), lang, True)
            elif name == nudges.OPEN_PLAN:
                plan = plans.latest(session, clicked.subject)
                shown = (
                    plan_blocks(lang, plan, clicked.subject, plans.progress(session, viewer=actor, plan=plan, now=now))
                    if plan
                    else [section(t(lang, "plan.none_open", person=clicked.subject.slack_id))]
                )
            elif name == nudges.OPEN_FEEDBACK:
                pick = services.goal_choices is not None
                modal = feedback_blocks.feedback_modal(lang, subject=clicked.subject.slack_id, pick_goals=pick)
                shown = []
            elif name == nudges.OPEN_KUDOS:
                shown = [section(t(lang, "coaching.done.kudos"))]
            else:
                until = actions.snooze(session, clicked, now)
                shown = [section(t(lang, "coaching.done.snooze", person=person, until=until.isoformat()))]
        ack()
        if modal is not None:
            client.views_open(trigger_id=body["trigger_id"], view=modal)
        if shown:
            respond(replace_original=False, response_type="ephemeral", text=shown[0]["text"]["text"], blocks=shown)

    app.action(NUDGE_ACTIONS)(on_nudge)

    # -- /perf coaching -------------------------------------------------------------------------
    def coaching_command(request: PerfRequest) -> None:
        actor, lang = request.actor, request.lang
        word, _, rest = request.args.partition(" ")
        word, now = word.lower(), services.clock.now()
        with services.db.session() as session:
            if word in ("on", "off"):
                settings.set_digest(session, person=actor, enabled=word == "on", now=now)
                request.ack(response_type="ephemeral", text=t(lang, f"coaching.digest_{word}"))
                return
            if word == "set":
                access.require_hr(actor)
                changes = settings.parse_changes(rest)
                values = settings.update(session, actor=actor, changes=changes, now=now)
                shown = [section(t(lang, "coaching.settings.saved")), *blocks.thresholds(lang, values)]
            elif word == "stats":
                rows = actions.counts(session, actor=actor, since=now - timedelta(days=STATS_DAYS))
                shown = blocks.counts(lang, rows, STATS_DAYS)
            elif word == "" and access.is_hr(actor):
                shown = blocks.thresholds(lang, settings.thresholds(session, actor.team_id))
            else:
                raise Invalid("coaching.usage")
        request.ack(response_type="ephemeral", text=shown[0]["text"]["text"], blocks=shown)

    # -- /perf guide ----------------------------------------------------------------------------
    def guide_command(request: PerfRequest) -> None:
        actor, lang = request.actor, request.lang
        word, _, rest = request.args.partition(" ")
        now = services.clock.now()
        with services.db.session() as session:
            if word.lower() == "add":
                slug, title, body = guide.parse_page(rest)
                guide.save_page(session, actor=actor, slug=slug, title=title, body=body, now=now)
                text = t(lang, "guide.saved", slug=slug)
                request.ack(response_type="ephemeral", text=text)
                return
            if word.lower() == "remove":
                guide.remove_page(session, actor=actor, slug=rest)
                request.ack(response_type="ephemeral", text=t(lang, "guide.removed", slug=escape(rest.strip()[:40])))
                return
            if word:
                page = guide.page(session, actor.team_id, word, lang)
                shown = blocks.guide_page(lang, page)
                text = page.title
            else:
                shown = blocks.guide_list(lang, guide.contents(session, actor.team_id, lang))
                text = t(lang, "guide.title")
        request.ack(response_type="ephemeral", text=text, blocks=shown)

    # -- /perf setup ----------------------------------------------------------------------------
    def setup_command(request: PerfRequest) -> None:
        access.require_hr(request.actor)
        with services.db.session() as session:
            steps = onboarding.checklist(session, request.actor.team_id)
        text = onboarding.checklist_text(request.lang, steps)
        request.ack(response_type="ephemeral", text=text, blocks=[section(text)])

    surface.perf_command("coaching", coaching_command)
    surface.perf_command("guide", guide_command)
    surface.perf_command("setup", setup_command)
    surface.help(Audience.EVERYONE, "help.line.guide")
    surface.help(Audience.MANAGER, "help.line.coaching")
    surface.help(Audience.HR, "help.line.coaching_hr")

    # -- onboarding -----------------------------------------------------------------------------
    def welcome(session: Session, person: Person) -> None:
        onboarding.welcome(session, person, services.clock.now())

    def introduce(session: Session, manager: Person) -> None:
        onboarding.manager_intro(session, manager)

    surface.joined.append(welcome)
    surface.got_report.append(introduce)

    def home_section(session: Session, person: Person, lang: str) -> list[Block]:
        if not access.is_hr(person):
            return []
        return blocks.checklist(lang, onboarding.checklist(session, person.team_id))

    surface.home_sections.insert(0, home_section)
