"""HR's `/perf cycle …`: create a cycle (two-step modal), see it, remind now, close, activate, weights."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.delivery import outbox
from bot.errors import Invalid
from bot.goals import cycles, phase_reminders
from bot.i18n import t
from bot.org.access import require_hr
from bot.services import Services
from bot.text import escape
from handlers import forms
from handlers.blocks import cycles as blocks
from handlers.surface import Audience, PerfRequest, Surface


def register(app: App, services: Services, surface: Surface) -> None:
    def cycle_command(request: PerfRequest) -> None:
        action, _, rest = request.args.partition(" ")
        handler = ACTIONS.get(action.lower() or "status")
        if handler is None:
            raise Invalid("cycle.usage")
        if handler not in (status, listing):  # everyone may see cycles and their timetable; only HR changes them
            require_hr(request.actor)
        with forms.names_in(request.lang):
            handler(request, rest.strip())

    def new(request: PerfRequest, rest: str) -> None:
        """`/perf cycle new [cadence]`: the modal, with the cadence chosen when given (any spelling)."""
        cadence = cycles.cadence_of(rest) if rest.strip() else "quarterly"
        request.ack()
        today = services.clock.now().date()
        request.client.views_open(
            trigger_id=request.command["trigger_id"], view=blocks.basics_modal(request.lang, today, cadence)
        )

    def status(request: PerfRequest, rest: str) -> None:
        with services.db.session() as session:
            cycle = cycles.require_active(session, request.actor.team_id)
            body = blocks.summary_blocks(request.lang, cycle, cycles.phases(session, cycle))
        request.ack(response_type="ephemeral", text=blocks.summary_text(request.lang, cycle), blocks=body)

    def listing(request: PerfRequest, rest: str) -> None:
        with services.db.session() as session:
            found = cycles.all_cycles(session, request.actor.team_id)
        if not found:
            raise Invalid("cycle.none_active")
        lines = [blocks.summary_text(request.lang, cycle) for cycle in found[:40]]
        request.ack(response_type="ephemeral", text="\n".join(f"• {line}" for line in lines))

    def remind(request: PerfRequest, rest: str) -> None:
        with services.db.session() as session:
            cycle = cycles.require_active(session, request.actor.team_id)
            phase, count = phase_reminders.push_now(session, cycle, services.clock.now())
        if phase is None:
            text = t(request.lang, "cycle.no_phase_now", name=escape(cycle.name))
        else:
            text = t(request.lang, "cycle.reminded", count=count, phase=t(request.lang, f"phase.{phase.kind}"))
        request.ack(response_type="ephemeral", text=text)
        services.sender.wake()

    def close(request: PerfRequest, rest: str) -> None:
        with services.db.session() as session:
            cycle = cycles.require_active(session, request.actor.team_id)
            cycles.close(session, cycle, services.clock.now())
        request.ack(response_type="ephemeral", text=t(request.lang, "cycle.closed_now", name=escape(cycle.name)))

    def activate(request: PerfRequest, rest: str) -> None:
        with services.db.session() as session:
            cycle = cycles.by_name(session, request.actor.team_id, rest)
            if cycle is None:
                raise Invalid("cycle.not_found")
            cycles.activate(session, cycle)
        request.ack(response_type="ephemeral", text=t(request.lang, "cycle.activated", name=escape(cycle.name)))

    def weights(request: PerfRequest, rest: str) -> None:
        department, _, numbers = rest.rpartition(" ")
        if not department.strip():
            raise Invalid("cycle.usage")
        parsed = cycles.parse_weights(numbers)
        with services.db.session() as session:
            cycle = cycles.require_active(session, request.actor.team_id)
            cycles.set_department_weights(session, cycle, department, parsed)
        text = t(
            request.lang,
            "cycle.weights_set",
            department=escape(department.strip()),
            weights=blocks.weights_text(parsed),
            name=escape(cycle.name),
        )
        request.ack(response_type="ephemeral", text=text)

    ACTIONS = {
        "new": new,
        "status": status,
        "list": listing,
        "remind": remind,
        "close": close,
        "activate": activate,
        "weights": weights,
    }
    surface.perf_command("cycle", cycle_command)
    surface.help(Audience.HR, "help.line.cycle")

    def on_basics(ack: Ack, view: dict[str, Any], context: dict[str, Any]) -> None:
        actor, lang = context["actor"], context["lang"]
        require_hr(actor)
        entered = forms.values(view)
        name = forms.text(entered, "name")
        cadence = entered.get("cadence") or "quarterly"
        starts_on = forms.day(entered, "starts_on", required=True)
        ends_on = forms.day(entered, "ends_on") or cycles.default_end(cadence, starts_on)
        if ends_on is None:
            raise Invalid("cycle.date_required", field="ends_on")
        if ends_on < starts_on:
            raise Invalid("cycle.ends_before_start", field="ends_on")
        weights = cycles.parse_weights(forms.text(entered, "weights"))
        days = cycles.parse_reminder_days(forms.text(entered, "reminder_days"))
        options = entered.get("options") or []
        with services.db.session() as session:
            if cycles.by_name(session, actor.team_id, name) is not None:
                raise Invalid("cycle.name_taken", field="name", name=escape(name))
        if not name or len(name) > cycles.NAME_LIMIT:
            raise Invalid("cycle.name_length", field="name", limit=cycles.NAME_LIMIT)
        timetable = cycles.suggested_timetable(starts_on, ends_on, peer_review="peer_review" in options)
        basics = {
            "name": name,
            "cadence": cadence,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "weights": weights,
            "bsc_enabled": "bsc_off" not in options,
            "peer_review": "peer_review" in options,
            "reminder_days": days,
        }
        ack(response_action="update", view=blocks.timetable_modal(lang, basics, timetable))

    def on_timetable(ack: Ack, view: dict[str, Any], context: dict[str, Any]) -> None:
        actor, lang = context["actor"], context["lang"]
        require_hr(actor)
        basics = forms.metadata(view)
        entered = forms.values(view)
        timetable = [
            cycles.PhaseDates(
                kind,
                forms.day(entered, f"phase_{kind}_opens", required=True),
                forms.day(entered, f"phase_{kind}_due", required=True),
            )
            for kind in blocks.phase_kinds(basics)
        ]
        now = services.clock.now()
        with services.db.session() as session:
            cycle, gaps = cycles.create(
                session,
                team_id=actor.team_id,
                actor=actor,
                name=basics["name"],
                cadence=basics["cadence"],
                starts_on=forms.day(basics, "starts_on", required=True),
                ends_on=forms.day(basics, "ends_on", required=True),
                timetable=timetable,
                weights=basics["weights"],
                bsc_enabled=basics["bsc_enabled"],
                reminder_days=basics["reminder_days"],
                now=now,
            )
            body = blocks.summary_blocks(lang, cycle, cycles.phases(session, cycle), blocks.gap_notes(lang, gaps))
            text = blocks.summary_text(lang, cycle)
            outbox.enqueue(
                session,
                team_id=actor.team_id,
                recipient=actor.slack_id,
                kind="cycle.created",
                period=f"cycle{cycle.id}",
                message=outbox.message(text, body),
            )
        ack()

    app.view(blocks.BASICS_CALLBACK)(forms.localized(on_basics))
    app.view(blocks.TIMETABLE_CALLBACK)(forms.localized(on_timetable))
