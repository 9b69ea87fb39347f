"""Every table Perfbot owns: importing the table modules completes `SQLModel.metadata` for Alembic."""

from sqlmodel import SQLModel

from storage import checkins, cycles, events, goals, org, outbox, slack_install  # noqa: F401 - for their tables

# Alembic compares the database with all of these.
metadata = [SQLModel.metadata, slack_install.metadata]
