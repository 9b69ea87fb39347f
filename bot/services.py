"""What every handler and job needs, built once by the composition root (`bot/app.py`).

Every dependency between features is a member here, so a test can pass its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from slack_sdk import WebClient

from bot.checkins.goal_source import NO_GOALS, GoalSource
from bot.checkins.render import TEXT, Renderer
from bot.config import Settings
from bot.delivery.clock import Clock
from bot.delivery.planning import Planner
from bot.delivery.sender import Sender
from bot.record.feedback import GoalLookup
from bot.reports.data import ReviewSource
from storage.db import Database


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    client_for: Callable[[str], WebClient]  # the WebClient that speaks for a workspace (team_id)
    sender: Sender
    planners: list[Planner] = field(default_factory=list)  # what the clock runs each tick
    checkin_goals: GoalSource = NO_GOALS  # how check-ins read and move goals
    checkin_renderer: Renderer = TEXT  # how check-in messages look
    goal_choices: GoalLookup | None = None  # the goals feedback may link to; None when goals are not installed
    report_reviews: ReviewSource | None = None  # how reports read reviews; None: the reviews tables
