"""`/goal` and its buttons: create and edit goals, propose, approve or send back, acknowledge, update KPIs,
and the goals section of App Home."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot import access, cycles, goals, org, outbox
from bot.errors import Invalid, PerfbotError
from bot.i18n import language_for, t
from bot.services import Services
from bot.text import escape
from handlers import forms
from handlers.blocks import goals as blocks
from handlers.blocks.kit import section
from handlers.home import publish_home
from handlers.mentions import leading_mentions
from handlers.surface import Audience, Surface
from storage.cycles import Cycle
from storage.goals import Direction, Goal, GoalStatus, GoalType, Metric, OwnerKind
from storage.org import Person

HEADLINES = {
    "approve": "goal.done_approve",
    "acknowledge": "goal.done_acknowledge",
    "withdraw": "goal.done_withdraw",
}


# -- reading what was entered -------------------------------------------------------------------
def goal_input(entered: dict[str, Any]) -> goals.GoalInput:
    """The goal as typed: the main KPI / key result, then any further key results, one a line."""
    title = forms.text(entered, "title")
    goal_type = GoalType(entered.get("goal_type") or GoalType.KPI)
    weight = goals.parse_weight(entered.get("weight"))
    metrics: tuple[goals.MetricInput, ...] = ()
    start_text, target_text = forms.text(entered, "start"), forms.text(entered, "target")
    if goal_type != GoalType.MILESTONE and (start_text or target_text):
        first = goals.MetricInput(
            name=forms.text(entered, "metric") or title,
            start=goals.parse_number(start_text, field="start"),
            target=goals.parse_number(target_text, field="target"),
            unit=forms.text(entered, "unit"),
            direction=Direction(entered.get("direction") or Direction.HIGHER),
        )
        metrics = (first,)
    if goal_type != GoalType.MILESTONE:
        metrics += goals.parse_key_results(entered.get("key_results") or "")
    parent = entered.get("parent")
    return goals.GoalInput(
        title=title,
        goal_type=goal_type,
        weight=weight,
        perspective=entered.get("perspective"),
        description=forms.text(entered, "description"),
        due_on=forms.day(entered, "due_on"),
        parent_id=int(parent) if parent else None,
        metrics=metrics,
    )


def _event_period(session: Session, goal: Goal) -> str:
    return f"goal{goal.id}:e{goals.history(session, goal)[-1].id}"


def _dm(session: Session, person: Person, kind: str, period: str, text: str, body: list) -> None:
    outbox.enqueue(
        session,
        team_id=person.team_id,
        recipient=person.slack_id,
        kind=kind,
        period=period,
        message=outbox.message(text, body),
    )


def _card_for_owner(session: Session, goal: Goal, owner: Person, key: str, **params: Any) -> None:
    lang = language_for(owner.locale)
    text = t(lang, key, title=escape(goal.title), **params)
    body = blocks.card(lang, text, goal, goals.metrics_of(session, goal), blocks.owner_buttons(lang, goal))
    _dm(session, owner, "goal.owner", _event_period(session, goal), text, body)


def _ask_manager(session: Session, cycle: Cycle, goal: Goal, owner: Person) -> Person | None:
    manager = org.manager_of(session, owner)
    if manager is None:
        return None
    lang = language_for(manager.locale)
    text = t(lang, "goal.proposed_to_manager", owner=owner.slack_id, cycle=escape(cycle.name), title=escape(goal.title))
    body = blocks.card(lang, text, goal, goals.metrics_of(session, goal), blocks.review_buttons(lang, goal))
    _dm(session, manager, "goal.review", _event_period(session, goal), text, body)
    return manager


def _choices(session: Session, cycle: Cycle, actor: Person, only: Goal | None = None) -> list[tuple[Goal, Metric]]:
    """Metrics the actor may update: their own, and their direct reports'."""
    if only is not None:
        owned = [only]
    else:
        owned = goals.goals_of(session, cycle, actor)
        for report in org.direct_reports(session, actor):
            owned += goals.goals_of(session, cycle, report)
    return [(goal, metric) for goal in owned for metric in goals.metrics_of(session, goal)]


