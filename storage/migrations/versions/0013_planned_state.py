"""planned state of plans and peer requests: the week whose prompt each plan's owner got, the next day on which
each plan action can have slipped, and how many reminders each peer-feedback ask has had, so a quiet minute
decides in one or two small queries that nothing is due

Revision ID: 0013_planned_state
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_planned_state"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Left empty: the next pass plans (or finds already queued) whatever is due and fills them in.
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prompted_week", sa.String(length=16), nullable=True))
    with op.batch_alter_table("planaction", schema=None) as batch_op:
        batch_op.add_column(sa.Column("slips_due_on", sa.Date(), nullable=True))
    # Asks made before this revision count as never reminded: the next pass finds what is queued already.
    with op.batch_alter_table("feedbackask", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminders_planned", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("feedbackask", schema=None) as batch_op:
        batch_op.drop_column("reminders_planned")
    with op.batch_alter_table("planaction", schema=None) as batch_op:
        batch_op.drop_column("slips_due_on")
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("prompted_week")
