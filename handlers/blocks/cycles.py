"""Block Kit for HR's cycles: the two-step "new cycle" modal and the cycle summary."""

from __future__ import annotations

import json
from datetime import date

from bot.goals.cycles import CADENCES, PERSPECTIVES, PHASES, PhaseDates
from bot.i18n import t
from bot.text import escape
from handlers.blocks.inputs import checkboxes, date_input, modal, option, select, text_input
from handlers.blocks.kit import Block, context, section
from storage.cycles import Cycle, CyclePhase

BASICS_CALLBACK = "cycle.new.basics"
TIMETABLE_CALLBACK = "cycle.new.timetable"


def weights_text(weights: dict[str, int]) -> str:
    return "/".join(str(weights.get(name, 0)) for name in PERSPECTIVES)


def basics_modal(lang: str, today: date, cadence: str = "quarterly") -> dict:
    cadences = [option(t(lang, f"cadence.{name}"), name) for name in CADENCES]
    options = [
        option(t(lang, "cycle.option.peer_review"), "peer_review"),
        option(t(lang, "cycle.option.bsc_off"), "bsc_off"),
    ]
    blocks = [
        text_input("name", t(lang, "cycle.field.name"), max_length=80),
        select("cadence", t(lang, "cycle.field.cadence"), cadences, initial=cadence),
        date_input("starts_on", t(lang, "cycle.field.starts_on"), initial=today),
        date_input("ends_on", t(lang, "cycle.field.ends_on"), optional=True),
        text_input("weights", t(lang, "cycle.field.weights"), initial="40/30/20/10", max_length=40),
        checkboxes("options", t(lang, "cycle.field.options"), options, initial=["peer_review"]),
        text_input("reminder_days", t(lang, "cycle.field.reminder_days"), initial="3 1", max_length=40),
    ]
    return modal(
        BASICS_CALLBACK,
        t(lang, "cycle.modal.title"),
        t(lang, "cycle.modal.next"),
        t(lang, "cycle.modal.cancel"),
        blocks,
    )


def timetable_modal(lang: str, basics: dict, phases: list[PhaseDates]) -> dict:
    blocks: list[Block] = [
        section(
            t(
                lang,
                "cycle.timetable_intro",
                name=escape(basics["name"]),
                start=basics["starts_on"],
                end=basics["ends_on"],
            )
        )
    ]
    for phase in phases:
        name = t(lang, f"phase.{phase.kind}")
        blocks.append(
            date_input(f"phase_{phase.kind}_opens", t(lang, "cycle.field.opens", phase=name), initial=phase.opens_on)
        )
        blocks.append(
            date_input(f"phase_{phase.kind}_due", t(lang, "cycle.field.due", phase=name), initial=phase.due_on)
        )
    return modal(
        TIMETABLE_CALLBACK,
        t(lang, "cycle.modal.title"),
        t(lang, "cycle.modal.create"),
        t(lang, "cycle.modal.cancel"),
        blocks,
        json.dumps(basics),
    )


def phase_kinds(basics: dict) -> list[str]:
    return [kind for kind in PHASES if kind != "peer_review" or basics.get("peer_review")]


def summary_text(lang: str, cycle: Cycle) -> str:
    weights = weights_text(cycle.weights) if cycle.bsc_enabled else t(lang, "cycle.bsc_off")
    return t(
        lang,
        "cycle.summary",
        name=escape(cycle.name),
        status=t(lang, f"cycle.status.{cycle.status}"),
        start=cycle.starts_on.isoformat(),
        end=cycle.ends_on.isoformat(),
        weights=weights,
    )


def summary_blocks(lang: str, cycle: Cycle, phases: list[CyclePhase], notes: list[str] | None = None) -> list[Block]:
    lines = [
        t(
            lang,
            "cycle.phase_line",
            phase=t(lang, f"phase.{phase.kind}"),
            opens=phase.opens_on.isoformat(),
            due=phase.due_on.isoformat(),
        )
        for phase in phases
    ]
    blocks = [section(summary_text(lang, cycle)), section("\n".join(f"• {line}" for line in lines))]
    if notes:
        blocks.append(context("\n".join(notes)))
    return blocks


def gap_notes(lang: str, gaps: list[str]) -> list[str]:
    notes = []
    for gap in gaps:
        pair, days = gap.split(":")
        previous, phase = pair.split(">")
        notes.append(
            t(lang, "cycle.gap", count=days, previous=t(lang, f"phase.{previous}"), phase=t(lang, f"phase.{phase}"))
        )
    return notes
