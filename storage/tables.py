"""Imports every table module so `SQLModel.metadata` is complete (for Alembic and tests)."""

from sqlmodel import SQLModel

from storage import events, org, outbox, shell  # noqa: F401

metadata = SQLModel.metadata
