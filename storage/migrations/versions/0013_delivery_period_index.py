"""delivery period index: planners look up a kind's deliveries by period (which prompts of a day were
sent, which digests of a week are queued) without reading every row of the kind

Revision ID: 0013_delivery_period
Revises: 0013_planned_state
"""

from alembic import op

revision = "0013_delivery_period"
down_revision = "0013_planned_state"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.create_index("ix_delivery_period", ["team_id", "kind", "period"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_delivery_period")
