"""`/feedback`, the "Log as feedback" message shortcut, peer requests and their answer form."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.delivery import outbox
from bot.errors import Invalid
from bot.i18n import language_for, t
from bot.org import directory
from bot.record import feedback, feedback_reads, peer_requests
from bot.services import Services
from bot.text import mention
from handlers.blocks import feedback as blocks
from handlers.context import acting_person, named_person
from handlers.mentions import leading_mentions
from handlers.people import resolve
from handlers.surface import Audience, Surface, first_word_in
from handlers.values import id_and_key, id_of, metadata_id
from storage.feedback import Kind, Source, Visibility
from storage.org import Person


def register(app: App, services: Services, surface: Surface) -> None:
    def _goals_of(session: Session, viewer: Person | None, person: Person | None) -> list[tuple[int, str]]:
        """The person's goals the viewer may see (the access policy decides inside the lookup)."""
        if viewer is None or person is None or services.goal_choices is None:
            return []
        return services.goal_choices(session, viewer, person)

    def command(ack: Ack, command: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        actor, lang = acting_person(context), context["lang"]
        text = (command.get("text") or "").strip()
        word, _, rest = text.partition(" ")
        if not text:
            metadata = {"channel": command.get("channel_id")}
            view = blocks.feedback_modal(lang, metadata=metadata, pick_goals=services.goal_choices is not None)
            client.views_open(trigger_id=command["trigger_id"], view=view)
            ack()
        elif word.lower() == "request":
            request_feedback(ack, client, actor, lang, rest)
        elif word.lower() == "show":
            show(ack, client, actor, lang, rest, context)
        elif word.lower() == "given":
            given(ack, actor, lang)
        else:
            one_liner(ack, command, client, actor, lang, text, context)

    def one_liner(
        ack: Ack, command: dict, client: WebClient, actor: Person, lang: str, text: str, context: dict[str, Any]
    ) -> None:
        ids, rest = leading_mentions(text)
        if len(ids) != 1:
            raise Invalid("feedback.usage")
        parsed = feedback.parse_words(rest)
        if not parsed.text:
            raise Invalid("feedback.empty_one_liner")
        subject = named_person(context, ids[0])  # read with the person acting (`names_people` below)
        if subject is None:  # mentioned before Perfbot synced them: fetched from Slack and stored first
            with services.db.session() as session:
                subject = resolve(session, client, actor.team_id, ids[0])
        entry = feedback.record(
            services.db,
            author=actor,
            subject=subject,
            text=parsed.text,
            kind=parsed.kind,
            visibility=parsed.visibility,
            now=services.clock.now(),
            client_key=f"trigger:{command.get('trigger_id')}",
        )
        ack(
            response_type="ephemeral",
            text=_logged_text(lang, entry, subject),
            blocks=blocks.logged_blocks(lang, entry, subject),
        )

    def request_feedback(ack: Ack, client: WebClient, actor: Person, lang: str, rest: str) -> None:
        ids, tail = leading_mentions(rest)
        if len(ids) < 2:
            raise Invalid("peer.usage")
        deadline = peer_requests.parse_deadline(tail, actor.tz) if tail else None
        with services.db.session() as session:
            people = [resolve(session, client, actor.team_id, slack_id) for slack_id in ids]
            peer_requests.request(
                session,
                requester=actor,
                about=people[0],
                responders=people[1:],
                now=services.clock.now(),
                deadline=deadline,
            )
        asked = " ".join(mention(slack_id) for slack_id in ids[1:])
        ack(response_type="ephemeral", text=t(lang, "peer.requested", about=mention(ids[0]), asked=asked))

    def show(ack: Ack, client: WebClient, actor: Person, lang: str, rest: str, context: dict[str, Any]) -> None:
        ids, _ = leading_mentions(rest)
        now = services.clock.now()
        subject = named_person(context, ids[0]) if ids else actor
        with services.db.read(actor) as session:
            if subject is None:
                subject = directory.find(session, actor.team_id, ids[0])
            if subject is not None:
                shown = feedback_reads.about(session, viewer=actor, subject=subject, now=now, latest=blocks.MAX_LISTED)
        if subject is None:  # mentioned before Perfbot synced them: fetched from Slack and stored first
            with services.db.session() as session:
                subject = resolve(session, client, actor.team_id, ids[0])
                shown = feedback_reads.about(session, viewer=actor, subject=subject, now=now, latest=blocks.MAX_LISTED)
        title = t(lang, "feedback.list.about", person=mention(subject.slack_id))
        ack(response_type="ephemeral", text=title, blocks=blocks.listed_blocks(lang, title, shown, subject))

    def given(ack: Ack, actor: Person, lang: str) -> None:
        with services.db.read() as session:
            rows = feedback_reads.given_by(session, actor)
            shown = [feedback_reads.shown_to(session, actor, row) for row in rows]
            subjects = {row.id: org_slack_id(session, row.subject_id) for row in rows}
        title = t(lang, "feedback.list.given")
        ack(response_type="ephemeral", text=title, blocks=blocks.listed_blocks(lang, title, shown, subjects=subjects))

    def on_modal(ack: Ack, view: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        actor, lang = acting_person(context), context["lang"]
        values = view["state"]["values"]
        metadata = json.loads(view.get("private_metadata") or "{}")
        subject_id = values["subject"][blocks.PERSON_ACTION].get("selected_user")
        if not subject_id:
            raise Invalid("feedback.pick_person", field="subject")
        goal = (values.get("goal", {}).get("goal") or {}).get("selected_option")
        with services.db.session() as session:
            subject = resolve(session, client, actor.team_id, subject_id, field="subject")
            entry = feedback.log(
                session,
                author=actor,
                subject=subject,
                text=values["text"]["text"].get("value") or "",
                kind=Kind(values["kind"]["kind"]["selected_option"]["value"]),
                visibility=Visibility(values["visibility"]["visibility"]["selected_option"]["value"]),
                now=services.clock.now(),
                source=Source.SHORTCUT if metadata.get("permalink") else Source.MODAL,
                permalink=metadata.get("permalink"),
                goal_id=int(goal["value"]) if goal else None,
                client_key=f"view:{view['id']}",
                goal_choices=services.goal_choices,
            )
        ack()
        _confirm(client, actor, metadata.get("channel"), lang, entry, subject)

    def _confirm(client: WebClient, actor: Person, channel: str | None, lang: str, entry, subject: Person) -> None:
        text, shown = _logged_text(lang, entry, subject), blocks.logged_blocks(lang, entry, subject)
        try:
            if channel:
                client.chat_postEphemeral(channel=channel, user=actor.slack_id, text=text, blocks=shown)
                return
        except SlackApiError:  # e.g. the bot is not in that channel: a DM instead
            pass
        with services.db.session() as session:
            outbox.enqueue(
                session,
                team_id=actor.team_id,
                recipient=actor.slack_id,
                kind="feedback_logged",
                period=f"feedback:{entry.id}",
                message=outbox.message(text, shown),
            )
        services.sender.wake()

    def on_shortcut(ack: Ack, shortcut: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        lang = context["lang"]
        actor = acting_person(context)
        ack()
        channel, message = shortcut["channel"]["id"], shortcut["message"]
        permalink = client.chat_getPermalink(channel=channel, message_ts=message["ts"])["permalink"]
        with services.db.session() as session:
            author = directory.find(session, context["team_id"], message.get("user") or "")
            if author is not None and author.slack_id == context["user_id"]:
                author = None
            goals = _goals_of(session, actor, author)
        metadata = {"channel": channel, "permalink": permalink}
        view = blocks.feedback_modal(
            lang,
            subject=author.slack_id if author else None,
            text=message.get("text", ""),
            metadata=metadata,
            goals=goals,
            pick_goals=services.goal_choices is not None,
        )
        client.views_open(trigger_id=shortcut["trigger_id"], view=view)

    def on_person_picked(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context) -> None:
        """With goals installed, picking the person refreshes the modal with that person's goals to link."""
        ack()
        view, lang = body["view"], context["lang"]
        with services.db.session() as session:
            person = directory.find(session, context["team_id"], action.get("selected_user") or "")
            goals = _goals_of(session, context.get("actor"), person)
        typed = (view["state"]["values"].get("text", {}).get("text") or {}).get("value") or ""
        refreshed = blocks.feedback_modal(
            lang,
            subject=action.get("selected_user"),
            text=typed,
            metadata=json.loads(view.get("private_metadata") or "{}"),
            goals=goals,
            pick_goals=True,
        )
        client.views_update(view_id=view["id"], hash=view.get("hash"), view=refreshed)

    def on_edit(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: dict) -> None:
        ack()
        actor, lang = acting_person(context), context["lang"]
        with services.db.session() as session:
            entry = feedback.get_own(session, actor, id_of(action))
            feedback.within_grace(entry, services.clock.now())
        client.views_open(trigger_id=body["trigger_id"], view=blocks.edit_modal(lang, entry))

    def on_edit_submit(ack: Ack, view: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        actor = acting_person(context)
        with services.db.session() as session:
            feedback.edit(
                session,
                actor=actor,
                feedback_id=metadata_id(view),
                text=view["state"]["values"]["text"]["text"].get("value") or "",
                now=services.clock.now(),
            )
        ack()

    def on_visibility(ack: Ack, action: dict[str, Any], respond: Respond, context: dict[str, Any]) -> None:
        ack()
        actor, lang = acting_person(context), context["lang"]
        feedback_id, target = id_and_key(action)
        if target not in {v.value for v in Visibility}:
            raise Invalid("error.stale_value")
        with services.db.session() as session:
            entry = feedback.set_visibility(
                session,
                actor=actor,
                feedback_id=feedback_id,
                visibility=Visibility(target),
                now=services.clock.now(),
            )
            subject = session.get(Person, entry.subject_id)
        respond(
            replace_original=True,
            text=_logged_text(lang, entry, subject),
            blocks=blocks.logged_blocks(lang, entry, subject),
        )

    def on_delete(ack: Ack, action: dict[str, Any], respond: Respond, context: dict[str, Any]) -> None:
        ack()
        actor, lang = acting_person(context), context["lang"]
        with services.db.session() as session:
            feedback.delete(session, actor=actor, feedback_id=id_of(action), now=services.clock.now())
        respond(replace_original=True, text=t(lang, "feedback.deleted"))

    def on_answer_open(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: dict
    ) -> None:
        ack()
        actor, lang = acting_person(context), context["lang"]
        with services.db.session() as session:
            ask, about = peer_requests.open_ask(
                session, responder=actor, ask_id=id_of(action), now=services.clock.now()
            )
        client.views_open(trigger_id=body["trigger_id"], view=blocks.answer_modal(lang, ask.id, about))

    def on_answer(ack: Ack, view: dict[str, Any], context: dict[str, Any]) -> None:
        actor = acting_person(context)
        values = view["state"]["values"]
        anonymous = values["attribution"]["attribution"]["selected_option"]["value"] == "anonymous"
        with services.db.session() as session:
            entry = peer_requests.answer(
                session,
                responder=actor,
                ask_id=metadata_id(view),
                text=values["text"]["text"].get("value") or "",
                kind=Kind(values["kind"]["kind"]["selected_option"]["value"]),
                anonymous=anonymous,
                now=services.clock.now(),
            )
            about = session.get(Person, entry.subject_id)
            key = "peer.thanks_anonymous" if anonymous else "peer.thanks"
            outbox.enqueue(
                session,
                team_id=actor.team_id,
                recipient=actor.slack_id,
                kind="peer_thanks",
                period=f"answer:{entry.id}",
                message=outbox.message(t(language_for(actor.locale), key, person=mention(about.slack_id))),
                anonymous=anonymous,
            )
        ack()

    def home_section(session, person: Person, lang: str) -> list:
        now = services.clock.now()
        shown, _ = feedback_reads.received(session, person, now=now, latest=blocks.ON_HOME)
        return blocks.home_blocks(lang, shown)

    surface.home_sections.append(home_section)
    app.command("/feedback")(command)
    surface.reads_only("/feedback", first_word_in("show", "given"))
    surface.writes_once("/feedback", logs_a_note)
    surface.names_people("/feedback", logs_a_note)
    app.view("feedback_modal")(on_modal)
    app.shortcut("log_as_feedback")(on_shortcut)
    app.action(blocks.PERSON_ACTION)(on_person_picked)
    app.action("feedback_edit")(on_edit)
    app.view("feedback_edit_modal")(on_edit_submit)
    app.action("feedback_visibility")(on_visibility)
    app.action("feedback_delete")(on_delete)
    app.action(peer_requests.ANSWER_ACTION)(on_answer_open)
    app.view("feedback_answer_modal")(on_answer)
    surface.help(Audience.EVERYONE, "help.line.feedback")
    surface.help(Audience.EVERYONE, "help.line.feedback_request")


def logs_a_note(text: str) -> bool:
    """`/feedback @person …`: a note about the person it names first."""
    return text.startswith("<@")


def org_slack_id(session, person_id: int) -> str:
    person = session.get(Person, person_id)
    return person.slack_id if person else ""


def _logged_text(lang: str, entry, subject: Person) -> str:
    return t(
        lang,
        "feedback.logged",
        kind=t(lang, f"feedback.kind.{entry.kind}"),
        person=mention(subject.slack_id),
        visibility=t(lang, f"feedback.visibility_explained.{entry.visibility}"),
    )
