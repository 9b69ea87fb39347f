"""`/plan @person …`: improvement and development plans, their action goals, ticks and outcome."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.errors import Forbidden, Invalid
from bot.i18n import t
from bot.org import access
from bot.record import plans
from bot.services import Services
from bot.text import escape, mention, typed_day
from handlers.blocks.kit import Block, context, section
from handlers.context import acting_person
from handlers.mentions import leading_mentions
from handlers.people import resolve
from handlers.surface import Audience, Surface
from handlers.values import id_and_key
from storage.org import Person
from storage.plans import Plan, PlanKind, PlanStatus, Rhythm

_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(.*)$", re.DOTALL)
RHYTHMS = {"weekly": Rhythm.WEEKLY, "monthly": Rhythm.MONTHLY, "this-month": Rhythm.THIS_MONTH}
OUTCOMES = {"met": PlanStatus.MET, "extended": PlanStatus.EXTENDED, "not-met": PlanStatus.NOT_MET}


def leading_date(text: str) -> tuple[date | None, str]:
    match = _DATE.match(text.strip())
    if not match:
        return None, text.strip()
    return typed_day(match.group(1)), match.group(2).strip()


def action_details(lang: str, action) -> str:
    """An action's kind, the skill it develops and its due date, those it has (a seeded development plan's do)."""
    parts = []
    if action.action_kind:
        parts.append(t(lang, f"plan.action_kind.{action.action_kind}"))
    if action.skill:
        parts.append(t(lang, "plan.action_skill", skill=escape(action.skill)))
    if action.due_on:
        parts.append(t(lang, "plan.action_due", due=action.due_on.isoformat()))
    return " · ".join(parts)


def plan_blocks(lang: str, plan: Plan, owner: Person, states: list[plans.ActionState]) -> list[Block]:
    review = plan.review_date.isoformat() if plan.review_date else t(lang, "oneonone.none")
    lines = [
        t(
            lang,
            "plan.header",
            kind=t(lang, f"plan.kind.{plan.kind}"),
            person=mention(owner.slack_id),
            title=escape(plan.title),
            status=t(lang, f"plan.status.{plan.status}"),
            review=review,
        )
    ]
    for state in states:
        rhythm = t(lang, f"plan.rhythm.{state.action.rhythm}")
        done = ", ".join(state.done_periods) or "–"
        slipped = ", ".join(state.slipped_periods) or "–"
        lines.append(
            t(lang, "plan.action_line", text=escape(state.action.text), rhythm=rhythm, done=done, slipped=slipped)
        )
        details = action_details(lang, state.action)
        if details:
            lines.append(t(lang, "plan.action_details", details=details))
    if not states:
        lines.append(t(lang, "plan.no_actions"))
    blocks = [section("\n".join(lines))]
    if plan.outcome_note:
        blocks.append(context(t(lang, "plan.outcome_line", note=escape(plan.outcome_note))))
    return blocks


def register(app: App, services: Services, surface: Surface) -> None:
    def command(ack: Ack, command: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        actor, lang = acting_person(context), context["lang"]
        ids, rest = leading_mentions(command.get("text") or "")
        if len(ids) > 1:
            raise Invalid("plan.usage")
        word, _, tail = rest.partition(" ")
        word, now = word.lower(), services.clock.now()
        with services.db.session() as session:
            owner = resolve(session, client, actor.team_id, ids[0]) if ids else actor
            if not access.can_view_person_records(session, actor, owner):
                raise Forbidden("plan.not_allowed", person=owner.slack_id)
            done, plan = "", None
            if word in ("improvement", "development"):
                review, title = leading_date(tail)
                plans.open_plan(
                    session, manager=actor, owner=owner, kind=PlanKind(word), title=title, review_date=review, now=now
                )
                done = t(lang, "plan.opened", person=mention(owner.slack_id))
            elif word in RHYTHMS:
                plan = plans.require_current(session, owner)
                plans.add_action(session, actor=actor, plan=plan, text=tail, rhythm=RHYTHMS[word], now=now)
                done = t(lang, "plan.action_added")
            elif word == "close":
                outcome_word, _, note = tail.strip().partition(" ")
                if outcome_word.lower() not in OUTCOMES:
                    raise Invalid("plan.close_usage")
                new_review, note = leading_date(note)
                plan = plans.require_current(session, owner)
                plans.close(
                    session,
                    actor=actor,
                    plan=plan,
                    outcome=OUTCOMES[outcome_word.lower()],
                    note=note,
                    now=now,
                    new_review_date=new_review,
                )
                done = t(lang, "plan.closed_done", outcome=t(lang, f"plan.status.{plan.status}"))
            elif word:
                raise Invalid("plan.usage")
            plan = plan or plans.latest(session, owner)
            if plan is None and not done:
                raise Invalid("plan.none_open", person=owner.slack_id)
            shown: list[Block] = [section(done)] if done else []
            if plan is not None:
                shown += plan_blocks(lang, plan, owner, plans.progress(session, viewer=actor, plan=plan, now=now))
        ack(response_type="ephemeral", text=done or t(lang, "plan.title"), blocks=shown)
        if word in ("improvement", "development"):
            services.sender.wake()  # the owner is told now, not at the next tick

    def on_tick(ack: Ack, action: dict[str, Any], respond: Respond, context: dict[str, Any]) -> None:
        ack()
        actor, lang = acting_person(context), context["lang"]
        action_id, period = id_and_key(action)
        with services.db.session() as session:
            plans.tick(session, actor=actor, action_id=int(action_id), period=period, now=services.clock.now())
        respond(replace_original=False, text=t(lang, "plan.ticked", period=period))

    def home_section(session, person: Person, lang: str) -> list[Block]:
        plan = plans.current(session, person)
        if plan is None:
            return []
        return plan_blocks(lang, plan, person, plans.states_of(session, plan, services.clock.now()))

    surface.home_sections.append(home_section)
    app.command("/plan")(command)
    app.action(re.compile(rf"^{plans.TICK_ACTION}:\d+$"))(on_tick)
    surface.help(Audience.EVERYONE, "help.line.plan")
    surface.help(Audience.MANAGER, "help.line.plan_manage")
