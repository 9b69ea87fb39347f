"""Tables of slack_sdk's SQLAlchemy installation and OAuth state stores, so Alembic manages them too."""

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData

metadata = MetaData()
SQLAlchemyInstallationStore.build_installations_table(
    metadata, SQLAlchemyInstallationStore.default_installations_table_name
)
SQLAlchemyInstallationStore.build_bots_table(metadata, SQLAlchemyInstallationStore.default_bots_table_name)
SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, SQLAlchemyOAuthStateStore.default_table_name)
