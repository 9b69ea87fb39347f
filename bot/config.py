"""Settings read from the environment and `.env` (pydantic-settings)."""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SLACK_APP_SETTINGS = "https://api.slack.com/apps"

# Where a person finds each setting; used to explain a missing or malformed one.
# The largest request body any route accepts (`bot/web.py`'s gate, the feeds API, waitress). Slack's requests
# are a few kilobytes (a modal of 100 blocks stays well under this); 500 feed points fit with room to spare.
MAX_BODY_BYTES = 1024 * 1024

WHERE_TO_GET = {
    "SLACK_BOT_TOKEN": f"{SLACK_APP_SETTINGS} > your app > OAuth & Permissions > Bot User OAuth Token (xoxb-…)",
    "SLACK_SIGNING_SECRET": f"{SLACK_APP_SETTINGS} > your app > Basic Information > Signing Secret",
    "SLACK_APP_TOKEN": f"{SLACK_APP_SETTINGS} > your app > Basic Information > App-Level Tokens, "
    "scope connections:write (xapp-…)",
    "DATABASE_URL": "a SQLAlchemy URL such as sqlite:///perfbot.db or postgresql+psycopg://user@host/db",
    "SLACK_API_URL": "the Slack Web API base URL, e.g. https://slack.com/api/",
    "PERFBOT_HR_ADMINS": "a comma-separated list of e-mails or Slack user ids",
    "PERFBOT_HR_ADMINS_TEAM": "the Slack team id (T…) of the workspace PERFBOT_HR_ADMINS applies to",
    "PERFBOT_API_URL": "the address integrations reach `perfbot serve` at, e.g. https://perfbot.example.com",
    "PERFBOT_API_RATE_PER_MINUTE": "a whole number of requests per minute per API token, e.g. 120",
    "SLACK_CLIENT_ID": f"{SLACK_APP_SETTINGS} > your app > Basic Information > App Credentials > Client ID",
    "SLACK_CLIENT_SECRET": f"{SLACK_APP_SETTINGS} > your app > Basic Information > App Credentials > Client Secret",
}


class Settings(BaseSettings):
    """Everything Perfbot reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    slack_bot_token: str | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(default=None, alias="SLACK_APP_TOKEN")
    database_url: str = Field(default="sqlite:///perfbot.db", alias="DATABASE_URL")
    slack_api_url: str = Field(default="https://slack.com/api/", alias="SLACK_API_URL")
    hr_admins: str = Field(default="", alias="PERFBOT_HR_ADMINS")
    hr_admins_team: str | None = Field(default=None, alias="PERFBOT_HR_ADMINS_TEAM")
    slack_client_id: str | None = Field(default=None, alias="SLACK_CLIENT_ID")
    slack_client_secret: str | None = Field(default=None, alias="SLACK_CLIENT_SECRET")
    # Delivery and the clock (several replicas share them through the database).
    tick_seconds: float = Field(default=60.0, gt=0, alias="PERFBOT_TICK_SECONDS")
    delivery_lease_seconds: float = Field(default=20.0, gt=0, alias="PERFBOT_DELIVERY_LEASE_SECONDS")
    workspace_rate: float = Field(default=5.0, gt=0, alias="PERFBOT_WORKSPACE_RATE")
    api_url: str = Field(default="http://127.0.0.1:3000", alias="PERFBOT_API_URL")  # shown in curl examples
    api_rate_per_minute: int = Field(default=120, ge=1, alias="PERFBOT_API_RATE_PER_MINUTE")  # per API token

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_shape(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("xoxb-"):
            raise ValueError("must start with xoxb-")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token_shape(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("xapp-"):
            raise ValueError("must start with xapp-")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url_shape(cls, value: str) -> str:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            make_url(value)
        except ArgumentError as error:
            raise ValueError("is not a database URL") from error
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_shape(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return value if value.endswith("/") else value + "/"

    @property
    def installs_by_oauth(self) -> bool:
        """With a client id, each workspace installs Perfbot itself (OAuth); otherwise one bot token serves."""
        return bool(self.slack_client_id)

    @property
    def hr_admin_ids(self) -> set[str]:
        """Slack ids and e-mails (lower-cased) listed in PERFBOT_HR_ADMINS."""
        return {item.strip().lower() for item in self.hr_admins.split(",") if item.strip()}

    def hr_admins_for(self, team_id: str) -> set[str]:
        """Who PERFBOT_HR_ADMINS makes HR admin in workspace `team_id`: the list applies to the workspace
        PERFBOT_HR_ADMINS_TEAM names, else to the one workspace a single bot token serves; never to every
        workspace that installs Perfbot by OAuth."""
        if self.hr_admins_team:
            return self.hr_admin_ids if team_id == self.hr_admins_team else set()
        return set() if self.installs_by_oauth else self.hr_admin_ids


class MissingSetting(Exception):
    """A setting a command needs is absent."""

    def __init__(self, variable: str) -> None:
        super().__init__(variable)
        self.variable = variable

    def __str__(self) -> str:
        return f"{self.variable} is not set. Get it from {WHERE_TO_GET[self.variable]}."


def require(settings: Settings, *variables: str) -> None:
    """Raise MissingSetting for the first of `variables` that has no value."""
    for variable in variables:
        field = next(name for name, info in Settings.model_fields.items() if info.alias == variable)
        if not getattr(settings, field):
            raise MissingSetting(variable)
