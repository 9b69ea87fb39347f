"""Block Kit for reviews: the review form with its packet, overviews, the score breakdown, calibration."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.i18n import t
from bot.reviews.calibration import View
from bot.reviews.evidence import Item
from bot.reviews.packet import Packet
from bot.text import escape, mention, truncate
from handlers.blocks.inputs import checkboxes, input_block, modal, option, select, text_input
from handlers.blocks.kit import Block, actions, context, divider, section
from storage.reviews import RatingAdjustment, Review, ReviewKind, ReviewResult

FORM = "review_form"
DECLINE = "review_decline"
ACK = "review_ack"
REQUEST = "review_request"
EVIDENCE = "review_evidence"
PACKET_KINDS = ("metric", "checkin", "feedback", "agenda", "plan", "saved")
MAX_OPTIONS = 100


@dataclass(frozen=True)
class FormItem:
    """One item the form rates: its key ("goal:12"), label, and what is already entered."""

    key: str
    label: str
    rating: int | None = None
    picked: tuple[str, ...] = ()
    written: str = ""


def scale_options(lang: str) -> list[dict[str, Any]]:
    return [option(t(lang, f"review.scale.{n}"), str(n)) for n in range(1, 6)]


def packet_blocks(lang: str, packet: Packet, peer_lines: list[str]) -> list[Block]:
    lines = [t(lang, "review.packet.title"), t(lang, "review.packet.scorecard", bar=_bar(packet.scorecard_progress))]
    for line in packet.goals:
        lines.append(
            t(
                lang,
                "review.packet.goal",
                title=escape(line.goal.title),
                perspective=t(lang, f"perspective.{line.goal.perspective}") if line.goal.perspective else "–",
                weight=line.goal.weight,
                bar=_bar(line.progress),
            )
        )
    if packet.moods:
        lines.append(t(lang, "review.packet.moods", moods=" → ".join(str(m) for m in packet.moods[-8:])))
    blocks = [section("\n".join(lines))]
    for kind in PACKET_KINDS:
        items = packet.of_kind(kind)
        if items:
            text = t(lang, "review.packet.section", name=t(lang, f"review.packet.kind.{kind}"), count=len(items))
            body = "\n".join(f"• {escape(truncate(item.text, 140))}" for item in items[:5])
            blocks.append(context(f"{text}\n{body}"))
    if peer_lines:
        blocks.append(
            context(t(lang, "review.packet.peer_answers", count=len(peer_lines)) + "\n" + "\n".join(peer_lines))
        )
    return blocks


def _bar(progress: float) -> str:
    filled = round(max(0.0, min(1.0, progress)) * 10)
    return f"{'▓' * filled}{'░' * (10 - filled)} {round(progress * 100)}%"


def review_modal(
    lang: str,
    *,
    review: Review,
    subject_id: str,
    cycle_name: str,
    items: list[FormItem],
    evidence: list[Item],
    packet: list[Block],
    answers: dict[str, str] | None = None,
) -> dict:
    intro = t(
        lang,
        "review.form.intro",
        kind=t(lang, f"review.kind.{review.kind}"),
        person=mention(subject_id),
        cycle=escape(cycle_name),
    )
    blocks: list[Block] = [section(intro), *packet, divider()]
    choices = [option(truncate(f"{i.kind}: {i.text}", 75), i.token) for i in evidence[:MAX_OPTIONS]]
    for item in items:
        rating = select(
            f"rating|{item.key}", item.label, scale_options(lang), initial=str(item.rating or ""), optional=True
        )
        blocks.append(rating)
        if choices:
            element: dict[str, Any] = {"type": "multi_static_select", "options": choices}
            chosen = [c for c in choices if c["value"] in item.picked]
            if chosen:
                element["initial_options"] = chosen
            blocks.append(input_block(f"evidence|{item.key}", t(lang, "review.form.evidence"), element, optional=True))
        blocks.append(
            text_input(
                f"written|{item.key}",
                t(lang, "review.form.written"),
                initial=item.written or None,
                multiline=True,
                max_length=1000,
                optional=True,
            )
        )
    if review.kind == ReviewKind.PEER:
        for question in ("strengths", "improve"):
            blocks.append(
                text_input(
                    f"q|{question}",
                    t(lang, f"review.question.{question}"),
                    initial=(answers or {}).get(question),
                    multiline=True,
                    max_length=2000,
                    optional=True,
                )
            )
        blocks.append(
            checkboxes(
                "anonymous",
                t(lang, "review.form.anonymous"),
                [option(t(lang, "review.form.anonymous"), "yes")],
                initial=["yes"] if review.anonymous else [],
            )
        )
    else:
        blocks.append(
            text_input(
                "summary",
                t(lang, "review.form.summary"),
                initial=review.summary or None,
                multiline=True,
                max_length=3000,
                optional=True,
            )
        )
    if review.kind == ReviewKind.MANAGER:
        blocks.append(
            select(
                "overall",
                t(lang, "review.form.overall"),
                scale_options(lang),
                initial=str(review.overall or ""),
                optional=True,
            )
        )
        potentials = [option(t(lang, f"review.potential.{p}"), p) for p in ("low", "medium", "high")]
        blocks.append(
            select("potential", t(lang, "review.form.potential"), potentials, initial=review.potential, optional=True)
        )
    modes = [option(t(lang, "review.form.mode_draft"), "draft"), option(t(lang, "review.form.mode_submit"), "submit")]
    blocks.append(
        input_block(
            "mode", t(lang, "review.form.mode"), {"type": "radio_buttons", "options": modes, "initial_option": modes[0]}
        )
    )
    return modal(
        FORM,
        t(lang, "review.form.title"),
        t(lang, "review.form.save"),
        t(lang, "review.form.cancel"),
        blocks,
        json.dumps({"review": review.id}),
    )


def reason_modal(
    lang: str, callback_id: str, title_key: str, label_key: str, metadata: dict, *, optional=False
) -> dict:
    blocks = [text_input("reason", t(lang, label_key), multiline=True, max_length=2000, optional=optional)]
    return modal(
        callback_id,
        t(lang, title_key),
        t(lang, "review.form.save"),
        t(lang, "review.form.cancel"),
        blocks,
        json.dumps(metadata),
    )


def evidence_modal(lang: str, text: str, metadata: dict) -> dict:
    blocks = [
        input_block("subject", t(lang, "review.evidence_for"), {"type": "users_select"}, optional=True),
        text_input(
            "note",
            t(lang, "review.evidence_note"),
            initial=truncate(text, 1000) or None,
            multiline=True,
            max_length=1000,
            optional=True,
        ),
    ]
    return modal(
        EVIDENCE,
        t(lang, "review.evidence_modal_title"),
        t(lang, "review.form.save"),
        t(lang, "review.form.cancel"),
        blocks,
        json.dumps(metadata),
    )


def breakdown_blocks(
    lang: str, subject_id: str, result: ReviewResult, lines: list[str], changes: list[tuple[RatingAdjustment, str]]
) -> list[Block]:
    head = t(
        lang,
        "review.score_line",
        person=mention(subject_id),
        score=f"{result.score:.2f}",
        label=t(lang, f"review.scale.{result.rating}"),
    )
    blocks = [section(head + "\n" + "\n".join(lines))]
    for change, actor in changes:
        blocks.append(
            context(
                t(
                    lang,
                    "review.adjusted_line",
                    from_rating=change.from_rating,
                    to_rating=change.to_rating,
                    actor=mention(actor),
                    at=change.at.date().isoformat(),
                    reason=escape(change.reason),
                )
            )
        )
    return blocks


def _bars(distribution: dict[int, int]) -> str:
    return " ".join(f"{band}:{count}" for band, count in distribution.items())


def calibration_blocks(lang: str, view: View, scope: str) -> list[Block]:
    blocks: list[Block] = [section(t(lang, "review.calibration.title", cycle=escape(view.cycle.name), scope=scope))]
    if not view.rows:
        return blocks + [context(t(lang, "review.calibration.empty"))]
    org = view.org
    blocks.append(
        section(
            t(
                lang,
                "review.calibration.org",
                bars=_bars(org.distribution),
                mean=org.mean,
                spread=org.spread,
                count=len(org.ratings),
            )
        )
    )
    for title, groups, named in (("by_manager", view.managers, True), ("by_department", view.departments, False)):
        lines = [t(lang, f"review.calibration.{title}")]
        for group in groups[:20]:
            name = mention(group.name) if named and group.name != "-" else escape(group.name)
            lines.append(
                t(
                    lang,
                    "review.calibration.group",
                    name=name,
                    bars=_bars(group.distribution),
                    mean=group.mean,
                    spread=group.spread,
                )
            )
        blocks.append(section("\n".join(lines)))
    warnings = [t(lang, key, **params) for key, params in view.alerts + view.guideline_warnings]
    if warnings:
        blocks.append(section("\n".join(warnings[:20])))
    if view.gaps:
        lines = [t(lang, "review.calibration.gaps")] + [
            t(
                lang,
                "review.calibration.gap_line",
                person=mention(row.person.slack_id),
                self_value=row.self_value,
                manager_value=row.manager_value,
            )
            for row in view.gaps[:20]
        ]
        blocks.append(section("\n".join(lines)))
    if view.nine_box:
        lines = [t(lang, "review.calibration.nine_box")]
        for (performance, potential), people in sorted(view.nine_box.items()):
            lines.append(
                t(
                    lang,
                    "review.calibration.box",
                    performance=t(lang, f"review.level.{performance}"),
                    potential=t(lang, f"review.level.{potential}"),
                    people=", ".join(mention(p.slack_id) for p in people[:15]),
                )
            )
        blocks.append(section("\n".join(lines)))
    lines = [t(lang, "review.calibration.people")]
    for row in view.rows[:40]:
        was = (
            ""
            if row.result.rating == row.result.computed_rating
            else t(lang, "review.calibration.was", rating=row.result.computed_rating)
        )
        lines.append(
            t(
                lang,
                "review.calibration.person",
                person=mention(row.person.slack_id),
                department=escape(row.person.department or "–"),
                score=f"{row.result.score:.2f}",
                rating=row.result.rating,
                adjusted=was,
            )
        )
    blocks.append(section("\n".join(lines)))
    return blocks


def lines_block(lines: list[str], buttons: list[dict[str, Any]] | None = None) -> list[Block]:
    blocks = [section("\n".join(lines))]
    if buttons:
        blocks.append(actions(*buttons[:25]))
    return blocks
