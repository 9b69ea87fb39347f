"""`/goal`: the goal modal (create, edit, team and company goals), `/goal list`, `/goal update` for KPI
values, and the goals section of App Home. The buttons live in handlers/goals/buttons.py."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlmodel import Session

from bot.errors import Invalid, NotFound
from bot.goals import cycles, negotiation, reads, tracking
from bot.i18n import language_for, t
from bot.org import access, directory
from bot.services import Services
from bot.text import escape
from handlers import forms
from handlers.blocks import goals as blocks
from handlers.blocks.kit import section
from handlers.context import acting_person
from handlers.goals import notices
from handlers.home import publish_home
from handlers.mentions import leading_mentions
from handlers.surface import Audience, Surface, first_word_in
from storage.cycles import Cycle
from storage.goals import Direction, Goal, GoalType, Metric, OwnerKind
from storage.org import Person


# -- reading what was entered -------------------------------------------------------------------
def goal_input(entered: dict[str, Any]) -> negotiation.GoalInput:
    """The goal as typed: the main KPI / key result, then any further key results, one a line."""
    title = forms.text(entered, "title")
    goal_type = GoalType(entered.get("goal_type") or GoalType.KPI)
    weight = negotiation.parse_weight(entered.get("weight"))
    metrics: tuple[negotiation.MetricInput, ...] = ()
    start_text, target_text = forms.text(entered, "start"), forms.text(entered, "target")
    if goal_type != GoalType.MILESTONE and (start_text or target_text):
        first = negotiation.MetricInput(
            name=forms.text(entered, "metric") or title,
            start=negotiation.parse_number(start_text, field="start"),
            target=negotiation.parse_number(target_text, field="target"),
            unit=forms.text(entered, "unit"),
            direction=Direction(entered.get("direction") or Direction.HIGHER),
        )
        metrics = (first,)
    if goal_type != GoalType.MILESTONE:
        metrics += negotiation.parse_key_results(entered.get("key_results") or "")
    parent = entered.get("parent")
    return negotiation.GoalInput(
        title=title,
        goal_type=goal_type,
        weight=weight,
        perspective=entered.get("perspective"),
        description=forms.text(entered, "description"),
        due_on=forms.day(entered, "due_on"),
        parent_id=int(parent) if parent else None,
        metrics=metrics,
    )


CYCLE_OPTION = re.compile(r'--cycle\s+(?:"([^"]+)"|“([^”]+)”|(\S+))')


def cycle_option(text: str) -> tuple[str, str | None]:
    """`@ken --cycle "2027 Q1"` -> ("@ken", "2027 Q1"): the text without the option, and the cycle's name."""
    match = CYCLE_OPTION.search(text)
    if match is None:
        return text, None
    name = next(group for group in match.groups() if group)
    return (text[: match.start()] + text[match.end() :]).strip(), name.strip()


