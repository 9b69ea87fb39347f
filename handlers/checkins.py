"""Check-ins in Slack: `/checkin` (modal, skip, away), the prompt's button, digest replies, schedule commands."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlmodel import Session

from bot.checkins import answers, schedules
from bot.checkins.calendar import day_names
from bot.checkins.render import stats_line
from bot.checkins.schedules import ScheduleChange, question_label
from bot.delivery.outbox import failed_deliveries
from bot.errors import Invalid
from bot.i18n import t
from bot.org import access, directory
from bot.services import Services
from bot.text import escape, mention, typed_day
from handlers.blocks.checkins import checkin_modal, reply_modal, submitted_values
from handlers.blocks.kit import Block, context, header, section
from handlers.context import acting_person
from handlers.mentions import refuse_unknown_channel
from handlers.surface import Audience, PerfRequest, Surface
from handlers.values import id_of, metadata_id
from storage.checkins import WORKSPACE_SCOPE, CheckinSchedule
from storage.org import Person

_TIME = re.compile(r"^\d{1,2}:\d{2}$")
_CHANNEL = re.compile(r"^<#(C[A-Z0-9]+)(\|[^>]*)?>$|^(C[A-Z0-9]+)$")
_DATES = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?$")


def parse_away(text: str) -> tuple[date, date]:
    match = _DATES.match(text.strip())
    if not match:
        raise Invalid("checkin.away.usage")
    first = typed_day(match.group(1), usage="checkin.away.usage")
    last = typed_day(match.group(2) or match.group(1), usage="checkin.away.usage")
    return first, last


def parse_schedule_change(tokens: list[str]) -> ScheduleChange:
    change = ScheduleChange()
    for token in tokens:
        name, has_value, value = token.partition("=")
        lowered = token.lower()
        if lowered in ("on", "off"):
            change.enabled = lowered == "on"
        elif not has_value and _TIME.match(token):
            change.local_time = token
        elif not has_value and (days := schedules.parse_weekdays(token)) is not None:
            change.weekdays = days
        elif name == "remind" and value.lower() == "morning":
            change.reminder_next_morning = True
        elif name == "remind" and re.fullmatch(r"\d{1,2}h", value.lower()):
            change.reminder_delay_hours = int(value[:-1])
        elif name == "remind" and _TIME.match(value):
            change.reminder_next_morning, change.reminder_time = True, value
        elif name == "digest" and value:
            change.digest_time = value
        elif name == "country" and value:
            change.country = value
        elif name == "channel" and value.startswith("#"):
            refuse_unknown_channel(value)
            raise Invalid("checkin.schedule.usage")
        elif name == "channel" and (value.lower() in ("none", "-") or _CHANNEL.match(value)):
            match = _CHANNEL.match(value)
            change.digest_channel = (match.group(1) or match.group(3)) if match else "none"
        else:
            raise Invalid("checkin.schedule.usage")
    return change


def describe(lang: str, schedule: CheckinSchedule) -> str:
    reminder = (
        t(lang, "checkin.reminder.hours", hours=schedule.reminder_delay_hours)
        if schedule.reminder_delay_hours
        else t(lang, "checkin.reminder.morning", time=schedule.reminder_time)
    )
    questions = "\n".join(
        f"{n}. {escape(question_label(q, lang))} ({t(lang, 'checkin.type.' + q['type'])})"
        for n, q in enumerate(schedule.questions, start=1)
    )
    return t(
        lang,
        "checkin.schedule.show",
        scope=t(lang, "checkin.scope.workspace" if schedule.scope == WORKSPACE_SCOPE else "checkin.scope.team"),
        state=t(lang, "checkin.state.on" if schedule.enabled else "checkin.state.off"),
        days=day_names(schedule.weekdays),
        time=schedule.local_time,
        reminder=reminder,
        digest=schedule.digest_time,
        country=schedule.country or "–",
        channel=f"<#{schedule.digest_channel}>" if schedule.digest_channel else "–",
        questions=questions,
    )


def register(app: App, services: Services, surface: Surface) -> None:
    def home_section(session: Session, person: Person, lang: str) -> list[Block]:
        """Streak and participation: the person's own, and each direct report's for a manager."""
        now = services.clock.now()
        reports = directory.direct_reports(session, person)[:20]
        everyone = answers.stats_for(session, [person, *reports], now)
        own = everyone[person.id]
        blocks: list[Block] = [
            header(t(lang, "checkin.home.title")),
            section(stats_line(lang, own.streak, own.participation)),
        ]
        for report in reports:
            stats = everyone[report.id]
            line = stats_line(lang, stats.streak, stats.participation)
            blocks.append(context(t(lang, "checkin.home.team", person=mention(report.slack_id), stats=line)))
        return blocks

    def open_checkin(client: WebClient, trigger_id: str, actor: Person, lang: str, week: str | None) -> None:
        now = services.clock.now()
        with services.db.session() as session:
            person = directory.get(session, actor.team_id, actor.slack_id)
            week = answers.valid_week(week or answers.current_week(session, person, now), person, now)
            view = checkin_modal(
                lang,
                week,
                answers.questions_for(session, person),
                services.checkin_goals.active_goals(session, person.team_id, person.id),
                answers.find(session, person, week),
            )
        client.views_open(trigger_id=trigger_id, view=view)

    def checkin_command(ack: Ack, command: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        actor, lang = acting_person(context), context["lang"]
        action, _, rest = (command.get("text") or "").strip().partition(" ")
        now = services.clock.now()
        if action == "":
            open_checkin(client, command["trigger_id"], actor, lang, None)
            ack()
        elif action.lower() == "skip":
            with services.db.session() as session:
                week, _ = answers.skip_week(session, actor.team_id, actor.slack_id, now=now)
            ack(response_type="ephemeral", text=t(lang, "checkin.skip.done", week=week))
        elif action.lower() == "away":
            first, last = parse_away(rest)
            with services.db.session() as session:
                answers.away(session, actor.team_id, actor.slack_id, first, last, now=now)
            ack(response_type="ephemeral", text=t(lang, "checkin.away.done", first=first, last=last))
        else:
            raise Invalid("checkin.usage")

    def open_from_button(ack: Ack, body: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        ack()
        week = body["actions"][0].get("value") or None
        open_checkin(client, body["trigger_id"], acting_person(context), context["lang"], week)

    def on_submit(ack: Ack, view: dict[str, Any], context: dict[str, Any]) -> None:
        actor = acting_person(context)
        with services.db.session() as session:
            answers.submit(
                session,
                actor.team_id,
                actor.slack_id,
                view.get("private_metadata", ""),
                submitted_values(view),
                request_id=view["id"],
                now=services.clock.now(),
                goals=services.checkin_goals,
                renderer=services.checkin_renderer,
            )
        ack()
        services.sender.wake()  # the thank-you / reply is queued: post it now, not at the next idle wake-up

    def open_reply(ack: Ack, body: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        actor, lang = acting_person(context), context["lang"]
        checkin_id = id_of(body["actions"][0])
        with services.db.session() as session:
            checkin = answers.get_checkin(session, actor.team_id, checkin_id)
            subject = session.get(Person, checkin.person_id)
            access.require_checkin_reply(session, actor, subject)
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=reply_modal(lang, checkin_id))

    def on_reply(ack: Ack, view: dict[str, Any], context: dict[str, Any]) -> None:
        actor = acting_person(context)
        text = submitted_values(view).get("reply") or ""
        with services.db.session() as session:
            answers.reply(
                session,
                actor.team_id,
                actor.slack_id,
                metadata_id(view),
                text,
                request_id=view["id"],
                now=services.clock.now(),
                renderer=services.checkin_renderer,
            )
        ack()
        services.sender.wake()  # the thank-you / reply is queued: post it now, not at the next idle wake-up

    def schedule_command(request: PerfRequest) -> None:
        tokens = request.args.split()
        team = bool(tokens) and tokens[0].lower() == "team"
        tokens = tokens[1:] if tokens and tokens[0].lower() in ("team", "workspace") else tokens
        with services.db.session() as session:
            scope = schedules.editable_scope(session, request.actor, team=team)
            if not tokens:
                schedule = schedules.find(session, request.actor.team_id, scope)
                default = schedules.find(session, request.actor.team_id, schedules.WORKSPACE_SCOPE)
                if schedule is not None:
                    text = describe(request.lang, schedule)
                elif team and default is not None:  # no schedule of its own: the workspace default applies
                    text = t(request.lang, "checkin.schedule.team_follows") + "\n" + describe(request.lang, default)
                else:
                    text = t(request.lang, "checkin.schedule.none")
            else:
                schedule = schedules.apply(session, request.actor, scope, parse_schedule_change(tokens))
                text = describe(request.lang, schedule)
        request.ack(response_type="ephemeral", text=text)

    def questions_command(request: PerfRequest) -> None:
        tokens = request.args.split(" ")
        team = tokens[0].lower() == "team"
        rest = " ".join(tokens[1:] if tokens[0].lower() in ("team", "workspace") else tokens).strip()
        action, _, rest = rest.partition(" ")
        with services.db.session() as session:
            scope = schedules.editable_scope(session, request.actor, team=team)
            if action == "add":
                kind, _, label = rest.strip().partition(" ")
                schedule = schedules.add_question(session, request.actor, scope, kind.lower(), label)
            elif action == "remove" and rest.strip().isdigit():
                schedule = schedules.remove_question(session, request.actor, scope, int(rest))
            elif action == "reset":
                schedule = schedules.reset_questions(session, request.actor, scope)
            else:
                raise Invalid("checkin.questions.usage")
            text = describe(request.lang, schedule)
        request.ack(response_type="ephemeral", text=text)

    def deliveries_command(request: PerfRequest) -> None:
        access.require_hr(request.actor)
        with services.db.session() as session:
            failed = failed_deliveries(session, request.actor.team_id)
            lines = [
                t(request.lang, "deliveries.line_anonymous", kind=d.kind, period=d.period, error=d.error)
                if d.anonymous
                else t(
                    request.lang, "deliveries.line", kind=d.kind, recipient=d.recipient, period=d.period, error=d.error
                )
                for d in failed
            ]
        request.ack(response_type="ephemeral", text="\n".join(lines) or t(request.lang, "deliveries.none"))

    app.command("/checkin")(checkin_command)
    app.action("checkin_open")(open_from_button)
    app.view("checkin_modal")(on_submit)
    app.action("checkin_reply")(open_reply)
    app.view("checkin_reply_modal")(on_reply)
    surface.perf_command("checkin-schedule", schedule_command)
    surface.perf_command("checkin-questions", questions_command)
    surface.perf_command("deliveries", deliveries_command)
    surface.help(Audience.EVERYONE, "help.line.checkin")
    surface.help(Audience.MANAGER, "help.line.checkin_schedule")
    surface.help(Audience.HR, "help.line.checkin_workspace")
    surface.home_sections.append(home_section)
