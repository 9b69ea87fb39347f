"""Keeps people in step with Slack (`team_join`, `user_change`) and gives HR `/perf admin …`."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.errors import Invalid
from bot.i18n import t
from bot.org import directory, slack_sync
from bot.org.access import require_hr
from bot.org.csv_import import ROLE_NAMES
from bot.services import Services
from bot.text import escape
from handlers.home import publish_home
from handlers.mentions import leading_mentions
from handlers.surface import Audience, PerfRequest, Surface


def register(app: App, services: Services, surface: Surface) -> None:
    def on_profile_event(event: dict[str, Any], context: dict[str, Any]) -> None:
        profile = slack_sync.profile_from_member(event["user"])
        if profile is None:
            return
        with services.db.session() as session:
            person, changed = directory.upsert(session, context["team_id"], profile)
            directory.bootstrap_hr_admins(
                session, context["team_id"], services.settings.hr_admins_for(context["team_id"])
            )
            if event["type"] == "team_join":
                for hook in surface.joined:
                    hook(session, person)
        if changed and person.is_active:
            publish_home(services, surface, context["team_id"], person.slack_id)

    app.event("team_join")(on_profile_event)
    app.event("user_change")(on_profile_event)

    def admin(request: PerfRequest) -> None:
        require_hr(request.actor)
        action, _, rest = request.args.partition(" ")
        handler = ADMIN_ACTIONS.get(action.lower())
        if handler is None:
            raise Invalid("admin.usage")
        touched = handler(request, rest)
        for slack_id in touched:
            publish_home(services, surface, request.actor.team_id, slack_id)

    def set_manager(request: PerfRequest, rest: str) -> list[str]:
        ids, tail = leading_mentions(rest)
        clearing = len(ids) == 1 and tail.lower() in {"none", "-"}
        if len(ids) != 2 and not clearing:
            raise Invalid("admin.set_manager.usage")
        team_id = request.actor.team_id
        with services.db.session() as session:
            person = directory.get(session, team_id, ids[0])
            old_manager = directory.manager_of(session, person)
            manager = None if clearing else directory.get(session, team_id, ids[1])
            directory.set_manager(session, person, manager)
            if manager is not None:
                session.flush()
                for hook in surface.got_report:
                    hook(session, manager)
        text = (
            t(request.lang, "admin.manager_cleared", person=ids[0])
            if clearing
            else t(request.lang, "admin.manager_set", person=ids[0], manager=ids[1])
        )
        request.ack(response_type="ephemeral", text=text)
        return [ids[0], *ids[1:2], *([old_manager.slack_id] if old_manager else [])]

    def set_role(request: PerfRequest, rest: str) -> list[str]:
        ids, tail = leading_mentions(rest)
        role = ROLE_NAMES.get(tail.lower())
        if len(ids) != 1 or role is None:
            raise Invalid("admin.set_role.usage")
        with services.db.session() as session:
            directory.set_role(directory.get(session, request.actor.team_id, ids[0]), role)
        request.ack(
            response_type="ephemeral",
            text=t(request.lang, "admin.role_set", person=ids[0], role=t(request.lang, f"role.{role}")),
        )
        return ids

    def set_department(request: PerfRequest, rest: str) -> list[str]:
        ids, department = leading_mentions(rest)
        if len(ids) != 1 or not department or len(department) > 255:
            raise Invalid("admin.set_department.usage")
        with services.db.session() as session:
            directory.set_department(directory.get(session, request.actor.team_id, ids[0]), department)
        request.ack(
            response_type="ephemeral",
            text=t(request.lang, "admin.department_set", person=ids[0], department=escape(department)),
        )
        return ids

    def sync(request: PerfRequest, rest: str) -> list[str]:
        request.ack(response_type="ephemeral", text=t(request.lang, "admin.sync_started"))
        count = slack_sync.sync_workspace(
            services.db, request.client, request.actor.team_id, services.settings.hr_admins_for(request.actor.team_id)
        )
        request.respond(response_type="ephemeral", text=t(request.lang, "admin.sync_done", count=count))
        return []

    ADMIN_ACTIONS = {"set-manager": set_manager, "set-role": set_role, "set-department": set_department, "sync": sync}
    surface.perf_command("admin", admin)
    surface.help(Audience.HR, "help.line.admin")
