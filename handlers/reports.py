"""`/perf report|export|health|survey|report-settings`, the report buttons, the survey form and the dashboard."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlmodel import Session

from bot.delivery import outbox
from bot.errors import Invalid
from bot.goals import cycles
from bot.i18n import t
from bot.org import access, directory
from bot.reports import bundle, dashboard, export, health, planner, scope, survey
from bot.reports.bundle import Report
from bot.reports.scope import Scope
from bot.services import Services
from bot.text import escape
from handlers.blocks import reports as blocks
from handlers.context import acting_person
from handlers.people import resolve
from handlers.surface import Audience, PerfRequest, Surface
from storage.org import Person, Workspace
from storage.reports import SURVEY_QUESTIONS


def choose_scope(session: Session, client: WebClient, actor: Person, request: scope.Request) -> Scope:
    if request.kind == scope.PERSON:
        subject = resolve(session, client, actor.team_id, request.target) if request.target else actor
        return scope.for_person(session, actor, subject)
    if request.kind == scope.TEAM:
        return scope.for_team(session, actor)
    if request.kind == scope.DEPARTMENT:
        return scope.for_department(session, actor, request.target)
    workspace = session.get(Workspace, actor.team_id)
    return scope.for_org(actor, workspace.name if workspace else "")


def upload(client: WebClient, actor: Person, files: list[tuple[str, str, bytes]], comment: str) -> None:
    """Upload files to the person's DM with Perfbot, the text as the files' comment."""
    channel = client.conversations_open(users=actor.slack_id)["channel"]["id"]
    uploads = [{"content": content, "filename": name, "title": title} for name, title, content in files]
    client.files_upload_v2(channel=channel, file_uploads=uploads, initial_comment=comment)


def register(app: App, services: Services, surface: Surface) -> None:
    def build_report(actor: Person, chosen: Scope, cycle_id: int, lang: str) -> Report:
        with services.db.session() as session:
            cycle = cycles.get(session, actor.team_id, cycle_id)
            report = bundle.build(
                session, chosen, cycle, lang, reviews=services.report_reviews, now=services.clock.now()
            )
            if chosen.kind == scope.ORG:  # the process survey, beside the previous cycle's
                report.summary.extend(survey.summary_lines(session, cycle, lang))
        return report

    def send(client: WebClient, actor: Person, chosen: Scope, cycle_id: int, lang: str, key: str) -> None:
        """Charts are uploaded with the summary as their comment; a report with no chart yet (no data) is
        just its summary, a DM through the outbox."""
        report = build_report(actor, chosen, cycle_id, lang)
        if report.files:
            upload(client, actor, [(f.filename, f.title, f.content) for f in report.files], report.text)
            return
        with services.db.session() as session:
            outbox.enqueue(
                session,
                team_id=actor.team_id,
                recipient=actor.slack_id,
                kind="report_text",
                period=f"report:{key}",
                message=outbox.message(report.text),
            )
        services.sender.wake()

    def report(request: PerfRequest) -> None:
        actor, lang = request.actor, request.lang
        with services.db.session() as session:
            asked = scope.parse(request.args, scope.departments(session, actor.team_id))
            chosen = choose_scope(session, request.client, actor, asked)
            cycle = scope.cycle_named(session, actor.team_id, asked.cycle)
        label = t(lang, f"report.scope.{chosen.kind}", name=escape(chosen.label))
        request.ack(response_type="ephemeral", text=t(lang, "report.preparing", scope=label, cycle=escape(cycle.name)))
        send(request.client, actor, chosen, cycle.id, lang, request.command.get("trigger_id", ""))

    def show(ack: Ack, body: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        """The button in a scheduled report's DM and on the App Home: `team|<cycle id>` or `org|<cycle id>`."""
        actor, lang = acting_person(context), context["lang"]
        kind, _, cycle_id = body["actions"][0].get("value", "").partition("|")
        with services.db.session() as session:
            chosen = choose_scope(
                session, client, actor, scope.Request(kind if kind in (scope.TEAM, scope.ORG) else "me")
            )
            cycle = (
                cycles.get(session, actor.team_id, int(cycle_id))
                if cycle_id.isdigit()
                else scope.cycle_named(session, actor.team_id, None)
            )
        ack()
        send(client, actor, chosen, cycle.id, lang, body.get("trigger_id", ""))

    def export_file(request: PerfRequest) -> None:
        actor, lang = request.actor, request.lang
        access.require_hr(actor)
        first, _, rest = request.args.partition(" ")
        fmt, cycle_name = (first.lower(), rest.strip()) if first.lower() in export.FORMATS else ("xlsx", request.args)
        with services.db.session() as session:
            cycle = scope.cycle_named(session, actor.team_id, cycle_name.strip()) if cycle_name.strip() else None
        label = cycle.name if cycle else t(lang, "export.everything")
        request.ack(response_type="ephemeral", text=t(lang, "export.preparing", cycle=escape(label), format=fmt))
        with tempfile.TemporaryDirectory(prefix="perfbot-export-") as folder:
            path = Path(folder) / export.default_name(fmt, cycle)
            with services.db.session() as session:
                selection = export.selection_for(session, actor.team_id, "org", cycle)
                done = export.export(session, selection, fmt, path)
            counts = ", ".join(f"{name} {count}" for name, count in done.counts.items())
            comment = t(lang, "export.sent", cycle=escape(label), counts=counts)
            upload(request.client, actor, [(path.name, path.name, path.read_bytes())], comment)

    def process_health(request: PerfRequest) -> None:
        access.require_hr(request.actor)
        with services.db.session() as session:
            cycle = scope.cycle_named(session, request.actor.team_id, request.args or None)
            found = health.check(session, cycle, services.clock.now())
        lines = health.lines(found, request.lang)
        request.ack(response_type="ephemeral", text=lines[0], blocks=blocks.lines_blocks(lines))

    def settings(request: PerfRequest) -> None:
        words = request.args.lower().split()
        enabled, day = None, None
        if words[:1] in (["on"], ["off"]) and len(words) == 1:
            enabled = words[0] == "on"
        elif len(words) == 2 and words[0] == "day":
            if not words[1].isdigit():
                raise Invalid("report.settings_day")
            day = int(words[1])
        elif words:
            raise Invalid("report.settings_usage")
        with services.db.session() as session:
            if words:
                setting = planner.change_settings(
                    session, actor=request.actor, enabled=enabled, day=day, now=services.clock.now()
                )
            else:
                access.require_hr(request.actor)
                setting = planner.settings_of(session, request.actor.team_id)
            state = t(request.lang, f"report.settings.{'on' if setting.enabled else 'off'}")
            text = t(request.lang, "report.settings", state=state, day=setting.day_of_month)
        request.ack(response_type="ephemeral", text=text)

    def launch_survey(request: PerfRequest) -> None:
        with services.db.session() as session:
            access.require_hr(request.actor)
            cycle = scope.cycle_named(session, request.actor.team_id, request.args or None)
            _, queued = survey.launch(session, actor=request.actor, cycle=cycle, now=services.clock.now())
        text = t(request.lang, "survey.launched", cycle=escape(cycle.name), count=queued, minimum=survey.MIN_GROUP)
        request.ack(response_type="ephemeral", text=text)

    def open_survey(ack: Ack, body: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        actor, lang = acting_person(context), context["lang"]
        with services.db.session() as session:
            found = survey.get(session, actor.team_id, int(body["actions"][0].get("value") or 0))
            if survey.has_answered(session, found, actor):
                raise Invalid("survey.already")
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=blocks.survey_modal(lang, found.id))

    def submit_survey(ack: Ack, view: dict[str, Any], context: dict[str, Any]) -> None:
        actor = acting_person(context)
        values = view["state"]["values"]
        scores = {}
        for question in SURVEY_QUESTIONS:
            picked = (values.get(question, {}).get(blocks.SCORE_ACTION) or {}).get("selected_option") or {}
            if not str(picked.get("value", "")).isdigit():
                raise Invalid("survey.scores", field=question)
            scores[question] = int(picked["value"])
        comment = (values.get(blocks.COMMENT_BLOCK, {}).get(blocks.COMMENT_ACTION) or {}).get("value") or ""
        with services.db.session() as session:
            found = survey.get(session, actor.team_id, int(view.get("private_metadata") or 0))
            survey.answer(session, survey=found, person=actor, scores=scores, comment=comment)
        ack()

    def home_section(session: Session, person: Person, lang: str) -> list:
        board = dashboard.own(session, person, services.clock.now())
        team = bool(directory.direct_reports(session, person))
        return blocks.home_blocks(lang, board, team=team, org=access.is_hr(person))

    surface.perf_command("report", report)
    surface.perf_command("export", export_file)
    surface.perf_command("health", process_health)
    surface.perf_command("report-settings", settings)
    surface.perf_command("survey", launch_survey)
    surface.home_sections.append(home_section)
    app.action(blocks.SHOW_ACTION)(show)
    app.action(blocks.SURVEY_OPEN)(open_survey)
    app.view(blocks.SURVEY_MODAL)(submit_survey)
    surface.help(Audience.EVERYONE, "help.line.report")
    surface.help(Audience.HR, "help.line.report_hr")
