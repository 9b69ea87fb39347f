"""Registers every review listener: the form, the commands, and HR's /perf commands."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from handlers.reviews import commands, forms, hr
from handlers.surface import Surface


def register(app: App, services: Services, surface: Surface) -> None:
    forms.register(app, services, surface)
    commands.register(app, services, surface)
    hr.register(app, services, surface)
