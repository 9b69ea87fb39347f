"""The review form (self, peer, manager) and the small modals and buttons around it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.delivery import outbox
from bot.errors import Forbidden, NotFound, PerfbotError
from bot.goals import cycles
from bot.i18n import t
from bot.org import directory
from bot.reviews import forms, notices, packet, peers, results
from bot.reviews.competencies import competency_label, setup_for
from bot.reviews.evidence import save_from_message
from bot.reviews.timeline import active_cycle
from bot.services import Services
from bot.text import escape, mention, truncate
from handlers.blocks import reviews as blocks
from handlers.context import acting_person
from handlers.errors import explain
from handlers.forms import localized, metadata, names_in, values
from handlers.people import resolve
from handlers.surface import Surface
from storage.cycles import Cycle
from storage.org import Person
from storage.reviews import Review, ReviewKind


def number(value: Any) -> int:
    """A button value or metadata id; anything else (a tampered value) names nothing."""
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise NotFound("review.not_found") from None


def peer_lines(
    session: Session, viewer: Person, cycle: Cycle, subject: Person, lang: str, *, released: bool
) -> list[str]:
    lines = []
    for review, named in peers.answers_for(session, viewer=viewer, cycle=cycle, subject=subject, released=released):
        author = mention(session.get(Person, review.author_id).slack_id) if named else t(lang, "review.anonymous")
        text = " / ".join(escape(truncate(v, 200)) for v in review.answers.values()) or "–"
        lines.append(t(lang, "review.packet.peer_answer", author=author, text=text))
    return lines


def item_labels(session: Session, cycle: Cycle, subject: Person, lang: str) -> dict[str, str]:
    labels = {
        f"goal:{g.id}": t(lang, "review.form.goal_label", title=g.title)
        for g in packet.agreed_goals(session, cycle, subject)
    }
    for c in setup_for(session, cycle).competencies:
        labels[f"competency:{c['key']}"] = t(
            lang, "review.form.competency_label", title=competency_label(c, lang), weight=c["weight"]
        )
    return labels


def form_view(session: Session, actor: Person, lang: str, review: Review, now: datetime) -> dict:
    cycle, subject = session.get(Cycle, review.cycle_id), session.get(Person, review.subject_id)
    labels = item_labels(session, cycle, subject, lang)
    existing = forms.ratings_of(session, review)
    self_ratings: dict[str, int] = {}
    if review.kind == ReviewKind.MANAGER:
        own = forms.self_review_of(session, cycle, subject)
        self_ratings = {k: r.rating for k, r in forms.ratings_of(session, own).items()} if own else {}
    items = []
    for key in forms.items_to_rate(session, cycle, subject, review.kind):
        label = labels.get(key, key)
        if key in self_ratings:
            label = t(lang, "review.form.self_said", label=label, rating=self_ratings[key])
        row = existing.get(key)
        picked = tuple(f"{e['kind']}:{e['ref']}" for e in (row.evidence if row else []) if e.get("ref") is not None)
        written = "\n".join(e["text"] for e in (row.evidence if row else []) if e["kind"] in ("link", "note"))
        items.append(blocks.FormItem(key, label, row.rating if row else None, picked, written))
    evidence, shown_packet = [], []
    if review.kind != ReviewKind.PEER:
        assembled = packet.assemble(session, cycle, subject, actor, now)
        evidence = assembled.items
        shown_packet = blocks.packet_blocks(
            lang, assembled, peer_lines(session, actor, cycle, subject, lang, released=False)
        )
    return blocks.review_modal(
        lang,
        review=review,
        subject_id=subject.slack_id,
        cycle_name=cycle.name,
        items=items,
        evidence=evidence,
        packet=shown_packet,
        answers=review.answers,
    )


def parse_form(entered: dict[str, Any], keys: list[str]) -> forms.ReviewInput:
    ratings = []
    for key in keys:
        raw = entered.get(f"rating|{key}")
        ratings.append(
            forms.RatingInput(
                key,
                number(raw) if raw else None,
                list(entered.get(f"evidence|{key}") or []),
                (entered.get(f"written|{key}") or "").strip(),
            )
        )
    overall = entered.get("overall")
    return forms.ReviewInput(
        ratings=ratings,
        summary=entered.get("summary") or "",
        overall=int(overall) if overall and str(overall).isdigit() else None,
        potential=entered.get("potential"),
        answers={q: entered.get(f"q|{q}") or "" for q in peers.QUESTIONS},
        anonymous="yes" in (entered.get("anonymous") or []),
    )


Work = Callable[..., None]


def button(services: Services, work: Work) -> Callable[..., None]:
    """A button listener: ack at once, then `work(body=, action=, client=, respond=, actor=, lang=)`. A refusal is
    answered privately (respond, or a DM from the App Home), never raised past the ack."""

    def listener(ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond, context: dict) -> None:
        ack()
        lang = context["lang"]
        try:
            with names_in(lang):
                actor = acting_person(context)
                work(body=body, action=action, client=client, respond=respond, actor=actor, lang=lang)
        except PerfbotError as error:
            if body.get("response_url"):
                respond(response_type="ephemeral", replace_original=False, text=explain(error, lang))
            elif context.get("actor") is not None:
                confirm(
                    services,
                    context["actor"],
                    "review_refused",
                    f"trigger:{body.get('trigger_id')}",
                    explain(error, lang),
                )

    return listener


def confirm(services: Services, actor: Person, kind: str, period: str, text: str) -> None:
    with services.db.session() as session:
        outbox.enqueue(
            session,
            team_id=actor.team_id,
            recipient=actor.slack_id,
            kind=kind,
            period=period,
            message=outbox.message(text),
        )
    services.sender.wake()


def open_review(
    services: Services, client: WebClient, trigger_id: str, actor: Person, lang: str, kind: ReviewKind, target: Any
) -> None:
    """Open the review `actor` may write now: their self review (target: cycle id), a report's (person id) or a
    peer task (review id). Every id is checked against the workspace and the access policy."""
    now = services.clock.now()
    with services.db.session() as session, names_in(lang):
        if kind == ReviewKind.PEER:
            task = forms.get(session, actor.team_id, number(target))
            if task.author_id != actor.id or task.kind != ReviewKind.PEER:
                raise Forbidden("review.not_yours")
            cycle, subject = session.get(Cycle, task.cycle_id), session.get(Person, task.subject_id)
        elif kind == ReviewKind.SELF:
            cycle, subject = cycles.get(session, actor.team_id, number(target)), actor
        else:
            cycle, subject = active_cycle(session, actor.team_id), session.get(Person, number(target))
            if subject is None or subject.team_id != actor.team_id:
                raise NotFound("review.not_found")
        review = forms.start(session, actor=actor, cycle=cycle, subject=subject, kind=kind, now=now)
        view = form_view(session, actor, lang, review, now)
    client.views_open(trigger_id=trigger_id, view=view)


def register(app: App, services: Services, surface: Surface) -> None:
    def on_open(kind: ReviewKind) -> Work:
        def work(*, body: dict, action: dict, client: WebClient, actor: Person, lang: str, **_: Any) -> None:
            open_review(services, client, body["trigger_id"], actor, lang, kind, action.get("value"))

        return work

    @localized
    def on_submit(ack: Ack, view: dict[str, Any], context: dict[str, Any]) -> None:
        actor, lang, now = acting_person(context), context["lang"], services.clock.now()
        entered = values(view)
        with services.db.session() as session:
            review = forms.get(session, actor.team_id, number(metadata(view).get("review")))
            cycle, subject = session.get(Cycle, review.cycle_id), session.get(Person, review.subject_id)
            keys = forms.items_to_rate(session, cycle, subject, review.kind)
            available = (
                [] if review.kind == ReviewKind.PEER else packet.assemble(session, cycle, subject, actor, now).items
            )
            submit = entered.get("mode") == "submit"
            forms.save(
                session,
                actor=actor,
                review=review,
                data=parse_form(entered, keys),
                available=available,
                submit=submit,
                now=now,
            )
            kind_name, subject_id = t(lang, f"review.kind.{review.kind}"), subject.slack_id
        ack()
        key = "review.submitted" if submit else "review.saved"
        confirm(
            services,
            actor,
            "review_saved",
            f"view:{view['id']}:{now.isoformat()}",
            t(lang, key, kind=kind_name, person=mention(subject_id)),
        )

    def open_reason(callback: str, title: str, label: str, meta_key: str, *, optional: bool = False) -> Work:
        def work(*, body: dict, action: dict, client: WebClient, lang: str, **_: Any) -> None:
            view = blocks.reason_modal(lang, callback, title, label, {meta_key: action.get("value")}, optional=optional)
            client.views_open(trigger_id=body["trigger_id"], view=view)

        return work

    def on_decline(ack: Ack, view: dict[str, Any], context: dict[str, Any]) -> None:
        actor, lang = acting_person(context), context["lang"]
        with services.db.session() as session:
            review = forms.get(session, actor.team_id, number(metadata(view).get("review")))
            peers.decline(
                session, actor=actor, review=review, reason=values(view).get("reason") or "", now=services.clock.now()
            )
            subject = session.get(Person, review.subject_id).slack_id
        ack()
        confirm(
            services,
            actor,
            "review_declined",
            f"review{review.id}",
            t(lang, "review.declined", person=mention(subject)),
        )

    def on_result_modal(kind: str):
        def listener(ack: Ack, view: dict[str, Any], context: dict[str, Any]) -> None:
            actor, lang, now = acting_person(context), context["lang"], services.clock.now()
            text = values(view).get("reason") or ""
            with services.db.session() as session:
                result = results.get(session, actor.team_id, number(metadata(view).get("result")))
                if kind == "ack":
                    results.acknowledge(session, actor=actor, result=result, comment=text, now=now)
                else:
                    results.request_review(session, actor=actor, result=result, reason=text, now=now)
            ack()
            key = "review.acknowledged" if kind == "ack" else "review.requested"
            confirm(services, actor, f"review_{kind}", f"result{result.id}", t(lang, key))

        return listener

    def on_approve(*, action: dict, respond: Respond, actor: Person, lang: str, **_: Any) -> None:
        with services.db.session() as session:
            subject = session.get(Person, number(action.get("value")))
            if subject is None or subject.team_id != actor.team_id:
                raise NotFound("review.not_found")
            cycle = active_cycle(session, actor.team_id)
            tasks = peers.approve(session, actor=actor, cycle=cycle, subject=subject, now=services.clock.now())
            names = ", ".join(mention(session.get(Person, task.author_id).slack_id) for task in tasks)
            text = t(lang, "review.approved", peers=names, person=mention(subject.slack_id))
        respond(replace_original=False, text=text)

    def on_seed(*, action: dict, respond: Respond, actor: Person, lang: str, **_: Any) -> None:
        with services.db.session() as session:
            result = results.get(session, actor.team_id, number(action.get("value")))
            plan = results.seed_development_plan(session, actor=actor, result=result, now=services.clock.now())
            owner = session.get(Person, plan.owner_id).slack_id
            steps = "; ".join(escape(a.text) for a in results.seeded_actions(session, plan))
        respond(replace_original=False, text=t(lang, "review.plan_seeded", person=mention(owner), actions=steps))

    def on_evidence_shortcut(ack: Ack, shortcut: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        ack()
        acting_person(context)
        channel, message = shortcut["channel"]["id"], shortcut["message"]
        permalink = client.chat_getPermalink(channel=channel, message_ts=message["ts"])["permalink"]
        view = blocks.evidence_modal(context["lang"], message.get("text", ""), {"permalink": permalink})
        client.views_open(trigger_id=shortcut["trigger_id"], view=view)

    def on_evidence(ack: Ack, view: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        actor, lang = acting_person(context), context["lang"]
        entered = values(view)
        with services.db.session() as session:
            subject = (
                resolve(session, client, actor.team_id, entered["subject"], field="subject")
                if entered.get("subject")
                else directory.get(session, actor.team_id, actor.slack_id)
            )
            saved = save_from_message(
                session,
                actor=actor,
                subject=subject,
                permalink=metadata(view).get("permalink"),
                text=entered.get("note") or "",
                now=services.clock.now(),
            )
            text = t(lang, "review.evidence_saved", person=mention(subject.slack_id))
        ack()
        confirm(services, actor, "review_evidence", f"evidence{saved.id}", text)

    app.action(notices.OPEN_SELF)(button(services, on_open(ReviewKind.SELF)))
    app.action(notices.OPEN_MANAGER)(button(services, on_open(ReviewKind.MANAGER)))
    app.action(notices.OPEN_PEER)(button(services, on_open(ReviewKind.PEER)))
    decline = open_reason(blocks.DECLINE, "review.decline_title", "review.decline_reason", "review")
    app.action(notices.DECLINE_PEER)(button(services, decline))
    acknowledge = open_reason(blocks.ACK, "review.ack_title", "review.ack_comment", "result", optional=True)
    app.action(notices.ACKNOWLEDGE)(button(services, acknowledge))
    request = open_reason(blocks.REQUEST, "review.request_title", "review.request_reason", "result")
    app.action(notices.REQUEST_REVIEW)(button(services, request))
    app.action(notices.APPROVE_PEERS)(button(services, on_approve))
    app.action(results.SEED_ACTION)(button(services, on_seed))
    app.view(blocks.FORM)(on_submit)
    app.view(blocks.DECLINE)(on_decline)
    app.view(blocks.ACK)(on_result_modal("ack"))
    app.view(blocks.REQUEST)(on_result_modal("request"))
    app.view(blocks.EVIDENCE)(on_evidence)
    app.shortcut("add_as_evidence")(on_evidence_shortcut)
