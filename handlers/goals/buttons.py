"""The buttons on goal cards, lists and reminders: propose, approve, request changes (with a comment modal),
withdraw, acknowledge, edit, update numbers, mark a milestone done, read the history."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.errors import PerfbotError
from bot.goals import cycles, negotiation, reads, tracking
from bot.i18n import language_for, t
from bot.org import access, directory
from bot.services import Services
from bot.text import escape
from handlers import forms
from handlers.blocks import goals as blocks
from handlers.blocks.kit import section
from handlers.goals import notices
from handlers.goals.commands import goal_modal_for, publish_all, update_modal_for
from handlers.surface import Surface
from handlers.values import id_of
from storage.goals import Goal
from storage.org import Person

# What the clicked message says once the step is done.
HEADLINES = {
    "approve": "goal.done_approve",
    "acknowledge": "goal.done_acknowledge",
    "withdraw": "goal.done_withdraw",
}


def register(app: App, services: Services, surface: Surface) -> None:
    def republish(team_id: str, *slack_ids: str) -> None:
        publish_all(services, surface, team_id, *slack_ids)

    # -- buttons --------------------------------------------------------------------------------
    def replace_clicked(body: dict[str, Any], client: WebClient, respond: Respond, text: str) -> None:
        container = body.get("container") or {}
        if container.get("type") == "message" and not container.get("is_ephemeral"):
            client.chat_update(
                channel=container["channel_id"], ts=container["message_ts"], text=text, blocks=[section(text)]
            )
        elif body.get("response_url"):
            respond(text=text, replace_original=True)

    def do_transition(actor: Person, goal_id: int, action: str, comment: str = "") -> tuple[Goal, list[str]]:
        """Apply the step and queue the DMs it announces, in one transaction; returns people to refresh."""
        now = services.clock.now()
        with services.db.session() as session:
            goal = reads.get(session, actor.team_id, goal_id)
            access.require_view_goal(session, actor, goal)
            negotiation.transition(session, goal=goal, actor=actor, action=action, now=now, comment=comment)
            owner = reads.owner_of(session, goal)
            cycle = cycles.get(session, actor.team_id, goal.cycle_id)
            touched = [actor.slack_id, owner.slack_id]
            if action == "propose":
                manager = notices.ask_manager(session, cycle, goal, owner)
                touched.append(manager.slack_id)
            elif action == "approve":
                notices.card_for_owner(session, goal, owner, "goal.approved_for_owner", manager=actor.slack_id)
            elif action == "request_changes":
                notices.card_for_owner(
                    session, goal, owner, "goal.changes_for_owner", manager=actor.slack_id, comment=escape(comment)
                )
            elif action == "acknowledge":
                manager = directory.manager_of(session, owner)
                if manager is not None:
                    lang = language_for(manager.locale)
                    text = t(lang, "goal.acknowledged_for_manager", owner=owner.slack_id, title=escape(goal.title))
                    notices.dm(
                        session,
                        manager,
                        "goal.acknowledged",
                        notices.event_period(session, goal),
                        text,
                        [section(text)],
                    )
                    touched.append(manager.slack_id)
        return goal, touched

    def transition_button(action_name: str):
        def listener(
            ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond, context
        ) -> None:
            ack()
            actor, lang = context["actor"], context["lang"]
            goal, touched = do_transition(actor, id_of(action), action_name)
            if action_name == "propose":
                with services.db.session() as session:
                    manager = directory.manager_of(session, reads.owner_of(session, goal))
                    found = notices.quality_hints(session, goal)
                text = t(lang, "goal.you_proposed", title=escape(goal.title), manager=manager.slack_id)
                if found:
                    text += "\n" + blocks.hints_text(lang, found)
            else:
                text = t(lang, HEADLINES[action_name], title=escape(goal.title))
            replace_clicked(body, client, respond, text)
            republish(actor.team_id, *touched)

        return listener

    app.action(blocks.PROPOSE)(forms.localized(transition_button("propose")))
    app.action(blocks.APPROVE)(forms.localized(transition_button("approve")))
    app.action(blocks.ACKNOWLEDGE)(forms.localized(transition_button("acknowledge")))
    app.action(blocks.WITHDRAW)(forms.localized(transition_button("withdraw")))

    def on_request_changes(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context) -> None:
        ack()
        actor, lang = context["actor"], context["lang"]
        with services.db.session() as session:
            goal = reads.get(session, actor.team_id, id_of(action))
            access.require_view_goal(session, actor, goal)
            if negotiation.role_of(session, actor, goal) != negotiation.MANAGER:
                raise PerfbotError("goal.only_manager", action=t(lang, "goal.button.request_changes"))
        container = body.get("container") or {}
        where = {}
        if container.get("type") == "message" and not container.get("is_ephemeral"):
            where = {"channel": container["channel_id"], "ts": container["message_ts"]}
        client.views_open(trigger_id=body["trigger_id"], view=blocks.comment_modal(lang, goal, where))

    def on_comment(ack: Ack, view: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        actor, lang = context["actor"], context["lang"]
        meta = forms.metadata(view)
        comment = forms.text(forms.values(view), "comment")
        goal, touched = do_transition(actor, int(meta.get("goal_id", 0)), "request_changes", comment)
        ack()
        if meta.get("channel") and meta.get("ts"):
            text = t(lang, "goal.done_changes", title=escape(goal.title), comment=escape(comment))
            client.chat_update(channel=meta["channel"], ts=meta["ts"], text=text, blocks=[section(text)])
        republish(actor.team_id, *touched)

    app.action(blocks.REQUEST_CHANGES)(forms.localized(on_request_changes))
    app.view(blocks.COMMENT_CALLBACK)(forms.localized(on_comment))

    def on_edit(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context) -> None:
        ack()
        actor, lang = context["actor"], context["lang"]
        with services.db.session() as session:
            goal = reads.get(session, actor.team_id, id_of(action))
            access.require_view_goal(session, actor, goal)
            view = goal_modal_for(session, actor, lang, goal)
        client.views_open(trigger_id=body["trigger_id"], view=view)

    def on_update(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context) -> None:
        ack()
        actor, lang = context["actor"], context["lang"]
        with services.db.session() as session:
            only = None
            if action.get("action_id") == blocks.UPDATE:
                only = reads.get(session, actor.team_id, id_of(action))
                access.require_view_goal(session, actor, only)
            view = update_modal_for(session, actor, lang, only)
        client.views_open(trigger_id=body["trigger_id"], view=view)

    def on_open_create(ack: Ack, body: dict[str, Any], client: WebClient, context) -> None:
        ack()
        with services.db.session() as session:
            view = goal_modal_for(session, context["actor"], context["lang"])
        client.views_open(trigger_id=body["trigger_id"], view=view)

    def on_history(ack: Ack, action: dict[str, Any], respond: Respond, context) -> None:
        ack()
        actor, lang = context["actor"], context["lang"]
        with services.db.session() as session:
            goal = reads.get(session, actor.team_id, id_of(action))
            access.require_view_goal(session, actor, goal)
            events = []
            for event in reads.history(session, goal):
                who = session.get(Person, event.actor_id) if event.actor_id else None
                events.append((event, who.slack_id if who else "USLACKBOT"))
        body = blocks.history_blocks(lang, goal, events)
        respond(response_type="ephemeral", replace_original=False, text=body[0]["text"]["text"], blocks=body)

    def on_open_review(ack: Ack, body: dict[str, Any], respond: Respond, context) -> None:
        ack()
        actor, lang = context["actor"], context["lang"]
        with services.db.session() as session:
            cycle = cycles.require_active(session, actor.team_id)
            waiting = reads.awaiting_approval(session, cycle, actor)
            text = t(lang, "goal.list.awaiting", count=len(waiting))
            review: list = [section(text)]
            for goal in waiting[:10]:
                owner = reads.owner_of(session, goal)
                headline = t(
                    lang,
                    "goal.proposed_to_manager",
                    owner=owner.slack_id,
                    cycle=escape(cycle.name),
                    title=escape(goal.title),
                )
                review += blocks.card(
                    lang, headline, goal, reads.metrics_of(session, goal), blocks.review_buttons(lang, goal)
                )
            if not body.get("response_url"):
                notices.dm(session, actor, "goal.review_list", f"review:{body.get('trigger_id')}", text, review[:50])
        if body.get("response_url"):
            respond(response_type="ephemeral", replace_original=False, text=text, blocks=review[:50])

    def on_mark_done(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond, context
    ) -> None:
        ack()
        actor, lang = context["actor"], context["lang"]
        with services.db.session() as session:
            goal = reads.get(session, actor.team_id, id_of(action))
            access.require_view_goal(session, actor, goal)
            tracking.mark_done(session, goal=goal, actor=actor, done=True, now=services.clock.now())
            owner = reads.owner_of(session, goal)
        replace_clicked(body, client, respond, t(lang, "goal.done_milestone", title=escape(goal.title)))
        republish(actor.team_id, actor.slack_id, *([owner.slack_id] if owner else []))

    app.action(blocks.MARK_DONE)(forms.localized(on_mark_done))
    app.action(blocks.EDIT)(forms.localized(on_edit))
    app.action(blocks.UPDATE)(forms.localized(on_update))
    app.action("goals.open_update")(forms.localized(on_update))
    app.action("goals.open_create")(forms.localized(on_open_create))
    app.action("goals.open_review")(forms.localized(on_open_review))
    app.action(blocks.HISTORY)(forms.localized(on_history))
