"""What every handler and job needs, built once by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient

from bot.clock import Clock
from bot.config import Settings
from bot.sender import Sender
from storage.db import Database


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    client_for: Callable[[str], WebClient]  # the WebClient that speaks for a workspace (team_id)
    sender: Sender
