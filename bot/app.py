"""The composition root: builds the services and the Bolt app, and registers every handler."""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

from slack_bolt import App
from slack_bolt.oauth import OAuthFlow

from bot.checkins.goal_source import CycleGoals
from bot.coaching import onboarding
from bot.config import Settings
from bot.delivery.clock import Clock
from bot.goals import negotiation
from bot.launch import Core, build_core, reuse_token_check
from bot.org import oauth
from bot.planners import planners
from bot.services import Services
from handlers.blocks.checkins import BlocksRenderer
from handlers.bolt_app import PerfbotApp
from handlers.features import register_all
from handlers.surface import Surface


@dataclass
class Perfbot:
    app: App
    services: Services
    surface: Surface
    clockwork: Any = None  # bot.delivery.scheduler.Clockwork, once `perfbot serve`/`run` starts the clock


def build(
    settings: Settings,
    *,
    clock: Clock | None = None,
    listener_executor: Executor | None = None,
    migrate_schema: bool = True,
    core: Core | None = None,
) -> Perfbot:
    """Everything wired together; `clock` and `listener_executor` are for tests and the shell, `core` for a
    start that serves health while the rest is built (`bot.launch`)."""
    core = core or build_core(settings, clock=clock, migrate_schema=migrate_schema)
    db, clock, client, store, client_for = core.db, core.clock, core.client, core.store, core.client_for
    renderer = BlocksRenderer()
    services = Services(
        settings=settings,
        db=db,
        clock=clock,
        client_for=client_for,
        sender=core.sender,
        planners=planners(renderer),
        checkin_goals=CycleGoals(),
        checkin_renderer=renderer,
        goal_choices=negotiation.goal_choices,
    )
    oauth_flow = None
    if store is not None:

        def greet(session, person) -> None:
            """The installer gets coaching's welcome, with HR's setup checklist once they are HR."""
            onboarding.welcome(session, person, clock.now())

        oauth_flow = OAuthFlow(client=client, settings=oauth.oauth_settings(settings, db, store, greet))
    app = PerfbotApp(
        name="perfbot",  # Bolt would otherwise read the caller's source file to name itself
        services=services,
        client=client,
        oauth_flow=oauth_flow,
        # HTTP mode verifies every request with the secret; Bolt skips the check for Socket Mode,
        # which needs no secret.
        signing_secret=settings.slack_signing_secret or "",
        listener_executor=listener_executor,
        token_verification_enabled=core.token_check is None,  # `Core.verify_token` asked auth.test already
    )
    if core.token_check is not None:
        reuse_token_check(app, core.token_check)
    surface = register_all(app, services)
    app.answer_in_ack_here(surface.needs_no_claim)  # the commands that only read or write once
    return Perfbot(app=app, services=services, surface=surface)


def create_app(settings: Settings) -> App:
    return build(settings).app
