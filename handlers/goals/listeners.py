"""Registers every goal listener: the commands and modals, then the buttons."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from handlers.goals import buttons, commands
from handlers.surface import Surface


def register(app: App, services: Services, surface: Surface) -> None:
    commands.register(app, services, surface)
    buttons.register(app, services, surface)
