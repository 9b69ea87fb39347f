"""planned state of plans, peer requests and action items: the week whose prompt each plan's owner got, the
next day on which each plan action can have slipped, how many reminders each peer-feedback ask has had, and
whether each action item's due reminder is queued, so a quiet minute decides in a small query or two that
nothing is due

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
    with op.batch_alter_table("agendaitem", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_reminded", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("agendaitem", schema=None) as batch_op:
        batch_op.drop_column("due_reminded")
    with op.batch_alter_table("feedbackask", schema=None) as batch_op:
        batch_op.drop_column("reminders_planned")
    with op.batch_alter_table("planaction", schema=None) as batch_op:
        batch_op.drop_column("slips_due_on")
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("prompted_week")
