"""review result columns: the self and manager components and the potential as plain columns, so calibration
reads them without parsing each result's breakdown

Revision ID: 0012
Revises: 0011
"""

import json

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reviewresult", schema=None) as batch_op:
        batch_op.add_column(sa.Column("self_value", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("manager_value", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("potential", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("planned_at", storage.types.UTCDateTime(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, breakdown FROM reviewresult")).all()
    values = []
    for rid, breakdown in rows:
        data = json.loads(breakdown) if isinstance(breakdown, str) else breakdown or {}
        parts = {row.get("name"): row.get("value") for row in data.get("components", [])}
        values.append({"id": rid, "s": parts.get("self"), "m": parts.get("manager"), "p": data.get("potential")})
    if values:
        connection.execute(
            sa.text("UPDATE reviewresult SET self_value = :s, manager_value = :m, potential = :p WHERE id = :id"),
            values,
        )
    # results released before this revision were told at release
    connection.execute(sa.text("UPDATE reviewresult SET planned_at = released_at WHERE released_at IS NOT NULL"))


def downgrade() -> None:
    with op.batch_alter_table("reviewresult", schema=None) as batch_op:
        batch_op.drop_column("planned_at")
        batch_op.drop_column("potential")
        batch_op.drop_column("manager_value")
        batch_op.drop_column("self_value")
