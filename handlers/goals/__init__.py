"""Goals in Slack: `/goal` and its modals, the negotiation buttons, and the DMs they announce."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from handlers.goals import buttons, commands
from handlers.surface import Surface


def register(app: App, services: Services, surface: Surface) -> None:
    commands.register(app, services, surface)
    buttons.register(app, services, surface)