def register(app: App, services: Services, surface: Surface) -> None:
    def republish(team_id: str, *slack_ids: str) -> None:
        for slack_id in dict.fromkeys(slack_ids):
            publish_home(services, surface, team_id, slack_id)

    def goal_modal_for(
        session: Session,
        actor: Person,
        lang: str,
        goal: Goal | None = None,
        *,
        owner_kind: OwnerKind = OwnerKind.PERSON,
        department: str = "",
    ) -> dict:
        if goal is None:
            cycle = cycles.require_active(session, actor.team_id)
            if owner_kind != OwnerKind.PERSON:
                goals.may_create(session, actor, owner_kind, None, department)
        else:
            cycle = cycles.get(session, actor.team_id, goal.cycle_id)
        cycles.require_open(cycle)
        owner = goals.owner_of(session, goal) if goal else (actor if owner_kind == OwnerKind.PERSON else None)
        weights = cycles.weights_for(session, cycle, owner.department if owner else department)
        # Alignment runs company -> team -> person, through goals everyone may see.
        parents = [parent for parent in goals.shared_goals(session, cycle) if goal is None or parent.id != goal.id]
        metrics = goals.metrics_of(session, goal) if goal else []
        can_assign = owner_kind == OwnerKind.PERSON and (
            access.is_hr(actor) or bool(org.direct_reports(session, actor))
        )
        shared = {"owner_kind": owner_kind.value, "department": department} if owner_kind != OwnerKind.PERSON else {}
        return blocks.goal_modal(
            lang,
            cycle,
            blocks.perspectives_for(weights),
            parents,
            goal=goal,
            metric=metrics[0] if metrics else None,
            more=metrics[1:],
            can_assign=can_assign,
            shared=shared,
        )

    def update_modal_for(session: Session, actor: Person, lang: str, only: Goal | None = None) -> dict:
        cycle = cycles.require_active(session, actor.team_id)
        choices = _choices(session, cycle, actor, only)
        if not choices:
            raise Invalid("goal.no_metrics")
        return blocks.update_modal(lang, choices, initial=choices[0][1].id if only else None)

    # -- /goal ----------------------------------------------------------------------------------
    def goal_command(ack: Ack, command: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        actor, lang = context.get("actor"), context["lang"]
        if actor is None:
            raise PerfbotError("error.unknown_user")
        sub, _, rest = (command.get("text") or "").strip().partition(" ")
        sub = sub.lower()
        with services.db.session() as session:
            if sub in ("", "new", "create"):
                view = goal_modal_for(session, actor, lang)
            elif sub in ("company", "team"):
                department = rest.strip() or actor.department or ""
                view = goal_modal_for(session, actor, lang, owner_kind=OwnerKind(sub), department=department)
            elif sub == "update":
                view = update_modal_for(session, actor, lang)
            elif sub == "list":
                ids, _ = leading_mentions(rest)
                subject = org.get(session, actor.team_id, ids[0]) if ids else actor
                access.require_view(session, actor, subject)
                text, body = list_for(session, actor, lang, subject)
                ack(response_type="ephemeral", text=text, blocks=body)
                return
            else:
                raise Invalid("goal.usage")
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=view)

    def list_for(session: Session, actor: Person, lang: str, subject: Person) -> tuple[str, list]:
        cycle = cycles.require_active(session, actor.team_id)
        card = goals.person_scorecard(session, cycle, subject)
        shared = goals.shared_goals(session, cycle)
        metrics = {g.id: goals.metrics_of(session, g) for g in goals.goals_of(session, cycle, subject) + shared}
        own = subject.id == actor.id
        awaiting = len(goals.awaiting_approval(session, cycle, actor)) if own else 0
        if own:
            text = t(lang, "goal.list.title", cycle=cycle.name)
        else:
            text = t(lang, "goal.list.title_of", cycle=cycle.name, name=subject.name)
        return text, blocks.list_blocks(lang, cycle, card, metrics, shared, awaiting, title=text, own=own)

    app.command("/goal")(forms.localized(goal_command))
    surface.help(Audience.EVERYONE, "help.line.goal")

    # -- the goal modal -------------------------------------------------------------------------
    def on_goal_saved(ack: Ack, view: dict[str, Any], context: dict[str, Any]) -> None:
        actor = context["actor"]
        entered = forms.values(view)
        meta = forms.metadata(view)
        goal_id = meta.get("goal_id")
        now = services.clock.now()
        with services.db.session() as session:
            if meta.get("owner_kind") in (OwnerKind.COMPANY, OwnerKind.TEAM):
                cycle = cycles.require_active(session, actor.team_id)
                goal = goals.create(
                    session,
                    cycle=cycle,
                    actor=actor,
                    owner_kind=OwnerKind(meta["owner_kind"]),
                    department=meta.get("department") or None,
                    data=goal_input(entered),
                    now=now,
                )
            elif goal_id:
                goal = goals.get(session, actor.team_id, int(goal_id))
                access.require_view_goal(session, actor, goal)
                goals.edit(session, goal=goal, actor=actor, data=goal_input(entered), now=now)
            else:
                cycle = cycles.require_active(session, actor.team_id)
                owner_id = entered.get("owner")
                owner = org.get(session, actor.team_id, owner_id) if owner_id else actor
                goal = goals.create(session, cycle=cycle, actor=actor, owner=owner, data=goal_input(entered), now=now)
            owner = goals.owner_of(session, goal)
            cycle = cycles.get(session, actor.team_id, goal.cycle_id)
            announce_saved(session, cycle, goal, actor, owner)
            touched = [actor.slack_id] + ([owner.slack_id] if owner else [])
        ack()
        republish(actor.team_id, *touched)

    def announce_saved(session: Session, cycle: Cycle, goal: Goal, actor: Person, owner: Person | None) -> None:
        if owner is None:
            lang = language_for(actor.locale)
            text = t(lang, "goal.saved_shared", title=escape(goal.title))
            _dm(session, actor, "goal.saved", _event_period(session, goal), text, [section(text)])
        elif goal.status == GoalStatus.ASSIGNED and owner.id != actor.id:
            _card_for_owner(
                session, goal, owner, "goal.assigned_for_owner", manager=actor.slack_id, cycle=escape(cycle.name)
            )
        elif goal.status == GoalStatus.PROPOSED:
            _ask_manager(session, cycle, goal, owner)
            _card_for_owner(session, goal, owner, "goal.you_proposed", manager=org.manager_of(session, owner).slack_id)
        else:
            lang = language_for(owner.locale)
            _card_for_owner(session, goal, owner, "goal.saved", status=t(lang, f"status.{goal.status}"))

    app.view(blocks.GOAL_CALLBACK)(forms.localized(on_goal_saved))

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
            goal = goals.get(session, actor.team_id, goal_id)
            access.require_view_goal(session, actor, goal)
            goals.transition(session, goal=goal, actor=actor, action=action, now=now, comment=comment)
            owner = goals.owner_of(session, goal)
            cycle = cycles.get(session, actor.team_id, goal.cycle_id)
            touched = [actor.slack_id, owner.slack_id]
            if action == "propose":
                manager = _ask_manager(session, cycle, goal, owner)
                touched.append(manager.slack_id)
            elif action == "approve":
                _card_for_owner(session, goal, owner, "goal.approved_for_owner", manager=actor.slack_id)
            elif action == "request_changes":
                _card_for_owner(
                    session, goal, owner, "goal.changes_for_owner", manager=actor.slack_id, comment=escape(comment)
                )
            elif action == "acknowledge":
                manager = org.manager_of(session, owner)
                if manager is not None:
                    lang = language_for(manager.locale)
                    text = t(lang, "goal.acknowledged_for_manager", owner=owner.slack_id, title=escape(goal.title))
                    _dm(session, manager, "goal.acknowledged", _event_period(session, goal), text, [section(text)])
                    touched.append(manager.slack_id)
        return goal, touched

    def transition_button(action_name: str):
        def listener(
            ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond, context
        ) -> None:
            ack()
            actor, lang = context["actor"], context["lang"]
            goal, touched = do_transition(actor, int(action["value"]), action_name)
            if action_name == "propose":
                with services.db.session() as session:
                    manager = org.manager_of(session, goals.owner_of(session, goal))
                text = t(lang, "goal.you_proposed", title=escape(goal.title), manager=manager.slack_id)
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
            goal = goals.get(session, actor.team_id, int(action["value"]))
            access.require_view_goal(session, actor, goal)
            if goals.role_of(session, actor, goal) != goals.MANAGER:
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
            goal = goals.get(session, actor.team_id, int(action["value"]))
            access.require_view_goal(session, actor, goal)
            view = goal_modal_for(session, actor, lang, goal)
        client.views_open(trigger_id=body["trigger_id"], view=view)

    def on_update(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context) -> None:
        ack()
        actor, lang = context["actor"], context["lang"]
        with services.db.session() as session:
            only = None
            if action.get("action_id") == blocks.UPDATE:
                only = goals.get(session, actor.team_id, int(action["value"]))
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
            goal = goals.get(session, actor.team_id, int(action["value"]))
            access.require_view_goal(session, actor, goal)
            events = []
            for event in goals.history(session, goal):
                who = session.get(Person, event.actor_id) if event.actor_id else None
                events.append((event, who.slack_id if who else "USLACKBOT"))
        body = blocks.history_blocks(lang, goal, events)
        respond(response_type="ephemeral", replace_original=False, text=body[0]["text"]["text"], blocks=body)

    def on_open_review(ack: Ack, body: dict[str, Any], respond: Respond, context) -> None:
        ack()
        actor, lang = context["actor"], context["lang"]
        with services.db.session() as session:
            cycle = cycles.require_active(session, actor.team_id)
            waiting = goals.awaiting_approval(session, cycle, actor)
            text = t(lang, "goal.list.awaiting", count=len(waiting))
            review: list = [section(text)]
            for goal in waiting[:10]:
                owner = goals.owner_of(session, goal)
                headline = t(
                    lang,
                    "goal.proposed_to_manager",
                    owner=owner.slack_id,
                    cycle=escape(cycle.name),
                    title=escape(goal.title),
                )
                review += blocks.card(
                    lang, headline, goal, goals.metrics_of(session, goal), blocks.review_buttons(lang, goal)
                )
            if not body.get("response_url"):
                _dm(session, actor, "goal.review_list", f"review:{body.get('trigger_id')}", text, review[:50])
        if body.get("response_url"):
            respond(response_type="ephemeral", replace_original=False, text=text, blocks=review[:50])

    def on_mark_done(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond, context
    ) -> None:
        ack()
        actor, lang = context["actor"], context["lang"]
        with services.db.session() as session:
            goal = goals.get(session, actor.team_id, int(action["value"]))
            access.require_view_goal(session, actor, goal)
            goals.mark_done(session, goal=goal, actor=actor, done=True, now=services.clock.now())
            owner = goals.owner_of(session, goal)
        replace_clicked(body, client, respond, t(lang, "goal.done_milestone", title=escape(goal.title)))
        republish(actor.team_id, actor.slack_id, *([owner.slack_id] if owner else []))

    app.action(blocks.MARK_DONE)(forms.localized(on_mark_done))
    app.action(blocks.EDIT)(forms.localized(on_edit))
    app.action(blocks.UPDATE)(forms.localized(on_update))
    app.action("goals.open_update")(forms.localized(on_update))
    app.action("goals.open_create")(forms.localized(on_open_create))
    app.action("goals.open_review")(forms.localized(on_open_review))
    app.action(blocks.HISTORY)(forms.localized(on_history))

    # -- KPI values -----------------------------------------------------------------------------
    def on_value(ack: Ack, view: dict[str, Any], context: dict[str, Any]) -> None:
        actor = context["actor"]
        entered = forms.values(view)
        value = goals.parse_number(entered.get("value"), field="value")
        with services.db.session() as session:
            metric = goals.get_metric(session, actor.team_id, int(entered.get("metric") or 0))
            goal = goals.get(session, actor.team_id, metric.goal_id)
            access.require_view_goal(session, actor, goal)
            point = goals.record_value(session, metric=metric, value=value, now=services.clock.now(), actor=actor)
            lang = language_for(actor.locale)
            progress = blocks.scorecard.bar(blocks.scorecard.goal_progress(goal, goals.metrics_of(session, goal)))
            text = t(
                lang,
                "goal.value_recorded",
                value=blocks.number(value),
                unit=escape(metric.unit),
                metric=escape(metric.name),
                progress=progress,
            )
            _dm(session, actor, "goal.value", f"point{point.id}", text, [section(text)])
            owner = goals.owner_of(session, goal)
        ack()
        republish(actor.team_id, actor.slack_id, *([owner.slack_id] if owner else []))

    app.view(blocks.UPDATE_CALLBACK)(forms.localized(on_value))

    # -- App Home -------------------------------------------------------------------------------
    def home_section(session: Session, person: Person, lang: str) -> list:
        cycle = cycles.active(session, person.team_id)
        if cycle is None:
            return []
        card = goals.person_scorecard(session, cycle, person)
        metrics = {goal.id: goals.metrics_of(session, goal) for goal in goals.goals_of(session, cycle, person)}
        awaiting = len(goals.awaiting_approval(session, cycle, person))
        return blocks.home_blocks(lang, cycle, card, metrics, awaiting)

    surface.home_sections.append(home_section)
