"""The composition root: builds the services and the Bolt app, and registers every handler."""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass

from slack_bolt import App
from slack_bolt.oauth import OAuthFlow
from slack_sdk import WebClient

from bot import checkin_goals, feedback, goal_checkins, installations
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.sender import Sender
from bot.services import Services
from handlers import register_all
from handlers.surface import Surface
from storage import migrate
from storage.db import Database


@dataclass
class Perfbot:
    app: App
    services: Services
    surface: Surface


def connect_goals() -> None:
    """Plug goals into the features that speak of them (unless a test plugged in its own stand-in)."""
    if isinstance(checkin_goals.source(), checkin_goals.NoGoals):
        checkin_goals.use(goal_checkins.CycleGoals())
    if goal_checkins.goal_choices not in feedback.goal_lookups:
        feedback.goal_lookups.append(goal_checkins.goal_choices)


def build(
    settings: Settings,
    *,
    clock: Clock | None = None,
    listener_executor: Executor | None = None,
    migrate_schema: bool = True,
) -> Perfbot:
    """Everything wired together; `clock` and `listener_executor` are for tests and the shell."""
    db = Database(settings.database_url)
    if migrate_schema:
        migrate.upgrade(db.engine)
    clock = clock or SystemClock()
    connect_goals()
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    store = installations.installation_store(settings, db)
    client_for = installations.WorkspaceClients(settings, client, store)
    services = Services(
        settings=settings, db=db, clock=clock, client_for=client_for, sender=Sender(db, client_for, clock)
    )
    oauth_flow = None
    if store is not None:
        oauth_flow = OAuthFlow(client=client, settings=installations.oauth_settings(settings, db, store))
    app = App(
        client=client,
        oauth_flow=oauth_flow,
        # HTTP mode verifies every request with the secret; Bolt skips the check for Socket Mode,
        # which needs no secret.
        signing_secret=settings.slack_signing_secret or "",
        listener_executor=listener_executor,
    )
    surface = register_all(app, services)
    return Perfbot(app=app, services=services, surface=surface)


def create_app(settings: Settings) -> App:
    return build(settings).app
