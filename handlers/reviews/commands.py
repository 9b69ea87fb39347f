"""`/review`: your reviews this cycle, nominating and approving peers, a report's side-by-side view, results."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlmodel import Session

from bot.errors import Invalid
from bot.i18n import t
from bot.org import access, directory
from bot.reviews import calibration, forms, merit, notices, peers, results
from bot.reviews.timeline import Timeline, active_cycle, local_day
from bot.services import Services
from bot.text import escape, mention
from handlers.blocks import reviews as blocks
from handlers.blocks.kit import Block, actions, button, section
from handlers.context import acting_person
from handlers.forms import names_in
from handlers.mentions import leading_mentions
from handlers.people import resolve
from handlers.reviews.forms import item_labels, peer_lines
from handlers.surface import Audience, Surface
from storage.cycles import Cycle
from storage.org import Person
from storage.reviews import NominationStatus, ReviewStatus


def status_of(lang: str, review) -> str:
    return t(lang, f"review.status.{review.status}") if review else t(lang, "review.status.none")


def phase_line(lang: str, timeline: Timeline, day) -> str:
    for kind, phase in timeline.phases.items():
        if phase.opens_on <= day <= phase.due_on:
            return t(lang, "review.phase_line", phase=t(lang, f"phase.{kind}"), due=phase.due_on.isoformat())
    return t(lang, "review.phase_none")


def breakdown(session: Session, lang: str, person: Person, result) -> list[Block]:
    changes = [
        (change, session.get(Person, change.actor_id).slack_id if change.actor_id else "-")
        for change in calibration.adjustments(session, result)
    ]
    return blocks.breakdown_blocks(lang, person.slack_id, result, results.breakdown_lines(lang, result), changes)


def overview(session: Session, actor: Person, lang: str, now) -> list[Block]:
    """What `actor` has to do or may read in the active cycle."""
    cycle = active_cycle(session, actor.team_id)
    timeline, day = Timeline.of(session, cycle), local_day(actor, now)
    lines = [f"*{t(lang, 'review.title', cycle=escape(cycle.name))}*", phase_line(lang, timeline, day)]
    buttons = []
    own = forms.self_review_of(session, cycle, actor)
    if actor.manager_id:  # people with a manager review themselves
        lines.append(t(lang, "review.status_line", kind=t(lang, "review.kind.self"), status=status_of(lang, own)))
    writable = timeline.self_open(day) or (own is not None and own.status == ReviewStatus.RETURNED)
    if actor.manager_id and writable and (own is None or own.status != ReviewStatus.SUBMITTED):
        buttons.append(button(t(lang, "review.button.write_self"), notices.OPEN_SELF, str(cycle.id), style="primary"))
    nominated = peers.nominations(session, cycle, actor)
    if nominated:
        names = ", ".join(mention(session.get(Person, n.peer_id).slack_id) for n in nominated)
        approved = all(n.status == NominationStatus.APPROVED for n in nominated)
        lines.append(
            t(
                lang,
                "review.nominations_line",
                peers=names,
                status=t(lang, f"review.nomination.{'approved' if approved else 'nominated'}"),
            )
        )
    for task in peers.open_tasks(session, actor):
        if task.cycle_id == cycle.id:
            subject = session.get(Person, task.subject_id)
            lines.append(
                t(
                    lang,
                    "review.peer_task_line",
                    person=mention(subject.slack_id),
                    due=task.due_on.isoformat() if task.due_on else "–",
                )
            )
            buttons.append(button(t(lang, "review.button.write_peer"), notices.OPEN_PEER, str(task.id)))
    for report in directory.direct_reports(session, actor):
        mine = forms.manager_review_of(session, cycle, report)
        lines.append(
            t(
                lang,
                "review.report_line",
                person=mention(report.slack_id),
                self_status=status_of(lang, forms.self_review_of(session, cycle, report)),
                manager_status=status_of(lang, mine),
            )
        )
        if (
            (not mine or mine.status != ReviewStatus.SUBMITTED)
            and timeline.manager_open(day)
            and forms.manager_unlocked(session, cycle, report, day)
        ):
            buttons.append(
                button(t(lang, "review.button.review_person", person=report.name), notices.OPEN_MANAGER, str(report.id))
            )
        if any(n.status == NominationStatus.NOMINATED for n in peers.nominations(session, cycle, report)):
            buttons.append(
                button(t(lang, "review.button.approve_for", person=report.name), notices.APPROVE_PEERS, str(report.id))
            )
    shown = blocks.lines_block(lines, buttons)
    result = results.result_of(session, cycle, actor)
    if result is not None and result.released_at is not None:
        shown += breakdown(session, lang, actor, result)
    return shown


def side_by_side(session: Session, viewer: Person, lang: str, cycle: Cycle, subject: Person) -> list[Block]:
    """A person's reviews as `viewer` may see them: self vs manager per item, peer answers, the score."""
    access.require_view(session, viewer, subject)
    result = results.result_of(session, cycle, subject)
    released = result is not None and result.released_at is not None
    own, mine = forms.self_review_of(session, cycle, subject), forms.manager_review_of(session, cycle, subject)
    shown_self = own if own and access.can_see_review(session, viewer, own, subject, released=released) else None
    shown_manager = mine if mine and access.can_see_review(session, viewer, mine, subject, released=released) else None
    self_ratings = {k: r.rating for k, r in forms.ratings_of(session, shown_self).items()} if shown_self else {}
    manager_ratings = (
        {k: r.rating for k, r in forms.ratings_of(session, shown_manager).items()} if shown_manager else {}
    )
    lines = [f"*{t(lang, 'review.title', cycle=escape(cycle.name))}* · {mention(subject.slack_id)}"]
    lines.append(t(lang, "review.status_line", kind=t(lang, "review.kind.self"), status=status_of(lang, own)))
    lines.append(
        t(
            lang,
            "review.status_line",
            kind=t(lang, "review.kind.manager"),
            status=status_of(lang, shown_manager or (mine if viewer.id != subject.id else None)),
        )
    )
    for key, label in item_labels(session, cycle, subject, lang).items():
        if key in self_ratings or key in manager_ratings:
            lines.append(
                t(
                    lang,
                    "review.side_by_side",
                    item=escape(label),
                    self_rating=self_ratings.get(key, "–"),
                    manager_rating=manager_ratings.get(key, "–"),
                )
            )
    for review in (shown_self, shown_manager):
        if review is not None and review.summary:
            lines.append(f"{t(lang, f'review.kind.{review.kind}')}: > {escape(review.summary)}")
    if own is not None and shown_self is not None:
        events = [
            t(
                lang,
                "review.event",
                action=t(lang, f"review.event.{e.action}"),
                actor=mention(session.get(Person, e.actor_id).slack_id) if e.actor_id else "-",
                at=e.at.date().isoformat(),
                comment=f": {escape(e.comment)}" if e.comment else "",
            )
            for e in forms.events_of(session, own)
            if e.action != "saved"
        ]
        if events:
            lines.append(t(lang, "review.self_history", events="; ".join(events)))
    lines += peer_lines(session, viewer, cycle, subject, lang, released=released)
    if viewer.id != subject.id:
        lines.append(t(lang, "review.peer_rating_hidden"))
    shown = [section("\n".join(lines))]
    if result is not None and access.can_see_score(session, viewer, subject, released=released):
        shown += breakdown(session, lang, subject, result)
    return shown


