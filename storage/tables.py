"""Imports every table module so `SQLModel.metadata` is complete (for Alembic and tests)."""

from sqlmodel import SQLModel

from storage import cycles, events, goals, org, outbox  # noqa: F401

metadata = SQLModel.metadata
