"""Which bot token serves each workspace: one configured token, or each workspace's own OAuth install.

`perfbot serve` builds these before it answers health checks, so Bolt's OAuth flow lives apart (`bot.org.oauth`)
and the installation store is imported only when workspaces install by OAuth."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from slack_sdk import WebClient

from bot.config import Settings
from bot.delivery.slack_http import KeepAliveWebClient
from bot.errors import NotFound
from storage.db import Database

if TYPE_CHECKING:
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore


class WorkspaceClients:
    """A WebClient per workspace: the configured token, or the token stored when the workspace installed."""

    def __init__(self, settings: Settings, base: WebClient, store: SQLAlchemyInstallationStore | None) -> None:
        self.settings, self.base, self.store = settings, base, store
        self._clients: dict[str, WebClient] = {}
        self._lock = threading.Lock()

    def __call__(self, team_id: str) -> WebClient:
        if self.store is None:
            return self.base
        with self._lock:
            if team_id not in self._clients:
                bot = self.store.find_bot(enterprise_id=None, team_id=team_id)
                if bot is None:
                    raise NotFound("install.not_installed", team=team_id)
                self._clients[team_id] = KeepAliveWebClient(
                    token=bot.bot_token, base_url=self.base.base_url, retry_handlers=self.base.retry_handlers
                )
            return self._clients[team_id]


def installation_store(settings: Settings, db: Database) -> SQLAlchemyInstallationStore | None:
    if not settings.installs_by_oauth:
        return None
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

    return SQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=db.engine)
