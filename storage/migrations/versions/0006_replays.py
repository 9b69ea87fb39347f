"""replays: handled requests with their first answer; deliveries that belong to an anonymous flow

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handledrequest",
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("request_key", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("handled_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("team_id", "request_key"),
    )
    op.create_index("ix_handledrequest_handled_at", "handledrequest", ["handled_at"], unique=False)
    with op.batch_alter_table("delivery") as batch:
        batch.add_column(sa.Column("anonymous", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("delivery") as batch:
        batch.drop_column("anonymous")
    op.drop_index("ix_handledrequest_handled_at", table_name="handledrequest")
    op.drop_table("handledrequest")