def history_blocks(session: Session, viewer: Person, lang: str, subject: Person) -> list[Block]:
    access.require_view(session, viewer, subject)
    lines = [t(lang, "review.history_title")]
    for cycle, result in results.history(session, subject):
        lines.append(
            t(
                lang,
                "review.history_line",
                cycle=escape(cycle.name),
                label=t(lang, f"review.scale.{result.rating}"),
                score=f"{result.score:.2f}",
            )
        )
    if len(lines) == 1:
        lines.append(t(lang, "review.history_none"))
    return [section("\n".join(lines))]


def register(app: App, services: Services, surface: Surface) -> None:
    def command(ack: Ack, command: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        actor, lang, now = acting_person(context), context["lang"], services.clock.now()
        word, _, rest = (command.get("text") or "").strip().partition(" ")
        word = word.lower()
        with services.db.session() as session, names_in(lang):
            if word == "history":
                ids, _ = leading_mentions(rest)
                subject = resolve(session, client, actor.team_id, ids[0]) if ids else actor
                shown, text = history_blocks(session, actor, lang, subject), t(lang, "review.history_title")
            elif word in ("", "result"):
                shown, text = overview(session, actor, lang, now), t(lang, "review.title", cycle="")
            elif word == "peers":
                ids, _ = leading_mentions(rest)
                chosen = [resolve(session, client, actor.team_id, i) for i in dict.fromkeys(ids)]
                peers.nominate(session, actor=actor, cycle=active_cycle(session, actor.team_id), peers=chosen, now=now)
                text = t(lang, "review.nominated", peers=", ".join(mention(p.slack_id) for p in chosen))
                shown = [section(text)]
            elif word in ("approve", "return", "promote"):
                ids, tail = leading_mentions(rest)
                if not ids:
                    raise Invalid("review.usage")
                subject = resolve(session, client, actor.team_id, ids[0])
                cycle = active_cycle(session, actor.team_id)
                if word == "approve":
                    chosen = [resolve(session, client, actor.team_id, i) for i in dict.fromkeys(ids[1:])] or None
                    tasks = peers.approve(session, actor=actor, cycle=cycle, subject=subject, peers=chosen, now=now)
                    names = ", ".join(mention(session.get(Person, task.author_id).slack_id) for task in tasks)
                    text = t(lang, "review.approved", peers=names, person=mention(subject.slack_id))
                elif word == "return":
                    own = forms.self_review_of(session, cycle, subject)
                    if own is None:
                        raise Invalid("review.not_submitted")
                    forms.return_for_changes(session, actor=actor, review=own, comment=tail, now=now)
                    text = t(lang, "review.returned_done", person=mention(subject.slack_id))
                else:
                    merit.nominate_for_promotion(
                        session, actor=actor, cycle=cycle, person=subject, evidence=tail, now=now
                    )
                    text = t(lang, "review.promoted", person=mention(subject.slack_id))
                shown = [section(text)]
            else:
                ids, _ = leading_mentions(command.get("text") or "")
                if len(ids) != 1:
                    raise Invalid("review.usage")
                subject = resolve(session, client, actor.team_id, ids[0])
                cycle = active_cycle(session, actor.team_id)
                shown, text = (
                    side_by_side(session, actor, lang, cycle, subject),
                    t(lang, "review.title", cycle=cycle.name),
                )
                mine = forms.manager_review_of(session, cycle, subject)
                if access.can_write_manager_review(actor, subject) and (
                    mine is None or mine.status != ReviewStatus.SUBMITTED
                ):
                    write = button(t(lang, "review.button.write_manager"), notices.OPEN_MANAGER, str(subject.id))
                    shown.append(actions(write))
        ack(response_type="ephemeral", text=text, blocks=shown)

    app.command("/review")(command)
    surface.help(Audience.EVERYONE, "help.line.review")
    surface.help(Audience.MANAGER, "help.line.review_manage")
