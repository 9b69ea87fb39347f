"""plan planned state: the week whose prompt each plan's owner got, and the next day on which each action can
have slipped, so a quiet minute decides in one or two queries that no plan has anything due

Revision ID: 0013_plan_planned_state
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_plan_planned_state"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Left empty: the next pass plans (or finds already queued) whatever is due and fills them in.
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prompted_week", sa.String(length=16), nullable=True))
    with op.batch_alter_table("planaction", schema=None) as batch_op:
        batch_op.add_column(sa.Column("slips_due_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("planaction", schema=None) as batch_op:
        batch_op.drop_column("slips_due_on")
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("prompted_week")
