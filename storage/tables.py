"""Every table Perfbot owns: importing the table modules completes `SQLModel.metadata` for Alembic."""

from sqlmodel import SQLModel

from storage import (  # noqa: F401 - imported for their tables
    checkins,
    coaching,
    cycles,
    events,
    feedback,
    feeds,
    goals,
    oneonone,
    org,
    outbox,
    plans,
    replays,
    reports,
    reviews,
    shell,
    slack_install,
)

# Alembic compares the database with all of these.
metadata = [SQLModel.metadata, slack_install.metadata]
