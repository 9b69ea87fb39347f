"""Bolt's OAuth install flow (/slack/install, /slack/oauth_redirect): the scopes it asks for, and the installer
made the workspace's first HR admin."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt.oauth.callback_options import CallbackOptions, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlmodel import Session

from bot.config import Settings
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
