"""Which bot token serves each workspace: one configured token, or each workspace's own OAuth install."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from slack_bolt.oauth.callback_options import CallbackOptions, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlmodel import Session

from bot.config import Settings
from bot.delivery.slack_http import KeepAliveWebClient
from bot.errors import NotFound
from bot.org import directory, slack_sync
from storage.db import Database
from storage.org import Person, Role

# The least the code uses: DMs and channel posts; people and e-mails; conversations.open and the
# history read that tells a message sent before a crash from one never sent.
BOT_SCOPES = [
    "commands",
    "chat:write",
    "chat:write.public",  # kudos and digests in a channel the bot was not invited to
    "users:read",
    "users:read.email",
    "im:write",
    "im:history",
    "channels:history",
    "files:write",  # report charts and exports uploaded to the asker's DM
]
OAUTH_STATE_SECONDS = 600

logger = logging.getLogger(__name__)


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
    return SQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=db.engine)


def oauth_settings(
    settings: Settings,
    db: Database,
    store: SQLAlchemyInstallationStore,
    on_installed: Callable[[Session, Person], None] | None = None,
) -> OAuthSettings:
    """Bolt's OAuth flow on /slack/install and /slack/oauth_redirect; the installer becomes the first HR admin,
    and `on_installed` (from the composition root) may greet them in the same transaction."""

    def on_success(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        client = WebClient(token=installation.bot_token, base_url=settings.slack_api_url)
        profile = slack_sync.fetch_profile(client, installation.user_id)
        if profile is not None:
            with db.session() as session:
                directory.ensure_workspace(session, installation.team_id, installation.team_name or "")
                installer, _ = directory.upsert(session, installation.team_id, profile)
                if not directory.has_hr_admin(session, installation.team_id):
                    directory.set_role(installer, Role.HR_ADMIN)
                if on_installed is not None:
                    on_installed(session, installer)
        return args.default.success(args)

    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=BOT_SCOPES,
        installation_store=store,
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=OAUTH_STATE_SECONDS, engine=db.engine),
        install_path="/slack/install",
        redirect_uri_path="/slack/oauth_redirect",
        callback_options=CallbackOptions(success=on_success, failure=lambda args: args.default.failure(args)),
    )