def _choices(session: Session, cycle: Cycle, actor: Person, only: Goal | None = None) -> list[tuple[Goal, Metric]]:
    """Metrics the actor may update: their own, and their direct reports'."""
    if only is not None:
        owned = [only]
    else:
        owned = reads.goals_of(session, cycle, actor)
        for report in directory.direct_reports(session, actor):
            owned += reads.goals_of(session, cycle, report)
    return [(goal, metric) for goal in owned for metric in reads.metrics_of(session, goal)]


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
            negotiation.may_create(session, actor, owner_kind, None, department)
    else:
        cycle = cycles.get(session, actor.team_id, goal.cycle_id)
    cycles.require_open(cycle)
    owner = reads.owner_of(session, goal) if goal else (actor if owner_kind == OwnerKind.PERSON else None)
    weights = cycles.weights_for(session, cycle, owner.department if owner else department)
    # Alignment runs company -> team -> person, through goals everyone may see.
    parents = [parent for parent in reads.shared_goals(session, cycle) if goal is None or parent.id != goal.id]
    metrics = reads.metrics_of(session, goal) if goal else []
    can_assign = owner_kind == OwnerKind.PERSON and (
        access.is_hr(actor) or bool(directory.direct_reports(session, actor))
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


def publish_all(services: Services, surface: Surface, team_id: str, *slack_ids: str) -> None:
    for slack_id in dict.fromkeys(slack_ids):
        publish_home(services, surface, team_id, slack_id)


def register(app: App, services: Services, surface: Surface) -> None:
    def republish(team_id: str, *slack_ids: str) -> None:
        publish_all(services, surface, team_id, *slack_ids)

    # -- /goal ----------------------------------------------------------------------------------
    def goal_command(ack: Ack, command: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        actor, lang = acting_person(context), context["lang"]
        sub, _, rest = (command.get("text") or "").strip().partition(" ")
        sub = sub.lower()
        with services.db.read(actor) as session:  # the list, or a form to open: nothing is written here
            if sub in ("", "new", "create"):
                view = goal_modal_for(session, actor, lang)
            elif sub in ("company", "team"):
                department = rest.strip() or actor.department or ""
                view = goal_modal_for(session, actor, lang, owner_kind=OwnerKind(sub), department=department)
            elif sub == "update":
                view = update_modal_for(session, actor, lang)
            elif sub == "list":
                rest, cycle_name = cycle_option(rest)
                ids, _ = leading_mentions(rest)
                subject = directory.get(session, actor.team_id, ids[0]) if ids else actor
                access.require_view(session, actor, subject)
                cycle = None
                if cycle_name:  # a past (closed) cycle stays readable
                    cycle = cycles.by_name(session, actor.team_id, cycle_name)
                    if cycle is None:
                        raise NotFound("cycle.not_found")
                text, body = list_for(session, actor, lang, subject, cycle)
                ack(response_type="ephemeral", text=text, blocks=body)
                return
            else:
                raise Invalid("goal.usage")
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=view)

    def list_for(
        session: Session, actor: Person, lang: str, subject: Person, cycle: Cycle | None = None
    ) -> tuple[str, list]:
        cycle = cycle or cycles.require_active(session, actor.team_id)
        card = reads.person_scorecard(session, cycle, subject)
        shared = reads.shared_goals(session, cycle)
        metrics = reads.metrics_for(session, reads.goals_of(session, cycle, subject) + shared)
        own = subject.id == actor.id
        awaiting = len(reads.awaiting_approval(session, cycle, actor)) if own else 0
        if own:
            text = t(lang, "goal.list.title", cycle=cycle.name)
        else:
            text = t(lang, "goal.list.title_of", cycle=cycle.name, name=subject.name)
        return text, blocks.list_blocks(lang, cycle, card, metrics, shared, awaiting, title=text, own=own)

    app.command("/goal")(forms.localized(goal_command))
    surface.reads_only("/goal", first_word_in("list"))
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
                goal = negotiation.create(
                    session,
                    cycle=cycle,
                    actor=actor,
                    owner_kind=OwnerKind(meta["owner_kind"]),
                    department=meta.get("department") or None,
                    data=goal_input(entered),
                    now=now,
                )
            elif goal_id:
                goal = reads.get(session, actor.team_id, int(goal_id))
                access.require_view_goal(session, actor, goal)
                negotiation.edit(session, goal=goal, actor=actor, data=goal_input(entered), now=now)
            else:
                cycle = cycles.require_active(session, actor.team_id)
                owner_id = entered.get("owner")
                owner = directory.get(session, actor.team_id, owner_id) if owner_id else actor
                goal = negotiation.create(
                    session, cycle=cycle, actor=actor, owner=owner, data=goal_input(entered), now=now
                )
            owner = reads.owner_of(session, goal)
            cycle = cycles.get(session, actor.team_id, goal.cycle_id)
            notices.announce_saved(session, cycle, goal, actor, owner)
            touched = [actor.slack_id] + ([owner.slack_id] if owner else [])
        ack()
        republish(actor.team_id, *touched)

    app.view(blocks.GOAL_CALLBACK)(forms.localized(on_goal_saved))

    # -- KPI values -----------------------------------------------------------------------------
    def on_value(ack: Ack, view: dict[str, Any], context: dict[str, Any]) -> None:
        actor = context["actor"]
        entered = forms.values(view)
        value = negotiation.parse_number(entered.get("value"), field="value")
        with services.db.session() as session:
            metric = tracking.get_metric(session, actor.team_id, int(entered.get("metric") or 0))
            goal = reads.get(session, actor.team_id, metric.goal_id)
            access.require_view_goal(session, actor, goal)
            point = tracking.record_value(session, metric=metric, value=value, now=services.clock.now(), actor=actor)
            lang = language_for(actor.locale)
            progress = blocks.scorecard.bar(blocks.scorecard.goal_progress(goal, reads.metrics_of(session, goal)))
            text = t(
                lang,
                "goal.value_recorded",
                value=blocks.number(value),
                unit=escape(metric.unit),
                metric=escape(metric.name),
                progress=progress,
            )
            notices.dm(session, actor, "goal.value", f"point{point.id}", text, [section(text)])
            owner = reads.owner_of(session, goal)
        ack()
        republish(actor.team_id, actor.slack_id, *([owner.slack_id] if owner else []))

    app.view(blocks.UPDATE_CALLBACK)(forms.localized(on_value))

    # -- App Home -------------------------------------------------------------------------------
    def home_section(session: Session, person: Person, lang: str) -> list:
        cycle = cycles.active(session, person.team_id)
        if cycle is None:
            return []
        card = reads.person_scorecard(session, cycle, person)
        _, metrics = reads.goals_with_metrics(session, cycle, person)  # read with the scorecard: asked once
        awaiting = reads.awaiting_approval_count(session, cycle, person)
        return blocks.home_blocks(lang, cycle, card, metrics, awaiting)

    surface.home_sections.append(home_section)
