"""replicas: fenced delivery claims, per-workspace sender leases, the clock's heartbeat

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("delivery", sa.Column("claim_token", sa.BigInteger(), nullable=True))
    op.create_table(
        "senderlease",
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("holder", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("paused_until", storage.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["team_id"], ["workspace.team_id"]),
        sa.PrimaryKeyConstraint("team_id"),
    )
    op.create_table(
        "clockbeat",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("holder", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("ticked_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("tick_seconds", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("clockbeat")
    op.drop_table("senderlease")
    with op.batch_alter_table("delivery") as batch:
        batch.drop_column("claim_token")
